package optimize

import (
	"github.com/gridflip/gridflip/optimize/decomp"
	"github.com/gridflip/gridflip/optimize/model"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/optimize/stochastic"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
)

// The names below keep optimize's API whole for its importers: each is
// declared in the sub-package that does its job (plan: the result types;
// model: the inputs and the monolithic model; decomp: the fast path;
// stochastic: the scenario layer).

// The inputs (package model).
type (
	// Inputs is everything the model needs, already loaded and validated.
	Inputs = model.Inputs
	// Year is one calendar year of a case with a horizon.
	Year = model.Year
	// Scenario is one future of a stochastic plan.
	Scenario = model.Scenario
	// Stochastic is a two-stage stochastic plan's uncertainty set.
	Stochastic = model.Stochastic
)

// HoursPerYear scales annual figures to the modeled horizon (T/8760).
const HoursPerYear = model.HoursPerYear

// DefaultStressShare is the share of a year's hours that are stress hours
// at a site without curtailable halls.
const DefaultStressShare = model.DefaultStressShare

// The monolithic model (package model).
type (
	// Model is the built monolithic problem plus the map from sites,
	// blocks and halls to its columns and rows.
	Model = model.Model
	// BuildOptions tune model construction.
	BuildOptions = model.BuildOptions
	// InfeasibleError explains why a case has no feasible plan.
	InfeasibleError = model.InfeasibleError
	// InternalError is a failed self-check: a bug.
	InternalError = model.InternalError
)

// ErrNoSolution is wrapped when the solver stopped without a feasible point.
var ErrNoSolution = model.ErrNoSolution

// ErrUnsupported is wrapped when a method cannot handle a case.
var ErrUnsupported = model.ErrUnsupported

// LargeModelColumns is the size from which the monolithic method switches
// HiGHS's LP algorithm to interior point (model.LargeModelColumns).
const LargeModelColumns = model.LargeModelColumns

// Build turns the inputs into the monolithic model (model.Build).
func Build(in *Inputs, opts BuildOptions) (*Model, error) { return model.Build(in, opts) }

// TunedOptions fills in the LP algorithm for the problem's size when
// unset (model.TunedOptions).
func TunedOptions(o solver.Options, p *solver.Problem) solver.Options {
	return model.TunedOptions(o, p)
}

// Diagnose looks for the conflicts that make a case infeasible
// (model.Diagnose); nil when it finds none.
func Diagnose(in *Inputs) []string { return model.Diagnose(in) }

// Curtailed reports whether an hour's mining (IT MW) ran below what the
// fleet and the POI allowed (model.Curtailed).
func Curtailed(minedITMW, availableITMW float64) bool {
	return model.Curtailed(minedITMW, availableITMW)
}

// HallCapexUSD is what building a hall costs up front (model.HallCapexUSD).
func HallCapexUSD(hall *sites.Hall) float64 { return model.HallCapexUSD(hall) }

// CompoundedCapexUSD is capex spent in equal monthly parts over a build,
// compounded at r to service start (model.CompoundedCapexUSD).
func CompoundedCapexUSD(capexUSD float64, buildMonths int, r float64) float64 {
	return model.CompoundedCapexUSD(capexUSD, buildMonths, r)
}

// StressShare is the share of a year's hours that are a site's own stress
// hours (model.StressShare).
func StressShare(site *sites.Site) float64 { return model.StressShare(site) }

// The fast path (package decomp).

// MaxEnumeratedHalls is the most decisions of a site whose sets the fast
// path values one by one (decomp.MaxEnumeratedHalls).
const MaxEnumeratedHalls = decomp.MaxEnumeratedHalls

// The stages the fast path reports to Options.Progress.
const (
	StageValuing   = decomp.StageValuing
	StageVerifying = decomp.StageVerifying
)

// The results (package plan).
type (
	// Plan is the verified, revenue-maximizing plan for a portfolio.
	Plan = plan.Plan
	// SitePlan is the plan for one site.
	SitePlan = plan.SitePlan
	// HallPlan is one candidate hall and the decision about it.
	HallPlan = plan.HallPlan
	// HallYear is one year of a hall in service, undiscounted.
	HallYear = plan.HallYear
	// YearPlan is one site in one year of the horizon.
	YearPlan = plan.YearPlan
	// YearTotals is one year of the horizon, summed over the portfolio.
	YearTotals = plan.YearTotals
	// Totals are portfolio sums.
	Totals = plan.Totals
	// Streams are revenues and costs over the horizon.
	Streams = plan.Streams
	// MoneyStream declares one money stream of a plan.
	MoneyStream = plan.MoneyStream
	// SolverStats describes the solve.
	SolverStats = plan.SolverStats
	// SiteHours is one site's hourly allocation.
	SiteHours = plan.SiteHours
	// RegionLoad is the hourly load of a region's sites, summed.
	RegionLoad = plan.RegionLoad
	// ContractMonth settles one fixed-price block for one month.
	ContractMonth = plan.ContractMonth
	// HourlySource derives a site's hourly allocation.
	HourlySource = plan.HourlySource
	// HoursFunc adapts a function to HourlySource.
	HoursFunc = plan.HoursFunc
	// Method selects how Solve works.
	Method = plan.Method
	// StochasticPlan is the verified stochastic plan.
	StochasticPlan = plan.StochasticPlan
	// ScenarioPlan is one scenario's plan and value.
	ScenarioPlan = plan.ScenarioPlan
	// FirstStage is what a stochastic plan decides now.
	FirstStage = plan.FirstStage
)

// The solution methods.
const (
	// MethodAuto uses the decomposed fast path when every term of the case
	// has a closed form and the monolithic model otherwise.
	MethodAuto = plan.MethodAuto
	// MethodMonolithic solves the whole hourly model at once.
	MethodMonolithic = plan.MethodMonolithic
	// MethodDecomposed values each site in closed form and solves only the
	// small coupling problem with HiGHS.
	MethodDecomposed = plan.MethodDecomposed
)

// MoneyStreams lists the declared streams in output order.
func MoneyStreams() []MoneyStream { return plan.MoneyStreams() }

// Metric is (1−λ)·E[V] + λ·CVaR_α[V] of values v with probabilities p,
// and its expectation and CVaR (plan.Metric).
func Metric(v, p []float64, lambda, alpha float64) (metric, expected, cvar float64) {
	return plan.Metric(v, p, lambda, alpha)
}

// CVaR is the conditional value at risk of values v with probabilities p
// at level α (plan.CVaR).
func CVaR(v, p []float64, alpha float64) float64 { return plan.CVaR(v, p, alpha) }

// The scenario layer (package stochastic).

// FirstStageOf reads a deterministic plan's decisions made now under the
// stochastic plan's commit years (stochastic.FirstStageOf).
func FirstStageOf(p *Plan, st *Stochastic) FirstStage { return stochastic.FirstStageOf(p, st) }

// ReferenceScenario is the most probable scenario, the first of equals
// (stochastic.Reference): the one whose plan a study shows, and the one
// scenario of a study's stochastic plan that keeps its hourly data.
func ReferenceScenario(st *Stochastic) int { return stochastic.Reference(st) }

// WithTestStream declares one more money stream until restore is called
// (tests only; plan.WithTestStream).
func WithTestStream(name, label string, v *float64) (restore func()) {
	return plan.WithTestStream(name, label, v)
}
