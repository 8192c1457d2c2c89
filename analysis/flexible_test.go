package analysis_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// headroomCase is one site, 100 MW firm POI plus 30 MW non-firm, no mining
// left to displace worth keeping (hashprice 0), and four profitable 20 MW
// halls that reserve 1.25 MW per IT MW. Firm: 100 / 1.25 = 80 MW of IT,
// four halls. A signed 20 MW hall takes 25 MW of it. With curtailable new
// AI, 130 MW hosts 104 MW of IT: the signed hall plus every candidate that
// fits (the five halls' 100 MW reserve 125 MW).
func headroomCase(T int) *optimize.Inputs {
	c := &sites.Case{
		Name:    "headroom",
		Market:  sites.MarketSpec{AILeaseUSDPerKWMonth: 150},
		Finance: sites.Finance{DiscountRate: 0.08, LifeYears: 15},
	}
	site := sites.Site{ID: "s", Region: "ERCOT", Node: "N", InterconnectMW: 100, NonfirmInterconnectMW: 30,
		Mining: sites.Mining{CapacityITMW: 50, EfficiencyJPerTH: 20, PUE: 1.1},
		AI:     sites.AI{ExistingPUE: 1.3, Utilization: 1, PowerPassThrough: true}}
	for h := range 5 {
		hall := sites.Hall{ID: string(rune('a' + h)), ITMW: 20, Cooling: sites.CoolingLiquid, PUE: 1.15, POIMWPerITMW: 1.25,
			CapexUSDPerMW: 9e6, FixedOMUSDPerMWYear: 50000, LeaseUSDPerKWMonth: 150}
		site.Halls = append(site.Halls, hall)
	}
	c.Sites = []sites.Site{site}
	in := &optimize.Inputs{Case: c}
	start := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	prices := make([]float64, T)
	for t := range T {
		in.Hours = append(in.Hours, start.Add(time.Duration(t)*time.Hour))
		in.HashpriceUSDPerPHDay = append(in.HashpriceUSDPerPHDay, 0)
		prices[t] = 30 + float64(t%24)
	}
	in.SitePriceUSDPerMWh = [][]float64{prices}
	return in
}

func TestFlexibleHeadroom(t *testing.T) {
	h := solvertest.HiGHS(t)
	in := headroomCase(24 * 14)
	opts := optimize.Options{Solver: solver.Options{MIPRelGap: 1e-9}}
	a, err := analysis.Run(context.Background(), h, in, opts)
	require.NoError(t, err)
	require.InDelta(t, 80, a.Plan.Portfolio.NewAIITMW, 1e-6, "firm: 100 MW / 1.25")
	rows, err := analysis.Flexible(context.Background(), h, in, []float64{0.01, 0.2}, a.Baseline, opts)
	require.NoError(t, err)
	require.Len(t, rows, 2)
	for _, r := range rows {
		require.InDelta(t, 100, r.NewAIITMW, 1e-6, "share %g: all five halls on 130 MW", r.MaxCurtailedShare)
		require.InDelta(t, 0.1, r.ClosedGW, 1e-9, "the headline counts the 100 MW of IT")
		require.InDelta(t, 0.125, impact.ClosedOn(r.GapBases, impact.BasisPOIAll), 1e-9, "100 MW IT x 1.25 reserved")
		require.Len(t, r.Gap, len(impact.DefaultGapReferences()))
	}
	require.Equal(t, 0.01, rows[0].MaxCurtailedShare)
	// The case itself is untouched.
	for _, hall := range in.Case.Sites[0].Halls {
		require.NotEqual(t, sites.FlexCurtailable, hall.Flexibility)
	}
}

// TestFlexibleWithoutNonfirmGainsNothing: with no non-firm capacity the
// firm POI binds outside stress hours too, so curtailable new AI hosts no
// more than firm AI.
func TestFlexibleWithoutNonfirmGainsNothing(t *testing.T) {
	h := solvertest.HiGHS(t)
	in := headroomCase(24 * 7)
	in.Case.Sites[0].NonfirmInterconnectMW = 0
	opts := optimize.Options{Solver: solver.Options{MIPRelGap: 1e-9}}
	a, err := analysis.Run(context.Background(), h, in, opts)
	require.NoError(t, err)
	rows, err := analysis.Flexible(context.Background(), h, in, []float64{0.01}, a.Baseline, opts)
	require.NoError(t, err)
	require.InDelta(t, 80, rows[0].NewAIITMW, 1e-6)
	require.InDelta(t, a.Plan.Portfolio.NewAIITMW, rows[0].NewAIITMW, 1e-6)
}
