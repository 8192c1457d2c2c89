package decomp

import (
	"context"
	"math"
	"slices"

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
func (r *decomposedRun) verifyAndExtract(c *couplingResult, scenarioPlan func(w int) (*plan.Plan, error)) (*plan.StochasticPlan, error) {
	sp := &plan.StochasticPlan{RiskWeight: r.st.RiskWeight, CVaRAlpha: r.st.CVaRAlpha, FirstStage: r.firstStageOf(c.w)}
	values := make([]float64, r.scenarios())
	probs := make([]float64, r.scenarios())
	for w, sc := range r.st.Scenarios {
		pl, err := scenarioPlan(w)
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
	job := r.scenarioJob(w, c)
	if err := verifyJointly(ctx, []*scenarioJob{job}); err != nil {
		return nil, err
	}
	return job.finish()
}

// scenarioJob is one plan's scenario to verify: the run that solved it,
// its decisions, the scenario (of the run) and the plan being assembled.
type scenarioJob struct {
	r    *decomposedRun
	c    *couplingResult
	w    int
	pa   *model.PlanAssembler
	size model.Counts
}

// scenarioJob starts verifying scenario w of the run's plan c.
func (r *decomposedRun) scenarioJob(w int, c *couplingResult) *scenarioJob {
	return &scenarioJob{r: r, c: c, w: w, pa: model.NewPlanAssembler(r.st.Scenarios[w].In, r.blocks[w], c.status)}
}

// verifyJointly verifies and extracts the sites of several plans in one
// scenario — the same inputs, hours and terms (jobs[0]'s) — in one pass
// over the sites, site by site in parallel: each site is prepared once
// (as jobs[0] prepares it), and verified once for every distinct model
// and set of decisions the plans make there (plans that agree on a site
// share its verified result, each with its own copy of the site's plan).
// A plan without halls (a baseline) among plans with them reads the
// site's no-halls view (model.SiteData.NoHalls), its own model.
func verifyJointly(ctx context.Context, jobs []*scenarioJob) error {
	first := jobs[0].r
	in, blocks := first.st.Scenarios[jobs[0].w].In, first.blocks[jobs[0].w]
	type state struct {
		pool *model.SitePool
		sol  model.SiteSolution
		b    *solver.Builder
		x    []float64
	}
	err := parallelSites(ctx, len(in.Case.Sites), first.opts.WorkerCount(), first.opts.Stage(StageVerifying, len(in.Case.Sites)),
		func() *state {
			return &state{pool: model.NewSitePool(len(blocks)), b: solver.NewBuilder("", true, false)}
		},
		func(st *state, s int) ([]*model.SiteResult, error) {
			sd, err := first.prepare(ctx, st.pool, jobs[0].w, s)
			if err != nil {
				return nil, err
			}
			out := make([]*model.SiteResult, len(jobs))
			var view *model.SiteData
		jobs:
			for k, job := range jobs {
				dec := job.c.w[job.w][s]
				for j := range k {
					if job.r.noHalls == jobs[j].r.noHalls && job.r.opts.Relax == jobs[j].r.opts.Relax && slices.Equal(jobs[j].c.w[jobs[j].w][s], dec) {
						out[k] = out[j].Copy()
						continue jobs
					}
				}
				site := sd
				switch {
				case job.r.noHalls == first.noHalls:
				case job.r.noHalls:
					if view == nil {
						view = sd.NoHalls(first.terms)
					}
					site = view
				default:
					return nil, model.InternalErrorf("a plan with halls verified on a site prepared without them")
				}
				if out[k], err = model.VerifySite(st.b, &st.x, site, &st.sol, dec, first.terms, job.r.opts.Relax); err != nil {
					return nil, err
				}
			}
			return out, nil
		},
		func(res []*model.SiteResult) error {
			for k, job := range jobs {
				job.size.Cols += res[k].Sizes.Cols
				job.size.Rows += res[k].Sizes.Rows
				job.size.NNZ += res[k].Sizes.NNZ
				job.pa.Plan.Solver.IntegerColumns += res[k].Integers
				if err := job.pa.Add(res[k]); err != nil {
					return err
				}
			}
			return nil
		})
	return err
}

// finish checks the coupling rows against the job's decisions and
// completes its plan.
func (job *scenarioJob) finish() (*plan.Plan, error) {
	r, w := job.r, job.w
	in, blocks := r.st.Scenarios[w].In, r.blocks[w]
	size := job.size
	for _, row := range model.HallRowsOf(in, blocks, r.terms, r.noHalls) {
		if msg := row.Violation(job.c.w[w]); msg != "" {
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
	pl, err := job.pa.Finish()
	if err != nil {
		return nil, err
	}
	pl.Solver.Columns, pl.Solver.Rows, pl.Solver.Nonzeros = size.Cols, size.Rows, size.NNZ
	pl.Hourly = &decomposedHours{r: r, scenario: w, w: job.c.w[w]}
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
