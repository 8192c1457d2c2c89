package model

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/solver"
)

// LargeModelColumns is the size from which the monolithic method switches
// HiGHS's LP algorithm to interior point when the caller left it on auto:
// on the 10-site year (87,650 columns) interior point solved the LP
// relaxation in 23 s against 43 s for dual simplex, and the MILP in 30 s
// against 69 s with interior point for the LPs inside branch and bound
// (docs/performance.md, "Choosing the LP algorithm"). Small models stay on dual simplex.
const LargeModelColumns = 20000

// TunedOptions fills in the LP algorithm for the problem's size when unset:
// the options the monolithic method hands HiGHS.
func TunedOptions(o solver.Options, p *solver.Problem) solver.Options {
	if p.NumCols() < LargeModelColumns {
		return o
	}
	if p.IsMIP() && o.MIPLPMethod == solver.MethodAuto {
		o.MIPLPMethod = solver.MethodIPM
	}
	if !p.IsMIP() && o.Method == solver.MethodAuto {
		o.Method = solver.MethodIPM
	}
	return o
}

// CheckStatus maps a solve's status to an error: infeasible, no solution,
// or interrupted.
func CheckStatus(ctx context.Context, in *Inputs, terms []Term, what string, res *solver.Result, err error) error {
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w", what, ctx.Err())
		}
		return fmt.Errorf("%s: %w", what, err)
	}
	switch res.Termination {
	case solver.TerminationOptimal, solver.TerminationTimeLimit:
	case solver.TerminationInfeasible:
		return &InfeasibleError{Conflicts: DiagnoseTerms(in, terms)}
	case solver.TerminationInterrupted:
		return fmt.Errorf("%s: %w", what, context.Canceled)
	default:
		return fmt.Errorf("%s: %s (%s): %w", what, res.Outcome(), res.Detail, ErrNoSolution)
	}
	if !res.HasSolution() {
		return fmt.Errorf("%s: %s without a solution: %w", what, res.Outcome(), ErrNoSolution)
	}
	return nil
}

// SolveMonolithic builds the whole model, solves it with HiGHS (which
// verifies the primal point against every row) and extracts the plan.
func SolveMonolithic(ctx context.Context, sv solver.Solver, in *Inputs, opts Settings, terms []Term, noHalls bool) (*plan.Plan, error) {
	log := opts.Log()
	m, err := Build(in, BuildOptions{Relax: opts.Relax, NoHalls: noHalls, Terms: terms})
	if err != nil {
		return nil, err
	}
	p := m.Problem
	log.Info("solving the monolithic model", "columns", p.NumCols(), "rows", p.NumRows(), "nonzeros", p.NumNonzeros(), "integer", p.NumIntegers())
	res, err := sv.Solve(ctx, p, TunedOptions(opts.Solver, p))
	if err := CheckStatus(ctx, in, terms, fmt.Sprintf("solving %q", p.Name), res, err); err != nil {
		return nil, err
	}
	began := time.Now()
	var duals []float64
	var dualSeconds float64
	if ok, _ := Decomposable(in, terms); !ok || opts.LPDuals {
		if duals, dualSeconds, err = m.interconnectDuals(ctx, sv, res.X, opts.Solver); err != nil {
			return nil, err
		}
	}
	pl, err := m.extractPlan(ctx, res, duals)
	if err != nil {
		return nil, err
	}
	pl.Method = plan.MethodMonolithic
	pl.Solver.InterconnectSolveSeconds = dualSeconds
	pl.Solver.VerifySeconds = time.Since(began).Seconds()
	log.Info("solved", "status", res.Outcome(), "objective_usd", pl.ObjectiveUSD, "seconds", res.SolveSeconds)
	return pl, nil
}

// extractPlan turns the monolithic solution of a deterministic model into
// a plan. duals, when not nil, replace the closed-form interconnection
// values (for terms without a closed form).
func (m *Model) extractPlan(ctx context.Context, res *solver.Result, duals []float64) (*plan.Plan, error) {
	pl, err := m.extractScenario(ctx, 0, res, duals)
	if err != nil {
		return nil, err
	}
	pl.ObjectiveUSD = m.Problem.Objective(res.X)
	pl.Solver.ObjectiveRecomputedUSD = pl.ObjectiveUSD
	return pl, nil
}

// extractScenario turns scenario w's part of the monolithic solution into
// its plan, each site's objective recomputed from its columns at their
// costs before the scenario's weight.
func (m *Model) extractScenario(ctx context.Context, w int, res *solver.Result, duals []float64) (*plan.Plan, error) {
	ms := &m.scenarios[w]
	pa := NewPlanAssembler(ms.in, ms.blocks, res.Outcome())
	pool := NewSitePool(len(ms.blocks))
	var sol SiteSolution
	for s := range m.In.Case.Sites {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sm := m.siteModel(w, s, nil, pool)
		readSolution(sm, m.terms, res.X, &sol)
		r := &SiteResult{s: s, sp: extractSite(sm.sd, m.terms, &sol)}
		if duals != nil {
			r.sp.InterconnectValueUSDPerMWYear = m.dualValue(s, duals)
		}
		ix := &ms.sites[s]
		r.objective = m.rawObjective(res.X, ix.firstCol, ix.endCol)
		setLoadFigures(r, sm.sd, &sol)
		if err := pa.Add(r); err != nil {
			return nil, err
		}
	}
	pl, err := pa.Finish()
	if err != nil {
		return nil, err
	}
	p := m.Problem
	pl.Relaxed = m.Relaxed
	pl.Termination, pl.MIPGap = res.Detail, res.MIPGap
	pl.Solver = plan.SolverStats{Name: res.Solver, Version: res.Version,
		Columns: p.NumCols(), Rows: p.NumRows(), Nonzeros: p.NumNonzeros(), IntegerColumns: p.NumIntegers(),
		BuildSeconds: m.BuildSeconds, SolveSeconds: res.SolveSeconds, MaxRowViolation: res.Check.MaxRowViolation,
		ObjectiveRecomputedUSD: pl.ObjectiveUSD, StreamsMatchObjectiveRelTo: pl.Solver.StreamsMatchObjectiveRelTo}
	pl.Hourly = &monolithicHours{m: m, scenario: w, x: res.X}
	return pl, nil
}

// rawObjective is what columns [first, end) contribute at their costs
// before the scenario's weight.
func (m *Model) rawObjective(x []float64, first, end int) float64 {
	var sum float64
	for j := first; j < end; j++ {
		sum += m.rawCost[j] * x[j]
	}
	return sum
}

// SolveMonolithicStochastic builds the stochastic model, solves it with
// HiGHS (which verifies the primal point against every row) and extracts
// every scenario's plan; the scenarios' values must make up the objective.
func SolveMonolithicStochastic(ctx context.Context, sv solver.Solver, st *Stochastic, opts Settings, terms []Term) (*plan.StochasticPlan, error) {
	m, err := buildStochastic(ctx, st, BuildOptions{Relax: opts.Relax, Terms: terms}, true)
	if err != nil {
		return nil, err
	}
	p := m.Problem
	if st.Fixed != nil {
		m.fixFirstStage(p)
	}
	opts.Log().Info("solving the monolithic stochastic model", "scenarios", len(st.Scenarios), "columns", p.NumCols(), "rows", p.NumRows(), "nonzeros", p.NumNonzeros())
	res, err := sv.Solve(ctx, p, TunedOptions(opts.Solver, p))
	if err := CheckStatus(ctx, st.Scenarios[0].In, terms, fmt.Sprintf("solving %q", p.Name), res, err); err != nil {
		return nil, err
	}
	began := time.Now()
	sp := &plan.StochasticPlan{RiskWeight: st.RiskWeight, CVaRAlpha: st.CVaRAlpha, Method: plan.MethodMonolithic,
		Termination: res.Detail, MIPGap: res.MIPGap}
	values, probs := make([]float64, len(st.Scenarios)), make([]float64, len(st.Scenarios))
	for w, sc := range st.Scenarios {
		pl, err := m.extractScenario(ctx, w, res, nil)
		if err != nil {
			return nil, ScenarioError(st, w, err)
		}
		pl.Method = plan.MethodMonolithic
		outside := OutsideOfPlan(pl)
		values[w], probs[w] = pl.ObjectiveUSD+outside, sc.Probability
		sp.Scenarios = append(sp.Scenarios, plan.ScenarioPlan{ID: sc.ID, Probability: sc.Probability, Plan: pl, OutsideUSD: outside, ValueUSD: values[w]})
	}
	sp.ObjectiveUSD, sp.ExpectedUSD, sp.CVaRUSD = plan.Metric(values, probs, st.RiskWeight, st.CVaRAlpha)
	solverObjective := p.Objective(res.X) + m.constant
	if rel := math.Abs(sp.ObjectiveUSD-solverObjective) / math.Max(1, math.Abs(solverObjective)); rel > 1e-6 && res.Termination == solver.TerminationOptimal {
		return nil, InternalErrorf("the scenarios' values make %.6f USD, the stochastic model's objective is %.6f", sp.ObjectiveUSD, solverObjective)
	}
	pool := NewSitePool(len(m.blocks))
	sp.FirstStage = FirstStageFrom(st, m.In, func(s, d int) float64 { return res.X[m.sites[s].decisionCol[d]] },
		func(s int) []Decision { return pool.Prepare(m.In, m.blocks, s, m.terms, false).Decisions })
	sp.Solver = plan.SolverStats{Name: res.Solver, Version: res.Version, Columns: p.NumCols(), Rows: p.NumRows(), Nonzeros: p.NumNonzeros(),
		IntegerColumns: p.NumIntegers(), BuildSeconds: m.BuildSeconds, SolveSeconds: res.SolveSeconds,
		VerifySeconds: time.Since(began).Seconds(), MaxRowViolation: res.Check.MaxRowViolation, ObjectiveRecomputedUSD: solverObjective}
	return sp, nil
}

// fixFirstStage bounds the first scenario's decisions made now to the
// fixed first stage (the others follow through non-anticipativity).
func (m *Model) fixFirstStage(p *solver.Problem) {
	pool := NewSitePool(len(m.blocks))
	for s := range m.In.Case.Sites {
		sd := pool.Prepare(m.In, m.blocks, s, m.terms, false)
		for d, dec := range sd.Decisions {
			if !m.st.IsFirstStage(dec) {
				continue
			}
			v := 0.0
			if m.st.Fixed.Start[s][dec.Hall] == dec.Start {
				v = 1
			}
			col := m.sites[s].decisionCol[d]
			p.ColLower[col], p.ColUpper[col] = v, v
		}
	}
}

// setLoadFigures sets the site's energy drawn and peak reserved meter MW.
// With a horizon it also sets each year's energy drawn.
func setLoadFigures(r *SiteResult, sd *SiteData, sol *SiteSolution) {
	var T, longest int
	for _, shk := range sd.Hours {
		T, longest = T+shk.T, max(longest, shk.T)
	}
	// The hourly draw as siteHourly allocates it, without the site's
	// other hourly series; meter and AI MW one block at a time.
	r.load = make([]float64, T)
	meter, ai := make([]float64, longest), make([]float64, longest)
	off := 0
	for k, b := range sd.Blocks {
		shk := sd.Hours[k]
		allocation(shk, &sol.Blocks[k], meter[:shk.T], r.load[off:off+shk.T], ai[:shk.T])
		var sum float64
		for t, l := range r.load[off : off+b.T()] {
			sum += l
			r.sp.PeakMeterMW = max(r.sp.PeakMeterMW, meter[t])
		}
		r.sp.LoadMWh += sum
		if r.sp.Years != nil {
			r.sp.Years[k].LoadMWh = sum
		}
		off += b.T()
	}
}

// monolithicHours reads hourly allocations from the monolithic solution.
type monolithicHours struct {
	m        *Model
	scenario int
	x        []float64
}

// SiteHours reads site s's hourly allocation from the solution.
func (mh *monolithicHours) SiteHours(s int) (plan.SiteHours, error) {
	pool := NewSitePool(len(mh.m.blocks))
	sm := mh.m.siteModel(mh.scenario, s, nil, pool)
	var sol SiteSolution
	readSolution(sm, mh.m.terms, mh.x, &sol)
	return siteHourly(sm.sd, &sol), nil
}
