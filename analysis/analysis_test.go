package analysis_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestRunMeasuresPlanAgainstBaseline checks the impact's bookkeeping
// against the two plans it was handed: energy, firm and new AI meter MW,
// hashrate retired, and the gap fractions.
func TestRunMeasuresPlanAgainstBaseline(t *testing.T) {
	h := solvertest.HiGHS(t)
	checked := 0
	for seed := range uint64(10) {
		in := fixture.RandomInputs(300+seed, 3, 2, 48)
		a, err := analysis.Run(context.Background(), h, in, optimize.Options{Solver: solver.Options{MIPRelGap: 1e-9}})
		var inf *optimize.InfeasibleError
		if err != nil && errorsAs(err, &inf) {
			continue
		}
		require.NoError(t, err, "seed %d", seed)
		checked++
		for _, s := range a.Baseline.Sites {
			require.Empty(t, s.HallsBuilt)
		}
		port := a.Impact[len(a.Impact)-1]
		require.Equal(t, impact.PortfolioScope, port.Scope)
		var newMeter, newUnsignedIT, retired, energyAfter, energyBefore float64
		for i, s := range a.Plan.Sites {
			for j, hp := range s.Halls {
				newMeter += hp.Build * hp.MeterMW
				if hp.Build >= 0.5 && in.Case.Sites[i].Halls[j].ServiceYear == 0 && !in.Case.Sites[i].NewConnection {
					newUnsignedIT += hp.Build * hp.ITMW
				}
			}
			retired += a.Baseline.Sites[i].HashrateEHs - s.HashrateEHs
			energyAfter += s.LoadMWh
			energyBefore += a.Baseline.Sites[i].LoadMWh
		}
		require.InDelta(t, newMeter, port.NewAIMeterMW, 1e-9)
		require.InDelta(t, retired, port.HashrateRetiredEHs, 1e-9)
		require.InDelta(t, energyAfter, port.After.EnergyMWh, 1e-9*math.Max(1, energyAfter))
		require.InDelta(t, energyBefore, port.Before.EnergyMWh, 1e-9*math.Max(1, energyBefore))
		require.Len(t, a.Gap, len(impact.DefaultGapReferences()))
		for _, g := range a.Gap {
			require.InDelta(t, newUnsignedIT/1000/g.GapGW, g.ClosedFraction, 1e-12, "the headline basis: unsigned IT at existing connections")
		}
	}
	require.GreaterOrEqual(t, checked, 5)
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
