package main

import (
	"errors"
	"fmt"
	"io"
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
	var iso, out string
	var nodes []string
	var maxPrices int
	cmd := &cobra.Command{
		Use:   "import --iso ISO --out FILE [--nodes A,B] FILE...",
		Short: "Convert PJM, MISO, NYISO or SPP settlement-point price files into a case's prices.csv",
		Long: `import reads the price files an ISO publishes (PJM Data Miner 2 LMPs, MISO's
daily market reports, NYISO LBMPs, SPP LMPs by settlement location), pivots
them to one column per node, converts their clocks to UTC, averages 5- or
15-minute prices to hours, and writes the hourly table a case's prices key
reads. Every node must have one price in every interval of one gap-free
range across the files. The section "Prices beyond ERCOT" of docs/case-file.md maps each
layout's columns. The output is replaced atomically.`,
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
			s, err := a.importPrices(cmd, layout, args, isoprices.Options{ISO: layout, Nodes: nodes, MaxPrices: maxPrices})
			if err != nil {
				return err
			}
			if err := atomicfile.Write(out, func(w io.Writer) error { return grid.WriteCSV(w, s) }); err != nil {
				return withCode(exitBadInput, err)
			}
			fmt.Fprintf(a.stderr, "wrote %s: %d nodes, %d hours from %s%s\n", out, len(s.Columns), s.Len(),
				s.Times[0].Format(time.RFC3339), averagedNote(s))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&iso, "iso", "", "layout of the files: "+strings.Join(isoNames(), ", "))
	f.StringVar(&out, "out", "", "hourly price table to write (timestamp, one column per node)")
	f.StringSliceVar(&nodes, "nodes", nil, "nodes to keep, as columns in this order (default: every node)")
	f.IntVar(&maxPrices, "max-prices", isoprices.DefaultMaxPrices, fmt.Sprintf("most prices held in memory (1 to %d)", maxImportPrices))
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
func (a *app) importPrices(cmd *cobra.Command, layout isoprices.ISO, paths []string, opt isoprices.Options) (*grid.Series, error) {
	o := input.Dir(cmd.Context(), ".", a.caseOptions().Limits, nil)
	inputs := make([]isoprices.Input, 0, len(paths))
	for _, p := range paths {
		inputs = append(inputs, isoprices.Input{Name: p, Open: func() (io.ReadCloser, error) { return o.Open(p) }})
	}
	s, err := isoprices.Import(cmd.Context(), inputs, opt)
	return s, badInput(err)
}

// averagedNote says when sub-hourly prices were averaged.
func averagedNote(s *grid.Series) string {
	if s.AveragedFrom == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s prices averaged to hours)", s.AveragedFrom)
}
