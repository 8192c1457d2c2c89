//go:build darwin

package outdir

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps two directories' names atomically (renamex_np with
// RENAME_SWAP); on a file system that cannot, it falls back to renames.
func exchange(a, b string) error {
	err := unix.RenamexNp(a, b, unix.RENAME_SWAP)
	if errors.Is(err, unix.ENOTSUP) || errors.Is(err, unix.EINVAL) {
		return exchangeByRenames(a, b)
	}
	return err
}
