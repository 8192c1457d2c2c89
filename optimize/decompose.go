package optimize

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"time"

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
// service) and its exact value.
type hallSet struct {
	mask  uint64
	value float64
}

// siteValuation is phase 1's result for one site.
type siteValuation struct {
	s         int
	kind      siteKind
	decisions []decision
	values    []float64 // per decision: its weighted money apart from mining
	rows      []siteRow
	sets      []hallSet   // kindSets
	yearSets  [][]hallSet // kindYearSets: per block
}

// decomposedRun is the state of one run of the fast path.
type decomposedRun struct {
	in      *Inputs
	opts    Options
	terms   []term
	blocks  []*block
	noHalls bool
	sites   []siteValuation
}

// solveDecomposed is the exact fast path: value every site in closed form,
// solve the coupling problem, then rebuild, verify and extract each site's
// solution one site at a time (so memory stays bounded by one site).
func solveDecomposed(ctx context.Context, sv solver.Solver, in *Inputs, opts Options, terms []term, noHalls bool) (*Plan, error) {
	log := opts.logger()
	r := &decomposedRun{in: in, opts: opts, terms: terms, blocks: in.blocks(), noHalls: noHalls}
	began := time.Now()
	if err := r.valueSites(ctx); err != nil {
		return nil, err
	}
	valueSeconds := time.Since(began).Seconds()
	log.Info("valued sites", "sites", len(in.Case.Sites), "seconds", valueSeconds)

	c, err := r.solveCoupling(ctx, sv)
	if err != nil {
		return nil, err
	}
	log.Info("coupling problem solved", "columns", c.columns, "rows", c.rows, "rounds", c.rounds, "seconds", c.seconds)

	verifyBegan := time.Now()
	plan, err := r.verifyAndExtract(ctx, c)
	if err != nil {
		return nil, err
	}
	plan.Method = MethodDecomposed
	plan.Relaxed = opts.Relax
	plan.Termination, plan.MIPGap = c.termination, c.gap
	plan.Solver.Name, plan.Solver.Version = sv.Name(), sv.Version()
	plan.Solver.BuildSeconds = valueSeconds + c.buildSeconds
	plan.Solver.SolveSeconds = c.seconds
	plan.Solver.VerifySeconds = time.Since(verifyBegan).Seconds()
	plan.Solver.CouplingColumns, plan.Solver.CouplingRows, plan.Solver.CutRounds = c.columns, c.rows, c.rounds
	return plan, nil
}

// kindOf chooses how a prepared site enters the coupling problem.
func (r *decomposedRun) kindOf(sd *siteData) siteKind {
	switch {
	case len(sd.decisions) == 0:
		return kindSets
	case r.opts.Relax:
		return kindCuts
	case len(sd.decisions) <= MaxEnumeratedHalls:
		return kindSets
	case sd.halls <= MaxEnumeratedHalls:
		return kindYearSets
	}
	return kindCuts
}

// valueSites is phase 1: in parallel, each site is prepared, its
// decisions listed and valued, and its sets valued in closed form.
func (r *decomposedRun) valueSites(ctx context.Context) error {
	S := len(r.in.Case.Sites)
	r.sites = make([]siteValuation, S)
	type state struct {
		pool *sitePool
		sol  siteSolution
	}
	return parallelSites(ctx, S, r.opts.workers(),
		func() *state { return &state{pool: newSitePool(len(r.blocks))} },
		func(w *state, s int) (siteValuation, error) {
			sd := w.pool.prepare(r.in, r.blocks, s, r.terms, r.noHalls)
			v := siteValuation{s: s, kind: r.kindOf(sd), decisions: sd.decisions, values: sd.value, rows: sd.rows}
			switch v.kind {
			case kindSets:
				v.sets = enumerateSets(sd, &w.sol)
				if len(v.sets) == 0 {
					return v, &InfeasibleError{Conflicts: diagnose(r.in, r.terms)}
				}
			case kindYearSets:
				v.yearSets = enumerateYearSets(sd, &w.sol)
				for _, sets := range v.yearSets {
					if len(sets) == 0 {
						return v, &InfeasibleError{Conflicts: diagnose(r.in, r.terms)}
					}
				}
			}
			return v, nil
		},
		func(v siteValuation) error {
			r.sites[v.s] = v
			return nil
		})
}

// blockSetValue is the weighted mining value of block k with the halls
// of mask in service, and whether every hour leaves mining a
// non-negative limit.
func blockSetValue(sd *siteData, k int, mask uint64, bs *blockSolution) (float64, bool) {
	for h := range bs.z {
		bs.z[h] = float64(mask >> h & 1)
	}
	shk := sd.hours[k]
	shk.availableDetail(shk.lims, bs.z, &bs.av, bs.scratch, false)
	if !bs.av.feasible() {
		return 0, false
	}
	return shk.b.weight * shk.dispatchValue(&bs.av), true
}

// hallMask is the set of halls in service in block k for decisions w (0/1).
func hallMask(decisions []decision, w []float64, k int) uint64 {
	var m uint64
	for d, dec := range decisions {
		if dec.start <= k && w[d] > 0.5 {
			m |= 1 << dec.hall
		}
	}
	return m
}

// enumerateSets values every feasible set of the site's decisions exactly:
// each block's mining value for the halls then in service (cached by set)
// plus the decisions' own money.
func enumerateSets(sd *siteData, sol *siteSolution) []hallSet {
	D := len(sd.decisions)
	sol.prepare(sd)
	cache := make([]map[uint64]float64, len(sd.blocks))
	for k := range cache {
		cache[k] = map[uint64]float64{}
	}
	const infeasible = -1e308
	var out []hallSet
	for mask := uint64(0); mask < 1<<D; mask++ {
		maskBuild(mask, sol.w)
		if !takesSignedDeals(sd.decisions, sol.w) || rowsError(sd.rows, sol.w) != nil {
			continue
		}
		value, feasible := sol.decisionValue(sd), true
		for k := range sd.blocks {
			hm := hallMask(sd.decisions, sol.w, k)
			v, ok := cache[k][hm]
			if !ok {
				var fits bool
				if v, fits = blockSetValue(sd, k, hm, &sol.blocks[k]); !fits {
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
			out = append(out, hallSet{mask: mask, value: value})
		}
	}
	return out
}

// takesSignedDeals reports whether w takes every fixed decision.
func takesSignedDeals(decisions []decision, w []float64) bool {
	for d, dec := range decisions {
		if dec.fixed && w[d] < 0.5 {
			return false
		}
	}
	return true
}

// enumerateYearSets values, block by block, every set of the halls that
// can be in service by then (a decision that starts by the block) and
// fits every hour; the empty set comes first.
func enumerateYearSets(sd *siteData, sol *siteSolution) [][]hallSet {
	sol.prepare(sd)
	out := make([][]hallSet, len(sd.blocks))
	for k := range sd.blocks {
		var ready uint64
		for _, dec := range sd.decisions {
			if dec.start <= k {
				ready |= 1 << dec.hall
			}
		}
		// Every subset of ready, in increasing order.
		for mask := uint64(0); ; mask = (mask - ready) & ready {
			if v, ok := blockSetValue(sd, k, mask, &sol.blocks[k]); ok {
				out[k] = append(out[k], hallSet{mask: mask, value: v})
			}
			if mask == ready {
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

// couplingResult is the solved coupling problem: each site's decisions.
type couplingResult struct {
	w                         [][]float64 // [site][decision]
	objective                 float64     // the coupling problem's objective: the plan's value
	columns, rows, rounds     int
	seconds, buildSeconds     float64
	termination               string
	gap                       float64
	status                    solver.Status
	solverName, solverVersion string
}

// chooseBest picks each site's best set when nothing couples the sites.
func (r *decomposedRun) chooseBest() *couplingResult {
	c := &couplingResult{w: make([][]float64, len(r.sites)), status: solver.StatusOptimal, termination: "optimal"}
	for s, v := range r.sites {
		best := v.sets[0]
		for _, set := range v.sets[1:] {
			if set.value > best.value {
				best = set
			}
		}
		c.w[s] = make([]float64, len(v.decisions))
		maskBuild(best.mask, c.w[s])
		c.objective += best.value
		c.columns += len(v.sets)
	}
	return c
}

// solveCoupling is phase 2: every site's decisions, under the rows that
// couple sites, with HiGHS (or directly when nothing couples them and
// every site's sets were valued whole).
func (r *decomposedRun) solveCoupling(ctx context.Context, sv solver.Solver) (*couplingResult, error) {
	rows := hallRowsOf(r.in, r.blocks, r.terms, r.noHalls)
	allSets := true
	for _, v := range r.sites {
		allSets = allSets && v.kind == kindSets
	}
	if len(rows) == 0 && allSets {
		return r.chooseBest(), nil
	}
	for s := range r.sites {
		if r.sites[s].kind == kindSets {
			r.sites[s].sets = undominated(r.sites[s].sets, rows, s)
		}
	}
	r.reduceByLP(rows)
	oa := newCouplingProblem(r, rows)
	return oa.solve(ctx, sv)
}

// undominated drops the hall sets another set of the site beats on value
// while being no worse in every coupling row (no more of a ≤ row, no less
// of a ≥ row, equal in a two-sided one): the coupling problem never needs
// them. Ties keep the first set.
func undominated(sets []hallSet, rows []hallRow, s int) []hallSet {
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
			lowerOnly := rows[i].upper >= inf && rows[i].lower > -inf
			upperOnly := rows[i].lower <= -inf && rows[i].upper < inf
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
	var out []hallSet
	for b := range sets {
		dominated := false
		for a := range sets {
			if a == b || !noWorse(a, b) {
				continue
			}
			if sets[a].value > sets[b].value || (sets[a].value == sets[b].value && a < b) {
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
func setCoupling(row *hallRow, s int, mask uint64) float64 {
	var v float64
	for m := mask; m != 0; m &= m - 1 {
		v += row.coef[s][bits.TrailingZeros64(m)]
	}
	return v
}

// verifyAndExtract is phase 3: each site's solution is rebuilt in closed
// form from its decisions, written into the site's part of the full model
// and verified there (every row, bound and the objective), and extracted;
// then the coupling rows are checked against the decisions.
func (r *decomposedRun) verifyAndExtract(ctx context.Context, c *couplingResult) (*Plan, error) {
	pa := newPlanAssembler(r.in, r.blocks, c.status)
	type state struct {
		pool *sitePool
		sol  siteSolution
		b    *solver.Builder
		x    []float64
	}
	var size counts
	err := parallelSites(ctx, len(r.in.Case.Sites), r.opts.workers(),
		func() *state { return &state{pool: newSitePool(len(r.blocks)), b: solver.NewBuilder("", true, false)} },
		func(w *state, s int) (*siteResult, error) {
			sd := w.pool.prepare(r.in, r.blocks, s, r.terms, r.noHalls)
			w.sol.prepare(sd)
			copy(w.sol.w, c.w[s])
			value, err := closedForm(sd, r.terms, &w.sol)
			if err != nil {
				return nil, internalError("site %q: the coupling problem chose decisions that the closed form refuses: %v", sd.site.ID, err)
			}
			res := &siteResult{s: s}
			if res.objective, res.check, err = r.verifySite(w.b, &w.x, sd, &w.sol, value); err != nil {
				return nil, err
			}
			if rel := math.Abs(res.objective-value) / math.Max(1, math.Abs(value)); rel > 1e-9 {
				return nil, internalError("site %q: the full model values the closed-form solution at %.6f USD, the closed form at %.6f", sd.site.ID, res.objective, value)
			}
			res.sp = extractSite(sd, r.terms, &w.sol)
			setLoadFigures(res, sd, &w.sol)
			res.sizes = counts{cols: w.b.NumCols(), rows: w.b.NumRows(), nnz: w.b.NumNonzeros()}
			res.integers = w.b.NumIntegers()
			return res, nil
		},
		func(res *siteResult) error {
			size.cols += res.sizes.cols
			size.rows += res.sizes.rows
			size.nnz += res.sizes.nnz
			pa.plan.Solver.IntegerColumns += res.integers
			return pa.add(res)
		})
	if err != nil {
		return nil, err
	}
	for _, row := range hallRowsOf(r.in, r.blocks, r.terms, r.noHalls) {
		if msg := row.violation(c.w); msg != "" {
			return nil, internalError("the decomposed decisions break the coupling row %s: %s", row.name, msg)
		}
		size.rows++
		for _, cf := range row.coef {
			for _, v := range cf {
				if v != 0 {
					size.nnz++
				}
			}
		}
	}
	plan, err := pa.finish()
	if err != nil {
		return nil, err
	}
	if rel := math.Abs(plan.ObjectiveUSD-c.objective) / math.Max(1, math.Abs(c.objective)); rel > 1e-7 {
		return nil, internalError("the full model values the decomposed plan at %.6f USD, the coupling problem at %.6f", plan.ObjectiveUSD, c.objective)
	}
	plan.Solver.Columns, plan.Solver.Rows, plan.Solver.Nonzeros = size.cols, size.rows, size.nnz
	plan.Hourly = &decomposedHours{r: r, w: c.w}
	return plan, nil
}

// verifySite builds the site's part of the full model into b (reusing
// *x), writes the closed-form solution into its columns and verifies it
// there: every row, every bound, and the objective recomputed from the
// primal values against the closed form's value.
func (r *decomposedRun) verifySite(b *solver.Builder, x *[]float64, sd *siteData, sol *siteSolution, value float64) (float64, solver.Check, error) {
	b.Reset(sd.site.ID, true, false)
	sm := newSiteModel(sd, b, &siteIndex{}, r.opts.Relax)
	addSite(sm, r.terms, false)
	*x = resize(*x, b.NumCols())
	clear(*x)
	for _, tm := range r.terms {
		if f, ok := tm.(filler); ok {
			f.fill(sm, sol, *x)
		}
	}
	check, err := b.Verify(*x, value)
	if err != nil {
		return 0, check, internalError("site %q: the closed-form solution does not satisfy the full model: %v", sd.site.ID, err)
	}
	return check.ObjectiveRecomputed, check, nil
}

// decomposedHours regenerates hourly allocations from the decisions.
type decomposedHours struct {
	r *decomposedRun
	w [][]float64
}

func (dh *decomposedHours) SiteHours(s int) (SiteHours, error) {
	r := dh.r
	sd := newSitePool(len(r.blocks)).prepare(r.in, r.blocks, s, r.terms, r.noHalls)
	var sol siteSolution
	sol.prepare(sd)
	copy(sol.w, dh.w[s])
	if _, err := closedForm(sd, r.terms, &sol); err != nil {
		return SiteHours{}, fmt.Errorf("site %q: %w", sd.site.ID, err)
	}
	return siteHourly(sd, &sol), nil
}
