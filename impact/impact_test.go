package impact_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/impact"
)

// region sums sites given as (load, price) series, the way a plan does.
func region(name string, loads, prices [][]float64, firm, flex, hashrate, newAI float64) impact.Load {
	T := len(loads[0])
	l := impact.Load{Region: name, Sites: len(loads), LoadMW: make([]float64, T), PriceSumUSDPerMWh: make([]float64, T),
		FirmMW: firm, FlexibleMW: flex, HashrateEHs: hashrate, NewAIMeterMW: newAI}
	for i := range loads {
		for t := range T {
			l.LoadMW[t] += loads[i][t]
			l.PriceSumUSDPerMWh[t] += prices[i][t]
			l.PaidUSD += loads[i][t] * prices[i][t]
		}
	}
	return l
}

func TestCompareHandComputed(t *testing.T) {
	// Two ERCOT sites and one PJM site over four hours; hour 2 is the
	// price spike (the single stress hour) and hour 3 the coincident peak.
	price := []float64{20, 30, 900, 50}
	pjmPrice := []float64{40, 40, 40, 40}
	before := []impact.Load{
		region("PJM", [][]float64{{10, 10, 10, 10}}, [][]float64{pjmPrice}, 0, 10, 0.5, 0),
		region("ERCOT", [][]float64{{100, 100, 0, 100}, {50, 50, 0, 0}}, [][]float64{price, price}, 0, 150, 7, 0),
	}
	after := []impact.Load{
		before[0],
		region("ERCOT", [][]float64{{120, 120, 80, 120}, {50, 50, 0, 0}}, [][]float64{price, price}, 80, 90, 4, 100),
	}
	got, err := impact.Compare(before, after, impact.Options{StressHours: 1, CoincidentPeakHours: []int{3}, NetworkHashrateEHs: 800, USHashrateShare: 0.375})
	require.NoError(t, err)
	require.Len(t, got, 3)
	require.Equal(t, []string{"ERCOT", "PJM", "portfolio"}, []string{got[0].Scope, got[1].Scope, got[2].Scope})

	ercot := got[0]
	require.Equal(t, []float64{150, 150, 0, 100}, ercot.LoadBeforeMW)
	require.Equal(t, []float64{170, 170, 80, 120}, ercot.LoadAfterMW)
	require.Equal(t, []int{2}, ercot.StressHours)
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
	require.Equal(t, []int{2}, portfolio.StressHours, "the spike is the portfolio's priciest hour on average")

	_, err = impact.Compare(before, after[:1], impact.Options{})
	require.Error(t, err)
	_, err = impact.Compare(before, []impact.Load{after[1], after[0]}, impact.Options{})
	require.ErrorContains(t, err, "region 0")
}

func TestGapReferences(t *testing.T) {
	refs := impact.MergeGapReferences(impact.DefaultGapReferences(), []impact.GapReference{
		{ID: "deficit-49gw", Source: "override", GapGW: 50},
		{ID: "mine", Source: "my estimate", GapGW: 10},
	})
	require.Len(t, refs, 6)
	rows := impact.CloseGap(refs, 5)
	require.Equal(t, "deficit-49gw", rows[0].ID)
	require.Equal(t, "override", rows[0].Source)
	require.InDelta(t, 0.1, rows[0].ClosedFraction, 1e-12)
	require.Equal(t, []string{"deficit-49gw", "morgan-stanley-47gw", "morgan-stanley-65gw", "morgan-stanley-44gw", "all-us-miners", "mine"},
		[]string{rows[0].ID, rows[1].ID, rows[2].ID, rows[3].ID, rows[4].ID, rows[5].ID}, "largest gap first")
	require.InDelta(t, 5/45.0, rows[2].ClosedFraction, 1e-12, "seed 001's own figure, about 45 GW")
	require.InDelta(t, 5/44.0, rows[3].ClosedFraction, 1e-12)
	require.InDelta(t, 0.5, rows[5].ClosedFraction, 1e-12)
}
