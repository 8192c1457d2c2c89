package optimize_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// bruteForce enumerates every hall combination and dispatches mining in
// closed form: in each hour a site mines its whole available fleet when the
// margin is positive and nothing otherwise. It is written from docs/model.md
// without using the optimize package's own helpers.
type bruteResult struct {
	objective float64
	feasible  bool
	build     [][]bool
}

func crf(r float64, n int) float64 {
	if r == 0 {
		return 1 / float64(n)
	}
	f := math.Pow(1+r, float64(n))
	return r * f / (f - 1)
}

func margin(in *optimize.Inputs, s, t int) float64 {
	site := &in.Case.Sites[s]
	revenue := in.HashpriceUSDPerPHDay[t] * 1000 / (24 * site.Mining.EfficiencyJPerTH)
	return revenue - site.Mining.PUE*in.SitePriceUSDPerMWh[s][t] - site.Mining.OpexUSDPerMWh
}

// hallLife is the life a hall's capex is annualized over: its own
// life_years, else the case's.
func hallLife(in *optimize.Inputs, hall *sites.Hall) int {
	if hall.LifeYears > 0 {
		return hall.LifeYears
	}
	return in.Case.Finance.LifeYears
}

func hallValue(in *optimize.Inputs, s, h int) float64 {
	site := &in.Case.Sites[s]
	hall := &site.Halls[h]
	T := float64(len(in.Hours))
	v := (hall.LeaseUSDPerKWMonth*12000 - hall.CapexUSDPerMW*crf(in.Case.Finance.DiscountRate, hallLife(in, hall)) - hall.FixedOMUSDPerMWYear) * hall.ITMW * T / 8760
	if !site.AI.PowerPassThrough {
		for _, p := range in.SitePriceUSDPerMWh[s] {
			v -= p * hall.PUE * site.AI.Utilization * hall.ITMW
		}
	}
	return v
}

// siteValue is the best value of site s given which of its halls are built,
// and whether that choice is feasible at the site.
func siteValue(in *optimize.Inputs, s int, build []bool) (float64, bool) {
	return siteValueWith(in, s, build, nil)
}

// siteValueWith is siteValue with an extra cap on mining IT MW per hour.
func siteValueWith(in *optimize.Inputs, s int, build []bool, extra func(s, t int) float64) (float64, bool) {
	site := &in.Case.Sites[s]
	var it, meter, displaced, value float64
	for h, b := range build {
		if b {
			hall := &site.Halls[h]
			it += hall.ITMW
			meter += hall.ITMW * hall.PUE
			displaced += hall.DisplacesMiningITMW
			value += hallValue(in, s, h)
		}
	}
	headroom := site.InterconnectMW - site.AI.ExistingITMW*site.AI.ExistingPUE - meter
	if headroom < -1e-9 || displaced > site.Mining.CapacityITMW+1e-9 || site.AI.ExistingITMW+it < site.AI.CommittedITMW-1e-9 {
		return 0, false
	}
	available := math.Min(site.Mining.CapacityITMW-displaced, headroom/site.Mining.PUE)
	for t := range in.Hours {
		k := available
		if extra != nil {
			k = math.Min(k, extra(s, t))
		}
		if g := margin(in, s, t); g > 0 {
			value += g * k
		}
	}
	return value, true
}

func bruteForce(in *optimize.Inputs) bruteResult { return bruteForceWith(in, nil) }

// bruteForceWith is bruteForce with an extra cap on mining per site-hour.
func bruteForceWith(in *optimize.Inputs, extra func(s, t int) float64) bruteResult {
	type hallRef struct{ s, h int }
	var halls []hallRef
	for s, site := range in.Case.Sites {
		for h := range site.Halls {
			halls = append(halls, hallRef{s, h})
		}
	}
	best := bruteResult{objective: math.Inf(-1)}
	for mask := range 1 << len(halls) {
		build := make([][]bool, len(in.Case.Sites))
		for s, site := range in.Case.Sites {
			build[s] = make([]bool, len(site.Halls))
		}
		var newIT float64
		for k, ref := range halls {
			if mask&(1<<k) != 0 {
				build[ref.s][ref.h] = true
				newIT += in.Case.Sites[ref.s].Halls[ref.h].ITMW
			}
		}
		if capMW := in.Case.Market.AIDemandCapITMW; capMW != nil && newIT > *capMW+1e-9 {
			continue
		}
		total, ok := 0.0, true
		for s := range in.Case.Sites {
			v, feasible := siteValueWith(in, s, build[s], extra)
			if !feasible {
				ok = false
				break
			}
			total += v
		}
		if ok && total > best.objective {
			best = bruteResult{objective: total, feasible: true, build: build}
		}
	}
	return best
}

// interconnectValue is the closed-form marginal value of interconnection of
// site s for the given halls: in an hour where mining is profitable and the
// POI (not the fleet) limits it, one more meter MW lets g/pue more be mined.
func interconnectValue(in *optimize.Inputs, s int, build []bool) float64 {
	site := &in.Case.Sites[s]
	var meter, displaced float64
	for h, b := range build {
		if b {
			meter += site.Halls[h].ITMW * site.Halls[h].PUE
			displaced += site.Halls[h].DisplacesMiningITMW
		}
	}
	poiLimit := (site.InterconnectMW - site.AI.ExistingITMW*site.AI.ExistingPUE - meter) / site.Mining.PUE
	fleetLimit := site.Mining.CapacityITMW - displaced
	var sum float64
	if poiLimit < fleetLimit {
		for t := range in.Hours {
			if g := margin(in, s, t); g > 0 {
				sum += g / site.Mining.PUE
			}
		}
	}
	return sum * 8760 / float64(len(in.Hours))
}

func TestSolveMatchesBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	checked := 0
	for seed := range uint64(40) {
		in := fixture.RandomInputs(seed, 1+int(seed%3), 3, 24+int(seed%4)*24)
		want := bruteForce(in)
		plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{Solver: solverOptsExact()})
		if !want.feasible {
			var inf *optimize.InfeasibleError
			require.ErrorAs(t, err, &inf, "seed %d: brute force finds no feasible plan", seed)
			continue
		}
		require.NoError(t, err, "seed %d", seed)
		checked++
		require.InEpsilon(t, want.objective, plan.ObjectiveUSD, 1e-6, "seed %d objective", seed)
		require.InEpsilon(t, want.objective, plan.Portfolio.ProfitUSD, 1e-6, "seed %d streams add up", seed)
		for s, sp := range plan.Sites {
			build := make([]bool, len(sp.Halls))
			for hIdx, hp := range sp.Halls {
				require.True(t, hp.Build == 0 || hp.Build == 1, "integral halls")
				build[hIdx] = hp.Build == 1
			}
			// The chosen halls must be worth the optimum at this site too.
			v, ok := siteValue(in, s, build)
			require.True(t, ok)
			require.InDelta(t, v, sp.ProfitUSD, 1e-6*math.Max(1, math.Abs(v)), "seed %d site %d profit", seed, s)
			require.InDelta(t, interconnectValue(in, s, build), sp.InterconnectValueUSDPerMWYear,
				1e-6*math.Max(1, math.Abs(sp.InterconnectValueUSDPerMWYear)), "seed %d site %d interconnect value", seed, s)
			hours, err := plan.SiteHours(s)
			require.NoError(t, err)
			for tt := range in.Hours {
				require.LessOrEqual(t, hours.MeterMW[tt], in.Case.Sites[s].InterconnectMW+1e-6)
			}
		}
	}
	require.GreaterOrEqual(t, checked, 20, "enough feasible random cases were compared")
}
