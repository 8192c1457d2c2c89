//go:build linux

package main

import (
	"os"
	"os/exec"
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

// TestReportReadOnlyNamesItsArgument: report on a directory it cannot
// write to names its own argument, not a --out flag it does not have.
func TestReportReadOnlyNamesItsArgument(t *testing.T) {
	out := planSet(t)
	readOnly(t, out)
	code, _, errOut := gridflip(t, "report", out)
	require.Equal(t, exitBadInput, code, errOut)
	require.Contains(t, errOut, "report "+out+": cannot write there")
	require.NotContains(t, errOut, "--out")
}
