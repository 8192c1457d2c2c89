package input_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/input"
)

func TestCheckSetName(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"summary.json", ""},
		{"hourly.parquet", ""},
		{"report.html", ""},
		{"", "is empty"},
		{"../summary.json", "has a path separator"},
		{"..", `has ".."`},
		{"a..b", `has ".."`},
		{"sub/summary.json", "has a path separator"},
		{`sub\summary.json`, "has a path separator"},
		{"/etc/passwd", "absolute path"},
		{".hidden", "starts with a dot"},
		{".", "starts with a dot"},
		{"C:summary.json", "colon"},
		{"a\x00b", "control character"},
		{"a\nb", "control character"},
		{"\xff.json", "not UTF-8"},
		{strings.Repeat("x", 256), "over 255"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := input.CheckSetName(tc.name)
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestOpenInSet(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "summary.json"), []byte(`{"a":1}`), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "big.json"), []byte(strings.Repeat("x", 3<<20)), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	ctx := context.Background()

	data, err := input.ReadAllInSet(ctx, dir, "summary.json", input.MaxSummaryBytes)
	require.NoError(t, err)
	require.Equal(t, `{"a":1}`, string(data))

	_, err = input.ReadAllInSet(ctx, dir, "big.json", 2<<20)
	require.ErrorContains(t, err, "big.json: is 3.0 MB, over the 2 MiB limit on a results set's big.json")
	require.ErrorIs(t, err, input.ErrLimit)

	_, err = input.ReadAllInSet(ctx, dir, "sub", input.MaxSummaryBytes)
	require.ErrorContains(t, err, "sub: is a directory, not a regular file")

	_, err = input.ReadAllInSet(ctx, dir, "../summary.json", input.MaxSummaryBytes)
	require.ErrorContains(t, err, `file name "../summary.json" has a path separator`)

	_, err = input.ReadAllInSet(ctx, dir, "none.json", input.MaxSummaryBytes)
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestSymlinkLoop(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	dir := t.TempDir()
	require.NoError(t, os.Symlink("loop.csv", filepath.Join(dir, "loop.csv")))
	_, _, err := input.Dir(context.Background(), dir, input.Limits{}, nil).ReadAll("loop.csv")
	require.ErrorContains(t, err, "loop.csv: too many levels of symbolic links")
	_, err = input.ReadAllInSet(context.Background(), dir, "loop.csv", input.MaxSummaryBytes)
	require.ErrorContains(t, err, "loop.csv: too many levels of symbolic links")
	_, err = input.OpenPath(context.Background(), filepath.Join(dir, "loop.csv"), input.Limits{})
	require.ErrorContains(t, err, "loop.csv: too many levels of symbolic links")
}

func TestOpenPathRefusesDevices(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero")
	}
	_, err := input.OpenPath(context.Background(), "/dev/zero", input.Limits{})
	require.ErrorContains(t, err, "/dev/zero: is a character device, not a regular file")
}

func TestReadAtStaysInsideAndStopsOnCancel(t *testing.T) {
	dir := t.TempDir()
	text := strings.Repeat("0123456789", 1<<20) // 10 MB: several ReadAt chunks
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hourly.parquet"), []byte(text), 0o644))
	ctx, cancel := context.WithCancel(context.Background())
	f, err := input.OpenInSet(ctx, dir, "hourly.parquet", input.MaxParquetBytes)
	require.NoError(t, err)
	defer f.Close()
	require.Equal(t, int64(len(text)), f.Size)

	var _ io.ReaderAt = f
	buf := make([]byte, 10)
	n, err := f.ReadAt(buf, 5)
	require.NoError(t, err)
	require.Equal(t, "5678901234", string(buf[:n]))
	n, err = f.ReadAt(buf, f.Size-4)
	require.ErrorIs(t, err, io.EOF)
	require.Equal(t, "6789", string(buf[:n]))
	_, err = f.ReadAt(buf, f.Size)
	require.ErrorIs(t, err, io.EOF)
	_, err = f.ReadAt(buf, -1)
	require.ErrorContains(t, err, "negative offset")

	// the file grows after it was opened: reads stop at the size it had
	g, err := os.OpenFile(filepath.Join(dir, "hourly.parquet"), os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = g.WriteString("more")
	require.NoError(t, err)
	require.NoError(t, g.Close())
	n, err = f.ReadAt(buf, f.Size-2)
	require.ErrorIs(t, err, io.EOF)
	require.Equal(t, 2, n)

	cancel()
	_, err = f.ReadAt(make([]byte, len(text)), 0)
	require.ErrorIs(t, err, context.Canceled)
	_, err = input.OpenInSet(ctx, dir, "hourly.parquet", input.MaxParquetBytes)
	require.True(t, errors.Is(err, context.Canceled))
}

func TestToken(t *testing.T) {
	require.Equal(t, `"abc"`, input.Token("abc"))
	require.Equal(t, `"a\x1b[31mb"`, input.Token("a\x1b[31mb"))
	long := input.Token(strings.Repeat("y", 100))
	require.Equal(t, `"`+strings.Repeat("y", 40)+`"… (100 characters)`, long)
}

// FuzzCheckSetName: an accepted name is one plain file name directly in
// the set, whatever the bytes.
func FuzzCheckSetName(f *testing.F) {
	for _, s := range []string{"summary.json", "../x", `a\b`, ".x", "/abs", "C:x", "a\x00", "x..y", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if input.CheckSetName(name) != nil {
			return
		}
		require.NotEmpty(t, name)
		require.Equal(t, name, filepath.Base(name))
		require.False(t, filepath.IsAbs(name))
		require.NotContains(t, name, "..")
		require.NotContains(t, name, "/")
		require.NotContains(t, name, `\`)
		require.False(t, strings.HasPrefix(name, "."))
		require.Equal(t, -1, strings.IndexFunc(name, unicode.IsControl))
		require.LessOrEqual(t, len(name), 255)
	})
}

func TestKind(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "no data"},
		{"\ufeff", "no data"},
		{"timestamp,a\r\n", "text"},
		{"PAR1", "text"},
		{"\x7fELF", "binary data"},
		{"a\x00b", "binary data"},
		{"\xff\xfe", "binary data"},
		{"caf\xc3", "text"}, // a UTF-8 sequence cut at the end
		{"\x1b[31m", "binary data"},
	} {
		require.Equal(t, tc.want, input.Kind([]byte(tc.in)), "%q", tc.in)
	}
}

func TestCheckDir(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, input.CheckDir(dir))
	require.NoError(t, input.CheckDir(filepath.Join(dir, "new", "deeper")))
	file := filepath.Join(dir, "f")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	require.ErrorContains(t, input.CheckDir(file), "f: is a regular file, not a directory")
	if runtime.GOOS == "windows" {
		return
	}
	loop := filepath.Join(dir, "loop")
	require.NoError(t, os.Symlink("loop", loop))
	require.ErrorContains(t, input.CheckDir(loop), "loop: too many levels of symbolic links")
	require.ErrorContains(t, input.CheckDir(filepath.Join(loop, "sub")), "too many levels of symbolic links")
}
