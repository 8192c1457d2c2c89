package rusage

import (
	"os/exec"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPeakMemory(t *testing.T) {
	if runtime.GOOS == "windows" {
		require.Zero(t, PeakSelfMB())
		return
	}
	self := PeakSelfMB()
	require.Greater(t, self, 1.0, "a Go test binary holds more than 1 MB")
	require.Less(t, self, 64*1024.0, "and far less than 64 GB: the units are MB")
	cmd := exec.Command("true")
	require.NoError(t, cmd.Run())
	child := PeakChildMB(cmd.ProcessState)
	require.Greater(t, child, 0.0)
	require.Less(t, child, self*100)
	require.Zero(t, PeakChildMB(nil))
}
