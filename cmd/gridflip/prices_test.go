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
