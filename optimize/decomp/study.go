package decomp

import (
	"context"
	"time"

	"github.com/gridflip/gridflip/optimize/model"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/solver"
)

// StageSharing is the fast path's stage of a study that values every
// site in every scenario once (Options.Progress).
const StageSharing = "valuing sites in every scenario"

// Study is a stochastic plan with the plans that measure it — each
// scenario planned with perfect information, and the scenarios under a
// given first stage (the expected-value plan's) — all read from one
// valuation of every site in every scenario: each site prepared once per
// scenario, its assignments valued exactly there (assignmentTable), the
// stochastic plan's sets and each scenario's deterministic sets drawn
// from them. Each plan is then solved, verified against the full model
// of each scenario and extracted as the fast path does for one plan
// (docs/model.md, "Scenarios").
type Study struct {
	r *decomposedRun
	// base holds the stochastic plan's sites as valued, before its
	// coupling problem drops sets (a fixed first stage reads them).
	base []siteValuation
	// pi[ω] is scenario ω's deterministic run, its sites valued.
	pi []*decomposedRun
	// Seconds is how long the shared valuation took.
	Seconds float64
}

// NewStudy values every site of the stochastic plan in every scenario
// once. It returns false (and no study) when some site cannot be valued
// in sets that way — more decisions, halls or assignments than the sets
// allow, a row coupling sites over decisions made per scenario, the LP
// relaxation, or the switch Settings.Unshared — and the caller then
// solves each plan on its own. It returns ctx.Err() once ctx is
// cancelled.
func NewStudy(ctx context.Context, st *model.Stochastic, opts model.Settings, terms []model.Term) (*Study, bool, error) {
	if opts.Relax || opts.Unshared || st.Fixed != nil {
		return nil, false, nil
	}
	began := time.Now()
	r, err := newDecomposedRun(ctx, st, opts, terms, false, true)
	if err != nil {
		return nil, false, err
	}
	W := r.scenarios()
	pi := make([]*decomposedRun, W)
	for w, sc := range st.Scenarios {
		pi[w] = &decomposedRun{st: model.Deterministic(sc.In), in: sc.In, blocks: [][]*model.Block{r.blocks[w]}, opts: opts, terms: terms,
			outside: []float64{0}, couplingRows: model.HallRowsOf(sc.In, r.blocks[w], terms, false), maxAssignments: r.maxAssignments,
			sites: make([]siteValuation, len(sc.In.Case.Sites)), valued: true, lean: true}
	}
	S := len(r.in.Case.Sites)
	r.sites = make([]siteValuation, S)
	type state struct {
		pool *model.SitePool
		sol  model.SiteSolution
	}
	type result struct {
		v   siteValuation
		det []siteValuation
		ok  bool
	}
	shared := true
	err = parallelSites(ctx, S, opts.WorkerCount(), opts.Stage(StageSharing, S),
		func() *state { return &state{pool: model.NewSitePool(len(r.blocks[0]))} },
		func(w *state, s int) (result, error) {
			v, det, ok, err := r.shareSite(ctx, w.pool, &w.sol, pi, s)
			return result{v, det, ok}, err
		},
		func(res result) error {
			if !res.ok {
				shared = false
				return errNotShared
			}
			s := res.v.s
			r.sites[s] = res.v
			r.late = r.late || res.v.hasLate
			for w := range pi {
				pi[w].sites[s] = res.det[w]
			}
			return nil
		})
	if !shared {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	r.valued = true
	seconds := time.Since(began).Seconds()
	r.opts.Log().Info("valued sites in every scenario once", "sites", S, "scenarios", W, "seconds", seconds)
	return &Study{r: r, base: append([]siteValuation(nil), r.sites...), pi: pi, Seconds: seconds}, true, nil
}

// errNotShared stops the shared valuation at the first site it cannot
// value in sets.
var errNotShared = model.InternalErrorf("a site cannot be valued in sets in every scenario")

// shareSite values site s in every scenario from one preparation each:
// its deterministic sets there (as the scenario's own plan values them,
// every assignment recorded in the site's table on the way) and, from
// the table, its sets in the stochastic plan. ok is false when some
// valuation is not in sets.
func (r *decomposedRun) shareSite(ctx context.Context, pool *model.SitePool, sol *model.SiteSolution, pi []*decomposedRun, s int) (siteValuation, []siteValuation, bool, error) {
	W := r.scenarios()
	table := newAssignmentTable(W)
	det := make([]siteValuation, W)
	v := siteValuation{s: s, values: make([][]float64, W)}
	for w, sc := range r.st.Scenarios {
		sd, err := pool.PrepareContext(ctx, sc.In, r.blocks[w], s, r.terms, r.noHalls)
		if err != nil {
			return siteValuation{}, nil, false, err
		}
		det[w], err = pi[w].valueSiteWith(sol, s, func(int) (*model.SiteData, error) { return sd, nil },
			func(mask uint64, value float64) { table.add(mask, w, value) })
		if err != nil {
			return siteValuation{}, nil, false, err
		}
		if det[w].kind != kindSets {
			return siteValuation{}, nil, false, nil
		}
		if !det[w].assigned { // every feasible set, enumerated
			for _, set := range det[w].sets {
				table.add(set.mask, w, set.value[0])
			}
		}
		if w == 0 { // the stochastic plan's site, as valueSite values it
			v.decisions, v.rows, v.levelOf = det[0].decisions, det[0].rows, det[0].levelOf
			v.late = make([]bool, len(v.decisions))
			for d, dec := range v.decisions {
				v.late[d] = !r.st.IsFirstStage(dec)
				v.hasLate = v.hasLate || v.late[d]
			}
			v.kind = r.kindOf(sd, v.hasLate)
		}
		v.values[w] = det[w].values[0]
	}
	// Its sets: from the table.
	switch {
	case v.kind == kindSets:
		// Every scenario's sets enumerated: merged as valueSite merges them.
		for w := range det {
			sets := make([]hallSet, len(det[w].sets))
			for i, set := range det[w].sets {
				sets[i] = hallSet{mask: set.mask, value: []float64{set.value[0]}}
			}
			v.sets = mergeScenarioSets(v.sets, sets, w)
		}
	case r.stageSetsEligible(len(v.decisions)):
		v.kind, v.sets, v.staged = kindSets, table.stageSets(firstStageMask(v.late)), true
	default:
		return siteValuation{}, nil, false, nil
	}
	if len(v.sets) == 0 {
		return v, nil, false, &model.InfeasibleError{Conflicts: model.DiagnoseTerms(r.in, r.terms)}
	}
	return v, det, true, nil
}

// Plan solves, verifies and extracts the stochastic plan.
func (st *Study) Plan(ctx context.Context, sv solver.Solver) (*plan.StochasticPlan, error) {
	st.r.sites = append(st.r.sites[:0:0], st.base...)
	return st.r.solve(ctx, sv)
}

// PerfectInformation solves, verifies and extracts scenario w planned
// knowing it (the deterministic plan of its inputs).
func (st *Study) PerfectInformation(ctx context.Context, sv solver.Solver, w int) (*plan.Plan, error) {
	sp, err := st.pi[w].solve(ctx, sv)
	if err != nil {
		return nil, err
	}
	return sp.Scenarios[0].Plan, nil
}

// Fixed solves, verifies and extracts the scenarios' plans with the first
// stage fixed (each site's decisions made now as fs gives them, those
// made per scenario chosen there).
func (st *Study) Fixed(ctx context.Context, sv solver.Solver, fs *plan.FirstStage) (*plan.StochasticPlan, error) {
	r := *st.r
	fixed := *r.st
	fixed.Fixed = fs
	r.st, r.lean = &fixed, true
	r.sites = make([]siteValuation, len(st.base))
	for s, v := range st.base {
		v.sets = consistentSets(v.sets, r.fixedDecisions(s, v.decisions))
		if len(v.sets) == 0 {
			return nil, fixedInfeasible(r.in, s, v.staged)
		}
		r.sites[s] = v
	}
	return r.solve(ctx, sv)
}

// fixedInfeasible is the error of a fixed first stage that leaves a site
// no set: decisions per scenario that fit every scenario are missing
// (ErrNoSolution), or, for a site whose decisions are all made now, the
// first stage itself is no feasible set (an internal error, as valueSite
// says it).
func fixedInfeasible(in *model.Inputs, s int, staged bool) error {
	id := in.Case.Sites[s].ID
	if staged {
		return noCompletion(id)
	}
	return model.InternalErrorf("site %q: the fixed first-stage decisions leave no feasible set", id)
}
