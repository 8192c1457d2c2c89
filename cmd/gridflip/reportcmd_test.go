package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/solver/solvertest"
)

// planSet writes the small case's output set into a fresh directory.
func planSet(t *testing.T) string {
	t.Helper()
	solvertest.HiGHS(t)
	out := filepath.Join(t.TempDir(), "results")
	code, _, errOut := gridflip(t, "plan", "small", "--out", out, "--csv=false")
	require.Equal(t, exitOK, code, errOut)
	return out
}

// TestReportCommand: report rebuilds report.html of a results set, with
// another week, and updates only its manifest entry.
func TestReportCommand(t *testing.T) {
	out := planSet(t)
	before := must(os.ReadFile(filepath.Join(out, "report.html")))
	// The run starts 2024-07-01 00:00 UTC: 30 June on the site's Central
	// clock, where the week is counted.
	code, _, errOut := gridflip(t, "report", out, "--week", "2024-06-30")
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, errOut, "wrote "+out+"/report.html")
	after := must(os.ReadFile(filepath.Join(out, "report.html")))
	require.Contains(t, string(after), "dispatch and price, week of 30 Jun 2024")
	require.Equal(t, len(before) > 0, len(after) > 0)
	var m Manifest
	require.NoError(t, json.Unmarshal(must(os.ReadFile(filepath.Join(out, "manifest.json"))), &m))
	for _, f := range m.Outputs {
		got, err := os.Stat(filepath.Join(out, f.Name))
		require.NoError(t, err)
		require.Equal(t, f.Bytes, got.Size(), "%s: the manifest matches the file", f.Name)
	}
}

// TestReportRefusals: a directory whose files do not match the manifest,
// one that is not a results set, and a week the run does not hold are
// each a clear error; report.html is left as it was.
func TestReportRefusals(t *testing.T) {
	out := planSet(t)
	page := must(os.ReadFile(filepath.Join(out, "report.html")))

	code, _, errOut := gridflip(t, "report", out, "--week", "1999-01-01")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "--week 1999-01-01 is not in the run's hours")
	require.NotContains(t, errOut, "write ")

	code, _, errOut = gridflip(t, "report", out, "--week", "2024-07-05")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "before the week does")

	code, _, errOut = gridflip(t, "report", out, "--week", "July")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "want a date, YYYY-MM-DD")

	// A file changed after the run no longer matches the manifest.
	summary := filepath.Join(out, "summary.json")
	require.NoError(t, os.WriteFile(summary, append(must(os.ReadFile(summary)), ' '), 0o644))
	code, _, errOut = gridflip(t, "report", out)
	require.Equal(t, exitBadInput, code)
	require.Contains(t, errOut, "summary.json")
	require.Equal(t, page, must(os.ReadFile(filepath.Join(out, "report.html"))))

	// Not a results set at all.
	code, _, errOut = gridflip(t, "report", t.TempDir())
	require.Equal(t, exitBadInput, code)
	require.Contains(t, errOut, "manifest.json")

	code, _, _ = gridflip(t, "report")
	require.Equal(t, exitUsage, code)
}
