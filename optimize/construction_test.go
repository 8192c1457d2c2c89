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

// constructionCase is random case seed over three years with
// construction periods and lease-ups; without them, the same case with
// build_months 0, or with every hall fully let.
func constructionCase(seed uint64, construction, leaseUp bool) *optimize.Inputs {
	in := fixture.RandomInputs(5100+seed, 1+int(seed%2), 3, 24)
	if seed%4 == 3 {
		in = fixture.WithGridSide(in, seed)
	}
	in = fixture.WithYears(in, seed, 3)
	in = fixture.WithLeaseUp(fixture.WithConstruction(in, seed), seed)
	for s := range in.Case.Sites {
		for h := range in.Case.Sites[s].Halls {
			hall := &in.Case.Sites[s].Halls[h]
			if !construction {
				hall.BuildMonths = 0
			}
			if !leaseUp {
				hall.Occupancy, hall.OccupancyStart, hall.LeaseUpYears = 0, 0, 0
			}
		}
	}
	return in
}

// TestConstructionAndLeaseUpMatchOracle: on random multi-year cases whose
// halls build for 0-18 months (displacing their miners from the build's
// first hour, their capex compounded to service start) and lease up over
// their first years, both methods find the brute-force oracle's optimum
// over every service-year assignment, their full models verify and their
// streams add up. The vacuity guards: without construction, and without
// lease-up, the optimal service years differ in some cases.
func TestConstructionAndLeaseUpMatchOracle(t *testing.T) {
	h := solvertest.HiGHS(t)
	ctx := context.Background()
	compared, byConstruction, byLeaseUp := 0, 0, 0
	for seed := range uint64(60) {
		in := constructionCase(seed, true, true)
		want := oracle(in, anyStart(in), oracleOptions{})
		for _, method := range []optimize.Method{optimize.MethodDecomposed, optimize.MethodMonolithic} {
			plan, err := optimize.Solve(ctx, h, in, optimize.Options{Method: method, Solver: solver.Options{MIPRelGap: 1e-12}})
			if !want.feasible {
				var inf *optimize.InfeasibleError
				require.ErrorAs(t, err, &inf, "seed %d %s: the oracle finds no feasible plan", seed, method)
				continue
			}
			require.NoError(t, err, "seed %d %s", seed, method)
			requireClose(t, want.objective, plan.ObjectiveUSD, 1e-7, "seed %d %s: the oracle's optimum", seed, method)
			requireClose(t, plan.ObjectiveUSD, plan.Portfolio.ProfitUSD, 1e-7, "seed %d %s: the streams add up", seed, method)
			requireClose(t, plan.ObjectiveUSD, plan.Solver.ObjectiveRecomputedUSD, 1e-7, "seed %d %s: the objective recomputed", seed, method)
			require.LessOrEqual(t, plan.Solver.MaxRowViolation, 1e-6, "seed %d %s: the full model verifies", seed, method)
		}
		if !want.feasible {
			continue
		}
		compared++
		if otherOptimum(want, constructionCase(seed, false, true)) {
			byConstruction++
		}
		if otherOptimum(want, constructionCase(seed, true, false)) {
			byLeaseUp++
		}
	}
	t.Logf("%d cases compared; the optimal service years change without construction in %d, without lease-up in %d", compared, byConstruction, byLeaseUp)
	require.GreaterOrEqual(t, compared, 30, "enough feasible random cases were compared")
	require.Positive(t, byConstruction, "construction changes some optimum (the comparison would pass vacuously otherwise)")
	require.Positive(t, byLeaseUp, "lease-up changes some optimum (the comparison would pass vacuously otherwise)")
}

// otherOptimum reports whether the oracle's optimal service years for in
// differ from want's.
func otherOptimum(want oracleResult, in *optimize.Inputs) bool {
	got := oracle(in, anyStart(in), oracleOptions{})
	if !got.feasible {
		return true
	}
	for s := range want.starts {
		if !equalInts(want.starts[s], got.starts[s]) {
			return true
		}
	}
	return false
}

// TestConstructionMethodsAgree: with construction and lease-up on sites
// valued every way (sets, best assignments, sets per year, cuts), as MILP
// and LP relaxation, the two methods agree on the objective, every year's
// figures and (MILP) the service years.
func TestConstructionMethodsAgree(t *testing.T) {
	h := solvertest.HiGHS(t)
	compared := map[string]int{}
	for seed := range uint64(18) {
		maxHalls := []int{3, 5, 9}[seed%3]
		in := fixture.RandomInputs(5300+seed, 1+int(seed%3), maxHalls, 24)
		if seed%2 == 0 {
			in = fixture.WithGridSide(in, seed)
		}
		in = fixture.WithLeaseUp(fixture.WithConstruction(fixture.WithYears(in, seed, 3+int(seed%2)), seed), seed)
		countKinds(compared, in)
		for i, opts := range []optimize.Options{{}, {Relax: true}, optimize.WithYearByYear(optimize.Options{})} {
			mono, dec, ok := solveBoth(t, h, in, opts, "construction")
			if !ok {
				continue
			}
			relax := opts.Relax
			what := []string{"MILP", "LP", "MILP year by year"}[i]
			compared[what]++
			require.InEpsilon(t, mono.ObjectiveUSD, dec.ObjectiveUSD, 1e-7, "seed %d %s", seed, what)
			for k := range dec.Years {
				require.InDelta(t, mono.Years[k].ObjectiveUSD, dec.Years[k].ObjectiveUSD, 1e-6*math.Max(1, math.Abs(mono.ObjectiveUSD)), "seed %d %s year %d", seed, what, k)
				require.InDelta(t, mono.Years[k].MiningCapacityITMW, dec.Years[k].MiningCapacityITMW, 1e-6, "seed %d %s year %d", seed, what, k)
			}
			if relax {
				continue
			}
			for s := range mono.Sites {
				for i, hp := range mono.Sites[s].Halls {
					require.Equal(t, hp.ServiceYear, dec.Sites[s].Halls[i].ServiceYear, "seed %d site %d hall %d", seed, s, i)
				}
			}
		}
	}
	t.Logf("compared %v", compared)
	require.GreaterOrEqual(t, compared["MILP"], 10)
	require.GreaterOrEqual(t, compared["MILP year by year"], 10)
	require.GreaterOrEqual(t, compared["LP"], 10)
	for _, kind := range []string{"sets", "assignments", "year sets", "cuts"} {
		require.GreaterOrEqual(t, compared[kind], 2, "sites valued as %s", kind)
	}
}

// buildCase is one site over 2026-2028 (four hours a quarter apart each
// year) whose one hall is a signed deal entering service on 1 January
// 2028 after a build of buildMonths: mining pays in every hour, so the
// fleet mines all it may.
func buildCase(buildMonths int) *optimize.Inputs {
	hz := &sites.Horizon{StartYear: 2026, Years: 3}
	c := &sites.Case{Name: "build", Horizon: hz, Market: sites.MarketSpec{AILeaseUSDPerKWMonth: 120},
		Finance: sites.Finance{DiscountRate: 0.08, LifeYears: 15},
		Sites: []sites.Site{{ID: "s", Region: "ERCOT", Node: "N", InterconnectMW: 300,
			Mining: sites.Mining{CapacityITMW: 200, EfficiencyJPerTH: 20, PUE: 1.1},
			AI:     sites.AI{ExistingPUE: 1.3, PowerPassThrough: true, Utilization: 0.8},
			Halls: []sites.Hall{{ID: "a", ITMW: 50, Cooling: sites.CoolingLiquid, PUE: 1.2, CapexUSDPerMW: 9e6,
				DisplacesMiningITMW: 60, LeaseUSDPerKWMonth: 150, ServiceYear: 2028, BuildMonths: buildMonths}}}}}
	in := &optimize.Inputs{Case: c}
	for k := range hz.Years {
		y := optimize.Year{Year: 2026 + k, SitePriceUSDPerMWh: [][]float64{{30, 30, 30, 30}}}
		for q := range 4 {
			hour := time.Date(2026+k, time.Month(1+3*q), 1, 0, 0, 0, 0, time.UTC)
			y.Hours = append(y.Hours, hour)
			y.HashpriceUSDPerPHDay = append(y.HashpriceUSDPerPHDay, 50)
		}
		in.Years = append(in.Years, y)
		in.Hours = append(in.Hours, y.Hours...)
		in.HashpriceUSDPerPHDay = append(in.HashpriceUSDPerPHDay, y.HashpriceUSDPerPHDay...)
	}
	return in
}

// TestConstructionDisplacesFromBuildStart: a hall entering service in
// 2028 after a 9-month build (from 1 April 2027) stops its miners from
// the hour of April 2027 on, in both methods; hours before are
// unaffected; the plan dates its build and its nine monthly capex parts,
// and a build begun before the horizon (a signed deal's history)
// displaces nothing before the horizon's first hour.
func TestConstructionDisplacesFromBuildStart(t *testing.T) {
	h := solvertest.HiGHS(t)
	for _, method := range []optimize.Method{optimize.MethodDecomposed, optimize.MethodMonolithic} {
		plan, err := optimize.Solve(context.Background(), h, buildCase(9), optimize.Options{Method: method})
		require.NoError(t, err, method)
		hours, err := plan.Hourly.SiteHours(0)
		require.NoError(t, err)
		want := []float64{200, 200, 200, 200, 200, 140, 140, 140, 140, 140, 140, 140}
		require.InDeltaSlice(t, want, hours.MiningITMW, 1e-9, "%s: mining by quarter, 2026-2028", method)
		require.InDelta(t, 140, plan.Sites[0].Years[1].MiningCapacityITMW, 1e-9, "%s: the fleet left at the end of 2027", method)
		hp := plan.Sites[0].Halls[0]
		require.Equal(t, 2028, hp.ServiceYear)
		require.Equal(t, 9, hp.BuildMonths)
		require.Equal(t, time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC), hp.BuildStart)
		require.Len(t, hp.CapexParts, 9)
		require.Equal(t, time.Date(2027, 12, 1, 0, 0, 0, 0, time.UTC), hp.CapexParts[8].Date)
		var sum float64
		for _, part := range hp.CapexParts {
			sum += part.USD
			require.InDelta(t, 9e6*50/9, part.USD, 1e-6)
		}
		require.InDelta(t, 9e6*50, sum, 1e-3)
		require.InDelta(t, optimize.CompoundedCapexUSD(9e6*50, 9, 0.08), hp.CapexCompoundedUSD, 1e-3)
	}
	// A 30-month build for service in 2028 began mid-2025, before the horizon.
	plan, err := optimize.Solve(context.Background(), h, buildCase(30), optimize.Options{})
	require.NoError(t, err)
	hours, err := plan.Hourly.SiteHours(0)
	require.NoError(t, err)
	for t0, m := range hours.MiningITMW {
		require.InDelta(t, 140, m, 1e-9, "hour %d: displaced from the horizon's start", t0)
	}
	require.Equal(t, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), plan.Sites[0].Halls[0].BuildStart)
}

// TestConstructionDelaysEarliestService: an unsigned hall whose build is
// longer than its lead time can enter service only build_months after
// the horizon's start.
func TestConstructionDelaysEarliestService(t *testing.T) {
	h := solvertest.HiGHS(t)
	in := buildCase(14)
	hall := &in.Case.Sites[0].Halls[0]
	hall.ServiceYear, hall.LeadTimeMonths = 0, 6
	plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{})
	require.NoError(t, err)
	require.Equal(t, []int{2}, allowedStarts(in, 0, 0), "the oracle's earliest start: 2028, 14 months after 2026-01-01")
	hp := plan.Sites[0].Halls[0]
	if hp.Build > 0.5 {
		require.Equal(t, 2028, hp.ServiceYear)
	}
	require.True(t, hp.YearsAssumed == (hp.Build < 0.5))
	require.Equal(t, 2028, hp.Years[0].Year, "the hall's years start at its earliest service")
}

// TestCompoundedCapex checks the construction capex against its closed
// form: B equal monthly parts spent at the start of each month before
// service, compounded at r, are capex/B · q(q^B − 1)/(q − 1) with
// q = (1+r)^(1/12); no build is the capex itself.
func TestCompoundedCapex(t *testing.T) {
	for _, tc := range []struct {
		capex float64
		B     int
		r     float64
	}{{1e8, 1, 0.07}, {1e8, 12, 0.07125}, {4.5e8, 18, 0.09}, {1e6, 120, 0.05}, {2e8, 24, 0}} {
		q := math.Pow(1+tc.r, 1.0/12)
		want := tc.capex / float64(tc.B) * float64(tc.B)
		if tc.r != 0 {
			want = tc.capex / float64(tc.B) * q * (math.Pow(q, float64(tc.B)) - 1) / (q - 1)
		}
		require.InDelta(t, want, optimize.CompoundedCapexUSD(tc.capex, tc.B, tc.r), 1e-6*tc.capex, "%+v", tc)
	}
	require.Equal(t, 1e8, optimize.CompoundedCapexUSD(1e8, 0, 0.07), "no construction: spent at service start")
	// One year of building at 12%: the first part compounds a full year,
	// the last a month.
	require.InDelta(t, 1.063875, optimize.CompoundedCapexUSD(1, 12, 0.12), 1e-6)
}

// TestLeaseUpInYearsAndLoad: a hall let at 40% in its first year of
// service, 70% in its second and 100% from its third earns its lease and
// draws its load at that occupancy: in the modelled year and in the years
// past the horizon that the pro forma reads; fixed O&M does not scale.
func TestLeaseUpInYearsAndLoad(t *testing.T) {
	h := solvertest.HiGHS(t)
	in := buildCase(0)
	hall := &in.Case.Sites[0].Halls[0]
	hall.OccupancyStart, hall.Occupancy, hall.LeaseUpYears, hall.FixedOMUSDPerMWYear = 0.4, 1, 3, 50000
	for _, method := range []optimize.Method{optimize.MethodDecomposed, optimize.MethodMonolithic} {
		plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{Method: method})
		require.NoError(t, err, method)
		years := plan.Sites[0].Halls[0].Years
		require.Len(t, years, 15)
		fullLease := 150 * 12000 * 50.0
		require.InDelta(t, 0.4*fullLease*4/8760, years[0].LeaseUSD, 1e-6, "%s: 2028, modelled (4 hours)", method)
		require.InDelta(t, 0.7*fullLease, years[1].LeaseUSD, 1e-3, "%s: 2029, past the horizon", method)
		for _, y := range years[2:] {
			require.InDelta(t, fullLease, y.LeaseUSD, 1e-3, "%s: %d", method, y.Year)
		}
		require.InDelta(t, 50000*50.0, years[1].OpexUSD, 1e-6, "%s: fixed O&M in full (the tenant pays for power)", method)
		hours, err := plan.Hourly.SiteHours(0)
		require.NoError(t, err)
		for _, tt := range []int{8, 9, 10, 11} {
			require.InDelta(t, 140*1.1+0.4*0.8*1.2*50, hours.LoadMW[tt], 1e-9, "%s: load in 2028 at 40%% let", method)
			require.InDelta(t, 140*1.1+1.2*50, hours.MeterMW[tt], 1e-9, "%s: the POI reserves the whole hall", method)
		}
	}
}
