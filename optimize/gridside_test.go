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

// gridSiteValue is the best value of site s for the given halls with every
// grid-side term, computed hour by hour from docs/model.md's definitions:
// PUE(t) = pue + slope·max(0, temp − ref); fleet availability
// 1 − derate·max(0, temp − above); reserve r ≤ min(pue(t)·m, cap) paid ρ;
// coincident-peak charge rate·(T/8760)/N per meter MW in each interval.
func gridSiteValue(in *optimize.Inputs, s int, build []bool, extraInterconnect float64) (float64, bool) {
	site := &in.Case.Sites[s]
	T := len(in.Hours)
	f := float64(T) / 8760
	cpw := 0.0
	isCP := map[int]bool{}
	if n := len(in.CoincidentPeakHours); n > 0 {
		cpw = in.CoincidentPeakRateUSDPerMWYear * f / float64(n)
		for _, t := range in.CoincidentPeakHours {
			isCP[t] = true
		}
	}
	temp := func(t int) float64 { return in.SiteTemperatureC[s][t] }
	pueAt := func(c sites.TempCurve, base float64, t int) float64 {
		return base + c.SlopePerC*math.Max(0, temp(t)-c.ReferenceC)
	}
	var it, displaced, value float64
	for h, b := range build {
		if !b {
			continue
		}
		hall := &site.Halls[h]
		it += hall.ITMW
		displaced += hall.DisplacesMiningITMW
		value += (hall.LeaseUSDPerKWMonth*12000 - hall.CapexUSDPerMW*crf(in.Case.Finance.DiscountRate, hallLife(in, hall)) - hall.FixedOMUSDPerMWYear) * hall.ITMW * f
		for t := range T {
			pue := pueAt(hall.PUETemp, hall.PUE, t)
			if !site.AI.PowerPassThrough {
				value -= in.SitePriceUSDPerMWh[s][t] * pue * site.AI.Utilization * hall.ITMW
			}
			if isCP[t] {
				value -= cpw * pue * site.AI.Utilization * hall.ITMW
			}
		}
	}
	if displaced > site.Mining.CapacityITMW+1e-9 || site.AI.ExistingITMW+it < site.AI.CommittedITMW-1e-9 {
		return 0, false
	}
	reserveCap := math.Inf(1)
	if site.ReserveMaxMW != nil {
		reserveCap = *site.ReserveMaxMW
	}
	for t := range T {
		aiMeter := site.AI.ExistingITMW * site.AI.ExistingPUE
		for h, b := range build {
			if b {
				aiMeter += pueAt(site.Halls[h].PUETemp, site.Halls[h].PUE, t) * site.Halls[h].ITMW
			}
		}
		pue := pueAt(site.Mining.PUETemp, site.Mining.PUE, t)
		headroom := site.InterconnectMW + extraInterconnect - aiMeter
		if headroom < -1e-9 {
			return 0, false
		}
		avail := math.Max(0, 1-site.Mining.DeratePerC*math.Max(0, temp(t)-site.Mining.DerateAboveC))
		k := math.Min(avail*(site.Mining.CapacityITMW-displaced), headroom/pue)
		g := in.HashpriceUSDPerPHDay[t]*1000/(24*site.Mining.EfficiencyJPerTH) - pue*in.SitePriceUSDPerMWh[s][t] - site.Mining.OpexUSDPerMWh
		if isCP[t] {
			g -= cpw * pue
		}
		rho := in.SiteReservePriceUSDPerMWh[s][t]
		best := 0.0
		for _, mine := range []float64{0, k, math.Min(k, reserveCap/pue)} {
			v := g * mine
			if rho > 0 {
				v += rho * math.Min(pue*mine, reserveCap)
			}
			best = math.Max(best, v)
		}
		value += best
	}
	return value, true
}

func gridBruteForce(in *optimize.Inputs) (float64, bool) {
	type ref struct{ s, h int }
	var halls []ref
	for s, site := range in.Case.Sites {
		for h := range site.Halls {
			halls = append(halls, ref{s, h})
		}
	}
	best, found := math.Inf(-1), false
	for mask := range 1 << len(halls) {
		build := make([][]bool, len(in.Case.Sites))
		for s, site := range in.Case.Sites {
			build[s] = make([]bool, len(site.Halls))
		}
		var newIT float64
		for k, r := range halls {
			if mask&(1<<k) != 0 {
				build[r.s][r.h] = true
				newIT += in.Case.Sites[r.s].Halls[r.h].ITMW
			}
		}
		if capMW := in.Case.Market.AIDemandCapITMW; capMW != nil && newIT > *capMW+1e-9 {
			continue
		}
		total, ok := 0.0, true
		for s := range in.Case.Sites {
			v, feasible := gridSiteValue(in, s, build[s], 0)
			if !feasible {
				ok = false
				break
			}
			total += v
		}
		if ok && total > best {
			best, found = total, true
		}
	}
	return best, found
}

func TestGridSideTermsMatchBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	checked := 0
	for seed := range uint64(30) {
		in := fixture.WithGridSide(fixture.RandomInputs(200+seed, 1+int(seed%3), 3, 48), seed)
		want, feasible := gridBruteForce(in)
		if !feasible {
			continue
		}
		plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{Solver: solverOptsExact()})
		if err != nil {
			// Diagnose checks halls at their base PUE; a temperature-driven
			// infeasibility is the solver's to find.
			t.Fatalf("seed %d: %v (brute force found %.2f)", seed, err, want)
		}
		checked++
		require.InEpsilon(t, want, plan.ObjectiveUSD, 1e-6, "seed %d objective", seed)
		require.InEpsilon(t, want, plan.Portfolio.ProfitUSD, 1e-6, "seed %d streams add up", seed)
		for s, sp := range plan.Sites {
			build := make([]bool, len(sp.Halls))
			for k, hp := range sp.Halls {
				build[k] = hp.Build == 1
			}
			v, ok := gridSiteValue(in, s, build, 0)
			require.True(t, ok)
			require.InDelta(t, v, sp.ProfitUSD, 1e-6*math.Max(1, math.Abs(v)), "seed %d site %d", seed, s)
			// The marginal value of interconnection against a finite difference.
			const step = 1e-3
			up, ok := gridSiteValue(in, s, build, step)
			require.True(t, ok)
			fd := (up - v) / step * 8760 / float64(len(in.Hours))
			require.InDelta(t, fd, sp.InterconnectValueUSDPerMWYear, 1e-3*math.Max(1, math.Abs(fd)), "seed %d site %d interconnect value", seed, s)
			hours, err := plan.SiteHours(s)
			require.NoError(t, err)
			for tt := range in.Hours {
				if hours.ReserveMW != nil {
					require.LessOrEqual(t, hours.ReserveMW[tt], hours.LoadMW[tt]+1e-6, "reserve never exceeds the load that can curtail")
				}
				require.LessOrEqual(t, hours.MeterMW[tt], in.Case.Sites[s].InterconnectMW+1e-6)
			}
			require.NotEmpty(t, sp.Contracts)
			for _, cm := range sp.Contracts {
				require.InDelta(t, cm.BlockMWh, cm.UsedMWh+cm.CreditMWh, 1e-6)
			}
		}
	}
	require.GreaterOrEqual(t, checked, 15)
}

// TestContractSettlement checks one month of a block against hand figures.
func TestContractSettlement(t *testing.T) {
	h := solvertest.HiGHS(t)
	in := fixture.RandomInputs(1, 1, 1, 48)
	site := &in.Case.Sites[0]
	site.Halls = nil
	site.AI = sites.AI{ExistingPUE: 1.3, PowerPassThrough: true, Utilization: 0.8}
	site.InterconnectMW = 1000
	site.Contracts = []sites.Contract{{ID: "k", MW: 10, PriceUSDPerMWh: 25, Start: in.Hours[0], End: in.Hours[24]}}
	plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{})
	require.NoError(t, err)
	sp := plan.Sites[0]
	hours, err := plan.SiteHours(0)
	require.NoError(t, err)
	require.Len(t, sp.Contracts, 1)
	cm := sp.Contracts[0]
	var credit, creditUSD, hedge float64
	for tt := range 24 {
		load := site.Mining.PUE * hours.MiningITMW[tt]
		unused := math.Max(0, 10-load)
		credit += unused
		creditUSD += unused * in.SitePriceUSDPerMWh[0][tt]
		hedge += 10 * (in.SitePriceUSDPerMWh[0][tt] - 25)
	}
	require.InDelta(t, 240, cm.BlockMWh, 1e-9)
	require.InDelta(t, 240*25, cm.FixedCostUSD, 1e-9)
	require.InDelta(t, credit, cm.CreditMWh, 1e-9)
	require.InDelta(t, creditUSD, cm.CreditUSD, 1e-9)
	require.InDelta(t, hedge, cm.HedgeUSD, 1e-9)
	require.InDelta(t, hedge, sp.HedgeUSD, 1e-9)
	require.Equal(t, in.Hours[0].Format("2006-01"), cm.Month)
}
