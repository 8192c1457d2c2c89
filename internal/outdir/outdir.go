// Package outdir publishes a run's output files into a directory as one
// set: every file is staged first (in a hidden directory inside the target
// directory, so a failure leaves the previous set as it was), then, under
// an exclusive lock on the directory (flock, so concurrent runs take
// turns), moved into place, the previous set's files that this one lacks
// removed, and manifest.json written last. Files of the user's own in the
// directory are never touched: only names listed in a manifest are.
package outdir

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

// ManifestName is the file written last, listing the set.
const ManifestName = "manifest.json"

// stagePrefix names staging directories.
const stagePrefix = ".gridflip-stage-"

// File is one output of a set.
type File struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Set is a set of files being staged for one directory.
type Set struct {
	dir   string
	stage string
	files []File
}

// Stage creates dir if needed and a staging directory inside it.
func Stage(dir string) (*Set, error) {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("--out %s: exists and is not a directory", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("--out %s: %w", dir, err)
	}
	stage, err := os.MkdirTemp(dir, stagePrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("--out %s: cannot write there: %w", dir, err)
	}
	return &Set{dir: dir, stage: stage}, nil
}

// Check reports, before any work is done, whether an output set could be
// staged in dir: it creates dir (and missing parents) and a staging
// directory in it, then removes everything it created, so a run that
// fails later leaves no trace.
func Check(dir string) error {
	var created []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		created = append(created, d)
	}
	set, err := Stage(dir)
	if err == nil {
		set.Abort()
	}
	for _, d := range created { // deepest first
		os.Remove(d)
	}
	return err
}

// checkDestinations refuses to replace anything but a regular file (or a
// link) by an output, before anything moves.
func checkDestinations(dir string, names []string) error {
	for _, name := range names {
		dst := filepath.Join(dir, name)
		if info, err := os.Lstat(dst); err == nil && !info.Mode().IsRegular() && info.Mode()&fs.ModeSymlink == 0 {
			return fmt.Errorf("write %s: is not a regular file (%s); the previous set is left as it was", dst, info.Mode().Type())
		}
	}
	return nil
}

// Write stages one file, hashing it as it is written.
func (s *Set) Write(name string, fill func(w io.Writer) error) error {
	if name == ManifestName || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return fmt.Errorf("outdir: %q is not a name an output may have", name)
	}
	f, err := os.OpenFile(filepath.Join(s.stage, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Join(s.dir, name), err)
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

// names lists the staged files' names.
func (s *Set) names() []string {
	out := make([]string, len(s.files))
	for i, f := range s.files {
		out[i] = f.Name
	}
	return out
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

// Publish moves the staged files into place under the directory's lock,
// removes the files of the previous manifest this set does not have, and
// writes the manifest that manifest returns for the set's files last.
func (s *Set) Publish(manifest func(files []File) any) (err error) {
	defer os.RemoveAll(s.stage)
	data, err := json.MarshalIndent(manifest(s.Files()), "", "  ")
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	data = append(data, '\n')
	if err := os.WriteFile(filepath.Join(s.stage, ManifestName), data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Join(s.dir, ManifestName), err)
	}
	unlock, err := lock(s.dir)
	if err != nil {
		return fmt.Errorf("--out %s: lock: %w", s.dir, err)
	}
	defer unlock()
	previous := previousFiles(s.dir)
	keep := map[string]bool{}
	// Check every destination before moving anything, so a set is
	// published whole or not at all.
	if err := checkDestinations(s.dir, append(s.names(), ManifestName)); err != nil {
		return err
	}
	for _, f := range s.files {
		keep[f.Name] = true
		dst := filepath.Join(s.dir, f.Name)
		if err := os.Rename(filepath.Join(s.stage, f.Name), dst); err != nil {
			return fmt.Errorf("write %s: %w", dst, err)
		}
	}
	for _, name := range previous {
		if keep[name] {
			continue
		}
		path := filepath.Join(s.dir, name)
		if info, err := os.Lstat(path); err == nil && info.Mode().IsRegular() {
			os.Remove(path)
		}
	}
	if err := os.Rename(filepath.Join(s.stage, ManifestName), filepath.Join(s.dir, ManifestName)); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Join(s.dir, ManifestName), err)
	}
	removeStaleStages(s.dir)
	return nil
}

// previousFiles lists the outputs of the directory's current manifest.
func previousFiles(dir string) []string {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil
	}
	var m struct {
		Outputs []File `json:"outputs"`
	}
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	var out []string
	for _, f := range m.Outputs {
		if f.Name != "" && !strings.ContainsAny(f.Name, `/\`) && !strings.HasPrefix(f.Name, ".") && f.Name != ManifestName {
			out = append(out, f.Name)
		}
	}
	return out
}

// staleAge is how old a staging directory left by a killed run must be
// before a later publish removes it.
const staleAge = 24 * time.Hour

// removeStaleStages removes staging directories of runs killed long ago.
func removeStaleStages(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), stagePrefix) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleAge {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// ReadManifest reads dir's manifest into v and checks that every output
// it lists, except the names in skip, is there with its size and hash.
func ReadManifest(dir string, v any, skip ...string) error {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no %s: not a gridflip results directory", dir, ManifestName)
	}
	if err != nil {
		return err
	}
	var m struct {
		Outputs []File `json:"outputs"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("%s: %v", filepath.Join(dir, ManifestName), err)
	}
	for _, f := range m.Outputs {
		if slices.Contains(skip, f.Name) {
			continue
		}
		got, err := hashFile(filepath.Join(dir, f.Name))
		if err != nil {
			return fmt.Errorf("%s: %s is listed in the manifest: %w", dir, f.Name, err)
		}
		if got.SHA256 != f.SHA256 || got.Bytes != f.Bytes {
			return fmt.Errorf("%s: %s does not match the manifest (changed since the run wrote it)", dir, f.Name)
		}
	}
	return json.Unmarshal(data, v)
}

// hashFile hashes a file.
func hashFile(path string) (File, error) {
	f, err := os.Open(path)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	var h hash.Hash = sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, err
	}
	return File{Name: filepath.Base(path), Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// Replace rewrites one file of a published set and its entry in the
// manifest, under the directory's lock; the other files and the
// manifest's other fields stay as they are. The file is staged first, so
// a failure leaves the set as it was.
func Replace(dir, name string, fill func(w io.Writer) error) error {
	set, err := Stage(dir)
	if err != nil {
		return err
	}
	defer os.RemoveAll(set.stage)
	if err := set.Write(name, fill); err != nil {
		return err
	}
	unlock, err := lock(dir)
	if err != nil {
		return fmt.Errorf("%s: lock: %w", dir, err)
	}
	defer unlock()
	if err := checkDestinations(dir, []string{name, ManifestName}); err != nil {
		return err
	}
	path := filepath.Join(dir, ManifestName)
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	var outputs []File
	if err := json.Unmarshal(raw["outputs"], &outputs); err != nil {
		return fmt.Errorf("%s: outputs: %v", path, err)
	}
	entry := set.files[0]
	found := false
	for i := range outputs {
		if outputs[i].Name == name {
			outputs[i], found = entry, true
		}
	}
	if !found {
		outputs = append(outputs, entry)
	}
	if raw["outputs"], err = json.Marshal(outputs); err != nil {
		return err
	}
	data, err = json.MarshalIndent(raw, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(set.stage, ManifestName), append(data, '\n'), 0o644); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(set.stage, name), filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Join(dir, name), err)
	}
	if err := os.Rename(filepath.Join(set.stage, ManifestName), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
