//go:build unix

package input

import (
	"fmt"
	"os"
	"syscall"
)

// openFile opens path for reading without blocking: opening a named pipe
// with no writer returns at once (open would otherwise wait for one), so
// the caller can fstat the descriptor and refuse it. A regular file's
// descriptor is put back in blocking mode; any other is left as it is, for
// the caller to refuse.
func openFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return f, nil // the caller's own Stat reports it
	}
	if err := clearNonblock(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: clear O_NONBLOCK: %w", path, err)
	}
	return f, nil
}

// clearNonblock clears O_NONBLOCK on f's descriptor.
func clearNonblock(f *os.File) error {
	raw, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := raw.Control(func(fd uintptr) { serr = syscall.SetNonblock(int(fd), false) }); err != nil {
		return err
	}
	return serr
}
