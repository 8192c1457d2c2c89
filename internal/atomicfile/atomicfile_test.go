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
