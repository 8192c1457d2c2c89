package decomp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/gridflip/gridflip/optimize/model"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/solver"
)

// couplingProblem is the fast path's coupling problem: every site's
// decisions in every scenario, under the rows that couple sites (the
// market cap) and, with a risk weight, the CVaR rows. A decision made now
// has one column for every scenario; a decision made per scenario has a
// column in each. A site enters it in one of three ways (siteKind):
//
//   - kindSets: a column per feasible set of its decisions, worth the
//     set's exact value in each scenario, and Σ x = 1.
//   - kindYearSets: a column w_d per decision, worth its money apart from
//     mining, and per scenario and block k a column u_{k,S} per feasible
//     state S (the halls in service and those under construction), worth
//     the block's mining value, with Σ_S u_{k,S} = 1 and, for every level
//     i of the block's state, Σ_{S∋i} u_{k,S} = Σ_{d counting in i} w_d
//     (model.SiteData.LevelOf). With w integral these rows leave u only
//     the state the decisions make, so u stays continuous.
//   - kindCuts: w_d and per scenario and block a column θ_{k} for the
//     block's mining value M_k, bounded by cuts θ_{k} ≤ M_k(z̄) + g·(z_k − z̄),
//     where z_k are the levels of the block's state (each hall in service,
//     each construction entry), each a sum of decisions, and g a
//     supergradient. M_k is concave in z (every limiter is affine in
//     z and each hour's best value concave and non-decreasing in the
//     capacity available); levels that leave some hour a negative limit
//     are cut off by that limit's own (exact, linear) row. Rounds solve
//     the problem, evaluate each site at the solution and add cuts where θ
//     overestimates, until none does: the bound then equals the value of
//     the solution, which is exact. A MILP first runs rounds on its LP
//     relaxation, whose cuts stay valid.
//
// The objective is (1−λ)·Σ_ω p_ω·V_ω + λ·(η − Σ_ω p_ω·s_ω/α) with
// s_ω ≥ η − V_ω, s_ω ≥ 0 (Rockafellar–Uryasev). docs/model.md, "The exact
// fast path" and "Scenarios", derives each.
type couplingProblem struct {
	r    *decomposedRun
	rows []model.HallRow

	b        *solver.Builder
	setCol   [][]int     // kindSets: the column of each set (nil once decided)
	wCol     [][][]int   // [site][scenario][decision]: the decision's column in the scenario
	uCol     [][][][]int // kindYearSets: [site][scenario][block] the column of each set
	thetaCol [][][]int   // kindCuts: [site][scenario][block] θ
	cutSites []int       // the kindCuts sites
	points   [][][]map[string]bool
	// value[ω] collects V_ω's coefficients over the columns (for the CVaR
	// rows); constant[ω] is the part of V_ω outside the columns: sites
	// decided before the master, and the scenario's outside value.
	value    []model.RowScratch
	constant []float64
	etaCol   int   // η, −1 without CVaR
	excess   []int // s_ω
	// unit is the USD of one unit of the problem's objective: values are
	// divided by it so that the coefficients HiGHS sees stay near 1e3
	// (sites worth billions would otherwise defeat its tolerances).
	unit float64
}

// maxCutRounds bounds the rounds; reaching it is reported as an error.
const maxCutRounds = 2000

// cutTolerance is how far (relative) θ may exceed a site's value before a
// cut is added: HiGHS meets rows to about 1e-9 of their scale, so a
// smaller overestimate is noise, not a missing cut.
const cutTolerance = 1e-9

func newCouplingProblem(r *decomposedRun, rows []model.HallRow) *couplingProblem {
	S, W := len(r.in.Case.Sites), r.scenarios()
	cp := &couplingProblem{r: r, rows: rows, setCol: make([][]int, S), wCol: make([][][]int, S), uCol: make([][][][]int, S),
		thetaCol: make([][][]int, S), points: make([][][]map[string]bool, S), value: make([]model.RowScratch, W),
		constant: append([]float64(nil), r.outside...), etaCol: -1, unit: valueUnit(r),
		b: solver.NewBuilder(r.in.Case.Name+" (coupling)", true, false)}
	return cp
}

// valueUnit is the coupling problem's unit of money: the largest value a
// column can carry ÷ 1000, at least 1 USD.
func valueUnit(r *decomposedRun) float64 {
	var m float64
	for _, v := range r.sites {
		for _, set := range v.sets {
			for _, x := range set.value {
				m = math.Max(m, math.Abs(x))
			}
		}
		for _, vals := range v.values {
			for _, x := range vals {
				m = math.Max(m, math.Abs(x))
			}
		}
		for _, years := range v.yearSets {
			for _, sets := range years {
				for _, set := range sets {
					m = math.Max(m, math.Abs(set.value[0]))
				}
			}
		}
	}
	return math.Max(1, m/1000)
}

// cvar reports whether the problem carries the CVaR part.
func (cp *couplingProblem) cvar() bool { return cp.r.st.RiskWeight > 0 }

// weight is scenario ω's weight in the expectation part of the objective.
func (cp *couplingProblem) weight(w int) float64 {
	return (1 - cp.r.st.RiskWeight) * cp.r.st.Scenarios[w].Probability
}

// addValue adds v USD to column col's objective as part of scenario ω's
// value (in the problem's unit).
func (cp *couplingProblem) addValue(col, w int, v float64) {
	if v == 0 {
		return
	}
	v /= cp.unit
	cp.b.AddCost(col, cp.weight(w)*v)
	if cp.cvar() {
		cp.value[w].Add(int32(col), v)
	}
}

// addThetaValue makes θ (in the problem's unit) part of scenario ω's value.
func (cp *couplingProblem) addThetaValue(col, w int) {
	cp.b.AddCost(col, cp.weight(w))
	if cp.cvar() {
		cp.value[w].Add(int32(col), 1)
	}
}

// newPoint reports whether z is a point not cut at before for site s in
// scenario ω and block k (a cut at the same point cannot tighten
// anything), and records it.
func (cp *couplingProblem) newPoint(s, w, k int, z []float64) bool {
	if cp.points[s] == nil {
		cp.points[s] = make([][]map[string]bool, cp.r.scenarios())
	}
	if cp.points[s][w] == nil {
		cp.points[s][w] = make([]map[string]bool, len(cp.r.blocks[w]))
	}
	if cp.points[s][w][k] == nil {
		cp.points[s][w][k] = map[string]bool{}
	}
	key := fmt.Sprint(z)
	if cp.points[s][w][k][key] {
		return false
	}
	cp.points[s][w][k][key] = true
	return true
}

// siteEval is one kindCuts site evaluated at the master's decisions in one
// scenario.
type siteEval struct {
	s, w     int
	z        [][]float64 // per block: the levels of the block's state
	value    []float64   // per block: M_k(z_k), weighted
	grad     [][]float64 // per block: a supergradient of M_k at z_k
	feasible bool
	// with !feasible: Σ_i a_i·z_{i,cutBlock} ≤ cutB, the limit z breaks
	cutBlock int
	cutA     []float64
	cutB     float64
}

// evaluate computes every block's M_k(z_k) and a supergradient for site s
// in scenario ω at decisions w, or the linear limit they break.
func (cp *couplingProblem) evaluate(pool *model.SitePool, sol *model.SiteSolution, s, w int, dec []float64) siteEval {
	r := cp.r
	sd := pool.Prepare(r.st.Scenarios[w].In, r.blocks[w], s, r.terms, r.noHalls)
	ev := siteEval{s: s, w: w, feasible: true, z: make([][]float64, len(sd.Blocks)), value: make([]float64, len(sd.Blocks)),
		grad: make([][]float64, len(sd.Blocks))}
	sol.Prepare(sd)
	copy(sol.W, dec)
	sol.InService(sd)
	for k, shk := range sd.Hours {
		bs := &sol.Blocks[k]
		ev.z[k] = append([]float64(nil), bs.Z...)
		shk.Available(shk.Lims, bs.Z, &bs.Av, bs.Scratch)
		if !bs.Av.Feasible() {
			t, lim := bs.Av.MinHour, shk.Lims[bs.Av.MinLimiter]
			ev.feasible, ev.cutBlock = false, k
			ev.cutA = make([]float64, len(bs.Z))
			ev.cutB = bs.Av.MinLimit
			for i := range bs.Z {
				sl := lim.Slope(shk, t, i)
				ev.cutA[i] = -sl
				ev.cutB -= sl * bs.Z[i]
			}
			return ev
		}
		wt := shk.Block.Weight
		ev.grad[k] = make([]float64, len(bs.Z))
		ev.value[k] += wt * shk.ConstantUSD()
		for t := range shk.T {
			kt := bs.Av.K[t]
			m, v := shk.BestAt(t, kt)
			ev.value[k] += wt * v
			d := shk.SlopeAbove(t, kt, m)
			if d == 0 || bs.Av.Binding[t] < 0 {
				continue
			}
			lim := shk.Lims[bs.Av.Binding[t]]
			for i := range bs.Z {
				ev.grad[k][i] += wt * d * lim.Slope(shk, t, i)
			}
		}
	}
	return ev
}

// evaluateAll evaluates every kindCuts site in every scenario at
// decisions w[ω][s], in parallel.
func (cp *couplingProblem) evaluateAll(ctx context.Context, w [][][]float64) ([][]siteEval, error) {
	W := cp.r.scenarios()
	out := make([][]siteEval, len(cp.r.in.Case.Sites))
	for _, s := range cp.cutSites {
		out[s] = make([]siteEval, W)
	}
	type state struct {
		pool *model.SitePool
		sol  model.SiteSolution
	}
	err := parallelSites(ctx, len(cp.cutSites)*W, cp.r.opts.WorkerCount(), nil,
		func() *state { return &state{pool: model.NewSitePool(len(cp.r.blocks[0]))} },
		func(st *state, i int) (siteEval, error) {
			s, sc := cp.cutSites[i/W], i%W
			return cp.evaluate(st.pool, &st.sol, s, sc, w[sc][s]), nil
		},
		func(ev siteEval) error {
			out[ev.s][ev.w] = ev
			return nil
		})
	return out, err
}

// build declares the master's columns and fixed rows, and the first cuts
// of every kindCuts site (the tangents at no decisions taken).
func (cp *couplingProblem) build(ctx context.Context) error {
	r := cp.r
	cp.addColumns()
	zero := r.newCouplingResult().w
	evals, err := cp.evaluateAll(ctx, zero)
	if err != nil {
		return err
	}
	var rs model.RowScratch
	for s := range r.sites {
		v := &r.sites[s]
		switch v.kind {
		case kindSets:
			if len(cp.setCol[s]) > 0 {
				cp.addPickRow(&rs, cp.setCol[s])
			}
			continue
		case kindYearSets:
			for w := range r.st.Scenarios {
				cp.addYearRows(&rs, s, w)
			}
		case kindCuts:
			for w := range r.st.Scenarios {
				ev := &evals[s][w]
				if !ev.feasible {
					return &model.InfeasibleError{Conflicts: model.DiagnoseTerms(r.st.Scenarios[w].In, r.terms)}
				}
				for k := range r.blocks[w] {
					cp.addCut(s, w, k, ev)
					cp.newPoint(s, w, k, ev.z[k])
				}
			}
		}
		for _, w := range cp.scenariosOf(v) {
			cp.addSiteRows(&rs, s, w)
		}
	}
	for _, w := range cp.couplingScenarios() {
		for i := range cp.rows {
			if err := cp.addCouplingRow(&cp.rows[i], w); err != nil {
				return err
			}
		}
	}
	cp.addCVaR()
	return nil
}

// scenariosOf lists the scenarios whose copy of a site's rows is needed:
// every scenario when some decision is made per scenario, else the first
// (the rows are then the same in each).
func (cp *couplingProblem) scenariosOf(v *siteValuation) []int {
	if v.hasLate {
		return cp.allScenarios()
	}
	return []int{0}
}

// couplingScenarios lists the scenarios whose coupling rows are needed.
func (cp *couplingProblem) couplingScenarios() []int {
	if cp.r.late {
		return cp.allScenarios()
	}
	return []int{0}
}

func (cp *couplingProblem) allScenarios() []int {
	out := make([]int, cp.r.scenarios())
	for w := range out {
		out[w] = w
	}
	return out
}

// addColumns declares every site's columns and lists the kindCuts sites.
func (cp *couplingProblem) addColumns() {
	r := cp.r
	integer := !r.opts.Relax
	for s := range r.sites {
		v := &r.sites[s]
		switch v.kind {
		case kindSets:
			cp.addSetColumns(s, integer)
			continue
		case kindCuts:
			cp.cutSites = append(cp.cutSites, s)
		}
		cp.addDecisionColumns(s, integer)
		W := r.scenarios()
		cp.uCol[s], cp.thetaCol[s] = make([][][]int, W), make([][]int, W)
		for w := range W {
			cp.uCol[s][w], cp.thetaCol[s][w] = make([][]int, len(r.blocks[w])), make([]int, len(r.blocks[w]))
			for k := range r.blocks[w] {
				if v.kind == kindCuts {
					cp.thetaCol[s][w][k] = cp.b.AddColumn(0, -inf, inf, false)
					cp.addThetaValue(cp.thetaCol[s][w][k], w)
					continue
				}
				for _, set := range v.yearSets[w][k] {
					col := cp.b.AddColumn(0, 0, 1, false)
					cp.uCol[s][w][k] = append(cp.uCol[s][w][k], col)
					cp.addValue(col, w, set.value[0])
				}
			}
		}
	}
}

// addSetColumns declares a kindSets site's set columns; a site left with
// one set is decided and adds its values to the constants.
func (cp *couplingProblem) addSetColumns(s int, integer bool) {
	v := &cp.r.sites[s]
	if len(v.sets) == 1 {
		for w, val := range v.sets[0].value {
			cp.constant[w] += val
		}
		return
	}
	for _, set := range v.sets {
		col := cp.b.AddColumn(0, 0, 1, integer)
		cp.setCol[s] = append(cp.setCol[s], col)
		for w, val := range set.value {
			cp.addValue(col, w, val)
		}
	}
}

// addDecisionColumns declares a site's decision columns: one for every
// scenario when made now, one per scenario otherwise, bounded by signed
// deals and by fixed first-stage decisions.
func (cp *couplingProblem) addDecisionColumns(s int, integer bool) {
	r := cp.r
	v := &r.sites[s]
	var fixed []float64
	if r.st.Fixed != nil {
		fixed = r.fixedDecisions(s, v.decisions)
	}
	W := r.scenarios()
	cp.wCol[s] = make([][]int, W)
	for w := range W {
		cp.wCol[s][w] = make([]int, len(v.decisions))
	}
	for d, dec := range v.decisions {
		lower, upper := 0.0, 1.0
		if dec.Fixed {
			lower = 1
		}
		if fixed != nil && fixed[d] >= 0 {
			lower, upper = fixed[d], fixed[d]
		}
		shared := -1
		for w := range W {
			if !v.late[d] && shared >= 0 {
				cp.wCol[s][w][d] = shared
			} else {
				cp.wCol[s][w][d] = cp.b.AddColumn(0, lower, upper, integer)
				shared = cp.wCol[s][w][d]
			}
			cp.addValue(cp.wCol[s][w][d], w, v.values[w][d])
		}
	}
}

// addPickRow adds Σ x = 1 over the columns.
func (cp *couplingProblem) addPickRow(rs *model.RowScratch, cols []int) {
	rs.Reset()
	for _, col := range cols {
		rs.Add(int32(col), 1)
	}
	cp.b.AddRow(1, 1, rs.Cols, rs.Vals)
}

// addYearRows adds a kindYearSets site's rows in scenario ω: one state
// per block, and each level of the chosen state on exactly when the
// decisions that count in it are taken (a hall in service, or under
// construction).
func (cp *couplingProblem) addYearRows(rs *model.RowScratch, s, w int) {
	v := &cp.r.sites[s]
	for k, sets := range v.yearSets[w] {
		cp.addPickRow(rs, cp.uCol[s][w][k])
		var ready uint64
		for _, set := range sets {
			ready |= set.mask
		}
		for _, i := range v.levelOf[k] {
			if i >= 0 {
				ready |= 1 << i
			}
		}
		for i := 0; ready>>i != 0; i++ {
			if ready>>i&1 == 0 {
				continue
			}
			rs.Reset()
			for j, set := range sets {
				if set.mask>>i&1 == 1 {
					rs.Add(int32(cp.uCol[s][w][k][j]), 1)
				}
			}
			for d, lv := range v.levelOf[k] {
				if lv == i {
					rs.Add(int32(cp.wCol[s][w][d]), -1)
				}
			}
			cp.b.AddRow(0, 0, rs.Cols, rs.Vals)
		}
	}
}

// addSiteRows adds a site's rows over its decision columns in scenario ω.
func (cp *couplingProblem) addSiteRows(rs *model.RowScratch, s, w int) {
	for _, row := range cp.r.sites[s].rows {
		rs.Reset()
		for d, v := range row.Coef {
			if v != 0 {
				rs.Add(int32(cp.wCol[s][w][d]), v)
			}
		}
		cp.b.AddRow(row.Lower, row.Upper, rs.Cols, rs.Vals)
	}
}

// addCouplingRow adds a row that couples sites in scenario ω: over the set
// columns of kindSets sites, the decision columns of the others, with the
// decided sites' part moved to the bounds.
func (cp *couplingProblem) addCouplingRow(row *model.HallRow, w int) error {
	r := cp.r
	var rs model.RowScratch
	lower, upper := row.Lower, row.Upper
	for s := range r.sites {
		v := &r.sites[s]
		switch {
		case v.kind == kindSets && len(cp.setCol[s]) == 0:
			c := setCoupling(row, s, v.sets[0].mask)
			lower, upper = lower-c, upper-c
		case v.kind == kindSets:
			for i, set := range v.sets {
				if c := setCoupling(row, s, set.mask); c != 0 {
					rs.Add(int32(cp.setCol[s][i]), c)
				}
			}
		default:
			for d, c := range row.Coef[s] {
				if c != 0 {
					rs.Add(int32(cp.wCol[s][w][d]), c)
				}
			}
		}
	}
	if len(rs.Cols) == 0 {
		if lower > model.FeasibilityTolerance*math.Max(1, math.Abs(row.Lower)) || upper < -model.FeasibilityTolerance*math.Max(1, math.Abs(row.Upper)) {
			return &model.InfeasibleError{Conflicts: model.DiagnoseTerms(r.in, r.terms)}
		}
		return nil
	}
	cp.b.AddRow(lower, upper, rs.Cols, rs.Vals)
	return nil
}

// addCVaR adds η, the excess s_ω and the rows s_ω − η + V_ω ≥ −constant_ω.
func (cp *couplingProblem) addCVaR() {
	if !cp.cvar() {
		return
	}
	st := cp.r.st
	cp.etaCol = cp.b.AddColumn(st.RiskWeight, -inf, inf, false)
	for w, sc := range st.Scenarios {
		col := cp.b.AddColumn(-st.RiskWeight*sc.Probability/st.CVaRAlpha, 0, inf, false)
		cp.excess = append(cp.excess, col)
		rs := &cp.value[w]
		rs.Add(int32(col), 1)
		rs.Add(int32(cp.etaCol), -1)
		cp.b.AddRow(-cp.constant[w]/cp.unit, inf, rs.Cols, rs.Vals)
	}
}

// addCut adds θ_{s,ω,k} ≤ M_k(z̄) + g·(z_k − z̄) for the evaluation ev,
// with each level of z_k written over the decisions that count in it in
// block k (in the problem's unit).
func (cp *couplingProblem) addCut(s, w, k int, ev *siteEval) {
	var rs model.RowScratch
	rhs := ev.value[k]
	rs.Add(int32(cp.thetaCol[s][w][k]), 1)
	for i, g := range ev.grad[k] {
		rhs -= g * ev.z[k][i]
	}
	for d, i := range cp.r.sites[s].levelOf[k] {
		if i < 0 {
			continue
		}
		if g := ev.grad[k][i]; g != 0 {
			rs.Add(int32(cp.wCol[s][w][d]), -g/cp.unit)
		}
	}
	cp.b.AddRow(-inf, rhs/cp.unit, rs.Cols, rs.Vals)
}

// addFeasibilityCut adds the limit an infeasible point breaks.
func (cp *couplingProblem) addFeasibilityCut(s int, ev *siteEval) {
	var rs model.RowScratch
	for d, i := range cp.r.sites[s].levelOf[ev.cutBlock] {
		if i < 0 {
			continue
		}
		if a := ev.cutA[i]; a != 0 {
			rs.Add(int32(cp.wCol[s][ev.w][d]), a)
		}
	}
	cp.b.AddRow(-inf, ev.cutB, rs.Cols, rs.Vals)
}

// objectiveConstant is the objective's part outside the columns.
func (cp *couplingProblem) objectiveConstant() float64 {
	var c float64
	for w := range cp.r.st.Scenarios {
		c += cp.weight(w) * cp.constant[w]
	}
	return c
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
		cand.status, cand.termination, cand.buildSeconds = solver.Optimal, "optimal", c.buildSeconds
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
			if errors.Is(err, errTimeUp) || (err == nil && res.Termination == solver.TerminationTimeLimit && res.HasSolution() && !relaxed) {
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
	return nil, model.InternalErrorf("coupling problem: the rounds ended without a solution")
}

// errTimeUp is returned by solveMaster when the time limit has passed.
var errTimeUp = errors.New("time limit")

// solveMaster solves the master problem as it stands (its LP relaxation
// when relaxed) and returns the solution and its bound on the plan's value.
func (cp *couplingProblem) solveMaster(ctx context.Context, sv solver.Solver, c *couplingResult, opts solver.Options,
	deadline time.Time, relaxed bool) (*solver.Result, float64, error) {
	if c.rounds >= maxCutRounds {
		return nil, 0, fmt.Errorf("coupling problem: no convergence after %d rounds of cuts: %w", c.rounds, model.ErrNoSolution)
	}
	c.rounds++
	p, err := cp.b.Problem()
	if err != nil {
		return nil, 0, model.InternalErrorf("coupling problem: %v", err)
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
	if err := model.CheckStatus(ctx, cp.r.in, cp.r.terms, "solving the coupling problem", res, err); err != nil {
		return nil, 0, err
	}
	c.seconds += res.SolveSeconds
	c.columns, c.rows = p.NumCols(), p.NumRows()
	bound := res.Objective
	if p.IsMIP() && !math.IsNaN(res.MIPDualBound) && !math.IsInf(res.MIPDualBound, 0) {
		bound = res.MIPDualBound
	}
	return res, bound*cp.unit + cp.objectiveConstant(), nil
}

// finish records the run's statistics in the result.
func (cp *couplingProblem) finish(best, c *couplingResult, bound float64) {
	best.rows, best.columns, best.rounds = c.rows, c.columns, c.rounds
	best.seconds, best.buildSeconds = c.seconds, c.buildSeconds
	best.status, best.termination = solver.Optimal, "optimal"
	best.gap = math.Max(0, bound-best.objective) / math.Max(1, math.Abs(bound))
}

// timedOut returns the best solution found when the time limit ran out.
func (cp *couplingProblem) timedOut(best, c *couplingResult) (*couplingResult, error) {
	if best == nil {
		return nil, fmt.Errorf("coupling problem: time limit reached after %d rounds: %w", c.rounds, model.ErrNoSolution)
	}
	best.rows, best.columns, best.rounds = c.rows, c.columns, c.rounds
	best.seconds, best.buildSeconds = c.seconds, c.buildSeconds
	best.status, best.termination = solver.Outcome{Termination: solver.TerminationTimeLimit, Primal: solver.FeasiblePoint}, "time limit"
	return best, nil
}

// round reads the master's solution, evaluates the kindCuts sites there
// and adds the cuts it needs. It returns the solution's decisions and true
// value when every site is feasible there (nil otherwise, and in the LP
// phase), and whether any cut was added.
func (cp *couplingProblem) round(ctx context.Context, res *solver.Result, relaxed bool) (*couplingResult, bool, error) {
	r := cp.r
	W := r.scenarios()
	cand := r.newCouplingResult()
	values := append([]float64(nil), r.outside...)
	integral := !relaxed && !r.opts.Relax
	for s := range r.sites {
		if err := cp.readSite(s, res.X, integral, cand, values); err != nil {
			return nil, false, err
		}
	}
	evals, err := cp.evaluateAll(ctx, cand.w)
	if err != nil {
		return nil, false, err
	}
	added, feasible := false, true
	for _, s := range cp.cutSites {
		for w := range W {
			ev := &evals[s][w]
			if !ev.feasible {
				cp.addFeasibilityCut(s, ev)
				added, feasible = true, false
				continue
			}
			for k := range r.blocks[w] {
				theta := res.X[cp.thetaCol[s][w][k]] * cp.unit
				tol := cutTolerance*math.Max(1, math.Max(math.Abs(ev.value[k]), math.Abs(theta))) + cutTolerance*1e-3*math.Abs(res.Objective*cp.unit)
				if theta-ev.value[k] > tol && cp.newPoint(s, w, k, ev.z[k]) {
					cp.addCut(s, w, k, ev)
					added = true
				}
				values[w] += ev.value[k]
			}
		}
	}
	if !feasible || relaxed {
		return nil, added, nil
	}
	probs := make([]float64, W)
	for w, sc := range r.st.Scenarios {
		probs[w] = sc.Probability
	}
	cand.objective, _, _ = plan.Metric(values, probs, r.st.RiskWeight, r.st.CVaRAlpha)
	return cand, added, nil
}

// readSite reads site s's decisions from the master's solution x into
// cand and adds what they are worth (mining aside for kindCuts sites) to
// each scenario's value.
func (cp *couplingProblem) readSite(s int, x []float64, integral bool, cand *couplingResult, values []float64) error {
	r := cp.r
	v := &r.sites[s]
	if v.kind == kindSets {
		set := cp.chosenSet(s, x)
		for w := range cand.w {
			maskBuild(set.in(w), cand.w[w][s])
			values[w] += set.value[w]
		}
		return nil
	}
	for w := range cand.w {
		for d, col := range cp.wCol[s][w] {
			level := math.Min(1, math.Max(0, x[col]))
			if integral {
				level = math.Round(level)
			}
			cand.w[w][s][d] = level
			values[w] += v.values[w][d] * level
		}
		if v.kind == kindYearSets && integral {
			value, err := yearSetsValue(v, w, cand.w[w][s])
			if err != nil {
				return err
			}
			values[w] += value
		}
	}
	return nil
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

// yearSetsValue is a kindYearSets site's mining value in scenario ω for
// integral decisions w: each block's value of the set then in service.
func yearSetsValue(v *siteValuation, sc int, w []float64) (float64, error) {
	var sum float64
	for k, sets := range v.yearSets[sc] {
		mask := levelMask(v.levelOf[k], w)
		found := false
		for _, set := range sets {
			if set.mask == mask {
				sum += set.value[0]
				found = true
				break
			}
		}
		if !found {
			return 0, model.InternalErrorf("coupling problem: site %d puts halls %b in service in block %d, a set that does not fit", v.s, mask, k)
		}
	}
	return sum, nil
}
