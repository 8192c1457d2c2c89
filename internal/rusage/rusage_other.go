//go:build !unix

package rusage

import "os"

// Peak memory is not read on this system (Windows reports it through a
// different API, not used here).
func peakSelfMB() float64 { return 0 }

func peakChildMB(*os.ProcessState) float64 { return 0 }

func cpuSeconds() float64 { return 0 }
