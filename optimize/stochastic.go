package optimize

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/gridflip/gridflip/solver"
)

// Scenario is one future of a stochastic plan: the case's inputs under it
// (the same sites, halls, hours and horizon; its own prices, hashprice and
// leases) and its probability.
type Scenario struct {
	ID          string
	Probability float64
	In          *Inputs
}

// Stochastic is a two-stage stochastic plan (docs/model.md, "Scenarios"):
// the halls are built once for every scenario (with a horizon, the starts
// within the first CommitYears years; later starts are chosen per
// scenario), mining is dispatched per scenario, and the objective is
// (1−λ)·E[V] + λ·CVaR_α[V], V a scenario's value.
type Stochastic struct {
	Scenarios   []Scenario
	RiskWeight  float64 // λ in [0, 1]
	CVaRAlpha   float64 // α in (0, 1]
	CommitYears int     // with a horizon: starts in the first CommitYears years are decided now (≥ 1)
	// Fixed, when not nil, fixes the first-stage decisions (to value a given
	// plan under the scenarios, e.g. the expected-value plan).
	Fixed *FirstStage
}

// FirstStage is what a stochastic plan decides now, for every scenario:
// per site and hall, the block index its service starts at (0 without a
// horizon), or −1 when it does not start within the commit years.
type FirstStage struct {
	Start [][]int
}

// StochasticPlan is the verified stochastic plan: every scenario's plan
// under the common first-stage decisions, and the risk figures.
type StochasticPlan struct {
	// Scenarios are the plans, in the order of the uncertainty set.
	Scenarios []ScenarioPlan
	// ObjectiveUSD is (1−λ)·ExpectedUSD + λ·CVaRUSD.
	ObjectiveUSD float64
	ExpectedUSD  float64 // E[V]
	CVaRUSD      float64 // CVaR_α[V]: the mean of the worst α share of outcomes
	RiskWeight   float64
	CVaRAlpha    float64
	FirstStage   FirstStage
	Method       Method
	MethodNote   string
	Termination  string
	MIPGap       float64
	Solver       SolverStats // the coupling problem (decomposed) or the whole model (monolithic)
}

// ScenarioPlan is one scenario's plan and value.
type ScenarioPlan struct {
	ID          string
	Probability float64
	Plan        *Plan
	// OutsideUSD is what the plan keeps outside its objective and the
	// scenario changes: existing AI at the market's lease, less its
	// coincident-peak charge, plus the contracts' hedge.
	OutsideUSD float64
	// ValueUSD is the scenario's value V: the plan's objective plus OutsideUSD.
	ValueUSD float64
}

// Metric is (1−λ)·E[V] + λ·CVaR_α[V] of values v with probabilities p,
// and its expectation and CVaR.
func Metric(v, p []float64, lambda, alpha float64) (metric, expected, cvar float64) {
	for i := range v {
		expected += p[i] * v[i]
	}
	cvar = CVaR(v, p, alpha)
	return (1-lambda)*expected + lambda*cvar, expected, cvar
}

// CVaR is the conditional value at risk of values v (higher is better)
// with probabilities p at level α: the mean of the worst α share of the
// outcomes, max over η of η − Σ p·(η − v)⁺/α (Rockafellar–Uryasev).
func CVaR(v, p []float64, alpha float64) float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	left, sum := alpha, 0.0
	for _, i := range idx {
		take := math.Min(p[i], left)
		sum += take * v[i]
		left -= take
		if left <= 0 {
			break
		}
	}
	if left > 1e-12 { // probabilities below α in total: the rest at the best value
		sum += left * v[idx[len(idx)-1]]
	}
	return sum / alpha
}

// Check checks the uncertainty set: at least one scenario, probabilities
// that are non-negative and sum to 1, λ in [0, 1], α in (0, 1], and every
// scenario's inputs valid and shaped like the first's.
func (st *Stochastic) Check() error {
	return st.check(context.Background())
}

// check is Check that checks ctx between scenarios (each scenario's
// inputs take about a tenth of a second to check for a 34-site horizon).
func (st *Stochastic) check(ctx context.Context) error {
	if len(st.Scenarios) == 0 {
		return fmt.Errorf("stochastic plan: no scenarios")
	}
	if !(st.RiskWeight >= 0 && st.RiskWeight <= 1) {
		return fmt.Errorf("stochastic plan: risk weight %v outside [0, 1]", st.RiskWeight)
	}
	if !(st.CVaRAlpha > 0 && st.CVaRAlpha <= 1) {
		return fmt.Errorf("stochastic plan: CVaR level %v outside (0, 1]", st.CVaRAlpha)
	}
	if st.CommitYears < 1 {
		return fmt.Errorf("stochastic plan: commit years %d below 1", st.CommitYears)
	}
	var sum float64
	first := st.Scenarios[0].In
	for i, sc := range st.Scenarios {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !(sc.Probability >= 0) || math.IsInf(sc.Probability, 0) {
			return fmt.Errorf("scenario %q: probability %v", sc.ID, sc.Probability)
		}
		sum += sc.Probability
		if err := sc.In.Check(); err != nil {
			return fmt.Errorf("scenario %q: %w", sc.ID, err)
		}
		if i > 0 && (len(sc.In.Case.Sites) != len(first.Case.Sites) || sc.In.T() != first.T() || len(sc.In.Years) != len(first.Years)) {
			return fmt.Errorf("scenario %q: not the same sites, hours and years as scenario %q", sc.ID, st.Scenarios[0].ID)
		}
		for s := range sc.In.Case.Sites {
			if i > 0 && len(sc.In.Case.Sites[s].Halls) != len(first.Case.Sites[s].Halls) {
				return fmt.Errorf("scenario %q: site %q has other halls", sc.ID, sc.In.Case.Sites[s].ID)
			}
		}
	}
	if math.Abs(sum-1) > 1e-9 {
		return fmt.Errorf("stochastic plan: the probabilities sum to %.12g, not 1", sum)
	}
	return nil
}

// SolveStochastic plans the case across its scenarios: it diagnoses every
// scenario, picks the method (the fast path when every term of every
// scenario has a closed form), solves, verifies each scenario's plan
// against the full model of that scenario and returns the plans with the
// risk figures.
func SolveStochastic(ctx context.Context, sv solver.Solver, st *Stochastic, opts Options) (*StochasticPlan, error) {
	if err := st.check(ctx); err != nil {
		return nil, err
	}
	terms := opts.termList()
	for _, sc := range st.Scenarios {
		conflicts, err := diagnoseContext(ctx, sc.In, terms)
		if err != nil {
			return nil, err
		}
		if len(conflicts) > 0 {
			return nil, fmt.Errorf("scenario %q: %w", sc.ID, &InfeasibleError{Conflicts: conflicts})
		}
	}
	method, note, err := chooseStochasticMethod(st, opts, terms)
	if err != nil {
		return nil, err
	}
	var sp *StochasticPlan
	if method == MethodDecomposed {
		sp, err = solveDecomposedStochastic(ctx, sv, st, opts, terms)
	} else {
		sp, err = solveMonolithicStochastic(ctx, sv, st, opts, terms)
	}
	if err != nil {
		return nil, err
	}
	sp.MethodNote = note
	return sp, nil
}

// chooseStochasticMethod is chooseMethod over every scenario.
func chooseStochasticMethod(st *Stochastic, opts Options, terms []term) (Method, string, error) {
	method, note := MethodDecomposed, ""
	for _, sc := range st.Scenarios {
		m, n, err := chooseMethod(sc.In, opts, terms)
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

// firstStage reports whether a decision is made now, for every scenario:
// always with one scenario or without a horizon; with a horizon, when its
// service starts within the commit years, or it is a signed deal.
func (st *Stochastic) firstStage(dec decision) bool {
	return len(st.Scenarios) == 1 || st.Scenarios[0].In.Years == nil || dec.fixed || dec.start < st.CommitYears
}

// deterministic wraps one case as a stochastic plan of one scenario.
func deterministic(in *Inputs) *Stochastic {
	return &Stochastic{Scenarios: []Scenario{{ID: "case", Probability: 1, In: in}}, CVaRAlpha: 1, CommitYears: 1}
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
			dec := decision{hall: h, start: k, fixed: in.Case.Sites[s].Halls[h].ServiceYear != 0}
			if st.firstStage(dec) {
				fs.Start[s][h] = k
			}
		}
	}
	return fs
}
