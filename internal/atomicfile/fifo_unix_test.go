//go:build unix

package atomicfile_test

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/atomicfile"
)

func TestWriteToNamedPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	done := make(chan error, 1)
	go func() {
		done <- atomicfile.Write(fifo, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err })
	}()
	select {
	case err := <-done:
		require.ErrorContains(t, err, "nothing reads the named pipe", "no reader: an error, not a hang")
	case <-time.After(5 * time.Second):
		t.Fatal("writing to a FIFO nobody reads hangs")
	}
	info, err := os.Lstat(fifo)
	require.NoError(t, err)
	require.NotZero(t, info.Mode()&os.ModeNamedPipe, "the pipe is not replaced")
}
