package solver

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// EnvHiGHSLib names the environment variable that points at libhighs.so.
const EnvHiGHSLib = "GRIDFLIP_HIGHS_LIB"

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

// UserHiGHSDir is where `gridflip setup` installs HiGHS: gridflip/highs
// in the user's cache directory (os.UserCacheDir: $XDG_CACHE_HOME or
// ~/.cache on Linux, ~/Library/Caches on macOS). It is empty when the
// system has no cache directory.
func UserHiGHSDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "gridflip", "highs")
}

// UserHiGHSLib is the library `gridflip setup` links in UserHiGHSDir.
func UserHiGHSLib() string {
	dir := UserHiGHSDir()
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "lib", "libhighs.so")
}

// ErrHiGHSNotFound is wrapped by LoadHiGHS when no library could be loaded.
var ErrHiGHSNotFound = errors.New("HiGHS library not found")

// HiGHSCandidates lists where LoadHiGHS looks, in order: $GRIDFLIP_HIGHS_LIB
// (alone, when set), then .highs/lib/libhighs.so in the executable's
// directory, the working directory, or any of their parents, then
// `gridflip setup`'s UserHiGHSLib, then the system's library path.
func HiGHSCandidates() []string {
	if p := os.Getenv(EnvHiGHSLib); p != "" {
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
	if p := UserHiGHSLib(); p != "" {
		if _, err := os.Stat(p); err == nil {
			add(p)
		}
	}
	add("libhighs.so")
	add("libhighs.so.1")
	return out
}

// LoadHiGHSFrom loads the HiGHS shared library at path.
func LoadHiGHSFrom(path string) (*HiGHS, error) {
	h, err := openHiGHS(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrHiGHSNotFound, path, err)
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

// ProbeHiGHS tries the candidates of HiGHSCandidates in order, as
// LoadHiGHS does, up to the first that loads (for `gridflip doctor`).
// Later ones are not tried: once a library is loaded, dlopen of a bare
// name would find that one and say nothing of the system's.
func ProbeHiGHS() []Probe {
	var out []Probe
	for _, path := range HiGHSCandidates() {
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

// LoadHiGHS loads the HiGHS shared library from the first candidate of
// HiGHSCandidates that works. The error wraps ErrHiGHSNotFound and carries
// InstallHint.
func LoadHiGHS() (*HiGHS, error) {
	var tried []string
	for _, path := range HiGHSCandidates() {
		h, err := openHiGHS(path)
		if err == nil {
			return h, nil
		}
		tried = append(tried, fmt.Sprintf("  %s: %v", path, err))
	}
	return nil, fmt.Errorf("%w; tried:\n%s\n%s", ErrHiGHSNotFound, strings.Join(tried, "\n"), InstallHint)
}
