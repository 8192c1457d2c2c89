package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases"
)

// nyisoFromSmall rewrites the small case's prices in NYISO's published
// layout (one row per node and hour, Eastern prevailing time).
func nyisoFromSmall(t *testing.T) string {
	t.Helper()
	data, err := cases.BundledFile("small", "prices.csv")
	require.NoError(t, err)
	et, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	nodes := strings.Split(lines[0], ",")[1:]
	var b strings.Builder
	b.WriteString(`"Time Stamp","Name","PTID","LBMP ($/MWHr)","Marginal Cost Losses ($/MWHr)","Marginal Cost Congestion ($/MWHr)"` + "\n")
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		at, err := time.Parse(time.RFC3339, f[0])
		require.NoError(t, err)
		for i, n := range nodes {
			fmt.Fprintf(&b, "\"%s\",\"%s\",%d,%s,0.5,-1.25\n", at.In(et).Format("01/02/2006 15:04"), n, 61750+i, f[i+1])
		}
	}
	return b.String()
}

// TestPricesImportRoundTrip imports the small case's prices from NYISO's
// layout, gets the case's own file back byte for byte, and plans with it.
func TestPricesImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "damlbmp_zone.csv")
	require.NoError(t, os.WriteFile(in, []byte(nyisoFromSmall(t)), 0o644))
	casePath := writeCase(t, nil, nil)
	out := filepath.Join(filepath.Dir(casePath), "prices.csv")
	require.NoError(t, os.Remove(out))
	code, _, stderr := gridflip(t, "prices", "import", "--iso", "nyiso", "--out", out, in)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "2 nodes, 168 hours from 2024-07-01T00:00:00Z")
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	want, err := cases.BundledFile("small", "prices.csv")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
	code, _, stderr = gridflip(t, "plan", casePath, "--format", "json")
	require.Equal(t, 0, code, stderr)
}

func TestPricesImportErrors(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	body := nyisoFromSmall(t)
	bad := strings.Replace(body, ",24.56,", ",n/a,", 1)
	require.NotEqual(t, body, bad)
	require.NoError(t, os.WriteFile(in, []byte(bad), 0o644))
	out := filepath.Join(dir, "prices.csv")
	require.NoError(t, os.WriteFile(out, []byte("previous"), 0o644))
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad price", []string{"--iso", "nyiso", "--out", out, in}, exitBadInput, in + `:2: column "LBMP ($/MWHr)": node "HB_WEST": price "n/a" is not a finite number`},
		{"unknown iso", []string{"--iso", "caiso", "--out", out, in}, exitUsage, `--iso: unknown ISO "caiso"`},
		{"no files", []string{"--iso", "pjm", "--out", out}, exitUsage, "at least one price FILE"},
		{"no out", []string{"--iso", "pjm", in}, exitUsage, "needs --out"},
		{"missing file", []string{"--iso", "pjm", "--out", out, filepath.Join(dir, "nope.csv")}, exitBadInput, "nope.csv"},
		{"bad max", []string{"--iso", "pjm", "--out", out, "--max-prices", "0", in}, exitUsage, "--max-prices 0"},
		{"unknown node", []string{"--iso", "nyiso", "--nodes", "WEST", "--out", out, in}, exitBadInput, `node "WEST" is not in the files`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := gridflip(t, append([]string{"prices", "import"}, tc.args...)...)
			assert.Equal(t, tc.code, code, stderr)
			assert.Contains(t, stderr, tc.want)
			prev, err := os.ReadFile(out)
			require.NoError(t, err)
			assert.Equal(t, "previous", string(prev), "a failed import leaves the output alone")
		})
	}
}

// TestPricesImportFill imports an EIA-portal file with a gap: without
// --fill the error lists the span and nothing is written; with it the
// table is whole and the sidecar lists the span filled.
func TestPricesImportFill(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("NYISO Hourly Real-Time Locational Based Marginal Prices ($/megawatt) for Zones\nHourly real-time locational marginal prices for NYISO\nSource: EIA collected from NYISO\n")
	b.WriteString("UTC Timestamp (Interval Ending),Local Timestamp Eastern Time (Interval Beginning),Local Timestamp Eastern Time (Interval Ending),Local Date,Hour Number,A - West LMP,A - West (Congestion),A - West (Loss)\n")
	et, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	start := time.Date(2024, 7, 1, 4, 0, 0, 0, time.UTC)
	for k := range 48 {
		if k == 30 {
			continue
		}
		at := start.Add(time.Duration(k) * time.Hour)
		fmt.Fprintf(&b, "%s,%s,%s,%s,%d,%d,0,0\n", at.Add(time.Hour).Format("2006-01-02 15:04:05"), at.In(et).Format("2006-01-02 15:04:05"),
			at.Add(time.Hour).In(et).Format("2006-01-02 15:04:05"), at.In(et).Format("2006-01-02"), at.In(et).Hour()+1, 20+k)
	}
	in := filepath.Join(dir, "nyiso.csv")
	require.NoError(t, os.WriteFile(in, []byte(b.String()), 0o644))
	out := filepath.Join(dir, "prices.csv")
	code, _, stderr := gridflip(t, "prices", "import", "--iso", "eia", "--from", "2024-07-01", "--to", "2024-07-02", "--out", out, in)
	require.Equal(t, exitBadInput, code, stderr)
	assert.Contains(t, stderr, `every node: 2024-07-02 06:00 EDT (the hour starting 2024-07-02T10:00:00Z)`)
	assert.NoFileExists(t, out)
	code, _, stderr = gridflip(t, "prices", "import", "--iso", "eia", "--year", "2024", "--from", "2024-07-01", "--out", out, in)
	require.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "--year and --from/--to both name the days")
	code, _, stderr = gridflip(t, "prices", "import", "--iso", "eia", "--fill", "spline", "--out", out, in)
	require.Equal(t, exitUsage, code, stderr)
	code, _, stderr = gridflip(t, "prices", "import", "--iso", "eia", "--from", "2024-07-01", "--to", "2024-07-02", "--fill", "linear", "--out", out, in)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "filled 1 prices in 1 hours (1 spans) by linear")
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(got), "2024-07-02T10:00:00Z,50\n", "the hour between 49 and 51")
	side, err := os.ReadFile(filepath.Join(dir, "prices.filled.csv"))
	require.NoError(t, err)
	assert.Equal(t, "nodes,first_hour_utc,last_hour_utc,first_hour_local,last_hour_local,hours,method,source\n*,2024-07-02T10:00:00Z,2024-07-02T10:00:00Z,2024-07-02T06:00:00-04:00,2024-07-02T06:00:00-04:00,1,linear,"+in+"\n", string(side))
}
