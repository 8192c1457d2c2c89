package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/sites"
)

func TestCLIReferenceUpToDate(t *testing.T) {
	root, _ := newRootCommand(io.Discard, io.Discard)
	dir := t.TempDir()
	require.NoError(t, writeCLIReference(root, dir))
	const committed = "../../docs/reference/cli"
	want, err := os.ReadDir(dir)
	require.NoError(t, err)
	got, err := os.ReadDir(committed)
	require.NoError(t, err)
	names := func(es []os.DirEntry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Name())
		}
		return out
	}
	stale := "docs/reference/cli is stale: run `" + sites.ReferenceCommand + "`"
	require.Equal(t, names(want), names(got), stale)
	for _, e := range want {
		fresh, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		old, err := os.ReadFile(filepath.Join(committed, e.Name()))
		require.NoError(t, err)
		assert.True(t, string(fresh) == string(old), "%s: %s", e.Name(), stale)
	}
}

func TestDocsCommandWritesReferences(t *testing.T) {
	dir := t.TempDir()
	var stderr strings.Builder
	root, _ := newRootCommand(io.Discard, &stderr)
	root.SetArgs([]string{"docs", dir})
	require.NoError(t, root.Execute(), stderr.String())
	caseRef, err := os.ReadFile(filepath.Join(dir, "case.md"))
	require.NoError(t, err)
	assert.Equal(t, string(sites.Reference()), string(caseRef))
	assert.FileExists(t, filepath.Join(dir, "cli", "gridflip_plan.md"))
	assert.NoFileExists(t, filepath.Join(dir, "cli", "gridflip_docs.md"), "the docs command is hidden")
}
