package optimize

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/gridflip/gridflip/solver"
)

// couplingProblem is the fast path's coupling problem: every site's
// decisions under the rows that couple sites (the market cap). A site
// enters it in one of three ways (siteKind):
//
//   - kindSets: a column per feasible set of its decisions, worth the
//     set's exact value, and Σ x = 1.
//   - kindYearSets: a column w_d per decision, worth its money apart from
//     mining, and per block k a column u_{k,S} per feasible set S of halls
//     in service, worth the block's mining value, with
//     Σ_S u_{k,S} = 1 and Σ_{S∋h} u_{k,S} = Σ_{d of h, start ≤ k} w_d.
//     With w integral these rows leave u only the set in service, so u
//     stays continuous.
//   - kindCuts: w_d and per block a column θ_{s,k} for the block's mining
//     value M_k, bounded by cuts θ_{s,k} ≤ M_k(z̄) + g·(z_k − z̄), where
//     z_k = Σ_{d, start ≤ k} w_d is the level of each hall in service and
//     g a supergradient. M_k is concave in z (every limiter is affine in
//     z and each hour's best value concave and non-decreasing in the
//     capacity available); levels that leave some hour a negative limit
//     are cut off by that limit's own (exact, linear) row. Rounds solve
//     the problem, evaluate each site at the solution and add cuts where
//     θ overestimates, until none does: the bound then equals the value of
//     the solution, which is exact. A MILP first runs rounds on its LP
//     relaxation, whose cuts stay valid.
//
// docs/model.md, "The exact fast path", derives each.
type couplingProblem struct {
	r    *decomposedRun
	rows []hallRow

	b        *solver.Builder
	setCol   [][]int   // kindSets: the column of each set (nil once decided)
	wCol     [][]int   // kindYearSets, kindCuts: the column of each decision
	uCol     [][][]int // kindYearSets: per block, the column of each set
	thetaCol [][]int   // kindCuts: per block, θ_{s,k}
	cutSites []int     // the kindCuts sites
	points   [][]map[string]bool
	// fixedValue is the value of the sites decided before the master
	// (one set left): they have no columns.
	fixedValue float64
}

// maxCutRounds bounds the rounds; reaching it is reported as an error.
const maxCutRounds = 2000

// cutTolerance is how far (relative) θ may exceed a site's value before a
// cut is added: HiGHS meets rows to about 1e-9 of their scale, so a
// smaller overestimate is noise, not a missing cut.
const cutTolerance = 1e-9

func newCouplingProblem(r *decomposedRun, rows []hallRow) *couplingProblem {
	S := len(r.in.Case.Sites)
	return &couplingProblem{r: r, rows: rows, setCol: make([][]int, S), wCol: make([][]int, S), uCol: make([][][]int, S),
		thetaCol: make([][]int, S), points: make([][]map[string]bool, S), b: solver.NewBuilder(r.in.Case.Name+" (coupling)", true, false)}
}

// newPoint reports whether z is a point not cut at before for site s in
// block k (a cut at the same point cannot tighten anything), and records it.
func (cp *couplingProblem) newPoint(s, k int, z []float64) bool {
	if cp.points[s] == nil {
		cp.points[s] = make([]map[string]bool, len(cp.r.blocks))
	}
	if cp.points[s][k] == nil {
		cp.points[s][k] = map[string]bool{}
	}
	key := fmt.Sprint(z)
	if cp.points[s][k][key] {
		return false
	}
	cp.points[s][k][key] = true
	return true
}

// siteEval is one kindCuts site evaluated at the master's decisions.
type siteEval struct {
	s        int
	z        [][]float64 // per block: the halls' levels in service
	value    []float64   // per block: M_k(z_k), weighted
	grad     [][]float64 // per block: a supergradient of M_k at z_k
	feasible bool
	// with !feasible: Σ_h a_h·z_{h,cutBlock} ≤ cutB, the limit z breaks
	cutBlock int
	cutA     []float64
	cutB     float64
}

// evaluate computes every block's M_k(z_k) and a supergradient for site s
// at decisions w, or the linear limit they break.
func (cp *couplingProblem) evaluate(pool *sitePool, sol *siteSolution, s int, w []float64) siteEval {
	r := cp.r
	sd := pool.prepare(r.in, r.blocks, s, r.terms, r.noHalls)
	ev := siteEval{s: s, feasible: true, z: make([][]float64, len(sd.blocks)), value: make([]float64, len(sd.blocks)),
		grad: make([][]float64, len(sd.blocks))}
	sol.prepare(sd)
	copy(sol.w, w)
	sol.inService(sd)
	for k, shk := range sd.hours {
		bs := &sol.blocks[k]
		ev.z[k] = append([]float64(nil), bs.z...)
		shk.available(shk.lims, bs.z, &bs.av, bs.scratch)
		if !bs.av.feasible() {
			t, lim := bs.av.minHour, shk.lims[bs.av.minLimiter]
			ev.feasible, ev.cutBlock = false, k
			ev.cutA = make([]float64, sd.halls)
			ev.cutB = bs.av.minLimit
			for h := range sd.halls {
				sl := lim.slope(shk, t, h)
				ev.cutA[h] = -sl
				ev.cutB -= sl * bs.z[h]
			}
			return ev
		}
		wt := shk.b.weight
		ev.grad[k] = make([]float64, sd.halls)
		for t := range shk.T {
			kt := bs.av.k[t]
			m, v := shk.bestAt(t, kt)
			ev.value[k] += wt * v
			d := shk.slopeAbove(t, kt, m)
			if d == 0 || bs.av.binding[t] < 0 {
				continue
			}
			lim := shk.lims[bs.av.binding[t]]
			for h := range sd.halls {
				ev.grad[k][h] += wt * d * lim.slope(shk, t, h)
			}
		}
	}
	return ev
}

// evaluateAll evaluates every kindCuts site at w in parallel.
func (cp *couplingProblem) evaluateAll(ctx context.Context, w [][]float64) ([]siteEval, error) {
	out := make([]siteEval, len(cp.r.in.Case.Sites))
	type state struct {
		pool *sitePool
		sol  siteSolution
	}
	err := parallelSites(ctx, len(cp.cutSites), cp.r.opts.workers(),
		func() *state { return &state{pool: newSitePool(len(cp.r.blocks))} },
		func(st *state, i int) (siteEval, error) {
			s := cp.cutSites[i]
			return cp.evaluate(st.pool, &st.sol, s, w[s]), nil
		},
		func(ev siteEval) error {
			out[ev.s] = ev
			return nil
		})
	return out, err
}

// build declares the master's columns and fixed rows, and the first cuts
// of every kindCuts site (the tangents at no decisions taken).
func (cp *couplingProblem) build(ctx context.Context) error {
	r := cp.r
	cp.addColumns()
	zero := make([][]float64, len(r.sites))
	for _, s := range cp.cutSites {
		zero[s] = make([]float64, len(r.sites[s].decisions))
	}
	evals, err := cp.evaluateAll(ctx, zero)
	if err != nil {
		return err
	}
	var rs rowScratch
	for s := range r.sites {
		switch r.sites[s].kind {
		case kindSets:
			if len(cp.setCol[s]) > 0 {
				cp.addPickRow(&rs, cp.setCol[s])
			}
		case kindYearSets:
			cp.addYearRows(&rs, s)
			cp.addSiteRows(&rs, s)
		case kindCuts:
			ev := &evals[s]
			if !ev.feasible {
				return &InfeasibleError{Conflicts: diagnose(r.in, r.terms)}
			}
			cp.addSiteRows(&rs, s)
			for k := range r.blocks {
				cp.addCut(s, k, ev)
				cp.newPoint(s, k, ev.z[k])
			}
		}
	}
	for i := range cp.rows {
		if err := cp.addCouplingRow(&cp.rows[i]); err != nil {
			return err
		}
	}
	return nil
}

// addColumns declares every site's columns and lists the kindCuts sites.
func (cp *couplingProblem) addColumns() {
	r := cp.r
	integer := !r.opts.Relax
	for s := range r.sites {
		v := &r.sites[s]
		switch v.kind {
		case kindSets:
			if len(v.sets) == 1 {
				cp.fixedValue += v.sets[0].value
				continue
			}
			for _, set := range v.sets {
				cp.setCol[s] = append(cp.setCol[s], cp.b.AddColumn(set.value, 0, 1, integer))
			}
			continue
		case kindCuts:
			cp.cutSites = append(cp.cutSites, s)
		}
		for d, dec := range v.decisions {
			lower := 0.0
			if dec.fixed {
				lower = 1
			}
			cp.wCol[s] = append(cp.wCol[s], cp.b.AddColumn(v.values[d], lower, 1, integer))
		}
		cp.uCol[s] = make([][]int, len(r.blocks))
		cp.thetaCol[s] = make([]int, len(r.blocks))
		for k := range r.blocks {
			if v.kind == kindCuts {
				cp.thetaCol[s][k] = cp.b.AddColumn(1, -inf, inf, false)
				continue
			}
			for _, set := range v.yearSets[k] {
				cp.uCol[s][k] = append(cp.uCol[s][k], cp.b.AddColumn(set.value, 0, 1, false))
			}
		}
	}
}

// addPickRow adds Σ x = 1 over the columns.
func (cp *couplingProblem) addPickRow(rs *rowScratch, cols []int) {
	rs.reset()
	for _, col := range cols {
		rs.add(int32(col), 1)
	}
	cp.b.AddRow(1, 1, rs.cols, rs.vals)
}

// addYearRows adds a kindYearSets site's rows: one set in service per
// block, and each hall in the chosen set exactly when its decisions have
// put it in service.
func (cp *couplingProblem) addYearRows(rs *rowScratch, s int) {
	v := &cp.r.sites[s]
	for k, sets := range v.yearSets {
		cp.addPickRow(rs, cp.uCol[s][k])
		var ready uint64
		for _, set := range sets {
			ready |= set.mask
		}
		for _, dec := range v.decisions {
			if dec.start <= k {
				ready |= 1 << dec.hall
			}
		}
		for h := 0; ready>>h != 0; h++ {
			if ready>>h&1 == 0 {
				continue
			}
			rs.reset()
			for i, set := range sets {
				if set.mask>>h&1 == 1 {
					rs.add(int32(cp.uCol[s][k][i]), 1)
				}
			}
			for d, dec := range v.decisions {
				if dec.hall == h && dec.start <= k {
					rs.add(int32(cp.wCol[s][d]), -1)
				}
			}
			cp.b.AddRow(0, 0, rs.cols, rs.vals)
		}
	}
}

// addSiteRows adds a site's rows over its decision columns.
func (cp *couplingProblem) addSiteRows(rs *rowScratch, s int) {
	for _, row := range cp.r.sites[s].rows {
		rs.reset()
		for d, v := range row.coef {
			if v != 0 {
				rs.add(int32(cp.wCol[s][d]), v)
			}
		}
		cp.b.AddRow(row.lower, row.upper, rs.cols, rs.vals)
	}
}

// addCouplingRow adds a row that couples sites: over the set columns of
// kindSets sites, the decision columns of the others, with the decided
// sites' part moved to the bounds.
func (cp *couplingProblem) addCouplingRow(row *hallRow) error {
	r := cp.r
	var rs rowScratch
	lower, upper := row.lower, row.upper
	for s := range r.sites {
		v := &r.sites[s]
		switch {
		case v.kind == kindSets && len(cp.setCol[s]) == 0:
			c := setCoupling(row, s, v.sets[0].mask)
			lower, upper = lower-c, upper-c
		case v.kind == kindSets:
			for i, set := range v.sets {
				if c := setCoupling(row, s, set.mask); c != 0 {
					rs.add(int32(cp.setCol[s][i]), c)
				}
			}
		default:
			for d, c := range row.coef[s] {
				if c != 0 {
					rs.add(int32(cp.wCol[s][d]), c)
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
	cp.b.AddRow(lower, upper, rs.cols, rs.vals)
	return nil
}

// addCut adds θ_{s,k} ≤ M_k(z̄) + g·(z_k − z̄) for the evaluation ev, with
// z_k written over the decisions that put each hall in service by block k.
func (cp *couplingProblem) addCut(s, k int, ev *siteEval) {
	var rs rowScratch
	rhs := ev.value[k]
	rs.add(int32(cp.thetaCol[s][k]), 1)
	for h, g := range ev.grad[k] {
		rhs -= g * ev.z[k][h]
	}
	for d, dec := range cp.r.sites[s].decisions {
		if g := ev.grad[k][dec.hall]; g != 0 && dec.start <= k {
			rs.add(int32(cp.wCol[s][d]), -g)
		}
	}
	cp.b.AddRow(-inf, rhs, rs.cols, rs.vals)
}

// addFeasibilityCut adds the limit an infeasible point breaks.
func (cp *couplingProblem) addFeasibilityCut(s int, ev *siteEval) {
	var rs rowScratch
	for d, dec := range cp.r.sites[s].decisions {
		if a := ev.cutA[dec.hall]; a != 0 && dec.start <= ev.cutBlock {
			rs.add(int32(cp.wCol[s][d]), a)
		}
	}
	cp.b.AddRow(-inf, ev.cutB, rs.cols, rs.vals)
}

// solve runs the rounds (LP relaxation first for a MILP) and returns the
// decisions of the best solution found.
func (cp *couplingProblem) solve(ctx context.Context, sv solver.Solver) (*couplingResult, error) {
	r := cp.r
	began := time.Now()
	if err := cp.build(ctx); err != nil {
		return nil, err
	}
	c := &couplingResult{buildSeconds: time.Since(began).Seconds()}
	if cp.b.NumCols() == 0 {
		// Every site was decided before the master: nothing is left to solve.
		cand, _, err := cp.round(ctx, &solver.Result{}, false)
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
	if !r.opts.Relax && len(cp.cutSites) > 0 {
		phases = []bool{true, false} // LP rounds first: their cuts stay valid
	}
	var best *couplingResult
	for _, relaxed := range phases {
		for {
			res, bound, err := cp.solveMaster(ctx, sv, c, opts, deadline, relaxed)
			if errors.Is(err, errTimeUp) || (err == nil && res.Status == solver.StatusTimeLimitFeasible && !relaxed) {
				return cp.timedOut(best, c)
			}
			if err != nil {
				return nil, err
			}
			cand, added, err := cp.round(ctx, res, relaxed)
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
			cp.finish(best, c, bound)
			return best, nil
		}
	}
	return nil, internalError("coupling problem: the rounds ended without a solution")
}

// errTimeUp is returned by solveMaster when the time limit has passed.
var errTimeUp = errors.New("time limit")

// solveMaster solves the master problem as it stands (its LP relaxation
// when relaxed) and returns the solution and its bound on the plan's value.
func (cp *couplingProblem) solveMaster(ctx context.Context, sv solver.Solver, c *couplingResult, opts solver.Options,
	deadline time.Time, relaxed bool) (*solver.Result, float64, error) {
	if c.rounds >= maxCutRounds {
		return nil, 0, fmt.Errorf("coupling problem: no convergence after %d rounds of cuts: %w", c.rounds, ErrNoSolution)
	}
	c.rounds++
	p, err := cp.b.Problem()
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
	if err := checkStatus(ctx, cp.r.in, cp.r.terms, "solving the coupling problem", res, err); err != nil {
		return nil, 0, err
	}
	c.seconds += res.SolveSeconds
	c.columns, c.rows = p.NumCols(), p.NumRows()
	c.solverName, c.solverVersion = res.Solver, res.Version
	bound := res.Objective
	if p.IsMIP() && !math.IsNaN(res.MIPDualBound) && !math.IsInf(res.MIPDualBound, 0) {
		bound = res.MIPDualBound
	}
	return res, bound + cp.fixedValue, nil
}

// finish records the run's statistics in the result.
func (cp *couplingProblem) finish(best, c *couplingResult, bound float64) {
	best.rows, best.columns, best.rounds = c.rows, c.columns, c.rounds
	best.seconds, best.buildSeconds = c.seconds, c.buildSeconds
	best.solverName, best.solverVersion = c.solverName, c.solverVersion
	best.status, best.termination = solver.StatusOptimal, "optimal"
	best.gap = math.Max(0, bound-best.objective) / math.Max(1, math.Abs(bound))
}

// timedOut returns the best solution found when the time limit ran out.
func (cp *couplingProblem) timedOut(best, c *couplingResult) (*couplingResult, error) {
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
// round reads the master's solution, evaluates the kindCuts sites there
// and adds the cuts it needs. It returns the solution's decisions and true
// value when every site is feasible there (nil otherwise, and in the LP
// phase), and whether any cut was added.
func (cp *couplingProblem) round(ctx context.Context, res *solver.Result, relaxed bool) (*couplingResult, bool, error) {
	r := cp.r
	cand := &couplingResult{w: make([][]float64, len(r.sites))}
	integral := !relaxed && !r.opts.Relax
	for s := range r.sites {
		v := &r.sites[s]
		cand.w[s] = make([]float64, len(v.decisions))
		if v.kind == kindSets {
			set := cp.chosenSet(s, res.X)
			maskBuild(set.mask, cand.w[s])
			cand.objective += set.value
			continue
		}
		for d, col := range cp.wCol[s] {
			w := math.Min(1, math.Max(0, res.X[col]))
			if integral {
				w = math.Round(w)
			}
			cand.w[s][d] = w
			cand.objective += v.values[d] * w
		}
		if v.kind == kindYearSets && integral {
			value, err := yearSetsValue(v, cand.w[s])
			if err != nil {
				return nil, false, err
			}
			cand.objective += value
		}
	}
	evals, err := cp.evaluateAll(ctx, cand.w)
	if err != nil {
		return nil, false, err
	}
	added, feasible := false, true
	for _, s := range cp.cutSites {
		ev := &evals[s]
		if !ev.feasible {
			cp.addFeasibilityCut(s, ev)
			added, feasible = true, false
			continue
		}
		for k := range r.blocks {
			theta := res.X[cp.thetaCol[s][k]]
			tol := cutTolerance*math.Max(1, math.Max(math.Abs(ev.value[k]), math.Abs(theta))) + cutTolerance*1e-3*math.Abs(res.Objective)
			if theta-ev.value[k] > tol && cp.newPoint(s, k, ev.z[k]) {
				cp.addCut(s, k, ev)
				added = true
			}
			cand.objective += ev.value[k]
		}
	}
	if !feasible || relaxed {
		return nil, added, nil
	}
	return cand, added, nil
}

// chosenSet is the set a kindSets site takes in the master's solution x
// (its only set once decided).
func (cp *couplingProblem) chosenSet(s int, x []float64) hallSet {
	sets := cp.r.sites[s].sets
	if len(cp.setCol[s]) == 0 {
		return sets[0]
	}
	best, bestX := 0, -1.0
	for i, col := range cp.setCol[s] {
		if x[col] > bestX {
			best, bestX = i, x[col]
		}
	}
	return sets[best]
}

// yearSetsValue is a kindYearSets site's mining value for integral
// decisions w: each block's value of the set then in service.
func yearSetsValue(v *siteValuation, w []float64) (float64, error) {
	var sum float64
	for k, sets := range v.yearSets {
		mask := hallMask(v.decisions, w, k)
		found := false
		for _, set := range sets {
			if set.mask == mask {
				sum += set.value
				found = true
				break
			}
		}
		if !found {
			return 0, internalError("coupling problem: site %d puts halls %b in service in block %d, a set that does not fit", v.s, mask, k)
		}
	}
	return sum, nil
}
