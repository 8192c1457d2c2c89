// Package shareddata finds the project's real-data folder (public ISO
// prices, EIA-930 demand, bitcoin and temperature series that the
// repository does not ship) for the tests that replay it. Its path is the
// environment variable GRIDFLIP_SHARED_DATA; .ci/run sets it.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvDir names the real-data folder; EnvRequire, set to 1, makes its
// absence a failure instead of a skip (CI sets both).
const (
	EnvDir     = "GRIDFLIP_SHARED_DATA"
	EnvRequire = "GRIDFLIP_REQUIRE_SHARED_DATA"
)

// Dir returns the real-data folder. Without one, the test is skipped (the
// data is not part of the repository), or fails when EnvRequire is 1.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv(EnvDir)
	if dir == "" {
		missing(tb, EnvDir+" is not set: the real-data folder is not bundled")
		return ""
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		missing(tb, EnvDir+"="+dir+" is not a directory")
		return ""
	}
	return dir
}

// missing skips, or fails under EnvRequire.
func missing(tb testing.TB, why string) {
	tb.Helper()
	if os.Getenv(EnvRequire) == "1" {
		tb.Fatalf("%s (and %s=1)", why, EnvRequire)
	}
	tb.Skip(why)
}

// File returns the path of rel inside the real-data folder. A missing file
// is skipped like a missing folder, or fails under EnvRequire (CI sets the
// folder, and there it must hold every file the tests replay).
func File(tb testing.TB, rel string) string {
	tb.Helper()
	dir := Dir(tb)
	if dir == "" {
		return ""
	}
	path := filepath.Join(dir, rel)
	if _, err := os.Stat(path); err != nil {
		missing(tb, "real-data file missing: "+err.Error())
		return ""
	}
	return path
}
