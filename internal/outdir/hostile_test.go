package outdir_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/outdir"
)

// TestReportHoldsTheLockFromCheckToSwitch: while a set is open for
// editing (checked, being read), a publish to it waits; it then replaces
// the edited set whole, and the directory verifies throughout.
func TestReportHoldsTheLockFromCheckToSwitch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	require.NoError(t, publish(t, dir, "a", "summary.json", "report.html"))
	edit, err := outdir.Open(context.Background(), dir, nil, "report.html")
	require.NoError(t, err)
	published := make(chan error, 1)
	go func() { published <- publish(t, dir, "b", "summary.json", "report.html") }()
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-published:
		t.Fatalf("a publish went ahead while the set was open: %v", err)
	default:
	}
	require.Equal(t, "a:summary.json", read(t, filepath.Join(dir, "summary.json")))
	_, err = edit.Replace(context.Background(), "report.html", func(w io.Writer) error { _, err := io.WriteString(w, "rebuilt"); return err })
	require.NoError(t, err)
	edit.Close()
	require.NoError(t, <-published)
	var m manifest
	require.NoError(t, outdir.ReadManifest(context.Background(), dir, &m))
	require.Equal(t, "b", m.Run, "the later run's whole set, not a mix")
	require.Equal(t, "b:report.html", read(t, filepath.Join(dir, "report.html")))
}

// TestWaitingForTheLockStopsOnCancel: a run waiting for another's lock
// gives up when interrupted, and publishes nothing.
func TestWaitingForTheLockStopsOnCancel(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no locks on Windows")
	}
	dir := filepath.Join(t.TempDir(), "out")
	require.NoError(t, publish(t, dir, "a", "summary.json"))
	edit, err := outdir.Open(context.Background(), dir, nil)
	require.NoError(t, err)
	defer edit.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	set, err := outdir.Stage(dir)
	require.NoError(t, err)
	began := time.Now()
	_, err = set.Publish(ctx, func(files []outdir.File) any { return manifest{Run: "b", Outputs: files} })
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Less(t, time.Since(began), 2*time.Second)
	require.Equal(t, "a:summary.json", read(t, filepath.Join(dir, "summary.json")))
}

// TestOnlyGridflipsStagesAreRemoved: a stale directory named like a stage
// but without gridflip's marker is the user's and stays; a marked one a
// day old goes.
func TestOnlyGridflipsStagesAreRemoved(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mine := filepath.Join(parent, ".gridflip-stage-out-mine")
	require.NoError(t, os.Mkdir(mine, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(mine, "data"), []byte("keep"), 0o644))
	stale, err := outdir.Stage(dir)
	require.NoError(t, err)
	old := time.Now().Add(-48 * time.Hour)
	for _, p := range []string{mine, stale.Staged()} {
		require.NoError(t, os.Chtimes(p, old, old))
	}
	require.NoError(t, publish(t, dir, "a", "summary.json"))
	require.DirExists(t, mine, "the user's directory is never removed")
	require.NoDirExists(t, stale.Staged(), "gridflip's stale stage is removed")
}

// TestDirectoriesThatCannotBeReplacedAreRefused: a results directory
// holding a directory of the user's, or the working directory, is refused
// up front (Check) and at publish, and nothing changes.
func TestDirectoriesThatCannotBeReplacedAreRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	require.NoError(t, publish(t, dir, "a", "summary.json"))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "notes"), 0o755))
	require.ErrorContains(t, outdir.Check(dir), "holds notes, a directory that is not part of a results set")
	require.ErrorContains(t, publish(t, dir, "b", "summary.json"), "the previous set is left as it was")
	require.Equal(t, "a:summary.json", read(t, filepath.Join(dir, "summary.json")))

	wd, err := os.Getwd()
	require.NoError(t, err)
	require.ErrorContains(t, outdir.Check(wd), "is the working directory")
}

// TestALinkedResultsDirectory: --out naming a link publishes into the
// directory it points to and keeps the link; a link loop is named as one.
func TestALinkedResultsDirectory(t *testing.T) {
	parent := t.TempDir()
	real := filepath.Join(parent, "real")
	require.NoError(t, os.Mkdir(real, 0o755))
	link := filepath.Join(parent, "link")
	require.NoError(t, os.Symlink("real", link))
	require.NoError(t, publish(t, link, "a", "summary.json"))
	require.Equal(t, "a:summary.json", read(t, filepath.Join(real, "summary.json")))
	info, err := os.Lstat(link)
	require.NoError(t, err)
	require.NotZero(t, info.Mode()&os.ModeSymlink, "the link stays a link")

	loop := filepath.Join(parent, "loop")
	require.NoError(t, os.Symlink("loop", loop))
	require.ErrorContains(t, outdir.Check(loop), "too many levels of symbolic links")
	require.ErrorContains(t, outdir.Check(filepath.Join(loop, "out")), "too many levels of symbolic links")
}
