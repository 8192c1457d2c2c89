package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEmptyAndDependentFlagsAreUsageErrors: a path flag given as "" and a
// flag that only matters with another one, given without it, exit 2 with
// the flag's name, before anything is read or written (nothing was
// silently ignored).
func TestEmptyAndDependentFlagsAreUsageErrors(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir) // a default --out (sweep-results) would land here
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "small", "--out", ""}, `--out "": want a path`},
		{[]string{"plan", "small", "--scenarios", ""}, `--scenarios "": want a path`},
		{[]string{"plan", "small", "--week", "2024-07-01"}, "--week only matters with --out"},
		{[]string{"plan", "small", "--csv=false"}, "--csv only matters with --out"},
		{[]string{"sweep", "small", "--scenarios", "s.toml", "--out", ""}, `--out "": want a path`},
		{[]string{"sweep", "merge", dir, "--out", ""}, `--out "": want a path`},
		{[]string{"sweep", "merge", dir, "--html", ""}, `--html "": want a path`},
		{[]string{"sweep", "merge", dir, "--scenarios", ""}, `--scenarios "": want a path`},
		{[]string{"bench", "--target", "10years"}, "--target only matters with --targets"},
		{[]string{"bench", "--cases-dir", dir}, "--cases-dir only matters with --targets"},
		{[]string{"bench", "--targets", "--out", ""}, `--out "": want a path`},
		{[]string{"setup", "--dir", ""}, `--dir "": want a path`},
	} {
		t.Run(filepath.Base(tc.args[0])+" "+tc.want, func(t *testing.T) {
			code, stdout, stderr := gridflip(t, tc.args...)
			require.Equal(t, exitUsage, code, stderr)
			require.Contains(t, stderr, tc.want)
			require.Empty(t, stdout)
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			require.Empty(t, entries, "nothing written")
		})
	}
}
