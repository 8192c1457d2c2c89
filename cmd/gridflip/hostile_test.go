package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/synth"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver/highs"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// These tests replay what a careless or malicious user tried (issue
// "Room to grow", "Hardened edges"): each gets a clear error and an exit
// code, never a hang, a crash or a silently wrong result.

// TestThreadsAreBounded: item 1.
func TestThreadsAreBounded(t *testing.T) {
	for _, v := range []string{"99999999999", "10000", "4294967297", "-1", "65"} {
		code, _, errOut := gridflip(t, "plan", "small", "--threads", v)
		require.Equal(t, exitUsage, code, "--threads %s: %s", v, errOut)
		require.Contains(t, errOut, "--threads", v)
	}
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

// TestInterruptedLoadingExits130: item 2 (Ctrl-C during loading).
func TestInterruptedLoadingExits130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut strings.Builder
	code := run(ctx, []string{"validate", "small"}, &out, &errOut)
	require.Equal(t, exitInterrupted, code, errOut.String())
	require.Equal(t, "gridflip: interrupted\n", errOut.String())
}

// TestExportToDevicesAndLinks: item 3.
func TestExportToDevicesAndLinks(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err == nil {
		code, _, errOut := gridflip(t, "export", "small", "--mps", "/dev/full")
		require.Equal(t, exitBadInput, code, errOut)
		require.Contains(t, errOut, "/dev/full")
		info, err := os.Lstat("/dev/full")
		require.NoError(t, err)
		require.NotZero(t, info.Mode()&os.ModeCharDevice, "/dev/full is still a device")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "model.mps")
	require.NoError(t, os.WriteFile(target, []byte("old"), 0o600))
	link := filepath.Join(dir, "link.mps")
	require.NoError(t, os.Symlink("model.mps", link))
	code, _, errOut := gridflip(t, "export", "small", "--mps", link)
	require.Equal(t, exitOK, code, errOut)
	data, err := os.ReadFile(target)
	require.NoError(t, err)
	require.Contains(t, string(data), "ROWS", "written through the link")
	info, err := os.Lstat(link)
	require.NoError(t, err)
	require.NotZero(t, info.Mode()&os.ModeSymlink, "the link stays a link")
	code, _, _ = gridflip(t, "export", "small", "--mps", dir)
	require.Equal(t, exitBadInput, code, "a directory is refused")
}

// TestOutputSetIsAllOrNothing: item 4 (a failed run leaves the previous
// set; the manifest names versions, command, inputs and outputs).
func TestOutputSetIsAllOrNothing(t *testing.T) {
	solvertest.HiGHS(t)
	out := filepath.Join(t.TempDir(), "out")
	require.NoError(t, os.MkdirAll(out, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(out, "my-notes.txt"), []byte("mine"), 0o644))
	code, _, errOut := gridflip(t, "plan", "small", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	var m Manifest
	data, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &m))
	require.NotEmpty(t, m.Gridflip)
	require.NotEmpty(t, m.HiGHS)
	require.Len(t, m.Inputs, 2, "case.toml and prices.csv")
	for _, in := range m.Inputs {
		require.Len(t, in.SHA256, 64)
	}
	var names []string
	for _, o := range m.Outputs {
		names = append(names, o.Name)
		require.Len(t, o.SHA256, 64)
	}
	require.Equal(t, []string{"cashflows.csv", "cashflows.parquet", "contracts.csv", "contracts.parquet", "deals.csv", "deals.parquet", "grid.csv", "grid.parquet", "grid_headroom.csv", "grid_headroom.parquet",
		"hourly.csv", "hourly.parquet", "proforma.xlsx", "report.html", "scenarios.csv", "scenarios.parquet", "sites.csv", "sites.parquet", "summary.json", "yearly.csv"}, names)
	summary, err := os.ReadFile(filepath.Join(out, "summary.json"))
	require.NoError(t, err)

	// A second run whose set cannot be published: the first set stays.
	require.NoError(t, os.Remove(filepath.Join(out, "grid.csv")))
	require.NoError(t, os.Mkdir(filepath.Join(out, "grid.csv"), 0o755))
	code, _, errOut = gridflip(t, "plan", "small", "--out", out, "--mip-gap", "0.5")
	require.Equal(t, exitBadInput, code, errOut)
	require.Contains(t, errOut, "the previous set is left as it was")
	again, err := os.ReadFile(filepath.Join(out, "summary.json"))
	require.NoError(t, err)
	require.Equal(t, string(summary), string(again))
	mine, err := os.ReadFile(filepath.Join(out, "my-notes.txt"))
	require.NoError(t, err)
	require.Equal(t, "mine", string(mine))
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	for _, e := range entries {
		require.False(t, strings.HasPrefix(e.Name(), ".gridflip-stage"), "no staging directory left")
	}
}

// TestInterruptStopsAMILPWithinASecond: item 5.
func TestInterruptStopsAMILPWithinASecond(t *testing.T) {
	solvertest.HiGHS(t)
	in, err := synth.Portfolio(synth.Spec{Sites: 10, Hours: 8760, HallsPerSite: 3, Seed: 1, CommitmentShare: 0.2, CapShare: 0.3})
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, synth.WriteCase(dir, in))
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr strings.Builder
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"plan", dir, "--method", "monolithic", "--mip-gap", "1e-9", "--out", out}, &stdout, &stderr)
	}()
	time.Sleep(2 * time.Second) // well inside the monolithic MILP (about 17 s)
	cancel()
	cancelled := time.Now()
	select {
	case code := <-done:
		require.Equal(t, exitInterrupted, code, stderr.String())
		require.Less(t, time.Since(cancelled), time.Second, "stopped within a second")
		require.Contains(t, stderr.String(), "interrupted")
	case <-time.After(10 * time.Second):
		t.Fatal("Ctrl-C did not stop the monolithic MILP")
	}
	_, err = os.Stat(out)
	require.True(t, os.IsNotExist(err), "nothing written")
}

// TestNaiveDatetimesAreRefused: item 6.
func TestNaiveDatetimesAreRefused(t *testing.T) {
	start := lineOf(t, "case.toml", "[grid]") + 2
	for _, tc := range []struct {
		name, edit, want string
	}{
		{"grid start", "start = 2024-07-01T05:00:00", "grid.start = 2024-07-01T05:00:00: has no time zone"},
		{"contract start", "", "start = 2024-07-01T00:00:00: has no time zone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeCase(t, replace(`prices = "prices.csv"`, `prices = "prices.csv"`+"\n"+tc.edit), nil)
			if tc.edit == "" {
				path = writeCase(t, replace("  [[sites.conversion]]\n  id = \"a1\"",
					"  [[sites.contract]]\n  id = \"k\"\n  mw = 5\n  price_usd_per_mwh = 30\n  start = 2024-07-01T00:00:00\n  end = 2024-07-02\n  [[sites.conversion]]\n  id = \"a1\""), nil)
			}
			code, _, errOut := gridflip(t, "validate", path)
			require.Equal(t, exitBadInput, code, errOut)
			require.Contains(t, errOut, tc.want)
			if tc.edit != "" {
				require.Contains(t, errOut, "case.toml:"+itoa(start)+":")
			}
		})
	}
	// A TOML local date is 00:00 UTC.
	path := writeCase(t, replace(`prices = "prices.csv"`, "prices = \"prices.csv\"\nstart = 2024-07-02"), nil)
	code, out, errOut := gridflip(t, "validate", path)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, "from 2024-07-02T00:00Z")
}

// TestSweepEdges: item 7.
func TestSweepEdges(t *testing.T) {
	solvertest.HiGHS(t)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	zero := write("zero.toml", "[[scenario]]\nid = \"no-new-ai\"\nai_demand_cap_it_mw = 0\n")
	out := filepath.Join(dir, "out")
	uncommitted := writeCase(t, replace("committed_it_mw = 15", "committed_it_mw = 0"), nil)
	code, _, errOut := gridflip(t, "sweep", uncommitted, "--scenarios", zero, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	data, err := os.ReadFile(filepath.Join(out, "scenario-no-new-ai.json"))
	require.NoError(t, err)
	var r struct {
		NewAIITMW float64 `json:"new_ai_it_mw"`
	}
	require.NoError(t, json.Unmarshal(data, &r))
	require.Zero(t, r.NewAIITMW, "a cap of 0 means no new AI, not 'unchanged'")

	for _, tc := range []struct{ text, want string }{
		{"[[scenario]]\nid = \"a\"\nhashprice_scale = nan\n", `bad.toml:3: scenario "a": hashprice_scale = nan: must be a finite number`},
		{"[[scenario]]\nid = \"a\"\nprice_scale = inf\n", `bad.toml:3: scenario "a": price_scale = inf`},
		{"[[scenario]]\nid = \"a\"\n[[scenario]]\nid = \"a\"\n", "bad.toml:4:"},
	} {
		code, _, errOut := gridflip(t, "sweep", "small", "--scenarios", write("bad.toml", tc.text), "--out", out)
		require.Equal(t, exitBadInput, code, errOut)
		require.Contains(t, errOut, tc.want)
	}
	infeasible := writeCase(t, replace("committed_it_mw = 15", "committed_it_mw = 40"), nil)
	capped := write("capped.toml", "[[scenario]]\nid = \"capped\"\nai_demand_cap_it_mw = 1\n")
	code, _, errOut = gridflip(t, "sweep", infeasible, "--scenarios", capped, "--out", out)
	require.Equal(t, exitInfeasible, code, errOut)
	require.Contains(t, errOut, `scenario "capped" (line 1)`)
}

// TestHotHourInfeasibilityIsExplained: item 8.
func TestHotHourInfeasibilityIsExplained(t *testing.T) {
	// Beta's commitment needs its only hall that fits; at 45 °C its PUE
	// rises so far that it no longer fits the interconnection.
	path := writeCase(t, func(s string) string {
		s = replace(`prices = "prices.csv"`, "prices = \"prices.csv\"\ntemperatures = \"temperatures.csv\"")(s)
		return replace("committed_it_mw = 15", "committed_it_mw = 20")(s)
	}, nil)
	dir := filepath.Dir(path)
	hourlySeries(t, dir, "temperatures.csv", "HB_WEST,HB_NORTH", func(i int) string {
		if i == 40 {
			return "45,45"
		}
		return "25,25"
	})
	text, err := os.ReadFile(path)
	require.NoError(t, err)
	hot := strings.Replace(string(text), "  id = \"b2\"", "  id = \"b2\"\n  pue_temp_slope_per_c = 0.2\n  pue_temp_reference_c = 30", 1)
	require.NoError(t, os.WriteFile(path, []byte(hot), 0o644))
	for _, cmd := range []string{"validate", "plan"} {
		code, _, errOut := gridflip(t, cmd, path)
		require.Equal(t, exitInfeasible, code, "%s: %s", cmd, errOut)
		require.Contains(t, errOut, `site "beta"`)
		require.Contains(t, errOut, "(45.0 °C) their PUE rises", cmd)
		require.Contains(t, errOut, "2024-07-02T16:00Z", cmd)
	}
}

// TestExtremeNumbersAreBounded: item 9.
func TestExtremeNumbersAreBounded(t *testing.T) {
	for _, tc := range []struct{ old, new, want string }{
		{"network_hashrate_eh_s = 800.0", "network_hashrate_eh_s = 1e-320", "network_hashrate_eh_s = 1e-320: must be between 1 and 1000000"},
		{"ai_lease_usd_per_kw_month = 150.0", "ai_lease_usd_per_kw_month = 1e300", "must be greater than 0 and at most 10000"},
		{"btc_price_usd = 95000.0", "btc_price_usd = 1e300", "btc_price_usd = 1e300"},
		{"[finance]", "[[gap]]\nid = \"tiny\"\nsource = \"x\"\ngap_gw = 1e-320\n[finance]", "gap_gw = 1e-320: must be between 0.001 and 10000"},
	} {
		code, _, errOut := gridflip(t, "validate", writeCase(t, replace(tc.old, tc.new), nil))
		require.Equal(t, exitBadInput, code, errOut)
		require.Contains(t, errOut, tc.want)
		require.Contains(t, errOut, "case.toml:")
	}
	path := writeCase(t, replace("btc_price_usd = 95000.0\nnetwork_hashrate_eh_s = 800.0\nfees_btc_per_block = 0.03", "hashprice_usd_per_ph_day = 1e300"), nil)
	code, _, errOut := gridflip(t, "validate", path)
	require.Equal(t, exitBadInput, code, errOut)
	require.Contains(t, errOut, "hashprice_usd_per_ph_day = 1e300: must be greater than 0 and at most 100000")
}

// TestNoInfOrNaNInOutputs: item 9 (every output figure is finite).
func TestNoInfOrNaNInOutputs(t *testing.T) {
	solvertest.HiGHS(t)
	for _, format := range []string{"text", "json"} {
		code, out, errOut := gridflip(t, "plan", "small", "--format", format)
		require.Equal(t, exitOK, code, errOut)
		for _, bad := range []string{"Inf", "NaN", "inf%", "nan%"} {
			require.NotContains(t, out, bad, format)
		}
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestOutputWriteErrors: item 10.
func TestOutputWriteErrors(t *testing.T) {
	solvertest.HiGHS(t)
	for _, args := range [][]string{{"plan", "small", "--format", "json"}, {"plan", "small"}, {"validate", "small"}} {
		var stderr strings.Builder
		code := run(context.Background(), args, failingWriter{}, &stderr)
		require.Equal(t, exitBadInput, code, "%v: %s", args, stderr.String())
		require.Contains(t, stderr.String(), "no space left on device")
		require.NotContains(t, stderr.String(), "--help", "not a usage error")
	}
	code, msg := classify(context.Background(), optimize.ErrUnsupported)
	require.Equal(t, exitUsage, code, "a method that cannot handle the case is a usage error")
	require.NotEmpty(t, msg)
}

// TestMessagesCarryALocation: item 11.
func TestMessagesCarryALocation(t *testing.T) {
	path := writeCase(t, replace(`prices = "prices.csv"`, "prices = \"prices.csv\"\nreserve_prices = \"reserves.csv\""), nil)
	hourlySeries(t, filepath.Dir(path), "reserves.csv", "ERCOT", func(i int) string {
		if i == 9 {
			return "-3"
		}
		return "5"
	})
	code, _, errOut := gridflip(t, "validate", path)
	require.Equal(t, exitBadInput, code, errOut)
	require.Contains(t, errOut, `reserves.csv:11: column "ERCOT": reserve price (USD per MW-h) -3 is outside`)

	path = writeCase(t, replace("btc_price_usd = 95000.0\nnetwork_hashrate_eh_s = 800.0\nfees_btc_per_block = 0.03", `hashprice = "hashprice.csv"`), nil)
	require.NoError(t, os.WriteFile(filepath.Join(filepath.Dir(path), "hashprice.csv"),
		[]byte("date,hashprice_usd_per_ph_day\n2024-06-30,45\n2024-07-01,-1\n2024-07-02,45\n"), 0o644))
	code, _, errOut = gridflip(t, "validate", path)
	require.Equal(t, exitBadInput, code, errOut)
	require.Contains(t, errOut, "hashprice.csv:3:")

	hoursLine := lineOf(t, "case.toml", `prices = "prices.csv"`) + 1
	path = writeCase(t, replace(`prices = "prices.csv"`, "prices = \"prices.csv\"\nhours = 9999"), nil)
	code, _, errOut = gridflip(t, "validate", path)
	require.Equal(t, exitBadInput, code, errOut)
	require.Contains(t, errOut, "case.toml:"+itoa(hoursLine)+": hours = 9999")
}

// TestCSVErrorsTruncateValues: item 12.
func TestCSVErrorsTruncateValues(t *testing.T) {
	huge := strings.Repeat("x", 50000)
	path := writeCase(t, nil, replace("2024-07-01T01:00:00Z,40.72", "2024-07-01T01:00:00Z,"+huge))
	code, _, errOut := gridflip(t, "validate", path, "--max-line-kb", "100")
	require.Equal(t, exitBadInput, code, errOut)
	require.Less(t, len(errOut), 500, "the message quotes a prefix of the value")
	require.Contains(t, errOut, "(50000 characters)")
}

// TestStepMessages: item 13.
func TestStepMessages(t *testing.T) {
	var b strings.Builder
	b.WriteString("timestamp,HB_WEST,HB_NORTH\n")
	start := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	for i := range 12 * 24 * 7 {
		if i == 20 || i == 21 {
			continue // a 15-minute hole in a 5-minute file
		}
		b.WriteString(start.Add(time.Duration(i)*5*time.Minute).Format(time.RFC3339) + ",30,31\n")
	}
	path := writeCase(t, nil, func(string) string { return b.String() })
	code, _, errOut := gridflip(t, "validate", path)
	require.Equal(t, exitBadInput, code, errOut)
	require.Contains(t, errOut, "(2 5m step(s) missing)")

	seven := "timestamp,HB_WEST,HB_NORTH\n2024-07-01T00:00:00Z,1,1\n2024-07-01T00:07:00Z,1,1\n"
	path = writeCase(t, nil, func(string) string { return seven })
	code, _, errOut = gridflip(t, "validate", path)
	require.Equal(t, exitBadInput, code, errOut)
	require.Contains(t, errOut, "is 7m; it must be 1h, or a whole number of minutes that divides an hour")
}

// TestBadFlagValues: items 14 and 15.
func TestBadFlagValues(t *testing.T) {
	for _, args := range [][]string{
		{"bench", "--kinds", "foo"},
		{"bench", "--sites", "0"},
		{"bench", "--hours", "-5"},
		{"bench", "--time-limit", "NaN"},
		{"plan", "small", "--mip-gap", "NaN"},
		{"plan", "small", "--mip-gap", "1"},
		{"plan", "small", "--time-limit", "NaN"},
		{"plan", "small", "--time-limit", "-1"},
		{"plan", "small", "--log-level", "bogus"},
		{"plan", "small", "--log-level", "debug+1"},
		{"gap", "small", "--time-limit", "-1"},
		{"sweep", "small", "--scenarios", "x.toml", "--parallel", "-1"},
		{"sweep", "small", "--scenarios", "x.toml", "--shard", "1/2x"},
	} {
		code, _, errOut := gridflip(t, args...)
		require.Equal(t, exitUsage, code, "%v: %s", args, errOut)
	}
}

// TestFreeTextAndNumbersInFiles: item 16.
func TestFreeTextAndNumbersInFiles(t *testing.T) {
	solvertest.HiGHS(t)
	path := writeCase(t, replace(`name = "Small two-site test case (synthetic prices)"`, `name = "evil\u001b[2J\tname\r"`), nil)
	code, out, errOut := gridflip(t, "plan", path)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, `evil\x1b[2J\x09name\x0d`)
	require.NotContains(t, out, "\u001b")

	for _, v := range []string{"0x1p4", "1_000"} {
		path := writeCase(t, nil, replace("2024-07-01T01:00:00Z,40.72", "2024-07-01T01:00:00Z,"+v))
		code, _, errOut := gridflip(t, "validate", path)
		require.Equal(t, exitBadInput, code, errOut)
		require.Contains(t, errOut, "not a plain decimal number", v)
	}
	path = writeCase(t, replace(`prices = "prices.csv"`, "prices = \"prices.csv\"\ntemperatures = \"t.csv\""), nil)
	hourlySeries(t, filepath.Dir(path), "t.csv", "HB_WEST,HB_NORTH", func(i int) string {
		if i == 5 {
			return "71,20"
		}
		return "25,20"
	})
	code, _, errOut = gridflip(t, "validate", path)
	require.Equal(t, exitBadInput, code, errOut)
	require.Contains(t, errOut, `t.csv:7: column "HB_WEST": temperature (°C) 71 is outside [-60, 70]`)
}

// hourlySeries writes dir/name with the hours of dir/prices.csv and the
// columns header, row i's values given by value(i).
func hourlySeries(t *testing.T, dir, name, header string, value func(i int) string) {
	t.Helper()
	prices, err := os.ReadFile(filepath.Join(dir, "prices.csv"))
	require.NoError(t, err)
	var b strings.Builder
	b.WriteString("timestamp," + header + "\n")
	for i, line := range strings.Split(strings.TrimSpace(string(prices)), "\n")[1:] {
		b.WriteString(strings.SplitN(line, ",", 2)[0] + "," + value(i) + "\n")
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644))
}

// TestUnwritableOutputDirectory: an output directory that cannot be
// written is bad input, found before loading HiGHS or solving (the
// library path below does not exist, and the exit is still 1); report
// refuses to replace a report.html that is not a file, leaving the set.
func TestUnwritableOutputDirectory(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	t.Run("under a file", func(t *testing.T) {
		t.Setenv(highs.EnvLib, filepath.Join(dir, "no-such-libhighs.so"))
		code, _, errOut := gridflip(t, "plan", "small", "--out", filepath.Join(file, "out"))
		require.Equal(t, exitBadInput, code)
		require.Contains(t, errOut, "--out "+filepath.Join(file, "out"))
		require.Contains(t, errOut, "not a directory")
		require.Equal(t, "x", string(must(os.ReadFile(file))))
	})
	t.Run("report.html is a directory", func(t *testing.T) {
		solvertest.HiGHS(t)
		out := filepath.Join(dir, "set")
		code, _, errOut := gridflip(t, "plan", "small", "--out", out, "--csv=false")
		require.Equal(t, exitOK, code, errOut)
		manifest := must(os.ReadFile(filepath.Join(out, "manifest.json")))
		require.NoError(t, os.Remove(filepath.Join(out, "report.html")))
		require.NoError(t, os.Mkdir(filepath.Join(out, "report.html"), 0o755))
		code, _, errOut = gridflip(t, "report", out)
		require.Equal(t, exitBadInput, code)
		require.Contains(t, errOut, "report.html: is not a regular file")
		require.Equal(t, manifest, must(os.ReadFile(filepath.Join(out, "manifest.json"))))
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
