package stochastic

import (
	"context"
	"errors"
	"fmt"

	"github.com/gridflip/gridflip/optimize/decomp"
	"github.com/gridflip/gridflip/optimize/model"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/solver"
)

// Study is a stochastic plan with the plans that measure it
// (docs/scenarios.md): each scenario planned with perfect information,
// and the expected-value plan's first stage valued in every scenario.
type Study struct {
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
	method, note, err := prepare(ctx, st, want, terms)
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
	}
	if out.Shared {
		if out.Plan, err = shared.Plan(ctx, sv); err != nil {
			return nil, err
		}
		out.Plan.MethodNote = note
	} else if out.Plan, err = solveBy(ctx, sv, st, method, note, opts, terms); err != nil {
		return nil, err
	}
	for w, sc := range st.Scenarios {
		var p *plan.Plan
		if out.Shared {
			p, err = shared.PerfectInformation(ctx, sv, w)
			if err == nil {
				_, p.MethodNote, err = model.ChooseMethod(sc.In, want, terms)
			}
		} else {
			p, err = solve(sc.In)
		}
		if err != nil {
			return nil, fmt.Errorf("scenario %q with perfect information: %w", sc.ID, err)
		}
		out.PerfectInformation = append(out.PerfectInformation, lean(p))
	}
	if out.EVPlan, out.EVPlanErr = solve(mean); out.EVPlanErr != nil {
		return out, nil
	}
	fs := FirstStageOf(out.EVPlan, st)
	if out.Shared {
		if out.EVFixed, err = shared.Fixed(ctx, sv, &fs); err == nil {
			out.EVFixed.MethodNote = note
		}
	} else {
		fixed := *st
		fixed.Fixed = &fs
		out.EVFixed, err = Solve(ctx, sv, &fixed, want, opts)
	}
	var inf *model.InfeasibleError
	switch {
	case errors.As(err, &inf) || errors.Is(err, model.ErrNoSolution):
		out.EVFixed, out.EVFixedErr = nil, err
	case err != nil:
		return nil, fmt.Errorf("valuing the expected-value plan: %w", err)
	case out.EVFixed != nil:
		for _, sc := range out.EVFixed.Scenarios {
			lean(sc.Plan)
		}
	}
	return out, nil
}

// lean drops a plan's hourly data — its regions' hourly loads and the
// source of its sites' hours — which the plans that measure a stochastic
// plan do not need: 18 of them over a 10-year horizon would hold
// hundreds of MB.
func lean(p *plan.Plan) *plan.Plan {
	p.Regions, p.Hourly = nil, nil
	return p
}
