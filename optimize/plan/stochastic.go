package plan

import (
	"math"
	"sort"
)

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
