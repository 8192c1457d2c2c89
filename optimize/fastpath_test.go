package optimize_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// solveBoth solves with the monolithic model and the decomposed fast path.
// ok is false when both find the case infeasible.
func solveBoth(t *testing.T, h solver.Solver, in *optimize.Inputs, opts optimize.Options, what string) (mono, dec *optimize.Plan, ok bool) {
	t.Helper()
	opts.Solver.MIPRelGap = 1e-12
	opts.Method = optimize.MethodMonolithic
	mono, errMono := optimize.Solve(context.Background(), h, in, opts)
	opts.Method = optimize.MethodDecomposed
	dec, errDec := optimize.Solve(context.Background(), h, in, opts)
	if errMono != nil {
		var inf *optimize.InfeasibleError
		require.ErrorAs(t, errMono, &inf, what)
		require.ErrorAs(t, errDec, &inf, "%s: both methods find the case infeasible", what)
		return nil, nil, false
	}
	require.NoError(t, errDec, what)
	require.Equal(t, optimize.MethodDecomposed, dec.Method)
	return mono, dec, true
}

// TestRelaxationMethodsAgree: the LP relaxation by outer approximation of
// each site's value equals the monolithic LP (1e-7 relative), with and
// without the grid-side terms, and bounds the MILP from above.
func TestRelaxationMethodsAgree(t *testing.T) {
	h := solvertest.HiGHS(t)
	compared, fractional := 0, 0
	for seed := range uint64(20) {
		in := fixture.RandomInputs(700+seed, 1+int(seed%4), 4, 72)
		if seed%2 == 1 {
			in = fixture.WithGridSide(in, seed)
		}
		mono, dec, ok := solveBoth(t, h, in, optimize.Options{Relax: true}, "relaxation")
		if !ok {
			continue
		}
		compared++
		require.True(t, dec.Relaxed)
		require.InEpsilon(t, mono.ObjectiveUSD, dec.ObjectiveUSD, 1e-7, "seed %d", seed)
		require.InEpsilon(t, dec.ObjectiveUSD, dec.Portfolio.ProfitUSD, 1e-6, "seed %d: streams add up", seed)
		require.Positive(t, dec.Solver.CutRounds, "the relaxation is solved by cuts")
		for _, sp := range dec.Sites {
			for _, hp := range sp.Halls {
				if hp.Build > 1e-6 && hp.Build < 1-1e-6 {
					fractional++
				}
			}
		}
		milp, err := optimize.Solve(context.Background(), h, in, optimize.Options{Solver: solver.Options{MIPRelGap: 1e-12}})
		require.NoError(t, err)
		require.GreaterOrEqual(t, dec.ObjectiveUSD, milp.ObjectiveUSD*(1-1e-9)-1e-6, "seed %d: the relaxation bounds the MILP", seed)
	}
	require.GreaterOrEqual(t, compared, 12)
	require.Positive(t, fractional, "some relaxation builds a fraction of a hall")
}

// TestManyHallsMethodsAgree: sites with more halls than the fast path
// enumerates are solved exactly by outer approximation: the same
// objective as the monolithic MILP (1e-7 relative) and as a brute force
// over every hall set, with and without the grid-side terms and a cap.
func TestManyHallsMethodsAgree(t *testing.T) {
	h := solvertest.HiGHS(t)
	compared, approximated, brute, cut := 0, 0, 0, 0
	for seed := range uint64(16) {
		in := fixture.RandomInputs(900+seed, 1+int(seed%2), 10, 48)
		for s := range in.Case.Sites {
			if len(in.Case.Sites[s].Halls) > optimize.MaxEnumeratedHalls {
				approximated++
			}
		}
		if seed%2 == 1 {
			in = fixture.WithGridSide(in, seed)
		}
		mono, dec, ok := solveBoth(t, h, in, optimize.Options{}, "many halls")
		if !ok {
			continue
		}
		compared++
		require.InEpsilon(t, mono.ObjectiveUSD, dec.ObjectiveUSD, 1e-7, "seed %d", seed)
		if seed%2 == 0 && len(in.Case.Sites) == 1 {
			want := bruteForce(in)
			require.True(t, want.feasible)
			require.InEpsilon(t, want.objective, dec.ObjectiveUSD, 1e-7, "seed %d: brute force", seed)
			brute++
		}
		if dec.Solver.CutRounds > 0 {
			cut++
		}
		for s := range dec.Sites {
			for k, hp := range dec.Sites[s].Halls {
				require.True(t, hp.Build == 0 || hp.Build == 1, "seed %d site %d hall %d is integral", seed, s, k)
			}
		}
	}
	require.GreaterOrEqual(t, compared, 10)
	require.GreaterOrEqual(t, approximated, 5, "enough sites went beyond enumeration")
	require.GreaterOrEqual(t, brute, 2, "the brute force was compared")
	require.GreaterOrEqual(t, cut, 5, "outer approximation ran")
}

// TestInterconnectValuesMatchLPDuals checks the closed-form interconnection
// values against the POI duals of per-site LPs with the halls fixed.
func TestInterconnectValuesMatchLPDuals(t *testing.T) {
	h := solvertest.HiGHS(t)
	checked := 0
	for seed := range uint64(16) {
		in := fixture.RandomInputs(1100+seed, 2, 3, 48)
		if seed%2 == 1 {
			in = fixture.WithGridSide(in, seed)
		}
		opts := optimize.Options{Method: optimize.MethodMonolithic, Solver: solver.Options{MIPRelGap: 1e-12}}
		closed, err := optimize.Solve(context.Background(), h, in, opts)
		if err != nil {
			continue
		}
		lp, err := optimize.Solve(context.Background(), h, in, optimize.WithLPDuals(opts))
		require.NoError(t, err)
		require.Positive(t, lp.Solver.InterconnectSolveSeconds, "the oracle solved LPs")
		for s := range closed.Sites {
			a, b := closed.Sites[s].InterconnectValueUSDPerMWYear, lp.Sites[s].InterconnectValueUSDPerMWYear
			require.InDelta(t, b, a, 1e-6*math.Max(1, math.Abs(b)), "seed %d site %d", seed, s)
			if b > 0 {
				checked++
			}
		}
	}
	require.GreaterOrEqual(t, checked, 5, "enough sites had a binding interconnection")
}

// TestBaselineMatchesBruteForce: the no-conversion baseline is each site's
// closed form with no halls and no commitment.
func TestBaselineMatchesBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	for seed := range uint64(10) {
		in := fixture.RandomInputs(300+seed, 3, 2, 48)
		base, err := optimize.SolveBaseline(context.Background(), h, in, optimize.Options{})
		require.NoError(t, err)
		var want float64
		for s := range in.Case.Sites {
			committed := in.Case.Sites[s].AI.CommittedITMW
			in.Case.Sites[s].AI.CommittedITMW = 0
			v, ok := siteValue(in, s, make([]bool, len(in.Case.Sites[s].Halls)))
			in.Case.Sites[s].AI.CommittedITMW = committed
			require.True(t, ok)
			want += v
		}
		require.InEpsilon(t, want, base.ObjectiveUSD, 1e-9, "seed %d", seed)
		for _, s := range base.Sites {
			require.Empty(t, s.HallsBuilt)
		}
		mono, err := optimize.Solve(context.Background(), h, in, optimize.Options{Method: optimize.MethodMonolithic})
		if err == nil {
			require.GreaterOrEqual(t, mono.Portfolio.MiningMWh, 0.0)
		}
	}
}

// TestExampleTermInBothMethods adds the example curfew term of
// docs/adding-a-term.md: both methods agree, match a brute force that caps
// night mining, and the curfew binds.
func TestExampleTermInBothMethods(t *testing.T) {
	h := solvertest.HiGHS(t)
	compared := 0
	for seed := range uint64(12) {
		in := fixture.RandomInputs(1300+seed, 1+int(seed%3), 3, 48)
		capMW := 30.0
		opts, curfew := optimize.WithCurfew(optimize.Options{}, capMW, 22, 6, true)
		mono, dec, ok := solveBoth(t, h, in, opts, "curfew")
		if !ok {
			continue
		}
		compared++
		require.InEpsilon(t, mono.ObjectiveUSD, dec.ObjectiveUSD, 1e-7, "seed %d", seed)
		night := func(tt int) bool { hr := in.Hours[tt].Hour(); return hr >= 22 || hr < 6 }
		want := bruteForceWith(in, func(_, tt int) float64 {
			if night(tt) {
				return capMW
			}
			return math.Inf(1)
		})
		require.True(t, want.feasible)
		require.InEpsilon(t, want.objective, dec.ObjectiveUSD, 1e-7, "seed %d: brute force with the curfew", seed)
		for s := range dec.Sites {
			hours, err := dec.SiteHours(s)
			require.NoError(t, err)
			for tt, m := range hours.MiningITMW {
				if night(tt) {
					require.LessOrEqual(t, m, capMW+1e-9)
				}
			}
		}
		total := 0
		for _, s := range in.Case.Sites {
			total += curfew.BoundHours(s.ID)
		}
		require.Positive(t, total, "seed %d: the curfew bound some hours", seed)
		m, err := optimize.BuildWithCurfew(in, optimize.BuildOptions{Names: true}, curfew)
		require.NoError(t, err)
		plain, err := optimize.Build(in, optimize.BuildOptions{})
		require.NoError(t, err)
		require.Equal(t, plain.Problem.NumRows()+16*len(in.Case.Sites), m.Problem.NumRows(), "16 curfew hours in two days, a row each")
	}
	require.GreaterOrEqual(t, compared, 6)
}

// TestFallbackWhenATermHasNoClosedForm: auto falls back to the monolithic
// model and says why; an explicit decomposed method is refused.
func TestFallbackWhenATermHasNoClosedForm(t *testing.T) {
	h := solvertest.HiGHS(t)
	in := fixture.RandomInputs(42, 2, 2, 24)
	opts, _ := optimize.WithCurfew(optimize.Options{}, 30, 22, 6, false)
	plan, err := optimize.Solve(context.Background(), h, in, opts)
	require.NoError(t, err)
	require.Equal(t, optimize.MethodMonolithic, plan.Method)
	require.Contains(t, plan.MethodNote, "the curfew term has no closed form here")
	require.Positive(t, plan.Solver.InterconnectSolveSeconds, "values from per-site LPs when no closed form applies")
	opts.Method = optimize.MethodDecomposed
	_, err = optimize.Solve(context.Background(), h, in, opts)
	require.ErrorIs(t, err, optimize.ErrUnsupported)
}

// TestFastPathReportsProgress: the fast path tells Options.Progress how
// many sites it has valued and verified, one at a time up to every site.
func TestFastPathReportsProgress(t *testing.T) {
	h := solvertest.HiGHS(t)
	in := fixture.RandomInputs(42, 5, 3, 48)
	seen := map[string][]int{}
	_, err := optimize.Solve(context.Background(), h, in, optimize.Options{Method: optimize.MethodDecomposed,
		Progress: func(stage string, done, total int) {
			require.Equal(t, 5, total)
			seen[stage] = append(seen[stage], done)
		}})
	require.NoError(t, err)
	for _, stage := range []string{optimize.StageValuing, optimize.StageVerifying} {
		require.Equal(t, []int{1, 2, 3, 4, 5}, seen[stage], stage)
	}
}

// TestCampusHallsMethodsAgree: campuses with more than 12 candidate halls
// (real ones have 10–30) are solved exactly without enumerating their
// 2^H hall sets: the same objective as the monolithic MILP within 1e-7,
// with and without the grid-side terms.
func TestCampusHallsMethodsAgree(t *testing.T) {
	h := solvertest.HiGHS(t)
	campuses := 0
	for seed := uint64(0); seed < 80 && campuses < 6; seed++ {
		in := fixture.RandomInputs(950+seed, 1+int(seed%2), 18, 48)
		big := false
		for s := range in.Case.Sites {
			big = big || len(in.Case.Sites[s].Halls) > 12
		}
		if !big {
			continue
		}
		if seed%2 == 1 {
			in = fixture.WithGridSide(in, seed)
		}
		mono, dec, ok := solveBoth(t, h, in, optimize.Options{}, "campus")
		if !ok {
			continue
		}
		require.InEpsilon(t, mono.ObjectiveUSD, dec.ObjectiveUSD, 1e-7, "seed %d", seed)
		campuses++
	}
	require.GreaterOrEqual(t, campuses, 6, "enough cases had a site with more than 12 halls")
}

// TestHallLivesMatchBruteForce: halls with lives of their own (annualized
// over them) give the brute force's optimum in both methods, in one
// window and over years (where the life also bounds the lease term).
func TestHallLivesMatchBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	ctx := context.Background()
	compared, years := 0, 0
	for seed := range uint64(24) {
		in := fixture.WithHallLives(fixture.RandomInputs(1700+seed, 1+int(seed%2), 4, 24), seed)
		var want float64
		if seed%2 == 1 {
			in = fixture.WithYears(in, seed, 3)
			want, _ = bruteForceYears(in, anyStart(in))
			years++
		} else {
			b := bruteForce(in)
			if !b.feasible {
				continue
			}
			want = b.objective
		}
		if math.IsInf(want, -1) {
			continue
		}
		for _, method := range []optimize.Method{optimize.MethodDecomposed, optimize.MethodMonolithic} {
			plan, err := optimize.Solve(ctx, h, in, optimize.Options{Method: method, Solver: solver.Options{MIPRelGap: 1e-12}})
			require.NoError(t, err, "seed %d %s", seed, method)
			require.InEpsilon(t, want, plan.ObjectiveUSD, 1e-7, "seed %d %s", seed, method)
		}
		compared++
	}
	require.GreaterOrEqual(t, compared, 16)
	require.GreaterOrEqual(t, years, 8)
}

// TestValueIfBuiltMatchesBruteForce: for each hall a plan leaves unbuilt,
// the fast path's ValueIfBuiltUSD is the brute force's best value of its
// site over every set that takes the hall, less the site's planned value.
func TestValueIfBuiltMatchesBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	checked, negative := 0, 0
	for seed := range uint64(20) {
		in := fixture.RandomInputs(2100+seed, 1+int(seed%3), 5, 48)
		plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{Method: optimize.MethodDecomposed})
		if err != nil {
			continue // infeasible random cases are others' business
		}
		for s, sp := range plan.Sites {
			site := &in.Case.Sites[s]
			built := make([]bool, len(site.Halls))
			for k, hp := range sp.Halls {
				built[k] = hp.Build > 0.5
			}
			planned, ok := siteValue(in, s, built)
			require.True(t, ok, "seed %d site %d: the plan is feasible", seed, s)
			for k, hp := range sp.Halls {
				if built[k] {
					require.Nil(t, hp.ValueIfBuiltUSD, "a built hall has none")
					continue
				}
				best := math.Inf(-1)
				for mask := range 1 << len(site.Halls) {
					if mask>>k&1 == 0 {
						continue
					}
					set := make([]bool, len(site.Halls))
					for j := range set {
						set[j] = mask>>j&1 == 1
					}
					if v, ok := siteValue(in, s, set); ok {
						best = math.Max(best, v)
					}
				}
				if math.IsInf(best, -1) {
					require.Nil(t, hp.ValueIfBuiltUSD, "seed %d: no feasible set takes the hall", seed)
					continue
				}
				require.NotNil(t, hp.ValueIfBuiltUSD, "seed %d site %d hall %d", seed, s, k)
				require.InDelta(t, best-planned, *hp.ValueIfBuiltUSD, 1e-6*math.Max(1, math.Abs(planned)), "seed %d site %d hall %d", seed, s, k)
				checked++
				if *hp.ValueIfBuiltUSD < 0 {
					negative++
				}
			}
		}
	}
	require.GreaterOrEqual(t, checked, 15, "enough unbuilt halls were checked")
	require.Positive(t, negative, "some halls lose value when forced in")
}
