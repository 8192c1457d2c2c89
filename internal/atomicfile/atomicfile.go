// Package atomicfile writes files so that readers see either the old file or
// the complete new one, never a partial write: the content goes to a
// temporary file in the same directory, which is synced and then renamed.
//
// A path that is a symbolic link is written through: its target is
// replaced, the link stays. A character device or a named pipe
// (/dev/stdout, a FIFO) cannot be replaced and is streamed to instead;
// anything else that is not a regular file (a directory, a socket) is
// refused.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// maxLinks bounds the symbolic links followed.
const maxLinks = 40

// Target resolves path through symbolic links (also dangling ones, whose
// target will be created) and reports what is there: nil info when
// nothing exists yet.
func Target(path string) (string, fs.FileInfo, error) {
	for range maxLinks {
		info, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return path, nil, nil
		}
		if err != nil {
			return path, nil, err
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			return path, info, nil
		}
		link, err := os.Readlink(path)
		if err != nil {
			return path, nil, err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		path = link
	}
	return path, nil, fmt.Errorf("%s: more than %d symbolic links", path, maxLinks)
}

// Write creates or replaces path with the content produced by fill. For a
// regular file (or a new one) the write is atomic: when fill or any step
// fails, the temporary file is removed and path is untouched. A device or
// named pipe is written to directly.
func Write(path string, fill func(w io.Writer) error) (err error) {
	target, info, err := Target(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	mode := fs.FileMode(0o644)
	if info != nil {
		switch m := info.Mode(); {
		case m.IsRegular():
			mode = m.Perm()
		case m&(fs.ModeCharDevice|fs.ModeNamedPipe) != 0:
			return stream(path, target, fill)
		case m.IsDir():
			return fmt.Errorf("write %s: is a directory, not a file", path)
		default:
			return fmt.Errorf("write %s: is not a regular file (%s); refusing to replace it", path, m)
		}
	}
	dir := filepath.Dir(target)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = fill(tmp); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Chmod(tmp.Name(), mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// stream writes to a device or named pipe in place.
func stream(path, target string, fill func(w io.Writer) error) error {
	f, err := openStream(target)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	err = fill(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
