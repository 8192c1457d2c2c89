package stochastic

import (
	"context"
	"fmt"
	"sync"

	"github.com/gridflip/gridflip/optimize/decomp"
	"github.com/gridflip/gridflip/optimize/model"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/solver"
)

// Solve plans the case across its scenarios: it checks the uncertainty
// set, diagnoses every scenario, picks the method (the fast path when
// every term of every scenario has a closed form; method says which the
// caller wants), solves, verifies each scenario's plan
// against the full model of that scenario and returns the plans with the
// risk figures.
func Solve(ctx context.Context, sv solver.Solver, st *model.Stochastic, method plan.Method, opts model.Settings) (*plan.StochasticPlan, error) {
	terms := opts.TermList()
	method, note, err := prepare(ctx, st, method, terms, opts.WorkerCount())
	if err != nil {
		return nil, err
	}
	return solveBy(ctx, sv, st, method, note, opts, terms)
}

// prepare checks the uncertainty set, diagnoses every scenario (workers
// at once: each prepares the sites its commitments bind) and picks the
// method. The first scenario in order with a conflict is the error.
func prepare(ctx context.Context, st *model.Stochastic, method plan.Method, terms []model.Term, workers int) (plan.Method, string, error) {
	if err := st.CheckContext(ctx); err != nil {
		return "", "", err
	}
	type diagnosis struct {
		conflicts []string
		err       error
	}
	found := make([]diagnosis, len(st.Scenarios))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(workers, len(st.Scenarios))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for w := range next {
				found[w].conflicts, found[w].err = model.DiagnoseContext(ctx, st.Scenarios[w].In, terms)
			}
		}()
	}
	for w := range st.Scenarios {
		next <- w
	}
	close(next)
	wg.Wait()
	for w, sc := range st.Scenarios {
		if err := found[w].err; err != nil {
			return "", "", err
		}
		if len(found[w].conflicts) > 0 {
			return "", "", fmt.Errorf("scenario %q: %w", sc.ID, &model.InfeasibleError{Conflicts: found[w].conflicts})
		}
	}
	return chooseStochasticMethod(st, method, terms)
}

// solveBy solves the stochastic plan by the method chosen.
func solveBy(ctx context.Context, sv solver.Solver, st *model.Stochastic, method plan.Method, note string, opts model.Settings, terms []model.Term) (*plan.StochasticPlan, error) {
	var sp *plan.StochasticPlan
	var err error
	if method == plan.MethodDecomposed {
		sp, err = decomp.SolveStochastic(ctx, sv, st, opts, terms)
	} else {
		sp, err = model.SolveMonolithicStochastic(ctx, sv, st, opts, terms)
	}
	if err != nil {
		return nil, err
	}
	sp.MethodNote = note
	return sp, nil
}

// chooseStochasticMethod is model.ChooseMethod over every scenario.
func chooseStochasticMethod(st *model.Stochastic, want plan.Method, terms []model.Term) (plan.Method, string, error) {
	method, note := plan.MethodDecomposed, ""
	for _, sc := range st.Scenarios {
		m, n, err := model.ChooseMethod(sc.In, want, terms)
		if err != nil {
			return "", "", err
		}
		if m == plan.MethodMonolithic {
			method = plan.MethodMonolithic
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
func FirstStageOf(p *plan.Plan, st *model.Stochastic) plan.FirstStage {
	in := st.Scenarios[0].In
	fs := plan.FirstStage{Start: make([][]int, len(p.Sites))}
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
			dec := model.DecisionAt(in, s, h, k)
			if st.IsFirstStage(dec) {
				fs.Start[s][h] = k
			}
		}
	}
	return fs
}
