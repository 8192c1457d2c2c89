// Package highs is the HiGHS backend of solver: the HiGHS C API loaded at run
// time with dlopen (so gridflip builds and vets without the library), where
// to find the library, and a solve that keeps why HiGHS stopped apart from
// whether it returned a point.
package highs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// EnvLib names the environment variable that points at libhighs.so.
const EnvLib = "GRIDFLIP_HIGHS_LIB"

// localHiGHSLib is where `make setup` puts (a link to) the library, relative
// to the repository root.
const localHiGHSLib = ".highs/lib/libhighs.so"

// InstallHint tells a user how to get HiGHS.
const InstallHint = `HiGHS is needed to solve. Install it with one of:
  gridflip setup                  (anywhere: pip-installs the highsbox wheel into the user's cache directory)
  make setup                      (from the gridflip checkout: gets the highsbox wheel from PyPI into .highs/)
  pip install highsbox            then set GRIDFLIP_HIGHS_LIB=<site-packages>/highsbox/highs_dist/lib/libhighs.so
  a system HiGHS build            so that libhighs.so is on the library path (or set GRIDFLIP_HIGHS_LIB)
'gridflip doctor' shows where gridflip looks.`

// UserDir is where `gridflip setup` installs HiGHS: gridflip/highs
// in the user's cache directory (os.UserCacheDir: $XDG_CACHE_HOME or
// ~/.cache on Linux, ~/Library/Caches on macOS). It is empty when the
// system has no cache directory.
func UserDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "gridflip", "highs")
}

// UserLib is the library `gridflip setup` links in UserDir.
func UserLib() string {
	dir := UserDir()
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "lib", "libhighs.so")
}

// ErrNotFound is wrapped by Load when no library could be loaded.
var ErrNotFound = errors.New("HiGHS library not found")

// Candidates lists where Load looks, in order: $GRIDFLIP_HIGHS_LIB
// (alone, when set), then .highs/lib/libhighs.so in the executable's
// directory, the working directory, or any of their parents, then
// `gridflip setup`'s UserHiGHSLib, then the system's library path.
func Candidates() []string {
	if p := os.Getenv(EnvLib); p != "" {
		return []string{p}
	}
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	var starts []string
	if exe, err := os.Executable(); err == nil {
		starts = append(starts, filepath.Dir(exe))
	}
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	for _, dir := range starts {
		for d := dir; ; d = filepath.Dir(d) {
			p := filepath.Join(d, localHiGHSLib)
			if _, err := os.Stat(p); err == nil {
				add(p)
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	if p := UserLib(); p != "" {
		if _, err := os.Stat(p); err == nil {
			add(p)
		}
	}
	add("libhighs.so")
	add("libhighs.so.1")
	return out
}

// LoadFrom loads the HiGHS shared library at path.
func LoadFrom(path string) (*Solver, error) {
	h, err := openHiGHS(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNotFound, path, err)
	}
	return h, nil
}

// Probe is what one candidate gave: the library's version, or why it did
// not load.
type Probe struct {
	Path    string
	Version string // empty when it did not load
	Err     error
}

// ProbeAll tries the candidates of Candidates in order, as
// Load does, up to the first that loads (for `gridflip doctor`).
// Later ones are not tried: once a library is loaded, dlopen of a bare
// name would find that one and say nothing of the system's.
func ProbeAll() []Probe {
	var out []Probe
	for _, path := range Candidates() {
		h, err := openHiGHS(path)
		p := Probe{Path: path, Err: err}
		out = append(out, p)
		if err == nil {
			out[len(out)-1].Version = h.Version()
			break
		}
	}
	return out
}

// Load loads the HiGHS shared library from the first candidate of
// Candidates that works. The error wraps ErrNotFound and carries
// InstallHint.
func Load() (*Solver, error) {
	var tried []string
	for _, path := range Candidates() {
		h, err := openHiGHS(path)
		if err == nil {
			return h, nil
		}
		tried = append(tried, fmt.Sprintf("  %s: %v", path, err))
	}
	return nil, fmt.Errorf("%w; tried:\n%s\n%s", ErrNotFound, strings.Join(tried, "\n"), InstallHint)
}
