package grid_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/grid"
)

func TestCompareImpactHandComputed(t *testing.T) {
	// Two ERCOT sites and one PJM site over four hours; hour 2 is the
	// price spike (the single stress hour) and hour 3 the coincident peak.
	price := []float64{20, 30, 900, 50}
	before := []grid.SiteLoad{
		{Region: "ERCOT", LoadMW: []float64{100, 100, 0, 100}, PriceUSDPerMWh: price, FlexibleMW: 100, HashrateEHs: 5},
		{Region: "ERCOT", LoadMW: []float64{50, 50, 0, 0}, PriceUSDPerMWh: price, FlexibleMW: 50, HashrateEHs: 2},
		{Region: "PJM", LoadMW: []float64{10, 10, 10, 10}, PriceUSDPerMWh: []float64{40, 40, 40, 40}, FlexibleMW: 10, HashrateEHs: 0.5},
	}
	after := []grid.SiteLoad{
		{Region: "ERCOT", LoadMW: []float64{120, 120, 80, 120}, PriceUSDPerMWh: price, FirmMW: 80, FlexibleMW: 40, HashrateEHs: 2, NewAIMeterMW: 100},
		before[1],
		before[2],
	}
	got, err := grid.CompareImpact(before, after, grid.ImpactOptions{StressHours: 1, CoincidentPeakHours: []int{3}, NetworkHashrateEHs: 800, USHashrateShare: 0.375})
	require.NoError(t, err)
	require.Len(t, got, 3)
	require.Equal(t, []string{"ERCOT", "PJM", "portfolio"}, []string{got[0].Scope, got[1].Scope, got[2].Scope})

	ercot := got[0]
	require.Equal(t, []float64{150, 150, 0, 100}, ercot.LoadBeforeMW)
	require.Equal(t, []float64{170, 170, 80, 120}, ercot.LoadAfterMW)
	require.InDelta(t, 400, ercot.Before.EnergyMWh, 1e-9)
	require.InDelta(t, 540, ercot.After.EnergyMWh, 1e-9)
	require.InDelta(t, 150, ercot.Before.PeakMW, 1e-9)
	require.InDelta(t, 400.0/4/150, ercot.Before.LoadFactor, 1e-12)
	require.InDelta(t, 0, ercot.Before.StressLoadMW, 1e-9, "miners curtail in the spike")
	require.InDelta(t, 80, ercot.After.StressLoadMW, 1e-9, "firm AI does not")
	require.InDelta(t, 100, ercot.Before.CoincidentPeakLoadMW, 1e-9)
	require.InDelta(t, 120, ercot.After.CoincidentPeakLoadMW, 1e-9)
	require.InDelta(t, (150*20+150*30+100*50)/400.0, ercot.Before.AvgPriceUSDPerMWh, 1e-9)
	require.InDelta(t, 80, ercot.After.FirmMW, 1e-9)
	require.InDelta(t, 3, ercot.HashrateRetiredEHs, 1e-12)
	require.InDelta(t, 3.0/800, ercot.ShareOfNetwork, 1e-12)
	require.InDelta(t, 3.0/800/0.375, ercot.ShareOfUS, 1e-12)
	require.InDelta(t, 100, ercot.NewAIMeterMW, 1e-12)

	pjm := got[1]
	require.Zero(t, pjm.HashrateRetiredEHs)
	require.Equal(t, pjm.Before, pjm.After)

	portfolio := got[2]
	require.InDelta(t, 3, portfolio.HashrateRetiredEHs, 1e-12)
	require.InDelta(t, 440, portfolio.Before.EnergyMWh, 1e-9)
	require.InDelta(t, 100, portfolio.NewAIMeterMW, 1e-12)

	_, err = grid.CompareImpact(before, after[:2], grid.ImpactOptions{})
	require.Error(t, err)
}

func TestGapReferences(t *testing.T) {
	refs := grid.MergeGapReferences(grid.DefaultGapReferences(), []grid.GapReference{
		{ID: "deficit-49gw", Source: "override", GapGW: 50},
		{ID: "mine", Source: "my estimate", GapGW: 10},
	})
	require.Len(t, refs, 4)
	rows := grid.CloseGap(refs, 5)
	require.Equal(t, "deficit-49gw", rows[0].ID)
	require.Equal(t, "override", rows[0].Source)
	require.InDelta(t, 0.1, rows[0].ClosedFraction, 1e-12)
	require.InDelta(t, 5/44.0, rows[1].ClosedFraction, 1e-12)
	require.Equal(t, "mine", rows[3].ID)
	require.InDelta(t, 0.5, rows[3].ClosedFraction, 1e-12)
}
