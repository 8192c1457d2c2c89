package optimize

import (
	"context"
	"fmt"
	"math"

	"github.com/gridflip/gridflip/solver"
)

// scenarioError names the scenario of an error when there are several.
func scenarioError(st *Stochastic, w int, err error) error {
	if len(st.Scenarios) == 1 {
		return err
	}
	return fmt.Errorf("scenario %q: %w", st.Scenarios[w].ID, err)
}

// firstStageFrom builds the first stage from a reader of decision levels.
func firstStageFrom(st *Stochastic, in *Inputs, level func(s, d int) float64, decisions func(s int) []decision) FirstStage {
	fs := FirstStage{Start: make([][]int, len(in.Case.Sites))}
	for s := range fs.Start {
		fs.Start[s] = make([]int, len(in.Case.Sites[s].Halls))
		for h := range fs.Start[s] {
			fs.Start[s][h] = -1
		}
		for d, dec := range decisions(s) {
			if st.firstStage(dec) && level(s, d) >= 0.5 {
				fs.Start[s][dec.hall] = dec.start
			}
		}
	}
	return fs
}

// outsideOfPlan is what a plan keeps outside its objective and a scenario
// changes: existing AI at the lease, less its coincident-peak charge,
// plus the contracts' hedge.
func outsideOfPlan(p *Plan) float64 {
	v := p.Portfolio.ExistingAILeaseUSD + p.Portfolio.HedgeUSD
	for i := range p.Sites {
		v -= p.Sites[i].ExistingAICoincidentPeakUSD
	}
	return v
}

// outsideUSD is outsideOfPlan computed before planning: the figures do not
// depend on the decisions, so extracting every site with no halls in
// service gives them. It checks ctx while it prepares each site's hours.
func outsideUSD(ctx context.Context, in *Inputs, blocks []*block, terms []term) (float64, error) {
	pool := newSitePool(len(blocks))
	var sol siteSolution
	var v float64
	for s := range in.Case.Sites {
		sd, err := pool.prepareContext(ctx, in, blocks, s, terms, true)
		if err != nil {
			return 0, err
		}
		sol.prepare(sd)
		sol.inService(sd)
		for k := range sd.hours {
			clear(sol.blocks[k].mining)
			sol.blocks[k].reserve = nil
			sd.hours[k].available(sd.hours[k].lims, sol.blocks[k].z, &sol.blocks[k].av, sol.blocks[k].scratch)
		}
		sp := extractSite(sd, terms, &sol)
		v += sp.ExistingAILeaseUSD + sp.HedgeUSD - sp.ExistingAICoincidentPeakUSD
	}
	return v, nil
}

// verifySite rebuilds one site's solution in closed form from its
// decisions w (with the terms given; relax: continuous decisions), builds the site's part of the full model into b (reusing
// *x), writes the solution into its columns and verifies it there: every
// row, every bound, and the objective recomputed from the primal values
// against the closed form's value. Then it extracts the site's plan.
func verifySite(b *solver.Builder, x *[]float64, sd *siteData, sol *siteSolution, w []float64, terms []term, relax bool) (*siteResult, error) {
	sol.prepare(sd)
	copy(sol.w, w)
	value, err := closedForm(sd, terms, sol)
	if err != nil {
		return nil, internalError("site %q: the coupling problem chose decisions that the closed form refuses: %v", sd.site.ID, err)
	}
	b.Reset(sd.site.ID, true, false)
	sm := newSiteModel(sd, b, &siteIndex{}, relax)
	addSite(sm, terms, false)
	*x = resize(*x, b.NumCols())
	clear(*x)
	for _, tm := range terms {
		if f, ok := tm.(filler); ok {
			f.fill(sm, sol, *x)
		}
	}
	check, err := b.Verify(*x, value)
	if err != nil {
		return nil, internalError("site %q: the closed-form solution does not satisfy the full model: %v", sd.site.ID, err)
	}
	if rel := math.Abs(check.ObjectiveRecomputed-value) / math.Max(1, math.Abs(value)); rel > 1e-9 {
		return nil, internalError("site %q: the full model values the closed-form solution at %.6f USD, the closed form at %.6f", sd.site.ID, check.ObjectiveRecomputed, value)
	}
	res := &siteResult{s: sd.s, objective: check.ObjectiveRecomputed, check: check, sp: extractSite(sd, terms, sol),
		sizes: counts{cols: b.NumCols(), rows: b.NumRows(), nnz: b.NumNonzeros()}, integers: b.NumIntegers()}
	setLoadFigures(res, sd, sol)
	return res, nil
}

// closedFormHours derives site s's hourly allocation for decisions w by
// re-running the closed-form dispatch.
func closedFormHours(in *Inputs, blocks []*block, s int, terms []term, noHalls bool, w []float64) (SiteHours, error) {
	sd := newSitePool(len(blocks)).prepare(in, blocks, s, terms, noHalls)
	var sol siteSolution
	sol.prepare(sd)
	copy(sol.w, w)
	if _, err := closedForm(sd, terms, &sol); err != nil {
		return SiteHours{}, fmt.Errorf("site %q: %w", sd.site.ID, err)
	}
	return siteHourly(sd, &sol), nil
}
