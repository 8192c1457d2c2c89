package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gridflip/gridflip/cases"
	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/internal/memlimit"
	"github.com/gridflip/gridflip/internal/progress"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/highs"
)

// Bounds of numeric flags (documented in docs/getting-started.md).
const (
	maxThreads        = 64
	maxTimeLimitS     = 1e7     // about 115 days
	maxInputMB        = 1 << 20 // 1 TB
	maxLineKB         = 1 << 20 // 1 GB
	maxParallel       = 256
	defaultLineKB     = input.DefaultMaxLineBytes >> 10
	defaultInputMB    = input.DefaultMaxFileBytes >> 20
	logLevelsAccepted = "debug, info, warn, error"
)

// app holds what every command shares: the output streams and the global
// flags.
type app struct {
	stdout, stderr io.Writer
	logLevel       string
	maxInputMB     int64
	maxLineKB      int
	quiet          bool
	strict         bool      // plausibility warnings are errors
	inputs         input.Log // the files read, for the manifest
	// progress draws progress lines on stderr when it is a terminal and
	// --quiet is off (nil otherwise, which draws nothing).
	progress *progress.Display
	// memory returns the memory the process may use (the system's sources;
	// tests set GRIDFLIP_MEMORY_LIMIT_BYTES).
	memory func() (memlimit.Limit, error)
}

func newRootCommand(stdout, stderr io.Writer) (*cobra.Command, *app) {
	a := &app{stdout: stdout, stderr: stderr, memory: memlimit.Default().Limit}
	root := &cobra.Command{
		Use:   "gridflip",
		Short: "Plan the conversion of bitcoin-mining sites into AI data-center capacity",
		Long: `gridflip decides, with a mixed-integer model solved by HiGHS, how each site's
megawatts are split hour by hour between curtailable bitcoin mining and firm
AI load, which conversion halls to build, and what that is worth.

With no CASE, commands use the embedded default case.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.checkGlobalFlags(); err != nil {
				return err
			}
			if err := checkFlagRelations(cmd); err != nil {
				return err
			}
			a.progress = progress.New(a.stderr, !a.quiet && progress.IsTerminal(a.stderr))
			return nil
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	pf := root.PersistentFlags()
	pf.StringVar(&a.logLevel, "log-level", "warn", "log level on stderr: "+logLevelsAccepted)
	pf.Int64Var(&a.maxInputMB, "max-input-mb", defaultInputMB, fmt.Sprintf("largest input file read, MB (1 to %d)", maxInputMB))
	pf.BoolVar(&a.quiet, "quiet", false, "no progress lines on stderr (they are drawn only when stderr is a terminal)")
	pf.BoolVar(&a.strict, "strict", false, "treat plausibility warnings (values that are legal but almost surely a unit slip) as errors: exit 1")
	pf.IntVar(&a.maxLineKB, "max-line-kb", defaultLineKB, fmt.Sprintf("longest line of an input file, KB (1 to %d)", maxLineKB))
	root.SetFlagErrorFunc(flagError)
	root.SuggestionsMinimumDistance = maxSuggestDistance
	root.AddCommand(a.planCommand(), a.validateCommand(), a.exportCommand(), a.gapCommand(), a.headroomCommand(), a.benchCommand(), a.sweepCommand(), a.pricesCommand(), a.reportCommand(), a.doctorCommand(), a.setupCommand(), a.docsCommand(), a.initCommand(), a.serveCommand())
	return root, a
}

// checkGlobalFlags refuses bad values of the global flags.
func (a *app) checkGlobalFlags() error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(a.logLevel)); err != nil || strings.ContainsAny(a.logLevel, "+-") {
		return withCode(exitUsage, fmt.Errorf("--log-level %q: want one of %s", a.logLevel, logLevelsAccepted))
	}
	if a.maxInputMB < 1 || a.maxInputMB > maxInputMB {
		return withCode(exitUsage, fmt.Errorf("--max-input-mb %d: want 1 to %d", a.maxInputMB, maxInputMB))
	}
	if a.maxLineKB < 1 || a.maxLineKB > maxLineKB {
		return withCode(exitUsage, fmt.Errorf("--max-line-kb %d: want 1 to %d", a.maxLineKB, maxLineKB))
	}
	return nil
}

// Flag annotations checked before any command runs.
const (
	annotationPath  = "gridflip/path"  // a file or directory: "" is refused
	annotationNeeds = "gridflip/needs" // the flags this one only matters with
)

// pathFlags marks flags naming a file or directory: given as "" they are
// a usage error (their default would otherwise apply without a word).
func pathFlags(cmd *cobra.Command, names ...string) {
	for _, name := range names {
		mustAnnotate(cmd.Flags().SetAnnotation(name, annotationPath, []string{"true"}))
	}
}

// needsFlag marks flag as meaningful only with other: given without it,
// it is a usage error rather than ignored.
func needsFlag(cmd *cobra.Command, flag, other string) {
	mustAnnotate(cmd.Flags().SetAnnotation(flag, annotationNeeds, []string{other}))
}

// mustAnnotate panics on an error of flag registration, a programming error that
// every test of the command would meet.
func mustAnnotate(err error) {
	if err != nil {
		panic(err)
	}
}

// checkFlagRelations refuses, as usage errors, the marked path flags given
// as "" and the flags given without the one they need.
func checkFlagRelations(cmd *cobra.Command) error {
	var err error
	fl := cmd.Flags()
	fl.VisitAll(func(f *pflag.Flag) {
		if err != nil || !f.Changed {
			return
		}
		if _, ok := f.Annotations[annotationPath]; ok && f.Value.String() == "" {
			err = withCode(exitUsage, fmt.Errorf("--%s \"\": want a path", f.Name))
			return
		}
		for _, other := range f.Annotations[annotationNeeds] {
			if o := fl.Lookup(other); o == nil || !o.Changed || o.Value.String() == "false" {
				err = withCode(exitUsage, fmt.Errorf("--%s only matters with --%s", f.Name, other))
				return
			}
		}
	})
	return err
}

// logger is the run's logger on stderr (above the progress lines).
func (a *app) logger() *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(a.logLevel))
	return slog.New(slog.NewTextHandler(a.progress.Writer(a.stderr), &slog.HandlerOptions{Level: level}))
}

// watch adds the progress lines to a planning run: the fast path's
// stages, and a MILP's incumbent, bound and gap once it has run two
// seconds. Nothing changes when no progress is drawn.
func (a *app) watch(opts optimize.Options) optimize.Options {
	if a.progress == nil {
		return opts
	}
	opts.Progress = a.progress.Stages("")
	if show, _ := a.progress.MIP("MILP (HiGHS)"); show != nil {
		opts.Solver.Progress = func(m solver.MIPProgress) { show(progress.MIPState(m)) }
	}
	return opts
}

// endProgress finishes the progress lines; call it before writing results.
func (a *app) endProgress() {
	a.progress.Wait()
	a.progress = nil
}

// caseOptions are the options the case loader takes.
func (a *app) caseOptions() loader.Options {
	return loader.Options{Limits: input.Limits{MaxFileBytes: a.maxInputMB << 20, MaxLineBytes: a.maxLineKB << 10}, Log: &a.inputs}
}

// args0or1 accepts an optional CASE argument, as a usage error otherwise.
func args0or1(_ *cobra.Command, args []string) error {
	if len(args) > 1 {
		return withCode(exitUsage, fmt.Errorf("expected at most one CASE argument, got %d: %s", len(args), strings.Join(args, " ")))
	}
	return nil
}

// loadCase loads the named case: a TOML file, a directory holding
// case.toml, or a bundled case's name; the embedded default without one.
func (a *app) loadCase(cmd *cobra.Command, args []string) (*optimize.Inputs, error) {
	ctx := cmd.Context()
	if len(args) == 0 {
		in, err := loader.LoadBundled(ctx, cases.DefaultCase, a.caseOptions())
		if err != nil {
			return nil, badInput(err)
		}
		return in, a.plausibility(in)
	}
	path := args[0]
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "case.toml")
	} else if err != nil && !strings.ContainsAny(path, `/\.`) {
		for _, name := range cases.Bundled() {
			if name == path {
				in, err := loader.LoadBundled(ctx, name, a.caseOptions())
				if err != nil {
					return nil, badInput(err)
				}
				return in, a.plausibility(in)
			}
		}
	}
	if _, err := os.Stat(path); err != nil {
		return nil, badInput(missingCase(path, err))
	}
	in, err := loader.Load(ctx, path, a.caseOptions())
	if err != nil {
		return nil, badInput(err)
	}
	return in, a.plausibility(in)
}

// plausibility prints the case's plausibility warnings on stderr (never
// stdout, which may carry JSON), or with --strict refuses the case with
// them (exit 1).
func (a *app) plausibility(in *optimize.Inputs) error {
	warnings := in.Case.Plausibility()
	if n := len(in.HashpriceUSDPerPHDay); n > 0 {
		sum := 0.0
		for _, v := range in.HashpriceUSDPerPHDay {
			sum += v
		}
		warnings = append(warnings, in.Case.HashpriceWarnings(sum/float64(n))...)
	}
	if len(warnings) == 0 {
		return nil
	}
	warnings.Sort()
	if a.strict {
		return withCode(exitBadInput, fmt.Errorf("--strict: %d plausibility warnings:\n%w", len(warnings), warnings))
	}
	w := a.progress.Writer(a.stderr)
	for _, is := range warnings {
		fmt.Fprintf(w, "gridflip: warning: %s\n", is.Error())
	}
	return nil
}

// badInput marks a loading error as bad input (an interrupt stays one).
func badInput(err error) error {
	if err == nil || isCancel(err) {
		return err
	}
	return withCode(exitBadInput, err)
}

// isCancel reports an interrupt.
func isCancel(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// loadCaseAndSolver loads the case first (bad input is reported before a
// missing solver), checks that one plan of it fits in memory (loading
// HiGHS under too small an address space fails otherwise), then loads
// HiGHS.
func (a *app) loadCaseAndSolver(cmd *cobra.Command, args []string) (*optimize.Inputs, *highs.Solver, error) {
	in, err := a.loadCase(cmd, args)
	if err != nil {
		return nil, nil, err
	}
	if err := a.checkMemory(in, len(in.Case.Scenarios), 1, false); err != nil {
		return nil, nil, err
	}
	sv, err := loadSolver()
	if err != nil {
		return nil, nil, err
	}
	return in, sv, nil
}

// loadSolver loads HiGHS or explains how to install it.
func loadSolver() (*highs.Solver, error) {
	h, err := highs.Load()
	return h, withCode(exitSolver, err)
}

// solverFlags are the flags that tune HiGHS, shared by plan, gap and sweep.
type solverFlags struct {
	mipGap    float64
	timeLimit float64
	threads   int
	lpMethod  string
}

func (f *solverFlags) register(cmd *cobra.Command, all bool) {
	fl := cmd.Flags()
	fl.Float64Var(&f.timeLimit, "time-limit", 0, fmt.Sprintf("solver time limit in seconds (0: none; at most %g)", maxTimeLimitS))
	if !all {
		return
	}
	fl.Float64Var(&f.mipGap, "mip-gap", 0, "relative MIP gap to stop at, in [0, 1) (0: HiGHS default 1e-4; the fast path's coupling problem uses 1e-9)")
	fl.IntVar(&f.threads, "threads", 0, fmt.Sprintf("solver threads, 0 to %d (0: HiGHS default)", maxThreads))
	fl.StringVar(&f.lpMethod, "lp-method", "auto", "LP algorithm (also inside branch and bound): auto, simplex or ipm; auto uses ipm from 20,000 columns")
}

// options checks the flags and returns the solver options.
func (f *solverFlags) options() (solver.Options, error) {
	if f.lpMethod == "" {
		f.lpMethod = "auto"
	}
	method, ok := map[string]solver.Method{"auto": solver.MethodAuto, "simplex": solver.MethodSimplex, "ipm": solver.MethodIPM}[f.lpMethod]
	switch {
	case !ok:
		return solver.Options{}, withCode(exitUsage, fmt.Errorf("--lp-method %q: want auto, simplex or ipm", f.lpMethod))
	case math.IsNaN(f.mipGap) || f.mipGap < 0 || f.mipGap >= 1:
		return solver.Options{}, withCode(exitUsage, fmt.Errorf("--mip-gap %v: want a number in [0, 1)", f.mipGap))
	case math.IsNaN(f.timeLimit) || f.timeLimit < 0 || f.timeLimit > maxTimeLimitS:
		return solver.Options{}, withCode(exitUsage, fmt.Errorf("--time-limit %v: want seconds in [0, %g] (0: none)", f.timeLimit, maxTimeLimitS))
	case f.threads < 0 || f.threads > maxThreads:
		return solver.Options{}, withCode(exitUsage, fmt.Errorf("--threads %d: want 0 to %d (0: HiGHS default)", f.threads, maxThreads))
	}
	return solver.Options{TimeLimitSeconds: f.timeLimit, MIPRelGap: f.mipGap, Threads: f.threads, Method: method, MIPLPMethod: method}, nil
}

// solveError maps a planning failure to its exit code.
func solveError(err error) error {
	var inf *optimize.InfeasibleError
	switch {
	case err == nil:
		return nil
	case isCancel(err):
		return err
	case errors.As(err, &inf):
		return withCode(exitInfeasible, err)
	case errors.Is(err, optimize.ErrUnsupported):
		return withCode(exitUsage, err)
	default:
		return withCode(exitSolver, err)
	}
}

// checkMemory refuses, before it solves, a run of in that needs more
// memory than the process may use (exit 5): scenarios is the number of
// scenarios each plan holds, parallel the plans solved at once.
func (a *app) checkMemory(in *optimize.Inputs, scenarios, parallel int, monolithic bool) error {
	limit, err := a.memory()
	if err != nil {
		return withCode(exitUsage, err)
	}
	return withCode(exitResource, limit.Check(runSize(in, scenarios, parallel, monolithic)))
}

// runSize is what a run's memory grows with.
func runSize(in *optimize.Inputs, scenarios, parallel int, monolithic bool) memlimit.Size {
	s := memlimit.Size{Sites: len(in.Case.Sites), Hours: in.T(), Scenarios: scenarios, Parallel: parallel, Monolithic: monolithic}
	for _, site := range in.Case.Sites {
		s.Halls += len(site.Halls)
	}
	if in.Case.Horizon != nil {
		s.Years = in.Case.Horizon.Years
	}
	return s
}
