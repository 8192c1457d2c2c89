//go:build !linux

package rusage

// peakOwnMB is the peak as the system reports it where /proc/self/status
// does not exist.
func peakOwnMB() float64 { return peakSelfMB() }
