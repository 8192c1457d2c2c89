package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/report"
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
	outputsRef, err := os.ReadFile(filepath.Join(dir, "outputs.md"))
	require.NoError(t, err)
	assert.Equal(t, string(outputsReference()), string(outputsRef))
	assert.FileExists(t, filepath.Join(dir, "cli", "gridflip_plan.md"))
	assert.NoFileExists(t, filepath.Join(dir, "cli", "gridflip_docs.md"), "the docs command is hidden")
}

func TestOutputsReferenceUpToDate(t *testing.T) {
	committed, err := os.ReadFile("../../docs/reference/outputs.md")
	require.NoError(t, err)
	assert.True(t, string(committed) == string(outputsReference()),
		"docs/reference/outputs.md is stale: run `%s`", sites.ReferenceCommand)
}

// declaredSets are the results sets' declared files, manifest.json last.
func declaredSets() map[string][]outputFile {
	return map[string][]outputFile{
		"plan":     append(planFiles(context.Background(), nil, nil, outputOptions{csv: true}), manifestFile()),
		"headroom": append(headroomFiles(nil, ""), manifestFile()),
	}
}

// TestOutputDeclarations: every declared file has a description, every
// column and top-level field of its shape a description too, and each
// Parquet file a CSV file of the same name and shape (so their columns
// are the same).
func TestOutputDeclarations(t *testing.T) {
	pairs := 0
	for set, files := range declaredSets() {
		byName := map[string]outputFile{}
		for _, f := range files {
			require.NotEmpty(t, f.doc, "%s: %s", set, f.name)
			byName[f.name] = f
			if f.shape == nil {
				continue
			}
			cols := report.Fields(f.shape)
			if !strings.HasSuffix(f.name, ".json") {
				cols = report.Columns(f.shape)
			}
			require.NotEmpty(t, cols, "%s: %s", set, f.name)
			for _, c := range cols {
				require.NotEmpty(t, c.Doc, "%s: %s: %s has no doc tag", set, f.name, c.Name)
			}
		}
		for name, f := range byName {
			base, ok := strings.CutSuffix(name, ".parquet")
			if !ok {
				continue
			}
			csvFile, ok := byName[base+".csv"]
			require.True(t, ok, "%s: %s has no CSV file", set, name)
			require.Equal(t, reflect.TypeOf(f.shape), reflect.TypeOf(csvFile.shape), "%s: %s and %s.csv", set, name, base)
			pairs++
		}
	}
	require.Equal(t, 11, pairs, "the guard: hourly, grid, yearly, sites, contracts, cashflows, scenarios, deals, grid_headroom, headroom and headroom_total")
}

// TestOutputsReferenceListsEveryStream: a stream added to the
// declarations is in the reference's tables without another edit.
func TestOutputsReferenceListsEveryStream(t *testing.T) {
	v := 1.0
	restore := optimize.WithTestStream("test_fee", "test fee", &v)
	ref := string(outputsReference())
	restore()
	for _, section := range []string{"### `yearly.parquet`, `yearly.csv`", "### `sites.parquet`, `sites.csv`", "## Money streams"} {
		_, rest, ok := strings.Cut(ref, section)
		require.True(t, ok, section)
		rest, _, _ = strings.Cut(rest, "\n#")
		assert.Contains(t, rest, "`test_fee_usd`", section)
	}
	assert.NotContains(t, string(outputsReference()), "test_fee", "restored")
}
