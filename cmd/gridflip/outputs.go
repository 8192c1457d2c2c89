package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/internal/outdir"
	"github.com/gridflip/gridflip/report"
	htmlreport "github.com/gridflip/gridflip/report/html"
)

// Manifest is manifest.json: what produced an output set, from which
// inputs, and the hash of every output (docs/outputs.md).
type Manifest struct {
	Gridflip     string         `json:"gridflip_version"`
	HiGHS        string         `json:"highs_version"`
	HiGHSLibrary string         `json:"highs_library"`
	Command      []string       `json:"command"`
	Created      time.Time      `json:"created"`
	Case         string         `json:"case"`
	Inputs       []input.Record `json:"inputs"`
	Outputs      []outdir.File  `json:"outputs"`
}

// version is gridflip's version: the module version and VCS revision the
// binary was built from, when Go recorded them.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
		if s.Key == "vcs.modified" && s.Value == "true" {
			v += " (modified)"
		}
	}
	return v
}

// outputOptions say which files an output set holds.
type outputOptions struct {
	csv  bool      // the CSV files beside the Parquet ones
	week time.Time // the report's dispatch week (zero: the week in which the most curtailments start)
}

// writeOutputs stages every output file and publishes the set: the
// summary, the CSV and Parquet tables, then report.html, built from the
// staged summary and Parquet files exactly as gridflip report builds it.
func (a *app) writeOutputs(cmd *cobra.Command, dir string, an *analysis.Analysis, highsVersion, highsLib string, opt outputOptions) error {
	set, err := outdir.Stage(dir)
	if err != nil {
		return withCode(exitBadInput, fmt.Errorf("--out %w", err))
	}
	type file struct {
		name  string
		write func(io.Writer) error
	}
	// Every writer checks ctx as it goes: Ctrl-C stops the current file
	// within milliseconds, and its error keeps the set from publishing.
	ctx := cmd.Context()
	files := []file{
		{"summary.json", func(w io.Writer) error { return report.WriteJSON(w, an) }},
		{"hourly.parquet", func(w io.Writer) error { return report.WriteHourlyParquet(ctx, w, an.Plan) }},
		{"grid.parquet", func(w io.Writer) error { return report.WriteGridParquet(ctx, w, an) }},
	}
	if an.Plan.Years != nil {
		files = append(files, file{"yearly.parquet", func(w io.Writer) error { return report.WriteYearlyParquet(ctx, w, an.Plan) }})
	}
	if opt.csv {
		files = append(files, []file{
			{"sites.csv", func(w io.Writer) error { return report.WriteSitesCSV(ctx, w, an.Plan) }},
			{"hourly.csv", func(w io.Writer) error { return report.WriteHourlyCSV(ctx, w, an.Plan) }},
			{"grid.csv", func(w io.Writer) error { return report.WriteGridCSV(ctx, w, an) }},
			{"contracts.csv", func(w io.Writer) error { return report.WriteContractsCSV(ctx, w, an.Plan) }},
			{"yearly.csv", func(w io.Writer) error { return report.WriteYearlyCSV(ctx, w, an.Plan) }},
			{"cashflows.csv", func(w io.Writer) error { return report.WriteCashflowsCSV(ctx, w, an) }},
			{"scenarios.csv", func(w io.Writer) error { return report.WriteScenariosCSV(ctx, w, an) }},
		}...)
	}
	files = append(files, file{"report.html", func(w io.Writer) error {
		return htmlreport.Write(ctx, w, set.Staged(), htmlreport.Options{Week: opt.week})
	}})
	progress := a.progress.Stages("") // a line only when writing takes a while
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			set.Abort()
			return err
		}
		began := time.Now()
		if err := set.Write(f.name, f.write); err != nil {
			set.Abort()
			return badInput(err)
		}
		a.logger().Info("wrote output", "file", f.name, "seconds", time.Since(began).Seconds())
		if progress != nil {
			progress("writing outputs", i+1, len(files))
		}
	}
	if err := ctx.Err(); err != nil { // Ctrl-C during the last file: publish nothing
		set.Abort()
		return err
	}
	published, err := set.Publish(ctx, func(outputs []outdir.File) any {
		return Manifest{Gridflip: version(), HiGHS: highsVersion, HiGHSLibrary: highsLib, Command: os.Args,
			Created: time.Now().UTC().Truncate(time.Second), Case: an.Plan.CaseName, Inputs: a.inputs.Records(), Outputs: outputs}
	})
	if err != nil {
		if isCancel(err) {
			return err
		}
		return withCode(exitBadInput, fmt.Errorf("--out %w", err))
	}
	if published.LeftBehind != "" {
		fmt.Fprintf(a.stderr, "gridflip: warning: published %s, but %s\n", dir, published.LeftBehind)
	}
	return nil
}

// mkdirOut creates an output directory, as bad input when it cannot.
func mkdirOut(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return withCode(exitBadInput, fmt.Errorf("--out %s: %w", dir, err))
	}
	return nil
}
