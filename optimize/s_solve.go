package optimize

import (
	"context"
	"fmt"

	"github.com/gridflip/gridflip/solver"
)

// SolveStochastic plans the case across its scenarios: it diagnoses every
// scenario, picks the method (the fast path when every term of every
// scenario has a closed form), solves, verifies each scenario's plan
// against the full model of that scenario and returns the plans with the
// risk figures.
func solveStochastic(ctx context.Context, sv solver.Solver, st *Stochastic, method Method, opts Settings) (*StochasticPlan, error) {
	if err := st.CheckContext(ctx); err != nil {
		return nil, err
	}
	terms := opts.TermList()
	for _, sc := range st.Scenarios {
		conflicts, err := DiagnoseContext(ctx, sc.In, terms)
		if err != nil {
			return nil, err
		}
		if len(conflicts) > 0 {
			return nil, fmt.Errorf("scenario %q: %w", sc.ID, &InfeasibleError{Conflicts: conflicts})
		}
	}
	method, note, err := chooseStochasticMethod(st, method, terms)
	if err != nil {
		return nil, err
	}
	var sp *StochasticPlan
	if method == MethodDecomposed {
		sp, err = solveDecomposedStochastic(ctx, sv, st, opts, terms)
	} else {
		sp, err = SolveMonolithicStochastic(ctx, sv, st, opts, terms)
	}
	if err != nil {
		return nil, err
	}
	sp.MethodNote = note
	return sp, nil
}

// chooseStochasticMethod is chooseMethod over every scenario.
func chooseStochasticMethod(st *Stochastic, want Method, terms []Term) (Method, string, error) {
	method, note := MethodDecomposed, ""
	for _, sc := range st.Scenarios {
		m, n, err := ChooseMethod(sc.In, want, terms)
		if err != nil {
			return "", "", err
		}
		if m == MethodMonolithic {
			method = MethodMonolithic
			if n != "" {
				note = n
			}
		}
	}
	return method, note, nil
}

// FirstStageOf reads a deterministic plan's decisions made now under the
// stochastic plan's commit years: each hall built with a service start
// within them (or, without a horizon, built at all).
func FirstStageOf(p *Plan, st *Stochastic) FirstStage {
	in := st.Scenarios[0].In
	fs := FirstStage{Start: make([][]int, len(p.Sites))}
	for s, sp := range p.Sites {
		fs.Start[s] = make([]int, len(sp.Halls))
		for h, hp := range sp.Halls {
			fs.Start[s][h] = -1
			if hp.Build < 0.5 {
				continue
			}
			k := 0
			if in.Years != nil {
				k = hp.ServiceYear - in.Years[0].Year
			}
			dec := Decision{Hall: h, Start: k, Fixed: in.Case.Sites[s].Halls[h].ServiceYear != 0}
			if st.IsFirstStage(dec) {
				fs.Start[s][h] = k
			}
		}
	}
	return fs
}
