package optimize

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"time"

	"github.com/gridflip/gridflip/solver"
)

// Options tune a planning run.
type Options struct {
	Relax  bool           // continuous hall decisions (LP)
	Method Method         // auto (default), monolithic or decomposed
	Solver solver.Options // time limit, MIP gap, threads, log
	Logger *slog.Logger   // progress messages; nil: none
	// Workers is the number of sites valued and verified at once by the
	// decomposed method (0: one per CPU).
	Workers int
	// Progress, when set, hears how far the fast path's stages have come
	// (StageValuing, StageVerifying): done of total sites. It is called
	// from one goroutine at a time. MILP progress is Solver.Progress.
	Progress func(stage string, done, total int)

	// terms replaces the model's terms (tests add an example term).
	terms []term
	// lpDuals forces interconnection values from per-site LP duals (a
	// test oracle for the closed form).
	lpDuals bool
}

// Method selects how Solve works.
type Method string

// The solution methods.
const (
	// MethodAuto uses the decomposed fast path when every term of the case
	// has a closed form (decomposable) and the monolithic model otherwise.
	MethodAuto Method = "auto"
	// MethodMonolithic solves the whole hourly model at once.
	MethodMonolithic Method = "monolithic"
	// MethodDecomposed values each site in closed form, hour by hour, and
	// solves only the small coupling problem with HiGHS; the solution is
	// verified against every row of the full model (docs/model.md, "The
	// exact fast path").
	MethodDecomposed Method = "decomposed"
)

// ErrNoSolution is wrapped when the solver stopped without a feasible point.
var ErrNoSolution = errors.New("no feasible solution")

// ErrUnsupported is wrapped when a method cannot handle a case.
var ErrUnsupported = errors.New("not supported")

// InternalError is a failed self-check: a solution that does not satisfy
// the model it came from, or figures that do not add up. It is a bug.
type InternalError struct{ Msg string }

func (e *InternalError) Error() string { return "internal error: " + e.Msg }

func internalError(format string, args ...any) error {
	return &InternalError{Msg: fmt.Sprintf(format, args...)}
}

// decomposableCapability is implemented by terms that have a closed form
// only in some cases; a term without it always has one.
type decomposableCapability interface {
	decomposable(in *Inputs) (ok bool, reason string)
}

// decomposable reports whether the decomposed fast path supports the case:
// every term must have a closed form for it. reason says which does not.
func decomposable(in *Inputs, terms []term) (bool, string) {
	for _, tm := range terms {
		if d, ok := tm.(decomposableCapability); ok {
			if ok, reason := d.decomposable(in); !ok {
				return false, fmt.Sprintf("the %s term has no closed form here: %s", tm.name(), reason)
			}
		}
	}
	return true, ""
}

// chooseMethod resolves MethodAuto and checks an explicit choice; note
// says why auto fell back to the monolithic model.
func chooseMethod(in *Inputs, opts Options, terms []term) (method Method, note string, err error) {
	method = opts.Method
	if method == "" {
		method = MethodAuto
	}
	ok, reason := decomposable(in, terms)
	switch method {
	case MethodAuto:
		if ok {
			return MethodDecomposed, "", nil
		}
		return MethodMonolithic, "monolithic because " + reason, nil
	case MethodMonolithic:
		return method, "", nil
	case MethodDecomposed:
		if !ok {
			return "", "", fmt.Errorf("method decomposed: %s: %w", reason, ErrUnsupported)
		}
		return method, "", nil
	default:
		return "", "", fmt.Errorf("unknown method %q: want auto, monolithic or decomposed: %w", method, ErrUnsupported)
	}
}

// termList returns the terms a solve uses.
func (o *Options) termList() []term {
	if o.terms != nil {
		return o.terms
	}
	return defaultTerms()
}

// workers is the number of sites processed at once.
// The stages the fast path reports to Options.Progress.
const (
	StageValuing   = "valuing sites"
	StageVerifying = "verifying sites"
)

// stage is the progress callback of one stage over total sites (nil when
// nobody listens).
func (o *Options) stage(name string, total int) func(done int) {
	if o.Progress == nil {
		return nil
	}
	return func(done int) { o.Progress(name, done, total) }
}

func (o *Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// logger returns the options' logger, or one that discards.
func (o *Options) logger() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Solve plans the case: it diagnoses plain infeasibility first, picks the
// method, solves, verifies the solution against the full model and returns
// the plan. An infeasible case returns an *InfeasibleError explaining why.
func Solve(ctx context.Context, sv solver.Solver, in *Inputs, opts Options) (*Plan, error) {
	if err := in.Check(); err != nil {
		return nil, err
	}
	terms := opts.termList()
	conflicts, err := diagnoseContext(ctx, in, terms)
	if err != nil {
		return nil, err
	}
	if len(conflicts) > 0 {
		return nil, &InfeasibleError{Conflicts: conflicts}
	}
	method, note, err := chooseMethod(in, opts, terms)
	if err != nil {
		return nil, err
	}
	var plan *Plan
	if method == MethodDecomposed {
		plan, err = solveDecomposed(ctx, sv, in, opts, terms, false)
	} else {
		plan, err = solveMonolithic(ctx, sv, in, opts, terms, false)
	}
	if err != nil {
		return nil, err
	}
	plan.MethodNote = note
	return plan, nil
}

// SolveBaseline plans today's fleet alone: no conversion candidates, no
// commitments beyond existing AI, mining dispatched optimally against the
// same prices and grid terms. It is the "before" of the grid impact.
func SolveBaseline(ctx context.Context, sv solver.Solver, in *Inputs, opts Options) (*Plan, error) {
	if err := in.Check(); err != nil {
		return nil, err
	}
	terms := opts.termList()
	opts.Relax = true
	var plan *Plan
	var err error
	if ok, _ := decomposable(in, terms); ok {
		plan, err = solveDecomposed(ctx, sv, in, opts, terms, true)
	} else {
		plan, err = solveMonolithic(ctx, sv, in, opts, terms, true)
	}
	if err != nil {
		return nil, fmt.Errorf("baseline (no conversion): %w", err)
	}
	return plan, nil
}

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

// checkStatus maps a solve's status to an error: infeasible, no solution,
// or interrupted.
func checkStatus(ctx context.Context, in *Inputs, terms []term, what string, res *solver.Result, err error) error {
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w", what, ctx.Err())
		}
		return fmt.Errorf("%s: %w", what, err)
	}
	switch res.Termination {
	case solver.TerminationOptimal, solver.TerminationTimeLimit:
	case solver.TerminationInfeasible:
		return &InfeasibleError{Conflicts: diagnose(in, terms)}
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

// solveMonolithic builds the whole model, solves it with HiGHS (which
// verifies the primal point against every row) and extracts the plan.
func solveMonolithic(ctx context.Context, sv solver.Solver, in *Inputs, opts Options, terms []term, noHalls bool) (*Plan, error) {
	log := opts.logger()
	m, err := Build(in, BuildOptions{Relax: opts.Relax, NoHalls: noHalls, terms: terms})
	if err != nil {
		return nil, err
	}
	p := m.Problem
	log.Info("solving the monolithic model", "columns", p.NumCols(), "rows", p.NumRows(), "nonzeros", p.NumNonzeros(), "integer", p.NumIntegers())
	res, err := sv.Solve(ctx, p, TunedOptions(opts.Solver, p))
	if err := checkStatus(ctx, in, terms, fmt.Sprintf("solving %q", p.Name), res, err); err != nil {
		return nil, err
	}
	began := time.Now()
	var duals []float64
	var dualSeconds float64
	if ok, _ := decomposable(in, terms); !ok || opts.lpDuals {
		if duals, dualSeconds, err = m.interconnectDuals(ctx, sv, res.X, opts.Solver); err != nil {
			return nil, err
		}
	}
	plan, err := m.extractPlan(ctx, res, duals)
	if err != nil {
		return nil, err
	}
	plan.Method = MethodMonolithic
	plan.Solver.InterconnectSolveSeconds = dualSeconds
	plan.Solver.VerifySeconds = time.Since(began).Seconds()
	log.Info("solved", "status", res.Outcome(), "objective_usd", plan.ObjectiveUSD, "seconds", res.SolveSeconds)
	return plan, nil
}

// extractPlan turns the monolithic solution of a deterministic model into
// a plan. duals, when not nil, replace the closed-form interconnection
// values (for terms without a closed form).
func (m *Model) extractPlan(ctx context.Context, res *solver.Result, duals []float64) (*Plan, error) {
	plan, err := m.extractScenario(ctx, 0, res, duals)
	if err != nil {
		return nil, err
	}
	plan.ObjectiveUSD = m.Problem.Objective(res.X)
	plan.Solver.ObjectiveRecomputedUSD = plan.ObjectiveUSD
	return plan, nil
}

// extractScenario turns scenario w's part of the monolithic solution into
// its plan, each site's objective recomputed from its columns at their
// costs before the scenario's weight.
func (m *Model) extractScenario(ctx context.Context, w int, res *solver.Result, duals []float64) (*Plan, error) {
	ms := &m.scenarios[w]
	pa := newPlanAssembler(ms.in, ms.blocks, res.Outcome())
	pool := newSitePool(len(ms.blocks))
	var sol siteSolution
	for s := range m.In.Case.Sites {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sm := m.siteModel(w, s, nil, pool)
		readSolution(sm, m.terms, res.X, &sol)
		r := &siteResult{s: s, sp: extractSite(sm.sd, m.terms, &sol)}
		if duals != nil {
			r.sp.InterconnectValueUSDPerMWYear = m.dualValue(s, duals)
		}
		ix := &ms.sites[s]
		r.objective = m.rawObjective(res.X, ix.firstCol, ix.endCol)
		setLoadFigures(r, sm.sd, &sol)
		if err := pa.add(r); err != nil {
			return nil, err
		}
	}
	plan, err := pa.finish()
	if err != nil {
		return nil, err
	}
	p := m.Problem
	plan.Relaxed = m.Relaxed
	plan.Termination, plan.MIPGap = res.Detail, res.MIPGap
	plan.Solver = SolverStats{Name: res.Solver, Version: res.Version,
		Columns: p.NumCols(), Rows: p.NumRows(), Nonzeros: p.NumNonzeros(), IntegerColumns: p.NumIntegers(),
		BuildSeconds: m.BuildSeconds, SolveSeconds: res.SolveSeconds, MaxRowViolation: res.Check.MaxRowViolation,
		ObjectiveRecomputedUSD: plan.ObjectiveUSD, StreamsMatchObjectiveRelTo: plan.Solver.StreamsMatchObjectiveRelTo}
	plan.Hourly = &monolithicHours{m: m, scenario: w, x: res.X}
	return plan, nil
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

// solveMonolithicStochastic builds the stochastic model, solves it with
// HiGHS (which verifies the primal point against every row) and extracts
// every scenario's plan; the scenarios' values must make up the objective.
func solveMonolithicStochastic(ctx context.Context, sv solver.Solver, st *Stochastic, opts Options, terms []term) (*StochasticPlan, error) {
	m, err := buildStochastic(ctx, st, BuildOptions{Relax: opts.Relax, terms: terms}, true)
	if err != nil {
		return nil, err
	}
	p := m.Problem
	if st.Fixed != nil {
		m.fixFirstStage(p)
	}
	opts.logger().Info("solving the monolithic stochastic model", "scenarios", len(st.Scenarios), "columns", p.NumCols(), "rows", p.NumRows(), "nonzeros", p.NumNonzeros())
	res, err := sv.Solve(ctx, p, TunedOptions(opts.Solver, p))
	if err := checkStatus(ctx, st.Scenarios[0].In, terms, fmt.Sprintf("solving %q", p.Name), res, err); err != nil {
		return nil, err
	}
	began := time.Now()
	sp := &StochasticPlan{RiskWeight: st.RiskWeight, CVaRAlpha: st.CVaRAlpha, Method: MethodMonolithic,
		Termination: res.Detail, MIPGap: res.MIPGap}
	values, probs := make([]float64, len(st.Scenarios)), make([]float64, len(st.Scenarios))
	for w, sc := range st.Scenarios {
		plan, err := m.extractScenario(ctx, w, res, nil)
		if err != nil {
			return nil, scenarioError(st, w, err)
		}
		plan.Method = MethodMonolithic
		outside := outsideOfPlan(plan)
		values[w], probs[w] = plan.ObjectiveUSD+outside, sc.Probability
		sp.Scenarios = append(sp.Scenarios, ScenarioPlan{ID: sc.ID, Probability: sc.Probability, Plan: plan, OutsideUSD: outside, ValueUSD: values[w]})
	}
	sp.ObjectiveUSD, sp.ExpectedUSD, sp.CVaRUSD = Metric(values, probs, st.RiskWeight, st.CVaRAlpha)
	solverObjective := p.Objective(res.X) + m.constant
	if rel := math.Abs(sp.ObjectiveUSD-solverObjective) / math.Max(1, math.Abs(solverObjective)); rel > 1e-6 && res.Termination == solver.TerminationOptimal {
		return nil, internalError("the scenarios' values make %.6f USD, the stochastic model's objective is %.6f", sp.ObjectiveUSD, solverObjective)
	}
	pool := newSitePool(len(m.blocks))
	sp.FirstStage = firstStageFrom(st, m.In, func(s, d int) float64 { return res.X[m.sites[s].decisionCol[d]] },
		func(s int) []decision { return pool.prepare(m.In, m.blocks, s, m.terms, false).decisions })
	sp.Solver = SolverStats{Name: res.Solver, Version: res.Version, Columns: p.NumCols(), Rows: p.NumRows(), Nonzeros: p.NumNonzeros(),
		IntegerColumns: p.NumIntegers(), BuildSeconds: m.BuildSeconds, SolveSeconds: res.SolveSeconds,
		VerifySeconds: time.Since(began).Seconds(), MaxRowViolation: res.Check.MaxRowViolation, ObjectiveRecomputedUSD: solverObjective}
	return sp, nil
}

// fixFirstStage bounds the first scenario's decisions made now to the
// fixed first stage (the others follow through non-anticipativity).
func (m *Model) fixFirstStage(p *solver.Problem) {
	pool := newSitePool(len(m.blocks))
	for s := range m.In.Case.Sites {
		sd := pool.prepare(m.In, m.blocks, s, m.terms, false)
		for d, dec := range sd.decisions {
			if !m.st.firstStage(dec) {
				continue
			}
			v := 0.0
			if m.st.Fixed.Start[s][dec.hall] == dec.start {
				v = 1
			}
			col := m.sites[s].decisionCol[d]
			p.ColLower[col], p.ColUpper[col] = v, v
		}
	}
}

// setLoadFigures sets the site's energy drawn and peak reserved meter MW.
// With a horizon it also sets each year's energy drawn.
func setLoadFigures(r *siteResult, sd *siteData, sol *siteSolution) {
	h := siteHourly(sd, sol)
	r.load = h.LoadMW
	off := 0
	for k, b := range sd.blocks {
		var sum float64
		for t, l := range h.LoadMW[off : off+b.T()] {
			sum += l
			r.sp.PeakMeterMW = max(r.sp.PeakMeterMW, h.MeterMW[off+t])
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

func (mh *monolithicHours) SiteHours(s int) (SiteHours, error) {
	pool := newSitePool(len(mh.m.blocks))
	sm := mh.m.siteModel(mh.scenario, s, nil, pool)
	var sol siteSolution
	readSolution(sm, mh.m.terms, mh.x, &sol)
	return siteHourly(sm.sd, &sol), nil
}
