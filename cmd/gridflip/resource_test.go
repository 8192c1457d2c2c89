package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/memlimit"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestRunTooLargeForMemoryExits5: a run whose estimate exceeds the memory
// the process may use is refused before it solves, with exit code 5, the
// estimate and the limit, and nothing written. The limit is injected
// through GRIDFLIP_MEMORY_LIMIT_BYTES (here 1 MB, as ulimit -v 1024 would
// set it).
func TestRunTooLargeForMemoryExits5(t *testing.T) {
	solvertest.HiGHS(t)
	dir := t.TempDir()
	scenarios := filepath.Join(dir, "s.toml")
	require.NoError(t, os.WriteFile(scenarios, []byte("[[scenario]]\nid = \"a\"\n[[scenario]]\nid = \"b\"\n"), 0o644))
	for _, tc := range []struct {
		name string
		args []string
		out  string
	}{
		{"plan", []string{"plan", "small", "--out", filepath.Join(dir, "plan")}, filepath.Join(dir, "plan")},
		{"plan across scenarios", []string{"plan", "small", "--scenarios", scenarios}, ""},
		{"monolithic", []string{"plan", "small", "--method", "monolithic"}, ""},
		{"gap", []string{"gap", "small"}, ""},
		{"sweep", []string{"sweep", "small", "--scenarios", scenarios, "--out", filepath.Join(dir, "sweep")}, filepath.Join(dir, "sweep")},
		{"export", []string{"export", "small", "--mps", filepath.Join(dir, "m.mps")}, filepath.Join(dir, "m.mps")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(memlimit.EnvVar, "1048576")
			code, stdout, stderr := gridflip(t, tc.args...)
			require.Equal(t, exitResource, code, stderr)
			require.Empty(t, stdout)
			require.Contains(t, stderr, "gridflip: resource limit: this run (2 sites")
			require.Contains(t, stderr, "needs about")
			require.Contains(t, stderr, "more than the 1.0 MB of GRIDFLIP_MEMORY_LIMIT_BYTES")
			if tc.out != "" {
				require.NoFileExists(t, tc.out)
				require.NoDirExists(t, tc.out)
			}
		})
	}

	// Within the limit, the run goes ahead; a bad override is a usage error.
	t.Setenv(memlimit.EnvVar, "1073741824")
	code, _, stderr := gridflip(t, "plan", "small")
	require.Equal(t, exitOK, code, stderr)
	t.Setenv(memlimit.EnvVar, "lots")
	code, _, stderr = gridflip(t, "plan", "small")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, `GRIDFLIP_MEMORY_LIMIT_BYTES="lots": want a positive whole number of bytes`)
}

// TestResourceFailuresExit5: a resource failure maps to 5 whatever code a
// caller wrapped it in, and never to 2 (usage) as unclassified errors do.
func TestResourceFailuresExit5(t *testing.T) {
	ctx := context.Background()
	for _, err := range []error{
		fmt.Errorf("mmap: %w", syscall.ENOMEM),
		withCode(exitSolver, fmt.Errorf("solve: %w", memlimit.ErrResource)),
		withCode(exitResource, errors.New("too large")),
	} {
		code, _ := classify(ctx, err)
		require.Equal(t, exitResource, code, err.Error())
	}
}
