//go:build unix

package htmlreport_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	htmlreport "github.com/gridflip/gridflip/report/html"
)

// copySet copies the files of a results set into a new directory.
func copySet(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	entries, err := os.ReadDir(from)
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(to, e.Name()), data, 0o644))
	}
	return to
}

// TestReportRefusesHostileFiles: a results set's file that is a named
// pipe, a device, a link loop, oversized or not of its kind is bad input
// with a clear message, never a hang, and its bytes are never quoted.
func TestReportRefusesHostileFiles(t *testing.T) {
	dir, _ := resultsDir(t, "small", nil)
	fifo := func(p string) { require.NoError(t, syscall.Mkfifo(p, 0o600)) }
	sparse := func(size int64) func(string) {
		return func(p string) {
			f, err := os.Create(p)
			require.NoError(t, err)
			require.NoError(t, f.Truncate(size))
			require.NoError(t, f.Close())
		}
	}
	content := func(s string) func(string) {
		return func(p string) { require.NoError(t, os.WriteFile(p, []byte(s), 0o644)) }
	}
	for _, tc := range []struct {
		name, file string
		make       func(path string)
		want       string
	}{
		{"summary FIFO", "summary.json", fifo, "summary.json: is a named pipe (FIFO), not a regular file"},
		{"hourly FIFO", "hourly.parquet", fifo, "hourly.parquet: is a named pipe (FIFO), not a regular file"},
		{"grid FIFO", "grid.parquet", fifo, "grid.parquet: is a named pipe (FIFO), not a regular file"},
		{"yearly FIFO", "yearly.parquet", fifo, "yearly.parquet: is a named pipe (FIFO), not a regular file"},
		{"hourly /dev/zero", "hourly.parquet", func(p string) { require.NoError(t, os.Symlink("/dev/zero", p)) },
			"hourly.parquet: is a character device, not a regular file"},
		{"grid link loop", "grid.parquet", func(p string) { require.NoError(t, os.Symlink("grid.parquet", p)) },
			"grid.parquet: too many levels of symbolic links"},
		{"summary oversized", "summary.json", sparse(300 << 20), "summary.json: is 300.0 MB, over the 256 MiB limit"},
		{"hourly oversized", "hourly.parquet", sparse(17 << 30), "hourly.parquet: is 17.0 GB, over the 16 GiB limit"},
		{"summary is a shadow file", "summary.json", content("root:$6$secret.salt$hash:19000:0:99999:7:::\n"),
			"summary.json: not valid JSON (at byte 1)"},
		{"hourly is an environment", "hourly.parquet", content("PATH=/usr/bin\nHOME=/root\n"),
			"hourly.parquet: is not a Parquet file (text)"},
		{"grid is binary", "grid.parquet", content("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00secret"),
			"grid.parquet: is not a Parquet file (binary data)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := copySet(t, dir)
			p := filepath.Join(set, tc.file)
			if err := os.Remove(p); !os.IsNotExist(err) {
				require.NoError(t, err)
			}
			tc.make(p)
			done := make(chan error, 1)
			go func() {
				var b bytes.Buffer
				done <- htmlreport.Write(context.Background(), &b, set, htmlreport.Options{})
			}()
			select {
			case err := <-done:
				require.ErrorContains(t, err, tc.want)
				require.NotContains(t, err.Error(), "secret")
				require.NotContains(t, err.Error(), "PATH=")
				require.NotContains(t, err.Error(), "ELF")
			case <-time.After(10 * time.Second):
				t.Fatal("hangs")
			}
		})
	}
}

// TestReportStopsOnCancel: a cancelled context stops the Parquet reads.
func TestReportStopsOnCancel(t *testing.T) {
	dir, _ := resultsDir(t, "small", nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var b bytes.Buffer
	require.ErrorIs(t, htmlreport.Write(ctx, &b, dir, htmlreport.Options{}), context.Canceled)
}
