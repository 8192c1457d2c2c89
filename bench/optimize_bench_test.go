package bench_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/cases/synth"
	"github.com/gridflip/gridflip/internal/rusage"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/scenario"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// benchSizes are the portfolio sizes of the v1 benchmark table.
var benchSizes = []int{10, 100}

func benchInputs(b *testing.B, nSites int) *optimize.Inputs {
	b.Helper()
	in, err := synth.Portfolio(synth.Spec{
		Sites: nSites, Hours: 8760, HallsPerSite: 3, Seed: 1, CommitmentShare: 0.2, CapShare: 0.3,
	})
	if err != nil {
		b.Fatal(err)
	}
	return in
}

// BenchmarkBuild measures model construction: nonzeros per second and bytes
// allocated per nonzero.
func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes {
		in := benchInputs(b, n)
		b.Run(fmt.Sprintf("sites=%d/hours=8760", n), func(b *testing.B) {
			b.ReportAllocs()
			var nnz, cols, rows int
			for b.Loop() {
				m, err := optimize.Build(in, optimize.BuildOptions{})
				if err != nil {
					b.Fatal(err)
				}
				nnz, cols, rows = m.Problem.NumNonzeros(), m.Problem.NumCols(), m.Problem.NumRows()
			}
			perOp := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(cols), "columns")
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(nnz), "nonzeros")
			b.ReportMetric(float64(nnz)/perOp/1e6, "Mnnz/s")
		})
	}
}

// benchTimeLimit is the per-solve time limit, from GRIDFLIP_BENCH_TIME_LIMIT
// (seconds, default 600).
func benchTimeLimit() float64 {
	if v, err := strconv.ParseFloat(os.Getenv("GRIDFLIP_BENCH_TIME_LIMIT"), 64); err == nil && v > 0 {
		return v
	}
	return 600
}

// BenchmarkSolve measures a whole plan (build, solve, verification, the
// fixed-hall LP for interconnection values): the MILP with the decomposed
// fast path and with the monolithic model, and the LP relaxation. Run with
// -benchtime 1x: the monolithic 100-site year runs into the time limit.
func BenchmarkSolve(b *testing.B) {
	h := solvertest.HiGHS(b)
	for _, n := range benchSizes {
		in := benchInputs(b, n)
		for _, run := range []struct {
			kind   string
			relax  bool
			method optimize.Method
		}{
			{"milp-decomposed", false, optimize.MethodDecomposed},
			{"milp-monolithic", false, optimize.MethodMonolithic},
			{"lp-monolithic", true, optimize.MethodMonolithic},
		} {
			b.Run(fmt.Sprintf("sites=%d/hours=8760/%s", n, run.kind), func(b *testing.B) {
				var plan *optimize.Plan
				for b.Loop() {
					var err error
					plan, err = optimize.Solve(context.Background(), h, in, optimize.Options{
						Relax:  run.relax,
						Method: run.method,
						Solver: solver.Options{TimeLimitSeconds: benchTimeLimit()},
					})
					if errors.Is(err, optimize.ErrNoSolution) {
						b.Logf("%s: no feasible solution within the %.0f s time limit", b.Name(), benchTimeLimit())
						return
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(plan.Solver.BuildSeconds, "build-s")
				b.ReportMetric(plan.Solver.SolveSeconds, "solve-s")
				b.ReportMetric(plan.Solver.InterconnectSolveSeconds, "poi-lp-s")
				b.ReportMetric(plan.MIPGap, "mip-gap")
				b.ReportMetric(rusage.PeakSelfMB(), "peak-rss-MB")
				b.Logf("%s: status %s, objective %.0f USD, %d columns, %d rows, %d nonzeros",
					b.Name(), plan.Status, plan.ObjectiveUSD, plan.Solver.Columns, plan.Solver.Rows, plan.Solver.Nonzeros)
			})
		}
	}
}

// BenchmarkSolveYears measures planning over 10 years (2026-2035) with 5
// halls per site: the fast path on 100 sites (the target: 60 s, 2 GB on 2
// cores), and both methods on 10 sites for the speedup. Run with
// -benchtime 1x.
func BenchmarkSolveYears(b *testing.B) {
	h := solvertest.HiGHS(b)
	for _, run := range []struct {
		sites  int
		method optimize.Method
	}{
		{100, optimize.MethodDecomposed},
		{10, optimize.MethodDecomposed},
		{10, optimize.MethodMonolithic},
	} {
		in, err := synth.Portfolio(synth.Spec{Sites: run.sites, Hours: 8760, HallsPerSite: 5, Seed: 1,
			CommitmentShare: 0.2, CapShare: 0.3, Years: 10})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("sites=%d/halls=5/years=10/%s", run.sites, run.method), func(b *testing.B) {
			var plan *optimize.Plan
			for b.Loop() {
				plan, err = optimize.Solve(context.Background(), h, in, optimize.Options{Method: run.method,
					Solver: solver.Options{TimeLimitSeconds: benchTimeLimit(), MIPRelGap: 1e-9}})
				if errors.Is(err, optimize.ErrNoSolution) {
					b.Logf("%s: no feasible solution within the %.0f s time limit", b.Name(), benchTimeLimit())
					return
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(plan.Solver.BuildSeconds, "build-s")
			b.ReportMetric(plan.Solver.SolveSeconds, "solve-s")
			b.ReportMetric(rusage.PeakSelfMB(), "peak-rss-MB")
			b.Logf("%s: status %s, objective %.0f USD, %d columns, %d rows, %d nonzeros, coupling %d x %d",
				b.Name(), plan.Status, plan.ObjectiveUSD, plan.Solver.Columns, plan.Solver.Rows, plan.Solver.Nonzeros,
				plan.Solver.CouplingColumns, plan.Solver.CouplingRows)
		})
	}
}

// BenchmarkSolveStochastic measures a stochastic plan at λ = 0.5 with the
// market cap binding: 100 sites over a year and 20 scenarios (the target:
// 60 s, 2 GB), and 10 sites with 5 halls over 10 years and 10 scenarios
// (60 s). Run with -benchtime 1x.
func BenchmarkSolveStochastic(b *testing.B) {
	h := solvertest.HiGHS(b)
	for _, run := range []synth.Spec{
		{Sites: 100, Hours: 8760, HallsPerSite: 3, Seed: 1, CommitmentShare: 0.2, CapShare: 0.3, Scenarios: 20, RiskWeight: 0.5},
		{Sites: 10, Hours: 8760, HallsPerSite: 5, Seed: 1, CommitmentShare: 0.2, CapShare: 0.3, Years: 10, Scenarios: 10, RiskWeight: 0.5},
	} {
		in, err := synth.Portfolio(run)
		if err != nil {
			b.Fatal(err)
		}
		st, err := scenario.Set(context.Background(), in, nil, loader.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("sites=%d/years=%d/scenarios=%d", run.Sites, max(1, run.Years), run.Scenarios), func(b *testing.B) {
			var sp *optimize.StochasticPlan
			for b.Loop() {
				sp, err = optimize.SolveStochastic(context.Background(), h, st, optimize.Options{Solver: solver.Options{MIPRelGap: 1e-9}})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(sp.Solver.BuildSeconds, "value-s")
			b.ReportMetric(sp.Solver.SolveSeconds, "solve-s")
			b.ReportMetric(sp.Solver.VerifySeconds, "verify-s")
			b.ReportMetric(rusage.PeakSelfMB(), "peak-rss-MB")
			b.Logf("%s: objective %.0f USD, E %.0f, CVaR %.0f, coupling %d x %d", b.Name(), sp.ObjectiveUSD, sp.ExpectedUSD, sp.CVaRUSD,
				sp.Solver.CouplingColumns, sp.Solver.CouplingRows)
		})
	}
}
