// Package analysis runs a study of a case: it plans the conversion and the
// no-conversion baseline with optimize, hands both plans' regional hourly
// loads to impact, which measures the grid impact and the share of the US
// power gap closed, and the plan to proforma for the conversions' finance.
// It is the one place that joins them.
package analysis

import (
	"context"
	"fmt"
	"time"

	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/proforma"
	"github.com/gridflip/gridflip/scenario"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
)

// Analysis is a plan with its baseline, its grid impact and the share of
// the US power gap it closes.
type Analysis struct {
	Plan     *optimize.Plan
	Baseline *optimize.Plan
	// Case is the case the plan and its finance were computed from (a
	// stochastic plan's reference scenario's) and PriceSourceYear the
	// price file's year repeated over the horizon (0: none;
	// optimize.Inputs), for the report's assumptions and the workbook.
	Case            *sites.Case
	PriceSourceYear int
	Impact          []impact.Impact // per region, then the portfolio
	// Gap is how much of each reference the plan closes on the headline
	// basis (impact.GapHeadlineBasis); GapBases is the GW closed on every
	// basis.
	Gap      []impact.GapRow
	GapBases []impact.GapBasis
	// Finance is the pro formas of the plan's conversions.
	Finance *proforma.Result
	// Risk is set for a stochastic plan: Plan is then its reference
	// scenario's.
	Risk *Risk
	// Flexibility is the headroom answer per curtailment share (Flexible),
	// when asked for.
	Flexibility []FlexRow
	// Headroom is each balancing area's curtailment-enabled headroom
	// before and after the plan (MeasureHeadroom); HeadroomNotes say what
	// it leaves out.
	Headroom      []AreaHeadroom
	HeadroomNotes []string
	// HeadroomAttribution credits the load data the headroom is drawn
	// from ("" without headroom).
	HeadroomAttribution string
	// Timing: reading the case (set by the caller that read it), solving
	// the plan and the baseline, wall seconds.
	ReadSeconds, PlanSeconds, BaselineSeconds float64
}

// BaselineLabel starts the progress lines of the no-conversion baseline's
// solve, so that its stages ("verifying sites") are told apart from the
// plan's ("plan: verifying sites").
const BaselineLabel = "baseline (keep the miners): "

// labelProgress is opts whose stage reports start with label.
func labelProgress(opts optimize.Options, label string) optimize.Options {
	if p := opts.Progress; p != nil {
		opts.Progress = func(stage string, done, total int) { p(label+stage, done, total) }
	}
	return opts
}

// Run solves the plan and the no-conversion baseline and measures what
// the conversion does to the grid and to the US data-center power gap.
func Run(ctx context.Context, sv solver.Solver, in *optimize.Inputs, opts optimize.Options) (*Analysis, error) {
	began := time.Now()
	plan, err := optimize.Solve(ctx, sv, in, labelProgress(opts, "plan: "))
	if err != nil {
		return nil, err
	}
	planned := time.Now()
	base, err := optimize.SolveBaseline(ctx, sv, in, labelProgress(opts, BaselineLabel))
	if err != nil {
		return nil, err
	}
	a, err := Measure(in, plan, base)
	if err != nil {
		return nil, err
	}
	a.PlanSeconds, a.BaselineSeconds = planned.Sub(began).Seconds(), time.Since(planned).Seconds()
	return a, nil
}

// Measure compares a plan with its baseline.
func Measure(in *optimize.Inputs, plan, base *optimize.Plan) (*Analysis, error) {
	c := in.Case
	network := c.Impact.NetworkHashrateEHs
	if network == 0 && c.Market.NetworkHashrateEHs != nil {
		network = *c.Market.NetworkHashrateEHs
	}
	im, err := impact.Compare(Loads(base), Loads(plan), impact.Options{
		StressHours:         c.Impact.StressHours,
		CoincidentPeakHours: in.AllCoincidentPeakHours(),
		NetworkHashrateEHs:  network,
		USHashrateShare:     c.Impact.USHashrateShare,
	})
	if err != nil {
		return nil, err
	}
	var refs []impact.GapReference
	for _, g := range c.Gap {
		refs = append(refs, impact.GapReference{ID: g.ID, Source: g.Source, GapGW: g.GapGW})
	}
	bases := impact.GapBases(GapHalls(c, plan))
	closedGW := impact.ClosedOn(bases, impact.GapHeadlineBasis)
	fin, err := proforma.Build(c, plan)
	if err != nil {
		return nil, err
	}
	return &Analysis{
		Plan:     plan,
		Baseline: base,
		Impact:   im,
		Gap:      impact.CloseGap(impact.MergeGapReferences(impact.DefaultGapReferences(), refs), closedGW),
		GapBases: bases,
		Finance:  fin,
		Case:     c, PriceSourceYear: in.PriceSourceYear,
	}, nil
}

// GapHalls are the plan's built halls as the gap counts them: IT MW, the
// meter MW each reserves at its POI (poi_mw_per_it_mw, else its PUE, per
// IT MW), whether its site's connection is new and whether it is a signed
// deal.
func GapHalls(c *sites.Case, p *optimize.Plan) []impact.GapHall {
	var out []impact.GapHall
	for s := range p.Sites {
		for h := range p.Sites[s].Halls {
			hp, spec := &p.Sites[s].Halls[h], &c.Sites[s].Halls[h]
			if hp.Build < 0.5 {
				continue
			}
			perIT := spec.POIMWPerITMW
			if perIT == 0 {
				perIT = spec.PUE
			}
			out = append(out, impact.GapHall{ITMW: hp.ITMW * hp.Build, ReservedMW: perIT * hp.ITMW * hp.Build,
				NewConnection: c.Sites[s].NewConnection, Signed: spec.ServiceYear > 0})
		}
	}
	return out
}

// Loads converts a plan's regional sums into impact's plain loads.
func Loads(p *optimize.Plan) []impact.Load {
	out := make([]impact.Load, len(p.Regions))
	for i, r := range p.Regions {
		out[i] = impact.Load{
			Region: r.Region, Sites: r.Sites, LoadMW: r.LoadMW, PriceSumUSDPerMWh: r.PriceSumUSDPerMWh, PaidUSD: r.PaidUSD,
			FirmMW: r.FirmMW, FlexibleMW: r.FlexibleMW, HashrateEHs: r.HashrateEHs, NewAIMeterMW: r.NewAIMeterMW,
		}
	}
	return out
}

// Risk is a stochastic plan's value against its benchmarks, in the plan's
// metric (1−λ)·E[V] + λ·CVaR_α[V] (docs/model.md, "Scenarios").
type Risk struct {
	Plan *optimize.StochasticPlan
	// Reference is the scenario whose plan the report's site tables, grid
	// impact and finance show: the most probable (the first of equals).
	Reference int
	// PerfectInformationUSD[ω] is scenario ω's value when planned knowing
	// it; WaitAndSeeUSD is their metric.
	PerfectInformationUSD []float64
	WaitAndSeeUSD         float64
	// EVPlanValueUSD[ω] is the expected-value plan's value in scenario ω
	// (its first-stage decisions fixed, the rest chosen per scenario);
	// EVPlanUSD their metric. EVPlanError says why it could not be valued
	// (then VSS is not known).
	EVPlanValueUSD []float64
	EVPlanUSD      float64
	EVPlanError    string
	// EVPIUSD = WaitAndSeeUSD − the plan's objective; VSSUSD = the plan's
	// objective − EVPlanUSD.
	EVPIUSD, VSSUSD float64
	// BaselineValueUSD[ω] is scenario ω's value keeping the miners (the
	// no-conversion baseline's objective plus what stays outside it);
	// BaselineUSD their metric, the plan objective's counterpart.
	BaselineValueUSD []float64
	BaselineUSD      float64
}

// RunStochastic plans a case across scenarios and measures the plan: the
// stochastic plan; each scenario planned with perfect information; the
// expected-value plan (planned on mean, the probability-weighted mean
// inputs) valued in every scenario; EVPI and VSS; and, for the reference
// scenario's plan, the no-conversion baseline, grid impact, gap and
// finance.
func RunStochastic(ctx context.Context, sv solver.Solver, st *optimize.Stochastic, mean *optimize.Inputs, opts optimize.Options) (*Analysis, error) {
	began := time.Now()
	study, err := optimize.SolveStochasticStudy(ctx, sv, st, mean, opts)
	if err != nil {
		return nil, err
	}
	planned := time.Now()
	sp := study.Plan
	r := &Risk{Plan: sp, Reference: ReferenceScenario(st)}
	r.perfectInformation(st, study)
	r.expectedValuePlan(study)
	ref := st.Scenarios[r.Reference].In
	base, err := r.baselines(ctx, sv, st, study, opts)
	if err != nil {
		return nil, err
	}
	a, err := Measure(ref, sp.Scenarios[r.Reference].Plan, base)
	if err != nil {
		return nil, err
	}
	a.Risk = r
	a.PlanSeconds, a.BaselineSeconds = planned.Sub(began).Seconds(), time.Since(planned).Seconds()
	return a, nil
}

// ReferenceScenario is the most probable scenario, the first of equals:
// the one whose plan the site tables, grid impact and finance show
// (optimize.ReferenceScenario; the study keeps its hourly data only).
func ReferenceScenario(st *optimize.Stochastic) int { return optimize.ReferenceScenario(st) }

// probabilities lists the scenarios' probabilities.
func probabilities(st *optimize.Stochastic) []float64 {
	out := make([]float64, len(st.Scenarios))
	for w, sc := range st.Scenarios {
		out[w] = sc.Probability
	}
	return out
}

// baselines values keeping the miners in every scenario and returns the
// reference scenario's baseline plan.
func (r *Risk) baselines(ctx context.Context, sv solver.Solver, st *optimize.Stochastic, study *optimize.StochasticStudy, opts optimize.Options) (*optimize.Plan, error) {
	var ref *optimize.Plan
	for w, sc := range st.Scenarios {
		base, err := optimize.SolveStudyBaseline(ctx, sv, study, st, w, labelProgress(opts, BaselineLabel))
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", sc.ID, err)
		}
		if w == r.Reference {
			ref = base
		}
		r.BaselineValueUSD = append(r.BaselineValueUSD, base.ObjectiveUSD+r.Plan.Scenarios[w].OutsideUSD)
	}
	r.BaselineUSD, _, _ = optimize.Metric(r.BaselineValueUSD, probabilities(st), st.RiskWeight, st.CVaRAlpha)
	return ref, nil
}

// perfectInformation reads the value of every scenario planned on its own.
func (r *Risk) perfectInformation(st *optimize.Stochastic, study *optimize.StochasticStudy) {
	for w, plan := range study.PerfectInformation {
		r.PerfectInformationUSD = append(r.PerfectInformationUSD, plan.ObjectiveUSD+r.Plan.Scenarios[w].OutsideUSD)
	}
	r.WaitAndSeeUSD, _, _ = optimize.Metric(r.PerfectInformationUSD, probabilities(st), st.RiskWeight, st.CVaRAlpha)
	r.EVPIUSD = r.WaitAndSeeUSD - r.Plan.ObjectiveUSD
}

// expectedValuePlan reads the plan of the mean inputs with its
// first-stage decisions fixed, valued in every scenario.
func (r *Risk) expectedValuePlan(study *optimize.StochasticStudy) {
	switch {
	case study.EVPlanErr != nil:
		r.EVPlanError = "the expected-value case has no plan: " + study.EVPlanErr.Error()
		return
	case study.EVFixedErr != nil:
		r.EVPlanError = "the expected-value plan's first-stage decisions are infeasible in some scenario: " + study.EVFixedErr.Error()
		return
	}
	for _, sc := range study.EVFixed.Scenarios {
		r.EVPlanValueUSD = append(r.EVPlanValueUSD, sc.ValueUSD)
	}
	r.EVPlanUSD = study.EVFixed.ObjectiveUSD
	r.VSSUSD = r.Plan.ObjectiveUSD - r.EVPlanUSD
}

// FlexRow is the headroom answer for one curtailment share: every new
// hall curtailable, giving up all of its reservation in its site's
// stress hours (the ⌊share × hours⌋ highest-price hours of each year).
type FlexRow struct {
	MaxCurtailedShare float64
	NewAIITMW         float64
	ClosedGW          float64 // on the headline basis (impact.GapHeadlineBasis)
	GapBases          []impact.GapBasis
	// StressHoursLoadMW is the portfolio's average load in the impact's
	// stress hours (its highest-price hours), with the plan.
	StressHoursLoadMW float64
	Gap               []impact.GapRow
	// Plan is the curtailable-AI plan (its headroom: MeasureHeadroom).
	Plan *optimize.Plan
}

// Flexible answers the headroom question: how much AI the same points of
// interconnection host if the new AI accepts each curtailment share. Each
// share re-plans the case with every candidate hall (not a signed deal) curtailable (firm
// share 0, the share as its max_curtailed_share, each site's own
// stress hours) and measures it against the baseline.
func Flexible(ctx context.Context, sv solver.Solver, in *optimize.Inputs, shares []float64, base *optimize.Plan, opts optimize.Options) ([]FlexRow, error) {
	var out []FlexRow
	for _, share := range shares {
		flex := curtailable(in, share)
		plan, err := optimize.Solve(ctx, sv, flex, opts)
		if err != nil {
			return nil, fmt.Errorf("curtailment share %g: %w", share, err)
		}
		a, err := Measure(flex, plan, base)
		if err != nil {
			return nil, err
		}
		port := a.Impact[len(a.Impact)-1]
		out = append(out, FlexRow{MaxCurtailedShare: share, NewAIITMW: plan.Portfolio.NewAIITMW, ClosedGW: impact.ClosedOn(a.GapBases, impact.GapHeadlineBasis),
			StressHoursLoadMW: port.After.StressLoadMW, Gap: a.Gap, GapBases: a.GapBases, Plan: plan})
	}
	return out, nil
}

// curtailable is the case with every candidate hall curtailable at the
// share (scenario.Curtailable: a what-if's curtailable_share is the same).
func curtailable(in *optimize.Inputs, share float64) *optimize.Inputs {
	return scenario.Curtailable(in, share)
}
