package outdir

import (
	"errors"
	"os"
	"path/filepath"
)

// fileOps are the file-system steps of a publish, apart so that a test can
// make any one of them fail and check that the previous set survives.
type fileOps interface {
	Link(from, to string) error
	Symlink(target, link string) error
	Rename(from, to string) error
	// Exchange swaps two directories' names in one step (or as close to
	// one as the system allows: see exchange).
	Exchange(a, b string) error
	Remove(path string) error
	RemoveAll(path string) error
	WriteFile(path string, data []byte) error
	Chmod(path string, mode os.FileMode) error
	SyncDir(path string) error
}

// osOps are the real steps.
type osOps struct{}

func (osOps) Link(from, to string) error                { return os.Link(from, to) }
func (osOps) Symlink(target, link string) error         { return os.Symlink(target, link) }
func (osOps) Rename(from, to string) error              { return os.Rename(from, to) }
func (osOps) Exchange(a, b string) error                { return exchange(a, b) }
func (osOps) Remove(path string) error                  { return os.Remove(path) }
func (osOps) RemoveAll(path string) error               { return os.RemoveAll(path) }
func (osOps) Chmod(path string, mode os.FileMode) error { return os.Chmod(path, mode) }

// WriteFile writes a small file and syncs it.
func (osOps) WriteFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// SyncDir flushes a directory's entries (best effort: not every system
// can sync a directory).
func (osOps) SyncDir(path string) error {
	d, err := os.Open(filepath.Clean(path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// exchangeByRenames swaps two directories with two renames through a
// third name, for systems without an atomic exchange: between the renames
// b is missing for an instant (both sets are complete on disk throughout);
// a failure of the second rename puts b back.
func exchangeByRenames(a, b string) error {
	aside := a + ".previous"
	if err := os.Rename(b, aside); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		if back := os.Rename(aside, b); back != nil {
			return errors.Join(err, back)
		}
		return err
	}
	return os.Rename(aside, a)
}
