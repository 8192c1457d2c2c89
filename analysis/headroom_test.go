package analysis_test

import (
	"context"
	"math"
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

// firmLoadCase is one ERCOT site with no mining and one profitable
// 100 MW hall at PUE 1.2 drawing its full IT every hour of UTC 2025: the
// plan adds a firm 120 MW to ERCO's load, the baseline nothing.
func firmLoadCase() *optimize.Inputs {
	c := &sites.Case{
		Name:    "firm-load",
		Market:  sites.MarketSpec{AILeaseUSDPerKWMonth: 150},
		Finance: sites.Finance{DiscountRate: 0.08, LifeYears: 15},
	}
	site := sites.Site{ID: "s", Region: "ERCOT", Node: "N", InterconnectMW: 200,
		Mining: sites.Mining{CapacityITMW: 0, EfficiencyJPerTH: 20, PUE: 1.1},
		AI:     sites.AI{ExistingPUE: 1.3, Utilization: 1, PowerPassThrough: true}}
	site.Halls = []sites.Hall{{ID: "h", ITMW: 100, Cooling: sites.CoolingLiquid, PUE: 1.2,
		CapexUSDPerMW: 9e6, FixedOMUSDPerMWYear: 50000, LeaseUSDPerKWMonth: 150}}
	c.Sites = []sites.Site{site}
	in := &optimize.Inputs{Case: c}
	prices := make([]float64, 0, 8760)
	for h := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC); h.Year() == 2025; h = h.Add(time.Hour) {
		in.Hours = append(in.Hours, h)
		in.HashpriceUSDPerPHDay = append(in.HashpriceUSDPerPHDay, 0)
		prices = append(prices, 30+float64(h.Hour()))
	}
	in.SitePriceUSDPerMWh = [][]float64{prices}
	return in
}

// bruteRate is the curtailment rate of an added load L over the reference
// year's hours, from the definition: Σ max(0, load + firm + L − threshold)
// ÷ (L × hours), each hour held to the summer threshold in April-October
// (local) and the winter one otherwise.
func bruteRate(a impact.AreaLoad, ref []time.Time, summer, winter, firm, L float64) float64 {
	var curtailed float64
	for _, t := range ref {
		d := a.LoadMW[int(t.Sub(a.Start)/time.Hour)]
		th := winter
		if m := t.In(a.Settings.Zone()).Month(); m >= time.April && m <= time.October {
			th = summer
		}
		curtailed += math.Max(0, d+firm+L-th)
	}
	return curtailed / (L * float64(len(ref)))
}

// TestPlanHeadroomFirmLoad: the plan path end to end. A firm load of M MW
// at a site with no mining gives, at every limit, the headroom
// impact.HeadroomChange gives for a constant M, which a brute-force
// evaluation of the definition confirms, and which is at most the
// headroom before less M (docs/headroom.md, "Before and after a plan"); at
// a vanishing limit the drop is exactly M.
func TestPlanHeadroomFirmLoad(t *testing.T) {
	h := solvertest.HiGHS(t)
	in := firmLoadCase()
	an, err := analysis.Run(context.Background(), h, in, optimize.Options{Solver: solver.Options{MIPRelGap: 1e-9}})
	require.NoError(t, err)
	require.Equal(t, 1.0, an.Plan.Sites[0].Halls[0].Build, "the hall is built")
	const firmMW = 120.0
	require.InDelta(t, firmMW, an.Plan.Regions[0].LoadMW[0]-an.Baseline.Regions[0].LoadMW[0], 1e-9)

	d, err := analysis.LoadHeadroomData()
	require.NoError(t, err)
	d.Limits = append([]float64{1e-9}, impact.DefaultLimits()...)
	require.NoError(t, analysis.MeasureHeadroom(d, in.Case, an))
	require.Len(t, an.Headroom, 1)
	require.Equal(t, 2024, an.Headroom[0].ReferenceYear, "the default: the data's latest counted year")
	// 2019: ERCO's load there stays more than M below its thresholds (in
	// 2023 and 2024, which hold them, it does not).
	const year = 2019
	in.Case.Grid.HeadroomReferenceYear = year
	require.NoError(t, analysis.MeasureHeadroom(d, in.Case, an))
	require.Len(t, an.Headroom, 1)
	got := an.Headroom[0]
	require.Equal(t, "ERCO", got.Area)
	require.Equal(t, "ERCOT", got.Name)
	require.Equal(t, year, got.ReferenceYear)
	require.Equal(t, []string{"s"}, got.Sites)
	require.Empty(t, an.HeadroomNotes, "the plan covers every local hour of the year")

	area, ok := d.Area("ERCO")
	require.True(t, ok)
	ref, err := impact.ReferenceHours(area, year)
	require.NoError(t, err)
	firm := make([]float64, len(ref))
	for i := range firm {
		firm[i] = firmMW
	}
	want, err := impact.HeadroomChange(area, year, firm, d.Limits)
	require.NoError(t, err)
	all, err := impact.Headroom(area, d.Limits)
	require.NoError(t, err)
	require.Len(t, got.Results, len(d.Limits))
	for k, r := range got.Results {
		require.Equal(t, d.Limits[k], r.CurtailmentLimit)
		require.Equal(t, want.Before[k].HeadroomMW, r.BeforeMW, "limit %g", r.CurtailmentLimit)
		require.Equal(t, want.After[k].HeadroomMW, r.AfterMW, "limit %g", r.CurtailmentLimit)
		require.Positive(t, r.AfterMW, "the guard: the firm load leaves headroom at %g", r.CurtailmentLimit)
		require.LessOrEqual(t, r.AfterMW, r.BeforeMW-firmMW, "limit %g", r.CurtailmentLimit)
		// Brute force: the headroom after is within the limit, 1 MW more is not.
		for _, side := range []struct {
			firm, mw float64
		}{{0, r.BeforeMW}, {firmMW, r.AfterMW}} {
			require.LessOrEqual(t, bruteRate(area, ref, all.SummerThresholdMW, all.WinterThresholdMW, side.firm, side.mw), r.CurtailmentLimit+1e-12)
			require.Greater(t, bruteRate(area, ref, all.SummerThresholdMW, all.WinterThresholdMW, side.firm, side.mw+1), r.CurtailmentLimit)
		}
	}
	require.Equal(t, firmMW, got.Results[0].UsedMW(), "at a vanishing limit the drop is exactly M")
	require.Greater(t, got.Results[2].UsedMW(), firmMW, "at 0.5%% it is more than M")
}
