package outdir

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/gridflip/gridflip/internal/input"
)

// Limits on what is read of a results set.
const (
	// MaxManifestBytes bounds manifest.json (a set's manifest is a few KB).
	MaxManifestBytes = 16 << 20
	// MaxOutputBytes bounds one file a manifest lists (hashed as it is
	// read, never held in memory; a 10,000-site hourly.csv is about 6 GB).
	MaxOutputBytes = 64 << 30
)

// hashChunk is how much is hashed between looks at the context.
const hashChunk = 1 << 20

// manifestFile is a manifest as read: its fields, and its outputs.
type manifestFile struct {
	raw     []byte
	fields  map[string]json.RawMessage
	outputs []File
}

// readManifestFile reads dir's manifest through the bounded reader and
// checks that every output it lists is a plain name inside the set.
func readManifestFile(ctx context.Context, dir string) (*manifestFile, error) {
	path := filepath.Join(dir, ManifestName)
	raw, err := input.ReadAllInSet(ctx, dir, ManifestName, MaxManifestBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no %s: not a gridflip results directory", dir, ManifestName)
	}
	if err != nil {
		return nil, err
	}
	m := &manifestFile{raw: raw}
	if json.Unmarshal(raw, &m.fields) != nil {
		return nil, fmt.Errorf("%s: not a gridflip manifest (not a JSON object)", path)
	}
	if out, ok := m.fields["outputs"]; ok && json.Unmarshal(out, &m.outputs) != nil {
		return nil, fmt.Errorf("%s: not a gridflip manifest (its outputs are not a list of files)", path)
	}
	seen := map[string]bool{}
	for _, o := range m.outputs {
		if !validName(o.Name) {
			return nil, fmt.Errorf("%s: lists %s, which is not the name of a file inside the set", path, quoteShort(o.Name))
		}
		if seen[o.Name] {
			return nil, fmt.Errorf("%s: lists %s twice", path, o.Name)
		}
		seen[o.Name] = true
		if o.Bytes < 0 || o.Bytes > MaxOutputBytes || len(o.SHA256) != 64 {
			return nil, fmt.Errorf("%s: its entry for %s has no valid size and SHA-256", path, o.Name)
		}
	}
	return m, nil
}

// quoteShort quotes a name from a file for a message, at most 60
// characters, control characters escaped.
func quoteShort(s string) string {
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// verify checks that every output the manifest lists, except those in
// skip, is in dir with its size and hash.
func verify(ctx context.Context, dir string, m *manifestFile, skip []string) error {
	for _, o := range m.outputs {
		if slices.Contains(skip, o.Name) {
			// Not checked, as it is to be replaced: but it must be replaceable.
			path := filepath.Join(dir, o.Name)
			if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() && info.Mode()&fs.ModeSymlink == 0 {
				return fmt.Errorf("write %s: is not a regular file (%s); "+leftAsItWas, path, input.ModeName(info.Mode()))
			}
			continue
		}
		got, err := hashFile(ctx, dir, o.Name, o.Bytes)
		if errors.Is(err, errMismatch) {
			return fmt.Errorf("%s: %s does not match the manifest (changed since the run wrote it)", dir, o.Name)
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("%s is listed in the manifest: %w", o.Name, err)
		}
		if got != o.SHA256 {
			return fmt.Errorf("%s: %s does not match the manifest (changed since the run wrote it)", dir, o.Name)
		}
	}
	return nil
}

// errMismatch: a file's size is not the manifest's.
var errMismatch = errors.New("does not match the manifest")

// hashFile hashes a regular file of the set of the size the manifest
// gives, through the bounded reader (stopped by ctx).
func hashFile(ctx context.Context, dir, name string, size int64) (string, error) {
	f, err := input.OpenInSet(ctx, dir, name, MaxOutputBytes)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if f.Size != size {
		return "", errMismatch
	}
	h := sha256.New()
	if _, err := io.CopyBuffer(h, io.LimitReader(f, size), make([]byte, hashChunk)); err != nil {
		return "", describe(err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// describe strips the path an error repeats (messages name it already) and
// words a symbolic-link loop as such.
func describe(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	if errors.Is(err, syscall.ELOOP) || strings.Contains(err.Error(), "too many links") {
		return errors.New("too many levels of symbolic links")
	}
	return err
}

// marshalManifest renders a manifest.
func marshalManifest(m any) ([]byte, error) {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	return append(data, '\n'), nil
}

// Edit is a published set opened under its directory's lock and verified,
// for reading and for replacing one file. Close it.
type Edit struct {
	dir      string
	manifest *manifestFile
	unlock   func()
	ops      fileOps
}

// Open locks dir's set (waiting for a run publishing to it), checks that
// every output its manifest lists, except the names in skip, is there
// with its size and hash, and decodes the manifest into v. The set stays
// locked, so what is read of it is what was verified, until Close.
func Open(ctx context.Context, dir string, v any, skip ...string) (*Edit, error) {
	return open(ctx, dir, osOps{}, v, skip...)
}

func open(ctx context.Context, dir string, ops fileOps, v any, skip ...string) (*Edit, error) {
	abs, err := resolve(dir)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, describe(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s: is not a directory", dir)
	}
	unlock, err := lock(ctx, filepath.Dir(abs))
	if err != nil {
		return nil, fmt.Errorf("%s: lock: %w", dir, describe(err))
	}
	m, err := readManifestFile(ctx, abs)
	if err == nil {
		err = verify(ctx, abs, m, skip)
	}
	if err == nil && v != nil {
		err = json.Unmarshal(m.raw, v)
	}
	if err != nil {
		unlock()
		return nil, err
	}
	return &Edit{dir: abs, manifest: m, unlock: unlock, ops: ops}, nil
}

// Dir is the set's directory (absolute, links resolved).
func (e *Edit) Dir() string { return e.dir }

// Close releases the lock.
func (e *Edit) Close() {
	if e.unlock != nil {
		e.unlock()
		e.unlock = nil
	}
}

// Replace publishes the set with one file rewritten (or added) and its
// manifest entry changed, every other file and manifest field as it was:
// the new set is staged whole (the other files as hard links) and
// switched in like any set, so a failure or a cancellation leaves the set
// as it was.
func (e *Edit) Replace(ctx context.Context, name string, fill func(w io.Writer) error) (Published, error) {
	pub, err := e.replace(ctx, name, fill)
	return pub, unchanged(err)
}

// replace is Replace's steps.
func (e *Edit) replace(ctx context.Context, name string, fill func(w io.Writer) error) (Published, error) {
	set, err := stage(e.dir, e.ops)
	if err != nil {
		return Published{}, err
	}
	defer os.RemoveAll(set.stage)
	if err := set.Write(name, fill); err != nil {
		return Published{}, err
	}
	outputs := make([]File, 0, len(e.manifest.outputs)+1)
	found := false
	for _, o := range e.manifest.outputs {
		if o.Name == name {
			outputs, found = append(outputs, set.files[0]), true
			continue
		}
		if err := e.ops.Link(filepath.Join(e.dir, o.Name), filepath.Join(set.stage, o.Name)); err != nil {
			return Published{}, fmt.Errorf("%s: cannot carry %s over: %w", e.dir, o.Name, describe(err))
		}
		outputs = append(outputs, o)
	}
	if !found {
		outputs = append(outputs, set.files[0])
	}
	fields := make(map[string]json.RawMessage, len(e.manifest.fields))
	for k, v := range e.manifest.fields {
		fields[k] = v
	}
	if fields["outputs"], err = json.Marshal(outputs); err != nil {
		return Published{}, err
	}
	if err := set.writeManifest(fields); err != nil {
		return Published{}, err
	}
	return set.switchIn(ctx)
}

// ReadManifest verifies dir's set as Open does and decodes its manifest
// into v, releasing the lock before it returns.
func ReadManifest(ctx context.Context, dir string, v any, skip ...string) error {
	e, err := Open(ctx, dir, v, skip...)
	if err != nil {
		return err
	}
	e.Close()
	return nil
}
