package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/report"
)

type planFlags struct {
	solverFlags
	out       string
	format    string
	relax     bool
	method    string
	solverLog bool
}

func (a *app) planCommand() *cobra.Command {
	var f planFlags
	cmd := &cobra.Command{
		Use:   "plan [CASE]",
		Short: "Solve a case and report the revenue-maximizing plan",
		Long: `plan solves CASE (a case TOML file, a directory holding case.toml, or the name
of a bundled case; the embedded default case without one) and prints the plan.
With --out DIR it also writes summary.json, sites.csv, hourly.csv, grid.csv and
contracts.csv, then manifest.json: the set is staged and published together,
so a failed or interrupted run leaves the previous set as it was.`,
		Args: args0or1,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := a.planOptions(&f)
			if err != nil {
				return err
			}
			if f.format != "text" && f.format != "json" {
				return withCode(exitUsage, fmt.Errorf("--format %q: want text or json", f.format))
			}
			began := time.Now()
			in, sv, err := a.loadCaseAndSolver(cmd, args)
			if err != nil {
				return err
			}
			read := time.Since(began).Seconds()
			an, err := analysis.Run(cmd.Context(), sv, in, opts)
			if err != nil {
				return solveError(err)
			}
			an.ReadSeconds = read
			if f.out != "" {
				if err := a.writeOutputs(cmd, f.out, an, sv.Version(), sv.LibraryPath()); err != nil {
					return err
				}
				opts.Logger.Info("wrote outputs", "dir", f.out)
			}
			if f.format == "json" {
				return report.WriteJSON(a.stdout, an)
			}
			return report.WriteText(a.stdout, an)
		},
	}
	f.register(cmd, true)
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", "", "directory to write the output set to")
	fl.StringVar(&f.format, "format", "text", "stdout format: text or json")
	fl.BoolVar(&f.relax, "relax", false, "solve the LP relaxation (halls continuous in [0,1])")
	fl.StringVar(&f.method, "method", "auto", "auto, monolithic or decomposed: auto takes the exact decomposed fast path whenever every term of the case has a closed form")
	fl.BoolVar(&f.solverLog, "solver-log", false, "print the HiGHS log to stderr")
	return cmd
}

// planOptions checks the plan flags and returns the optimize options.
func (a *app) planOptions(f *planFlags) (optimize.Options, error) {
	switch optimize.Method(f.method) {
	case optimize.MethodAuto, optimize.MethodMonolithic, optimize.MethodDecomposed:
	default:
		return optimize.Options{}, withCode(exitUsage, fmt.Errorf("--method %q: want auto, monolithic or decomposed", f.method))
	}
	so, err := f.options()
	if err != nil {
		return optimize.Options{}, err
	}
	opts := optimize.Options{Relax: f.relax, Method: optimize.Method(f.method), Logger: a.logger(), Solver: so}
	if f.solverLog {
		opts.Solver.Log = a.stderr
	}
	return opts, nil
}

func (a *app) gapCommand() *cobra.Command {
	var relax bool
	var f solverFlags
	cmd := &cobra.Command{
		Use:   "gap [CASE]",
		Short: "How much of the US data-center power gap the plan's converted sites close",
		Long: `gap plans CASE and prints the AI meter MW it places at converted sites (new AI
load that needs no new grid connection), by region and in total, and the
fraction of each US power-gap estimate that closes (the defaults, overridden or
extended by the case's [[gap]] entries).`,
		Args: args0or1,
		RunE: func(cmd *cobra.Command, args []string) error {
			so, err := f.options()
			if err != nil {
				return err
			}
			in, sv, err := a.loadCaseAndSolver(cmd, args)
			if err != nil {
				return err
			}
			an, err := analysis.Run(cmd.Context(), sv, in, optimize.Options{Relax: relax, Logger: a.logger(), Solver: so})
			if err != nil {
				return solveError(err)
			}
			fmt.Fprintf(a.stdout, "gridflip gap: %s (%s, %d hours)\n", report.Clean(in.Case.Name), an.Plan.Status, an.Plan.Hours)
			return report.WriteGapTable(a.stdout, an)
		},
	}
	cmd.Flags().BoolVar(&relax, "relax", false, "solve the LP relaxation")
	f.register(cmd, false)
	return cmd
}

func (a *app) validateCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "validate [CASE]",
		Short: "Check a case without solving: prints ok or every error found",
		Long: `validate loads CASE with every check plan makes before solving: the schema,
the series, and the conflicts that make a case infeasible (commitments that
no set of halls meets in every hour, interconnections, the market cap).`,
		Args: args0or1,
		RunE: func(cmd *cobra.Command, args []string) error {
			in, err := a.loadCase(cmd, args)
			if err != nil {
				return err
			}
			if conflicts := optimize.Diagnose(in); len(conflicts) > 0 {
				return withCode(exitInfeasible, &optimize.InfeasibleError{Conflicts: conflicts})
			}
			halls := 0
			for _, s := range in.Case.Sites {
				halls += len(s.Halls)
			}
			_, err = fmt.Fprintf(a.stdout, "ok: %q, %d sites, %d candidate halls, %d hours from %s\n",
				in.Case.Name, len(in.Case.Sites), halls, in.T(), in.Hours[0].Format("2006-01-02T15:04Z07:00"))
			if err != nil {
				return withCode(exitBadInput, fmt.Errorf("writing to standard output: %w", err))
			}
			return nil
		},
	}
}
