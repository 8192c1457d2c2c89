package optimize_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver/solvertest"
)

func TestSolveMatchesBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	checked := 0
	for seed := range uint64(40) {
		in := fixture.RandomInputs(seed, 1+int(seed%3), 3, 24+int(seed%4)*24)
		want := bruteForce(in)
		plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{Solver: solverOptsExact()})
		if !want.feasible {
			var inf *optimize.InfeasibleError
			require.ErrorAs(t, err, &inf, "seed %d: brute force finds no feasible plan", seed)
			continue
		}
		require.NoError(t, err, "seed %d", seed)
		checked++
		require.InEpsilon(t, want.objective, plan.ObjectiveUSD, 1e-6, "seed %d objective", seed)
		require.InEpsilon(t, want.objective, plan.Portfolio.ProfitUSD, 1e-6, "seed %d streams add up", seed)
		for s, sp := range plan.Sites {
			build := make([]bool, len(sp.Halls))
			for hIdx, hp := range sp.Halls {
				require.True(t, hp.Build == 0 || hp.Build == 1, "integral halls")
				build[hIdx] = hp.Build == 1
			}
			// The chosen halls must be worth the optimum at this site too.
			v, ok := siteValue(in, s, build)
			require.True(t, ok)
			require.InDelta(t, v, sp.ProfitUSD, 1e-6*math.Max(1, math.Abs(v)), "seed %d site %d profit", seed, s)
			require.InDelta(t, interconnectValue(in, s, build), sp.InterconnectValueUSDPerMWYear,
				1e-6*math.Max(1, math.Abs(sp.InterconnectValueUSDPerMWYear)), "seed %d site %d interconnect value", seed, s)
			hours, err := plan.SiteHours(s)
			require.NoError(t, err)
			for tt := range in.Hours {
				require.LessOrEqual(t, hours.MeterMW[tt], in.Case.Sites[s].InterconnectMW+1e-6)
			}
		}
	}
	require.GreaterOrEqual(t, checked, 20, "enough feasible random cases were compared")
}
