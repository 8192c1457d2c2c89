package optimize

import (
	"context"
	"fmt"
	"math"

	"github.com/gridflip/gridflip/solver"
)

// verifyAndExtract is phase 3: in every scenario, each site's solution is
// rebuilt in closed form from its decisions, written into the site's part
// of that scenario's full model and verified there (every row, bound and
// the objective), and extracted; then the coupling rows are checked
// against the decisions, and the scenarios' values must make up the
// coupling problem's objective.
func (r *decomposedRun) verifyAndExtract(ctx context.Context, c *couplingResult) (*StochasticPlan, error) {
	sp := &StochasticPlan{RiskWeight: r.st.RiskWeight, CVaRAlpha: r.st.CVaRAlpha, FirstStage: r.firstStageOf(c.w)}
	values := make([]float64, r.scenarios())
	probs := make([]float64, r.scenarios())
	for w, sc := range r.st.Scenarios {
		plan, err := r.verifyScenario(ctx, w, c)
		if err != nil {
			return nil, scenarioError(r.st, w, err)
		}
		plan.Method, plan.Relaxed = MethodDecomposed, r.opts.Relax
		outside := outsideOfPlan(plan)
		if r.outside[w] == 0 {
			outside = 0 // a deterministic plan leaves them out
		} else if rel := math.Abs(outside-r.outside[w]) / math.Max(1, math.Abs(outside)); rel > 1e-9 {
			return nil, internalError("scenario %q: the plan reports %.6f USD outside its objective, the coupling problem counted %.6f", sc.ID, outside, r.outside[w])
		}
		values[w], probs[w] = plan.ObjectiveUSD+outside, sc.Probability
		sp.Scenarios = append(sp.Scenarios, ScenarioPlan{ID: sc.ID, Probability: sc.Probability, Plan: plan, OutsideUSD: outside, ValueUSD: values[w]})
	}
	sp.ObjectiveUSD, sp.ExpectedUSD, sp.CVaRUSD = Metric(values, probs, r.st.RiskWeight, r.st.CVaRAlpha)
	if rel := math.Abs(sp.ObjectiveUSD-c.objective) / math.Max(1, math.Abs(c.objective)); rel > 1e-7 {
		return nil, internalError("the full models value the decomposed plan at %.6f USD, the coupling problem at %.6f", sp.ObjectiveUSD, c.objective)
	}
	return sp, nil
}

// scenarioError names the scenario of an error when there are several.
func scenarioError(st *Stochastic, w int, err error) error {
	if len(st.Scenarios) == 1 {
		return err
	}
	return fmt.Errorf("scenario %q: %w", st.Scenarios[w].ID, err)
}

// verifyScenario verifies and extracts scenario w's plan, site by site in
// parallel, and checks the coupling rows.
func (r *decomposedRun) verifyScenario(ctx context.Context, w int, c *couplingResult) (*Plan, error) {
	in, blocks := r.st.Scenarios[w].In, r.blocks[w]
	pa := newPlanAssembler(in, blocks, c.status)
	type state struct {
		pool *sitePool
		sol  siteSolution
		b    *solver.Builder
		x    []float64
	}
	var size counts
	err := parallelSites(ctx, len(in.Case.Sites), r.opts.workers(), r.opts.stage(StageVerifying, len(in.Case.Sites)),
		func() *state { return &state{pool: newSitePool(len(blocks)), b: solver.NewBuilder("", true, false)} },
		func(st *state, s int) (*siteResult, error) {
			sd, err := st.pool.prepareContext(ctx, in, blocks, s, r.terms, r.noHalls)
			if err != nil {
				return nil, err
			}
			return r.verifySite(st.b, &st.x, sd, &st.sol, c.w[w][s])
		},
		func(res *siteResult) error {
			size.cols += res.sizes.cols
			size.rows += res.sizes.rows
			size.nnz += res.sizes.nnz
			pa.plan.Solver.IntegerColumns += res.integers
			return pa.add(res)
		})
	if err != nil {
		return nil, err
	}
	for _, row := range hallRowsOf(in, blocks, r.terms, r.noHalls) {
		if msg := row.violation(c.w[w]); msg != "" {
			return nil, internalError("the decomposed decisions break the coupling row %s: %s", row.name, msg)
		}
		size.rows++
		for _, cf := range row.coef {
			for _, v := range cf {
				if v != 0 {
					size.nnz++
				}
			}
		}
	}
	plan, err := pa.finish()
	if err != nil {
		return nil, err
	}
	plan.Solver.Columns, plan.Solver.Rows, plan.Solver.Nonzeros = size.cols, size.rows, size.nnz
	plan.Hourly = &decomposedHours{r: r, scenario: w, w: c.w[w]}
	return plan, nil
}

// verifySite rebuilds one site's solution in closed form from its
// decisions w, builds the site's part of the full model into b (reusing
// *x), writes the solution into its columns and verifies it there: every
// row, every bound, and the objective recomputed from the primal values
// against the closed form's value. Then it extracts the site's plan.
func (r *decomposedRun) verifySite(b *solver.Builder, x *[]float64, sd *siteData, sol *siteSolution, w []float64) (*siteResult, error) {
	sol.prepare(sd)
	copy(sol.w, w)
	value, err := closedForm(sd, r.terms, sol)
	if err != nil {
		return nil, internalError("site %q: the coupling problem chose decisions that the closed form refuses: %v", sd.site.ID, err)
	}
	b.Reset(sd.site.ID, true, false)
	sm := newSiteModel(sd, b, &siteIndex{}, r.opts.Relax)
	addSite(sm, r.terms, false)
	*x = resize(*x, b.NumCols())
	clear(*x)
	for _, tm := range r.terms {
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
	res := &siteResult{s: sd.s, objective: check.ObjectiveRecomputed, check: check, sp: extractSite(sd, r.terms, sol),
		sizes: counts{cols: b.NumCols(), rows: b.NumRows(), nnz: b.NumNonzeros()}, integers: b.NumIntegers()}
	setLoadFigures(res, sd, sol)
	return res, nil
}

// firstStageOf reads the first-stage decisions from the first scenario's.
func (r *decomposedRun) firstStageOf(w [][][]float64) FirstStage {
	return firstStageFrom(r.st, r.in, func(s, d int) float64 { return w[0][s][d] }, func(s int) []decision { return r.sites[s].decisions })
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

// decomposedHours regenerates hourly allocations from the decisions.
type decomposedHours struct {
	r        *decomposedRun
	scenario int
	w        [][]float64
}

func (dh *decomposedHours) SiteHours(s int) (SiteHours, error) {
	r := dh.r
	in, blocks := r.st.Scenarios[dh.scenario].In, r.blocks[dh.scenario]
	sd := newSitePool(len(blocks)).prepare(in, blocks, s, r.terms, r.noHalls)
	var sol siteSolution
	sol.prepare(sd)
	copy(sol.w, dh.w[s])
	if _, err := closedForm(sd, r.terms, &sol); err != nil {
		return SiteHours{}, fmt.Errorf("site %q: %w", sd.site.ID, err)
	}
	return siteHourly(sd, &sol), nil
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
