//go:build unix

package sweep_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/sweep"
)

// TestMergeRefusesSpecialFiles: a named pipe or a link to /dev/zero named
// like a result is refused at once, naming it, instead of blocking or
// reading without end.
func TestMergeRefusesSpecialFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(path string) error
		want string
	}{
		{"a named pipe", func(p string) error { return syscall.Mkfifo(p, 0o644) }, "not a regular file"},
		{"a link to /dev/zero", func(p string) error { return os.Symlink("/dev/zero", p) }, "not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "scenario-x.json")
			require.NoError(t, tc.make(path))
			done := make(chan error, 1)
			go func() {
				_, err := sweep.Merge(context.Background(), dir, nil)
				done <- err
			}()
			select {
			case err := <-done:
				require.ErrorContains(t, err, path+": ")
				require.ErrorContains(t, err, tc.want)
			case <-time.After(5 * time.Second):
				t.Fatal("merge blocked on " + path)
			}
		})
	}
}
