package decomp

import (
	"context"
	"fmt"
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
	// baseline[ω] is scenario ω's no-conversion baseline run, its sites
	// valued from the no-halls view of each site as prepared for the plans.
	baseline []*decomposedRun
	// Seconds is how long the shared valuation took.
	Seconds float64
	// HourlyScenario is the one scenario whose stochastic plan keeps its
	// hourly data (its regions' hourly loads, the source of its sites'
	// hours) after Solve: the others' are dropped as soon as each is
	// verified, as the measuring plans' are. 18 futures over 10 years
	// would otherwise hold about 10 MB each.
	HourlyScenario int
}

// NewStudy values every site of the stochastic plan in every scenario
// once; from the same preparation it values the site in each scenario's
// no-conversion baseline and reads its value outside the decisions there
// (model.SiteData.NoHalls, model.SiteOutsideUSD). It returns false (and no study) when some site cannot be valued
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
	r, err := newDecomposedRun(ctx, st, opts, terms, false, false)
	if err != nil {
		return nil, false, err
	}
	W := r.scenarios()
	S := len(r.in.Case.Sites)
	pi := make([]*decomposedRun, W)
	baseline := make([]*decomposedRun, W)
	for w, sc := range st.Scenarios {
		pi[w] = &decomposedRun{st: model.Deterministic(sc.In), in: sc.In, blocks: [][]*model.Block{r.blocks[w]}, opts: opts, terms: terms,
			outside: []float64{0}, couplingRows: model.HallRowsOf(sc.In, r.blocks[w], terms, false), maxAssignments: r.maxAssignments,
			sites: make([]siteValuation, S), valued: true, lean: true}
		baseline[w] = baselineRun(sc.In, r.blocks[w], opts, terms)
		baseline[w].sites, baseline[w].valued = make([]siteValuation, S), true
	}
	r.sites = make([]siteValuation, S)
	type state struct {
		pool *model.SitePool
		sol  model.SiteSolution
	}
	type result struct {
		v        siteValuation
		det      []siteValuation
		baseline []baselineValuation
		outside  []float64
		ok       bool
	}
	shared := true
	outside := make([][]float64, S) // [site][scenario]
	failed := make([]bool, W)       // a baseline's site cannot be valued
	err = parallelSites(ctx, S, opts.WorkerCount(), opts.Stage(StageSharing, S),
		func() *state { return &state{pool: model.NewSitePool(len(r.blocks[0]))} },
		func(w *state, s int) (result, error) {
			res := result{baseline: make([]baselineValuation, W), outside: make([]float64, W)}
			var err error
			res.v, res.det, res.ok, err = r.shareSite(ctx, w.pool, &w.sol, pi, s, func(sc int, sd *model.SiteData) error {
				res.baseline[sc], res.outside[sc] = r.baselineSite(&w.sol, baseline[sc], s, sd)
				return nil
			})
			return res, err
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
				baseline[w].sites[s] = res.baseline[w].v
				failed[w] = failed[w] || res.baseline[w].err != nil
			}
			outside[s] = res.outside
			return nil
		})
	if !shared {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	for w := range r.outside { // site by site, as model.OutsideUSD adds them
		for s := range outside {
			r.outside[w] += outside[s][w]
		}
		if failed[w] {
			baseline[w] = nil // solved on its own: optimize.SolveBaseline says why it fails
		}
	}
	r.valued = true
	seconds := time.Since(began).Seconds()
	r.opts.Log().Info("valued sites in every scenario once", "sites", S, "scenarios", W, "seconds", seconds)
	return &Study{r: r, base: append([]siteValuation(nil), r.sites...), pi: pi, baseline: baseline, Seconds: seconds}, true, nil
}

// baselineRun is the run of the no-conversion baseline of one scenario's
// inputs as optimize.SolveBaseline solves it on the fast path: without
// halls, their decisions continuous (opts.Relax).
func baselineRun(in *model.Inputs, blocks []*model.Block, opts model.Settings, terms []model.Term) *decomposedRun {
	opts.Relax = true
	r := &decomposedRun{st: model.Deterministic(in), in: in, blocks: [][]*model.Block{blocks}, opts: opts, terms: terms, noHalls: true,
		outside: []float64{0}, maxAssignments: MaxAssignments, couplingRows: model.HallRowsOf(in, blocks, terms, true)}
	if opts.YearByYear {
		r.maxAssignments = 0
	}
	return r
}

// baselineValuation is a site valued in a scenario's no-conversion
// baseline, or why it cannot be.
type baselineValuation struct {
	v   siteValuation
	err error
}

// baselineSite values site s in a scenario's no-conversion baseline (the
// run baseline), and reads its value outside the decisions there
// (model.SiteOutsideUSD), from sd, the site as prepared for the plans in
// that scenario, through its no-halls view (model.SiteData.NoHalls): the
// same data as preparing it without halls, its hourly series prepared
// once.
func (r *decomposedRun) baselineSite(sol *model.SiteSolution, baseline *decomposedRun, s int, sd *model.SiteData) (baselineValuation, float64) {
	view := sd.NoHalls(r.terms)
	outside := model.SiteOutsideUSD(view, r.terms, sol)
	v, err := baseline.valueSiteWith(sol, s, func(int) (*model.SiteData, error) { return view, nil }, nil)
	return baselineValuation{v, err}, outside
}

// errNotShared stops the shared valuation at the first site it cannot
// value in sets.
var errNotShared = model.InternalErrorf("a site cannot be valued in sets in every scenario")

// shareSite values site s in every scenario from one preparation each:
// its deterministic sets there (as the scenario's own plan values them,
// every assignment recorded in the site's table on the way) and, from
// the table, its sets in the stochastic plan; also, when set, reads each
// scenario's preparation once its sets are valued (before the next
// scenario's). ok is false when some valuation is not in sets.
func (r *decomposedRun) shareSite(ctx context.Context, pool *model.SitePool, sol *model.SiteSolution, pi []*decomposedRun, s int,
	also func(w int, sd *model.SiteData) error) (siteValuation, []siteValuation, bool, error) {
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
		if also != nil {
			if err := also(w, sd); err != nil {
				return siteValuation{}, nil, false, err
			}
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

// Plans are a study's plans, each verified against the full model of
// each of its scenarios.
type Plans struct {
	// Plan is the stochastic plan.
	Plan *plan.StochasticPlan
	// PerfectInformation[ω] is scenario ω planned knowing it (the
	// deterministic plan of its inputs), without its hourly data.
	PerfectInformation []*plan.Plan
	// Fixed is the scenarios' plans under the first stage given to Solve,
	// without their hourly data; FixedErr says why that first stage has
	// none (then Fixed is nil).
	Fixed    *plan.StochasticPlan
	FixedErr error
	// Baselines[ω] is scenario ω's no-conversion baseline, the plan
	// optimize.SolveBaseline gives for its inputs (nil when some site of
	// it cannot be valued here: then it is solved on its own); only
	// scenario HourlyScenario's keeps its hourly data.
	Baselines []*plan.Plan
}

// Solve solves the coupling problems of the stochastic plan, of every
// scenario's perfect-information plan and, when fs is not nil, of the
// scenarios with the first stage fs fixed (each site's decisions made now
// as fs gives them, those made per scenario chosen there); then it
// verifies all of them against the full model of each scenario in one
// pass over that scenario's sites — each site prepared once, and verified
// once for every distinct set of decisions the plans make there — and
// extracts them. Each scenario's no-conversion baseline is solved and
// verified in the same pass, from the no-halls view of each site's
// preparation (Plans.Baselines). Only scenario HourlyScenario's
// stochastic plan and baseline keep their hourly data. An error of the fixed first stage's coupling problem is
// FixedErr, not an error of Solve.
func (st *Study) Solve(ctx context.Context, sv solver.Solver, fs *plan.FirstStage) (*Plans, error) {
	type solved struct {
		r     *decomposedRun
		c     *couplingResult
		value float64
		plans []*plan.Plan
		// baseline is the scenario of a baseline run, -1 for the others.
		baseline int
	}
	var runs []*solved
	couple := func(r *decomposedRun) (*solved, error) {
		c, value, err := r.couple(ctx, sv)
		if err != nil {
			return nil, err
		}
		return &solved{r: r, c: c, value: value, plans: make([]*plan.Plan, r.scenarios()), baseline: -1}, nil
	}
	st.r.sites = append(st.r.sites[:0:0], st.base...)
	stoch, err := couple(st.r)
	if err != nil {
		return nil, err
	}
	runs = append(runs, stoch)
	pi := make([]*solved, len(st.pi))
	for w, r := range st.pi {
		if pi[w], err = couple(r); err != nil {
			return nil, model.ScenarioError(st.r.st, w, err)
		}
		runs = append(runs, pi[w])
	}
	out := &Plans{}
	var fixed *solved
	if fs != nil {
		var r *decomposedRun
		if r, out.FixedErr = st.fixedRun(fs); out.FixedErr == nil {
			fixed, out.FixedErr = couple(r)
		}
		if fixed != nil {
			runs = append(runs, fixed)
		}
	}
	base := make([]*solved, len(st.baseline))
	for w, r := range st.baseline {
		if r == nil {
			continue
		}
		if base[w], err = couple(r); err != nil {
			return nil, model.ScenarioError(st.r.st, w, fmt.Errorf("baseline (no conversion): %w", err))
		}
		base[w].baseline = w
		runs = append(runs, base[w])
	}
	verifyBegan := time.Now()
	for w := range st.r.scenarios() {
		jobs := []*scenarioJob{stoch.r.scenarioJob(w, stoch.c), pi[w].r.scenarioJob(0, pi[w].c)}
		if fixed != nil {
			jobs = append(jobs, fixed.r.scenarioJob(w, fixed.c))
		}
		if base[w] != nil {
			jobs = append(jobs, base[w].r.scenarioJob(0, base[w].c))
		}
		if err := verifyJointly(ctx, jobs); err != nil {
			return nil, model.ScenarioError(st.r.st, w, err)
		}
		for _, job := range jobs {
			pl, err := job.finish()
			if err != nil {
				return nil, model.ScenarioError(st.r.st, w, err)
			}
			if job.r.lean || w != st.HourlyScenario { // dropped now: only their figures are kept
				pl.Regions, pl.Hourly = nil, nil
			}
			switch {
			case job.r == stoch.r:
				stoch.plans[w] = pl
			case job.r == pi[w].r:
				pi[w].plans[0] = pl
			case base[w] != nil && job.r == base[w].r:
				base[w].plans[0] = pl
			default:
				fixed.plans[w] = pl
			}
		}
	}
	verifySeconds := time.Since(verifyBegan).Seconds()
	out.Baselines = make([]*plan.Plan, len(base))
	for _, run := range runs {
		sp, err := run.r.verifyAndExtract(run.c, func(w int) (*plan.Plan, error) { return run.plans[w], nil })
		if err != nil {
			return nil, err
		}
		sp = run.r.finish(sv, sp, run.c, run.value, verifySeconds)
		switch {
		case run == stoch:
			out.Plan = sp
		case run == fixed:
			out.Fixed = sp
		case run.baseline >= 0:
			out.Baselines[run.baseline] = sp.Scenarios[0].Plan
		default:
			out.PerfectInformation = append(out.PerfectInformation, sp.Scenarios[0].Plan)
		}
	}
	return out, nil
}

// fixedRun is the stochastic plan's run with the first stage fixed: each
// site's sets those consistent with fs.
func (st *Study) fixedRun(fs *plan.FirstStage) (*decomposedRun, error) {
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
	return &r, nil
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
