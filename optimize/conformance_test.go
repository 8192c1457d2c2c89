package optimize_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// The conformance suite runs every registered term (optimize's
// model.DefaultTerms, and the example curfew of docs/adding-a-term.md) through
// the same checks on small generated cases with every fixture generator:
//
//   - both methods agree with each other and with the brute-force oracle
//     of oracle_test.go (1e-7 relative);
//   - the full model verifies (row violations, the objective recomputed
//     from the primal values) and the sites' money streams add up to the
//     objective (1e-6 relative);
//   - the term binds: solving with its data neutralised (or, for a term
//     outside the defaults, without it) changes the plan in at least one
//     case — the guard against passing vacuously.
//
// A term added to model.DefaultTerms without an entry in conformanceTerms fails
// the suite until it gets one.

// conformanceTerm says how the suite switches a term off.
type conformanceTerm struct {
	// neutralise strips the term's data from the inputs, so that the
	// model built with the term is the model without it.
	neutralise func(in *optimize.Inputs)
	// add adds a term outside the defaults to the options, and says how
	// the oracle sees it; without add the term is in the defaults.
	add func(in *optimize.Inputs, opts optimize.Options) (optimize.Options, oracleOptions)
	// enable gives a default term whose data the generated cases lack
	// (its own keys, e.g. a term parameter) its data, and says how the
	// oracle sees the term; the plan with it is compared with the plan
	// without. A term's test file adds its entry from an init function
	// (term_miningfee_test.go), so a new term edits no shared test.
	enable func(in *optimize.Inputs) oracleOptions
	// carrier marks a term with no data of its own that carries other
	// terms' (the constants term): it binds through them.
	carrier bool
	// effect is what the term changes in a plan when it binds (default:
	// the objective, the halls and the mining).
	effect func(p *optimize.Plan) string
}

// curfewCapMW is the example curfew's cap on night mining (22:00-06:00).
const curfewCapMW = 30.0

// conformanceTerms lists every term the suite runs, by name.
var conformanceTerms = map[string]conformanceTerm{
	"mining": {neutralise: func(in *optimize.Inputs) {
		eachSite(in, func(site *sites.Site) {
			site.Mining.CapacityITMW = 0
			eachHall(site, func(h *sites.Hall) { h.DisplacesMiningITMW = 0 })
		})
	}},
	"flexibility": {neutralise: func(in *optimize.Inputs) {
		eachSite(in, func(site *sites.Site) {
			site.NonfirmInterconnectMW = 0
			eachHall(site, func(h *sites.Hall) {
				h.Flexibility, h.FirmShare, h.MaxCurtailedShare, h.LeaseDiscountUSDPerKWMonth = sites.FlexFirm, 0, 0, 0
			})
		})
	}},
	"halls": {neutralise: func(in *optimize.Inputs) {
		eachSite(in, func(site *sites.Site) { site.Halls, site.AI.CommittedITMW = nil, 0 })
	}},
	"fleet": {neutralise: func(in *optimize.Inputs) {
		eachSite(in, func(site *sites.Site) {
			site.Mining.DeratePerC = 0
			eachHall(site, func(h *sites.Hall) { h.DisplacesMiningITMW = 0 })
		})
	}},
	"poi": {neutralise: func(in *optimize.Inputs) {
		eachSite(in, func(site *sites.Site) { site.InterconnectMW = 1e5 })
	}},
	"reserve": {neutralise: func(in *optimize.Inputs) {
		in.SiteReservePriceUSDPerMWh = nil
		for k := range in.Years {
			in.Years[k].SiteReservePriceUSDPerMWh = nil
		}
	}},
	"coincident_peak": {neutralise: func(in *optimize.Inputs) {
		in.CoincidentPeakHours = nil
		for k := range in.Years {
			in.Years[k].CoincidentPeakHours = nil
		}
	}},
	"commitment": {neutralise: func(in *optimize.Inputs) {
		eachSite(in, func(site *sites.Site) { site.AI.CommittedITMW = 0 })
	}},
	"market_cap": {neutralise: func(in *optimize.Inputs) {
		in.Case.Market.AIDemandCapITMW, in.Case.Market.AIDemandCapITMWByYear = nil, nil
	}},
	// Contracts change the settlement reported, never the dispatch or the
	// objective (docs/model.md, "Contracts"): they bind on the hedge.
	"contracts": {
		neutralise: func(in *optimize.Inputs) { eachSite(in, func(site *sites.Site) { site.Contracts = nil }) },
		effect: func(p *optimize.Plan) string {
			var hedge []float64
			for _, sp := range p.Sites {
				hedge = append(hedge, sp.HedgeUSD)
			}
			return fmt.Sprintf("hedge %.6g", hedge)
		},
	},
	// The constants term carries other terms' objective constants (the
	// mining fee's): it binds through them.
	"constants": {carrier: true},
	"curfew": {add: func(in *optimize.Inputs, opts optimize.Options) (optimize.Options, oracleOptions) {
		opts, _ = optimize.WithCurfew(opts, curfewCapMW, 22, 6, true)
		return opts, oracleOptions{extraCap: curfewCap(in)}
	}},
}

// extraTerms are the terms the suite runs besides the defaults.
var extraTerms = []string{"curfew"}

func eachSite(in *optimize.Inputs, f func(*sites.Site)) {
	for s := range in.Case.Sites {
		f(&in.Case.Sites[s])
	}
}

func eachHall(site *sites.Site, f func(*sites.Hall)) {
	for h := range site.Halls {
		f(&site.Halls[h])
	}
}

// conformanceCase generates small case i: one or two sites of up to
// three halls over 24 hours, with the grid-side terms, flexibility and
// (every other case) a horizon of two years with construction periods
// and lease-ups. Each call returns a fresh
// copy, so a neutraliser may change it.
func conformanceCase(i uint64) *optimize.Inputs {
	in := fixture.RandomInputs(4100+i, 1+int(i%2), 3, 24)
	in = fixture.WithFlexibility(fixture.WithGridSide(in, i), i)
	if i%2 == 1 {
		in = fixture.WithLeaseUp(fixture.WithConstruction(fixture.WithYears(in, i, 2), i), i)
	}
	return in
}

// conformanceCases is how many cases the suite generates.
const conformanceCases = 16

// curfewCap is the oracle's view of the curfew: the cap at night.
func curfewCap(in *optimize.Inputs) func(s, t int) float64 {
	return func(_, t int) float64 {
		if hr := in.Hours[t].Hour(); hr >= 22 || hr < 6 {
			return curfewCapMW
		}
		return math.Inf(1)
	}
}

// conformingPlan solves in with both methods and checks them against
// each other and the oracle, their verification and their streams. It
// returns the decomposed plan, nil when the case is infeasible (which the
// oracle must agree with).
func conformingPlan(t *testing.T, h solver.Solver, in *optimize.Inputs, opts optimize.Options, oopts oracleOptions, what string) *optimize.Plan {
	t.Helper()
	want := oracle(in, anyStart(in), oopts)
	var plans []*optimize.Plan
	for _, method := range []optimize.Method{optimize.MethodMonolithic, optimize.MethodDecomposed} {
		o := opts
		o.Method, o.Solver = method, solver.Options{MIPRelGap: 1e-12}
		plan, err := optimize.Solve(context.Background(), h, in, o)
		if !want.feasible {
			var inf *optimize.InfeasibleError
			require.ErrorAs(t, err, &inf, "%s %s: the oracle finds no feasible plan", what, method)
			continue
		}
		require.NoError(t, err, "%s %s", what, method)
		require.Equal(t, method, plan.Method)
		requireClose(t, want.objective, plan.ObjectiveUSD, 1e-7, "%s %s: the oracle's optimum", what, method)
		require.LessOrEqual(t, plan.Solver.MaxRowViolation, 1e-6, "%s %s: the full model verifies", what, method)
		requireClose(t, plan.ObjectiveUSD, plan.Solver.ObjectiveRecomputedUSD, 1e-6, "%s %s: the objective recomputed from the primal values", what, method)
		var profit float64
		for _, sp := range plan.Sites {
			profit += sp.ProfitUSD
		}
		requireClose(t, plan.ObjectiveUSD, profit, 1e-6, "%s %s: the sites' streams add up", what, method)
		requireClose(t, plan.ObjectiveUSD, plan.Portfolio.ProfitUSD, 1e-6, "%s %s: the portfolio's streams add up", what, method)
		plans = append(plans, plan)
	}
	if len(plans) == 0 {
		return nil
	}
	requireClose(t, plans[0].ObjectiveUSD, plans[1].ObjectiveUSD, 1e-7, "%s: the methods agree", what)
	return plans[1]
}

// requireClose requires got within rel of want, relative to max(1, |want|)
// (a plan without halls or mining is worth 0).
func requireClose(t *testing.T, want, got, rel float64, msgAndArgs ...any) {
	t.Helper()
	require.InDelta(t, want, got, rel*math.Max(1, math.Abs(want)), msgAndArgs...)
}

// planEffect summarises what a binding term changes in a plan: the
// objective, the halls built and the mining.
func planEffect(p *optimize.Plan) string {
	out := fmt.Sprintf("objective %.9g", p.ObjectiveUSD)
	for _, sp := range p.Sites {
		out += fmt.Sprintf("; %v %.6g MWh", sp.HallsBuilt, sp.MiningMWh)
	}
	return out
}

// effectOf is effect(p), or "infeasible".
func effectOf(effect func(*optimize.Plan) string, p *optimize.Plan) string {
	if p == nil {
		return "infeasible"
	}
	return effect(p)
}

// TestTermConformance runs every term through the conformance checks.
func TestTermConformance(t *testing.T) {
	h := solvertest.HiGHS(t)
	names := append(optimize.DefaultTermNames(), extraTerms...)
	for _, name := range names {
		_, ok := conformanceTerms[name]
		require.True(t, ok, "term %q has no entry in conformanceTerms (conformance_test.go): say how to neutralise it", name)
	}
	// Every default term on: the reference plans.
	base := make([]*optimize.Plan, conformanceCases)
	for i := range uint64(conformanceCases) {
		base[i] = conformingPlan(t, h, conformanceCase(i), optimize.Options{}, oracleOptions{}, fmt.Sprintf("case %d", i))
	}
	for _, name := range names {
		ct := conformanceTerms[name]
		t.Run(name, func(t *testing.T) {
			effect := planEffect
			if ct.effect != nil {
				effect = ct.effect
			}
			binds := 0
			for i := range uint64(conformanceCases) {
				what := fmt.Sprintf("%s case %d", name, i)
				on, off := base[i], base[i]
				switch {
				case ct.carrier:
					continue
				case ct.add != nil:
					in := conformanceCase(i)
					opts, oopts := ct.add(in, optimize.Options{})
					on = conformingPlan(t, h, in, opts, oopts, what+" with the term")
				case ct.enable != nil:
					in := conformanceCase(i)
					oopts := ct.enable(in)
					on = conformingPlan(t, h, in, optimize.Options{}, oopts, what+" enabled")
				default:
					in := conformanceCase(i)
					ct.neutralise(in)
					off = conformingPlan(t, h, in, optimize.Options{}, oracleOptions{}, what+" neutralised")
				}
				if (on != nil || off != nil) && effectOf(effect, on) != effectOf(effect, off) {
					binds++
				}
			}
			if ct.carrier {
				return
			}
			t.Logf("term %s binds in %d of %d cases", name, binds, conformanceCases)
			require.Positive(t, binds, "term %s binds in some case (the suite would pass vacuously otherwise)", name)
		})
	}
	feasible := 0
	for _, p := range base {
		if p != nil {
			feasible++
		}
	}
	require.GreaterOrEqual(t, feasible, conformanceCases/2, "enough generated cases are feasible to compare")
}
