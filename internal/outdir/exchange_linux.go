//go:build linux

package outdir

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps two directories' names atomically (renameat2 with
// RENAME_EXCHANGE); on a file system that cannot, it falls back to renames.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return exchangeByRenames(a, b)
	}
	return err
}
