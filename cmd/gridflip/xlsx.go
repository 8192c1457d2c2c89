package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/internal/atomicfile"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/proforma/workbook"
)

// checkXLSX refuses, before the solve, an --xlsx path the workbook cannot
// be written to as a file of its own: a directory or anything but a
// regular file, a symbolic link (the workbook lands where it is named,
// never through a link out of where it is asked for), a path inside the
// --out directory (that set is staged and replaced whole, and holds its
// own proforma.xlsx), or a directory that does not exist or cannot be
// written. Nothing is written.
func checkXLSX(path, out string) error {
	bad := func(format string, args ...any) error {
		return withCode(exitBadInput, fmt.Errorf("--xlsx %s: "+format, append([]any{path}, args...)...))
	}
	info, err := os.Lstat(path)
	switch {
	case err == nil && info.Mode()&fs.ModeSymlink != 0:
		return bad("is a symbolic link; name the file itself")
	case err == nil && !info.Mode().IsRegular():
		return bad("is %s, not a file", input.ModeName(info.Mode()))
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return bad("%v", err)
	}
	if out != "" {
		if inside, err := within(path, out); err != nil {
			return bad("%v", err)
		} else if inside {
			return bad("is inside the --out directory %s, which is written as a whole (it holds proforma.xlsx)", out)
		}
	}
	dir := filepath.Dir(path)
	probe, err := os.CreateTemp(dir, "."+filepath.Base(path)+".probe-*")
	if err != nil {
		return bad("cannot write to its directory: %v", err)
	}
	name := probe.Name()
	probe.Close()
	if err := os.Remove(name); err != nil {
		return bad("%v", err)
	}
	return nil
}

// within reports whether path lies in directory dir (both resolved
// through links as far as they exist).
func within(path, dir string) (bool, error) {
	abs := func(p string) (string, error) {
		p, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return r, nil
		}
		// Not there yet: resolve the directory that holds it.
		if r, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
			return filepath.Join(r, filepath.Base(p)), nil
		}
		return p, nil
	}
	p, err := abs(path)
	if err != nil {
		return false, err
	}
	d, err := abs(dir)
	if err != nil {
		return false, err
	}
	rel, err := filepath.Rel(d, p)
	if err != nil {
		return false, nil
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)), nil
}

// writeXLSX writes the pro forma workbook to path atomically (a temporary
// file in its directory, renamed over it).
func writeXLSX(ctx context.Context, path string, an *analysis.Analysis) error {
	err := atomicfile.Write(path, func(w io.Writer) error { return workbook.Write(ctx, w, an.Case, an.Plan, an.Finance) })
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return withCode(exitBadInput, fmt.Errorf("--xlsx %w", err))
	}
	return nil
}
