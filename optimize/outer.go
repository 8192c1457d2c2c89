package optimize

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/gridflip/gridflip/solver"
)

// outerApproximation solves the coupling problem. Sites whose hall sets
// were enumerated enter it as one column per set (pick one); every other
// site enters with its hall decisions y_h and a column θ_s for the value
// of its mining, bounded by cuts:
//
//	θ_s ≤ M_s(ȳ) + Σ_h g_h·(y_h − ȳ_h)
//
// where M_s is the site's dispatch value (concave in y: every limiter is
// affine in y and each hour's best value concave and non-decreasing in
// the capacity available) and g a supergradient, both in closed form.
// Hall levels that leave some hour a negative limit are cut off by that
// limit's own (exact, linear) row. Rounds solve the problem, evaluate
// each site at the solution and add cuts where θ overestimates, until
// none does: the bound then equals the value of the solution, which is
// exact (docs/model.md, "The exact fast path"). A MILP first runs rounds
// on its LP relaxation, whose cuts stay valid.
type outerApproximation struct {
	r    *decomposedRun
	rows []hallRow

	b        *solver.Builder
	setCol   [][]int           // enumerated sites: the column of each set
	hallCol  [][]int           // approximated sites: y_h
	thetaCol []int             // approximated sites: θ_s, -1 for enumerated ones
	approx   []int             // the approximated sites
	baseCuts int               // rows before the first cut
	points   []map[string]bool // per site: the points cut at
	// fixedValue is the value of the sites decided before the master
	// (one hall set left): they have no columns.
	fixedValue float64
}

// maxCutRounds bounds the rounds; reaching it is reported as an error.
const maxCutRounds = 2000

// cutTolerance is how far (relative) θ may exceed a site's value before a
// cut is added: HiGHS meets rows to about 1e-9 of their scale, so a
// smaller overestimate is noise, not a missing cut.
const cutTolerance = 1e-9

// newPoint reports whether y is a point not cut at before for site s (a
// cut at the same point cannot tighten anything), and records it.
func (oa *outerApproximation) newPoint(s int, y []float64) bool {
	key := fmt.Sprint(y)
	if oa.points[s] == nil {
		oa.points[s] = map[string]bool{}
	}
	if oa.points[s][key] {
		return false
	}
	oa.points[s][key] = true
	return true
}

func newOuterApproximation(r *decomposedRun, rows []hallRow) *outerApproximation {
	S := len(r.in.Case.Sites)
	return &outerApproximation{r: r, rows: rows, setCol: make([][]int, S), hallCol: make([][]int, S),
		thetaCol: make([]int, S), points: make([]map[string]bool, S), b: solver.NewBuilder(r.in.Case.Name+" (coupling)", true, false)}
}

// siteEval is one approximated site evaluated at the master's y.
type siteEval struct {
	s        int
	value    float64   // M_s(y), weighted
	grad     []float64 // supergradient of M_s at y
	feasible bool
	// with !feasible: Σ_h a_h·y_h ≤ rhs, the limit the hour breaks
	cutA []float64
	cutB float64
	// hallCost is the weighted money of each hall in service (first call)
	hallCost []float64
	rows     []siteRow
}

// evaluate computes M_s(y) and a supergradient for site s at y, or the
// linear limit y breaks.
func (oa *outerApproximation) evaluate(pool *hoursPool, sol *siteSolution, s int, y []float64) siteEval {
	r := oa.r
	sh := pool.prepare(r.in, r.blocks, s, r.terms, r.noHalls)
	H := len(sh[0].halls)
	ev := siteEval{s: s, grad: make([]float64, H), feasible: true}
	sol.prepare(sh)
	copy(sol.build, y)
	sol.inService()
	for k, shk := range sh {
		bs := &sol.blocks[k]
		shk.available(shk.lims, bs.z, &bs.av, bs.scratch)
		if !bs.av.feasible() {
			t, lim := bs.av.minHour, shk.lims[bs.av.minLimiter]
			ev.feasible = false
			ev.cutA = make([]float64, H)
			ev.cutB = bs.av.minLimit
			for h := range H {
				sl := lim.slope(shk, t, h)
				ev.cutA[h] = -sl
				ev.cutB -= sl * y[h]
			}
			return ev
		}
		w := shk.b.weight
		for t := range shk.T {
			kt := bs.av.k[t]
			m, v := shk.bestAt(t, kt)
			ev.value += w * v
			d := shk.slopeAbove(t, kt, m)
			if d == 0 || bs.av.binding[t] < 0 {
				continue
			}
			lim := shk.lims[bs.av.binding[t]]
			for h := range H {
				ev.grad[h] += w * d * lim.slope(shk, t, h)
			}
		}
	}
	ev.hallCost = make([]float64, H)
	for k, shk := range sh {
		for h := range H {
			ev.hallCost[h] += shk.b.weight * shk.halls[h].streams.ProfitUSD
		}
		_ = k
	}
	ev.rows = siteRowsOf(sh[0], r.terms)
	return ev
}

// evaluateAll evaluates every approximated site at y in parallel.
func (oa *outerApproximation) evaluateAll(ctx context.Context, y [][]float64) ([]siteEval, error) {
	out := make([]siteEval, len(oa.r.in.Case.Sites))
	type state struct {
		pool *hoursPool
		sol  siteSolution
	}
	err := parallelSites(ctx, len(oa.approx), oa.r.opts.workers(),
		func() *state { return &state{pool: newHoursPool(len(oa.r.blocks))} },
		func(w *state, i int) (siteEval, error) {
			s := oa.approx[i]
			return oa.evaluate(w.pool, &w.sol, s, y[s]), nil
		},
		func(ev siteEval) error {
			out[ev.s] = ev
			return nil
		})
	return out, err
}

// build declares the master's columns and fixed rows, and the first cut
// of every approximated site (the tangent at no halls).
func (oa *outerApproximation) build(ctx context.Context) error {
	r := oa.r
	oa.addSetColumns()
	zero := make([][]float64, len(r.in.Case.Sites))
	for _, s := range oa.approx {
		zero[s] = make([]float64, r.halls(s))
	}
	evals, err := oa.evaluateAll(ctx, zero)
	if err != nil {
		return err
	}
	for _, s := range oa.approx {
		ev := &evals[s]
		if !ev.feasible {
			return &InfeasibleError{Conflicts: diagnose(r.in, r.terms)}
		}
		for h := range ev.hallCost {
			oa.hallCol[s] = append(oa.hallCol[s], oa.b.AddColumn(ev.hallCost[h], 0, 1, !r.opts.Relax))
		}
		oa.thetaCol[s] = oa.b.AddColumn(1, -inf, inf, false)
	}
	oa.addPickRows()
	for _, s := range oa.approx {
		oa.addSiteRows(s, evals[s].rows)
		oa.addCut(s, &evals[s], zero[s])
		oa.newPoint(s, zero[s])
	}
	for i := range oa.rows {
		if err := oa.addCouplingRow(&oa.rows[i]); err != nil {
			return err
		}
	}
	oa.baseCuts = oa.b.NumRows()
	return nil
}

// addSetColumns declares a column per hall set of the enumerated sites
// (a site left with one set is decided and stays out) and lists the
// approximated sites.
func (oa *outerApproximation) addSetColumns() {
	r := oa.r
	for s := range r.in.Case.Sites {
		oa.thetaCol[s] = -1
		if !r.enumerate[s] {
			oa.approx = append(oa.approx, s)
			continue
		}
		if len(r.sets[s]) == 1 {
			oa.fixedValue += r.sets[s][0].value
			continue
		}
		for _, set := range r.sets[s] {
			oa.setCol[s] = append(oa.setCol[s], oa.b.AddColumn(set.value, 0, 1, !r.opts.Relax))
		}
	}
}

// addPickRows adds, for every enumerated site with columns, Σ x = 1.
func (oa *outerApproximation) addPickRows() {
	var rs rowScratch
	for s := range oa.r.in.Case.Sites {
		if len(oa.setCol[s]) == 0 {
			continue
		}
		rs.reset()
		for _, col := range oa.setCol[s] {
			rs.add(int32(col), 1)
		}
		oa.b.AddRow(1, 1, rs.cols, rs.vals)
	}
}

// addSiteRows adds an approximated site's rows over its hall columns.
func (oa *outerApproximation) addSiteRows(s int, rows []siteRow) {
	var rs rowScratch
	for _, row := range rows {
		rs.reset()
		for h, v := range row.coef {
			rs.add(int32(oa.hallCol[s][h]), v)
		}
		oa.b.AddRow(row.lower, row.upper, rs.cols, rs.vals)
	}
}

// addCouplingRow adds a row that couples sites: over the set columns of
// enumerated sites, the hall columns of approximated ones, with the
// decided sites' part moved to the bounds.
func (oa *outerApproximation) addCouplingRow(row *hallRow) error {
	r := oa.r
	var rs rowScratch
	lower, upper := row.lower, row.upper
	for s := range r.in.Case.Sites {
		switch {
		case r.enumerate[s] && len(oa.setCol[s]) == 0:
			v := setCoupling(row, s, r.sets[s][0].mask)
			lower, upper = lower-v, upper-v
		case r.enumerate[s]:
			for k, set := range r.sets[s] {
				if v := setCoupling(row, s, set.mask); v != 0 {
					rs.add(int32(oa.setCol[s][k]), v)
				}
			}
		default:
			for h, v := range row.coef[s] {
				if v != 0 {
					rs.add(int32(oa.hallCol[s][h]), v)
				}
			}
		}
	}
	if len(rs.cols) == 0 {
		if lower > feasibilityTolerance*math.Max(1, math.Abs(row.lower)) || upper < -feasibilityTolerance*math.Max(1, math.Abs(row.upper)) {
			return &InfeasibleError{Conflicts: diagnose(r.in, r.terms)}
		}
		return nil
	}
	oa.b.AddRow(lower, upper, rs.cols, rs.vals)
	return nil
}

// addCut adds θ_s ≤ M(ȳ) + g·(y − ȳ) for the evaluation ev at ȳ.
func (oa *outerApproximation) addCut(s int, ev *siteEval, ybar []float64) {
	var rs rowScratch
	rhs := ev.value
	rs.add(int32(oa.thetaCol[s]), 1)
	for h, g := range ev.grad {
		if g != 0 {
			rs.add(int32(oa.hallCol[s][h]), -g)
			rhs -= g * ybar[h]
		}
	}
	oa.b.AddRow(-inf, rhs, rs.cols, rs.vals)
}

// addFeasibilityCut adds the limit an infeasible ȳ breaks.
func (oa *outerApproximation) addFeasibilityCut(s int, ev *siteEval) {
	var rs rowScratch
	for h, a := range ev.cutA {
		if a != 0 {
			rs.add(int32(oa.hallCol[s][h]), a)
		}
	}
	oa.b.AddRow(-inf, ev.cutB, rs.cols, rs.vals)
}

// solve runs the rounds (LP relaxation first for a MILP) and returns the
// decisions of the best solution found.
func (oa *outerApproximation) solve(ctx context.Context, sv solver.Solver) (*couplingResult, error) {
	r := oa.r
	began := time.Now()
	if err := oa.build(ctx); err != nil {
		return nil, err
	}
	c := &couplingResult{buildSeconds: time.Since(began).Seconds()}
	if oa.b.NumCols() == 0 {
		// Every site was decided before the master: nothing is left to solve.
		cand, _, err := oa.round(ctx, &solver.Result{}, false)
		if err != nil {
			return nil, err
		}
		cand.status, cand.termination, cand.buildSeconds = solver.StatusOptimal, "optimal", c.buildSeconds
		return cand, nil
	}
	opts := r.opts.Solver
	opts.Method, opts.MIPLPMethod = solver.MethodAuto, solver.MethodAuto
	if opts.MIPRelGap == 0 {
		opts.MIPRelGap = couplingGap
	}
	deadline := time.Time{}
	if opts.TimeLimitSeconds > 0 {
		deadline = began.Add(time.Duration(opts.TimeLimitSeconds * float64(time.Second)))
	}
	phases := []bool{false}
	if !r.opts.Relax && len(oa.approx) > 0 {
		phases = []bool{true, false} // LP rounds first: their cuts stay valid
	}
	var best *couplingResult
	for _, relaxed := range phases {
		for {
			res, bound, err := oa.solveMaster(ctx, sv, c, opts, deadline, relaxed)
			if errors.Is(err, errTimeUp) || (err == nil && res.Status == solver.StatusTimeLimitFeasible && !relaxed) {
				return oa.timedOut(best, c)
			}
			if err != nil {
				return nil, err
			}
			cand, added, err := oa.round(ctx, res, relaxed)
			if err != nil {
				return nil, err
			}
			if cand != nil && (best == nil || cand.objective > best.objective) {
				best = cand
			}
			converged := !added || (best != nil && !relaxed && bound-best.objective <= couplingGap*math.Max(1, math.Abs(best.objective)))
			if !converged {
				continue
			}
			if relaxed {
				break
			}
			oa.finish(best, c, bound)
			return best, nil
		}
	}
	return nil, internalError("coupling problem: the rounds ended without a solution")
}

// errTimeUp is returned by solveMaster when the time limit has passed.
var errTimeUp = errors.New("time limit")

// solveMaster solves the master problem as it stands (its LP relaxation
// when relaxed) and returns the solution and its bound on the plan's value.
func (oa *outerApproximation) solveMaster(ctx context.Context, sv solver.Solver, c *couplingResult, opts solver.Options,
	deadline time.Time, relaxed bool) (*solver.Result, float64, error) {
	if c.rounds >= maxCutRounds {
		return nil, 0, fmt.Errorf("coupling problem: no convergence after %d rounds of cuts: %w", c.rounds, ErrNoSolution)
	}
	c.rounds++
	p, err := oa.b.Problem()
	if err != nil {
		return nil, 0, internalError("coupling problem: %v", err)
	}
	if relaxed {
		p.Integer = nil
	}
	if !deadline.IsZero() {
		left := time.Until(deadline).Seconds()
		if left <= 0 {
			return nil, 0, errTimeUp
		}
		opts.TimeLimitSeconds = left
	}
	res, err := sv.Solve(ctx, p, opts)
	if err := checkStatus(ctx, oa.r.in, oa.r.terms, "solving the coupling problem", res, err); err != nil {
		return nil, 0, err
	}
	c.seconds += res.SolveSeconds
	c.columns, c.rows = p.NumCols(), p.NumRows()
	c.solverName, c.solverVersion = res.Solver, res.Version
	bound := res.Objective
	if p.IsMIP() && !math.IsNaN(res.MIPDualBound) && !math.IsInf(res.MIPDualBound, 0) {
		bound = res.MIPDualBound
	}
	return res, bound + oa.fixedValue, nil
}

// finish records the run's statistics in the result.
func (oa *outerApproximation) finish(best, c *couplingResult, bound float64) {
	best.rows, best.columns, best.rounds = c.rows, c.columns, c.rounds
	best.seconds, best.buildSeconds = c.seconds, c.buildSeconds
	best.solverName, best.solverVersion = c.solverName, c.solverVersion
	best.status, best.termination = solver.StatusOptimal, "optimal"
	best.gap = math.Max(0, bound-best.objective) / math.Max(1, math.Abs(bound))
}

// timedOut returns the best solution found when the time limit ran out.
func (oa *outerApproximation) timedOut(best, c *couplingResult) (*couplingResult, error) {
	if best == nil {
		return nil, fmt.Errorf("coupling problem: time limit reached after %d rounds: %w", c.rounds, ErrNoSolution)
	}
	best.rows, best.columns, best.rounds = c.rows, c.columns, c.rounds
	best.seconds, best.buildSeconds = c.seconds, c.buildSeconds
	best.solverName, best.solverVersion = c.solverName, c.solverVersion
	best.status, best.termination = solver.StatusTimeLimitFeasible, "time limit"
	return best, nil
}

// round reads the master's solution, evaluates the approximated sites
// there and adds the cuts it needs. It returns the solution's decisions
// and true value when every site is feasible there (nil otherwise), and
// whether any cut was added.
func (oa *outerApproximation) round(ctx context.Context, res *solver.Result, relaxed bool) (*couplingResult, bool, error) {
	r := oa.r
	S := len(r.in.Case.Sites)
	cand := &couplingResult{build: make([][]float64, S)}
	for s := range S {
		cand.build[s] = make([]float64, r.halls(s))
		if !r.enumerate[s] {
			for h, col := range oa.hallCol[s] {
				y := math.Min(1, math.Max(0, res.X[col]))
				if !relaxed && !r.opts.Relax {
					y = math.Round(y)
				}
				cand.build[s][h] = y
			}
			continue
		}
		if len(oa.setCol[s]) == 0 {
			set := r.sets[s][0]
			maskBuild(set.mask, cand.build[s])
			cand.objective += set.value
			continue
		}
		bestK, bestX := 0, -1.0
		for k, col := range oa.setCol[s] {
			if res.X[col] > bestX {
				bestK, bestX = k, res.X[col]
			}
		}
		set := r.sets[s][bestK]
		maskBuild(set.mask, cand.build[s])
		cand.objective += set.value
	}
	evals, err := oa.evaluateAll(ctx, cand.build)
	if err != nil {
		return nil, false, err
	}
	added, feasible := false, true
	for _, s := range oa.approx {
		ev := &evals[s]
		if !ev.feasible {
			oa.addFeasibilityCut(s, ev)
			added, feasible = true, false
			continue
		}
		theta := res.X[oa.thetaCol[s]]
		tol := cutTolerance*math.Max(1, math.Max(math.Abs(ev.value), math.Abs(theta))) + cutTolerance*1e-3*math.Abs(res.Objective)
		if theta-ev.value > tol && oa.newPoint(s, cand.build[s]) {
			oa.addCut(s, ev, cand.build[s])
			added = true
		}
		for h, y := range cand.build[s] {
			cand.objective += ev.hallCost[h] * y
		}
		cand.objective += ev.value
	}
	if !feasible || relaxed {
		return nil, added, nil
	}
	return cand, added, nil
}
