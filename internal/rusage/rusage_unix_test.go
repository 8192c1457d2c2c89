//go:build unix

package rusage

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMaxrssUnits(t *testing.T) {
	want := 2.0 // 2 MB
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		require.Equal(t, want, maxrssMB(2<<20))
	} else {
		require.Equal(t, want, maxrssMB(2048))
	}
}
