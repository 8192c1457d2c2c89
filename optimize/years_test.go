package optimize_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// The tests below compare multi-year plans with the brute-force oracle of
// oracle_test.go: every assignment of a service year (or never) to every
// hall, each year's mining dispatched hour by hour, the halls' money year
// by year.

// TestYearsMatchBruteForce: over horizons that span the 2028 halving with
// BTC price and hashrate growth, lead times, earliest_online dates, lease
// terms, escalators, signed deals, late commitments and yearly caps, the
// fast path and the monolithic multi-year MILP both find the brute
// force's optimum (1e-7 relative). In some cases the optimum delays a
// hall past its earliest year, so "earliest or never" would fail.
func TestYearsMatchBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	ctx := context.Background()
	compared, delayed := 0, 0
	for seed := range uint64(40) {
		in := fixture.WithYears(fixture.RandomInputs(1300+seed, 1+int(seed%2), 3, 24), seed, 4)
		want, starts := bruteForceYears(in, anyStart(in))
		for _, method := range []optimize.Method{optimize.MethodDecomposed, optimize.MethodMonolithic} {
			plan, err := optimize.Solve(ctx, h, in, optimize.Options{Method: method, Solver: solver.Options{MIPRelGap: 1e-12}})
			if math.IsInf(want, -1) {
				var inf *optimize.InfeasibleError
				require.ErrorAs(t, err, &inf, "seed %d %s: the brute force finds no feasible plan", seed, method)
				continue
			}
			require.NoError(t, err, "seed %d %s", seed, method)
			require.InEpsilon(t, want, plan.ObjectiveUSD, 1e-7, "seed %d %s objective", seed, method)
			require.InEpsilon(t, want, plan.Portfolio.ProfitUSD, 1e-7, "seed %d %s: streams add up", seed, method)
			var yearly float64
			for _, y := range plan.Years {
				yearly += y.ObjectiveUSD
			}
			require.InEpsilon(t, want, yearly, 1e-7, "seed %d %s: the years add up", seed, method)
			got := make([][]int, len(plan.Sites))
			for s, sp := range plan.Sites {
				for _, hp := range sp.Halls {
					st := -1
					if hp.Build > 0.5 {
						st = hp.ServiceYear - in.Case.Horizon.StartYear
					}
					got[s] = append(got[s], st)
				}
			}
			v, ok := assignmentValue(in, got)
			require.True(t, ok, "seed %d %s: the plan's service years are feasible", seed, method)
			require.InEpsilon(t, want, v, 1e-7, "seed %d %s: the plan's service years are worth the optimum", seed, method)
		}
		if math.IsInf(want, -1) {
			continue
		}
		compared++
		earliest, _ := bruteForceYears(in, func(s, h int) ([]int, bool) {
			starts, never := anyStart(in)(s, h)
			return starts[:min(1, len(starts))], never
		})
		if earliest < want-1e-7*math.Abs(want) {
			delayed++
			require.True(t, delaysSomeHall(in, starts), "seed %d: beating earliest-or-never needs a delay", seed)
		}
	}
	t.Logf("%d cases compared, %d optima delay a hall", compared, delayed)
	require.GreaterOrEqual(t, compared, 25, "enough feasible random cases were compared")
	require.GreaterOrEqual(t, delayed, 3, "some optima delay a hall past its earliest year")
}

// TestGPUCloudYearsMatchBruteForce: with some halls GPU cloud contracts
// (revenue, GPUs annuitized over the contract's term, power paid by the
// miner during it, then re-let at the market's lease), both methods find
// the brute force's optimum, and so do the random cases with every site's
// tenants paying for power.
func TestGPUCloudYearsMatchBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	ctx := context.Background()
	compared, gpuBuilt := 0, 0
	for seed := range uint64(30) {
		in := fixture.WithYears(fixture.RandomInputs(2300+seed, 1+int(seed%2), 3, 24), seed, 4)
		rng := rand.New(rand.NewPCG(seed, 99))
		for s := range in.Case.Sites {
			site := &in.Case.Sites[s]
			site.AI.PowerPassThrough = seed%3 != 0
			for k := range site.Halls {
				hall := &site.Halls[k]
				if rng.IntN(2) == 0 {
					continue
				}
				hall.Offer = sites.OfferGPUCloud
				hall.GPUTermYears = 1 + rng.IntN(3)
				hall.GPUCapexUSD = hall.ITMW * (15 + 15*rng.Float64()) * 1e6
				hall.GPURevenueUSDPerYear = hall.GPUCapexUSD * (0.3 + 0.4*rng.Float64())
			}
		}
		want, starts := bruteForceYears(in, anyStart(in))
		if math.IsInf(want, -1) {
			continue
		}
		for _, method := range []optimize.Method{optimize.MethodDecomposed, optimize.MethodMonolithic} {
			plan, err := optimize.Solve(ctx, h, in, optimize.Options{Method: method, Solver: solver.Options{MIPRelGap: 1e-12}})
			require.NoError(t, err, "seed %d %s", seed, method)
			require.InEpsilon(t, want, plan.ObjectiveUSD, 1e-7, "seed %d %s objective", seed, method)
			require.InEpsilon(t, want, plan.Portfolio.ProfitUSD, 1e-7, "seed %d %s: streams add up", seed, method)
		}
		compared++
		for s, site := range in.Case.Sites {
			for k, hall := range site.Halls {
				if hall.Offer == sites.OfferGPUCloud && starts[s][k] >= 0 {
					gpuBuilt++
				}
			}
		}
	}
	t.Logf("%d cases compared, %d GPU cloud halls built in the optima", compared, gpuBuilt)
	require.GreaterOrEqual(t, compared, 20)
	require.GreaterOrEqual(t, gpuBuilt, 10, "the optima build GPU cloud halls, so their terms are tested")
}

// assignmentValue is the brute force's value of one assignment.
func assignmentValue(in *optimize.Inputs, starts [][]int) (float64, bool) {
	var total float64
	for s := range in.Case.Sites {
		found := false
		for _, a := range siteAssignments(in, s, anyStart(in)) {
			if equalInts(a.start, starts[s]) {
				total += a.value
				found = true
			}
		}
		if !found {
			return 0, false
		}
	}
	return total, true
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// delaysSomeHall reports whether some hall starts after its earliest year.
func delaysSomeHall(in *optimize.Inputs, starts [][]int) bool {
	for s, st := range starts {
		for h, k := range st {
			if a := allowedStarts(in, s, h); k >= 0 && len(a) > 0 && k > a[0] {
				return true
			}
		}
	}
	return false
}

// TestYearsMethodsAgree: with the grid-side terms, many halls (cuts),
// many decisions on few halls (best assignments, or sets per year when
// the fast path is told to value sites year by year) and the LP
// relaxation, the fast path and the monolithic multi-year model agree:
// objective 1e-7 relative, the same service years, and the same years'
// figures.
func TestYearsMethodsAgree(t *testing.T) {
	h := solvertest.HiGHS(t)
	compared := map[string]int{}
	for seed := range uint64(24) {
		maxHalls := []int{3, 5, 9}[seed%3]
		in := fixture.RandomInputs(1500+seed, 1+int(seed%3), maxHalls, 24)
		if seed%2 == 0 {
			in = fixture.WithGridSide(in, seed)
		}
		if seed%3 != 1 {
			in = fixture.WithFlexibility(in, seed)
		}
		in = fixture.WithYears(in, seed, 3+int(seed%3))
		countKinds(compared, in)
		for i, opts := range []optimize.Options{{}, {Relax: true}, optimize.WithYearByYear(optimize.Options{})} {
			mono, dec, ok := solveBoth(t, h, in, opts, "years")
			if !ok {
				continue
			}
			relax := opts.Relax
			what := []string{"MILP", "LP", "MILP year by year"}[i]
			compared[what]++
			require.InEpsilon(t, mono.ObjectiveUSD, dec.ObjectiveUSD, 1e-7, "seed %d %s", seed, what)
			require.Len(t, dec.Years, len(in.Years))
			for k := range dec.Years {
				require.InDelta(t, mono.Years[k].ObjectiveUSD, dec.Years[k].ObjectiveUSD, 1e-6*math.Max(1, math.Abs(mono.ObjectiveUSD)), "seed %d %s year %d", seed, what, k)
			}
			if relax {
				continue
			}
			for s := range mono.Sites {
				for i, hp := range mono.Sites[s].Halls {
					require.Equal(t, hp.ServiceYear, dec.Sites[s].Halls[i].ServiceYear, "seed %d site %d hall %d", seed, s, i)
				}
				require.InDelta(t, mono.Sites[s].InterconnectValueUSDPerMWYear, dec.Sites[s].InterconnectValueUSDPerMWYear,
					1e-6*math.Max(1, math.Abs(mono.Sites[s].InterconnectValueUSDPerMWYear)), "seed %d site %d", seed, s)
			}
		}
	}
	t.Logf("compared %v", compared)
	require.GreaterOrEqual(t, compared["MILP"], 14)
	require.GreaterOrEqual(t, compared["MILP year by year"], 14)
	for _, kind := range []string{"sets", "assignments", "year sets", "cuts"} {
		require.GreaterOrEqual(t, compared[kind], 3, "sites valued as %s", kind)
	}
	require.GreaterOrEqual(t, compared["LP"], 14)
}

// countKinds adds how the fast path takes in's sites in, by default and
// year by year.
func countKinds(compared map[string]int, in *optimize.Inputs) {
	n := optimize.SiteKinds(in, optimize.Options{})
	compared["sets"] += n.Sets
	compared["assignments"] += n.Assignments
	compared["cuts"] += n.Cuts
	compared["year sets"] += optimize.SiteKinds(in, optimize.WithYearByYear(optimize.Options{})).YearSets
}

// TestOneYearHorizonIsV1: a horizon of one year over the same hours gives
// the plan without a horizon exactly, its objective valued at 1 January of
// the year: × years[0].discount_factor = 1/(1+r).
func TestOneYearHorizonIsV1(t *testing.T) {
	h := solvertest.HiGHS(t)
	compared := 0
	for seed := range uint64(10) {
		v1 := fixture.WithGridSide(fixture.RandomInputs(1700+seed, 2, 3, 48), seed)
		want, err := optimize.Solve(context.Background(), h, v1, optimize.Options{})
		var inf *optimize.InfeasibleError
		if errors.As(err, &inf) {
			continue
		}
		require.NoError(t, err)
		compared++

		one := fixture.WithGridSide(fixture.RandomInputs(1700+seed, 2, 3, 48), seed)
		c := *one.Case
		c.Horizon = &sitesHorizon2025
		one.Case = &c
		one.Years = []optimize.Year{{Year: 2025, Hours: one.Hours, SitePriceUSDPerMWh: one.SitePriceUSDPerMWh,
			HashpriceUSDPerPHDay: one.HashpriceUSDPerPHDay, SiteReservePriceUSDPerMWh: one.SiteReservePriceUSDPerMWh,
			SiteTemperatureC: one.SiteTemperatureC, CoincidentPeakHours: one.CoincidentPeakHours}}
		one.SitePriceUSDPerMWh, one.SiteReservePriceUSDPerMWh, one.SiteTemperatureC, one.CoincidentPeakHours = nil, nil, nil, nil
		got, err := optimize.Solve(context.Background(), h, one, optimize.Options{})
		require.NoError(t, err)
		require.Len(t, got.Years, 1)
		df := got.Years[0].DiscountFactor
		require.InDelta(t, 1/(1+one.Case.Finance.DiscountRate), df, 1e-15)
		require.InDelta(t, want.ObjectiveUSD*df, got.ObjectiveUSD, 1e-9*math.Max(1, math.Abs(want.ObjectiveUSD)), "seed %d", seed)
		require.InDelta(t, want.ObjectiveUSD*df, got.Years[0].ObjectiveUSD, 1e-9*math.Max(1, math.Abs(want.ObjectiveUSD)))
		for s := range want.Sites {
			require.Equal(t, want.Sites[s].HallsBuilt, got.Sites[s].HallsBuilt)
		}
	}
	require.GreaterOrEqual(t, compared, 5)
}

// sitesHorizon2025 is a one-year horizon over 2025.
var sitesHorizon2025 = sites.Horizon{StartYear: 2025, Years: 1}

// TestValueIfBuiltOverYears: with a horizon, an unbuilt hall's
// ValueIfBuiltUSD is the brute force's best value of its site over every
// assignment that builds the hall (in any year), less the planned
// assignment's value.
func TestValueIfBuiltOverYears(t *testing.T) {
	h := solvertest.HiGHS(t)
	checked := 0
	for seed := range uint64(30) {
		in := fixture.WithYears(fixture.RandomInputs(2400+seed, 1+int(seed%2), 3, 24), seed, 4)
		plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{Method: optimize.MethodDecomposed, Solver: solver.Options{MIPRelGap: 1e-12}})
		if err != nil {
			continue
		}
		for s, sp := range plan.Sites {
			planned := make([]int, len(sp.Halls))
			for k, hp := range sp.Halls {
				planned[k] = -1
				if hp.Build > 0.5 {
					planned[k] = hp.ServiceYear - in.Case.Horizon.StartYear
				}
			}
			assignments := siteAssignments(in, s, anyStart(in))
			var plannedValue float64
			found := false
			for _, a := range assignments {
				if equalInts(a.start, planned) {
					plannedValue, found = a.value, true
				}
			}
			require.True(t, found, "seed %d site %d: the planned assignment is feasible", seed, s)
			for k, hp := range sp.Halls {
				if hp.Build > 0.5 || hp.ValueIfBuiltUSD == nil {
					continue
				}
				best := math.Inf(-1)
				for _, a := range assignments {
					if a.start[k] >= 0 {
						best = math.Max(best, a.value)
					}
				}
				require.InDelta(t, best-plannedValue, *hp.ValueIfBuiltUSD, 1e-6*math.Max(1, math.Abs(plannedValue)), "seed %d site %d hall %d", seed, s, k)
				checked++
			}
		}
	}
	require.GreaterOrEqual(t, checked, 10, "enough unbuilt halls over years were checked")
}
