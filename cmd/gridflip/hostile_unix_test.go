//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestInputsThatNeverEnd: item 2 (non-regular files, size and line limits).
func TestInputsThatNeverEnd(t *testing.T) {
	dir := filepath.Dir(writeCase(t, nil, nil))
	casePath := filepath.Join(dir, "case.toml")
	n := 0
	pricesAt := func(path string) string {
		data, err := os.ReadFile(casePath)
		require.NoError(t, err)
		n++
		p := filepath.Join(dir, "other"+itoa(n)+".toml")
		require.NoError(t, os.WriteFile(p, []byte(strings.Replace(string(data), `prices = "prices.csv"`, "prices = "+quote(path), 1)), 0o644))
		return p
	}
	fifo := filepath.Join(t.TempDir(), "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"price file is /dev/zero", []string{"validate", pricesAt("/dev/zero")}, "is a character device, not a regular file"},
		{"price file is a FIFO", []string{"validate", pricesAt(fifo)}, "is a named pipe (FIFO), not a regular file"},
		{"case file is /dev/zero", []string{"validate", "/dev/zero"}, "is a character device"},
		{"case file is a FIFO", []string{"validate", fifo}, "is a named pipe"},
		{"file above the size limit", []string{"validate", casePath, "--max-input-mb", "1"}, ""},
		{"line above the line limit", []string{"validate", casePath, "--max-line-kb", "1"}, ""},
	}
	big := writeCase(t, nil, func(s string) string { return s + strings.Repeat("#", 2<<20) })
	long := writeCase(t, nil, func(s string) string { return strings.Replace(s, "\n", strings.Repeat(" ", 2048)+"\n", 1) })
	tests[4].args[1], tests[4].want = big, "limit on an input file (raise it with --max-input-mb)"
	tests[5].args[1], tests[5].want = long, "prices.csv:1: line longer than the 1 KB limit (raise it with --max-line-kb)"
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan struct{})
			var code int
			var errOut string
			go func() {
				code, _, errOut = gridflip(t, tc.args...)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("hangs")
			}
			require.Equal(t, exitBadInput, code, errOut)
			require.Contains(t, errOut, tc.want)
		})
	}
	// The limits admit a year of prices for 10,000 nodes: about 70 KB a
	// line and 0.6 GB, far below the 4 MB and 4 GB defaults.
	require.Greater(t, int64(defaultLineKB), int64(10000*8/1024))
	require.Greater(t, int64(defaultInputMB), int64(10000*8*8760*12/10/(1<<20)))
	for _, bad := range [][]string{{"--max-input-mb", "0"}, {"--max-line-kb", "-1"}, {"--max-input-mb", "99999999999"}} {
		code, _, _ := gridflip(t, append([]string{"validate", "small"}, bad...)...)
		require.Equal(t, exitUsage, code, bad)
	}
}
