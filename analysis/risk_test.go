package analysis_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/scenario"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// bullOrBust is a hand-built case: one site of 100 IT MW of miners whose
// revenue per IT MWh equals the hashprice (1000/24 J/TH) at a flat 50
// USD/MWh, and one 100 MW hall that displaces the whole fleet, worth 80
// USD per MWh of its IT (a lease of 58.4 USD/kW-month, no capex). Two
// equally likely scenarios: hashprice 0 (bust) and 250 (bull).
//
// By hand, per MW and hour: keeping the miners is worth 0 in the bust and
// 200 in the bull (E = 100), the hall 80 in both. So the stochastic plan
// (λ = 0) keeps the miners (100); with perfect information one converts
// in the bust only (E = (80 + 200)/2 = 140, EVPI = 40); the mean case
// (hashprice 125: mining worth 75 < 80) converts, which is worth 80 in
// both scenarios (VSS = 100 − 80 = 20). At λ = 0.5, α = 0.5 the hall wins:
// 80 against 0.5·100 + 0.5·0 = 50.
func bullOrBust(lambda float64) (*optimize.Stochastic, *optimize.Inputs) {
	const T = 24
	start := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	c := &sites.Case{Name: "bull or bust", Market: sites.MarketSpec{AILeaseUSDPerKWMonth: 58.4},
		Finance: sites.Finance{DiscountRate: 0.08, LifeYears: 15},
		Sites: []sites.Site{{ID: "site", Region: "ERCOT", Node: "N", InterconnectMW: 100,
			Mining: sites.Mining{CapacityITMW: 100, EfficiencyJPerTH: 1000.0 / 24, PUE: 1},
			AI:     sites.AI{ExistingPUE: 1.3, PowerPassThrough: true, Utilization: 1},
			Halls: []sites.Hall{{ID: "hall", ITMW: 100, Cooling: sites.CoolingLiquid, PUE: 1, DisplacesMiningITMW: 100,
				LeaseUSDPerKWMonth: 58.4}}}},
		Risk: sites.Risk{Weight: lambda, Alpha: 0.5, CommitYears: 2},
	}
	in := &optimize.Inputs{Case: c, SitePriceUSDPerMWh: [][]float64{make([]float64, T)}}
	for t := range T {
		in.Hours = append(in.Hours, start.Add(time.Duration(t)*time.Hour))
		in.SitePriceUSDPerMWh[0][t] = 50
		in.HashpriceUSDPerPHDay = append(in.HashpriceUSDPerPHDay, 125)
	}
	scale := func(v float64) *float64 { return &v }
	c.Scenarios = []sites.Scenario{{ID: "bust", HashpriceScale: scale(1e-9)}, {ID: "bull", HashpriceScale: scale(2)}}
	st, err := scenario.Set(context.Background(), in, nil, loader.Options{})
	if err != nil {
		panic(err)
	}
	return st, scenario.Mean(st)
}

func TestEVPIAndVSSByHand(t *testing.T) {
	h := solvertest.HiGHS(t)
	perMW := 100.0 * 24 // 100 MW for 24 hours
	st, mean := bullOrBust(0)
	a, err := analysis.RunStochastic(context.Background(), h, st, mean, optimize.Options{})
	require.NoError(t, err)
	r := a.Risk
	require.Empty(t, r.Plan.Scenarios[0].Plan.Sites[0].HallsBuilt, "λ = 0 keeps the miners")
	require.InDelta(t, 100*perMW, r.Plan.ObjectiveUSD, 1e-3)
	require.InDelta(t, 140*perMW, r.WaitAndSeeUSD, 1e-3)
	require.InDelta(t, 40*perMW, r.EVPIUSD, 1e-3)
	require.Empty(t, r.EVPlanError)
	require.InDelta(t, 80*perMW, r.EVPlanUSD, 1e-3)
	require.InDelta(t, 20*perMW, r.VSSUSD, 1e-3)
	require.InDeltaSlice(t, []float64{80 * perMW, 200 * perMW}, r.PerfectInformationUSD, 1e-3)
	require.InDeltaSlice(t, []float64{80 * perMW, 80 * perMW}, r.EVPlanValueUSD, 1e-3)
	// The plan keeps the miners: keeping them is worth the plan's value in
	// every scenario.
	require.Len(t, r.BaselineValueUSD, 2)
	require.InDeltaSlice(t, []float64{r.Plan.Scenarios[0].ValueUSD, r.Plan.Scenarios[1].ValueUSD}, r.BaselineValueUSD, 1e-3)
	require.InDelta(t, r.Plan.ObjectiveUSD, r.BaselineUSD, 1e-3)

	for _, lambda := range []float64{0.5, 1} {
		st, mean := bullOrBust(lambda)
		a, err := analysis.RunStochastic(context.Background(), h, st, mean, optimize.Options{})
		require.NoError(t, err)
		require.Equal(t, []string{"hall"}, a.Risk.Plan.Scenarios[0].Plan.Sites[0].HallsBuilt, "λ = %g converts", lambda)
		require.InDelta(t, 80*perMW, a.Risk.Plan.ObjectiveUSD, 1e-3, "λ = %g", lambda)
		require.InDelta(t, 80*perMW, a.Risk.Plan.CVaRUSD, 1e-3)
		require.Less(t, a.Risk.BaselineUSD, a.Risk.Plan.ObjectiveUSD-1, "λ = %g: converting beats keeping the miners", lambda)
	}
}
