package stochastic

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/gridflip/gridflip/optimize/decomp"
	"github.com/gridflip/gridflip/optimize/model"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/solver"
)

// Study is a stochastic plan with the plans that measure it
// (docs/scenarios.md): each scenario planned with perfect information,
// and the expected-value plan's first stage valued in every scenario.
type Study struct {
	// Plan is the stochastic plan; only its reference scenario's plan
	// (Reference) keeps its hourly data, which the outputs read from it
	// alone: the others are lean.
	Plan *plan.StochasticPlan
	// PerfectInformation[ω] is scenario ω planned knowing it, without its
	// hourly data (lean).
	PerfectInformation []*plan.Plan
	// EVPlan is the case planned on the mean inputs; EVPlanErr says why
	// it has no plan (then EVFixed is nil too).
	EVPlan    *plan.Plan
	EVPlanErr error
	// EVFixed is the scenarios' plans with the expected-value plan's
	// first stage fixed, without their hourly data (lean); EVFixedErr
	// says why that first stage has no feasible plan in some scenario.
	EVFixed    *plan.StochasticPlan
	EVFixedErr error
	// Shared says every plan read one valuation of each site in each
	// scenario (decomp.Study); otherwise each was solved on its own.
	Shared bool
	// baselines[ω] is scenario ω's no-conversion baseline solved with the
	// shared valuation (decomp.Plans.Baselines), terms its terms.
	baselines []*plan.Plan
	terms     []model.Term
}

// Baseline is scenario w's no-conversion baseline as solved with the
// shared valuation: each site valued and verified from its preparation
// for the plans (decomp.Plans.Baselines), the plan optimize.SolveBaseline
// gives with the study's options. Only the reference scenario's keeps its
// hourly data. ok is false when the study is not shared, opts has other
// terms than the study's, the scenario's baseline is not on the fast
// path, or some site of it could not be valued there: the caller solves
// it on its own.
func (s *Study) Baseline(st *model.Stochastic, w int, opts model.Settings) (p *plan.Plan, ok bool) {
	terms := opts.TermList()
	if !s.Shared || s.baselines[w] == nil || !sameTerms(terms, s.terms) {
		return nil, false
	}
	if fast, _ := model.Decomposable(st.Scenarios[w].In, terms); !fast {
		return nil, false
	}
	return s.baselines[w], true
}

// sameTerms reports whether two term lists hold terms of the same kinds
// in the same order.
func sameTerms(a, b []model.Term) bool {
	return slices.EqualFunc(a, b, func(x, y model.Term) bool { return reflect.TypeOf(x) == reflect.TypeOf(y) })
}

// SolveStudy plans the case across its scenarios and solves the plans
// that measure it: the stochastic plan (as Solve), each scenario's
// perfect-information plan and the expected-value plan (solve plans one
// case: the deterministic method; mean is the case under the mean
// inputs), whose first stage is then fixed and valued in every scenario.
// When the fast path takes the plan and every site can be valued in sets,
// the stochastic plan, the perfect-information plans and the fixed
// first stage all read one valuation of each site in each scenario; the
// plans are the same as each solved on its own (Settings.Unshared, which
// the tests compare). Every plan is verified against the full model of
// each of its scenarios.
func SolveStudy(ctx context.Context, sv solver.Solver, st *model.Stochastic, mean *model.Inputs, method plan.Method, opts model.Settings,
	solve func(in *model.Inputs) (*plan.Plan, error)) (*Study, error) {
	terms := opts.TermList()
	want := method
	method, note, err := prepare(ctx, st, want, terms, opts.WorkerCount())
	if err != nil {
		return nil, err
	}
	out := &Study{}
	var shared *decomp.Study
	if method == plan.MethodDecomposed {
		var ok bool
		if shared, ok, err = decomp.NewStudy(ctx, st, opts, terms); err != nil {
			return nil, err
		}
		out.Shared = ok
		if ok {
			shared.HourlyScenario = Reference(st)
		}
	}
	if out.Shared {
		if err := out.sharedPlans(ctx, sv, st, shared, want, terms, note, mean, solve); err != nil {
			return nil, err
		}
		return out, nil
	}
	if out.Plan, err = solveBy(ctx, sv, st, method, note, opts, terms); err != nil {
		return nil, err
	}
	for w, sc := range out.Plan.Scenarios {
		if w != Reference(st) {
			lean(sc.Plan)
		}
	}
	for _, sc := range st.Scenarios {
		p, err := solve(sc.In)
		if err != nil {
			return nil, fmt.Errorf("scenario %q with perfect information: %w", sc.ID, err)
		}
		out.PerfectInformation = append(out.PerfectInformation, lean(p))
	}
	if out.EVPlan, out.EVPlanErr = solve(mean); out.EVPlanErr != nil {
		return out, nil
	}
	fs := FirstStageOf(out.EVPlan, st)
	fixed := *st
	fixed.Fixed = &fs
	out.EVFixed, err = Solve(ctx, sv, &fixed, want, opts)
	if err := out.fixedResult(err); err != nil {
		return nil, err
	}
	return out, nil
}

// sharedPlans solves the study's plans from the shared valuation: the
// expected-value plan first (solve), then the stochastic plan, every
// perfect-information plan and the expected-value plan's first stage in
// every scenario, verified together scenario by scenario (decomp.Study.Solve).
func (out *Study) sharedPlans(ctx context.Context, sv solver.Solver, st *model.Stochastic, shared *decomp.Study, want plan.Method, terms []model.Term,
	note string, mean *model.Inputs, solve func(in *model.Inputs) (*plan.Plan, error)) error {
	var fs *plan.FirstStage
	if out.EVPlan, out.EVPlanErr = solve(mean); out.EVPlanErr == nil {
		first := FirstStageOf(out.EVPlan, st)
		fs = &first
	}
	plans, err := shared.Solve(ctx, sv, fs)
	if err != nil {
		return err
	}
	out.baselines, out.terms = plans.Baselines, terms
	out.Plan = plans.Plan
	out.Plan.MethodNote = note
	for w, p := range plans.PerfectInformation {
		if _, p.MethodNote, err = model.ChooseMethod(st.Scenarios[w].In, want, terms); err != nil {
			return fmt.Errorf("scenario %q with perfect information: %w", st.Scenarios[w].ID, err)
		}
		out.PerfectInformation = append(out.PerfectInformation, lean(p))
	}
	if fs == nil {
		return nil
	}
	out.EVFixed = plans.Fixed
	if plans.FixedErr == nil {
		out.EVFixed.MethodNote = note
	}
	return out.fixedResult(plans.FixedErr)
}

// fixedResult reads the error of the expected-value plan's first stage
// valued in every scenario: infeasible there (EVFixedErr), or an error of
// the study.
func (out *Study) fixedResult(err error) error {
	var inf *model.InfeasibleError
	switch {
	case errors.As(err, &inf) || errors.Is(err, model.ErrNoSolution):
		out.EVFixed, out.EVFixedErr = nil, err
	case err != nil:
		return fmt.Errorf("valuing the expected-value plan: %w", err)
	case out.EVFixed != nil:
		for _, sc := range out.EVFixed.Scenarios {
			lean(sc.Plan)
		}
	}
	return nil
}

// Reference is the most probable scenario, the first of equals: the one
// whose plan a study's site tables, grid impact and finance show, and the
// one scenario of its stochastic plan that keeps its hourly data.
func Reference(st *model.Stochastic) int {
	best := 0
	for w, sc := range st.Scenarios {
		if sc.Probability > st.Scenarios[best].Probability {
			best = w
		}
	}
	return best
}

// lean drops a plan's hourly data — its regions' hourly loads and the
// source of its sites' hours — which the plans that measure a stochastic
// plan do not need: 18 of them over a 10-year horizon would hold
// hundreds of MB.
func lean(p *plan.Plan) *plan.Plan {
	p.Regions, p.Hourly = nil, nil
	return p
}
