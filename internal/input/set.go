package input

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Caps on the files of a results set (plan --out). They are fixed, not
// flags: a set gridflip wrote is far below them (a 1,000-site year writes
// a summary.json of a few MB and an hourly.parquet of about 100 MB), while
// a file swapped for something else is refused before it is read.
const (
	// MaxManifestBytes caps manifest.json.
	MaxManifestBytes = 16 << 20 // 16 MiB
	// MaxSummaryBytes caps summary.json (and any other JSON of a set).
	MaxSummaryBytes = 256 << 20 // 256 MiB
	// MaxParquetBytes caps a Parquet file of a set; it is read in place
	// through File.ReadAt, row group by row group, never whole.
	MaxParquetBytes = 16 << 30 // 16 GiB
)

// maxSetName is the longest name accepted in a results set, in bytes.
const maxSetName = 255

// CheckSetName refuses a name that does not name a file directly inside a
// results set: empty, absolute, with a path separator (/ or \), "..", a
// leading dot, a colon (a Windows drive or stream), a control character,
// or over 255 bytes. The message quotes at most a short, escaped token.
func CheckSetName(name string) error {
	why := ""
	switch {
	case name == "":
		why = "is empty"
	case len(name) > maxSetName:
		why = fmt.Sprintf("is %d bytes long, over %d", len(name), maxSetName)
	case !utf8.ValidString(name):
		why = "is not UTF-8"
	case filepath.IsAbs(name) || filepath.VolumeName(name) != "":
		why = "is an absolute path"
	case strings.ContainsAny(name, `/\`):
		why = "has a path separator"
	case strings.Contains(name, ".."):
		why = `has ".."`
	case strings.HasPrefix(name, "."):
		why = "starts with a dot"
	case strings.Contains(name, ":"):
		why = "has a colon"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		why = "has a control character"
	default:
		return nil
	}
	return fmt.Errorf("file name %s %s: a results set's files are named directly inside it", Token(name), why)
}

// OpenInSet opens the file name directly inside the results set dir: the
// name must pass CheckSetName, the file must be regular and at most
// maxBytes long (MaxSummaryBytes, MaxManifestBytes, MaxParquetBytes: see
// their doc), and reads stop once ctx is cancelled. Lines are not limited.
func OpenInSet(ctx context.Context, dir, name string, maxBytes int64) (*File, error) {
	if err := CheckSetName(name); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if maxBytes <= 0 {
		return nil, fmt.Errorf("%s: no size cap given for %s", dir, name)
	}
	b := bounds{maxBytes: maxBytes, what: "a results set's " + name,
		advice: ": a results set holds only the regular files plan --out writes"}
	return openIn(ctx, diskFS{}, filepath.Join(dir, name), filepath.Join(dir, name), b, nil)
}

// ReadAllInSet reads all of the file name inside the results set dir, as
// OpenInSet opens it, at most maxBytes.
func ReadAllInSet(ctx context.Context, dir, name string, maxBytes int64) ([]byte, error) {
	f, err := OpenInSet(ctx, dir, name, maxBytes)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.readAll()
}

// OpenPath opens one file on disk that is not in a case or a results set
// (a benchmark baseline, say), as Opener.Open does: regular files within
// limits (zero fields: the defaults), reads stopping once ctx is cancelled.
func OpenPath(ctx context.Context, path string, limits Limits) (*File, error) {
	limits = limits.withDefaults()
	b := bounds{maxBytes: limits.MaxFileBytes, maxLine: limits.MaxLineBytes, what: "an input file", advice: ": name a file of data"}
	return openIn(ctx, diskFS{}, path, path, b, nil)
}

// readAll reads the rest of f.
func (f *File) readAll() ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, min(f.Size, 1<<26)+1))
	if _, err := io.Copy(buf, f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// readAtChunk is the most ReadAt reads between two checks of the context.
const readAtChunk = 4 << 20

// ReadAt reads len(p) bytes at off for readers that need an io.ReaderAt
// (Parquet): only within the size the file had when it was opened, in
// chunks, checking the context before each. Bytes read this way are not
// hashed nor recorded in the Log. Safe for concurrent use.
func (f *File) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("%s: read at negative offset %d", f.Name, off)
	}
	ra, ok := f.f.(io.ReaderAt)
	if !ok {
		return 0, fmt.Errorf("%s: cannot be read at an offset", f.Name)
	}
	if off >= f.Size {
		return 0, io.EOF
	}
	var eof error
	if rest := f.Size - off; int64(len(p)) > rest {
		p, eof = p[:rest], io.EOF
	}
	n := 0
	for n < len(p) {
		if err := f.ctx.Err(); err != nil {
			return n, err
		}
		k, err := ra.ReadAt(p[n:min(len(p), n+readAtChunk)], off+int64(n))
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, eof
}

// maxToken is the most characters Token quotes.
const maxToken = 40

// Token quotes s for a message: at most 40 characters, control
// characters and invalid UTF-8 escaped, "… (N characters)" after a cut.
// Quote only a short value already known to be a cell or a name, never
// the raw bytes of a file of the wrong kind.
func Token(s string) string {
	if utf8.RuneCountInString(s) <= maxToken {
		return strconv.Quote(s)
	}
	runes := []rune(s)
	return strconv.Quote(string(runes[:maxToken])) + fmt.Sprintf("… (%d characters)", len(runes))
}

// CheckDir refuses a path that cannot be a results set's directory: one
// that exists and is not a directory, or that cannot be looked up (a loop
// of symbolic links: "too many levels of symbolic links", a permission).
// A path that does not exist yet passes: it is created.
func CheckDir(path string) error {
	st, err := os.Stat(path)
	switch {
	case err == nil && !st.IsDir():
		return fmt.Errorf("%s: is %s, not a directory", path, ModeName(st.Mode()))
	case err == nil, errors.Is(err, fs.ErrNotExist):
		return nil
	}
	return describeOpenError(path, err)
}
