//go:build !unix

package atomicfile

import "os"

// openStream opens a device for writing.
func openStream(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY, 0)
}
