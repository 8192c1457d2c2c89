package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/cases"
	"github.com/gridflip/gridflip/internal/atomicfile"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/report"
	"github.com/gridflip/gridflip/solver"
)

func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	var logLevel string
	root := &cobra.Command{
		Use:   "gridflip",
		Short: "Plan the conversion of bitcoin-mining sites into AI data-center capacity",
		Long: `gridflip decides, with a mixed-integer model solved by HiGHS, how each site's
megawatts are split hour by hour between curtailable bitcoin mining and firm
AI load, which conversion halls to build, and what that is worth.

With no CASE, commands use the embedded default case.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&logLevel, "log-level", "warn", "log level on stderr: debug, info, warn, error")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return withCode(exitUsage, err) })
	logger := func() *slog.Logger {
		var level slog.Level
		if err := level.UnmarshalText([]byte(logLevel)); err != nil {
			level = slog.LevelWarn
		}
		return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	}
	root.AddCommand(newPlanCommand(stdout, stderr, logger), newValidateCommand(stdout), newExportCommand(stderr, logger),
		newGapCommand(stdout, logger), newBenchCommand(stdout, stderr), newSweepCommand(stdout, stderr, logger))
	return root
}

// args0or1 accepts an optional CASE argument, as a usage error otherwise.
func args0or1(_ *cobra.Command, args []string) error {
	if len(args) > 1 {
		return withCode(exitUsage, fmt.Errorf("expected at most one CASE argument, got %d: %s", len(args), strings.Join(args, " ")))
	}
	return nil
}

// loadCase loads the named case file, or the embedded default without one.
// A name that is not a file but is a bundled case's name loads that case.
func loadCase(args []string) (*optimize.Inputs, error) {
	if len(args) == 0 {
		in, err := cases.LoadBundled(cases.DefaultCase)
		return in, withCode(exitBadInput, err)
	}
	path := args[0]
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "case.toml")
	} else if err != nil && !strings.ContainsAny(path, "/.") {
		for _, name := range cases.Bundled() {
			if name == path {
				in, err := cases.LoadBundled(name)
				return in, withCode(exitBadInput, err)
			}
		}
	}
	in, err := cases.Load(path)
	return in, withCode(exitBadInput, err)
}

// loadCaseAndSolver loads the case first (bad input is reported before a
// missing solver), then HiGHS.
func loadCaseAndSolver(args []string) (*optimize.Inputs, *solver.HiGHS, error) {
	in, err := loadCase(args)
	if err != nil {
		return nil, nil, err
	}
	sv, err := loadSolver()
	if err != nil {
		return nil, nil, err
	}
	return in, sv, nil
}

// loadSolver loads HiGHS or explains how to install it.
func loadSolver() (*solver.HiGHS, error) {
	h, err := solver.LoadHiGHS()
	return h, withCode(exitSolver, err)
}

type planFlags struct {
	out       string
	format    string
	relax     bool
	mipGap    float64
	timeLimit float64
	threads   int
	lpMethod  string
	method    string
	solverLog bool
}

func newPlanCommand(stdout, stderr io.Writer, logger func() *slog.Logger) *cobra.Command {
	var f planFlags
	cmd := &cobra.Command{
		Use:   "plan [CASE]",
		Short: "Solve a case and report the revenue-maximizing plan",
		Long: `plan solves CASE (a case TOML file, a directory holding case.toml, or the name
of a bundled case; the embedded default case without one) and prints the plan.
With --out DIR it also writes summary.json, sites.csv and hourly.csv, each
atomically.`,
		Args: args0or1,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch optimize.Method(f.method) {
			case optimize.MethodAuto, optimize.MethodMonolithic, optimize.MethodDecomposed:
			default:
				return withCode(exitUsage, fmt.Errorf("--method %q: want auto, monolithic or decomposed", f.method))
			}
			if f.format != "text" && f.format != "json" {
				return withCode(exitUsage, fmt.Errorf("--format %q: want text or json", f.format))
			}
			method, ok := map[string]solver.Method{"auto": solver.MethodAuto, "simplex": solver.MethodSimplex, "ipm": solver.MethodIPM}[f.lpMethod]
			if !ok {
				return withCode(exitUsage, fmt.Errorf("--lp-method %q: want auto, simplex or ipm", f.lpMethod))
			}
			if f.mipGap < 0 || f.timeLimit < 0 || f.threads < 0 {
				return withCode(exitUsage, errors.New("--mip-gap, --time-limit and --threads must not be negative"))
			}
			in, sv, err := loadCaseAndSolver(args)
			if err != nil {
				return err
			}
			opts := optimize.Options{
				Relax:  f.relax,
				Method: optimize.Method(f.method),
				Logger: logger(),
				Solver: solver.Options{TimeLimitSeconds: f.timeLimit, MIPRelGap: f.mipGap, Threads: f.threads,
					Method: method, MIPLPMethod: method},
			}
			if f.solverLog {
				opts.Solver.Log = stderr
			}
			a, err := analyze(cmd, sv, in, opts)
			if err != nil {
				return err
			}
			if f.out != "" {
				if err := writeOutputs(f.out, a); err != nil {
					return withCode(exitBadInput, err)
				}
				opts.Logger.Info("wrote outputs", "dir", f.out)
			}
			if f.format == "json" {
				return report.WriteJSON(stdout, a)
			}
			return report.WriteText(stdout, a)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", "", "directory to write summary.json, sites.csv and hourly.csv to")
	fl.StringVar(&f.format, "format", "text", "stdout format: text or json")
	fl.BoolVar(&f.relax, "relax", false, "solve the LP relaxation (halls continuous in [0,1])")
	fl.Float64Var(&f.mipGap, "mip-gap", 0, "relative MIP gap to stop at (0: HiGHS default 1e-4)")
	fl.Float64Var(&f.timeLimit, "time-limit", 0, "solver time limit in seconds (0: none)")
	fl.IntVar(&f.threads, "threads", 0, "solver threads (0: HiGHS default)")
	fl.StringVar(&f.method, "method", "auto", "auto, monolithic or decomposed: auto takes the exact decomposed fast path for MILPs with at most 12 halls per site")
	fl.StringVar(&f.lpMethod, "lp-method", "auto", "LP algorithm (also inside branch and bound): auto, simplex or ipm; auto uses ipm from 20,000 columns")
	fl.BoolVar(&f.solverLog, "solver-log", false, "print the HiGHS log to stderr")
	return cmd
}

// analyze solves the plan and its no-conversion baseline and maps failures
// to exit codes.
func analyze(cmd *cobra.Command, sv solver.Solver, in *optimize.Inputs, opts optimize.Options) (*optimize.Analysis, error) {
	a, err := optimize.Analyze(cmd.Context(), sv, in, opts)
	if err != nil {
		var inf *optimize.InfeasibleError
		if errors.As(err, &inf) {
			return nil, withCode(exitInfeasible, err)
		}
		return nil, withCode(exitSolver, err)
	}
	return a, nil
}

// writeOutputs writes the output files atomically into dir.
func writeOutputs(dir string, a *optimize.Analysis) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("--out %s: %w", dir, err)
	}
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"summary.json", func(w io.Writer) error { return report.WriteJSON(w, a) }},
		{"sites.csv", func(w io.Writer) error { return report.WriteSitesCSV(w, a.Plan) }},
		{"hourly.csv", func(w io.Writer) error { return report.WriteHourlyCSV(w, a.Plan) }},
		{"grid.csv", func(w io.Writer) error { return report.WriteGridCSV(w, a) }},
		{"contracts.csv", func(w io.Writer) error { return report.WriteContractsCSV(w, a.Plan) }},
	}
	for _, file := range files {
		if err := atomicfile.Write(filepath.Join(dir, file.name), file.write); err != nil {
			return err
		}
	}
	return nil
}

func newGapCommand(stdout io.Writer, logger func() *slog.Logger) *cobra.Command {
	var relax bool
	var timeLimit float64
	cmd := &cobra.Command{
		Use:   "gap [CASE]",
		Short: "How much of the US data-center power gap the plan's converted sites close",
		Long: `gap plans CASE and prints the AI meter MW it places at converted sites (new AI
load that needs no new grid connection), by region and in total, and the
fraction of each US power-gap estimate that closes (the defaults, overridden or
extended by the case's [[gap]] entries).`,
		Args: args0or1,
		RunE: func(cmd *cobra.Command, args []string) error {
			in, sv, err := loadCaseAndSolver(args)
			if err != nil {
				return err
			}
			a, err := analyze(cmd, sv, in, optimize.Options{Relax: relax, Logger: logger(),
				Solver: solver.Options{TimeLimitSeconds: timeLimit}})
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "gridflip gap: %s (%s, %d hours)\n", in.Case.Name, a.Plan.Status, a.Plan.Hours)
			return report.WriteGapTable(stdout, a)
		},
	}
	cmd.Flags().BoolVar(&relax, "relax", false, "solve the LP relaxation")
	cmd.Flags().Float64Var(&timeLimit, "time-limit", 0, "solver time limit in seconds (0: none)")
	return cmd
}

func newValidateCommand(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "validate [CASE]",
		Short: "Check a case without solving: prints ok or every error found",
		Args:  args0or1,
		RunE: func(_ *cobra.Command, args []string) error {
			in, err := loadCase(args)
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
			fmt.Fprintf(stdout, "ok: %q, %d sites, %d candidate halls, %d hours from %s\n",
				in.Case.Name, len(in.Case.Sites), halls, in.T(), in.Hours[0].Format("2006-01-02T15:04Z07:00"))
			return nil
		},
	}
}

func newExportCommand(stderr io.Writer, logger func() *slog.Logger) *cobra.Command {
	var mps string
	var relax bool
	cmd := &cobra.Command{
		Use:   "export [CASE] --mps FILE",
		Short: "Write the model as free-format MPS for any other solver",
		Args:  args0or1,
		RunE: func(_ *cobra.Command, args []string) error {
			if mps == "" {
				return withCode(exitUsage, errors.New("export needs --mps FILE"))
			}
			in, err := loadCase(args)
			if err != nil {
				return err
			}
			m, err := optimize.Build(in, optimize.BuildOptions{Relax: relax, Names: true})
			if err != nil {
				return withCode(exitBadInput, err)
			}
			err = atomicfile.Write(mps, func(w io.Writer) error { return solver.WriteMPS(w, m.Problem) })
			if err != nil {
				return withCode(exitBadInput, err)
			}
			p := m.Problem
			logger().Info("wrote MPS", "file", mps, "columns", p.NumCols(), "rows", p.NumRows(), "nonzeros", p.NumNonzeros())
			fmt.Fprintf(stderr, "wrote %s: %d columns (%d integer), %d rows, %d nonzeros\n", mps, p.NumCols(), p.NumIntegers(), p.NumRows(), p.NumNonzeros())
			return nil
		},
	}
	cmd.Flags().StringVar(&mps, "mps", "", "MPS file to write")
	cmd.Flags().BoolVar(&relax, "relax", false, "export the LP relaxation")
	return cmd
}
