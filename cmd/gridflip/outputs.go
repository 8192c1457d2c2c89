package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/internal/outdir"
	"github.com/gridflip/gridflip/proforma/workbook"
	"github.com/gridflip/gridflip/report"
	htmlreport "github.com/gridflip/gridflip/report/html"
)

// Manifest is manifest.json: what produced an output set, from which
// inputs, and the hash of every output (docs/outputs.md).
type Manifest struct {
	Gridflip     string         `json:"gridflip_version" doc:"the module version and VCS revision"`
	HiGHS        string         `json:"highs_version" doc:"the HiGHS version (plan)"`
	HiGHSLibrary string         `json:"highs_library" doc:"the HiGHS library loaded (plan)"`
	Command      []string       `json:"command" doc:"the arguments"`
	Created      time.Time      `json:"created" unit:"RFC 3339" doc:"when the set was written"`
	Case         string         `json:"case" doc:"the case name (plan) or the load data (headroom)"`
	Inputs       []input.Record `json:"inputs" doc:"every input file read, with its size and SHA-256"`
	Outputs      []outdir.File  `json:"outputs" doc:"every other file of the set: name, bytes, sha256"`
}

// version is gridflip's version: the module version and VCS revision the
// binary was built from, when Go recorded them (also in every Parquet
// file's created-by field).
func version() string { return report.Version() }

// outputOptions say which files an output set holds.
type outputOptions struct {
	csv       bool      // the CSV files beside the Parquet ones
	hourlyCSV bool      // hourly.csv too (with csv)
	week      time.Time // the report's dispatch week (zero: the week in which the most curtailments start)
}

// outputFile declares one file of a results set: its name, when it is
// written, what it holds, its shape for docs/reference/outputs.md (a
// table's row type, a JSON document's type, or nil for a page) and its
// writer. skip marks a file this run does not write.
type outputFile struct {
	name, when, doc string
	shape           any
	write           func(io.Writer) error
	skip            bool
}

// planFiles declares the files of a plan's results set, in the order they
// are written (manifest.json last, by the publish: manifestFile). Only the
// writers read ctx, an and dir; an may be nil for the reference.
func planFiles(ctx context.Context, an *analysis.Analysis, dir func() string, opt outputOptions) []outputFile {
	noYears := an == nil || an.Plan.Years == nil
	return []outputFile{
		{name: "summary.json", doc: "the plan, its grid impact and gap, the finance; also `plan --format json`", shape: report.Summary{},
			write: func(w io.Writer) error { return report.WriteJSON(w, an) }},
		{name: "hourly.parquet", doc: "each site's hour: prices, mining, AI, meter and load MW", shape: report.HourlyRow{},
			write: func(w io.Writer) error { return report.WriteHourlyParquet(ctx, w, an.Plan) }},
		{name: "grid.parquet", doc: "each region's and the portfolio's hourly load before and after the plan", shape: report.GridRow{},
			write: func(w io.Writer) error { return report.WriteGridParquet(ctx, w, an) }},
		{name: "yearly.parquet", when: "with a `[horizon]`", doc: "each site's year: capacities, energy, every money stream", shape: report.YearlyRow{},
			write: func(w io.Writer) error { return report.WriteYearlyParquet(ctx, w, an.Plan) }, skip: noYears},
		{name: "sites.parquet", doc: "as sites.csv, the halls built as a list", shape: report.SitesRow{},
			write: func(w io.Writer) error { return report.WriteSitesParquet(ctx, w, an.Plan) }},
		{name: "contracts.parquet", doc: "as contracts.csv", shape: report.ContractRow{},
			write: func(w io.Writer) error { return report.WriteContractsParquet(ctx, w, an.Plan) }},
		{name: "cashflows.parquet", when: "no rows without halls", doc: "as cashflows.csv", shape: report.CashflowRow{},
			write: func(w io.Writer) error { return report.WriteCashflowsParquet(ctx, w, an) }},
		{name: "scenarios.parquet", when: "no rows for a deterministic plan", doc: "as scenarios.csv, the halls built as a list", shape: report.ScenarioRow{},
			write: func(w io.Writer) error { return report.WriteScenariosParquet(ctx, w, an) }},
		{name: "deals.parquet", when: "no rows without halls given by `contract_value_usd`", doc: "as deals.csv", shape: report.DealRow{},
			write: func(w io.Writer) error { return report.WriteDealsParquet(ctx, w, an) }},
		{name: "grid_headroom.parquet", when: "no rows with `--headroom=false`", doc: "as grid_headroom.csv", shape: report.GridHeadroomRow{},
			write: func(w io.Writer) error { return report.WriteGridHeadroomParquet(ctx, w, an) }},
		{name: "sites.csv", when: "with `--csv` (the default)", doc: "each site's plan and money streams", shape: report.SitesRow{},
			write: func(w io.Writer) error { return report.WriteSitesCSV(ctx, w, an.Plan) }, skip: !opt.csv},
		{name: "hourly.csv", when: "with `--csv`, by default only for runs under 1,000,000 site-hours (`--csv` given forces it)", doc: "as hourly.parquet", shape: report.HourlyRow{},
			write: func(w io.Writer) error { return report.WriteHourlyCSV(ctx, w, an.Plan) }, skip: !opt.csv || !opt.hourlyCSV},
		{name: "grid.csv", when: "with `--csv`", doc: "as grid.parquet", shape: report.GridRow{},
			write: func(w io.Writer) error { return report.WriteGridCSV(ctx, w, an) }, skip: !opt.csv},
		{name: "contracts.csv", when: "with `--csv`", doc: "each fixed-price block's monthly settlement", shape: report.ContractRow{},
			write: func(w io.Writer) error { return report.WriteContractsCSV(ctx, w, an.Plan) }, skip: !opt.csv},
		{name: "yearly.csv", when: "with `--csv`; the header alone without a horizon", doc: "as yearly.parquet", shape: report.YearlyRow{},
			write: func(w io.Writer) error { return report.WriteYearlyCSV(ctx, w, an.Plan) }, skip: !opt.csv},
		{name: "cashflows.csv", when: "with `--csv`; the header alone without halls", doc: "the pro formas year by year: the portfolio, each site with a hall built, every hall",
			shape: report.CashflowRow{}, write: func(w io.Writer) error { return report.WriteCashflowsCSV(ctx, w, an) }, skip: !opt.csv},
		{name: "scenarios.csv", when: "with `--csv`; the header alone for a deterministic plan", doc: "each scenario of a stochastic plan",
			shape: report.ScenarioRow{}, write: func(w io.Writer) error { return report.WriteScenariosCSV(ctx, w, an) }, skip: !opt.csv},
		{name: "deals.csv", when: "with `--csv`; the header alone without halls given by `contract_value_usd`", doc: "each signed deal's disclosed contract value and NOI margin against the pro forma's",
			shape: report.DealRow{}, write: func(w io.Writer) error { return report.WriteDealsCSV(ctx, w, an) }, skip: !opt.csv},
		{name: "grid_headroom.csv", when: "with `--csv`; the header alone with `--headroom=false`", doc: "each balancing area's headroom at each limit before and after the plan and each `--flexible` plan (docs/headroom.md)",
			shape: report.GridHeadroomRow{}, write: func(w io.Writer) error { return report.WriteGridHeadroomCSV(ctx, w, an) }, skip: !opt.csv},
		{name: "proforma.xlsx", doc: "the pro formas as an Excel workbook of live formulas: the assumptions, a sheet per hall and the portfolio (docs/outputs.md); also `plan --xlsx FILE`",
			write: func(w io.Writer) error { return workbook.Write(ctx, w, an.Case, an.Plan, an.Finance) }},
		{name: "report.html", doc: "the report: charts and tables from summary.json and the Parquet files; `gridflip report DIR` rebuilds it",
			write: func(w io.Writer) error {
				return htmlreport.Write(ctx, w, dir(), htmlreport.Options{Week: opt.week})
			}},
	}
}

// hourlyCSVMaxSiteHours is the size of run (sites × hours) from which
// hourly.csv is left out unless --csv is given: about 70 MB of CSV.
const hourlyCSVMaxSiteHours = 1_000_000

// hourlyCSV says whether a run of siteHours writes hourly.csv: always when
// --csv was given, else only below hourlyCSVMaxSiteHours.
func hourlyCSV(csvGiven bool, siteHours int) bool {
	return csvGiven || siteHours < hourlyCSVMaxSiteHours
}

// manifestFile declares manifest.json, which every results set ends with.
func manifestFile() outputFile {
	return outputFile{name: "manifest.json", when: "last", doc: "what produced the set, from which inputs, and the hash of every other file",
		shape: Manifest{}}
}

// writeOutputs stages every output file and publishes the set: the
// summary, the CSV and Parquet tables, then report.html, built from the
// staged summary and Parquet files exactly as gridflip report builds it.
func (a *app) writeOutputs(cmd *cobra.Command, dir string, an *analysis.Analysis, highsVersion, highsLib string, opt outputOptions) error {
	set, err := outdir.Stage(dir)
	if err != nil {
		return withCode(exitBadInput, fmt.Errorf("--out %w", err))
	}
	// Every writer checks ctx as it goes: Ctrl-C stops the current file
	// within milliseconds, and its error keeps the set from publishing.
	ctx := cmd.Context()
	var files []outputFile
	for _, f := range planFiles(ctx, an, set.Staged, opt) {
		if !f.skip {
			files = append(files, f)
		}
	}
	progress := a.progress.StagesDoing("") // a line only when writing takes a while
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			set.Abort()
			return err
		}
		if progress != nil {
			progress("writing outputs", f.name, i, len(files)) // the file being written
		}
		began := time.Now()
		if err := set.Write(f.name, f.write); err != nil {
			set.Abort()
			return badInput(err)
		}
		a.logger().Info("wrote output", "file", f.name, "seconds", time.Since(began).Seconds())
		if progress != nil {
			progress("writing outputs", f.name, i+1, len(files))
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
