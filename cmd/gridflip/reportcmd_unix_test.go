//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestReportOnHostileSets: report on a set whose manifest is a link to
// /dev/zero, a FIFO, or lists a file outside the set answers at once with
// exit 1 and a message naming report's own argument, and changes nothing;
// on a read-only parent it names report, not a --out flag it lacks.
func TestReportOnHostileSets(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"manifest links to /dev/zero", func(t *testing.T, dir string) {
			require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "manifest.json")))
		}, "is a character device, not a regular file"},
		{"manifest is a FIFO", func(t *testing.T, dir string) {
			require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "manifest.json"), 0o644))
		}, "is a named pipe (FIFO), not a regular file"},
		{"manifest lists a file outside the set", func(t *testing.T, dir string) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "manifest.json"),
				[]byte(`{"outputs":[{"name":"../../etc/passwd","bytes":1,"sha256":"0000000000000000000000000000000000000000000000000000000000000000"}]}`), 0o644))
		}, "not the name of a file inside the set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "results")
			require.NoError(t, os.Mkdir(dir, 0o755))
			tc.setup(t, dir)
			began := time.Now()
			code, _, errOut := gridflip(t, "report", dir)
			require.Less(t, time.Since(began), 5*time.Second)
			require.Equal(t, exitBadInput, code, errOut)
			require.Contains(t, errOut, "gridflip: report "+dir)
			require.Contains(t, errOut, tc.want)
		})
	}
	if os.Getuid() != 0 {
		out := planSet(t)
		parent := filepath.Dir(out)
		require.NoError(t, os.Chmod(parent, 0o555))
		defer os.Chmod(parent, 0o755)
		code, _, errOut := gridflip(t, "report", out)
		require.Equal(t, exitBadInput, code)
		require.Contains(t, errOut, "report "+out)
		require.NotContains(t, errOut, "--out")
	}
}
