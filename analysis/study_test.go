package analysis_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/scenario"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestSharedValuationMatchesUnshared: the small case over its three
// futures, at λ = 0, 0.5 and 1, gives the same stochastic plan (the halls
// of every scenario), objective, EVPI and VSS whether its plans share one
// valuation of each site in each scenario or are each solved on their own
// (optimize.Options.Unshared, the computation before the valuations were
// shared); each scenario's baseline value is optimize.SolveBaseline's
// objective there plus what stays outside it, both ways; only the
// reference scenario's plan keeps its hourly data, both ways. The guard: the study really is shared, and some λ builds a hall.
func TestSharedValuationMatchesUnshared(t *testing.T) {
	sv := solvertest.HiGHS(t)
	ctx := context.Background()
	base, err := loader.Load(ctx, "../cases/small/case.toml", loader.Options{})
	require.NoError(t, err)
	list, err := sites.LoadScenarios(input.Dir(ctx, "../cases/small", input.Limits{}, nil), "scenarios.toml")
	require.NoError(t, err)
	built := 0
	for _, lambda := range []float64{0, 0.5, 1} {
		st, err := scenario.Set(ctx, base, list, loader.Options{})
		require.NoError(t, err)
		st.RiskWeight = lambda
		study, err := optimize.SolveStochasticStudy(ctx, sv, st, scenario.Mean(st), optimize.Options{})
		require.NoError(t, err)
		require.True(t, study.Shared, "λ %g: the study shares its valuation", lambda)
		got, err := analysis.RunStochastic(ctx, sv, st, scenario.Mean(st), optimize.Options{})
		require.NoError(t, err)
		want, err := analysis.RunStochastic(ctx, sv, st, scenario.Mean(st), optimize.Options{Unshared: true})
		require.NoError(t, err)
		g, w := got.Risk, want.Risk
		tol := 1e-9 * max(1, w.Plan.ObjectiveUSD, -w.Plan.ObjectiveUSD)
		require.InDelta(t, w.Plan.ObjectiveUSD, g.Plan.ObjectiveUSD, tol, "λ %g: objective", lambda)
		require.InDelta(t, w.EVPIUSD, g.EVPIUSD, tol, "λ %g: EVPI", lambda)
		require.InDelta(t, w.VSSUSD, g.VSSUSD, tol, "λ %g: VSS", lambda)
		require.Equal(t, w.EVPlanError, g.EVPlanError, "λ %g", lambda)
		require.Equal(t, w.PerfectInformationUSD, g.PerfectInformationUSD, "λ %g: perfect information", lambda)
		require.Len(t, g.BaselineValueUSD, len(st.Scenarios))
		for sc, scen := range st.Scenarios {
			base, err := optimize.SolveBaseline(ctx, sv, scen.In, optimize.Options{})
			require.NoError(t, err)
			want := base.ObjectiveUSD + g.Plan.Scenarios[sc].OutsideUSD
			require.InDelta(t, want, g.BaselineValueUSD[sc], tol, "λ %g scenario %d: the baseline's value", lambda, sc)
			require.InDelta(t, want, w.BaselineValueUSD[sc], tol, "λ %g scenario %d: the baseline's value, unshared", lambda, sc)
			if sc == got.Risk.Reference {
				require.Equal(t, base.ObjectiveUSD, got.Baseline.ObjectiveUSD, "λ %g: the reference scenario's baseline", lambda)
				require.Equal(t, len(base.Regions), len(got.Baseline.Regions), "λ %g: the reference baseline's regions", lambda)
			}
		}
		require.InDelta(t, w.BaselineUSD, g.BaselineUSD, tol, "λ %g: the baseline's metric", lambda)
		for sc := range w.Plan.Scenarios {
			require.Equal(t, w.Plan.Scenarios[sc].Plan.Portfolio.HallsBuilt, g.Plan.Scenarios[sc].Plan.Portfolio.HallsBuilt, "λ %g scenario %d", lambda, sc)
			for s := range w.Plan.Scenarios[sc].Plan.Sites {
				require.Equal(t, w.Plan.Scenarios[sc].Plan.Sites[s].HallsBuilt, g.Plan.Scenarios[sc].Plan.Sites[s].HallsBuilt, "λ %g scenario %d site %d", lambda, sc, s)
			}
			built += g.Plan.Scenarios[sc].Plan.Portfolio.HallsBuilt
			for way, r := range map[string]*analysis.Risk{"shared": g, "unshared": w} {
				p := r.Plan.Scenarios[sc].Plan
				if sc == r.Reference { // the outputs read the reference plan's hours
					require.NotEmpty(t, p.Regions, "λ %g scenario %d, %s: the reference plan keeps its regions' loads", lambda, sc, way)
					require.NotNil(t, p.Hourly, "λ %g scenario %d, %s: the reference plan keeps its hours", lambda, sc, way)
					continue
				}
				require.Nil(t, p.Regions, "λ %g scenario %d, %s: no other scenario keeps its regions' loads", lambda, sc, way)
				require.Nil(t, p.Hourly, "λ %g scenario %d, %s: no other scenario keeps its hours", lambda, sc, way)
			}
		}
	}
	require.Positive(t, built, "some plan builds a hall")
}
