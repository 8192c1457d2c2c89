//go:build unix

package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// openStream opens a device or named pipe for writing without blocking: a
// pipe nobody reads is an error, not a hang.
func openStream(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, syscall.ENXIO) {
		return nil, fmt.Errorf("nothing reads the named pipe %s", path)
	}
	return f, err
}
