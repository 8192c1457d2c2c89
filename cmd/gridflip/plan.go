package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/internal/outdir"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/report"
	"github.com/gridflip/gridflip/scenario"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
)

type planFlags struct {
	solverFlags
	out        string
	format     string
	relax      bool
	method     string
	solverLog  bool
	scenarios  string
	riskWeight float64
	flexible   []float64
	csv        bool
	week       string
	xlsx       string
	headroom   bool
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
			if f.out != "" {
				// An output directory that cannot be written fails now, not
				// after the solve.
				if err := input.CheckDir(f.out); err != nil {
					return withCode(exitBadInput, fmt.Errorf("--out %w", err))
				}
				if err := outdir.Check(f.out); err != nil {
					return withCode(exitBadInput, fmt.Errorf("--out %w", err))
				}
			}
			if f.xlsx != "" {
				if err := checkXLSX(f.xlsx, f.out); err != nil {
					return err
				}
			}
			began := time.Now()
			in, sv, err := a.loadCaseAndSolver(cmd, args)
			if err != nil {
				return err
			}
			read := time.Since(began).Seconds()
			week, err := parseWeek(f.week, in.Hours)
			if err != nil {
				return err
			}
			opts = a.watch(opts)
			an, err := a.analyze(cmd, sv, in, opts, f.scenarios, riskOverride(cmd, f.riskWeight))
			if err != nil {
				return err
			}
			if err := a.flexible(cmd, sv, in, an, f.flexible, opts); err != nil {
				return err
			}
			if f.headroom {
				began := time.Now()
				if err := planHeadroom(in, an); err != nil {
					return err
				}
				opts.Logger.Info("grid headroom before and after", "seconds", time.Since(began).Seconds())
			}
			an.ReadSeconds = read
			skipped := ""
			if f.out != "" {
				siteHours := len(an.Plan.Sites) * an.Plan.Hours
				hourly := hourlyCSV(cmd.Flags().Changed("csv"), siteHours)
				if f.csv && !hourly {
					skipped = fmt.Sprintf("hourly.csv skipped: %d site-hours, over %d (hourly.parquet holds them; --csv writes it)\n", siteHours, hourlyCSVMaxSiteHours)
				}
				if err := a.writeOutputs(cmd, f.out, an, sv.Version(), sv.LibraryPath(), outputOptions{csv: f.csv, hourlyCSV: hourly, week: week}); err != nil {
					return err
				}
				opts.Logger.Info("wrote outputs", "dir", f.out)
			}
			if f.xlsx != "" {
				if err := writeXLSX(cmd.Context(), f.xlsx, an); err != nil {
					return err
				}
				opts.Logger.Info("wrote the pro forma workbook", "file", f.xlsx)
			}
			a.endProgress()
			if f.format == "json" {
				fmt.Fprint(a.stderr, skipped)
				return report.WriteJSON(a.stdout, an)
			}
			if err := report.WriteText(a.stdout, an); err != nil {
				return err
			}
			_, err = fmt.Fprint(a.stdout, skipped)
			return err
		},
	}
	f.register(cmd, true)
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", "", "directory to write the output set to")
	fl.StringVar(&f.format, "format", "text", "stdout format: text or json")
	fl.BoolVar(&f.relax, "relax", false, "solve the LP relaxation (halls continuous in [0,1])")
	fl.StringVar(&f.method, "method", "auto", "auto, monolithic or decomposed: auto takes the exact decomposed fast path whenever every term of the case has a closed form")
	fl.BoolVar(&f.solverLog, "solver-log", false, "print the HiGHS log to stderr")
	fl.StringVar(&f.scenarios, "scenarios", "", "plan one set of halls across the [[scenario]] tables of FILE (instead of the case's own): a two-stage stochastic plan")
	fl.Float64Var(&f.riskWeight, "risk-weight", 0, "λ in [0, 1] for a stochastic plan, instead of the case's [risk] risk_weight")
	fl.Float64SliceVar(&f.flexible, "flexible", nil, "also answer with every new hall curtailable at each of these shares of its energy, e.g. 0.0025,0.005,0.01")
	fl.BoolVar(&f.headroom, "headroom", true, "report each balancing area's curtailment-enabled headroom before and after the plan (docs/headroom.md)")
	fl.BoolVar(&f.csv, "csv", true, "with --out, also write the CSV files (the Parquet files and report.html are always written); hourly.csv only under 1,000,000 site-hours unless --csv is given; --csv=false writes none")
	fl.StringVar(&f.week, "week", "", "with --out, the first day (YYYY-MM-DD, in the time zone most sites keep) of the week report.html shows dispatch for (default: the week in which the most curtailments start)")
	fl.StringVar(&f.xlsx, "xlsx", "", "also write the pro formas to `FILE`, an Excel workbook of live formulas (--out holds it as proforma.xlsx)")
	pathFlags(cmd, "out", "scenarios", "xlsx")
	needsFlag(cmd, "week", "out")
	needsFlag(cmd, "csv", "out")
	return cmd
}

// parseWeek reads --week: a day whose 168 hours are all model hours.
func parseWeek(s string, hours []time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	day, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, withCode(exitUsage, fmt.Errorf("--week %q: want a date, YYYY-MM-DD", s))
	}
	last := hours[len(hours)-1]
	end := day.Add(7*24*time.Hour - time.Hour)
	if day.Before(hours[0]) || end.After(last) {
		return time.Time{}, withCode(exitUsage, fmt.Errorf("--week %s: the week must lie within the run's hours, %s to %s",
			s, hours[0].Format(time.RFC3339), last.Format(time.RFC3339)))
	}
	return day, nil
}

// flexible adds the headroom answer for each curtailment share.
func (a *app) flexible(cmd *cobra.Command, sv solver.Solver, in *optimize.Inputs, an *analysis.Analysis, shares []float64, opts optimize.Options) error {
	if len(shares) == 0 {
		return nil
	}
	for _, s := range shares {
		if !(s > 0 && s <= 0.2) {
			return withCode(exitUsage, fmt.Errorf("--flexible %v: each share must be in (0, 0.2]", s))
		}
	}
	if an.Risk != nil {
		return withCode(exitUsage, errors.New("--flexible answers for one case; it does not combine with scenarios"))
	}
	rows, err := analysis.Flexible(cmd.Context(), sv, in, shares, an.Baseline, opts)
	if err != nil {
		return solveError(err)
	}
	an.Flexibility = rows
	return nil
}

// planHeadroom measures the balancing areas' headroom before and after
// the plan (and each --flexible plan) on the bundled load.
func planHeadroom(in *optimize.Inputs, an *analysis.Analysis) error {
	d, err := analysis.LoadHeadroomData()
	if err != nil {
		return fmt.Errorf("headroom: %w", err)
	}
	return analysis.MeasureHeadroom(d, in.Case, an)
}

// riskOverride returns the --risk-weight value when the flag was given.
func riskOverride(cmd *cobra.Command, v float64) *float64 {
	if cmd.Flags().Changed("risk-weight") {
		return &v
	}
	return nil
}

// analyze plans the case: across scenarios when the case has [[scenario]]
// tables or a scenarios file is given, else the one case; and measures
// the plan.
func (a *app) analyze(cmd *cobra.Command, sv solver.Solver, in *optimize.Inputs, opts optimize.Options, scenariosPath string, riskWeight *float64) (*analysis.Analysis, error) {
	if riskWeight != nil && !(*riskWeight >= 0 && *riskWeight <= 1) {
		return nil, withCode(exitUsage, fmt.Errorf("--risk-weight %v: want λ in [0, 1]", *riskWeight))
	}
	var list []sites.Scenario
	if scenariosPath != "" {
		var err error
		if list, err = a.loadScenarios(cmd, scenariosPath); err != nil {
			return nil, err
		}
	}
	scenarios := len(list)
	if list == nil {
		scenarios = len(in.Case.Scenarios)
	}
	if err := a.checkMemory(in, scenarios, 1, opts.Method == optimize.MethodMonolithic); err != nil {
		return nil, err
	}
	if list == nil && len(in.Case.Scenarios) == 0 {
		if riskWeight != nil {
			return nil, withCode(exitUsage, errors.New("--risk-weight needs scenarios: [[scenario]] tables in the case, or --scenarios FILE"))
		}
		an, err := analysis.Run(cmd.Context(), sv, in, opts)
		return an, solveError(err)
	}
	st, err := scenario.Set(cmd.Context(), in, list, a.caseOptions())
	if err != nil {
		return nil, badInput(err)
	}
	if riskWeight != nil {
		st.RiskWeight = *riskWeight
	}
	an, err := analysis.RunStochastic(cmd.Context(), sv, st, scenario.Mean(st), opts)
	return an, solveError(err)
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
	var flexible []float64
	var format string
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
			if format != "text" && format != "json" {
				return withCode(exitUsage, fmt.Errorf("--format %q: want text or json", format))
			}
			opts := a.watch(optimize.Options{Relax: relax, Logger: a.logger(), Solver: so})
			an, err := a.analyze(cmd, sv, in, opts, "", nil)
			if err != nil {
				return err
			}
			if err := a.flexible(cmd, sv, in, an, flexible, opts); err != nil {
				return err
			}
			a.endProgress()
			if format == "json" {
				return report.WriteJSON(a.stdout, an)
			}
			fmt.Fprintf(a.stdout, "gridflip gap: %s (%s, %d hours)\n", report.Clean(in.Case.Name), an.Plan.Status, an.Plan.Hours)
			if err := report.WriteGapTable(a.stdout, an); err != nil {
				return err
			}
			return report.WriteFlexibility(a.stdout, an)
		},
	}
	cmd.Flags().BoolVar(&relax, "relax", false, "solve the LP relaxation")
	cmd.Flags().Float64SliceVar(&flexible, "flexible", nil, "also answer with every new hall curtailable at each of these shares of its energy, e.g. 0.0025,0.005,0.01")
	cmd.Flags().StringVar(&format, "format", "text", "text or json (the plan's summary JSON)")
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
