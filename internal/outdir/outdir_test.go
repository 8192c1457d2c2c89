package outdir_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/outdir"
)

type manifest struct {
	Run     string        `json:"run"`
	Outputs []outdir.File `json:"outputs"`
}

// publish writes one run's files (each holding the run's name) as a set.
func publish(t *testing.T, dir, run string, names ...string) error {
	t.Helper()
	set, err := outdir.Stage(dir)
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := set.Write(name, func(w io.Writer) error { _, err := fmt.Fprintf(w, "%s:%s", run, name); return err }); err != nil {
			set.Abort()
			return err
		}
	}
	_, err = set.Publish(context.Background(), func(files []outdir.File) any { return manifest{Run: run, Outputs: files} })
	return err
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func TestPublishReplacesTheSetAndKeepsUserFiles(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644))
	require.NoError(t, publish(t, dir, "a", "summary.json", "hourly.csv", "yearly.csv"))
	require.Equal(t, "a:summary.json", read(t, filepath.Join(dir, "summary.json")))

	require.NoError(t, publish(t, dir, "b", "summary.json", "hourly.csv"))
	require.Equal(t, "b:hourly.csv", read(t, filepath.Join(dir, "hourly.csv")))
	require.NoFileExists(t, filepath.Join(dir, "yearly.csv"), "an output of the previous set this one lacks is removed")
	require.Equal(t, "mine", read(t, filepath.Join(dir, "notes.txt")), "the user's own file is never touched")

	var m manifest
	require.NoError(t, outdir.ReadManifest(context.Background(), dir, &m))
	require.Equal(t, "b", m.Run)
	require.Len(t, m.Outputs, 2)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "hourly.csv"), []byte("edited"), 0o644))
	require.ErrorContains(t, outdir.ReadManifest(context.Background(), dir, &m), "hourly.csv does not match the manifest")
	require.ErrorContains(t, outdir.ReadManifest(context.Background(), t.TempDir(), &m), "not a gridflip results directory")

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		require.NotContains(t, e.Name(), ".gridflip-stage-", "no staging directory left")
	}
}

func TestFailedRunLeavesThePreviousSet(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, publish(t, dir, "a", "summary.json", "hourly.csv"))
	set, err := outdir.Stage(dir)
	require.NoError(t, err)
	require.NoError(t, set.Write("summary.json", func(w io.Writer) error { _, err := io.WriteString(w, "b"); return err }))
	err = set.Write("hourly.csv", func(w io.Writer) error { io.WriteString(w, "partial"); return errors.New("disk full") })
	require.ErrorContains(t, err, "disk full")
	set.Abort()
	require.Equal(t, "a:summary.json", read(t, filepath.Join(dir, "summary.json")), "nothing of the failed run is published")
	require.Equal(t, "a:hourly.csv", read(t, filepath.Join(dir, "hourly.csv")))
	var m manifest
	require.NoError(t, outdir.ReadManifest(context.Background(), dir, &m))
	require.Equal(t, "a", m.Run)
}

func TestConcurrentRunsNeverMix(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			require.NoError(t, publish(t, dir, fmt.Sprintf("run%d", i), "summary.json", "hourly.csv", "grid.csv"))
		}()
	}
	wg.Wait()
	var m manifest
	require.NoError(t, outdir.ReadManifest(context.Background(), dir, &m), "every file matches the manifest written last")
	for _, name := range []string{"summary.json", "hourly.csv", "grid.csv"} {
		require.Equal(t, m.Run+":"+name, read(t, filepath.Join(dir, name)), "all files come from the run the manifest names")
	}
}

func TestStageRefusals(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	_, err := outdir.Stage(file)
	require.ErrorContains(t, err, "is not a directory")
	set, err := outdir.Stage(dir)
	require.NoError(t, err)
	defer set.Abort()
	for _, bad := range []string{"manifest.json", "../x", ".hidden"} {
		require.Error(t, set.Write(bad, func(io.Writer) error { return nil }), bad)
	}
	if os.Getuid() != 0 {
		ro := filepath.Join(dir, "ro")
		require.NoError(t, os.Mkdir(ro, 0o555))
		_, err := outdir.Stage(filepath.Join(ro, "out"))
		require.ErrorContains(t, err, "cannot write there")
	}
}

func TestPublishChecksEveryDestinationFirst(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, publish(t, dir, "a", "summary.json", "hourly.csv"))
	require.NoError(t, os.Remove(filepath.Join(dir, "hourly.csv")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "hourly.csv"), 0o755))
	err := publish(t, dir, "b", "summary.json", "hourly.csv")
	require.ErrorContains(t, err, "hourly.csv: is not a regular file")
	require.Equal(t, "a:summary.json", read(t, filepath.Join(dir, "summary.json")), "nothing of the failed set was moved")
}

// TestReplaceOneFile: Replace rewrites one file of a published set and its
// manifest entry; a destination that is not a regular file is refused
// before anything moves.
func TestReplaceOneFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, publish(t, dir, "a", "summary.json", "report.html"))
	before := read(t, filepath.Join(dir, outdir.ManifestName))
	require.NoError(t, replace(dir, "report.html", "new page"))
	require.Equal(t, "new page", read(t, filepath.Join(dir, "report.html")))
	after := read(t, filepath.Join(dir, outdir.ManifestName))
	require.NotEqual(t, before, after, "the manifest has the new file's hash")
	require.Contains(t, after, `"run": "a"`, "the rest of the manifest stays")

	require.NoError(t, os.Remove(filepath.Join(dir, "report.html")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "report.html"), 0o755))
	_, err := outdir.Open(context.Background(), dir, nil, "report.html")
	require.ErrorContains(t, err, "report.html: is not a regular file")
	require.Equal(t, after, read(t, filepath.Join(dir, outdir.ManifestName)))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		require.NotContains(t, e.Name(), ".gridflip-stage", "no staging directory is left")
	}
}

// TestCheckBeforeWork: Check refuses a path under a file, and in a good
// one leaves nothing behind: neither the directories it created nor a
// staging directory.
func TestCheckBeforeWork(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	require.ErrorContains(t, outdir.Check(filepath.Join(file, "sub")), "not a directory")
	require.ErrorContains(t, outdir.Check(file), "is not a directory")
	good := filepath.Join(dir, "new", "out")
	require.NoError(t, outdir.Check(good))
	require.NoDirExists(t, filepath.Join(dir, "new"), "what Check created is gone")
	existing := filepath.Join(dir, "existing")
	require.NoError(t, os.Mkdir(existing, 0o755))
	require.NoError(t, outdir.Check(existing))
	entries, err := os.ReadDir(existing)
	require.NoError(t, err)
	require.Empty(t, entries, "no staging directory is left")
}

// replace rewrites one file of dir's set through Open and Replace.
func replace(dir, name, content string) error {
	set, err := outdir.Open(context.Background(), dir, nil, name)
	if err != nil {
		return err
	}
	defer set.Close()
	_, err = set.Replace(context.Background(), name, func(w io.Writer) error { _, err := io.WriteString(w, content); return err })
	return err
}
