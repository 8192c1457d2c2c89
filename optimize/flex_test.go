package optimize_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestFlexibilityMatchesBruteForce: with design-peak reservations,
// curtailable halls and non-firm service, both methods find the brute
// force's optimum over every hall set (1e-7 relative).
func TestFlexibilityMatchesBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	compared, curtailed := 0, 0
	for seed := range uint64(30) {
		in := fixture.WithFlexibility(fixture.RandomInputs(2700+seed, 1+int(seed%3), 3, 96), seed)
		best := bruteForce(in)
		want := best.objective
		if math.IsInf(want, -1) {
			continue
		}
		compared++
		for s, site := range in.Case.Sites {
			for hh, st := range best.starts[s] {
				if st >= 0 && site.Halls[hh].Flexibility == sites.FlexCurtailable {
					curtailed++
				}
			}
		}
		for _, method := range []optimize.Method{optimize.MethodDecomposed, optimize.MethodMonolithic} {
			plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{Method: method, Solver: solver.Options{MIPRelGap: 1e-12}})
			require.NoError(t, err, "seed %d %s", seed, method)
			require.InEpsilon(t, want, plan.ObjectiveUSD, 1e-7, "seed %d %s", seed, method)
		}
	}
	require.GreaterOrEqual(t, compared, 20)
	require.Positive(t, curtailed, "some optima build a curtailable hall")
}

// TestCurtailableHallFitsAFullPOI: existing AI fills the firm POI; with
// non-firm service a curtailable hall (firm share 0) fits, a firm hall of
// the same size does not.
func TestCurtailableHallFitsAFullPOI(t *testing.T) {
	h := solvertest.HiGHS(t)
	start := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	build := func(flex sites.Flexibility) *optimize.Inputs {
		c := &sites.Case{Name: "full POI", Market: sites.MarketSpec{AILeaseUSDPerKWMonth: 150},
			Finance: sites.Finance{DiscountRate: 0.08, LifeYears: 15},
			Sites: []sites.Site{{ID: "s", Region: "ERCOT", Node: "N", InterconnectMW: 130, NonfirmInterconnectMW: 60,
				Mining: sites.Mining{CapacityITMW: 0, EfficiencyJPerTH: 20, PUE: 1.05},
				AI:     sites.AI{ExistingITMW: 100, ExistingPUE: 1.3, PowerPassThrough: true, Utilization: 0.8},
				Halls: []sites.Hall{{ID: "hall", ITMW: 40, Cooling: sites.CoolingLiquid, PUE: 1.2, CapexUSDPerMW: 5e6,
					LeaseUSDPerKWMonth: 150, Flexibility: flex, MaxCurtailedShare: 0.02}}}}}
		in := &optimize.Inputs{Case: c, SitePriceUSDPerMWh: [][]float64{make([]float64, 200)}}
		for t := range 200 {
			in.Hours = append(in.Hours, start.Add(time.Duration(t)*time.Hour))
			in.SitePriceUSDPerMWh[0][t] = float64(20 + t%50)
			in.HashpriceUSDPerPHDay = append(in.HashpriceUSDPerPHDay, 45)
		}
		return in
	}
	firm, err := optimize.Solve(context.Background(), h, build(sites.FlexFirm), optimize.Options{})
	require.NoError(t, err)
	require.Empty(t, firm.Sites[0].HallsBuilt, "a firm hall needs 48 MW in stress hours too; the firm POI has none left")
	flex, err := optimize.Solve(context.Background(), h, build(sites.FlexCurtailable), optimize.Options{})
	require.NoError(t, err)
	require.Equal(t, []string{"hall"}, flex.Sites[0].HallsBuilt, "the curtailable hall fits outside the stress hours")
	hours, err := flex.SiteHours(0)
	require.NoError(t, err)
	for hour, m := range hours.MeterMW {
		require.LessOrEqual(t, m, 130+60+1e-6, "hour %d", hour)
	}
	// The grid sees the existing AI as firm (100 × 1.3 = 130 MW) and the
	// curtailable hall's 40 × 1.2 = 48 MW as flexible (firm share 0).
	site := flex.Sites[0]
	require.InDelta(t, 178, site.AIMeterMW, 1e-9)
	require.InDelta(t, 48, site.CurtailableAIMeterMW, 1e-9)
	require.InDelta(t, 130, flex.Regions[0].FirmMW, 1e-9)
	require.InDelta(t, 48, flex.Regions[0].FlexibleMW, 1e-9, "no mining fleet: only the hall is flexible")
	mono, err := optimize.Solve(context.Background(), h, build(sites.FlexCurtailable), optimize.Options{Method: optimize.MethodMonolithic})
	require.NoError(t, err)
	require.InDelta(t, 130, mono.Regions[0].FirmMW, 1e-6, "the monolithic method reports the same")
	require.InDelta(t, 48, mono.Regions[0].FlexibleMW, 1e-6)
}
