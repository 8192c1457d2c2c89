package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/bench"
	"github.com/gridflip/gridflip/internal/ctxcount"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// performanceCopy copies docs/performance.md into a temporary directory.
func performanceCopy(t *testing.T) (path string, orig []byte) {
	t.Helper()
	orig, err := os.ReadFile(filepath.Join("..", "..", "docs", "performance.md"))
	require.NoError(t, err)
	path = filepath.Join(t.TempDir(), "performance.md")
	require.NoError(t, os.WriteFile(path, orig, 0o644))
	return path, orig
}

// quickDocsArgs is the quick suite cut to one site, in this process (the
// test binary cannot be the bench's child), writing into path.
func quickDocsArgs(path string) []string {
	return []string{"bench", "--quick", "--sites", "1", "--in-process", "--docs", path}
}

// outside blanks the bodies of the sections a quick run writes, leaving
// what must not change.
func outside(t *testing.T, path string, doc []byte) string {
	t.Helper()
	out, err := bench.RewriteDocSections(path, doc, map[string]string{bench.SectionSuite: "", bench.SectionMethods: ""})
	require.NoError(t, err)
	return string(out)
}

// TestBenchDocsRewritesPerformanceMD: bench --quick --docs rewrites the
// suite and methods tables of a copy of docs/performance.md and keeps every
// other byte, the targets section included; a second run is a fixed point
// outside the measured numbers.
func TestBenchDocsRewritesPerformanceMD(t *testing.T) {
	solvertest.HiGHS(t)
	path, orig := performanceCopy(t)
	code, out, errOut := gridflip(t, quickDocsArgs(path)...)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, path+": wrote methods, suite; kept targets (not measured by this run)")
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NotEqual(t, string(orig), string(got), "the run rewrote something")
	require.Equal(t, outside(t, path, orig), outside(t, path, got), "every byte outside the suite and methods bodies is kept")

	sections, err := bench.ParseDocSections(path, got)
	require.NoError(t, err)
	require.Len(t, sections, 3, "performance.md marks suite, methods and targets")
	text := string(got)
	require.Contains(t, text, "by `gridflip bench --in-process --quick --sites 1` on "+runtime.GOOS+"/"+runtime.GOARCH)
	require.Regexp(t, regexp.QuoteMeta(runtime.Version())+`( \(load average [0-9.]+ at the start, [0-9.]+ at the end\))?, HiGHS \d`, text)
	require.Contains(t, text, "| 1 | 168 | MILP | decomposed | 173 | 339 | 683 | 3 |")
	require.Contains(t, text, "| 1 | 2,190 | LP | monolithic | 2,195 | 4,383 | 8,771 | 0 |")
	require.Contains(t, text, "| 1 × 2,190 | ")
	require.NotContains(t, text, "| 10 | 168 |", "the sites the run left out are not in the table")

	code, _, errOut = gridflip(t, quickDocsArgs(path)...)
	require.Equal(t, exitOK, code, errOut)
	again, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, outside(t, path, got), outside(t, path, again))
	require.Equal(t, len(sections), mustParse(t, path, again))
}

// mustParse counts the sections of a generated file.
func mustParse(t *testing.T, path string, doc []byte) int {
	t.Helper()
	s, err := bench.ParseDocSections(path, doc)
	require.NoError(t, err)
	return len(s)
}

// TestBenchDocsRefuses: a file with bad markers, or with no section the
// run measures, is refused before the run (exit 1, file and line named);
// an error after the run (here an unreadable --baseline) writes nothing.
func TestBenchDocsRefuses(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	tests := []struct {
		name string
		path string
		args []string
		want string
	}{
		{"no end marker", write("open.md", "# P\n\n<!-- gridflip bench: suite -->\nold\n"), nil, `open.md:3: section "suite" has no end marker`},
		{"no markers", write("none.md", "# P\n"), nil, "none.md: no generated section"},
		{"targets only", write("targets.md", "<!-- gridflip bench: targets -->\n<!-- end gridflip bench -->\n"), nil,
			"targets.md: this run measures no section the file marks: it marks targets (line 1); the run measures methods, suite"},
		{"not a file", dir, nil, "is a directory"},
		{"missing", filepath.Join(dir, "missing.md"), nil, "missing.md"},
		{"an error after the run", write("ok.md", "<!-- gridflip bench: suite -->\nold\n<!-- end gridflip bench -->\n"),
			[]string{"--baseline", filepath.Join(dir, "missing.json")}, "--baseline"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.args != nil {
				solvertest.HiGHS(t)
			}
			before, _ := os.ReadFile(tc.path)
			code, _, errOut := gridflip(t, append(quickDocsArgs(tc.path), tc.args...)...)
			require.Equal(t, exitBadInput, code, errOut)
			require.Contains(t, errOut, tc.want)
			after, _ := os.ReadFile(tc.path)
			require.Equal(t, string(before), string(after), "nothing written")
		})
	}
}

// TestBenchDocsNothingWrittenOnCtrlC cancels the run at points spread
// over it: each run exits 130 with the file as it was, or finishes (exit
// 0) having written it whole.
func TestBenchDocsNothingWrittenOnCtrlC(t *testing.T) {
	solvertest.HiGHS(t)
	path, orig := performanceCopy(t)
	count := ctxcount.New(0)
	code, _, errOut := runWith(count, quickDocsArgs(path))
	require.Equal(t, exitOK, code, errOut)
	calls := count.Calls()
	require.Greater(t, calls, int64(8), "the run asks the context at least once per case")
	complete, err := os.ReadFile(path)
	require.NoError(t, err)

	interrupted := 0
	for _, at := range []int64{1, calls / 8, calls / 4, calls / 2, calls * 3 / 4, calls - 1} {
		require.NoError(t, os.WriteFile(path, orig, 0o644))
		code, _, errOut := runWith(ctxcount.New(at), quickDocsArgs(path))
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		switch code {
		case exitInterrupted:
			interrupted++
			require.Equal(t, string(orig), string(got), "cancelled at call %d of %d: nothing written", at, calls)
		case exitOK:
			require.Equal(t, outside(t, path, complete), outside(t, path, got), "cancelled after the write")
		default:
			t.Fatalf("cancelled at call %d of %d: exit %d: %s", at, calls, code, errOut)
		}
	}
	t.Logf("%d of 6 cancellations over %d calls interrupted the run", interrupted, calls)
	require.Positive(t, interrupted, "some cancellation reached a running bench")
}

// runWith runs the command line under ctx.
func runWith(ctx context.Context, args []string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(ctx, args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestBenchWriteCase: the child that writes a target's case prints where
// it wrote it; an unknown target is a usage error.
func TestBenchWriteCase(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := gridflip(t, "bench", "write-case", "--target", "s100-h8760-relax", "--cases-dir", dir)
	require.Equal(t, exitOK, code, errOut)
	var w writtenCase
	require.NoError(t, json.Unmarshal([]byte(out), &w))
	require.Equal(t, filepath.Join(dir, "s100-h8760-relax"), w.Dir)
	require.Positive(t, w.InputMB)
	require.FileExists(t, filepath.Join(w.Dir, "case.toml"))

	code, _, errOut = gridflip(t, "bench", "write-case", "--target", "s100", "--cases-dir", dir)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, `--target "s100": no such target`)
}
