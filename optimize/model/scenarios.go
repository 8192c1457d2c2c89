package model

import (
	"context"
	"fmt"
	"math"

	"github.com/gridflip/gridflip/optimize/plan"
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
	Fixed *plan.FirstStage
}

// Check checks the uncertainty set: at least one scenario, probabilities
// that are non-negative and sum to 1, λ in [0, 1], α in (0, 1], and every
// scenario's inputs valid and shaped like the first's.
func (st *Stochastic) Check() error {
	return st.CheckContext(context.Background())
}

// CheckContext is Check that checks ctx between scenarios (each scenario's
// inputs take about a tenth of a second to check for a 34-site horizon).
func (st *Stochastic) CheckContext(ctx context.Context) error {
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

// IsFirstStage reports whether a decision is made now, for every scenario:
// always with one scenario or without a horizon; with a horizon, when its
// construction (and so its service) starts within the commit years, or it
// is a signed deal.
func (st *Stochastic) IsFirstStage(dec Decision) bool {
	return len(st.Scenarios) == 1 || st.Scenarios[0].In.Years == nil || dec.Fixed || dec.BuildBlock < st.CommitYears
}

// Deterministic wraps one case as a stochastic plan of one scenario.
func Deterministic(in *Inputs) *Stochastic {
	return &Stochastic{Scenarios: []Scenario{{ID: "case", Probability: 1, In: in}}, CVaRAlpha: 1, CommitYears: 1}
}
