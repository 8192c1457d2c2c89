package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/internal/atomicfile"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/optimize"
	htmlreport "github.com/gridflip/gridflip/report/html"
	"github.com/gridflip/gridflip/scenario"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/sweep"
)

func (a *app) sweepCommand() *cobra.Command {
	var scenariosPath, shard, out string
	var parallel int
	var f solverFlags
	cmd := &cobra.Command{
		Use:   "sweep [CASE] --scenarios FILE [--shard i/n] [--out DIR]",
		Short: "Plan many market scenarios of one case, one shard at a time",
		Long: `sweep plans every scenario of --scenarios (a TOML file of [[scenario]] tables)
for CASE and writes one result file per scenario, scenario-<id>.json, into
--out. --shard i/n runs only the i-th of n deterministic shards (scenarios
sorted by id, every n-th from i), so n machines can share a sweep: a Kubernetes
Indexed Job or a Slurm array runs shard $INDEX/n each (deploy/ has examples).
Locally the shard's scenarios run in parallel across --parallel workers.
'gridflip sweep merge DIR' combines the result files.`,
		Args: args0or1,
		RunE: func(cmd *cobra.Command, args []string) error {
			if scenariosPath == "" {
				return withCode(exitUsage, errors.New("sweep needs --scenarios FILE"))
			}
			i, n, err := sweep.ParseShard(shard)
			if err != nil {
				return withCode(exitUsage, err)
			}
			if parallel < 0 || parallel > maxParallel {
				return withCode(exitUsage, fmt.Errorf("--parallel %d: want 0 to %d (0: one per CPU)", parallel, maxParallel))
			}
			so, err := f.options()
			if err != nil {
				return err
			}
			all, err := a.loadScenarios(cmd, scenariosPath)
			if err != nil {
				return err
			}
			mine, _ := sweep.Shard(all, i, n)
			in, sv, err := a.loadCaseAndSolver(cmd, args)
			if err != nil {
				return err
			}
			if parallel == 0 {
				parallel = runtime.NumCPU()
			}
			if err := a.checkMemory(in, len(in.Case.Scenarios), min(parallel, len(mine)), false); err != nil {
				return err
			}
			so.Threads = max(1, runtime.NumCPU()/parallel)
			if err := a.runScenarios(cmd, sv, in, mine, out, parallel, optimize.Options{Logger: a.logger(), Solver: so}); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "shard %d/%d: %d of %d scenarios, results in %s\n", i, n, len(mine), len(all), out)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&scenariosPath, "scenarios", "", "TOML file of [[scenario]] tables")
	fl.StringVar(&shard, "shard", "0/1", "run shard i of n (0-based)")
	fl.StringVar(&out, "out", "sweep-results", "directory for scenario-<id>.json")
	fl.IntVar(&parallel, "parallel", 0, fmt.Sprintf("scenarios solved at once, 0 to %d (0: one per CPU)", maxParallel))
	f.register(cmd, false)
	pathFlags(cmd, "scenarios", "out")
	cmd.AddCommand(a.sweepMergeCommand())
	return cmd
}

// loadScenarios reads a scenarios file with the input limits.
func (a *app) loadScenarios(cmd *cobra.Command, path string) ([]sites.Scenario, error) {
	o := input.Dir(cmd.Context(), filepath.Dir(path), a.caseOptions().Limits, &a.inputs)
	all, err := sites.LoadScenarios(o, filepath.Base(path))
	return all, badInput(err)
}

// runScenarios plans the scenarios on parallel workers, each result file
// written atomically. The first infeasible scenario decides the exit code
// (3); other failures exit 4.
func (a *app) runScenarios(cmd *cobra.Command, sv solver.Solver, in *optimize.Inputs, scenarios []sites.Scenario, dir string, parallel int, opts optimize.Options) error {
	if err := mkdirOut(dir); err != nil {
		return err
	}
	jobs := make(chan sites.Scenario)
	counter := a.progress.Counter("sweep: scenarios", len(scenarios))
	log := a.progress.Writer(a.stderr)
	var mu sync.Mutex
	var failures []error
	var wg sync.WaitGroup
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range jobs {
				counter.Doing(s.ID)
				err := a.runScenario(cmd, sv, in, s, dir, opts)
				mu.Lock()
				if err != nil {
					failures = append(failures, fmt.Errorf("scenario %q (line %d): %w", s.ID, s.Line, err))
				} else {
					fmt.Fprintf(log, "scenario %s done\n", s.ID)
				}
				mu.Unlock()
				counter.Add(1)
			}
		}()
	}
	for _, s := range scenarios {
		if cmd.Context().Err() != nil {
			break
		}
		jobs <- s
	}
	close(jobs)
	wg.Wait()
	a.endProgress()
	if err := cmd.Context().Err(); err != nil {
		return err
	}
	if len(failures) > 0 {
		return solveError(errors.Join(failures...))
	}
	return nil
}

// runScenario plans one what-if and writes its result file atomically. A
// case with [[scenario]] tables is a stochastic plan: the what-if applies
// on top of each of its scenarios and the whole plan is solved again.
func (a *app) runScenario(cmd *cobra.Command, sv solver.Solver, in *optimize.Inputs, s sites.Scenario, dir string, opts optimize.Options) error {
	ctx := cmd.Context()
	var r sweep.Result
	if len(in.Case.Scenarios) == 0 {
		if s.RiskWeight != nil {
			return fmt.Errorf("risk_weight needs a case with [[scenario]] tables")
		}
		what, err := scenario.Inputs(ctx, in, s, a.caseOptions())
		if err != nil {
			return err
		}
		plan, err := optimize.Solve(ctx, sv, what, opts)
		if err != nil {
			return err
		}
		r = sweep.NewResult(s, plan)
	} else {
		st, err := scenario.SetWith(ctx, in, nil, a.caseOptions(), &s)
		if err != nil {
			return err
		}
		sp, err := optimize.SolveStochastic(ctx, sv, st, opts)
		if err != nil {
			return err
		}
		r = sweep.NewStochasticResult(s, sp, analysis.ReferenceScenario(st))
	}
	return atomicfile.Write(filepath.Join(dir, sweep.FileName(s.ID)), func(w io.Writer) error {
		return sweep.WriteResult(w, r)
	})
}

func (a *app) sweepMergeCommand() *cobra.Command {
	var scenariosPath, out, htmlPath, base string
	cmd := &cobra.Command{
		Use:   "merge DIR [--scenarios FILE] [--out FILE] [--html FILE [--base ID]]",
		Short: "Combine a sweep's scenario-<id>.json files (sorted by id)",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return withCode(exitUsage, fmt.Errorf("merge takes one DIR, got %d arguments", len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var want []sites.Scenario
			if scenariosPath != "" {
				var err error
				if want, err = a.loadScenarios(cmd, scenariosPath); err != nil {
					return err
				}
			}
			if base != "" && htmlPath == "" {
				return withCode(exitUsage, fmt.Errorf("--base names the tornado's base scenario: it needs --html FILE"))
			}
			results, err := sweep.Merge(cmd.Context(), args[0], want)
			if err != nil {
				return withCode(exitBadInput, err)
			}
			// The report is laid out before anything is written, so a
			// missing base scenario leaves no file behind.
			var page bytes.Buffer
			if htmlPath != "" {
				if err := htmlreport.WriteSweep(cmd.Context(), &page, sweepRows(results), base); err != nil {
					return withCode(exitBadInput, fmt.Errorf("sweep merge --html: %w", err))
				}
			}
			if out == "" {
				err = sweep.WriteMerged(a.stdout, results)
			} else {
				err = atomicfile.Write(out, func(w io.Writer) error { return sweep.WriteMerged(w, results) })
			}
			if err != nil || htmlPath == "" {
				return withCode(exitBadInput, err)
			}
			return withCode(exitBadInput, atomicfile.Write(htmlPath, func(w io.Writer) error {
				_, err := w.Write(page.Bytes())
				return err
			}))
		},
	}
	cmd.Flags().StringVar(&scenariosPath, "scenarios", "", "the scenarios file: every scenario must have a result")
	cmd.Flags().StringVar(&out, "out", "", "write the merged JSON here instead of stdout")
	cmd.Flags().StringVar(&htmlPath, "html", "", "also write a self-contained HTML report with a tornado chart of the objective against the base scenario")
	cmd.Flags().StringVar(&base, "base", "", "with --html, the scenario the tornado measures from (default \"base\")")
	pathFlags(cmd, "scenarios", "out", "html")
	return cmd
}

// sweepRows maps sweep results onto the sweep report's rows.
func sweepRows(results []sweep.Result) []htmlreport.SweepResult {
	out := make([]htmlreport.SweepResult, len(results))
	for i, r := range results {
		out[i] = htmlreport.SweepResult{ID: r.Scenario.ID, Changes: r.Scenario.Changes(), Status: r.Status,
			ObjectiveUSD: r.ObjectiveUSD, HallsBuilt: r.HallsBuilt, NewAIITMW: r.NewAIITMW, Error: r.Error}
	}
	return out
}
