package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/grid"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "sub", "prices.csv")
	var stdout, stderr bytes.Buffer
	require.NoError(t, run([]string{"-hours", "48", "-nodes", "HB_WEST, HB_HOUSTON", "-start", "2024-06-01T00:00:00-05:00", "-out", out}, &stdout, &stderr))
	require.Contains(t, stdout.String(), "48 hours from 2024-06-01T05:00:00Z x 2 nodes (HB_WEST,HB_HOUSTON), SYNTHETIC")

	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	s, err := grid.ReadHourly(f, out)
	require.NoError(t, err)
	require.Equal(t, 48, s.Len())
	require.Equal(t, []string{"HB_WEST", "HB_HOUSTON"}, s.Columns)

	// Without -force an existing file is refused and left as it was.
	first, err := os.ReadFile(out)
	require.NoError(t, err)
	err = run([]string{"-hours", "24", "-nodes", "HB_WEST", "-out", out}, &stdout, &stderr)
	require.ErrorContains(t, err, "the file exists; pass -force to replace it")
	kept, err := os.ReadFile(out)
	require.NoError(t, err)
	require.Equal(t, first, kept)

	// Same flags with -force, same bytes; the file is replaced without leftovers.
	require.NoError(t, run([]string{"-hours", "48", "-nodes", "HB_WEST,HB_HOUSTON", "-start", "2024-06-01T05:00:00Z", "-out", out, "-force"}, &stdout, &stderr))
	second, err := os.ReadFile(out)
	require.NoError(t, err)
	require.Equal(t, first, second)
	entries, err := os.ReadDir(filepath.Dir(out))
	require.NoError(t, err)
	require.Len(t, entries, 1)
	info, err := os.Stat(out)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o644), info.Mode().Perm())
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "prices.csv")
	blocker := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(blocker, []byte("x"), 0o644))
	tests := []struct {
		name string
		args []string
		err  string
	}{
		{"bad start", []string{"-start", "2024-01-01", "-out", out}, `-start "2024-01-01": want an RFC 3339 time`},
		{"start off the hour", []string{"-start", "2024-01-01T00:30:00Z", "-out", out}, "not on the hour"},
		{"zero hours", []string{"-hours", "0", "-out", out}, "hours = 0"},
		{"unknown node", []string{"-nodes", "HB_WEST,LZ_WEST", "-out", out}, `-nodes: unknown ERCOT hub "LZ_WEST"`},
		{"no nodes", []string{"-nodes", " , ", "-out", out}, "no node names"},
		{"empty out", []string{"-out", ""}, "-out: empty path"},
		{"stray argument", []string{"-out", out, "extra"}, "unexpected arguments: extra"},
		{"unknown flag", []string{"-bogus"}, "flag provided but not defined"},
		{"directory is a file", []string{"-hours", "2", "-out", filepath.Join(blocker, "prices.csv")}, "create output directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(tc.args, &stdout, &stderr)
			require.ErrorContains(t, err, tc.err)
			require.Empty(t, stdout.String())
			_, statErr := os.Stat(out)
			require.True(t, os.IsNotExist(statErr), "no output on error")
		})
	}
}

func TestHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run([]string{"-h"}, &stdout, &stderr)
	require.ErrorIs(t, err, flag.ErrHelp)
	require.Contains(t, stderr.String(), "SYNTHETIC")
	require.True(t, strings.Contains(stderr.String(), "-nodes"))
}

// TestDefaultCaseFile checks the committed cases/default/prices.csv: it is
// what the documented command produces and stays under 600 KB.
func TestDefaultCaseFile(t *testing.T) {
	committed, err := os.ReadFile(filepath.Join("..", "default", "prices.csv"))
	require.NoError(t, err, "cases/default/prices.csv is committed; regenerate it with the command in its case.toml")
	require.Less(t, len(committed), 600*1024)
	out := filepath.Join(t.TempDir(), "prices.csv")
	var stdout, stderr bytes.Buffer
	require.NoError(t, run([]string{"-seed", "20240101", "-start", "2024-01-01T00:00:00Z", "-hours", "8760",
		"-nodes", "HB_WEST,HB_NORTH,HB_SOUTH", "-out", out}, &stdout, &stderr))
	regenerated, err := os.ReadFile(out)
	require.NoError(t, err)
	require.True(t, bytes.Equal(committed, regenerated), "cases/default/prices.csv is stale: rerun go run ./cases/gen with the documented flags")
}
