//go:build unix

package memlimit

import "syscall"

// addressSpace returns the soft RLIMIT_AS (ulimit -v) when one is set.
func addressSpace() (uint64, bool) {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &r); err != nil {
		return 0, false
	}
	cur := uint64(r.Cur) // int64 on some systems
	if cur == 0 || cur >= 1<<62 {
		return 0, false // unlimited (RLIM_INFINITY)
	}
	return cur, true
}
