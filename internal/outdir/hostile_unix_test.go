//go:build unix

package outdir_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/outdir"
)

// TestReadsAreBounded: a manifest that is a link to /dev/zero, a FIFO, a
// huge file, or that lists names outside the set is refused at once with
// a message saying what it is, never read without end nor followed.
func TestReadsAreBounded(t *testing.T) {
	tampered := func(t *testing.T, outputs any) string {
		dir := t.TempDir()
		require.NoError(t, publish(t, dir, "a", "summary.json"))
		data, err := json.Marshal(map[string]any{"outputs": outputs})
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, outdir.ManifestName), data, 0o644))
		return dir
	}
	entry := func(name string) []map[string]any {
		return []map[string]any{{"name": name, "bytes": 3, "sha256": "0000000000000000000000000000000000000000000000000000000000000000"}}
	}
	for _, tc := range []struct {
		name string
		dir  func(t *testing.T) string
		want string
	}{
		{"manifest links to /dev/zero", func(t *testing.T) string {
			dir := t.TempDir()
			require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, outdir.ManifestName)))
			return dir
		}, "is a character device, not a regular file"},
		{"manifest is a FIFO", func(t *testing.T) string {
			dir := t.TempDir()
			require.NoError(t, syscall.Mkfifo(filepath.Join(dir, outdir.ManifestName), 0o644))
			return dir
		}, "is a named pipe (FIFO), not a regular file"},
		{"manifest is huge", func(t *testing.T) string {
			dir := t.TempDir()
			f, err := os.Create(filepath.Join(dir, outdir.ManifestName))
			require.NoError(t, err)
			require.NoError(t, f.Truncate(outdir.MaxManifestBytes+1))
			require.NoError(t, f.Close())
			return dir
		}, "over the"},
		{"manifest is not JSON", func(t *testing.T) string {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, outdir.ManifestName), []byte("root:$6$secret:19000:0:99999:7:::\n"), 0o644))
			return dir
		}, "not a gridflip manifest"},
		{"entry outside the set", func(t *testing.T) string { return tampered(t, entry("../../etc/passwd")) }, `lists "../../etc/passwd", which is not the name of a file inside the set`},
		{"absolute entry", func(t *testing.T) string { return tampered(t, entry("/etc/passwd")) }, "not the name of a file inside the set"},
		{"hidden entry", func(t *testing.T) string { return tampered(t, entry(".ssh")) }, "not the name of a file inside the set"},
		{"listed file links to /dev/zero", func(t *testing.T) string {
			dir := tampered(t, entry("zero"))
			require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "zero")))
			return dir
		}, "is a character device, not a regular file"},
		{"listed file is a FIFO", func(t *testing.T) string {
			dir := tampered(t, entry("pipe"))
			require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644))
			return dir
		}, "is a named pipe (FIFO), not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.dir(t)
			done := make(chan error, 1)
			go func() { done <- outdir.ReadManifest(context.Background(), dir, &manifest{}) }()
			select {
			case err := <-done:
				require.ErrorContains(t, err, tc.want)
				require.NotContains(t, err.Error(), "secret", "the file's bytes are not echoed")
			case <-time.After(5 * time.Second):
				t.Fatal("reading the set blocked")
			}
		})
	}
}
