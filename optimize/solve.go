package optimize

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/gridflip/gridflip/optimize/decomp"
	"github.com/gridflip/gridflip/optimize/model"
	"github.com/gridflip/gridflip/optimize/stochastic"
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
	// Unshared solves a stochastic study's plans each on its own and
	// values a stochastic plan's sites with decisions made per scenario
	// year by year or by cuts: the computation before the valuations were
	// shared, kept as the tests' oracle of the shared one (the plans are
	// the same, only slower).
	Unshared bool

	// terms replaces the model's terms (tests add an example term).
	terms []model.Term
	// lpDuals forces interconnection values from per-site LP duals (a
	// test oracle for the closed form).
	lpDuals bool
	// yearByYear values every site with a horizon block by block, none
	// assignment by assignment (a test switch that keeps the fast path's
	// sets per year exercised on small cases).
	yearByYear bool
}

// settings are the options both methods read.
func (o *Options) settings() model.Settings {
	return model.Settings{Relax: o.Relax, Solver: o.Solver, Logger: o.Logger, Workers: o.Workers, Progress: o.Progress, Terms: o.terms, LPDuals: o.lpDuals, YearByYear: o.yearByYear, Unshared: o.Unshared}
}

// Solve plans the case: it diagnoses plain infeasibility first, picks the
// method, solves, verifies the solution against the full model and returns
// the plan. An infeasible case returns an *InfeasibleError explaining why.
func Solve(ctx context.Context, sv solver.Solver, in *Inputs, opts Options) (*Plan, error) {
	if err := in.Check(); err != nil {
		return nil, err
	}
	set := opts.settings()
	terms := set.TermList()
	conflicts, err := model.DiagnoseContext(ctx, in, terms)
	if err != nil {
		return nil, err
	}
	if len(conflicts) > 0 {
		return nil, &InfeasibleError{Conflicts: conflicts}
	}
	method, note, err := model.ChooseMethod(in, opts.Method, terms)
	if err != nil {
		return nil, err
	}
	var plan *Plan
	if method == MethodDecomposed {
		plan, err = decomp.Solve(ctx, sv, in, set, terms, false)
	} else {
		plan, err = model.SolveMonolithic(ctx, sv, in, set, terms, false)
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
	set := opts.settings()
	terms := set.TermList()
	set.Relax = true
	var plan *Plan
	var err error
	if ok, _ := model.Decomposable(in, terms); ok {
		plan, err = decomp.Solve(ctx, sv, in, set, terms, true)
	} else {
		plan, err = model.SolveMonolithic(ctx, sv, in, set, terms, true)
	}
	if err != nil {
		return nil, fmt.Errorf("baseline (no conversion): %w", err)
	}
	return plan, nil
}

// SolveStudyBaseline is scenario w's no-conversion baseline, as
// SolveBaseline of that scenario's inputs solves it: on the fast path of a
// shared study it was solved with the study (stochastic.Study.Baseline),
// each site valued and verified from its preparation for the plans; only
// the reference scenario's (ReferenceScenario) then keeps its hourly data.
func SolveStudyBaseline(ctx context.Context, sv solver.Solver, study *StochasticStudy, st *Stochastic, w int, opts Options) (*Plan, error) {
	if plan, ok := study.Baseline(st, w, opts.settings()); ok {
		return plan, nil // its inputs checked by the study
	}
	return SolveBaseline(ctx, sv, st.Scenarios[w].In, opts)
}

// SolveStochastic plans the case across its scenarios: it diagnoses every
// scenario, picks the method (the fast path when every term of every
// scenario has a closed form), solves, verifies each scenario's plan
// against the full model of that scenario and returns the plans with the
// risk figures.
func SolveStochastic(ctx context.Context, sv solver.Solver, st *Stochastic, opts Options) (*StochasticPlan, error) {
	return stochastic.Solve(ctx, sv, st, opts.Method, opts.settings())
}

// StochasticStudy is a stochastic plan with the plans that measure it
// (stochastic.Study): each scenario with perfect information and the
// expected-value plan valued in every scenario.
type StochasticStudy = stochastic.Study

// SolveStochasticStudy plans the case across its scenarios (as
// SolveStochastic) and solves the plans that measure it: each scenario
// planned with perfect information, and the expected-value plan (planned
// on mean, the probability-weighted mean inputs, with Solve) with its
// first stage fixed in every scenario. On the fast path every plan reads
// one valuation of each site in each scenario (stochastic.SolveStudy).
func SolveStochasticStudy(ctx context.Context, sv solver.Solver, st *Stochastic, mean *Inputs, opts Options) (*StochasticStudy, error) {
	return stochastic.SolveStudy(ctx, sv, st, mean, opts.Method, opts.settings(), func(in *Inputs) (*Plan, error) {
		return Solve(ctx, sv, in, opts)
	})
}

// Session plans one case under a run of what-ifs (gridflip serve), as
// Solve plans each, keeping on the fast path every site prepared and the
// value of each state of its halls from plan to plan (decomp.Session): a
// what-if of the halls' money alone — leases, escalators, capex, the
// market cap — re-values no dispatch. Every plan is verified against the
// full model as Solve's are. One plan at a time.
type Session struct {
	opts Options
	ds   *decomp.Session
}

// NewSession starts a session planning with opts.
func NewSession(opts Options) *Session {
	set := opts.settings()
	return &Session{opts: opts, ds: decomp.NewSession(set, set.TermList())}
}

// Solve plans in as Solve does. moneyOnly says in differs from the case
// of the session's last plan only in the halls' money (their leases,
// lease escalators and capex, and the market's lease) and the market cap;
// the caller knows what its what-if changed, and a wrong true gives a
// wrong plan. A case the fast path does not take is planned by Solve.
func (s *Session) Solve(ctx context.Context, sv solver.Solver, in *Inputs, moneyOnly bool) (*Plan, error) {
	set := s.opts.settings()
	terms := set.TermList()
	if err := in.Check(); err != nil {
		return nil, err
	}
	method, note, err := model.ChooseMethod(in, s.opts.Method, terms)
	if err != nil || method != MethodDecomposed {
		return Solve(ctx, sv, in, s.opts) // its diagnosis and method, as ever
	}
	if err := s.ds.Ready(ctx, in, moneyOnly); err != nil {
		return nil, err
	}
	conflicts, err := model.DiagnosePrepared(ctx, in, s.ds.Blocks(), s.ds.Site)
	if err != nil {
		return nil, err
	}
	if len(conflicts) > 0 {
		return nil, &InfeasibleError{Conflicts: conflicts}
	}
	plan, err := s.ds.Solve(ctx, sv)
	if err != nil {
		return nil, err
	}
	plan.MethodNote = note
	return plan, nil
}
