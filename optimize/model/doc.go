// Package model holds gridflip's formulation: the inputs, the model terms
// (one file each, term_<name>.go, owning the term's columns, rows, names,
// its piece of the closed-form dispatch and its results), each site's
// prepared hourly data, the monolithic solver.Problem (deterministic, or
// the extensive form of a stochastic plan) and its solve, the verification
// of a site's solution in the full model, the extraction of plans, and the
// diagnosis of infeasible cases.
//
// The decomposed fast path (package decomp) reads the same prepared data
// and terms through the exported names: SitePool and SiteData, Decision,
// SiteSolution and BlockSolution, the closed form of a site's decisions
// (VerifySite, ClosedFormHours), HallRowsOf and SiteRow, Limiter.Slope,
// OutsideUSD and the PlanAssembler. docs/model.md documents the model and
// docs/adding-a-term.md the terms' capabilities.
package model
