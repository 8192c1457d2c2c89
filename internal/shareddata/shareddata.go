// Package shareddata finds the project's shared real-data folder
// (../shared/data beside the repository) for tests that replay public data
// the repository does not ship.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared/data folder found by walking up from the working
// directory, or skips the test when there is none: the data is not part of
// the repository, so its absence is not a failure.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatalf("working directory: %v", err)
	}
	for {
		cand := filepath.Join(dir, "shared", "data")
		if fi, err := os.Stat(cand); err == nil && fi.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("shared/data not found above the working directory: real data is not bundled")
		}
		dir = parent
	}
}
