package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gridflip/gridflip/bench"
	"github.com/gridflip/gridflip/internal/atomicfile"
	"github.com/gridflip/gridflip/internal/input"
)

// maxDocsBytes bounds the Markdown file --docs rewrites (docs/performance.md
// is about 20 KB).
const maxDocsBytes = 16 << 20

// readDocs reads the --docs file as any input file is read (a regular
// file, bounded).
func readDocs(ctx context.Context, path string) ([]byte, error) {
	f, err := input.OpenPath(ctx, path, input.Limits{MaxFileBytes: maxDocsBytes})
	if err != nil {
		return nil, fmt.Errorf("--docs: %w", err)
	}
	defer f.Close()
	doc, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("--docs %s: %w", path, err)
	}
	return doc, nil
}

// measuredSections names the sections a run of the suite's cases and
// the targets will measure.
func measuredSections(runs []bench.Case, targets []bench.Target) map[string]string {
	out := map[string]string{}
	if len(runs) > 0 {
		out[bench.SectionSuite], out[bench.SectionMethods] = "", ""
	}
	if len(targets) > 0 {
		out[bench.SectionTargets] = ""
	}
	return out
}

// checkDocs checks the --docs file's markers, and that the run will
// measure one of its sections, before the run starts.
func checkDocs(ctx context.Context, path string, runs []bench.Case, targets []bench.Target) error {
	doc, err := readDocs(ctx, path)
	if err != nil {
		return withCode(exitBadInput, err)
	}
	if _, err := bench.RewriteDocSections(path, doc, measuredSections(runs, targets)); err != nil {
		return withCode(exitBadInput, err)
	}
	return nil
}

// writeDocs rewrites the generated sections of the --docs file with the
// report's tables, atomically, and says which it kept.
func writeDocs(ctx context.Context, log io.Writer, path string, report *bench.Report) error {
	doc, err := readDocs(ctx, path) // again: it may have been edited during the run
	if err != nil {
		return withCode(exitBadInput, err)
	}
	bodies := bench.DocSections(report)
	out, err := bench.RewriteDocSections(path, doc, bodies)
	if err != nil {
		return withCode(exitBadInput, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := atomicfile.Write(path, func(w io.Writer) error { _, err := w.Write(out); return err }); err != nil {
		return withCode(exitBadInput, err)
	}
	sections, _ := bench.ParseDocSections(path, doc)
	var wrote, kept []string
	for _, s := range sections {
		if _, ok := bodies[s.Name]; ok {
			wrote = append(wrote, s.Name)
		} else {
			kept = append(kept, s.Name)
		}
	}
	fmt.Fprintf(log, "%s: wrote %s", path, strings.Join(wrote, ", "))
	if len(kept) > 0 {
		fmt.Fprintf(log, "; kept %s (not measured by this run)", strings.Join(kept, ", "))
	}
	fmt.Fprintln(log)
	return nil
}

// loadAverage is the system's one-minute load average, or "" where
// /proc/loadavg does not exist.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 {
		return ""
	}
	return fields[0]
}

// loadSpan says the load average at the start and at the end of a run.
func loadSpan(start, end string) string {
	if start == "" || end == "" {
		return ""
	}
	return start + " at the start, " + end + " at the end"
}

// benchCommandLine is the bench command line that reproduces a run: the
// flags given that change what is measured (not where results go).
func benchCommandLine(cmd *cobra.Command) string {
	skip := map[string]bool{"docs": true, "out": true, "baseline": true, "cases-dir": true}
	var args []string
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if skip[f.Name] {
			return
		}
		switch v := f.Value.(type) {
		case pflag.SliceValue:
			args = append(args, "--"+f.Name+" "+strings.Join(v.GetSlice(), ","))
		default:
			switch {
			case f.Value.Type() == "bool" && f.Value.String() == "true":
				args = append(args, "--"+f.Name)
			case f.Value.Type() == "bool":
				args = append(args, "--"+f.Name+"=false")
			default:
				args = append(args, "--"+f.Name+" "+f.Value.String())
			}
		}
	})
	sort.Strings(args)
	return strings.Join(append([]string{"gridflip bench"}, args...), " ")
}
