//go:build linux

package rusage

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestVmHWM(t *testing.T) {
	tests := []struct {
		name   string
		status string
		want   int64
		ok     bool
	}{
		{"found", "Name:\tx\nVmPeak:\t  900 kB\nVmHWM:\t    2048 kB\nVmRSS:\t 1000 kB\n", 2048, true},
		{"absent (a kernel thread)", "Name:\tkthreadd\nState:\tS\n", 0, false},
		{"another unit", "VmHWM:\t 2 MB\n", 0, false},
		{"not a number", "VmHWM:\t x kB\n", 0, false},
		{"negative", "VmHWM:\t -5 kB\n", -5, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := vmHWMKiB([]byte(tc.status))
			require.Equal(t, tc.ok, ok)
			if ok {
				require.Equal(t, tc.want, got)
			}
		})
	}
	own := PeakOwnMB()
	require.Greater(t, own, 1.0, "a Go test binary holds more than 1 MB")
	require.LessOrEqual(t, own, PeakSelfMB()+1, "its own peak is at most what getrusage reports")
}
