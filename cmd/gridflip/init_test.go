package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestInitThenPlan: init writes a case that validates and plans as it
// stands, the newcomer's first two commands.
func TestInitThenPlan(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mine")
	code, out, errOut := gridflip(t, "init", dir)
	require.Equal(t, exitOK, code, errOut)
	require.Empty(t, out)
	require.Contains(t, errOut, "gridflip plan "+dir)
	code, out, errOut = gridflip(t, "validate", dir)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, `ok: "My first conversion", 1 sites, 1 candidate halls, 87648 hours`)
	require.Empty(t, errOut, "the starter case draws no plausibility warning")

	solvertest.HiGHS(t)
	code, out, errOut = gridflip(t, "plan", dir)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, "status optimal")
	require.Contains(t, out, "my-site/hall-1")
}

// TestInitRefuses: a file, a non-empty directory or a missing argument
// is refused, and nothing is written.
func TestInitRefuses(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "case.toml")
	require.NoError(t, os.WriteFile(file, []byte("name = \"x\"\n"), 0o644))
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"a file", []string{"init", file}, exitBadInput, "is a file"},
		{"a non-empty directory", []string{"init", dir}, exitBadInput, "not empty"},
		{"no argument", []string{"init"}, exitUsage, "init needs one DIR argument"},
		{"two arguments", []string{"init", "a", "b"}, exitUsage, "init needs one DIR argument"},
		{"empty path", []string{"init", ""}, exitUsage, "want a path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := gridflip(t, tc.args...)
			require.Equal(t, tc.code, code, errOut)
			require.Empty(t, out)
			require.Contains(t, errOut, tc.want)
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			require.Len(t, entries, 1, "nothing written")
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			require.Equal(t, "name = \"x\"\n", string(data))
		})
	}
}
