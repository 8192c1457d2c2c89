package optimize_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// requireSameStudy checks that two studies of one stochastic plan give
// the same plans: the same halls and service years in every scenario of
// the stochastic plan and of the expected-value plan, the same objective,
// expectation and CVaR (1e-9 relative), the same perfect-information
// plans (halls, years and objective) and the same expected-value plan.
// At λ = 1 only the objective and the CVaR are compared: the metric is
// then the CVaR alone, and the plans that reach it may differ elsewhere.
func requireSameStudy(t *testing.T, want, got *optimize.StochasticStudy, lambda float64, msg string) {
	t.Helper()
	sameStochastic := func(a, b *optimize.StochasticPlan, what string) {
		require.InDelta(t, a.ObjectiveUSD, b.ObjectiveUSD, 1e-9*max(1, abs(a.ObjectiveUSD)), "%s: %s objective", msg, what)
		require.InDelta(t, a.CVaRUSD, b.CVaRUSD, 1e-9*max(1, abs(a.CVaRUSD)), "%s: %s CVaR", msg, what)
		if lambda == 1 {
			return
		}
		require.InDelta(t, a.ExpectedUSD, b.ExpectedUSD, 1e-9*max(1, abs(a.ExpectedUSD)), "%s: %s expectation", msg, what)
		require.Equal(t, a.FirstStage, b.FirstStage, "%s: %s first stage", msg, what)
		require.Len(t, b.Scenarios, len(a.Scenarios))
		for w := range a.Scenarios {
			require.Equal(t, serviceYears(a.Scenarios[w].Plan), serviceYears(b.Scenarios[w].Plan), "%s: %s scenario %d's halls and years", msg, what, w)
			require.InDelta(t, a.Scenarios[w].ValueUSD, b.Scenarios[w].ValueUSD, 1e-9*max(1, abs(a.Scenarios[w].ValueUSD)), "%s: %s scenario %d's value", msg, what, w)
		}
	}
	sameStochastic(want.Plan, got.Plan, "stochastic plan")
	require.Len(t, got.PerfectInformation, len(want.PerfectInformation))
	for w := range want.PerfectInformation {
		a, b := want.PerfectInformation[w], got.PerfectInformation[w]
		require.Equal(t, serviceYears(a), serviceYears(b), "%s: scenario %d with perfect information: halls and years", msg, w)
		require.Equal(t, a.ObjectiveUSD, b.ObjectiveUSD, "%s: scenario %d with perfect information: objective", msg, w)
	}
	require.Equal(t, want.EVPlanErr, got.EVPlanErr, msg)
	require.Equal(t, want.EVFixedErr == nil, got.EVFixedErr == nil, "%s: expected-value plan: %v / %v", msg, want.EVFixedErr, got.EVFixedErr)
	if want.EVFixed != nil {
		sameStochastic(want.EVFixed, got.EVFixed, "expected-value plan")
	}
}

func abs(v float64) float64 { return max(v, -v) }

// TestStudySharedMatchesUnshared: a stochastic study whose plans share one
// valuation of each site in each scenario gives the plans, objectives,
// EVPI and VSS that solving each plan on its own gives (Options.Unshared)
// — on random portfolios of many sites, with and without a market cap,
// one window or a horizon with decisions made per scenario, with
// construction periods and grid-side terms, at λ = 0, 0.5 and 1. Guards:
// most studies are shared, and some share sites whose decisions are made
// per scenario (the sets of decisions made now with each scenario's best
// completion). A shared study's baselines and values outside the
// decisions are those solved on their own (requireStudyBaselines).
func TestStudySharedMatchesUnshared(t *testing.T) {
	h := solvertest.HiGHS(t)
	ctx := context.Background()
	compared, shared, recourse, valuedEV := 0, 0, 0, 0
	for seed := range uint64(30) {
		in := fixture.RandomInputs(4100+seed, 2+int(seed%4), 3, 24)
		if seed%3 != 0 {
			in = fixture.WithYears(in, seed, 3)
		}
		if seed%3 == 2 {
			in = fixture.WithConstruction(in, seed)
		}
		if seed%4 == 1 {
			in = fixture.WithGridSide(in, seed)
		}
		if seed%5 == 3 {
			in = fixture.WithFlexibility(in, seed)
		}
		st := randomStochastic(in, seed, 2+int(seed%3), []float64{0, 0.5, 1}[seed%3], 0.3)
		st.CommitYears = 1 + int(seed%2)
		opts := optimize.Options{Solver: solver.Options{MIPRelGap: 1e-12}}
		unshared := opts
		unshared.Unshared = true
		want, errWant := optimize.SolveStochasticStudy(ctx, h, st, in, unshared)
		got, errGot := optimize.SolveStochasticStudy(ctx, h, st, in, opts)
		if errWant != nil {
			var inf *optimize.InfeasibleError
			require.ErrorAs(t, errWant, &inf, "seed %d", seed)
			require.ErrorAs(t, errGot, &inf, "seed %d", seed)
			continue
		}
		require.NoError(t, errGot, "seed %d", seed)
		require.False(t, want.Shared, "seed %d: the oracle shares nothing", seed)
		compared++
		if got.Shared {
			shared++
			if in.Years != nil && st.CommitYears < len(in.Years) && in.Case.Market.AIDemandCapITMW == nil && in.Case.Market.AIDemandCapITMWByYear == nil {
				recourse++
			}
		}
		requireSameStudy(t, want, got, st.RiskWeight, fmt.Sprintf("seed %d", seed))
		if got.EVFixed != nil {
			valuedEV++
		}
		if got.Shared {
			requireStudyBaselines(t, h, st, want, got, opts, fmt.Sprintf("seed %d", seed))
		}
	}
	t.Logf("%d studies compared, %d shared, %d of them with decisions made per scenario and no market cap, %d with an expected-value plan valued",
		compared, shared, recourse, valuedEV)
	require.GreaterOrEqual(t, compared, 15)
	require.GreaterOrEqual(t, valuedEV, compared/2, "most studies value the expected-value plan")
	require.GreaterOrEqual(t, shared, compared/2, "most studies share their valuation")
	require.Positive(t, recourse, "some shared study has decisions made per scenario")
}

// requireStudyBaselines checks a shared study's no-conversion baselines,
// solved and verified with it from each site's preparation for the plans
// (optimize.SolveStudyBaseline), against optimize.SolveBaseline of each
// scenario's inputs: the same objective and site plans, bit for bit; the
// reference scenario's with its regions' hourly loads, the others'
// without. Each scenario's value outside the decisions is the unshared
// study's (model.OutsideUSD), bit for bit.
func requireStudyBaselines(t *testing.T, h solver.Solver, st *optimize.Stochastic, want, got *optimize.StochasticStudy, opts optimize.Options, msg string) {
	t.Helper()
	ctx := context.Background()
	ref := optimize.ReferenceScenario(st)
	for w, sc := range st.Scenarios {
		base, err := optimize.SolveBaseline(ctx, h, sc.In, opts)
		require.NoError(t, err, "%s, scenario %d", msg, w)
		shared, err := optimize.SolveStudyBaseline(ctx, h, got, st, w, opts)
		require.NoError(t, err, "%s, scenario %d", msg, w)
		require.Equal(t, base.ObjectiveUSD, shared.ObjectiveUSD, "%s, scenario %d: the baseline's objective", msg, w)
		require.Equal(t, base.Sites, shared.Sites, "%s, scenario %d: the baseline's sites", msg, w)
		require.Equal(t, base.Portfolio, shared.Portfolio, "%s, scenario %d: the baseline's portfolio", msg, w)
		if w == ref {
			require.Equal(t, base.Regions, shared.Regions, "%s: the reference baseline's regions", msg)
		} else {
			require.Nil(t, shared.Regions, "%s, scenario %d: solved with the study, the baseline keeps no hourly data", msg, w)
		}
		require.Equal(t, want.Plan.Scenarios[w].OutsideUSD, got.Plan.Scenarios[w].OutsideUSD, "%s, scenario %d: the value outside the decisions", msg, w)
	}
}
