// Package optimize is gridflip's planning entry: Solve plans a case by the
// method that fits it (the exact decomposed fast path when every term has
// a closed form, the monolithic model otherwise), SolveBaseline plans
// today's fleet alone, and SolveStochastic plans across scenarios.
//
// The work is done by its sub-packages, one job each:
//
//   - plan: the result types every layer reads (Plan, SitePlan, the money
//     streams declared once);
//   - model: the inputs, the model terms (one file each, term_<name>.go),
//     the monolithic model and its solve, verification, extraction and
//     diagnosis;
//   - decomp: the decomposed fast path;
//   - stochastic: the scenario layer.
//
// This package keeps their public names (aliases and thin wrappers, api.go)
// so that its importers need not know the split. The model is documented in
// docs/model.md; docs/adding-a-term.md walks through adding a term.
package optimize
