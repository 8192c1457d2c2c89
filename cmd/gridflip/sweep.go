package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/internal/atomicfile"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/sweep"
)

func newSweepCommand(stdout, stderr io.Writer, logger func() *slog.Logger) *cobra.Command {
	var scenariosPath, shard, out string
	var parallel int
	var timeLimit float64
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
			data, err := os.ReadFile(scenariosPath)
			if err != nil {
				return withCode(exitBadInput, err)
			}
			all, err := sweep.ReadScenarios(data, scenariosPath)
			if err != nil {
				return withCode(exitBadInput, err)
			}
			mine, _ := sweep.Shard(all, i, n)
			in, sv, err := loadCaseAndSolver(args)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return withCode(exitBadInput, err)
			}
			if parallel < 1 {
				parallel = runtime.NumCPU()
			}
			threads := max(1, runtime.NumCPU()/parallel)
			jobs := make(chan sweep.Scenario)
			var mu sync.Mutex
			var failures []error
			var wg sync.WaitGroup
			for range parallel {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for s := range jobs {
						err := runScenario(cmd, sv, in, s, out, optimize.Options{Logger: logger(),
							Solver: solver.Options{TimeLimitSeconds: timeLimit, Threads: threads}})
						mu.Lock()
						if err != nil {
							failures = append(failures, fmt.Errorf("scenario %q: %w", s.ID, err))
						} else {
							fmt.Fprintf(stderr, "scenario %s done\n", s.ID)
						}
						mu.Unlock()
					}
				}()
			}
			for _, s := range mine {
				jobs <- s
			}
			close(jobs)
			wg.Wait()
			fmt.Fprintf(stdout, "shard %d/%d: %d of %d scenarios, results in %s\n", i, n, len(mine), len(all), out)
			if len(failures) > 0 {
				return withCode(exitSolver, errors.Join(failures...))
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&scenariosPath, "scenarios", "", "TOML file of [[scenario]] tables")
	fl.StringVar(&shard, "shard", "0/1", "run shard i of n (0-based)")
	fl.StringVar(&out, "out", "sweep-results", "directory for scenario-<id>.json")
	fl.IntVar(&parallel, "parallel", 0, "scenarios solved at once (0: one per CPU)")
	fl.Float64Var(&timeLimit, "time-limit", 0, "solver time limit per scenario, seconds (0: none)")
	cmd.AddCommand(newSweepMergeCommand(stdout))
	return cmd
}

// runScenario plans one scenario and writes its result file atomically.
func runScenario(cmd *cobra.Command, sv solver.Solver, in *optimize.Inputs, s sweep.Scenario, dir string, opts optimize.Options) error {
	plan, err := optimize.Solve(cmd.Context(), sv, sweep.Apply(in, s), opts)
	if err != nil {
		return err
	}
	r := sweep.NewResult(s, plan)
	return atomicfile.Write(filepath.Join(dir, sweep.FileName(s.ID)), func(w io.Writer) error {
		return sweep.WriteResult(w, r)
	})
}

func newSweepMergeCommand(stdout io.Writer) *cobra.Command {
	var scenariosPath, out string
	cmd := &cobra.Command{
		Use:   "merge DIR [--scenarios FILE] [--out FILE]",
		Short: "Combine a sweep's scenario-<id>.json files (sorted by id)",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return withCode(exitUsage, fmt.Errorf("merge takes one DIR, got %d arguments", len(args)))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			var want []sweep.Scenario
			if scenariosPath != "" {
				data, err := os.ReadFile(scenariosPath)
				if err != nil {
					return withCode(exitBadInput, err)
				}
				if want, err = sweep.ReadScenarios(data, scenariosPath); err != nil {
					return withCode(exitBadInput, err)
				}
			}
			results, err := sweep.Merge(args[0], want)
			if err != nil {
				return withCode(exitBadInput, err)
			}
			if out == "" {
				return sweep.WriteMerged(stdout, results)
			}
			return withCode(exitBadInput, atomicfile.Write(out, func(w io.Writer) error { return sweep.WriteMerged(w, results) }))
		},
	}
	cmd.Flags().StringVar(&scenariosPath, "scenarios", "", "the scenarios file: every scenario must have a result")
	cmd.Flags().StringVar(&out, "out", "", "write the merged JSON here instead of stdout")
	return cmd
}
