//go:build linux

package rusage

import (
	"bytes"
	"os"
	"strconv"
)

// peakOwnMB reads VmHWM, the peak resident memory of this process's own
// address space, from /proc/self/status. ru_maxrss is not used: a child
// started by vfork and exec (as os/exec starts one) has its parent's peak
// folded into it at exec.
func peakOwnMB() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return peakSelfMB()
	}
	kib, ok := vmHWMKiB(status)
	if !ok {
		return peakSelfMB()
	}
	return float64(kib) / 1024
}

// vmHWMKiB finds the line "VmHWM:   1234 kB" of a /proc status file.
func vmHWMKiB(status []byte) (int64, bool) {
	for _, line := range bytes.Split(status, []byte("\n")) {
		rest, ok := bytes.CutPrefix(line, []byte("VmHWM:"))
		if !ok {
			continue
		}
		fields := bytes.Fields(rest)
		if len(fields) != 2 || string(fields[1]) != "kB" {
			return 0, false
		}
		v, err := strconv.ParseInt(string(fields[0]), 10, 64)
		return v, err == nil && v >= 0
	}
	return 0, false
}
