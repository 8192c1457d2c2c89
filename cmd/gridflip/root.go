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

	"github.com/gridflip/gridflip/cases"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/internal/progress"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver"
)

// Bounds of numeric flags (documented in the README).
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
	inputs         input.Log // the files read, for the manifest
	// progress draws progress lines on stderr when it is a terminal and
	// --quiet is off (nil otherwise, which draws nothing).
	progress *progress.Display
}

func newRootCommand(stdout, stderr io.Writer) (*cobra.Command, *app) {
	a := &app{stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "gridflip",
		Short: "Plan the conversion of bitcoin-mining sites into AI data-center capacity",
		Long: `gridflip decides, with a mixed-integer model solved by HiGHS, how each site's
megawatts are split hour by hour between curtailable bitcoin mining and firm
AI load, which conversion halls to build, and what that is worth.

With no CASE, commands use the embedded default case.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(*cobra.Command, []string) error {
			if err := a.checkGlobalFlags(); err != nil {
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
	pf.IntVar(&a.maxLineKB, "max-line-kb", defaultLineKB, fmt.Sprintf("longest line of an input file, KB (1 to %d)", maxLineKB))
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return withCode(exitUsage, err) })
	root.AddCommand(a.planCommand(), a.validateCommand(), a.exportCommand(), a.gapCommand(), a.headroomCommand(), a.benchCommand(), a.sweepCommand(), a.pricesCommand(), a.reportCommand(), a.doctorCommand(), a.setupCommand())
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
	opts.Solver.Progress, _ = a.progress.MIP("MILP (HiGHS)")
	return opts
}

// endProgress finishes the progress lines; call it before writing results.
func (a *app) endProgress() {
	a.progress.Wait()
	a.progress = nil
}

// caseOptions are the options the case loader takes.
func (a *app) caseOptions() cases.Options {
	return cases.Options{Limits: input.Limits{MaxFileBytes: a.maxInputMB << 20, MaxLineBytes: a.maxLineKB << 10}, Log: &a.inputs}
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
		in, err := cases.LoadBundled(ctx, cases.DefaultCase, a.caseOptions())
		return in, badInput(err)
	}
	path := args[0]
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "case.toml")
	} else if err != nil && !strings.ContainsAny(path, `/\.`) {
		for _, name := range cases.Bundled() {
			if name == path {
				in, err := cases.LoadBundled(ctx, name, a.caseOptions())
				return in, badInput(err)
			}
		}
	}
	in, err := cases.Load(ctx, path, a.caseOptions())
	return in, badInput(err)
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
// missing solver), then HiGHS.
func (a *app) loadCaseAndSolver(cmd *cobra.Command, args []string) (*optimize.Inputs, *solver.HiGHS, error) {
	in, err := a.loadCase(cmd, args)
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
