package decomp

import (
	"context"
	"math"

	"github.com/gridflip/gridflip/optimize/model"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/solver"
)

// verifyAndExtract is phase 3: in every scenario, each site's solution is
// rebuilt in closed form from its decisions, written into the site's part
// of that scenario's full model and verified there (every row, bound and
// the objective), and extracted; then the coupling rows are checked
// against the decisions, and the scenarios' values must make up the
// coupling problem's objective.
func (r *decomposedRun) verifyAndExtract(ctx context.Context, c *couplingResult) (*plan.StochasticPlan, error) {
	sp := &plan.StochasticPlan{RiskWeight: r.st.RiskWeight, CVaRAlpha: r.st.CVaRAlpha, FirstStage: r.firstStageOf(c.w)}
	values := make([]float64, r.scenarios())
	probs := make([]float64, r.scenarios())
	for w, sc := range r.st.Scenarios {
		pl, err := r.verifyScenario(ctx, w, c)
		if err != nil {
			return nil, model.ScenarioError(r.st, w, err)
		}
		pl.Method, pl.Relaxed = plan.MethodDecomposed, r.opts.Relax
		if r.lean {
			pl.Regions, pl.Hourly = nil, nil
		}
		outside := model.OutsideOfPlan(pl)
		if r.outside[w] == 0 {
			outside = 0 // a deterministic plan leaves them out
		} else if rel := math.Abs(outside-r.outside[w]) / math.Max(1, math.Abs(outside)); rel > 1e-9 {
			return nil, model.InternalErrorf("scenario %q: the plan reports %.6f USD outside its objective, the coupling problem counted %.6f", sc.ID, outside, r.outside[w])
		}
		values[w], probs[w] = pl.ObjectiveUSD+outside, sc.Probability
		sp.Scenarios = append(sp.Scenarios, plan.ScenarioPlan{ID: sc.ID, Probability: sc.Probability, Plan: pl, OutsideUSD: outside, ValueUSD: values[w]})
	}
	sp.ObjectiveUSD, sp.ExpectedUSD, sp.CVaRUSD = plan.Metric(values, probs, r.st.RiskWeight, r.st.CVaRAlpha)
	if rel := math.Abs(sp.ObjectiveUSD-c.objective) / math.Max(1, math.Abs(c.objective)); rel > 1e-7 {
		return nil, model.InternalErrorf("the full models value the decomposed plan at %.6f USD, the coupling problem at %.6f", sp.ObjectiveUSD, c.objective)
	}
	return sp, nil
}

// verifyScenario verifies and extracts scenario w's plan, site by site in
// parallel, and checks the coupling rows.
func (r *decomposedRun) verifyScenario(ctx context.Context, w int, c *couplingResult) (*plan.Plan, error) {
	in, blocks := r.st.Scenarios[w].In, r.blocks[w]
	pa := model.NewPlanAssembler(in, blocks, c.status)
	type state struct {
		pool *model.SitePool
		sol  model.SiteSolution
		b    *solver.Builder
		x    []float64
	}
	var size model.Counts
	err := parallelSites(ctx, len(in.Case.Sites), r.opts.WorkerCount(), r.opts.Stage(StageVerifying, len(in.Case.Sites)),
		func() *state {
			return &state{pool: model.NewSitePool(len(blocks)), b: solver.NewBuilder("", true, false)}
		},
		func(st *state, s int) (*model.SiteResult, error) {
			sd, err := st.pool.PrepareContext(ctx, in, blocks, s, r.terms, r.noHalls)
			if err != nil {
				return nil, err
			}
			return model.VerifySite(st.b, &st.x, sd, &st.sol, c.w[w][s], r.terms, r.opts.Relax)
		},
		func(res *model.SiteResult) error {
			size.Cols += res.Sizes.Cols
			size.Rows += res.Sizes.Rows
			size.NNZ += res.Sizes.NNZ
			pa.Plan.Solver.IntegerColumns += res.Integers
			return pa.Add(res)
		})
	if err != nil {
		return nil, err
	}
	for _, row := range model.HallRowsOf(in, blocks, r.terms, r.noHalls) {
		if msg := row.Violation(c.w[w]); msg != "" {
			return nil, model.InternalErrorf("the decomposed decisions break the coupling row %s: %s", row.Name, msg)
		}
		size.Rows++
		for _, cf := range row.Coef {
			for _, v := range cf {
				if v != 0 {
					size.NNZ++
				}
			}
		}
	}
	pl, err := pa.Finish()
	if err != nil {
		return nil, err
	}
	pl.Solver.Columns, pl.Solver.Rows, pl.Solver.Nonzeros = size.Cols, size.Rows, size.NNZ
	pl.Hourly = &decomposedHours{r: r, scenario: w, w: c.w[w]}
	return pl, nil
}

// firstStageOf reads the first-stage decisions from the first scenario's.
func (r *decomposedRun) firstStageOf(w [][][]float64) plan.FirstStage {
	return model.FirstStageFrom(r.st, r.in, func(s, d int) float64 { return w[0][s][d] }, func(s int) []model.Decision { return r.sites[s].decisions })
}

// decomposedHours regenerates hourly allocations from the decisions.
type decomposedHours struct {
	r        *decomposedRun
	scenario int
	w        [][]float64
}

// SiteHours derives site s's hourly allocation by the closed form.
func (dh *decomposedHours) SiteHours(s int) (plan.SiteHours, error) {
	r := dh.r
	return model.ClosedFormHours(r.st.Scenarios[dh.scenario].In, r.blocks[dh.scenario], s, r.terms, r.noHalls, dh.w[s])
}
