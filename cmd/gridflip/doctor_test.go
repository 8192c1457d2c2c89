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
