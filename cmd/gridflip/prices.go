package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/grid/isoprices"
	"github.com/gridflip/gridflip/internal/atomicfile"
	"github.com/gridflip/gridflip/internal/input"
)

// pricesCommand groups the commands that prepare price series.
func (a *app) pricesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "prices",
		Short: "Prepare hourly price series for a case",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withCode(exitUsage, errors.New("prices needs a subcommand: import"))
		},
	}
	cmd.AddCommand(a.pricesImportCommand())
	return cmd
}

func (a *app) pricesImportCommand() *cobra.Command {
	var iso, out, fill, from, to string
	var year int
	var nodes []string
	var maxPrices int
	cmd := &cobra.Command{
		Use:   "import --iso ISO --out FILE [--nodes A,B] [--year Y | --from DAY --to DAY] [--fill METHOD] FILE...",
		Short: "Convert PJM, MISO, NYISO, SPP, ERCOT or EIA-portal price files into a case's prices.csv",
		Long: `import reads the price files an ISO publishes (PJM Data Miner 2 LMPs, MISO's
daily market reports, NYISO LBMPs, SPP LMPs by settlement location, ERCOT's
day-ahead and real-time settlement point prices) or the EIA Wholesale
Electricity Market Portal's files (one layout for every ISO), pivots them to
one column per node, converts their clocks to UTC, averages 5- or 15-minute
prices to hours, and writes the hourly table a case's prices key reads.

Every node needs a price in every hour of the range: the market days given
by --year or --from/--to on the ISO's clock, or else the hours from the
files' first price to their last (the hours of the first and last market day
the files do not reach are then named on stderr, not filled). A gap is an
error that lists every span, unless --fill names a method; the hours and
spans filled go to stderr and to a sidecar FILE.filled.csv beside --out.
The section "Prices beyond ERCOT" of docs/case-file.md maps each layout's
columns and says when each fill method fits. The output is replaced
atomically.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return withCode(exitUsage, errors.New("import needs at least one price FILE"))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			layout, err := isoprices.ParseISO(iso)
			if err != nil {
				return withCode(exitUsage, fmt.Errorf("--iso: %w", err))
			}
			if out == "" {
				return withCode(exitUsage, errors.New("import needs --out FILE"))
			}
			if maxPrices < 1 || maxPrices > maxImportPrices {
				return withCode(exitUsage, fmt.Errorf("--max-prices %d: want 1 to %d", maxPrices, maxImportPrices))
			}
			opt := isoprices.Options{ISO: layout, Nodes: nodes, MaxPrices: maxPrices}
			if err := importDays(cmd, &opt, year, from, to); err != nil {
				return withCode(exitUsage, err)
			}
			if fill != "" {
				m, err := isoprices.ParseFill(fill)
				if err != nil {
					return withCode(exitUsage, fmt.Errorf("--fill: %w", err))
				}
				opt.Fill = m
			}
			s, rep, err := a.importPrices(cmd, args, opt)
			if err != nil {
				return err
			}
			sidecar := filledPath(out)
			if len(rep.Filled) > 0 {
				if err := atomicfile.Write(sidecar, func(w io.Writer) error { return writeFilled(w, rep, args) }); err != nil {
					return withCode(exitBadInput, err)
				}
			}
			if err := atomicfile.Write(out, func(w io.Writer) error { return grid.WriteCSV(w, s) }); err != nil {
				return withCode(exitBadInput, err)
			}
			fmt.Fprintf(a.stderr, "wrote %s: %d nodes, %d hours from %s%s\n", out, len(s.Columns), s.Len(),
				s.Times[0].Format(time.RFC3339), averagedNote(s))
			a.reportImport(rep, sidecar)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&iso, "iso", "", "layout of the files: "+strings.Join(isoNames(), ", "))
	f.StringVar(&out, "out", "", "hourly price table to write (timestamp, one column per node)")
	f.StringSliceVar(&nodes, "nodes", nil, "nodes to keep, as columns in this order (default: every node)")
	f.IntVar(&maxPrices, "max-prices", isoprices.DefaultMaxPrices, fmt.Sprintf("most prices held in memory (1 to %d)", maxImportPrices))
	f.IntVar(&year, "year", 0, "cover every hour of this calendar year's market days on the ISO's clock (same as --from Y-01-01 --to Y-12-31)")
	f.StringVar(&from, "from", "", "first market day to cover, YYYY-MM-DD on the ISO's clock (with --to)")
	f.StringVar(&to, "to", "", "last market day to cover, YYYY-MM-DD on the ISO's clock (with --from)")
	f.StringVar(&fill, "fill", "", "fill hours without a price by: "+strings.Join(fillNames(), ", ")+" (default: a gap is an error)")
	pathFlags(cmd, "out")
	return cmd
}

// maxImportPrices bounds --max-prices (about 20 bytes each in memory).
const maxImportPrices = 200_000_000

func isoNames() []string {
	var names []string
	for _, iso := range isoprices.ISOs() {
		names = append(names, string(iso))
	}
	return names
}

// importPrices opens the files within the input limits and imports them.
func (a *app) importPrices(cmd *cobra.Command, paths []string, opt isoprices.Options) (*grid.Series, isoprices.Report, error) {
	o := input.Dir(cmd.Context(), ".", a.caseOptions().Limits, nil)
	inputs := make([]isoprices.Input, 0, len(paths))
	for _, p := range paths {
		inputs = append(inputs, isoprices.Input{Name: p, Open: func() (io.ReadCloser, error) { return o.Open(p) }})
	}
	s, rep, err := isoprices.ImportReport(cmd.Context(), inputs, opt)
	return s, rep, badInput(err)
}

func fillNames() []string {
	var names []string
	for _, m := range isoprices.FillMethods() {
		names = append(names, string(m))
	}
	return names
}

// importDays sets the market days to cover from --year or --from/--to.
func importDays(cmd *cobra.Command, opt *isoprices.Options, year int, from, to string) error {
	f := cmd.Flags()
	if f.Changed("year") {
		if f.Changed("from") || f.Changed("to") {
			return errors.New("--year and --from/--to both name the days: give one")
		}
		if year < 1990 || year > 2100 {
			return fmt.Errorf("--year %d: want 1990 to 2100", year)
		}
		opt.FirstDay = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
		opt.LastDay = time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
		return nil
	}
	if from == "" && to == "" {
		return nil
	}
	if from == "" || to == "" {
		return errors.New("--from and --to go together")
	}
	var err error
	if opt.FirstDay, err = time.Parse(time.DateOnly, from); err != nil {
		return fmt.Errorf("--from %q: want YYYY-MM-DD", from)
	}
	if opt.LastDay, err = time.Parse(time.DateOnly, to); err != nil {
		return fmt.Errorf("--to %q: want YYYY-MM-DD", to)
	}
	if opt.LastDay.Before(opt.FirstDay) {
		return fmt.Errorf("--to %s is before --from %s", to, from)
	}
	return nil
}

// filledPath is the sidecar listing the spans filled: FILE.filled.csv for
// FILE.csv.
func filledPath(out string) string {
	return strings.TrimSuffix(out, filepath.Ext(out)) + ".filled.csv"
}

// writeFilled writes the spans filled, one per row, with the method and
// the files read.
func writeFilled(w io.Writer, rep isoprices.Report, files []string) error {
	cw := csv.NewWriter(w)
	rows := [][]string{{"nodes", "first_hour_utc", "last_hour_utc", "first_hour_local", "last_hour_local", "hours", "method", "source"}}
	for _, s := range rep.Filled {
		nodes := strings.Join(s.Nodes, ";")
		if s.Every {
			nodes = "*"
		}
		rows = append(rows, []string{nodes, s.First.Format(time.RFC3339), s.Last().Format(time.RFC3339),
			s.First.In(rep.Clock).Format(time.RFC3339), s.Last().In(rep.Clock).Format(time.RFC3339),
			strconv.Itoa(s.Hours), string(rep.Fill), strings.Join(files, ";")})
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// reportImport tells on stderr what the import filled and which hours of
// the first and last market day the files do not reach.
func (a *app) reportImport(rep isoprices.Report, sidecar string) {
	for _, s := range rep.Outside {
		fmt.Fprintf(a.stderr, "note: the files do not reach %s of that market day: not in the table, not filled (--year or --from/--to makes them gaps)\n", s.Text(rep.Clock))
	}
	if len(rep.Filled) == 0 {
		return
	}
	fmt.Fprintf(a.stderr, "filled %d prices in %d hours (%d spans) by %s; the spans are in %s:\n", rep.FilledPrices, rep.FilledHours, len(rep.Filled), rep.Fill, sidecar)
	for _, s := range rep.Filled {
		fmt.Fprintf(a.stderr, "  %s: %s\n", s.Who(), s.Text(rep.Clock))
	}
}

// averagedNote says when sub-hourly prices were averaged.
func averagedNote(s *grid.Series) string {
	if s.AveragedFrom == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s prices averaged to hours)", s.AveragedFrom)
}
