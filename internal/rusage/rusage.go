// Package rusage reads peak resident memory (of this process or of a
// finished child) where the operating system reports it.
package rusage

import "os"

// PeakSelfMB is this process's peak resident memory in MB (Go heap and C
// libraries alike), or 0 where the system does not report it.
func PeakSelfMB() float64 { return peakSelfMB() }

// PeakChildMB is a finished child's peak resident memory in MB, or 0.
func PeakChildMB(st *os.ProcessState) float64 {
	if st == nil {
		return 0
	}
	return peakChildMB(st)
}
