//go:build unix

package outdir

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// lockPoll is how often a run waiting for another's lock looks again (and
// at its context).
const lockPoll = 20 * time.Millisecond

// lock takes an exclusive flock on the directory that holds results
// directories (the one renamed into place cannot carry the lock), waiting
// for other runs, and gives up when ctx is done.
func lock(ctx context.Context, parent string) (func(), error) {
	f, err := os.Open(parent)
	if err != nil {
		return nil, err
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, err
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// sameDevice reports whether two files are on one file system (a
// directory on another device than its parent is a mount point).
func sameDevice(a, b fs.FileInfo) bool {
	sa, okA := a.Sys().(*syscall.Stat_t)
	sb, okB := b.Sys().(*syscall.Stat_t)
	return !okA || !okB || sa.Dev == sb.Dev
}
