//go:build unix

package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestSymlinkLoops: a loop of symbolic links given as a case, as a case's
// input, as report's directory or as plan --out is named as one.
func TestSymlinkLoops(t *testing.T) {
	dir := t.TempDir()
	loop := filepath.Join(dir, "loop")
	require.NoError(t, os.Symlink("loop", loop))
	withLoopPrices := writeCase(t, func(s string) string {
		return strings.Replace(s, `prices = "prices.csv"`, "prices = "+quote(loop), 1)
	}, nil)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"case file", []string{"validate", loop}, "loop: too many levels of symbolic links"},
		{"prices", []string{"validate", withLoopPrices}, "loop: too many levels of symbolic links"},
		{"report", []string{"report", loop}, "report " + loop + ": too many levels of symbolic links"},
		{"plan --out", []string{"plan", "small", "--out", loop}, "--out " + loop + ": too many levels of symbolic links"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := gridflip(t, tc.args...)
			require.Equal(t, exitBadInput, code, errOut)
			require.Contains(t, errOut, tc.want)
			require.NotContains(t, errOut, "file exists")
		})
	}
}

// TestBaselineIsABoundedInput: bench --baseline is read as any input
// file: a named pipe is refused at once.
func TestBaselineIsABoundedInput(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	done := make(chan error, 1)
	go func() { done <- printRatios(context.Background(), io.Discard, fifo, nil) }()
	select {
	case err := <-done:
		require.ErrorContains(t, err, "--baseline: "+fifo+": is a named pipe (FIFO), not a regular file")
	case <-time.After(5 * time.Second):
		t.Fatal("hangs")
	}
}
