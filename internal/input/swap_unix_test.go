//go:build unix

package input

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// swappedFS stats one path and opens another: a name swapped for a named
// pipe or a device between the stat and the open.
type swappedFS struct{ stat, open string }

func (s swappedFS) Open(string) (fs.File, error)          { return diskFS{}.Open(s.open) }
func (s swappedFS) Stat(string) (fs.FileInfo, error)      { return os.Stat(s.stat) }
func (s swappedFS) ReadFile(string) ([]byte, error)       { return nil, fs.ErrInvalid }
func (s swappedFS) Sub(string) (fs.FS, error)             { return nil, fs.ErrInvalid }
func (s swappedFS) Glob(string) ([]string, error)         { return nil, fs.ErrInvalid }
func (s swappedFS) ReadDir(string) ([]fs.DirEntry, error) { return nil, fs.ErrInvalid }

func TestSwappedBetweenStatAndOpen(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "p.csv")
	require.NoError(t, os.WriteFile(regular, []byte("timestamp,a\n"), 0o644))
	fifo := filepath.Join(dir, "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink(fifo, link))
	for _, tc := range []struct{ name, open, want string }{
		{"symlink to a FIFO", link, "p.csv: is a named pipe (FIFO), not a regular file"},
		{"FIFO", fifo, "p.csv: is a named pipe (FIFO), not a regular file"},
		{"/dev/zero", "/dev/zero", "p.csv: is a character device, not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := &Opener{FS: swappedFS{stat: regular, open: tc.open}, Resolve: func(string) (string, string) { return "p.csv", "p.csv" }}
			done := make(chan error, 1)
			go func() {
				_, _, err := o.ReadAll("p.csv")
				done <- err
			}()
			select {
			case err := <-done:
				require.ErrorContains(t, err, tc.want)
			case <-time.After(5 * time.Second):
				t.Fatal("opening a swapped name blocks")
			}
		})
	}
}

func TestOpenInSetRefusesFIFOWithoutBlocking(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "summary.json"), 0o600))
	done := make(chan error, 1)
	go func() {
		_, err := ReadAllInSet(context.Background(), dir, "summary.json", MaxSummaryBytes)
		done <- err
	}()
	select {
	case err := <-done:
		require.ErrorContains(t, err, "summary.json: is a named pipe (FIFO), not a regular file")
	case <-time.After(5 * time.Second):
		t.Fatal("blocks")
	}
}
