package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/highs"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// gridflip runs the command line in-process.
func gridflip(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// writeCase writes the bundled small case into a temporary directory after
// applying edits to its TOML and its prices, and returns the TOML path.
func writeCase(t *testing.T, editTOML func(string) string, editPrices func(string) string) string {
	t.Helper()
	toml, err := cases.BundledFile("small", "case.toml")
	require.NoError(t, err)
	prices, err := cases.BundledFile("small", "prices.csv")
	require.NoError(t, err)
	dir := t.TempDir()
	text, csvText := string(toml), string(prices)
	if editTOML != nil {
		text = editTOML(text)
	}
	if editPrices != nil {
		csvText = editPrices(csvText)
	}
	path := filepath.Join(dir, "case.toml")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "prices.csv"), []byte(csvText), 0o644))
	return path
}

func replace(old, new string) func(string) string {
	return func(s string) string {
		if !strings.Contains(s, old) {
			panic("test edit does not apply: " + old)
		}
		return strings.Replace(s, old, new, 1)
	}
}

// lineOf returns the 1-based line of the first occurrence of needle in the bundled small case.
func lineOf(t *testing.T, file, needle string) int {
	t.Helper()
	data, err := cases.BundledFile("small", file)
	require.NoError(t, err)
	i := strings.Index(string(data), needle)
	require.GreaterOrEqual(t, i, 0, needle)
	return strings.Count(string(data[:i]), "\n") + 1
}

func TestPlanSmallCase(t *testing.T) {
	solvertest.HiGHS(t)
	code, out, errOut := gridflip(t, "plan", "small")
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, "gridflip plan: Small two-site test case")
	require.Contains(t, out, "status optimal (MILP")
	require.Contains(t, out, "portfolio")
}

func TestPlanJSONAndOutputFiles(t *testing.T) {
	solvertest.HiGHS(t)
	dir := filepath.Join(t.TempDir(), "out")
	code, out, errOut := gridflip(t, "plan", "small", "--format", "json", "--out", dir, "--mip-gap", "1e-9")
	require.Equal(t, exitOK, code, errOut)
	var summary map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &summary))
	require.Equal(t, "optimal", summary["status"])
	require.EqualValues(t, 168, summary["hours"])

	onDisk, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	require.JSONEq(t, out, string(onDisk))

	f, err := os.Open(filepath.Join(dir, "hourly.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+2*168)
	require.Equal(t, "site,timestamp,price_usd_mwh,hashprice_usd_ph_day,mining_it_mw,available_mining_it_mw,ai_it_mw,meter_mw,load_mw,reserve_mw", strings.Join(rows[0], ","))

	sitesCSV, err := os.ReadFile(filepath.Join(dir, "sites.csv"))
	require.NoError(t, err)
	require.Equal(t, 3, strings.Count(string(sitesCSV), "\n"))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 21, "summary, sites, hourly, grid, contracts, yearly, cashflows, scenarios, deals, grid_headroom, their Parquet files but yearly's (no horizon), proforma.xlsx, report.html, manifest; no temporary files left")
	gridCSV, err := os.ReadFile(filepath.Join(dir, "grid.csv"))
	require.NoError(t, err)
	require.Equal(t, 1+2*168, strings.Count(string(gridCSV), "\n"), "ERCOT and portfolio, every hour")
	require.NotEmpty(t, summary["grid_impact"])
	require.Len(t, summary["gap"], 5)
}

// TestExportedMPSSolvesToTheSameObjective writes the model as MPS, lets
// HiGHS read and solve the file alone, and compares with gridflip's plan.
func TestExportedMPSSolvesToTheSameObjective(t *testing.T) {
	h := solvertest.HiGHS(t)
	mps := filepath.Join(t.TempDir(), "small.mps")
	code, _, errOut := gridflip(t, "export", "small", "--mps", mps)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, errOut, "wrote "+mps)
	alone, err := h.SolveFile(context.Background(), mps, solver.Options{MIPRelGap: 1e-9})
	require.NoError(t, err)
	require.Equal(t, solver.Optimal, alone.Outcome)

	code, out, errOut := gridflip(t, "plan", "small", "--format", "json", "--mip-gap", "1e-9")
	require.Equal(t, exitOK, code, errOut)
	var summary struct {
		ObjectiveUSD float64 `json:"objective_usd"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &summary))
	require.InEpsilon(t, alone.Objective, summary.ObjectiveUSD, 1e-7)
}

func TestGapCommand(t *testing.T) {
	solvertest.HiGHS(t)
	code, out, errOut := gridflip(t, "gap", "small")
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, "US data-center power gap")
	require.Contains(t, out, "morgan-stanley-65gw")
	require.Contains(t, out, "ERCOT")
}

func TestValidate(t *testing.T) {
	code, out, _ := gridflip(t, "validate", "small")
	require.Equal(t, exitOK, code)
	require.True(t, strings.HasPrefix(out, "ok: "), out)

	code, out, _ = gridflip(t, "validate")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "3 sites")
}

func TestUsageErrors(t *testing.T) {
	tests := [][]string{
		{"plan", "a.toml", "b.toml"},
		{"plan", "--format", "xml", "small"},
		{"plan", "--no-such-flag"},
		{"plan", "--mip-gap", "-1", "small"},
		{"frobnicate"},
		{"export", "small"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, _, errOut := gridflip(t, args...)
			require.Equal(t, exitUsage, code, errOut)
		})
	}
}

func TestInfeasibleIsExplained(t *testing.T) {
	path := writeCase(t, replace("committed_it_mw = 15", "committed_it_mw = 500"), nil)
	code, _, errOut := gridflip(t, "plan", path)
	require.Equal(t, exitInfeasible, code, errOut)
	require.Contains(t, errOut, `site "beta": commitment of 500 AI IT MW exceeds what it can host`)
	code, _, _ = gridflip(t, "validate", path)
	require.Equal(t, exitInfeasible, code)
}

func TestMissingHiGHSExplainsInstall(t *testing.T) {
	t.Setenv(highs.EnvLib, filepath.Join(t.TempDir(), "libhighs.so"))
	code, _, errOut := gridflip(t, "plan", "small")
	require.Equal(t, exitSolver, code)
	require.Contains(t, errOut, "HiGHS library not found")
	require.Contains(t, errOut, "make setup")
}

// TestBadInput covers every class of bad input: each exits 1, names the
// file and line (and the site, hall and field where there is one), and
// writes no output file.
func TestBadInput(t *testing.T) {
	priceLine := func(n int) string { return "prices.csv:" + itoa(n) }
	tests := []struct {
		name       string
		editTOML   func(string) string
		editPrices func(string) string
		deleteCSV  bool
		want       []string
	}{
		{
			name:     "unknown key",
			editTOML: replace("opex_usd_per_mwh = 3.0", "opex_usd_per_mwh = 3.0\n  colour = \"blue\""),
			want:     []string{"case.toml:" + itoa(lineOf(t, "case.toml", "opex_usd_per_mwh = 3.0")+1), `site "alpha"`, "unknown key"},
		},
		{
			name:     "misspelled key",
			editTOML: replace("efficiency_j_per_th = 18.0", "efficency_j_per_th = 18.0"),
			want:     []string{"case.toml:" + itoa(lineOf(t, "case.toml", "efficiency_j_per_th = 18.0")), "did you mean efficiency_j_per_th"},
		},
		{
			name:     "missing required field",
			editTOML: replace("interconnect_mw = 120\n", ""),
			want:     []string{"case.toml:", `site "alpha"`, "interconnect_mw"},
		},
		{
			name:     "negative capacity",
			editTOML: replace("capacity_it_mw = 110", "capacity_it_mw = -5"),
			want:     []string{"case.toml:" + itoa(lineOf(t, "case.toml", "capacity_it_mw = 110")), `site "alpha"`, "mining.capacity_it_mw"},
		},
		{
			name:     "zero interconnection",
			editTOML: replace("interconnect_mw = 60", "interconnect_mw = 0"),
			want:     []string{"case.toml:" + itoa(lineOf(t, "case.toml", "interconnect_mw = 60")), `site "beta"`, "interconnect_mw"},
		},
		{
			name:     "PUE below 1",
			editTOML: replace("pue = 1.15\n  capex_usd_per_mw = 10.0e6", "pue = 0.9\n  capex_usd_per_mw = 10.0e6"),
			want:     []string{"case.toml:" + itoa(lineOf(t, "case.toml", "pue = 1.15\n  capex_usd_per_mw = 10.0e6")), `hall "a1"`, "pue = 0.9", "between 1 and 3"},
		},
		{
			name:     "utilization above 1",
			editTOML: replace("utilization = 0.9", "utilization = 1.2"),
			want:     []string{"case.toml:" + itoa(lineOf(t, "case.toml", "utilization = 0.9")), `site "beta"`, "ai.utilization", "between 0 and 1"},
		},
		{
			name:     "unknown cooling",
			editTOML: replace(`cooling = "air"`, `cooling = "water"`),
			want:     []string{"case.toml:" + itoa(lineOf(t, "case.toml", `cooling = "air"`)), `hall "b1"`, `"air" or "liquid"`},
		},
		{
			name:     "air cooling above 40 kW per rack",
			editTOML: replace("rack_kw = 30", "rack_kw = 80"),
			want:     []string{"case.toml:" + itoa(lineOf(t, "case.toml", "rack_kw = 30")), `hall "b1"`, "40 kW"},
		},
		{
			name:     "duplicate site id",
			editTOML: replace(`id = "beta"`, `id = "alpha"`),
			want:     []string{"case.toml:" + itoa(lineOf(t, "case.toml", `id = "beta"`)), `duplicate site id "alpha"`},
		},
		{
			name:     "duplicate hall id",
			editTOML: replace(`id = "b2"`, `id = "b1"`),
			want:     []string{"case.toml:" + itoa(lineOf(t, "case.toml", `id = "b2"`)), `duplicate hall id "b1"`},
		},
		{
			name:     "node missing from the price file",
			editTOML: replace(`node = "HB_NORTH"`, `node = "HB_NOWHERE"`),
			want:     []string{"case.toml:" + itoa(lineOf(t, "case.toml", `node = "HB_NORTH"`)), `site "beta"`, `node "HB_NOWHERE" is not a column`},
		},
		{
			name:      "missing CSV",
			deleteCSV: true,
			want:      []string{"case.toml:" + itoa(lineOf(t, "case.toml", `prices = "prices.csv"`)), "prices.csv", "does not exist"},
		},
		{
			name:       "non-numeric price",
			editPrices: replace("2024-07-01T01:00:00Z,40.72", "2024-07-01T01:00:00Z,abc"),
			want:       []string{priceLine(3), `"HB_WEST"`, "abc"},
		},
		{
			name:       "NaN price",
			editPrices: replace("2024-07-01T01:00:00Z,40.72", "2024-07-01T01:00:00Z,NaN"),
			want:       []string{priceLine(3), `"HB_WEST"`, "NaN"},
		},
		{
			name:       "infinite price",
			editPrices: replace("2024-07-01T01:00:00Z,40.72", "2024-07-01T01:00:00Z,+Inf"),
			want:       []string{priceLine(3), `"HB_WEST"`},
		},
		{
			name: "gap in timestamps",
			editPrices: func(s string) string { // the 03:00 row removed
				at := strings.Index(s, "2024-07-01T03:00:00Z,")
				return s[:at] + s[at+strings.Index(s[at:], "\n")+1:]
			},
			want: []string{priceLine(5), "gap: expected 2024-07-01T03:00:00Z, got 2024-07-01T04:00:00Z (1 hour(s) missing)"},
		},
		{
			name:       "duplicate timestamp",
			editPrices: replace("2024-07-01T01:00:00Z,", "2024-07-01T00:00:00Z,"),
			want:       []string{priceLine(3), "duplicate"},
		},
		{
			name: "timestamps out of order",
			editPrices: func(s string) string {
				s = replace("2024-07-01T02:00:00Z,", "2024-07-01T0X:00:00Z,")(s)
				s = replace("2024-07-01T03:00:00Z,", "2024-07-01T02:00:00Z,")(s)
				return replace("2024-07-01T0X:00:00Z,", "2024-07-01T03:00:00Z,")(s)
			},
			want: []string{priceLine(5), "timestamps out of order: 2024-07-01T02:00:00Z is earlier than 2024-07-01T03:00:00Z on line 4"},
		},
		{
			name: "series of different lengths",
			editTOML: replace("btc_price_usd = 95000.0\nnetwork_hashrate_eh_s = 800.0\nfees_btc_per_block = 0.03",
				`hashprice = "hashprice.csv"`),
			want: []string{"hashprice.csv", "2024-07-03"},
		},
		{
			name:     "not TOML at all",
			editTOML: func(string) string { return "timestamp,HB_WEST\n2024-07-01T00:00:00Z,1\n" },
			want:     []string{"case.toml:1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeCase(t, tc.editTOML, tc.editPrices)
			dir := filepath.Dir(path)
			// Two days of daily hashprice: shorter than the week of prices.
			require.NoError(t, os.WriteFile(filepath.Join(dir, "hashprice.csv"),
				[]byte("date,hashprice_usd_per_ph_day\n2024-07-01,45\n2024-07-02,46\n"), 0o644))
			if tc.deleteCSV {
				require.NoError(t, os.Remove(filepath.Join(dir, "prices.csv")))
			}
			out := filepath.Join(dir, "out")
			for _, args := range [][]string{{"plan", path, "--out", out}, {"validate", path}} {
				code, stdout, errOut := gridflip(t, args...)
				require.Equal(t, exitBadInput, code, "%v: %s", args, errOut)
				require.Empty(t, stdout)
				for _, w := range tc.want {
					require.Contains(t, errOut, w, "%v", args)
				}
				require.NotContains(t, errOut, "panic")
			}
			_, err := os.Stat(out)
			require.True(t, os.IsNotExist(err), "no output written on bad input")
		})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestBenchRunOneCase(t *testing.T) {
	solvertest.HiGHS(t)
	code, out, errOut := gridflip(t, "bench", "run", "--case", `{"sites":2,"hours":168,"relax":false,"method":"decomposed"}`)
	require.Equal(t, exitOK, code, errOut)
	var r struct {
		Name   string  `json:"name"`
		Status string  `json:"status"`
		Obj    float64 `json:"objective_usd"`
		PeakMB float64 `json:"peak_rss_mb"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Equal(t, "s2-h168-milp-decomposed", r.Name)
	require.Equal(t, "optimal", r.Status)
	require.Positive(t, r.Obj)
	if runtime.GOOS != "windows" {
		require.Positive(t, r.PeakMB, "the child reports its own peak memory")
	}

	code, _, _ = gridflip(t, "bench", "run", "--case", `{not json`)
	require.Equal(t, exitUsage, code)
}

// TestSweepShardsMergeToTheSameResult runs a sweep whole and in three
// shards and requires identical merged results.
func TestSweepShardsMergeToTheSameResult(t *testing.T) {
	solvertest.HiGHS(t)
	scen := filepath.Join("testdata", "scenarios.toml")
	whole := filepath.Join(t.TempDir(), "whole")
	code, _, errOut := gridflip(t, "sweep", "small", "--scenarios", scen, "--out", whole)
	require.Equal(t, exitOK, code, errOut)
	sharded := filepath.Join(t.TempDir(), "sharded")
	for i := range 3 {
		code, out, errOut := gridflip(t, "sweep", "small", "--scenarios", scen, "--shard", fmt.Sprintf("%d/3", i), "--out", sharded, "--parallel", "2")
		require.Equal(t, exitOK, code, errOut)
		require.Contains(t, out, fmt.Sprintf("shard %d/3: 2 of 6 scenarios", i))
	}
	code, a, errOut := gridflip(t, "sweep", "merge", whole, "--scenarios", scen)
	require.Equal(t, exitOK, code, errOut)
	code, b, errOut := gridflip(t, "sweep", "merge", sharded, "--scenarios", scen)
	require.Equal(t, exitOK, code, errOut)
	require.JSONEq(t, a, b)
	var merged []struct {
		Scenario  struct{ ID string } `json:"scenario"`
		Objective float64             `json:"objective_usd"`
	}
	require.NoError(t, json.Unmarshal([]byte(a), &merged))
	require.Len(t, merged, 6)
	require.Equal(t, "base", merged[0].Scenario.ID)
	byID := map[string]float64{}
	for _, m := range merged {
		byID[m.Scenario.ID] = m.Objective
	}
	require.Greater(t, byID["hashprice-high"], byID["base"])
	require.Less(t, byID["hashprice-low"], byID["base"])

	// A missing shard is caught by merge.
	partial := filepath.Join(t.TempDir(), "partial")
	code, _, _ = gridflip(t, "sweep", "small", "--scenarios", scen, "--shard", "0/3", "--out", partial)
	require.Equal(t, exitOK, code)
	code, _, errOut = gridflip(t, "sweep", "merge", partial, "--scenarios", scen)
	require.Equal(t, exitBadInput, code)
	require.Contains(t, errOut, "no result for scenario(s)")
}
