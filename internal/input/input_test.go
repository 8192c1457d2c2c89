package input_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/input"
)

func TestOpenReadsAndRecords(t *testing.T) {
	text := "timestamp,a\n2024-01-01T00:00:00Z,1\n"
	log := &input.Log{}
	o := &input.Opener{FS: fstest.MapFS{"c/p.csv": {Data: []byte(text)}}, Log: log,
		Resolve: func(name string) (string, string) { return "c/" + name, "case/" + name }}
	data, display, err := o.ReadAll("p.csv")
	require.NoError(t, err)
	require.Equal(t, text, string(data))
	require.Equal(t, "case/p.csv", display)
	sum := sha256.Sum256([]byte(text))
	require.Equal(t, []input.Record{{Name: "case/p.csv", Bytes: int64(len(text)), SHA256: hex.EncodeToString(sum[:])}}, log.Records())
	_, _, err = o.ReadAll("p.csv")
	require.NoError(t, err)
	require.Len(t, log.Records(), 1, "a file read twice is recorded once")
}

func TestOpenRefusals(t *testing.T) {
	fsys := fstest.MapFS{
		"big.csv":  {Data: []byte(strings.Repeat("1234567\n", 1000))},
		"long.csv": {Data: []byte("a\n" + strings.Repeat("x", 5000) + "\nb\n")},
		"dir/x":    {Data: []byte("x")},
	}
	for _, tc := range []struct {
		name   string
		limits input.Limits
		file   string
		want   string
		limit  bool
	}{
		{"size", input.Limits{MaxFileBytes: 1000}, "big.csv", "big.csv: is 0.0 MB, over the 0.0 MB limit on an input file", true},
		{"line", input.Limits{MaxLineBytes: 1024}, "long.csv", "long.csv:2: line longer than the 1 KB limit", true},
		{"directory", input.Limits{}, "dir", "dir: is a directory, not a regular file", false},
		{"missing", input.Limits{}, "nope.csv", "nope.csv: file does not exist", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := &input.Opener{FS: fsys, Limits: tc.limits}
			_, _, err := o.ReadAll(tc.file)
			require.ErrorContains(t, err, tc.want)
			require.Equal(t, tc.limit, errors.Is(err, input.ErrLimit))
		})
	}
	_, _, err := (&input.Opener{FS: fsys}).ReadAll("nope.csv")
	require.ErrorIs(t, err, fs.ErrNotExist)
}

func TestCancelStopsReading(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "p.csv"), []byte(strings.Repeat("a,b\n", 1<<16)), 0o644))
	ctx, cancel := context.WithCancel(context.Background())
	o := input.Dir(ctx, dir, input.Limits{}, nil)
	f, err := o.Open("p.csv")
	require.NoError(t, err)
	defer f.Close()
	buf := make([]byte, 1024)
	_, err = f.Read(buf)
	require.NoError(t, err)
	cancel()
	_, err = io.Copy(io.Discard, f)
	require.ErrorIs(t, err, context.Canceled)
	_, err = o.Open("p.csv")
	require.ErrorIs(t, err, context.Canceled, "nothing opens after a cancel")
}

func TestDiskPathsAcceptParentDirectories(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "case"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "common"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "common", "p.csv"), []byte("x\n"), 0o644))
	o := input.Dir(context.Background(), filepath.Join(root, "case"), input.Limits{}, nil)
	data, display, err := o.ReadAll("../common/p.csv")
	require.NoError(t, err)
	require.Equal(t, "x\n", string(data))
	require.Equal(t, filepath.Join(root, "common", "p.csv"), display)
	abs := filepath.Join(root, "common", "p.csv")
	_, display, err = o.ReadAll(abs)
	require.NoError(t, err)
	require.Equal(t, abs, display)
}
