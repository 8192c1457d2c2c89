package bench_test

import (
	"context"
	"testing"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/internal/rusage"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/scenario"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// BenchmarkRunStochasticUSMiners measures the stochastic study of the
// bundled us-miners case over its 18 futures at λ = 0.5, as `gridflip plan
// cases/us-miners --scenarios cases/us-miners/scenarios.toml --risk-weight
// 0.5` runs it: the stochastic plan, every perfect-information plan, the
// expected-value plan valued in every scenario and the baseline in every
// scenario (docs/performance.md, the stochastic table; the target: 10 s,
// 600 MB). Run with -benchtime 1x.
func BenchmarkRunStochasticUSMiners(b *testing.B) {
	h := solvertest.HiGHS(b)
	ctx := context.Background()
	in, err := loader.Load(ctx, "../cases/us-miners/case.toml", loader.Options{})
	if err != nil {
		b.Fatal(err)
	}
	list, err := sites.LoadScenarios(input.Dir(ctx, "../cases/us-miners", input.Limits{}, nil), "scenarios.toml")
	if err != nil {
		b.Fatal(err)
	}
	st, err := scenario.Set(ctx, in, list, loader.Options{})
	if err != nil {
		b.Fatal(err)
	}
	st.RiskWeight = 0.5
	mean := scenario.Mean(st)
	var a *analysis.Analysis
	for b.Loop() {
		if a, err = analysis.RunStochastic(ctx, h, st, mean, optimize.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(a.PlanSeconds, "plan-s")
	b.ReportMetric(a.BaselineSeconds, "baseline-s")
	b.ReportMetric(rusage.PeakSelfMB(), "peak-rss-MB")
	b.Logf("%d scenarios: objective %.0f USD, EVPI %.0f, VSS %.0f", len(st.Scenarios), a.Risk.Plan.ObjectiveUSD, a.Risk.EVPIUSD, a.Risk.VSSUSD)
}
