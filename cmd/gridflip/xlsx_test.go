package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/gridflip/gridflip/proforma/workbook"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestPlanXLSX: --xlsx FILE writes the pro forma workbook, and --out
// holds it as proforma.xlsx (in the manifest); each lists every hall's
// lease in Assumptions and a sheet per hall with its NPV as a formula.
func TestPlanXLSX(t *testing.T) {
	solvertest.HiGHS(t)
	dir := t.TempDir()
	file, out := filepath.Join(dir, "pf.xlsx"), filepath.Join(dir, "out")
	code, _, errOut := gridflip(t, "plan", "small", "--xlsx", file, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	manifest, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	require.NoError(t, err)
	require.Contains(t, string(manifest), `"proforma.xlsx"`)
	for _, path := range []string{file, filepath.Join(out, "proforma.xlsx")} {
		f, err := excelize.OpenFile(path)
		require.NoError(t, err)
		index, err := f.GetRows(workbook.IndexSheet)
		require.NoError(t, err)
		require.Greater(t, len(index), 1, "the portfolio and at least a hall")
		require.Equal(t, []string{workbook.PortfolioSheet, workbook.PortfolioSheet}, index[0])
		keys := map[string]bool{}
		rows, err := f.GetRows(workbook.AssumptionsSheet)
		require.NoError(t, err)
		for _, r := range rows {
			keys[r[0]] = true
		}
		for _, r := range index[1:] {
			require.True(t, keys[r[1]+":lease_usd_per_kw_month"], "%s's lease in Assumptions", r[1])
			sheet, err := f.GetRows(r[0])
			require.NoError(t, err)
			var npv string
			for i, row := range sheet {
				if len(row) > 0 && row[0] == workbook.LabelNPV {
					npv, err = f.GetCellFormula(r[0], "B"+itoa(i+1))
					require.NoError(t, err)
				}
			}
			require.Contains(t, npv, "SUM(", "%s: the NPV is a formula", r[0])
		}
		require.NoError(t, f.Close())
	}
}

// TestPlanXLSXRefused: an --xlsx path that is a directory, a symbolic
// link, inside the --out set, or in a directory that cannot be written
// is refused before the solve, and nothing is written.
func TestPlanXLSXRefused(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	outside := filepath.Join(t.TempDir(), "elsewhere.xlsx")
	link := filepath.Join(dir, "link.xlsx")
	require.NoError(t, os.Symlink(outside, link))
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"a directory", []string{"--xlsx", dir}, "is a directory"},
		{"a symbolic link out of the directory", []string{"--xlsx", link}, "is a symbolic link"},
		{"inside the --out set", []string{"--out", filepath.Join(dir, "out"), "--xlsx", filepath.Join(dir, "out", "pf.xlsx")}, "inside the --out directory"},
		{"a directory that does not exist", []string{"--xlsx", filepath.Join(dir, "missing", "pf.xlsx")}, "cannot write to its directory"},
		{"under a file", []string{"--xlsx", filepath.Join(file, "pf.xlsx")}, "not a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := gridflip(t, append([]string{"plan", "small"}, tc.args...)...)
			require.Equal(t, exitBadInput, code, errOut)
			require.Contains(t, errOut, tc.want)
			require.Empty(t, out, "refused before the solve")
			require.NoFileExists(t, outside)
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			require.ElementsMatch(t, []string{"file", "link.xlsx"}, names, "nothing written")
		})
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(t.TempDir(), "ro")
		require.NoError(t, os.Mkdir(ro, 0o555))
		code, _, errOut := gridflip(t, "plan", "small", "--xlsx", filepath.Join(ro, "pf.xlsx"))
		require.Equal(t, exitBadInput, code, errOut)
		require.Contains(t, errOut, "cannot write to its directory")
	}
}
