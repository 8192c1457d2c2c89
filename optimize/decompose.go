package optimize

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"time"

	"github.com/gridflip/gridflip/solver"
)

// MaxEnumeratedHalls is the most candidate halls of a site whose hall sets
// the fast path values one by one (2^6 = 64 sets); the sets become columns
// of the coupling problem. Sites with more halls, and every site of an LP
// relaxation, enter the coupling problem through outer approximation of
// their value instead (docs/model.md, "The exact fast path").
const MaxEnumeratedHalls = 6

// couplingGap is the relative MIP gap of the coupling problem when the
// caller sets none: it is small, so it is solved (nearly) exactly.
const couplingGap = 1e-9

// hallSet is one feasible set of a site's halls and the site's exact
// objective value with it.
type hallSet struct {
	mask  uint64
	value float64
}

// siteValuation is phase 1's result for one site: its hall sets, or nil
// when the site is approximated by cuts instead.
type siteValuation struct {
	s    int
	sets []hallSet
	err  error
}

// decomposedRun is the state of one run of the fast path.
type decomposedRun struct {
	in      *Inputs
	opts    Options
	terms   []term
	blocks  []*block
	noHalls bool
	// enumerate[s] reports whether site s's hall sets are enumerated.
	enumerate []bool
	sets      [][]hallSet
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

// valueSites is phase 1: in parallel, each site with few halls gets every
// feasible hall set valued in closed form.
func (r *decomposedRun) valueSites(ctx context.Context) error {
	S := len(r.in.Case.Sites)
	r.enumerate = make([]bool, S)
	r.sets = make([][]hallSet, S)
	for s, site := range r.in.Case.Sites {
		r.enumerate[s] = r.noHalls || (!r.opts.Relax && len(site.Halls) <= MaxEnumeratedHalls)
	}
	type state struct {
		pool *hoursPool
		sol  siteSolution
	}
	return parallelSites(ctx, S, r.opts.workers(),
		func() *state { return &state{pool: newHoursPool(len(r.blocks))} },
		func(w *state, s int) (siteValuation, error) {
			if !r.enumerate[s] {
				return siteValuation{s: s}, nil
			}
			sh := w.pool.prepare(r.in, r.blocks, s, r.terms, r.noHalls)
			sets := enumerateSets(sh, r.terms, &w.sol)
			if len(sets) == 0 {
				return siteValuation{}, &InfeasibleError{Conflicts: diagnose(r.in, r.terms)}
			}
			return siteValuation{s: s, sets: sets}, nil
		},
		func(v siteValuation) error {
			r.sets[v.s] = v.sets
			return nil
		})
}

// enumerateSets values every feasible set of the site's halls exactly.
func enumerateSets(sh []*siteHours, terms []term, sol *siteSolution) []hallSet {
	H := len(sh[0].halls)
	rows := siteRowsOf(sh[0], terms)
	sol.prepare(sh)
	var out []hallSet
	for mask := uint64(0); mask < 1<<H; mask++ {
		for h := range H {
			sol.build[h] = float64(mask >> h & 1)
		}
		if rowsError(rows, sol.build) != nil {
			continue
		}
		sol.inService()
		value, feasible := 0.0, true
		for k, shk := range sh {
			bs := &sol.blocks[k]
			shk.availableDetail(shk.lims, bs.z, &bs.av, bs.scratch, false)
			if !bs.av.feasible() {
				feasible = false
				break
			}
			value += shk.b.weight * (shk.dispatchValue(&bs.av) + shk.hallValue(bs.z))
		}
		if feasible {
			out = append(out, hallSet{mask: mask, value: value})
		}
	}
	return out
}

// maskBuild writes a hall set's decisions.
func maskBuild(mask uint64, build []float64) {
	for h := range build {
		build[h] = float64(mask >> h & 1)
	}
}

// couplingResult is the solved coupling problem: each site's decisions.
type couplingResult struct {
	build                     [][]float64 // [site][hall]
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
	c := &couplingResult{build: make([][]float64, len(r.sets)), status: solver.StatusOptimal, termination: "optimal"}
	for s, sets := range r.sets {
		best := sets[0]
		for _, set := range sets[1:] {
			if set.value > best.value {
				best = set
			}
		}
		c.build[s] = make([]float64, r.halls(s))
		maskBuild(best.mask, c.build[s])
		c.objective += best.value
		c.columns += len(sets)
	}
	return c
}

// halls is the number of candidate halls of site s in this run.
func (r *decomposedRun) halls(s int) int {
	if r.noHalls {
		return 0
	}
	return len(r.in.Case.Sites[s].Halls)
}

// solveCoupling is phase 2: one decision per site, under the rows that
// couple sites, with HiGHS (or directly when nothing couples them and
// every site was enumerated).
func (r *decomposedRun) solveCoupling(ctx context.Context, sv solver.Solver) (*couplingResult, error) {
	var rows []hallRow
	if !r.noHalls {
		rows = hallRowsOf(r.in, r.terms)
	}
	allEnumerated := true
	for _, e := range r.enumerate {
		allEnumerated = allEnumerated && e
	}
	if len(rows) == 0 && allEnumerated {
		return r.chooseBest(), nil
	}
	for s := range r.sets {
		r.sets[s] = undominated(r.sets[s], rows, s)
	}
	r.reduceByLP(rows)
	oa := newOuterApproximation(r, rows)
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
		h := bits.TrailingZeros64(m)
		v += row.coef[s][h]
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
		pool *hoursPool
		sol  siteSolution
		b    *solver.Builder
		x    []float64
	}
	var size counts
	err := parallelSites(ctx, len(r.in.Case.Sites), r.opts.workers(),
		func() *state { return &state{pool: newHoursPool(len(r.blocks)), b: solver.NewBuilder("", true, false)} },
		func(w *state, s int) (*siteResult, error) {
			sh := w.pool.prepare(r.in, r.blocks, s, r.terms, r.noHalls)
			w.sol.prepare(sh)
			copy(w.sol.build, c.build[s])
			value, err := closedForm(sh, r.terms, siteRowsOf(sh[0], r.terms), &w.sol)
			if err != nil {
				return nil, internalError("site %q: the coupling problem chose halls that the closed form refuses: %v", sh[0].site.ID, err)
			}
			res := &siteResult{s: s}
			if res.objective, res.check, err = r.verifySite(w.b, &w.x, sh, &w.sol, value); err != nil {
				return nil, err
			}
			if rel := math.Abs(res.objective-value) / math.Max(1, math.Abs(value)); rel > 1e-9 {
				return nil, internalError("site %q: the full model values the closed-form solution at %.6f USD, the closed form at %.6f", sh[0].site.ID, res.objective, value)
			}
			res.sp = extractSite(sh, r.terms, &w.sol)
			setLoadFigures(res, sh, &w.sol)
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
	if !r.noHalls {
		for _, row := range hallRowsOf(r.in, r.terms) {
			if msg := row.violation(c.build); msg != "" {
				return nil, internalError("the decomposed decisions break the coupling row %s: %s", row.name, msg)
			}
			size.rows++
			for _, cf := range row.coef {
				size.nnz += len(cf)
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
	plan.Hourly = &decomposedHours{r: r, build: c.build}
	return plan, nil
}

// verifySite builds the site's part of the full model into b (reusing
// *x), writes the closed-form solution into its columns and verifies it
// there: every row, every bound, and the objective recomputed from the
// primal values against the closed form's value.
func (r *decomposedRun) verifySite(b *solver.Builder, x *[]float64, sh []*siteHours, sol *siteSolution, value float64) (float64, solver.Check, error) {
	site := sh[0].site
	b.Reset(site.ID, true, false)
	ix := &siteIndex{}
	sm := &siteModel{in: r.in, s: sh[0].s, site: site, blocks: r.blocks, sh: sh, b: b, ix: ix,
		relax: r.opts.Relax, nHalls: len(sh[0].halls)}
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
		return 0, check, internalError("site %q: the closed-form solution does not satisfy the full model: %v", site.ID, err)
	}
	return check.ObjectiveRecomputed, check, nil
}

// decomposedHours regenerates hourly allocations from the decisions.
type decomposedHours struct {
	r     *decomposedRun
	build [][]float64
}

func (dh *decomposedHours) SiteHours(s int) (SiteHours, error) {
	r := dh.r
	sh := newHoursPool(len(r.blocks)).prepare(r.in, r.blocks, s, r.terms, r.noHalls)
	var sol siteSolution
	sol.prepare(sh)
	copy(sol.build, dh.build[s])
	if _, err := closedForm(sh, r.terms, siteRowsOf(sh[0], r.terms), &sol); err != nil {
		return SiteHours{}, fmt.Errorf("site %q: %w", sh[0].site.ID, err)
	}
	return siteHourly(sh, &sol), nil
}
