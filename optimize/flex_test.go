package optimize_test

import (
	"context"
	"math"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// flexStress marks site s's stress hours as docs/model.md ("Flexible AI")
// defines them: its ⌊share × T⌋ highest-price hours, share the largest
// max_curtailed_share of its curtailable halls (1% without one).
func flexStress(in *optimize.Inputs, s int) []bool {
	share := 0.0
	for _, h := range in.Case.Sites[s].Halls {
		if h.Flexibility == sites.FlexCurtailable {
			share = math.Max(share, h.MaxCurtailedShare)
		}
	}
	if share == 0 {
		share = 0.01
	}
	T := len(in.Hours)
	order := make([]int, T)
	for t := range order {
		order[t] = t
	}
	price := in.SitePriceUSDPerMWh[s]
	sort.SliceStable(order, func(a, b int) bool { return price[order[a]] > price[order[b]] })
	out := make([]bool, T)
	for _, t := range order[:int(math.Floor(share*float64(T)+1e-9))] {
		out[t] = true
	}
	return out
}

// flexSiteValue is site s's best value for the halls built, hour by hour:
// the POI takes interconnect_mw plus the non-firm service outside stress
// hours; each hall reserves poi_mw_per_it_mw (or PUE) × IT MW, a
// curtailable one only its firm share in stress hours, where it also
// draws only that share; mining takes the rest.
func flexSiteValue(in *optimize.Inputs, s int, build []bool) (float64, bool) {
	site := &in.Case.Sites[s]
	stress := flexStress(in, s)
	T := float64(len(in.Hours))
	var it, displaced, value float64
	for h, b := range build {
		if !b {
			continue
		}
		hall := &site.Halls[h]
		it += hall.ITMW
		displaced += hall.DisplacesMiningITMW
		lease := hall.LeaseUSDPerKWMonth - hall.LeaseDiscountUSDPerKWMonth
		value += (lease*12000 - hall.CapexUSDPerMW*crf(in.Case.Finance.DiscountRate, hallLife(in, hall)) - hall.FixedOMUSDPerMWYear) * hall.ITMW * T / 8760
		if !site.AI.PowerPassThrough {
			for t, p := range in.SitePriceUSDPerMWh[s] {
				draw := 1.0
				if stress[t] && hall.Flexibility == sites.FlexCurtailable {
					draw = hall.FirmShare
				}
				value -= p * hall.PUE * draw * site.AI.Utilization * hall.ITMW
			}
		}
	}
	if displaced > site.Mining.CapacityITMW+1e-9 || site.AI.ExistingITMW+it < site.AI.CommittedITMW-1e-9 {
		return 0, false
	}
	for t := range in.Hours {
		capMW := site.InterconnectMW - site.AI.ExistingITMW*site.AI.ExistingPUE
		if !stress[t] {
			capMW += site.NonfirmInterconnectMW
		}
		for h, b := range build {
			if !b {
				continue
			}
			hall := &site.Halls[h]
			perIT := hall.PUE
			if hall.POIMWPerITMW > 0 {
				perIT = hall.POIMWPerITMW
			}
			draw := 1.0
			if stress[t] && hall.Flexibility == sites.FlexCurtailable {
				draw = hall.FirmShare
			}
			capMW -= perIT * hall.ITMW * draw
		}
		if capMW < -1e-9 {
			return 0, false
		}
		if g := margin(in, s, t); g > 0 {
			value += g * math.Min(site.Mining.CapacityITMW-displaced, capMW/site.Mining.PUE)
		}
	}
	return value, true
}

// TestFlexibilityMatchesBruteForce: with design-peak reservations,
// curtailable halls and non-firm service, both methods find the brute
// force's optimum over every hall set (1e-7 relative).
func TestFlexibilityMatchesBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	compared, curtailed := 0, 0
	for seed := range uint64(30) {
		in := fixture.WithFlexibility(fixture.RandomInputs(2700+seed, 1+int(seed%3), 3, 96), seed)
		type hallRef struct{ s, h int }
		var refs []hallRef
		for s, site := range in.Case.Sites {
			for h := range site.Halls {
				refs = append(refs, hallRef{s, h})
			}
		}
		want, bestBuild := math.Inf(-1), [][]bool(nil)
		for mask := range 1 << len(refs) {
			build := make([][]bool, len(in.Case.Sites))
			for s, site := range in.Case.Sites {
				build[s] = make([]bool, len(site.Halls))
			}
			var newIT float64
			for k, r := range refs {
				if mask>>k&1 == 1 {
					build[r.s][r.h] = true
					newIT += in.Case.Sites[r.s].Halls[r.h].ITMW
				}
			}
			if c := in.Case.Market.AIDemandCapITMW; c != nil && newIT > *c+1e-9 {
				continue
			}
			total, ok := 0.0, true
			for s := range in.Case.Sites {
				v, feasible := flexSiteValue(in, s, build[s])
				ok = ok && feasible
				total += v
			}
			if ok && total > want {
				want, bestBuild = total, build
			}
		}
		if math.IsInf(want, -1) {
			continue
		}
		compared++
		for s, site := range in.Case.Sites {
			for hh, b := range bestBuild[s] {
				if b && site.Halls[hh].Flexibility == sites.FlexCurtailable {
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
