package serve

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/scenario"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestSessionMatchesSolve: the planner's session (optimize.Session)
// planning a run of what-ifs — the
// halls' money alone (repriced over the kept sites and states) and the
// series (every site prepared again) in turn — gives each time exactly
// the plan Solve gives the what-if from scratch: objective, sites,
// portfolio and regions. Random portfolios with years, construction,
// lease-up, grid-side terms and a market cap. Guards: most what-ifs are
// repriced, and the halls built change along the run.
func TestSessionMatchesSolve(t *testing.T) {
	h := solvertest.HiGHS(t)
	ctx := context.Background()
	f := func(v float64) *float64 { return &v }
	// Each what-if with whether it touches the halls' money alone.
	run := []struct {
		w         sites.Scenario
		moneyOnly bool
	}{
		{sites.Scenario{}, false},
		{sites.Scenario{LeaseUSDPerKWMonth: f(115)}, true},
		{sites.Scenario{LeaseUSDPerKWMonth: f(40)}, true},
		{sites.Scenario{LeaseUSDPerKWMonth: f(220), LeaseEscalatorPerYear: f(0.05)}, true},
		{sites.Scenario{CapexScale: f(1.6)}, true},
		{sites.Scenario{HashpriceScale: f(0.5)}, false},
		{sites.Scenario{HashpriceScale: f(0.5), LeaseUSDPerKWMonth: f(90)}, true},
		{sites.Scenario{HashpriceScale: f(0.5), AIDemandCapITMW: f(30)}, true},
		{sites.Scenario{PriceScale: f(1.3)}, false},
		{sites.Scenario{PriceScale: f(1.3), CapexScale: f(0.5)}, true},
	}
	repriced, changes := 0, 0
	for seed := range uint64(12) {
		in := fixture.RandomInputs(9100+seed, 3+int(seed%4), 3, 48)
		if seed%2 == 0 {
			in = fixture.WithYears(in, seed, 3+int(seed%3))
		}
		if seed%3 == 0 {
			in = fixture.WithConstruction(in, seed)
		}
		if seed%4 == 1 {
			in = fixture.WithGridSide(in, seed)
		}
		if seed%5 == 2 {
			in = fixture.WithLeaseUp(in, seed)
		}
		session := optimize.NewSession(optimize.Options{})
		var last string
		for i, step := range run {
			msg := fmt.Sprintf("seed %d, what-if %d", seed, i)
			applied := scenario.Apply(in, step.w)
			want, wantErr := optimize.Solve(ctx, h, applied, optimize.Options{})
			got, gotErr := session.Solve(ctx, h, applied, step.moneyOnly)
			if wantErr != nil {
				require.Error(t, gotErr, msg)
				require.Equal(t, wantErr.Error(), gotErr.Error(), msg)
				continue
			}
			require.NoError(t, gotErr, msg)
			require.Equal(t, want.ObjectiveUSD, got.ObjectiveUSD, msg)
			require.Equal(t, want.Sites, got.Sites, msg)
			require.Equal(t, want.Portfolio, got.Portfolio, msg)
			require.Equal(t, want.Regions, got.Regions, msg)
			require.Equal(t, want.Years, got.Years, msg)
			if step.moneyOnly && i > 0 {
				repriced++
			}
			if built := fmt.Sprint(serviceYears(got)); built != last {
				changes++
				last = built
			}
		}
	}
	require.Greater(t, repriced, 50, "what-ifs planned over kept sites")
	require.Greater(t, changes, 30, "the halls built change along the runs")
}

// serviceYears is each hall's service year (0: not built), site by site.
func serviceYears(p *optimize.Plan) [][]int {
	var out [][]int
	for _, sp := range p.Sites {
		var row []int
		for _, hp := range sp.Halls {
			row = append(row, hp.ServiceYear)
		}
		out = append(out, row)
	}
	return out
}
