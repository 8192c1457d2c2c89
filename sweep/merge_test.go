package sweep_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/sweep"
)

// goodResult is a result file as a sweep writes it.
func goodResult(t *testing.T, id string) string {
	t.Helper()
	p := 0.5
	r := sweep.Result{Scenario: sweep.Scenario{ID: id, Probability: &p}, Status: "optimal", Method: "decomposed",
		ObjectiveUSD: 1.5e9, HallsBuilt: 1, NewAIITMW: 100, NewAIMeterMW: 115, NewCapexUSD: 1e9, MiningMWh: 5e5,
		SiteHalls: map[string][]string{"alpha": {"a1"}}, ServiceYears: map[string]map[string]int{"alpha": {"a1": 2027}}}
	var b strings.Builder
	require.NoError(t, sweep.WriteResult(&b, r))
	return b.String()
}

// writeResults writes result files into a new directory.
func writeResults(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return dir
}

func TestMergeReadsValidResults(t *testing.T) {
	dir := writeResults(t, map[string]string{"scenario-b.json": goodResult(t, "b"), "scenario-a.json": goodResult(t, "a")})
	results, err := sweep.Merge(context.Background(), dir, []sweep.Scenario{{ID: "a"}, {ID: "b"}})
	require.NoError(t, err)
	require.Len(t, results, 2)
	require.Equal(t, "a", results[0].Scenario.ID)
	require.Equal(t, 100.0, results[0].NewAIITMW)
}

// TestMergeRefusesTamperedResults: every result file is checked as input
// (it may come from another machine): its id is its file name's, its
// figures are physical, and it holds no unknown key. The error names the
// file.
func TestMergeRefusesTamperedResults(t *testing.T) {
	good := goodResult(t, "x")
	edit := func(old, new string) string {
		require.Contains(t, good, old)
		return strings.Replace(good, old, new, 1)
	}
	for _, tc := range []struct{ name, text, want string }{
		{"another id", edit(`"id": "x"`, `"id": "y"`), `holds scenario "y", not "x" as its name says`},
		{"negative MW", edit(`"new_ai_it_mw": 100`, `"new_ai_it_mw": -5`), "new_ai_it_mw = -5: must be between 0 and"},
		{"absurd objective", edit(`"objective_usd": 1500000000`, `"objective_usd": 1.7e308`), "objective_usd = 1.7e+308: must be between -1e+15 and 1e+15"},
		{"negative capex", edit(`"new_capex_usd": 1000000000`, `"new_capex_usd": -1`), "new_capex_usd = -1: must be between 0 and"},
		{"a probability above 1", edit(`"probability": 0.5`, `"probability": 1.5`), "probability = 1.5: must be between 0 and 1"},
		{"negative halls", edit(`"halls_built": 1`, `"halls_built": -2`), "halls_built = -2: must be between 0 and"},
		{"a service year", edit(`"a1": 2027`, `"a1": 99999`), "service year 99999"},
		{"an unknown key", edit(`"status": "optimal",`, `"status": "optimal", "bonus_usd": 5,`), `unknown field "bonus_usd"`},
		{"no status", edit(`"status": "optimal",`, `"status": "",`), "no status"},
		{"trailing data", good + "{}", "data after the result"},
		{"not JSON", "hello", "invalid character"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeResults(t, map[string]string{"scenario-x.json": tc.text})
			_, err := sweep.Merge(context.Background(), dir, nil)
			require.ErrorContains(t, err, filepath.Join(dir, "scenario-x.json")+": ")
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// TestMergeRelativeDir: a relative directory is read as given.
func TestMergeRelativeDir(t *testing.T) {
	dir := writeResults(t, map[string]string{"scenario-a.json": goodResult(t, "a")})
	t.Chdir(filepath.Dir(dir))
	results, err := sweep.Merge(context.Background(), filepath.Base(dir), nil)
	require.NoError(t, err)
	require.Len(t, results, 1)
}
