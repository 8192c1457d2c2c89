package grid

import (
	"io"
	"io/fs"
)

const (
	// defaultRows is the initial row capacity when the input size is unknown.
	defaultRows = 256
	// maxPreallocValues caps the values preallocated from a size estimate.
	maxPreallocValues = 1 << 26
)

// sizeHint returns the number of unread bytes in r when it can tell
// (files, bytes.Reader, strings.Reader, bytes.Buffer), else -1.
func sizeHint(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		fi, err := v.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return -1
		}
		return fi.Size()
	}
	return -1
}

// estimateRows guesses the number of data rows from the input size and the
// length in bytes of the first data row, with 25% headroom for rows longer
// than the first, bounded so that rows*ncol stays below maxPreallocValues.
func estimateRows(size, firstRowBytes int64, ncol int) int {
	rows := int64(defaultRows)
	if size > 0 && firstRowBytes > 0 {
		rows = size/firstRowBytes + size/firstRowBytes/4 + 16
	}
	if limit := max(1, maxPreallocValues/int64(max(ncol, 1))); rows > limit {
		rows = limit
	}
	return int(rows)
}

// columns transposes row-major values into ncol columns of n values that
// share one exactly sized block.
func columns(flat []float64, n, ncol int) [][]float64 {
	block := make([]float64, n*ncol)
	out := make([][]float64, ncol)
	for c := range out {
		col := block[c*n : (c+1)*n : (c+1)*n]
		for t := range col {
			col[t] = flat[t*ncol+c]
		}
		out[c] = col
	}
	return out
}
