package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/internal/outdir"
	htmlreport "github.com/gridflip/gridflip/report/html"
)

// reportInputs are the files of a results set report.html is built from.
var reportInputs = []string{"summary.json", "hourly.parquet", "grid.parquet"}

func (a *app) reportCommand() *cobra.Command {
	var week string
	cmd := &cobra.Command{
		Use:   "report DIR [--week YYYY-MM-DD]",
		Short: "Rebuild report.html of a results directory (plan --out)",
		Long: `report rebuilds DIR/report.html from the summary and Parquet files that
plan --out wrote there. It first checks every file against DIR's
manifest.json (size and SHA-256) and refuses a directory whose files do not
match it; then it replaces report.html and its manifest entry atomically.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return withCode(exitUsage, errors.New("report needs one results directory (plan --out DIR)"))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			var day time.Time
			if week != "" {
				d, err := time.Parse(time.DateOnly, week)
				if err != nil {
					return withCode(exitUsage, fmt.Errorf("--week %q: want a date, YYYY-MM-DD", week))
				}
				day = d
			}
			// The set is locked from the check of its manifest to the
			// switch, so a plan --out racing this command cannot mix sets.
			var m Manifest
			set, err := outdir.Open(cmd.Context(), dir, &m, "report.html")
			if err != nil {
				if isCancel(err) {
					return err
				}
				return withCode(exitBadInput, fmt.Errorf("report %w", err))
			}
			defer set.Close()
			for _, name := range reportInputs {
				if !slices.ContainsFunc(m.Outputs, func(f outdir.File) bool { return f.Name == name }) {
					return withCode(exitBadInput, fmt.Errorf("report %s: not a results set report can read: its manifest lists no %s (plan --out writes it)", dir, name))
				}
			}
			// The page is laid out before anything is written: a week
			// outside the run is a usage error and leaves the set as it was.
			var page bytes.Buffer
			if err := htmlreport.Write(cmd.Context(), &page, set.Dir(), htmlreport.Options{Week: day}); err != nil {
				if errors.Is(err, htmlreport.ErrWeek) {
					return withCode(exitUsage, err)
				}
				return badInput(err)
			}
			if err := cmd.Context().Err(); err != nil { // Ctrl-C while the page was laid out
				return err
			}
			published, err := set.Replace(cmd.Context(), "report.html", func(w io.Writer) error {
				_, err := w.Write(page.Bytes())
				return err
			})
			if err != nil {
				if isCancel(err) {
					return err
				}
				return withCode(exitBadInput, fmt.Errorf("report %w", err))
			}
			if published.LeftBehind != "" {
				fmt.Fprintf(a.stderr, "gridflip: warning: rebuilt %s/report.html, but %s\n", dir, published.LeftBehind)
			}
			fmt.Fprintf(a.stderr, "wrote %s/report.html\n", dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&week, "week", "", "the first day (YYYY-MM-DD, in the time zone most sites keep) of the dispatch week shown (default: the week in which the most curtailments start)")
	return cmd
}
