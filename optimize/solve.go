package optimize

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
	if conflicts := diagnose(in, terms); len(conflicts) > 0 {
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
// (README, "Choosing the LP algorithm"). Small models stay on dual simplex.
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
	switch res.Status {
	case solver.StatusOptimal, solver.StatusTimeLimitFeasible:
	case solver.StatusInfeasible:
		return &InfeasibleError{Conflicts: diagnose(in, terms)}
	case solver.StatusInterrupted:
		return fmt.Errorf("%s: %w", what, context.Canceled)
	default:
		return fmt.Errorf("%s: %s (%s): %w", what, res.Status, res.Termination, ErrNoSolution)
	}
	if !res.HasSolution {
		return fmt.Errorf("%s: %s without a solution: %w", what, res.Status, ErrNoSolution)
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
	log.Info("solved", "status", res.Status, "objective_usd", plan.ObjectiveUSD, "seconds", res.SolveSeconds)
	return plan, nil
}

// extractPlan turns the monolithic solution into a plan. duals, when not
// nil, replace the closed-form interconnection values (for terms without
// a closed form).
func (m *Model) extractPlan(ctx context.Context, res *solver.Result, duals []float64) (*Plan, error) {
	pa := newPlanAssembler(m.In, m.blocks, res.Status)
	pool := newSitePool(len(m.blocks))
	var sol siteSolution
	for s := range m.In.Case.Sites {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sm := m.siteModel(s, nil, pool)
		readSolution(sm, m.terms, res.X, &sol)
		r := &siteResult{s: s, sp: extractSite(sm.sd, m.terms, &sol)}
		if duals != nil {
			r.sp.InterconnectValueUSDPerMWYear = m.dualValue(s, duals)
		}
		ix := &m.sites[s]
		r.objective = siteObjective(m.Problem, res.X, ix.firstCol, ix.endCol)
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
	plan.Termination, plan.MIPGap = res.Termination, res.MIPGap
	plan.ObjectiveUSD = p.Objective(res.X)
	plan.Solver = SolverStats{Name: res.Solver, Version: res.Version,
		Columns: p.NumCols(), Rows: p.NumRows(), Nonzeros: p.NumNonzeros(), IntegerColumns: p.NumIntegers(),
		BuildSeconds: m.BuildSeconds, SolveSeconds: res.SolveSeconds, MaxRowViolation: res.Check.MaxRowViolation,
		ObjectiveRecomputedUSD: plan.ObjectiveUSD, StreamsMatchObjectiveRelTo: plan.Solver.StreamsMatchObjectiveRelTo}
	plan.Hourly = &monolithicHours{m: m, x: res.X}
	return plan, nil
}

// siteObjective is the objective contribution of columns [first, end).
func siteObjective(p *solver.Problem, x []float64, first, end int) float64 {
	var sum float64
	for j := first; j < end; j++ {
		sum += p.ColCost[j] * x[j]
	}
	return sum
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
	m *Model
	x []float64
}

func (mh *monolithicHours) SiteHours(s int) (SiteHours, error) {
	pool := newSitePool(len(mh.m.blocks))
	sm := mh.m.siteModel(s, nil, pool)
	var sol siteSolution
	readSolution(sm, mh.m.terms, mh.x, &sol)
	return siteHourly(sm.sd, &sol), nil
}
