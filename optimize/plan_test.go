package optimize_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/solvertest"
)

func solverOptsExact() solver.Options {
	return solver.Options{MIPRelGap: 1e-9}
}

func TestRelaxationBoundsTheMILP(t *testing.T) {
	h := solvertest.HiGHS(t)
	for seed := range uint64(8) {
		in := fixture.RandomInputs(100+seed, 3, 3, 48)
		want := bruteForce(in)
		if !want.feasible {
			continue
		}
		lp, err := optimize.Solve(context.Background(), h, in, optimize.Options{Relax: true})
		require.NoError(t, err)
		require.True(t, lp.Relaxed)
		require.Zero(t, lp.Solver.IntegerColumns)
		require.GreaterOrEqual(t, lp.ObjectiveUSD, want.objective*(1-1e-9)-1e-6, "seed %d: the LP relaxation is an upper bound", seed)
		require.InEpsilon(t, lp.ObjectiveUSD, lp.Portfolio.ProfitUSD, 1e-6)
	}
}

func TestDiagnoseNamesTheConflict(t *testing.T) {
	base := func() *optimize.Inputs { return fixture.RandomInputs(3, 2, 2, 24) }
	tests := []struct {
		name   string
		mutate func(c *sites.Case)
		want   []string
	}{
		{
			name: "commitment above existing plus every hall",
			mutate: func(c *sites.Case) {
				c.Market.AIDemandCapITMW = nil
				c.Sites[0].AI.CommittedITMW = 10000
			},
			want: []string{`site "site-0": commitment of 10000 AI IT MW exceeds what it can host`},
		},
		{
			name: "existing AI above the interconnection",
			mutate: func(c *sites.Case) {
				c.Sites[1].AI.ExistingITMW = 5000
			},
			want: []string{`site "site-1": existing AI needs 6500 meter MW (5000 IT MW × PUE 1.3), above the`},
		},
		{
			name: "hall too big for the interconnection",
			mutate: func(c *sites.Case) {
				c.Market.AIDemandCapITMW = nil
				c.Sites[0].Halls = c.Sites[0].Halls[:1]
				c.Sites[0].Halls[0].ITMW = 5000
				c.Sites[0].AI.CommittedITMW = c.Sites[0].AI.ExistingITMW + 100
			},
			want: []string{`hall "hall-0" alone needs`, `site "site-0": commitment of`},
		},
		{
			name: "market cap below commitments",
			mutate: func(c *sites.Case) {
				capMW := 1.0
				c.Market.AIDemandCapITMW = &capMW
				c.Sites[0].AI.CommittedITMW = c.Sites[0].AI.ExistingITMW + 5
			},
			want: []string{"market cap of 1 AI IT MW (ai_demand_cap_it_mw) is below the", "site-0: "},
		},
	}
	h := solvertest.HiGHS(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := base()
			tc.mutate(in.Case)
			_, err := optimize.Solve(context.Background(), h, in, optimize.Options{})
			var inf *optimize.InfeasibleError
			require.ErrorAs(t, err, &inf)
			for _, w := range tc.want {
				require.Contains(t, err.Error(), w)
			}
			require.False(t, bruteForce(in).feasible, "brute force agrees there is no feasible plan")
		})
	}
}

func TestDiagnoseFindsNothingInFeasibleCases(t *testing.T) {
	for seed := range uint64(30) {
		in := fixture.RandomInputs(seed, 3, 3, 24)
		if bruteForce(in).feasible {
			require.Empty(t, optimize.Diagnose(in), "seed %d", seed)
		}
	}
}
