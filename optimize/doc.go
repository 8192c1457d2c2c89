// Package optimize holds gridflip's formulation: it turns a portfolio, its
// hourly prices and the market into one solver.Problem, solves it (as one
// monolithic model or by the exact decomposed fast path) and turns the
// solution back into a verified, typed Plan.
//
// The model is documented in docs/model.md; every model term lives in one
// file, term_<name>.go, which owns the term's columns, rows, names, its
// piece of the closed-form dispatch and its results (docs/adding-a-term.md
// walks through adding one).
package optimize
