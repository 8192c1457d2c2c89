package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/solver/highs"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestDoctorFindsHiGHS: doctor names the library plan will use.
func TestDoctorFindsHiGHS(t *testing.T) {
	h := solvertest.HiGHS(t)
	code, out, errOut := gridflip(t, "doctor")
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, "used  "+h.LibraryPath()+": HiGHS "+h.Version())
	require.Contains(t, out, "ready: plan solves with HiGHS "+h.Version())
}

// TestDoctorWithoutHiGHS: with no library, doctor says how to get one and
// exits 4.
func TestDoctorWithoutHiGHS(t *testing.T) {
	t.Setenv(highs.EnvLib, filepath.Join(t.TempDir(), "libhighs.so"))
	code, out, errOut := gridflip(t, "doctor")
	require.Equal(t, exitSolver, code)
	require.Contains(t, out, "only it")
	require.Contains(t, out, "no    ")
	require.Contains(t, errOut, "gridflip setup")
	require.Contains(t, errOut, "HiGHS library not found")
}

// fakePython writes a python3 stand-in whose "pip install --target DIR"
// puts the library the tests load where the highsbox wheel has it, or
// fails when fail is set; the real pip is exercised by .ci/run.
func fakePython(t *testing.T, lib string, fail bool) string {
	t.Helper()
	script := `#!/bin/sh
set -e
target=""
while [ $# -gt 0 ]; do
  if [ "$1" = "--target" ]; then target="$2"; fi
  shift
done
`
	if fail {
		script += "echo 'ERROR: No matching distribution found for highsbox' >&2\nexit 1\n"
	} else {
		script += `mkdir -p "$target/highsbox/highs_dist/lib"
cp "` + lib + `" "$target/highsbox/highs_dist/lib/libhighs.so"
`
	}
	path := filepath.Join(t.TempDir(), "python3")
	require.NoError(t, os.WriteFile(path, []byte(script), 0o755))
	return path
}

// TestSetupInstallsIntoTheCache: setup installs the wheel into the user's
// cache directory, links the library, loads it, and a second run changes
// nothing. gridflip then looks there.
func TestSetupInstallsIntoTheCache(t *testing.T) {
	h := solvertest.HiGHS(t)
	real, err := filepath.EvalSymlinks(h.LibraryPath())
	require.NoError(t, err)
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv(envPython, fakePython(t, real, false))
	code, out, errOut := gridflip(t, "setup")
	require.Equal(t, exitOK, code, errOut)
	lib := filepath.Join(cache, "gridflip", "highs", "lib", "libhighs.so")
	require.Equal(t, lib, highs.UserLib())
	require.Contains(t, out, "HiGHS "+h.Version()+" installed at "+lib)
	target, err := os.Readlink(lib)
	require.NoError(t, err)
	require.Equal(t, filepath.Join("..", "pkg", "highsbox", "highs_dist", "lib", "libhighs.so"), target, "a relative link")
	require.Contains(t, highs.Candidates(), lib)

	code, out, errOut = gridflip(t, "setup")
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, "already installed")
}

// TestSetupFailureKeepsThePreviousInstall: pip failing is exit 4 with its
// message; no link and no staging directory are left behind.
func TestSetupFailureKeepsThePreviousInstall(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(envPython, fakePython(t, "", true))
	code, _, errOut := gridflip(t, "setup", "--dir", dir)
	require.Equal(t, exitSolver, code)
	require.Contains(t, errOut, "No matching distribution found for highsbox")
	require.Contains(t, errOut, "pip install highsbox==")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		require.NotContains(t, e.Name(), "staging")
	}
	require.NoFileExists(t, filepath.Join(dir, "lib", "libhighs.so"))
}

// TestDoctorListsEveryPlace: doctor shows the places it looked at beside
// the ones it tried: a .highs link in the working directory whose target
// is gone ("broken link to X"), and the cache setup installs into.
func TestDoctorListsEveryPlace(t *testing.T) {
	t.Setenv(highs.EnvLib, "")
	wd, cache := t.TempDir(), t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Chdir(wd)
	gone := filepath.Join(t.TempDir(), "removed", "libhighs.so")
	local := filepath.Join(wd, ".highs", "lib", "libhighs.so")
	require.NoError(t, os.MkdirAll(filepath.Dir(local), 0o755))
	require.NoError(t, os.Symlink(gone, local))
	cached := filepath.Join(cache, "gridflip", "highs", "lib", "libhighs.so")
	require.NoError(t, os.MkdirAll(filepath.Dir(cached), 0o755))
	require.NoError(t, os.Symlink("../pkg/libhighs.so", cached))

	code, out, errOut := gridflip(t, "doctor")
	require.Contains(t, []int{exitOK, exitSolver}, code, errOut)
	require.Contains(t, out, local+": broken link to "+gone)
	require.Contains(t, out, cached+": broken link to ../pkg/libhighs.so")
	require.Contains(t, out, ".highs/lib/libhighs.so in "+wd+" and its parents")
	require.Contains(t, out, "the cache gridflip setup installs into: "+filepath.Join(cache, "gridflip", "highs"))
}

// TestSetupUnwritableCacheExits1: a cache directory that cannot be
// created is bad input (exit 1), and the message names the variables it
// comes from; nothing is created.
func TestSetupUnwritableCacheExits1(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(file, "cache"))
	t.Setenv(envPython, fakePython(t, "", true))
	code, _, errOut := gridflip(t, "setup")
	require.Equal(t, exitBadInput, code, errOut)
	require.Contains(t, errOut, "cannot write the cache directory "+filepath.Join(file, "cache", "gridflip", "highs"))
	require.Contains(t, errOut, "XDG_CACHE_HOME=")
	require.Contains(t, errOut, "HOME=")

	code, _, errOut = gridflip(t, "setup", "--dir", filepath.Join(file, "highs"))
	require.Equal(t, exitBadInput, code, errOut)
	require.Contains(t, errOut, "--dir "+filepath.Join(file, "highs")+": cannot write there")
}

// TestSetupFailureLeavesNothingBehind: an install that fails (pip, or a
// library that does not load) leaves no directory it created, no
// half-installed library, and the previous install as it was.
func TestSetupFailureLeavesNothingBehind(t *testing.T) {
	solvertest.HiGHS(t)
	notALibrary := filepath.Join(t.TempDir(), "libhighs.so")
	require.NoError(t, os.WriteFile(notALibrary, []byte("not an ELF file"), 0o644))

	t.Run("into a new directory", func(t *testing.T) {
		for _, python := range []string{fakePython(t, "", true), fakePython(t, notALibrary, false)} {
			dir := filepath.Join(t.TempDir(), "new", "highs")
			t.Setenv(envPython, python)
			code, _, errOut := gridflip(t, "setup", "--dir", dir)
			require.Equal(t, exitSolver, code, errOut)
			require.NoDirExists(t, filepath.Dir(dir), "the directories setup created are removed")
		}
	})
	t.Run("over a previous install", func(t *testing.T) {
		// A previous install whose link points at a package file (not
		// loaded by this process, which would keep dlopen's handle).
		dir := t.TempDir()
		previous := filepath.Join(dir, "pkg", "highsbox", "highs_dist", "lib", "libhighs.so")
		require.NoError(t, os.MkdirAll(filepath.Dir(previous), 0o755))
		require.NoError(t, os.WriteFile(previous, []byte("the previous library"), 0o644))
		lib := filepath.Join(dir, "lib", "libhighs.so")
		require.NoError(t, os.MkdirAll(filepath.Dir(lib), 0o755))
		link := filepath.Join("..", "pkg", "highsbox", "highs_dist", "lib", "libhighs.so")
		require.NoError(t, os.Symlink(link, lib))

		t.Setenv(envPython, fakePython(t, notALibrary, false))
		code, _, errOut := gridflip(t, "setup", "--dir", dir)
		require.Equal(t, exitSolver, code, errOut)
		require.Contains(t, errOut, "does not load, so nothing was installed")
		target, err := os.Readlink(lib)
		require.NoError(t, err)
		require.Equal(t, link, target, "the previous link is kept")
		data, err := os.ReadFile(previous)
		require.NoError(t, err)
		require.Equal(t, "the previous library", string(data), "and the previous package")
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		for _, e := range entries {
			require.Contains(t, []string{"lib", "pkg"}, e.Name(), "no staging left")
		}
	})
}
