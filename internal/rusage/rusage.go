// Package rusage reads peak resident memory (of this process or of a
// finished child) where the operating system reports it.
package rusage

import "os"

// PeakSelfMB is this process's peak resident memory in MB (Go heap and C
// libraries alike), or 0 where the system does not report it.
func PeakSelfMB() float64 { return peakSelfMB() }

// PeakOwnMB is this process's peak resident memory in MB without what it
// inherited from the process that started it: on Linux a child's
// ru_maxrss (PeakSelfMB, PeakChildMB) is at least its parent's peak when
// it started, its own address space's peak (VmHWM) is not. Elsewhere it is
// PeakSelfMB.
func PeakOwnMB() float64 { return peakOwnMB() }

// CPUSeconds is the CPU time this process has used so far, user and
// system, in seconds (0 where the system does not report it): the
// measure of work that other processes' load on a shared machine does not
// lengthen, as it lengthens wall time.
func CPUSeconds() float64 { return cpuSeconds() }

// PeakChildMB is a finished child's peak resident memory in MB, or 0.
func PeakChildMB(st *os.ProcessState) float64 {
	if st == nil {
		return 0
	}
	return peakChildMB(st)
}
