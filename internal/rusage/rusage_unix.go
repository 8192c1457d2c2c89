//go:build unix

package rusage

import (
	"os"
	"runtime"
	"syscall"
)

// maxrssMB converts ru_maxrss to MB: Linux and the BSDs report KiB, macOS
// (darwin and ios) bytes.
func maxrssMB(maxrss int64) float64 {
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return float64(maxrss) / (1 << 20)
	}
	return float64(maxrss) / 1024
}

func peakSelfMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return maxrssMB(int64(ru.Maxrss))
}

func peakChildMB(st *os.ProcessState) float64 {
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		return maxrssMB(int64(ru.Maxrss))
	}
	return 0
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
