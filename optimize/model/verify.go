package model

import (
	"context"
	"fmt"
	"math"

	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/solver"
)

// ScenarioError names the scenario of an error when there are several.
func ScenarioError(st *Stochastic, w int, err error) error {
	if len(st.Scenarios) == 1 {
		return err
	}
	return fmt.Errorf("scenario %q: %w", st.Scenarios[w].ID, err)
}

// FirstStageFrom builds the first stage from a reader of decision levels.
func FirstStageFrom(st *Stochastic, in *Inputs, level func(s, d int) float64, decisions func(s int) []Decision) plan.FirstStage {
	fs := plan.FirstStage{Start: make([][]int, len(in.Case.Sites))}
	for s := range fs.Start {
		fs.Start[s] = make([]int, len(in.Case.Sites[s].Halls))
		for h := range fs.Start[s] {
			fs.Start[s][h] = -1
		}
		for d, dec := range decisions(s) {
			if st.IsFirstStage(dec) && level(s, d) >= 0.5 {
				fs.Start[s][dec.Hall] = dec.Start
			}
		}
	}
	return fs
}

// OutsideOfPlan is what a plan keeps outside its objective and a scenario
// changes: existing AI at the lease, less its coincident-peak charge,
// plus the contracts' hedge.
func OutsideOfPlan(p *plan.Plan) float64 {
	v := p.Portfolio.ExistingAILeaseUSD + p.Portfolio.HedgeUSD
	for i := range p.Sites {
		v -= p.Sites[i].ExistingAICoincidentPeakUSD
	}
	return v
}

// OutsideUSD is OutsideOfPlan computed before planning: the figures do not
// depend on the decisions, so extracting every site with no halls in
// service gives them. It checks ctx while it prepares each site's hours.
func OutsideUSD(ctx context.Context, in *Inputs, blocks []*Block, terms []Term) (float64, error) {
	pool := NewSitePool(len(blocks))
	var sol SiteSolution
	var v float64
	for s := range in.Case.Sites {
		sd, err := pool.PrepareContext(ctx, in, blocks, s, terms, true)
		if err != nil {
			return 0, err
		}
		v += SiteOutsideUSD(sd, terms, &sol)
	}
	return v, nil
}

// VerifySite rebuilds one site's solution in closed form from its
// decisions w (with the terms given; relax: continuous decisions), builds the site's part of the full model into b (reusing
// *x), writes the solution into its columns and verifies it there: every
// row (checked as it is built, not stored), every bound, and the objective
// recomputed from the primal values against the closed form's value. Then it extracts the site's plan.
func VerifySite(b *solver.Builder, x *[]float64, sd *SiteData, sol *SiteSolution, w []float64, terms []Term, relax bool) (*SiteResult, error) {
	sol.Prepare(sd)
	copy(sol.W, w)
	value, err := closedForm(sd, terms, sol)
	if err != nil {
		return nil, InternalErrorf("site %q: the coupling problem chose decisions that the closed form refuses: %v", sd.site.ID, err)
	}
	b.Reset(sd.site.ID, true, false)
	sm := newSiteModel(sd, b, &siteIndex{}, relax)
	// Every column first, then the solution written into them, then each
	// row checked against it as it is built (solver.Builder.CheckRows):
	// the same rows the model holds, none of them stored.
	addSiteColumns(sm, terms)
	*x = resize(*x, b.NumCols())
	clear(*x)
	for _, tm := range terms {
		if f, ok := tm.(filler); ok {
			f.fill(sm, sol, *x)
		}
	}
	b.CheckRows(*x)
	addSiteRows(sm, terms, false)
	check, err := b.Verify(*x, value)
	if err != nil {
		return nil, InternalErrorf("site %q: the closed-form solution does not satisfy the full model: %v", sd.site.ID, err)
	}
	if rel := math.Abs(check.ObjectiveRecomputed-value) / math.Max(1, math.Abs(value)); rel > 1e-9 {
		return nil, InternalErrorf("site %q: the full model values the closed-form solution at %.6f USD, the closed form at %.6f", sd.site.ID, check.ObjectiveRecomputed, value)
	}
	res := &SiteResult{s: sd.s, objective: check.ObjectiveRecomputed, check: check, sp: extractSite(sd, terms, sol),
		Sizes: Counts{Cols: b.NumCols(), Rows: b.NumRows(), NNZ: b.NumNonzeros()}, Integers: b.NumIntegers()}
	setLoadFigures(res, sd, sol)
	return res, nil
}

// ClosedFormHours derives site s's hourly allocation for decisions w by
// re-running the closed-form dispatch.
func ClosedFormHours(in *Inputs, blocks []*Block, s int, terms []Term, noHalls bool, w []float64) (plan.SiteHours, error) {
	sd := NewSitePool(len(blocks)).Prepare(in, blocks, s, terms, noHalls)
	var sol SiteSolution
	sol.Prepare(sd)
	copy(sol.W, w)
	if _, err := closedForm(sd, terms, &sol); err != nil {
		return plan.SiteHours{}, fmt.Errorf("site %q: %w", sd.site.ID, err)
	}
	return siteHourly(sd, &sol), nil
}
