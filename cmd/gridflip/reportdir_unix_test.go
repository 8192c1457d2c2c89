//go:build linux

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// readOnly makes dir unwritable (chmod, or chattr +i for root) until the
// test ends; it skips the test when it cannot.
func readOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Getuid() != 0 {
		require.NoError(t, os.Chmod(dir, 0o555))
		t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
		return
	}
	if err := exec.Command("chattr", "+i", dir).Run(); err != nil {
		t.Skipf("cannot make %s read-only as root: %v", dir, err)
	}
	t.Cleanup(func() { _ = exec.Command("chattr", "-i", dir).Run() })
}

// TestReportReadOnlyNamesItsArgument: report on a directory that cannot
// be replaced (immutable, or read-only) names its own argument, not a
// --out flag it does not have, and changes nothing.
func TestReportReadOnlyNamesItsArgument(t *testing.T) {
	out := planSet(t)
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	require.NoError(t, err)
	readOnly(t, out)
	code, _, errOut := gridflip(t, "report", out)
	require.Equal(t, exitBadInput, code, errOut)
	require.Contains(t, errOut, "report "+out+": ")
	require.Contains(t, errOut, "the previous set is left as it was")
	require.NotContains(t, errOut, "--out")
	again, err := os.ReadFile(filepath.Join(out, "report.html"))
	require.NoError(t, err)
	require.Equal(t, page, again)
}
