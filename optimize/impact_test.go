package optimize_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestAnalyzeBaselineAndImpact checks the baseline against the closed form
// (every site mines its whole fleet, within the POI, whenever the margin is
// positive) and the impact's bookkeeping against the plans.
func TestAnalyzeBaselineAndImpact(t *testing.T) {
	h := solvertest.HiGHS(t)
	for seed := range uint64(10) {
		in := randomInputs(300+seed, 3, 2, 48)
		if !bruteForce(in).feasible {
			continue
		}
		a, err := optimize.Analyze(context.Background(), h, in, optimize.Options{Solver: solverOptsExact()})
		require.NoError(t, err)
		var want float64
		for s := range in.Case.Sites {
			committed := in.Case.Sites[s].AI.CommittedITMW
			in.Case.Sites[s].AI.CommittedITMW = 0 // the baseline has no commitments to meet
			v, ok := siteValue(in, s, make([]bool, len(in.Case.Sites[s].Halls)))
			in.Case.Sites[s].AI.CommittedITMW = committed
			require.True(t, ok)
			want += v
		}
		require.InEpsilon(t, want, a.Baseline.ObjectiveUSD, 1e-6, "seed %d baseline", seed)
		require.Empty(t, a.Baseline.Sites[0].HallsBuilt)

		port := a.Impact[len(a.Impact)-1]
		require.Equal(t, grid.PortfolioScope, port.Scope)
		var newMeter, retired float64
		for i, s := range a.Plan.Sites {
			for _, hp := range s.Halls {
				newMeter += hp.Build * hp.MeterMW
			}
			retired += a.Baseline.Sites[i].HashrateEHs - s.HashrateEHs
		}
		require.InDelta(t, newMeter, port.NewAIMeterMW, 1e-9)
		require.InDelta(t, retired, port.HashrateRetiredEHs, 1e-9)
		var energy float64
		for _, s := range a.Plan.Sites {
			for _, l := range s.LoadMW {
				energy += l
			}
		}
		require.InDelta(t, energy, port.After.EnergyMWh, 1e-6*math.Max(1, energy))
		require.Len(t, a.Gap, 3)
		for _, g := range a.Gap {
			require.InDelta(t, newMeter/1000/g.GapGW, g.ClosedFraction, 1e-12)
		}
	}
}
