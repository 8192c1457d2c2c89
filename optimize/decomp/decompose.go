package decomp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"time"

	"github.com/gridflip/gridflip/optimize/model"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/solver"
)

// MaxEnumeratedHalls is the most decisions of a site whose sets the fast
// path values one by one (2^6 = 64 sets, each a column of the coupling
// problem); with a horizon it is also the most halls of a site whose sets
// in service it values year by year (columns linked to its decisions).
// Other sites, and every site of an LP relaxation, enter the coupling
// problem through outer approximation of their value instead
// (docs/model.md, "The exact fast path").
const MaxEnumeratedHalls = 6

// couplingGap is the relative MIP gap of the coupling problem when the
// caller sets none: it is small, so it is solved (nearly) exactly.
const couplingGap = 1e-9

// siteKind says how a site enters the coupling problem.
type siteKind int8

const (
	// kindSets: every feasible set of the site's decisions, valued whole.
	kindSets siteKind = iota
	// kindYearSets: each block's feasible sets of the halls in service,
	// valued in closed form and linked to the decisions.
	kindYearSets
	// kindCuts: the site's mining value, block by block, by outer approximation.
	kindCuts
)

// hallSet is one feasible set (a mask over decisions, or over halls in
// service) and its exact value in each scenario.
type hallSet struct {
	mask  uint64
	value []float64 // per scenario
	// late, when not nil, is per scenario the decisions the set takes
	// there: its decisions made now (mask) and that scenario's best
	// completion (stageSets).
	late []uint64
}

// in is the set's decisions in scenario w.
func (h *hallSet) in(w int) uint64 {
	if h.late != nil {
		return h.late[w]
	}
	return h.mask
}

// siteValuation is phase 1's result for one site.
type siteValuation struct {
	s         int
	kind      siteKind
	decisions []model.Decision
	// late marks the decisions made per scenario (recourse); the others
	// are made now, for every scenario.
	late    []bool
	hasLate bool
	values  [][]float64 // [scenario][decision]: its weighted money apart from mining
	rows    []model.SiteRow
	// levelOf[k][d] is the level of block k's state decision d counts in
	// (model.SiteData.LevelOf): its hall in service, or under construction.
	levelOf  [][]int
	sets     []hallSet     // kindSets
	yearSets [][][]hallSet // kindYearSets: [scenario][block]
	// bestWith is, per decision, the value of the site's best set that
	// takes it (−Inf when none is feasible): kindSets sites of a
	// deterministic plan, for the value of halls not built (nil otherwise).
	bestWith []float64
	// assigned says a kindSets site's sets are its best assignments, one
	// per footprint in the coupling rows (assignmentSets).
	assigned bool
	// staged says a kindSets site's sets are its decisions made now, each
	// with its best completion per scenario (stageSets).
	staged bool
}

// decomposedRun is the state of one run of the fast path.
type decomposedRun struct {
	st      *model.Stochastic
	in      *model.Inputs    // the first scenario's: the structure all share
	blocks  [][]*model.Block // per scenario
	opts    model.Settings
	terms   []model.Term
	noHalls bool
	sites   []siteValuation
	// outside is each scenario's value outside the decisions (existing AI
	// lease and charge, contract hedges); zero in a deterministic plan,
	// whose objective leaves them out.
	outside []float64
	// late reports whether any decision is made per scenario.
	late bool
	// couplingRows are the rows that couple sites (the first scenario's).
	couplingRows []model.HallRow
	// maxAssignments bounds the assignments a site may have to be valued
	// assignment by assignment (MaxAssignments).
	maxAssignments int
	// valued says sites holds every site's valuation already (a study's
	// shared valuation): solve skips phase 1.
	valued bool
	// session, when set, keeps every site prepared (one scenario) and
	// each block's state values from plan to plan (Session).
	session *Session
	// lean drops each scenario plan's hourly data (its regions' loads, the
	// source of its hours) as soon as it is verified: the plans that
	// measure a stochastic plan need neither.
	lean bool
}

// scenarios is the number of scenarios.
func (r *decomposedRun) scenarios() int { return len(r.st.Scenarios) }

// newDecomposedRun prepares a run over the stochastic plan's scenarios;
// withOutside adds the scenarios' values outside the decisions. It
// returns ctx.Err() once ctx is cancelled.
func newDecomposedRun(ctx context.Context, st *model.Stochastic, opts model.Settings, terms []model.Term, noHalls, withOutside bool) (*decomposedRun, error) {
	r := &decomposedRun{st: st, in: st.Scenarios[0].In, opts: opts, terms: terms, noHalls: noHalls,
		outside: make([]float64, len(st.Scenarios)), maxAssignments: MaxAssignments}
	if opts.YearByYear {
		r.maxAssignments = 0
	}
	for w, sc := range st.Scenarios {
		r.blocks = append(r.blocks, sc.In.Blocks())
		if w == 0 {
			r.couplingRows = model.HallRowsOf(sc.In, r.blocks[0], terms, noHalls)
		}
	}
	if !withOutside {
		return r, nil
	}
	// The scenarios' values outside the decisions, several scenarios at once.
	type outside struct {
		w   int
		usd float64
	}
	err := parallelSites(ctx, len(st.Scenarios), opts.WorkerCount(), nil, func() struct{} { return struct{}{} },
		func(_ struct{}, w int) (outside, error) {
			usd, err := model.OutsideUSD(ctx, st.Scenarios[w].In, r.blocks[w], terms)
			return outside{w, usd}, err
		},
		func(o outside) error {
			r.outside[o.w] = o.usd
			return nil
		})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Solve is the exact fast path for one case: value every site in
// closed form, solve the coupling problem, then rebuild, verify and
// extract each site's solution one site at a time (so memory stays
// bounded by one site).
func Solve(ctx context.Context, sv solver.Solver, in *model.Inputs, opts model.Settings, terms []model.Term, noHalls bool) (*plan.Plan, error) {
	r, err := newDecomposedRun(ctx, model.Deterministic(in), opts, terms, noHalls, false)
	if err != nil {
		return nil, err
	}
	sp, err := r.solve(ctx, sv)
	if err != nil {
		return nil, err
	}
	return sp.Scenarios[0].Plan, nil
}

// SolveStochastic is the fast path across scenarios.
func SolveStochastic(ctx context.Context, sv solver.Solver, st *model.Stochastic, opts model.Settings, terms []model.Term) (*plan.StochasticPlan, error) {
	r, err := newDecomposedRun(ctx, st, opts, terms, false, true)
	if err != nil {
		return nil, err
	}
	return r.solve(ctx, sv)
}

// solve runs the three phases.
func (r *decomposedRun) solve(ctx context.Context, sv solver.Solver) (*plan.StochasticPlan, error) {
	c, valueSeconds, err := r.couple(ctx, sv)
	if err != nil {
		return nil, err
	}
	verifyBegan := time.Now()
	sp, err := r.verifyAndExtract(c, func(w int) (*plan.Plan, error) { return r.verifyScenario(ctx, w, c) })
	if err != nil {
		return nil, err
	}
	return r.finish(sv, sp, c, valueSeconds, time.Since(verifyBegan).Seconds()), nil
}

// couple runs phases 1 (unless the sites are valued already) and 2: it
// returns the coupling problem's decisions and how long the valuation
// took.
func (r *decomposedRun) couple(ctx context.Context, sv solver.Solver) (*couplingResult, float64, error) {
	log := r.opts.Log()
	began := time.Now()
	if !r.valued {
		if err := r.valueSites(ctx); err != nil {
			return nil, 0, err
		}
	}
	valueSeconds := time.Since(began).Seconds()
	log.Info("valued sites", "sites", len(r.in.Case.Sites), "scenarios", r.scenarios(), "seconds", valueSeconds)

	c, err := r.solveCoupling(ctx, sv)
	if err != nil {
		return nil, 0, err
	}
	log.Info("coupling problem solved", "columns", c.columns, "rows", c.rows, "rounds", c.rounds, "seconds", c.seconds)
	return c, valueSeconds, nil
}

// finish completes a verified plan: its method, the coupling problem's
// termination, the value of halls not built (one scenario) and the
// solver's figures in the plan and in every scenario's.
func (r *decomposedRun) finish(sv solver.Solver, sp *plan.StochasticPlan, c *couplingResult, valueSeconds, verifySeconds float64) *plan.StochasticPlan {
	sp.Method = plan.MethodDecomposed
	sp.Termination, sp.MIPGap = c.termination, c.gap
	if r.scenarios() == 1 {
		r.valueIfBuilt(c, sp.Scenarios[0].Plan)
	}
	sp.Solver = plan.SolverStats{Name: sv.Name(), Version: sv.Version(), BuildSeconds: valueSeconds + c.buildSeconds, SolveSeconds: c.seconds,
		VerifySeconds: verifySeconds, CouplingColumns: c.columns, CouplingRows: c.rows, CutRounds: c.rounds}
	for _, sc := range sp.Scenarios {
		p := sc.Plan
		p.Termination, p.MIPGap = sp.Termination, sp.MIPGap
		p.Solver.Name, p.Solver.Version = sp.Solver.Name, sp.Solver.Version
		p.Solver.BuildSeconds, p.Solver.SolveSeconds, p.Solver.VerifySeconds = sp.Solver.BuildSeconds, sp.Solver.SolveSeconds, sp.Solver.VerifySeconds
		p.Solver.CouplingColumns, p.Solver.CouplingRows, p.Solver.CutRounds = sp.Solver.CouplingColumns, sp.Solver.CouplingRows, sp.Solver.CutRounds
	}
	return sp
}

// kindOf chooses how a prepared site enters the coupling problem.
func (r *decomposedRun) kindOf(sd *model.SiteData, hasLate bool) siteKind {
	switch {
	case len(sd.Decisions) == 0:
		return kindSets
	case r.opts.Relax:
		return kindCuts
	case !hasLate && len(sd.Decisions) <= MaxEnumeratedHalls:
		return kindSets
	case sd.Halls <= MaxEnumeratedHalls && (!hasLate || yearStates(sd) <= len(sd.Blocks)<<sd.Halls):
		return kindYearSets
	}
	return kindCuts
}

// yearStates is the number of states a site's blocks may be in (each
// hall not begun, in service, or under construction), its columns per
// scenario when valued year by year. A site with decisions made per
// scenario is valued year by year only while construction does not
// multiply its states beyond 2^halls a block: with a build on every hall
// they grow to 3^halls or more a block, in every scenario, and the
// coupling MILP over them took 50 s on the 10-site, 10-scenario bench
// target where cuts converge in 4 rounds and 3 s.
func yearStates(sd *model.SiteData) int {
	n := 0
	for k := range sd.Blocks {
		options := make([]int, sd.Halls)
		seen := map[int]bool{}
		for _, i := range sd.BlockLevels(k) {
			if i >= 0 && !seen[i] {
				seen[i] = true
				options[sd.LevelHall(k, i)]++
			}
		}
		states := 1
		for _, o := range options {
			states *= 1 + o
		}
		n += states
	}
	return n
}

// valueSites is phase 1: in parallel, each site is prepared in every
// scenario, its decisions listed and valued, and its sets valued in closed
// form.
func (r *decomposedRun) valueSites(ctx context.Context) error {
	S := len(r.in.Case.Sites)
	r.sites = make([]siteValuation, S)
	type state struct {
		pool *model.SitePool
		sol  model.SiteSolution
	}
	err := parallelSites(ctx, S, r.opts.WorkerCount(), r.opts.Stage(StageValuing, S),
		func() *state { return &state{pool: model.NewSitePool(len(r.blocks[0]))} },
		func(w *state, s int) (siteValuation, error) { return r.valueSite(ctx, w.pool, &w.sol, s) },
		func(v siteValuation) error {
			r.sites[v.s] = v
			r.late = r.late || v.hasLate
			return nil
		})
	return err
}

// valueSite values one site in every scenario; it returns ctx.Err() once
// ctx is cancelled.
func (r *decomposedRun) valueSite(ctx context.Context, pool *model.SitePool, sol *model.SiteSolution, s int) (siteValuation, error) {
	return r.valueSiteWith(sol, s, func(w int) (*model.SiteData, error) {
		return r.prepare(ctx, pool, w, s)
	}, nil)
}

// prepare readies site s of scenario w in pool, or hands over the site
// the run's session keeps prepared.
func (r *decomposedRun) prepare(ctx context.Context, pool *model.SitePool, w, s int) (*model.SiteData, error) {
	if r.session != nil {
		return r.session.sites[s], nil
	}
	return pool.PrepareContext(ctx, r.st.Scenarios[w].In, r.blocks[w], s, r.terms, r.noHalls)
}

// valueSiteWith is valueSite with prepare readying scenario w's data of
// the site (scenarios in order, each once; the site data of the scenario
// last prepared stays valid until the next). record, when set, hears
// every assignment valued one by one for a deterministic plan (its mask
// and value).
func (r *decomposedRun) valueSiteWith(sol *model.SiteSolution, s int, prepare func(w int) (*model.SiteData, error),
	record func(mask uint64, value float64)) (siteValuation, error) {
	v := siteValuation{s: s, values: make([][]float64, r.scenarios())}
	infeasible := func() error { return &model.InfeasibleError{Conflicts: model.DiagnoseTerms(r.in, r.terms)} }
	for w := range r.st.Scenarios {
		sd, err := prepare(w)
		if err != nil {
			return v, err
		}
		if w == 0 {
			v.decisions, v.rows, v.levelOf = sd.Decisions, sd.Rows, sd.LevelMap()
			v.late = make([]bool, len(sd.Decisions))
			for d, dec := range sd.Decisions {
				v.late[d] = !r.st.IsFirstStage(dec)
				v.hasLate = v.hasLate || v.late[d]
			}
			v.kind = r.kindOf(sd, v.hasLate)
			if v.kind != kindSets && r.stageSetsEligible(len(sd.Decisions)) {
				ok, err := r.valueStageSets(sol, &v, func(w int) (*model.SiteData, error) {
					if w == 0 {
						return sd, nil
					}
					return prepare(w)
				})
				if err != nil {
					return v, err
				}
				if ok && len(v.sets) == 0 {
					return v, infeasible()
				}
				if ok {
					break
				}
			}
		}
		v.values[w] = sd.Value
		if v.kind == kindYearSets && r.scenarios() == 1 && r.st.Fixed == nil {
			if sets, bestWith, ok := assignmentSets(sd, sol, r.couplingRows, s, r.maxAssignments, record, r.session.statesOf(s, len(sd.Blocks))); ok {
				if len(sets) == 0 {
					return v, infeasible()
				}
				v.kind, v.sets, v.bestWith, v.assigned = kindSets, sets, bestWith, true
				return v, nil
			}
		}
		switch v.kind {
		case kindSets:
			sets := enumerateSets(sd, sol)
			if v.sets = mergeScenarioSets(v.sets, sets, w); len(v.sets) == 0 {
				return v, infeasible()
			}
		case kindYearSets:
			yearSets := enumerateYearSets(sd, sol)
			for _, sets := range yearSets {
				if len(sets) == 0 {
					return v, infeasible()
				}
			}
			v.yearSets = append(v.yearSets, yearSets)
		}
	}
	if v.kind == kindSets && r.scenarios() == 1 && !r.opts.Relax {
		v.bestWith = bestWithEach(v.sets, len(v.decisions))
	}
	if v.kind == kindSets && r.st.Fixed != nil {
		v.sets = consistentSets(v.sets, r.fixedDecisions(s, v.decisions))
		if len(v.sets) == 0 && v.staged {
			return v, noCompletion(r.in.Case.Sites[s].ID)
		}
		if len(v.sets) == 0 {
			return v, model.InternalErrorf("site %q: the fixed first-stage decisions leave no feasible set", r.in.Case.Sites[s].ID)
		}
	}
	return v, nil
}

// noCompletion is the error of a fixed first stage that leaves a site no
// decisions per scenario that fit every scenario.
func noCompletion(site string) error {
	return fmt.Errorf("site %q: the fixed first-stage decisions leave no decisions per scenario that fit every scenario: %w", site, model.ErrNoSolution)
}

// bestWithEach is, for each of n decisions, the value of the best set that
// takes it (one scenario), −Inf when no feasible set does.
func bestWithEach(sets []hallSet, n int) []float64 {
	out := make([]float64, n)
	for d := range out {
		out[d] = math.Inf(-1)
	}
	for _, set := range sets {
		for d := range out {
			if set.mask>>d&1 == 1 {
				out[d] = math.Max(out[d], set.value[0])
			}
		}
	}
	return out
}

// valueIfBuilt sets, for each hall a deterministic plan does not build,
// the change of the objective if its site built it instead (in its best
// year, with the site's best other decisions), every other site held as
// planned: negative when the hall is worth less than what it displaces,
// positive when only a row coupling the sites (the market cap) held it
// back. Sites valued set by set read it from their sets; sites valued
// year by year search their assignments when there are at most
// maxForcedAssignments of them; others get none.
func (r *decomposedRun) valueIfBuilt(c *couplingResult, p *plan.Plan) {
	for s := range r.sites {
		v := &r.sites[s]
		w := c.w[0][s]
		var best []float64 // per hall: the site's best value with it built
		var chosen float64
		switch {
		case v.bestWith != nil:
			var ok bool
			if chosen, ok = setValue(v.sets, w); !ok {
				continue
			}
			best = perHall(v.decisions, v.bestWith, len(p.Sites[s].Halls))
		case v.kind == kindYearSets && r.scenarios() == 1 && !r.opts.Relax:
			var ok bool
			if best, chosen, ok = bestAssignments(v, w, len(p.Sites[s].Halls)); !ok {
				continue
			}
		default:
			continue
		}
		built := make([]bool, len(p.Sites[s].Halls))
		for d, dec := range v.decisions {
			built[dec.Hall] = built[dec.Hall] || w[d] > 0.5
		}
		for h, b := range best {
			if built[h] || math.IsInf(b, -1) {
				continue
			}
			delta := b - chosen
			p.Sites[s].Halls[h].ValueIfBuiltUSD = &delta
		}
	}
}

// setValue is the value of the set a kindSets site takes (a set's bits
// are its decisions).
func setValue(sets []hallSet, w []float64) (float64, bool) {
	var mask uint64
	for d := range w {
		if w[d] > 0.5 {
			mask |= 1 << d
		}
	}
	for _, set := range sets {
		if set.mask == mask {
			return set.value[0], true
		}
	}
	return 0, false
}

// perHall is, per hall, the best of its decisions' values.
func perHall(decisions []model.Decision, byDecision []float64, halls int) []float64 {
	out := make([]float64, halls)
	for h := range out {
		out[h] = math.Inf(-1)
	}
	for d, dec := range decisions {
		out[dec.Hall] = math.Max(out[dec.Hall], byDecision[d])
	}
	return out
}

// maxForcedAssignments bounds the assignments bestAssignments searches.
const maxForcedAssignments = 5000

// bestAssignments searches a kindYearSets site's assignments (each hall
// never or at one of its decisions; signed deals fixed) within its rows,
// each valued as the coupling problem values it. It returns, per hall,
// the best value with the hall built, and the value of the planned
// decisions w; false when there are too many assignments.
func bestAssignments(v *siteValuation, w []float64, halls int) ([]float64, float64, bool) {
	options := make([][]int, halls) // decision indices; -1 is never
	for h := range options {
		options[h] = []int{-1}
	}
	for d, dec := range v.decisions {
		if dec.Fixed {
			options[dec.Hall] = []int{d}
			continue
		}
		options[dec.Hall] = append(options[dec.Hall], d)
	}
	count := 1
	for _, o := range options {
		if count *= len(o); count > maxForcedAssignments {
			return nil, 0, false
		}
	}
	value := func(x []float64) (float64, bool) {
		for _, row := range v.rows {
			var sum float64
			for d, c := range row.Coef {
				sum += c * x[d]
			}
			if sum < row.Lower-1e-9 || sum > row.Upper+1e-9 {
				return 0, false
			}
		}
		total, err := yearSetsValue(v, 0, x)
		if err != nil {
			return 0, false // a set in service that does not fit
		}
		for d, on := range x {
			total += v.values[0][d] * on
		}
		return total, true
	}
	chosen, ok := value(w)
	if !ok {
		return nil, 0, false
	}
	best := make([]float64, halls)
	for h := range best {
		best[h] = math.Inf(-1)
	}
	x := make([]float64, len(v.decisions))
	pick := make([]int, halls)
	var walk func(h int)
	walk = func(h int) {
		if h == halls {
			total, ok := value(x)
			if !ok {
				return
			}
			for k, d := range pick {
				if d >= 0 {
					best[k] = math.Max(best[k], total)
				}
			}
			return
		}
		for _, d := range options[h] {
			pick[h] = d
			if d >= 0 {
				x[d] = 1
			}
			walk(h + 1)
			if d >= 0 {
				x[d] = 0
			}
		}
	}
	walk(0)
	return best, chosen, true
}

// mergeScenarioSets adds scenario w's values to the sets found so far,
// keeping the sets feasible in every scenario.
func mergeScenarioSets(have, sets []hallSet, w int) []hallSet {
	if w == 0 {
		return sets
	}
	byMask := make(map[uint64]float64, len(sets))
	for _, set := range sets {
		byMask[set.mask] = set.value[0]
	}
	out := have[:0]
	for _, set := range have {
		if v, ok := byMask[set.mask]; ok {
			set.value = append(set.value, v)
			out = append(out, set)
		}
	}
	return out
}

// fixedDecisions returns, for a site with fixed first-stage decisions,
// each decision's fixed level (−1 for a decision made per scenario).
func (r *decomposedRun) fixedDecisions(s int, decisions []model.Decision) []float64 {
	out := make([]float64, len(decisions))
	for d, dec := range decisions {
		switch {
		case !r.st.IsFirstStage(dec):
			out[d] = -1
		case r.st.Fixed.Start[s][dec.Hall] == dec.Start:
			out[d] = 1
		}
	}
	return out
}

// consistentSets keeps the sets that take the fixed decisions as fixed.
func consistentSets(sets []hallSet, fixed []float64) []hallSet {
	var out []hallSet
	for _, set := range sets {
		ok := true
		for d, f := range fixed {
			if f >= 0 && float64(set.mask>>d&1) != f {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, set)
		}
	}
	return out
}

// blockSetValue is the weighted mining value of block k in the state
// mask (a bit per level: the halls in service and those under
// construction, model.SiteData.Levels), and whether every hour leaves
// mining a non-negative limit.
func blockSetValue(sd *model.SiteData, k int, mask uint64, bs *model.BlockSolution) (float64, bool) {
	v, ok := sd.StateValueOf(k, mask, bs)
	return sd.Blocks[k].Weight * v, ok
}

// levelMask is block k's state for decisions w (0/1): a bit per level
// on, levelOf the block's map from decisions to levels.
func levelMask(levelOf []int, w []float64) uint64 {
	var m uint64
	for d, i := range levelOf {
		if i >= 0 && w[d] > 0.5 {
			m |= 1 << i
		}
	}
	return m
}

// enumerateSets values every feasible set of the site's decisions exactly:
// each block's mining value for the halls then in service or under
// construction (cached by state) plus the decisions' own money.
func enumerateSets(sd *model.SiteData, sol *model.SiteSolution) []hallSet {
	D := len(sd.Decisions)
	sol.Prepare(sd)
	cache := make([]map[uint64]float64, len(sd.Blocks))
	for k := range cache {
		cache[k] = map[uint64]float64{}
	}
	const infeasible = -1e308
	var out []hallSet
	for mask := uint64(0); mask < 1<<D; mask++ {
		maskBuild(mask, sol.W)
		if !takesSignedDeals(sd.Decisions, sol.W) || model.RowsError(sd.Rows, sol.W) != nil {
			continue
		}
		value, feasible := sol.DecisionValue(sd), true
		for k := range sd.Blocks {
			hm := levelMask(sd.BlockLevels(k), sol.W)
			v, ok := cache[k][hm]
			if !ok {
				var fits bool
				if v, fits = blockSetValue(sd, k, hm, &sol.Blocks[k]); !fits {
					v = infeasible
				}
				cache[k][hm] = v
			}
			if v == infeasible {
				feasible = false
				break
			}
			value += v
		}
		if feasible {
			out = append(out, hallSet{mask: mask, value: []float64{value}})
		}
	}
	return out
}

// takesSignedDeals reports whether w takes every fixed decision.
func takesSignedDeals(decisions []model.Decision, w []float64) bool {
	for d, dec := range decisions {
		if dec.Fixed && w[d] < 0.5 {
			return false
		}
	}
	return true
}

// enumerateYearSets values, block by block, every state the site can be
// in — each hall not yet begun, in service (when a decision starts by
// then) or under construction (one of the block's construction entries
// of the hall) — that fits every hour; the empty state comes first.
func enumerateYearSets(sd *model.SiteData, sol *model.SiteSolution) [][]hallSet {
	sol.Prepare(sd)
	out := make([][]hallSet, len(sd.Blocks))
	for k := range sd.Blocks {
		// options[h] are the bits hall h may set in the state (0: none).
		options := make([][]uint64, sd.Halls)
		for h := range options {
			options[h] = []uint64{0}
		}
		seen := uint64(0)
		for d := range sd.Decisions {
			if i := sd.LevelOf(k, d); i >= 0 && seen>>i&1 == 0 {
				seen |= 1 << i
				h := sd.LevelHall(k, i)
				options[h] = append(options[h], 1<<i)
			}
		}
		pick := make([]int, sd.Halls)
		for {
			var mask uint64
			for h, o := range pick {
				mask |= options[h][o]
			}
			if v, ok := blockSetValue(sd, k, mask, &sol.Blocks[k]); ok {
				out[k] = append(out[k], hallSet{mask: mask, value: []float64{v}})
			}
			// The next combination, the first hall's option fastest.
			h := 0
			for ; h < sd.Halls; h++ {
				if pick[h]++; pick[h] < len(options[h]) {
					break
				}
				pick[h] = 0
			}
			if h == sd.Halls {
				break
			}
		}
	}
	return out
}

// maskBuild writes a set's decisions.
func maskBuild(mask uint64, w []float64) {
	for d := range w {
		w[d] = float64(mask >> d & 1)
	}
}

// couplingResult is the solved coupling problem: every scenario's
// decisions.
type couplingResult struct {
	w                     [][][]float64 // [scenario][site][decision]
	objective             float64       // the coupling problem's objective: the plan's value
	columns, rows, rounds int
	seconds, buildSeconds float64
	termination           string
	gap                   float64
	status                solver.Outcome
}

// newCouplingResult is an empty result sized for the run.
func (r *decomposedRun) newCouplingResult() *couplingResult {
	c := &couplingResult{w: make([][][]float64, r.scenarios())}
	for w := range c.w {
		c.w[w] = make([][]float64, len(r.sites))
		for s, v := range r.sites {
			c.w[w][s] = make([]float64, len(v.decisions))
		}
	}
	return c
}

// aggregate is a set's objective coefficient: its probability-weighted
// value (the objective without the CVaR part).
func (r *decomposedRun) aggregate(values []float64) float64 {
	var sum float64
	for w, v := range values {
		sum += r.st.Scenarios[w].Probability * v
	}
	return sum
}

// chooseBest picks each site's best set when nothing couples the sites:
// no coupling rows, every site's sets valued whole, and no CVaR.
func (r *decomposedRun) chooseBest() *couplingResult {
	c := r.newCouplingResult()
	c.status, c.termination = solver.Optimal, "optimal"
	for s, v := range r.sites {
		best := v.sets[0]
		for _, set := range v.sets[1:] {
			if r.aggregate(set.value) > r.aggregate(best.value) {
				best = set
			}
		}
		for w := range c.w {
			maskBuild(best.in(w), c.w[w][s])
		}
		c.objective += r.aggregate(best.value)
		c.columns += len(v.sets)
	}
	for w, sc := range r.st.Scenarios {
		c.objective += sc.Probability * r.outside[w]
	}
	return c
}

// solveCoupling is phase 2: every site's decisions, under the rows that
// couple sites, with HiGHS (or directly when nothing couples them).
func (r *decomposedRun) solveCoupling(ctx context.Context, sv solver.Solver) (*couplingResult, error) {
	rows := r.couplingRows
	allSets := true
	for _, v := range r.sites {
		allSets = allSets && v.kind == kindSets
	}
	if len(rows) == 0 && allSets && r.st.RiskWeight == 0 {
		return r.chooseBest(), nil
	}
	for s := range r.sites {
		if r.sites[s].kind == kindSets {
			r.sites[s].sets = undominated(r.sites[s].sets, rows, s)
		}
	}
	if r.scenarios() == 1 {
		r.reduceByLP(rows)
	}
	return newCouplingProblem(r, rows).solve(ctx, sv)
}

// undominated drops the sets another set of the site beats in every
// scenario while being no worse in every coupling row (no more of a ≤ row,
// no less of a ≥ row, equal in a two-sided one): the coupling problem never
// needs them, whatever the risk weight. Ties keep the first set.
func undominated(sets []hallSet, rows []model.HallRow, s int) []hallSet {
	if len(sets) < 2 {
		return sets
	}
	coef := make([][]float64, len(sets))
	for k, set := range sets {
		coef[k] = make([]float64, len(rows))
		for i := range rows {
			coef[k][i] = setCoupling(&rows[i], s, set.mask)
		}
	}
	noWorse := func(a, b int) bool { // a is no worse than b in every row
		for i := range rows {
			lowerOnly := rows[i].Upper >= inf && rows[i].Lower > -inf
			upperOnly := rows[i].Lower <= -inf && rows[i].Upper < inf
			switch {
			case upperOnly && coef[a][i] > coef[b][i]:
				return false
			case lowerOnly && coef[a][i] < coef[b][i]:
				return false
			case !upperOnly && !lowerOnly && coef[a][i] != coef[b][i]:
				return false
			}
		}
		return true
	}
	beats := func(a, b int) bool { // a's value is no lower in every scenario, and higher in one (or a comes first)
		higher := false
		for w := range sets[a].value {
			switch {
			case sets[a].value[w] < sets[b].value[w]:
				return false
			case sets[a].value[w] > sets[b].value[w]:
				higher = true
			}
		}
		return higher || a < b
	}
	var out []hallSet
	for b := range sets {
		dominated := false
		for a := range sets {
			if a != b && noWorse(a, b) && beats(a, b) {
				dominated = true
				break
			}
		}
		if !dominated {
			out = append(out, sets[b])
		}
	}
	return out
}

// setCoupling returns the set's coefficient in a coupling row.
func setCoupling(row *model.HallRow, s int, mask uint64) float64 {
	var v float64
	for m := mask; m != 0; m &= m - 1 {
		v += row.Coef[s][bits.TrailingZeros64(m)]
	}
	return v
}

// workers is the number of sites processed at once.
// The stages the fast path reports to Options.Progress.
const (
	StageValuing   = "valuing sites"
	StageVerifying = "verifying sites"
)

// Kinds counts how the coupling problem takes the sites in: sets of
// decisions, best assignments per footprint (sets too), each year's
// states, or cuts.
type Kinds struct {
	Sets, Assignments, YearSets, Cuts int
}

// SiteKinds counts how the coupling problem takes the sites of a
// deterministic plan in under the settings. It values every site, and
// returns ctx.Err() once ctx is cancelled.
func SiteKinds(ctx context.Context, in *model.Inputs, opts model.Settings) (Kinds, error) {
	var n Kinds
	r, err := newDecomposedRun(ctx, model.Deterministic(in), opts, opts.TermList(), false, false)
	if err != nil {
		return n, err
	}
	pool := model.NewSitePool(len(r.blocks[0]))
	var sol model.SiteSolution
	for s := range in.Case.Sites {
		v, err := r.valueSite(ctx, pool, &sol, s)
		var inf *model.InfeasibleError
		if err != nil && !errors.As(err, &inf) {
			return n, err
		}
		switch {
		case v.assigned:
			n.Assignments++
		case v.kind == kindSets:
			n.Sets++
		case v.kind == kindYearSets:
			n.YearSets++
		default:
			n.Cuts++
		}
	}
	return n, nil
}

// inf is a missing bound.
const inf = solver.Inf
