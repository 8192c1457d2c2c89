//go:build !unix

package outdir

// openNonblock is not needed where opening cannot block.
const openNonblock = 0
