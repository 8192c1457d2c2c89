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

// TestCPUSeconds: burning CPU raises the process's CPU time.
func TestCPUSeconds(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("CPU time is not read on this system")
	}
	before := CPUSeconds()
	x := 0.0
	for i := range 50_000_000 {
		x += float64(i % 7)
	}
	require.Positive(t, x)
	require.Greater(t, CPUSeconds(), before)
}
