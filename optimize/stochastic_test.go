package optimize_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// scaled returns the inputs under a scenario: prices × priceScale +
// adder, hashprice × hashScale, every hall's lease and the market's ×
// leaseScale. The original is left alone.
func scaled(in *optimize.Inputs, priceScale, adder, hashScale, leaseScale float64) *optimize.Inputs {
	out := *in
	c := *in.Case
	c.Sites = append(c.Sites[:0:0], in.Case.Sites...)
	for s := range c.Sites {
		c.Sites[s].Halls = append(c.Sites[s].Halls[:0:0], in.Case.Sites[s].Halls...)
		for h := range c.Sites[s].Halls {
			c.Sites[s].Halls[h].LeaseUSDPerKWMonth *= leaseScale
		}
	}
	c.Market.AILeaseUSDPerKWMonth *= leaseScale
	out.Case = &c
	scale := func(v []float64, a, b float64) []float64 {
		o := make([]float64, len(v))
		for i, x := range v {
			o[i] = x*a + b
		}
		return o
	}
	sites := func(series [][]float64) [][]float64 {
		if series == nil {
			return nil
		}
		o := make([][]float64, len(series))
		for s, v := range series {
			o[s] = scale(v, priceScale, adder)
		}
		return o
	}
	out.HashpriceUSDPerPHDay = scale(in.HashpriceUSDPerPHDay, hashScale, 0)
	out.SitePriceUSDPerMWh = sites(in.SitePriceUSDPerMWh)
	if in.Years != nil {
		out.Years = append([]optimize.Year(nil), in.Years...)
		off := 0
		for k := range out.Years {
			n := len(out.Years[k].Hours)
			out.Years[k].HashpriceUSDPerPHDay = out.HashpriceUSDPerPHDay[off : off+n]
			out.Years[k].SitePriceUSDPerMWh = sites(in.Years[k].SitePriceUSDPerMWh)
			off += n
		}
	}
	return &out
}

// randomStochastic builds n random scenarios of a portfolio (random
// probabilities, hashprice, prices and leases).
func randomStochastic(in *optimize.Inputs, seed uint64, n int, lambda, alpha float64) *optimize.Stochastic {
	rng := rand.New(rand.NewPCG(seed, 5))
	st := &optimize.Stochastic{RiskWeight: lambda, CVaRAlpha: alpha, CommitYears: 2}
	var total float64
	for w := range n {
		p := 0.2 + rng.Float64()
		total += p
		st.Scenarios = append(st.Scenarios, optimize.Scenario{ID: fmt.Sprintf("s%d", w), Probability: p,
			In: scaled(in, 0.6+0.8*rng.Float64(), 10*rng.NormFloat64(), 0.4+1.2*rng.Float64(), 0.7+0.6*rng.Float64())})
	}
	for w := range st.Scenarios {
		st.Scenarios[w].Probability /= total
	}
	return st
}

// existingLeaseUSD is existing AI at the market's lease over the window
// (one window: no discounting).
func existingLeaseUSD(in *optimize.Inputs) float64 {
	var v float64
	for _, site := range in.Case.Sites {
		v += in.Case.Market.AILeaseUSDPerKWMonth * 12000 * site.AI.ExistingITMW * float64(len(in.Hours)) / 8760
	}
	return v
}

// bruteForceStochastic enumerates every set of halls of every site (one
// window, no grid side) under the market cap, as the oracle of
// oracle_test.go does: each scenario's value is the oracle's site values
// plus existing AI at the lease; the best (1−λ)E + λCVaR.
func bruteForceStochastic(st *optimize.Stochastic) (float64, bool) {
	in := st.Scenarios[0].In
	per := make([][]siteAssignment, len(in.Case.Sites))
	for s := range per {
		per[s] = siteAssignments(in, s, anyStart(in))
	}
	probs := make([]float64, len(st.Scenarios))
	for w, sc := range st.Scenarios {
		probs[w] = sc.Probability
	}
	best, found := math.Inf(-1), false
	eachPortfolio(in, per, func(pick []int) {
		values := make([]float64, len(st.Scenarios))
		for w, sc := range st.Scenarios {
			values[w] = existingLeaseUSD(sc.In)
			for s, i := range pick {
				v, _, feasible := siteValueAt(sc.In, oracleBlocks(sc.In), s, per[s][i].start, oracleOptions{})
				if !feasible {
					return
				}
				values[w] += v
			}
		}
		if m, _, _ := optimize.Metric(values, probs, st.RiskWeight, st.CVaRAlpha); m > best {
			best, found = m, true
		}
	})
	return best, found
}

// TestStochasticMatchesBruteForce: on random portfolios with 2-4
// scenarios, at λ = 0, 0.5 and 1, both methods find the brute force's
// optimum of (1−λ)E + λCVaR (1e-7 relative), and the scenarios' values
// make up their objective.
func TestStochasticMatchesBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	compared := map[float64]int{}
	for seed := range uint64(24) {
		lambda := []float64{0, 0.5, 1}[seed%3]
		in := fixture.RandomInputs(2100+seed, 1+int(seed%3), 3, 24)
		st := randomStochastic(in, seed, 2+int(seed%3), lambda, []float64{0.1, 0.3, 0.5}[seed%3])
		want, feasible := bruteForceStochastic(st)
		for _, method := range []optimize.Method{optimize.MethodDecomposed, optimize.MethodMonolithic} {
			sp, err := optimize.SolveStochastic(context.Background(), h, st, optimize.Options{Method: method, Solver: solver.Options{MIPRelGap: 1e-12}})
			if !feasible {
				var inf *optimize.InfeasibleError
				require.ErrorAs(t, err, &inf, "seed %d %s", seed, method)
				continue
			}
			require.NoError(t, err, "seed %d %s", seed, method)
			require.InEpsilon(t, want, sp.ObjectiveUSD, 1e-7, "seed %d %s λ=%g", seed, method, lambda)
			require.Len(t, sp.Scenarios, len(st.Scenarios))
			for w, sc := range sp.Scenarios {
				require.InDelta(t, sc.Plan.ObjectiveUSD+existingLeaseUSD(st.Scenarios[w].In), sc.ValueUSD, 1e-6*math.Max(1, math.Abs(sc.ValueUSD)))
				require.Equal(t, sp.Scenarios[0].Plan.Sites[0].HallsBuilt, sc.Plan.Sites[0].HallsBuilt, "the halls are built for every scenario")
			}
		}
		if feasible {
			compared[lambda]++
		}
	}
	for _, lambda := range []float64{0, 0.5, 1} {
		require.GreaterOrEqual(t, compared[lambda], 5, "λ = %g", lambda)
	}
}

// TestStochasticMethodsAgree: with the grid-side terms, many halls, a
// horizon with decisions made per scenario after the commit years, and
// the LP relaxation, the fast path and the monolithic stochastic model
// agree (1e-7 relative).
func TestStochasticMethodsAgree(t *testing.T) {
	h := solvertest.HiGHS(t)
	compared := 0
	for seed := range uint64(12) {
		in := fixture.RandomInputs(2300+seed, 1+int(seed%2), []int{3, 4, 8}[seed%3], 24)
		if seed%2 == 0 {
			in = fixture.WithGridSide(in, seed)
		}
		if seed%4 < 2 {
			in = fixture.WithYears(in, seed, 3)
		}
		st := randomStochastic(in, seed, 3, []float64{0, 0.5, 1}[seed%3], 0.3)
		st.CommitYears = 1 + int(seed%2)
		for _, relax := range []bool{false, true} {
			opts := optimize.Options{Relax: relax, Solver: solver.Options{MIPRelGap: 1e-12}}
			opts.Method = optimize.MethodMonolithic
			mono, errMono := optimize.SolveStochastic(context.Background(), h, st, opts)
			opts.Method = optimize.MethodDecomposed
			dec, errDec := optimize.SolveStochastic(context.Background(), h, st, opts)
			if errMono != nil {
				var inf *optimize.InfeasibleError
				require.ErrorAs(t, errMono, &inf, "seed %d", seed)
				require.ErrorAs(t, errDec, &inf, "seed %d", seed)
				continue
			}
			require.NoError(t, errDec, "seed %d relax %v", seed, relax)
			compared++
			require.InEpsilon(t, mono.ObjectiveUSD, dec.ObjectiveUSD, 1e-7, "seed %d relax %v", seed, relax)
			if st.RiskWeight < 1 { // at λ = 1 the expectation is not determined
				require.InEpsilon(t, mono.ExpectedUSD, dec.ExpectedUSD, 1e-6, "seed %d relax %v", seed, relax)
			}
		}
	}
	require.GreaterOrEqual(t, compared, 14)
}

// existingLeaseYearsUSD is existing AI at the market's lease over a
// horizon, each year discounted like the objective.
func existingLeaseYearsUSD(in *optimize.Inputs) float64 {
	var v float64
	r := in.Case.Finance.DiscountRate
	for k, y := range in.Years {
		for _, site := range in.Case.Sites {
			v += math.Pow(1+r, -float64(k+1)) * in.Case.Market.AILeaseUSDPerKWMonth * 12000 * site.AI.ExistingITMW * float64(len(y.Hours)) / 8760
		}
	}
	return v
}

// bruteForceStochasticYears enumerates the decisions made now (each hall's
// start whose build, or service, begins within the commit years, or none)
// and, for each, every scenario's best assignment of the later starts (a
// scenario's value only grows the metric, so each scenario's recourse is
// its own best), under the yearly caps.
func bruteForceStochasticYears(st *optimize.Stochastic) (float64, bool) {
	in := st.Scenarios[0].In
	S := len(in.Case.Sites)
	early := func(s, h, k int) bool {
		return k >= 0 && (buildYear(in, s, h, k) < st.CommitYears || in.Case.Sites[s].Halls[h].ServiceYear != 0)
	}
	// Each site's first-stage options: per hall, an early start or -1.
	firsts := make([][][]int, S)
	for s := range S {
		for _, a := range siteAssignments(in, s, anyStart(in)) {
			f := make([]int, len(a.start))
			for h, k := range a.start {
				f[h] = -1
				if early(s, h, k) {
					f[h] = k
				}
			}
			dup := false
			for _, g := range firsts[s] {
				dup = dup || equalInts(f, g)
			}
			if !dup {
				firsts[s] = append(firsts[s], f)
			}
		}
	}
	probs := make([]float64, len(st.Scenarios))
	for w, sc := range st.Scenarios {
		probs[w] = sc.Probability
	}
	best, found := math.Inf(-1), false
	pick := make([][]int, S)
	var walk func(s int)
	walk = func(s int) {
		if s < S {
			for _, f := range firsts[s] {
				pick[s] = f
				walk(s + 1)
			}
			return
		}
		values := make([]float64, len(st.Scenarios))
		for w, sc := range st.Scenarios {
			v, _ := bruteForceYears(sc.In, func(s, h int) ([]int, bool) {
				if pick[s][h] >= 0 {
					return []int{pick[s][h]}, false
				}
				var late []int
				for _, k := range allowedStarts(sc.In, s, h) {
					if !early(s, h, k) {
						late = append(late, k)
					}
				}
				return late, in.Case.Sites[s].Halls[h].ServiceYear == 0
			})
			if math.IsInf(v, -1) {
				return
			}
			values[w] = v + existingLeaseYearsUSD(sc.In)
		}
		m, _, _ := optimize.Metric(values, probs, st.RiskWeight, st.CVaRAlpha)
		if m > best {
			best, found = m, true
		}
	}
	walk(0)
	return best, found
}

// buildYear is the year (0 the horizon's first) in which hall h of site s
// begins to build for service from block k, 0 for a build begun before
// the horizon.
func buildYear(in *optimize.Inputs, s, h, k int) int {
	return max(0, buildStartOf(in, &in.Case.Sites[s].Halls[h], k).Year()-in.Case.Horizon.StartYear)
}

// TestStochasticConstructionMatchesBruteForce: with construction periods,
// a hall whose build begins within the commit years is decided for every
// scenario even when its service starts later; both methods find the
// brute force's optimum, and some candidate is decided now only because
// of its build (the guard that the rule is exercised).
func TestStochasticConstructionMatchesBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	compared, byBuild := 0, 0
	for seed := range uint64(16) {
		in := fixture.WithConstruction(fixture.WithYears(fixture.RandomInputs(2700+seed, 1+int(seed%2), 2, 24), seed, 3), seed)
		st := randomStochastic(in, seed, 2+int(seed%2), []float64{0, 0.5, 1}[seed%3], 0.4)
		st.CommitYears = 1 + int(seed%2)
		want, feasible := bruteForceStochasticYears(st)
		if !feasible {
			continue
		}
		compared++
		for s, site := range in.Case.Sites {
			for hh := range site.Halls {
				for _, k := range allowedStarts(in, s, hh) {
					if k >= st.CommitYears && buildYear(in, s, hh, k) < st.CommitYears {
						byBuild++
					}
				}
			}
		}
		for _, method := range []optimize.Method{optimize.MethodDecomposed, optimize.MethodMonolithic} {
			sp, err := optimize.SolveStochastic(context.Background(), h, st, optimize.Options{Method: method, Solver: solver.Options{MIPRelGap: 1e-12}})
			require.NoError(t, err, "seed %d %s", seed, method)
			require.InEpsilon(t, want, sp.ObjectiveUSD, 1e-7, "seed %d %s", seed, method)
		}
	}
	t.Logf("%d cases compared, %d starts decided now for their build", compared, byBuild)
	require.GreaterOrEqual(t, compared, 10)
	require.Positive(t, byBuild, "some start is decided now only because its build begins within the commit years")
}

// TestStochasticYearsMatchBruteForce: with a horizon, halls whose service
// starts within the commit years are decided for every scenario and later
// starts per scenario; both methods find the brute force's optimum.
func TestStochasticYearsMatchBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	compared, recourse := 0, 0
	for seed := range uint64(16) {
		in := fixture.WithYears(fixture.RandomInputs(2500+seed, 1+int(seed%2), 2, 24), seed, 3)
		st := randomStochastic(in, seed, 2+int(seed%2), []float64{0, 0.5, 1}[seed%3], 0.4)
		st.CommitYears = 1 + int(seed%2)
		want, feasible := bruteForceStochasticYears(st)
		if !feasible {
			continue
		}
		compared++
		for _, method := range []optimize.Method{optimize.MethodDecomposed, optimize.MethodMonolithic} {
			sp, err := optimize.SolveStochastic(context.Background(), h, st, optimize.Options{Method: method, Solver: solver.Options{MIPRelGap: 1e-12}})
			require.NoError(t, err, "seed %d %s", seed, method)
			require.InEpsilon(t, want, sp.ObjectiveUSD, 1e-7, "seed %d %s", seed, method)
			years := map[string]bool{}
			for _, sc := range sp.Scenarios {
				years[fmt.Sprint(serviceYears(sc.Plan))] = true
			}
			if len(years) > 1 && method == optimize.MethodDecomposed {
				recourse++
			}
		}
	}
	require.GreaterOrEqual(t, compared, 10)
	require.Positive(t, recourse, "some plans start halls in different years in different scenarios")
}

// serviceYears lists each hall's service year in a plan (0: not built).
func serviceYears(p *optimize.Plan) [][]int {
	var out [][]int
	for _, sp := range p.Sites {
		var row []int
		for _, hp := range sp.Halls {
			row = append(row, hp.ServiceYear)
		}
		out = append(out, row)
	}
	return out
}
