package optimize_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestMethodsAgree solves random portfolios, with and without the
// grid-side terms, with the monolithic model and the decomposed fast path,
// and requires the same objective (1e-7 relative) and the same report.
func TestMethodsAgree(t *testing.T) {
	h := solvertest.HiGHS(t)
	compared := 0
	for seed := range uint64(24) {
		in := fixture.RandomInputs(500+seed, 1+int(seed%4), 3, 72)
		if seed%2 == 1 {
			in = fixture.WithGridSide(in, seed)
		}
		opts := optimize.Options{Solver: solver.Options{MIPRelGap: 1e-12}}
		opts.Method = optimize.MethodMonolithic
		mono, errMono := optimize.Solve(context.Background(), h, in, opts)
		opts.Method = optimize.MethodDecomposed
		dec, errDec := optimize.Solve(context.Background(), h, in, opts)
		if errMono != nil {
			var inf *optimize.InfeasibleError
			require.ErrorAs(t, errMono, &inf, "seed %d", seed)
			require.ErrorAs(t, errDec, &inf, "seed %d: both methods find the case infeasible", seed)
			continue
		}
		require.NoError(t, errDec, "seed %d", seed)
		compared++
		require.Equal(t, optimize.MethodMonolithic, mono.Method)
		require.Equal(t, optimize.MethodDecomposed, dec.Method)
		require.InEpsilon(t, mono.ObjectiveUSD, dec.ObjectiveUSD, 1e-7, "seed %d", seed)
		for s := range mono.Sites {
			a, b := mono.Sites[s], dec.Sites[s]
			require.Equal(t, a.HallsBuilt, b.HallsBuilt, "seed %d site %d", seed, s)
			near := func(x, y float64, what string) {
				require.InDelta(t, x, y, 1e-6*math.Max(1, math.Abs(x)), "seed %d site %d %s", seed, s, what)
			}
			near(a.InterconnectValueUSDPerMWYear, b.InterconnectValueUSDPerMWYear, "interconnect value")
			near(a.ProfitUSD, b.ProfitUSD, "profit")
			near(a.MiningMWh, b.MiningMWh, "mining MWh")
			near(a.MiningRevenueUSD, b.MiningRevenueUSD, "mining revenue")
			near(a.ReserveRevenueUSD, b.ReserveRevenueUSD, "reserve revenue")
			near(a.CoincidentPeakCostUSD, b.CoincidentPeakCostUSD, "coincident peak")
			near(a.AIMeterMW, b.AIMeterMW, "AI meter MW")
			require.Equal(t, a.CurtailedHours, b.CurtailedHours, "seed %d site %d curtailed hours", seed, s)
			ha, err := mono.SiteHours(s)
			require.NoError(t, err)
			hb, err := dec.SiteHours(s)
			require.NoError(t, err)
			for tt := range ha.MiningITMW {
				near(ha.MiningITMW[tt], hb.MiningITMW[tt], "hourly mining")
				near(ha.MeterMW[tt], hb.MeterMW[tt], "hourly meter MW")
			}
		}
	}
	require.GreaterOrEqual(t, compared, 12)
}

func TestMethodChoice(t *testing.T) {
	h := solvertest.HiGHS(t)
	in := fixture.RandomInputs(42, 2, 2, 24)
	plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{})
	require.NoError(t, err)
	require.Equal(t, optimize.MethodDecomposed, plan.Method, "auto picks the fast path for a MILP")
	require.Empty(t, plan.MethodNote)
	plan, err = optimize.Solve(context.Background(), h, in, optimize.Options{Relax: true})
	require.NoError(t, err)
	require.Equal(t, optimize.MethodDecomposed, plan.Method, "and for the LP relaxation")
	plan, err = optimize.Solve(context.Background(), h, in, optimize.Options{Method: optimize.MethodMonolithic})
	require.NoError(t, err)
	require.Equal(t, optimize.MethodMonolithic, plan.Method)
	_, err = optimize.Solve(context.Background(), h, in, optimize.Options{Method: "fast"})
	require.ErrorIs(t, err, optimize.ErrUnsupported)
	require.ErrorContains(t, err, `unknown method "fast"`)
}
