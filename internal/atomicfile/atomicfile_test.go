package atomicfile_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/atomicfile"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))

	tests := []struct {
		name    string
		fill    func(w io.Writer) error
		want    string
		wantErr bool
	}{
		{"success replaces", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, "new", false},
		{"failure keeps the old file", func(w io.Writer) error {
			io.WriteString(w, "partial")
			return errors.New("boom")
		}, "new", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := atomicfile.Write(path, tc.fill)
			if tc.wantErr {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, tc.want, string(got))
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			require.Len(t, entries, 1, "no temporary file left behind")
		})
	}
	require.Error(t, atomicfile.Write(filepath.Join(dir, "missing", "x"), func(io.Writer) error { return nil }))
}

func TestWriteThroughLinksAndDevices(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.mps")
	require.NoError(t, os.WriteFile(real, []byte("old"), 0o600))
	link := filepath.Join(dir, "link.mps")
	require.NoError(t, os.Symlink("real.mps", link))
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}

	require.NoError(t, atomicfile.Write(link, write("new")))
	got, err := os.ReadFile(real)
	require.NoError(t, err)
	require.Equal(t, "new", string(got), "the link's target is replaced")
	info, err := os.Lstat(link)
	require.NoError(t, err)
	require.NotZero(t, info.Mode()&os.ModeSymlink, "the link stays a link")
	info, err = os.Stat(real)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the target keeps its mode")

	dangling := filepath.Join(dir, "dangling")
	require.NoError(t, os.Symlink("created.txt", dangling))
	require.NoError(t, atomicfile.Write(dangling, write("x")))
	got, err = os.ReadFile(filepath.Join(dir, "created.txt"))
	require.NoError(t, err)
	require.Equal(t, "x", string(got))

	require.ErrorContains(t, atomicfile.Write(dir, write("x")), "is a directory")

	if _, err := os.Stat("/dev/null"); err == nil {
		require.NoError(t, atomicfile.Write("/dev/null", write("streamed")), "a device is written to, not replaced")
		info, err := os.Lstat("/dev/null")
		require.NoError(t, err)
		require.NotZero(t, info.Mode()&os.ModeCharDevice, "/dev/null is still a device")
	}
	if _, err := os.Stat("/dev/full"); err == nil {
		err := atomicfile.Write("/dev/full", write("no space"))
		require.Error(t, err, "writing to /dev/full fails with no space left")
		info, serr := os.Lstat("/dev/full")
		require.NoError(t, serr)
		require.NotZero(t, info.Mode()&os.ModeCharDevice, "/dev/full is still a device")
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		require.NotContains(t, e.Name(), ".tmp-", "no temporary file left behind")
	}
}
