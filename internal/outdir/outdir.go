// Package outdir publishes a run's output files into a directory as one
// set, atomically, and reads a published set back verified.
//
// A set is staged whole in a sibling directory of the results directory
// (".gridflip-stage-<name>-*" next to it, marked as gridflip's by a file
// inside), the previous set's directory is checked to be replaceable, the
// user's own files in it are carried over as hard links, and then, under
// an exclusive lock on the parent directory and after a last look at the
// context, the stage and the results directory are exchanged in one
// rename (renameat2 RENAME_EXCHANGE on Linux, renamex_np RENAME_SWAP on
// macOS; two renames elsewhere). Before that rename the previous set is
// untouched; after it the new set is complete. The previous set, now in
// the stage's place, is then removed; what cannot be removed is named in
// the result. The documented file names stay where users expect them:
// DIR/summary.json and so on.
//
// A results directory holds regular files and links only: a directory of
// the user's inside it cannot be carried over by a link and is refused
// before anything changes, as are a mount point and the working
// directory.
package outdir

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gridflip/gridflip/internal/input"
)

// ManifestName is the file written last, listing the set.
const ManifestName = "manifest.json"

// stagePrefix names staging directories (followed by the results
// directory's name and a random suffix).
const stagePrefix = ".gridflip-stage-"

// markerName is the file inside a staging directory that marks it as
// gridflip's: only a directory holding it is ever removed as stale.
const markerName = ".gridflip-stage"

// markerText is the marker's content.
const markerText = "gridflip staging directory: gridflip removes it when its run ends, or a day later if the run was killed\n"

// File is one output of a set.
type File struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Published says how a publish ended.
type Published struct {
	Dir string // the results directory
	// LeftBehind, when not empty, names what of the previous set could not
	// be removed after the switch (the new set is complete all the same).
	LeftBehind string
}

// Set is a set of files being staged for one directory.
type Set struct {
	dir   string // the results directory, absolute, links resolved
	stage string
	files []File
	ops   fileOps
}

// Stage creates a staging directory beside dir (and dir's missing
// parents) for a set to be published to dir.
func Stage(dir string) (*Set, error) {
	return stage(dir, osOps{})
}

func stage(dir string, ops fileOps) (*Set, error) {
	abs, err := resolve(dir)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(abs); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("%s: exists and is not a directory", dir)
	}
	parent := filepath.Dir(abs)
	if _, err := os.Stat(parent); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", dir, describe(err))
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, describe(err))
	}
	st, err := os.MkdirTemp(parent, stagePrefix+stageInfix(abs)+"-*")
	if err != nil {
		return nil, fmt.Errorf("%s: cannot write there (a set is staged beside it, in %s): %w", dir, parent, describe(err))
	}
	if err := os.WriteFile(filepath.Join(st, markerName), []byte(markerText), 0o644); err != nil {
		os.RemoveAll(st)
		return nil, fmt.Errorf("%s: cannot write there: %w", dir, describe(err))
	}
	return &Set{dir: abs, stage: st, ops: ops}, nil
}

// stageInfix is the part of a staging directory's name that says which
// results directory it is for (shortened so the name stays short).
func stageInfix(abs string) string {
	base := filepath.Base(abs)
	if len(base) > 64 {
		base = base[:64]
	}
	return base
}

// resolve makes dir absolute and follows a link to a directory, so the
// set replaces the directory the link names, not the link.
func resolve(dir string) (string, error) {
	if dir == "" {
		return "", errors.New("no directory given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("%s: %w", dir, err)
	}
	info, err := os.Lstat(abs)
	if err == nil && info.Mode()&fs.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return "", fmt.Errorf("%s: %w", dir, describe(err))
		}
		abs = real
	}
	if filepath.Dir(abs) == abs {
		return "", fmt.Errorf("%s: a results set cannot replace the root directory", dir)
	}
	return abs, nil
}

// Check reports, before any work is done, whether a set could be
// published to dir: it stages one and inspects dir as Publish would, then
// removes everything it created (missing parents included), so a run
// that fails later leaves no trace.
func Check(dir string) error {
	var created []string
	if abs, err := filepath.Abs(dir); err == nil {
		for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
			if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
				break
			}
			created = append(created, d)
		}
	}
	set, err := Stage(dir)
	if err == nil {
		_, err = inspect(set.dir)
		err = unchanged(err)
		set.Abort()
	}
	for _, d := range created { // deepest first
		os.Remove(d)
	}
	return err
}

// validName reports whether name may be the name of a file in a set: a
// plain name, not hidden, not the manifest's.
func validName(name string) bool {
	return name != "" && len(name) <= 255 && name != ManifestName &&
		!strings.ContainsAny(name, "/\\\x00") && !strings.HasPrefix(name, ".")
}

// Write stages one file, hashing it as it is written. fill gets a
// buffered writer; it should check its context itself.
func (s *Set) Write(name string, fill func(w io.Writer) error) error {
	if !validName(name) {
		return fmt.Errorf("outdir: %q is not a name an output may have", name)
	}
	f, err := os.OpenFile(filepath.Join(s.stage, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Join(s.dir, name), describe(err))
	}
	h := sha256.New()
	cw := &countingWriter{w: io.MultiWriter(f, h)}
	bw := bufio.NewWriterSize(cw, 1<<20)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Join(s.dir, name), err)
	}
	s.files = append(s.files, File{Name: name, Bytes: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))})
	return nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Files lists what was staged, sorted by name.
func (s *Set) Files() []File {
	out := append([]File(nil), s.files...)
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

// Abort removes the staged files; the directory keeps its previous set.
func (s *Set) Abort() { os.RemoveAll(s.stage) }

// Staged is the directory holding the files written so far, for a file
// built from the others (it is gone once the set is published).
func (s *Set) Staged() string { return s.stage }

// Dir is the results directory the set is for (absolute, links resolved).
func (s *Set) Dir() string { return s.dir }

// Publish writes the manifest that manifest returns for the set's files
// and switches the set in under the directory's lock. Nothing is
// published when ctx is done at the last moment before the switch; the
// previous set then stays exactly as it was, as it does after any error.
// The stage is gone when Publish returns.
func (s *Set) Publish(ctx context.Context, manifest func(files []File) any) (Published, error) {
	defer os.RemoveAll(s.stage)
	if err := s.writeManifest(manifest(s.Files())); err != nil {
		return Published{}, unchanged(err)
	}
	unlock, err := lock(ctx, filepath.Dir(s.dir))
	if err != nil {
		return Published{}, unchanged(fmt.Errorf("%s: lock: %w", s.dir, err))
	}
	defer unlock()
	return s.switchIn(ctx)
}

// leftAsItWas ends every message of a publish that changed nothing.
const leftAsItWas = "the previous set is left as it was"

// unchanged words an error that stopped a publish before its switch (an
// interrupt stays an interrupt).
func unchanged(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), leftAsItWas) {
		return err
	}
	return fmt.Errorf("%w; %s", err, leftAsItWas)
}

// writeManifest stages the manifest.
func (s *Set) writeManifest(m any) error {
	data, err := marshalManifest(m)
	if err != nil {
		return err
	}
	if err := s.ops.WriteFile(filepath.Join(s.stage, ManifestName), data); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Join(s.dir, ManifestName), describe(err))
	}
	return nil
}

// switchIn replaces the results directory by the stage; the caller holds
// the lock. Every step before the exchange leaves the previous set as it
// was; the exchange is the switch; what follows only cleans up.
func (s *Set) switchIn(ctx context.Context) (Published, error) {
	pub, err := s.doSwitch(ctx)
	return pub, unchanged(err)
}

// doSwitch is switchIn's steps.
func (s *Set) doSwitch(ctx context.Context) (Published, error) {
	prev, err := inspect(s.dir)
	if err != nil {
		return Published{}, err
	}
	for _, e := range prev.carry {
		if _, err := os.Lstat(filepath.Join(s.stage, e.name)); err == nil {
			continue // an output of the new set has the user's file's name
		}
		if err := e.copyInto(s.ops, s.dir, s.stage); err != nil {
			return Published{}, fmt.Errorf("%s: cannot carry %s (not gridflip's) over to the new set: %w", s.dir, e.name, describe(err))
		}
	}
	if err := s.ops.Chmod(s.stage, prev.mode); err != nil {
		return Published{}, fmt.Errorf("%s: %w", s.dir, describe(err))
	}
	if err := s.ops.Remove(filepath.Join(s.stage, markerName)); err != nil {
		return Published{}, fmt.Errorf("%s: %w", s.dir, describe(err))
	}
	if err := ctx.Err(); err != nil {
		return Published{}, err
	}
	if prev.exists {
		err = s.ops.Exchange(s.stage, s.dir)
	} else {
		err = s.ops.Rename(s.stage, s.dir)
	}
	if err != nil {
		return Published{}, fmt.Errorf("%s: cannot switch the new set in: %w", s.dir, describe(err))
	}
	// Published. The stage's path now holds the previous set (if any).
	s.ops.SyncDir(filepath.Dir(s.dir))
	out := Published{Dir: s.dir}
	if prev.exists {
		if err := s.ops.RemoveAll(s.stage); err != nil {
			out.LeftBehind = fmt.Sprintf("the previous set could not be removed from %s (%v): remove it by hand", s.stage, describe(err))
		}
	}
	removeStaleStages(filepath.Dir(s.dir), s.dir)
	return out, nil
}

// previous is what inspect learns of a results directory before a switch.
type previous struct {
	exists bool
	mode   fs.FileMode
	carry  []entry // the user's own entries, to be carried over
}

// entry is one of the user's own entries of a results directory.
type entry struct {
	name string
	link bool // a symbolic link, copied as a link; else a regular file, hard-linked
}

// copyInto carries the entry over from dir to stage.
func (e entry) copyInto(ops fileOps, dir, stage string) error {
	from, to := filepath.Join(dir, e.name), filepath.Join(stage, e.name)
	if !e.link {
		return ops.Link(from, to)
	}
	target, err := os.Readlink(from)
	if err != nil {
		return err
	}
	return ops.Symlink(target, to)
}

// inspect checks that dir can be replaced whole and lists the user's own
// entries to carry over. It changes nothing.
func inspect(dir string) (previous, error) {
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return previous{mode: 0o755}, nil
	}
	if err != nil {
		return previous{}, fmt.Errorf("%s: %w", dir, describe(err))
	}
	if !info.IsDir() {
		return previous{}, fmt.Errorf("%s: exists and is not a directory", dir)
	}
	if err := refuseSpecialDirectory(dir, info); err != nil {
		return previous{}, err
	}
	names, err := readDirNames(dir)
	if err != nil {
		return previous{}, fmt.Errorf("%s: %w", dir, describe(err))
	}
	outputs := previousOutputs(dir)
	prev := previous{exists: true, mode: info.Mode().Perm()}
	for _, name := range names {
		e, err := os.Lstat(filepath.Join(dir, name))
		if err != nil {
			return previous{}, fmt.Errorf("%s: %w", filepath.Join(dir, name), describe(err))
		}
		kind := e.Mode().Type()
		if kind != 0 && kind != fs.ModeSymlink {
			if outputs[name] || name == ManifestName {
				return previous{}, fmt.Errorf("write %s: is not a regular file (%s)", filepath.Join(dir, name), input.ModeName(e.Mode()))
			}
			return previous{}, fmt.Errorf("%s holds %s, %s that is not part of a results set: a set replaces its directory whole, so move it or choose another directory", dir, name, input.ModeName(e.Mode()))
		}
		if outputs[name] || name == ManifestName {
			continue
		}
		prev.carry = append(prev.carry, entry{name: name, link: kind == fs.ModeSymlink})
	}
	return prev, nil
}

// refuseSpecialDirectory refuses a results directory that cannot be
// swapped out: a mount point, or the working directory or one of its
// ancestors.
func refuseSpecialDirectory(dir string, info fs.FileInfo) error {
	if parent, err := os.Stat(filepath.Dir(dir)); err == nil && !sameDevice(info, parent) {
		return fmt.Errorf("%s: is a mount point: a results set replaces its directory whole, so give a directory inside it", dir)
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(dir, wd); err == nil && !strings.HasPrefix(rel, "..") {
			return fmt.Errorf("%s: is the working directory or holds it: a results set replaces its directory whole, so give a directory of its own", dir)
		}
	}
	return nil
}

// readDirNames lists a directory's entries, sorted.
func readDirNames(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names, nil
}

// previousOutputs lists the outputs of the directory's current manifest
// (none when it has no readable manifest: then every file is the user's
// and is carried over).
func previousOutputs(dir string) map[string]bool {
	out := map[string]bool{}
	m, err := readManifestFile(context.Background(), dir)
	if err != nil {
		return out
	}
	for _, f := range m.outputs {
		out[f.Name] = true
	}
	return out
}

// staleAge is how old a staging directory left by a killed run must be
// before a later publish removes it.
const staleAge = 24 * 60 * 60 // seconds
