package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	htmlreport "github.com/gridflip/gridflip/report/html"
	"github.com/gridflip/gridflip/solver/solvertest"
	"github.com/gridflip/gridflip/sweep"
)

// sweepDir runs the test scenarios on the small case and returns the
// results directory and the merged results.
func sweepDir(t *testing.T) (string, []sweep.Result) {
	t.Helper()
	solvertest.HiGHS(t)
	scen := filepath.Join("testdata", "scenarios.toml")
	dir := filepath.Join(t.TempDir(), "sweep")
	code, _, errOut := gridflip(t, "sweep", "small", "--scenarios", scen, "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	code, merged, errOut := gridflip(t, "sweep", "merge", dir)
	require.Equal(t, exitOK, code, errOut)
	var results []sweep.Result
	require.NoError(t, json.Unmarshal([]byte(merged), &results))
	return dir, results
}

// TestSweepMergeHTML: --html writes the tornado beside the merged JSON;
// the tornado's rows are the results' objectives less the base's.
func TestSweepMergeHTML(t *testing.T) {
	dir, results := sweepDir(t)
	page := filepath.Join(t.TempDir(), "sweep.html")
	out := filepath.Join(t.TempDir(), "merged.json")
	code, _, errOut := gridflip(t, "sweep", "merge", dir, "--out", out, "--html", page)
	require.Equal(t, exitOK, code, errOut)
	require.FileExists(t, out)
	b, err := os.ReadFile(page)
	require.NoError(t, err)
	html := string(b)
	require.Contains(t, html, `id="chart-tornado"`)
	require.NotContains(t, html, "<script")
	var base sweep.Result
	for _, r := range results {
		if r.Scenario.ID == "base" {
			base = r
		}
	}
	rows := htmlreport.TornadoRows(sweepRows(results), sweepRows([]sweep.Result{base})[0])
	// testdata/scenarios.toml changes hashprice_scale twice (one row),
	// price_scale + price_adder, lease, and lease + capex_scale.
	require.Len(t, rows, 4)
	require.Equal(t, "hashprice_scale", rows[0].Keys, "hashprice swings the small case most")
	require.Equal(t, "hashprice-low", rows[0].LowID)
	require.Equal(t, "hashprice-high", rows[0].HighID)
	for _, r := range rows {
		require.Contains(t, html, r.Keys)
		require.GreaterOrEqual(t, r.HighUSD, r.LowUSD)
	}
}

// TestSweepMergeHTMLErrors: a missing base scenario is a clear error and
// leaves no file; --base without --html is a usage error.
func TestSweepMergeHTMLErrors(t *testing.T) {
	dir, _ := sweepDir(t)
	page := filepath.Join(t.TempDir(), "sweep.html")
	out := filepath.Join(t.TempDir(), "merged.json")
	code, _, errOut := gridflip(t, "sweep", "merge", dir, "--out", out, "--html", page, "--base", "nope")
	require.Equal(t, exitBadInput, code)
	require.Contains(t, errOut, `no scenario "nope" to measure the tornado from`)
	require.Contains(t, errOut, "hashprice-high")
	require.NoFileExists(t, page)
	require.NoFileExists(t, out)
	code, _, errOut = gridflip(t, "sweep", "merge", dir, "--base", "base")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "needs --html")
}

// TestSweepReportInChromium renders the sweep report in headless
// Chromium: the tornado laid out, its data table the results' objectives
// less the base's.
func TestSweepReportInChromium(t *testing.T) {
	chromiumPath(t)
	dir, results := sweepDir(t)
	page := filepath.Join(t.TempDir(), "sweep.html")
	code, _, errOut := gridflip(t, "sweep", "merge", dir, "--html", page)
	require.Equal(t, exitOK, code, errOut)
	r := renderInChromium(t, page, false)
	checkLayout(t, r, page, []string{"chart-tornado"})
	var base sweep.Result
	byID := map[string]float64{}
	for _, x := range results {
		byID[x.Scenario.ID] = x.ObjectiveUSD
		if x.Scenario.ID == "base" {
			base = x
		}
	}
	table := r.Tables["data-chart-tornado"]
	require.NotEmpty(t, table)
	for _, row := range table {
		require.InDelta(t, (byID[row[1]]-base.ObjectiveUSD)/1e6, cell(t, row[2]), 5e-4)
		require.InDelta(t, (byID[row[3]]-base.ObjectiveUSD)/1e6, cell(t, row[4]), 5e-4)
	}
}
