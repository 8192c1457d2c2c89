// Package solvertest gives tests a HiGHS backend, or fails or skips them
// when the library is missing: with GRIDFLIP_REQUIRE_HIGHS=1 (set by
// `make test` and CI) a missing HiGHS fails the test; otherwise it skips.
package solvertest

import (
	"os"
	"testing"

	"github.com/gridflip/gridflip/solver/highs"
)

// EnvRequireHiGHS names the variable that turns a missing HiGHS into a test failure.
const EnvRequireHiGHS = "GRIDFLIP_REQUIRE_HIGHS"

// HiGHS loads the HiGHS backend for a test or benchmark.
func HiGHS(tb testing.TB) *highs.Solver {
	tb.Helper()
	h, err := highs.Load()
	if err == nil {
		return h
	}
	if os.Getenv(EnvRequireHiGHS) == "1" {
		tb.Fatalf("%s=1 but HiGHS could not be loaded: %v", EnvRequireHiGHS, err)
	}
	tb.Skipf("HiGHS not available (set %s=1 to make this a failure): %v", EnvRequireHiGHS, err)
	return nil
}
