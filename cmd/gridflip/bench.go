package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/bench"
	"github.com/gridflip/gridflip/internal/atomicfile"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/internal/rusage"
)

// benchFlags are the bench command's flags.
type benchFlags struct {
	quick, inProcess, compare, targets bool
	casesDir, out, baseline, docs      string
	targetNames, kinds                 []string
	timeLimit                          float64
	sites, hours                       []int
}

func (a *app) benchCommand() *cobra.Command {
	var f benchFlags
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Run the deterministic scaling suite; write bench.json and bench.md",
		Long: `bench solves generated portfolios (sites 1, 10, 100, 1000 x hours 168, 2190,
8760; three halls per site, commitments and a market cap) as MILP with the
monolithic model and the decomposed fast path, and as LP, each under a time
limit and in its own process (so peak memory is per run). It checks that the
methods agree on the objective, never wall time, and writes bench.json and
bench.md into --out. --quick runs the 1-, 10- and 100-site weeks and the 1- and 10-site quarters.
--baseline FILE prints each run's time as a ratio to a previous bench.json.
--docs FILE rewrites the generated sections of a Markdown file (such as
docs/performance.md) with this run's tables: what lies between a line
` + "`<!-- gridflip bench: NAME -->`" + ` (NAME: suite, methods or targets) and a
line ` + "`<!-- end gridflip bench -->`" + `, each section opening with the date,
the command and the machine. Everything else in the file is kept byte for
byte, and so are the sections the run does not measure; the file is
checked before the run and replaced atomically after it, only when every
check passed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			runs, selected, err := f.selection(cmd)
			if err != nil {
				return err
			}
			if f.docs != "" {
				if err := checkDocs(cmd.Context(), f.docs, runs, selected); err != nil {
					return err
				}
			}
			if _, err := loadSolver(); err != nil {
				return err
			}
			report, err := a.benchRuns(cmd, &f, runs, selected)
			if err != nil {
				return err
			}
			return a.benchReport(cmd.Context(), &f, report)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.quick, "quick", false, "run the quick subset (about a minute)")
	fl.Float64Var(&f.timeLimit, "time-limit", 600, "solver time limit per run, seconds")
	fl.StringVar(&f.out, "out", "", "directory for bench.json and bench.md")
	fl.StringVar(&f.baseline, "baseline", "", "a previous bench.json to compare against (time ratios)")
	fl.StringVar(&f.docs, "docs", "", "a Markdown file whose generated sections (<!-- gridflip bench: NAME -->) get this run's tables")
	fl.BoolVar(&f.inProcess, "in-process", false, "run every case in this process (peak memory then accumulates)")
	fl.IntSliceVar(&f.sites, "sites", nil, "only these site counts (e.g. 10,100)")
	fl.IntSliceVar(&f.hours, "hours", nil, "only these horizons (e.g. 8760)")
	fl.StringSliceVar(&f.kinds, "kinds", nil, "only these runs: milp-decomposed, milp-monolithic, lp-decomposed, lp-monolithic")
	fl.BoolVar(&f.compare, "compare", false, "also time HiGHS alone on each monolithic run's MPS export, and CBC when installed")
	fl.BoolVar(&f.targets, "targets", false, "run the fast path's targets: generated cases written to disk and planned by a 'gridflip plan' process each")
	fl.StringSliceVar(&f.targetNames, "target", nil, "with --targets, only the targets whose name contains one of these words (e.g. 10years)")
	fl.StringVar(&f.casesDir, "cases-dir", "", "where --targets writes its cases (kept for reuse; default: a directory in the system's temporary directory)")
	pathFlags(cmd, "out", "baseline", "cases-dir", "docs")
	needsFlag(cmd, "target", "targets")
	needsFlag(cmd, "cases-dir", "targets")
	cmd.AddCommand(newBenchRunCommand(a.stdout), newBenchWriteCaseCommand(a.stdout))
	return cmd
}

// selection checks the flags and picks the suite's runs and the targets.
func (f *benchFlags) selection(cmd *cobra.Command) ([]bench.Case, []bench.Target, error) {
	var runs []bench.Case
	var err error
	if !f.targets || cmd.Flags().Changed("sites") || cmd.Flags().Changed("hours") || cmd.Flags().Changed("kinds") || f.quick {
		if runs, err = bench.Filter(bench.Suite(f.quick), f.sites, f.hours, f.kinds); err != nil {
			return nil, nil, withCode(exitUsage, err)
		}
	}
	if math.IsNaN(f.timeLimit) || f.timeLimit <= 0 || f.timeLimit > maxTimeLimitS {
		return nil, nil, withCode(exitUsage, fmt.Errorf("--time-limit %v: want seconds in (0, %g]", f.timeLimit, maxTimeLimitS))
	}
	var selected []bench.Target
	if f.targets {
		if f.casesDir == "" {
			f.casesDir = filepath.Join(os.TempDir(), "gridflip-bench-cases")
		}
		if selected, err = bench.SelectTargets(bench.Targets(), f.targetNames); err != nil {
			return nil, nil, withCode(exitUsage, err)
		}
	}
	return runs, selected, nil
}

// benchRuns plans the targets and runs the suite's cases, each in a
// child process unless --in-process, with a progress line.
func (a *app) benchRuns(cmd *cobra.Command, f *benchFlags, runs []bench.Case, selected []bench.Target) (*bench.Report, error) {
	counter := a.progress.Counter("bench", len(runs)+len(selected))
	log := a.progress.Writer(a.stderr)
	load := loadAverage()
	report := &bench.Report{
		Machine: fmt.Sprintf("%s/%s, %d CPUs, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version()),
		Date:    time.Now().UTC().Format(time.RFC3339),
		Command: benchCommandLine(cmd),
	}
	for _, t := range selected {
		counter.Doing(t.Name)
		r, err := runTarget(cmd, t, f.casesDir, f.timeLimit)
		if err != nil {
			return nil, err
		}
		counter.Add(1)
		fmt.Fprintf(log, "%-34s %-8s read %6.2f s  plan %6.2f s  total %7.2f s  %7.0f MB  met %v\n", r.Name, r.Status, r.ReadSeconds, r.PlanSeconds, r.TotalSeconds, r.PeakRSSMB, r.Met)
		report.Targets = append(report.Targets, r)
	}
	for _, c := range runs {
		if err := cmd.Context().Err(); err != nil {
			return nil, err // in process, an interrupted run would only look failed
		}
		counter.Doing(c.Name())
		var r bench.Result
		if f.inProcess {
			sv, _ := loadSolver()
			r = bench.Run(cmd.Context(), sv, c, benchOptions(f.timeLimit, f.compare))
			r.PeakRSSMB = rusage.PeakSelfMB()
		} else {
			var err error
			if r, err = runChild(cmd, c, f.timeLimit, f.compare); err != nil {
				return nil, withCode(exitSolver, err)
			}
		}
		counter.Add(1)
		fmt.Fprintf(log, "%-32s %-8s %9.3f s  %7.0f MB  %.2f USD\n", r.Name, r.Status, r.TotalSeconds, r.PeakRSSMB, r.ObjectiveUSD)
		report.Results = append(report.Results, r)
	}
	a.endProgress()
	report.Load = loadSpan(load, loadAverage())
	if sv, err := loadSolver(); err == nil {
		report.Solver = "HiGHS " + sv.Version()
	}
	return report, nil
}

// benchReport writes bench.json and bench.md, prints the tables and the
// ratios, checks the targets and that every method agrees, and then
// rewrites the --docs file. After Ctrl-C it writes nothing.
func (a *app) benchReport(ctx context.Context, f *benchFlags, report *bench.Report) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	stdout := a.stdout
	if f.out != "" {
		if err := os.MkdirAll(f.out, 0o755); err != nil {
			return withCode(exitBadInput, err)
		}
		if err := atomicfile.Write(filepath.Join(f.out, "bench.json"), func(w io.Writer) error { return bench.WriteJSON(w, report) }); err != nil {
			return withCode(exitBadInput, err)
		}
		if err := atomicfile.Write(filepath.Join(f.out, "bench.md"), func(w io.Writer) error { return bench.WriteMarkdown(w, report) }); err != nil {
			return withCode(exitBadInput, err)
		}
	}
	if len(report.Results) > 0 {
		if err := bench.WriteMarkdown(stdout, report); err != nil {
			return err
		}
	}
	if len(report.Targets) > 0 {
		fmt.Fprintln(stdout)
		if err := bench.WriteTargetsMarkdown(stdout, report.Targets); err != nil {
			return err
		}
		if err := bench.CheckTargets(report.Targets, report.Results); err != nil {
			return withCode(exitSolver, err)
		}
	}
	if f.baseline != "" {
		if err := printRatios(ctx, stdout, f.baseline, report); err != nil {
			return withCode(exitBadInput, err)
		}
	}
	if err := bench.Check(report.Results); err != nil {
		return withCode(exitSolver, err)
	}
	fmt.Fprintln(stdout, "\ncheck: every method agrees on the objective")
	if f.docs != "" {
		return writeDocs(ctx, stdout, f.docs, report)
	}
	return nil
}

// runChild runs one case in a child process and reads its result.
func runChild(cmd *cobra.Command, c bench.Case, timeLimit float64, compare bool) (bench.Result, error) {
	exe, err := os.Executable()
	if err != nil {
		return bench.Result{}, err
	}
	spec, _ := json.Marshal(c)
	child := exec.CommandContext(cmd.Context(), exe, "bench", "run", "--case", string(spec), "--time-limit", fmt.Sprint(timeLimit),
		fmt.Sprintf("--compare=%v", compare))
	var out, errOut bytes.Buffer
	child.Stdout, child.Stderr = &out, &errOut
	runErr := child.Run()
	var r bench.Result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return bench.Result{}, fmt.Errorf("bench run %s: %v; %s", c.Name(), runErr, errOut.String())
	}
	if r.PeakRSSMB <= 0 { // the child could not read its own
		r.PeakRSSMB = rusage.PeakChildMB(child.ProcessState)
	}
	return r, nil
}

func newBenchRunCommand(stdout io.Writer) *cobra.Command {
	var spec string
	var timeLimit float64
	var compare bool
	cmd := &cobra.Command{
		Use:    "run --case JSON",
		Short:  "Run one benchmark case (used by bench for per-process memory)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var c bench.Case
			if err := json.Unmarshal([]byte(spec), &c); err != nil {
				return withCode(exitUsage, fmt.Errorf("--case: %w", err))
			}
			sv, err := loadSolver()
			if err != nil {
				return err
			}
			r := bench.Run(cmd.Context(), sv, c, benchOptions(timeLimit, compare))
			r.PeakRSSMB = rusage.PeakOwnMB()
			return json.NewEncoder(stdout).Encode(r)
		},
	}
	cmd.Flags().StringVar(&spec, "case", "", "the case as JSON")
	cmd.Flags().Float64Var(&timeLimit, "time-limit", 600, "solver time limit, seconds")
	cmd.Flags().BoolVar(&compare, "compare", false, "also time HiGHS alone and CBC")
	return cmd
}

// benchOptions sets up a run: CBC is used when it is on the PATH.
func benchOptions(timeLimit float64, compare bool) bench.Options {
	o := bench.Options{TimeLimitSeconds: timeLimit, Compare: compare}
	if p, err := exec.LookPath("cbc"); err == nil && compare {
		o.CBCPath = p
	}
	return o
}

// printRatios prints current ÷ baseline times for matching runs. The
// baseline is read as any input file is (input.OpenPath).
func printRatios(ctx context.Context, w io.Writer, path string, current *bench.Report) error {
	f, err := input.OpenPath(ctx, path, input.Limits{MaxFileBytes: input.MaxSummaryBytes})
	if err != nil {
		return fmt.Errorf("--baseline: %w", err)
	}
	defer f.Close()
	base, err := bench.ReadJSON(f)
	if err != nil {
		return fmt.Errorf("--baseline %s: %w", path, err)
	}
	fmt.Fprintf(w, "\n| run | baseline s | now s | ratio | objective diff |\n|---|---:|---:|---:|---:|\n")
	for _, r := range bench.Compare(base, current) {
		fmt.Fprintf(w, "| %s | %.3f | %.3f | %.2f | %.1e |\n", r.Name, r.Baseline, r.Current, r.Ratio, r.Objective)
	}
	return nil
}

// runTarget writes a target's case (once) and plans it in a child
// process, `gridflip plan CASE --format json`, measuring the whole process.
func runTarget(cmd *cobra.Command, t bench.Target, casesDir string, timeLimit float64) (bench.TargetResult, error) {
	r := bench.TargetResult{Target: t}
	written, err := writeCaseInChild(cmd, t, casesDir)
	if err != nil {
		return r, err
	}
	dir := written.Dir
	r.InputMB = written.InputMB
	exe, err := os.Executable()
	if err != nil {
		return r, err
	}
	args := []string{"plan", dir, "--format", "json", "--mip-gap", "1e-9", "--time-limit", fmt.Sprint(timeLimit)}
	if t.Relax {
		args = append(args, "--relax")
	}
	if t.Method != "" {
		args = append(args, "--method", string(t.Method))
	}
	child := exec.CommandContext(cmd.Context(), exe, args...)
	var errOut bytes.Buffer
	child.Stderr = &errOut
	stdout, err := child.StdoutPipe()
	if err != nil {
		return r, err
	}
	began := time.Now()
	if err := child.Start(); err != nil {
		return r, err
	}
	// Read as it comes, never whole: a 10,000-site summary is tens of MB.
	readErr := r.ReadSummary(stdout)
	_, _ = io.Copy(io.Discard, stdout) // what a failed read left
	runErr := child.Wait()
	r.TotalSeconds = time.Since(began).Seconds()
	r.PeakRSSMB = rusage.PeakChildMB(child.ProcessState)
	if cmd.Context().Err() != nil {
		return r, cmd.Context().Err()
	}
	switch {
	case runErr != nil:
		r.Status, r.Error = "error", strings.TrimSpace(errOut.String())
	case readErr != nil:
		r.Status, r.Error = "error", readErr.Error()
	}
	r.Judge()
	return r, nil
}
