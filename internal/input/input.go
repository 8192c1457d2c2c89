// Package input opens the files a case names, safely: only regular files
// (a FIFO would block forever, /dev/zero never end), at most
// Limits.MaxFileBytes bytes and Limits.MaxLineBytes per line, stopping as
// soon as the context is cancelled, and hashing what it reads so a run's
// manifest can name every input exactly.
package input

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
)

// Limits bound what is read from one input file.
type Limits struct {
	MaxFileBytes int64 // a larger file is refused before it is read
	MaxLineBytes int   // a longer line stops the read with an error
}

// Default limits: every legitimate input is far below them (a year of
// hourly prices for 10,000 nodes is about 0.7 GB with 70 KB lines; ten
// years for a few nodes a few MB), while /dev/zero-like input stops at once.
const (
	DefaultMaxFileBytes = 4 << 30 // 4 GiB
	DefaultMaxLineBytes = 4 << 20 // 4 MiB
)

// withDefaults fills zero limits with the defaults.
func (l Limits) withDefaults() Limits {
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = DefaultMaxFileBytes
	}
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = DefaultMaxLineBytes
	}
	return l
}

// ErrLimit is wrapped by errors about a file or line over its limit.
var ErrLimit = errors.New("input limit")

// Record is one input file that was read.
type Record struct {
	Name   string `json:"name"`   // as shown in messages
	Bytes  int64  `json:"bytes"`  // bytes read
	SHA256 string `json:"sha256"` // of the bytes read, hex
}

// Log collects the records of the files read; safe for concurrent use.
type Log struct {
	mu      sync.Mutex
	records []Record
}

// Records returns what was read, sorted by name.
func (l *Log) Records() []Record {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := append([]Record(nil), l.records...)
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

func (l *Log) add(r Record) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, have := range l.records {
		if have == r {
			return
		}
	}
	l.records = append(l.records, r)
}

// Opener opens the files of one case.
type Opener struct {
	FS     fs.FS
	Ctx    context.Context // nil: never cancelled
	Limits Limits
	Log    *Log // nil: not recorded
	// Resolve maps a name as the case gives it to its path in FS and the
	// name shown in messages.
	Resolve func(name string) (fsPath, display string)
}

// Dir returns an opener for files on disk, names relative to dir (the
// case file's directory) or absolute.
func Dir(ctx context.Context, dir string, limits Limits, log *Log) *Opener {
	return &Opener{FS: diskFS{}, Ctx: ctx, Limits: limits, Log: log, Resolve: func(name string) (string, string) {
		display := name
		if !filepath.IsAbs(name) {
			display = filepath.Join(dir, filepath.FromSlash(name))
		}
		return display, display
	}}
}

// Embedded returns an opener for files in fsys (an embedded file system),
// names relative to dir; messages show them as "(embedded) dir/name".
func Embedded(ctx context.Context, fsys fs.FS, dir string, limits Limits, log *Log) *Opener {
	return &Opener{FS: fsys, Ctx: ctx, Limits: limits, Log: log, Resolve: func(name string) (string, string) {
		p := path.Join(dir, name)
		return p, "(embedded) " + p
	}}
}

// diskFS opens OS paths as they are (relative to the working directory or
// absolute): unlike os.DirFS it accepts "..", as case files may.
type diskFS struct{}

func (diskFS) Open(name string) (fs.File, error) { return openFile(name) }
func (diskFS) Stat(name string) (fs.FileInfo, error) {
	return os.Stat(name)
}

// File is an open input file. Read it to the end, then Close it.
type File struct {
	Name string // as shown in messages
	Size int64  // from Stat

	f      fs.File
	ctx    context.Context
	limits Limits
	log    *Log
	hash   hash.Hash
	read   int64
	line   int // lines completed so far
	col    int // bytes on the current line
	done   bool
}

// Open stats name first and refuses anything but a regular file within
// the size limit, then opens it (without blocking, where the system
// allows) and checks the opened file again: a name swapped for a named
// pipe or a device between the two is refused too, never read.
func (o *Opener) Open(name string) (*File, error) {
	fsPath, display := name, name
	if o.Resolve != nil {
		fsPath, display = o.Resolve(name)
	}
	if o.FS == nil {
		return nil, fmt.Errorf("%s: no file system to read from", display)
	}
	ctx := o.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	limits := o.Limits.withDefaults()
	b := bounds{maxBytes: limits.MaxFileBytes, maxLine: limits.MaxLineBytes, what: "an input file",
		raise: " (raise it with --max-input-mb)", advice: ": name a file of data"}
	return openIn(ctx, o.FS, fsPath, display, b, o.Log)
}

// bounds say what openIn accepts and how its refusals read.
type bounds struct {
	maxBytes int64
	maxLine  int    // 0: lines are not counted
	what     string // the kind of file, "an input file"
	raise    string // how to raise maxBytes, appended to a refusal
	advice   string // appended to the refusal of a file that is not regular
}

// check refuses a file that is not regular or is over the size limit.
func (b bounds) check(display string, st fs.FileInfo) error {
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s: is %s, not a regular file%s", display, ModeName(st.Mode()), b.advice)
	}
	if st.Size() > b.maxBytes {
		return fmt.Errorf("%s: is %s, over the %s limit on %s%s: %w",
			display, sizeName(st.Size()), limitName(b.maxBytes), b.what, b.raise, ErrLimit)
	}
	return nil
}

// openIn stats fsPath, opens it and checks the opened file again.
func openIn(ctx context.Context, fsys fs.FS, fsPath, display string, b bounds, log *Log) (*File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	st, err := fs.Stat(fsys, fsPath)
	if err != nil {
		return nil, describeOpenError(display, err)
	}
	if err := b.check(display, st); err != nil {
		return nil, err
	}
	f, err := fsys.Open(fsPath)
	if err != nil {
		return nil, describeOpenError(display, err)
	}
	if st, err = f.Stat(); err != nil {
		err = describeOpenError(display, err)
	} else {
		err = b.check(display, st)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	limits := Limits{MaxFileBytes: b.maxBytes, MaxLineBytes: b.maxLine}
	return &File{Name: display, Size: st.Size(), f: f, ctx: ctx, limits: limits, log: log, hash: sha256.New()}, nil
}

// describeOpenError words a failure to open or stat a file.
func describeOpenError(display string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: %w", display, fs.ErrNotExist)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: %w", display, fs.ErrPermission)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", display, pe.Err)
	}
	return fmt.Errorf("%s: %v", display, err)
}

// ModeName describes a file's kind for a message: "a directory", "a named
// pipe (FIFO)", "a character device"...
func ModeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m.IsRegular():
		return "a regular file"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	default:
		return "not a regular file (" + m.String() + ")"
	}
}

// limitName renders a limit: in whole GiB or MiB when it is one, else as
// sizeName does.
func limitName(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return sizeName(n)
}

// sizeName renders a byte count in MB or GB.
func sizeName(n int64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// Read reads, checking the context, the size and the line limits.
func (f *File) Read(p []byte) (int, error) {
	if err := f.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := f.f.Read(p)
	if n > 0 {
		f.hash.Write(p[:n])
		f.read += int64(n)
		if f.read > f.limits.MaxFileBytes {
			return 0, fmt.Errorf("%s: grew past the %s limit while being read: %w", f.Name, limitName(f.limits.MaxFileBytes), ErrLimit)
		}
		if lerr := f.countLines(p[:n]); lerr != nil {
			return 0, lerr
		}
	}
	if errors.Is(err, io.EOF) && !f.done {
		f.done = true
		f.log.add(Record{Name: f.Name, Bytes: f.read, SHA256: hex.EncodeToString(f.hash.Sum(nil))})
	}
	return n, err
}

// countLines tracks the current line's length (not at all when the file
// has no line limit).
func (f *File) countLines(b []byte) error {
	if f.limits.MaxLineBytes <= 0 {
		return nil
	}
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			f.col += len(b)
			break
		}
		f.col += i
		if f.col > f.limits.MaxLineBytes {
			break
		}
		f.line++
		f.col = 0
		b = b[i+1:]
	}
	if f.col > f.limits.MaxLineBytes {
		return fmt.Errorf("%s:%d: line longer than the %s limit (raise it with --max-line-kb): %w",
			f.Name, f.line+1, lineSizeName(f.limits.MaxLineBytes), ErrLimit)
	}
	return nil
}

// lineSizeName renders a line limit in KB or MB.
func lineSizeName(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// Close closes the file.
func (f *File) Close() error { return f.f.Close() }

// ReadAll opens name and reads all of it (for the TOML case file).
func (o *Opener) ReadAll(name string) (data []byte, display string, err error) {
	f, err := o.Open(name)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	data, err = f.readAll()
	return data, f.Name, err
}
