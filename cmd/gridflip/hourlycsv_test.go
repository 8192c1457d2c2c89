package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/starter"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestHourlyCSVRule: hourly.csv is written by default below 1,000,000
// site-hours, always with --csv given.
func TestHourlyCSVRule(t *testing.T) {
	for _, tc := range []struct {
		given     bool
		siteHours int
		want      bool
	}{
		{false, 0, true},
		{false, 999_999, true},
		{false, 1_000_000, false},
		{false, 2_980_032, false},
		{true, 2_980_032, true},
		{true, 10, true},
	} {
		require.Equal(t, tc.want, hourlyCSV(tc.given, tc.siteHours), "%+v", tc)
	}
}

// TestHourlyCSVSkippedOnBigRuns: a run of 12 sites over ten years
// (1,051,776 site-hours) leaves hourly.csv out and says so on its text
// output (on stderr with --format json); --csv writes it; --csv=false
// writes no CSV file.
func TestHourlyCSVSkippedOnBigRuns(t *testing.T) {
	solvertest.HiGHS(t)
	base, err := starter.File("case.toml")
	require.NoError(t, err)
	prices, err := starter.File("prices.csv")
	require.NoError(t, err)
	head, site, ok := strings.Cut(string(base), "[[sites]]")
	require.True(t, ok)
	var b strings.Builder
	b.WriteString(head)
	for i := range 12 {
		b.WriteString("[[sites]]" + strings.Replace(site, `id = "my-site"`, fmt.Sprintf(`id = "site-%d"`, i), 1))
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "case.toml")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "prices.csv"), prices, 0o644))

	out := filepath.Join(dir, "out")
	code, stdout, errOut := gridflip(t, "plan", path, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, stdout, "hourly.csv skipped: 1051776 site-hours, over 1000000")
	require.NoFileExists(t, filepath.Join(out, "hourly.csv"))
	require.FileExists(t, filepath.Join(out, "hourly.parquet"))
	require.FileExists(t, filepath.Join(out, "sites.csv"), "the other CSV files are written")

	code, stdout, errOut = gridflip(t, "plan", path, "--out", out, "--format", "json")
	require.Equal(t, exitOK, code, errOut)
	require.NotContains(t, stdout, "skipped")
	require.Contains(t, errOut, "hourly.csv skipped")

	code, stdout, errOut = gridflip(t, "plan", path, "--out", out, "--csv")
	require.Equal(t, exitOK, code, errOut)
	require.NotContains(t, stdout, "skipped")
	require.FileExists(t, filepath.Join(out, "hourly.csv"))

	code, _, errOut = gridflip(t, "plan", path, "--out", out, "--csv=false")
	require.Equal(t, exitOK, code, errOut)
	csvs, err := filepath.Glob(filepath.Join(out, "*.csv"))
	require.NoError(t, err)
	require.Empty(t, csvs)
}
