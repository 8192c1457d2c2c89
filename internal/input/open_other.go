//go:build !unix

package input

import "os"

// openFile opens path for reading. Outside unix there is no O_NONBLOCK:
// the caller still checks the opened file's own Stat before reading.
func openFile(path string) (*os.File, error) {
	return os.Open(path)
}
