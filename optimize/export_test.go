package optimize

import (
	"context"

	"github.com/gridflip/gridflip/optimize/decomp"
	"github.com/gridflip/gridflip/optimize/model"
)

// Hooks for the external tests (package optimize_test).

// WithCurfew returns opts with the example curfew term added to the
// default terms. closedForm false makes the fast path refuse it.
func WithCurfew(opts Options, capITMW float64, from, to int, closedForm bool) (Options, *model.Curfew) {
	c := model.NewCurfew(capITMW, from, to, closedForm)
	opts.terms = append(model.DefaultTerms(), c)
	return opts, c
}

// BuildWithCurfew builds the monolithic model with the curfew term.
func BuildWithCurfew(in *Inputs, opts BuildOptions, c *model.Curfew) (*Model, error) {
	opts.Terms = append(model.DefaultTerms(), c)
	return Build(in, opts)
}

// WithLPDuals makes the monolithic method take the interconnection values
// from per-site LP duals instead of the closed form (the oracle).
func WithLPDuals(opts Options) Options {
	opts.lpDuals = true
	return opts
}

// WithYearByYear makes the fast path value every site with a horizon
// block by block, never assignment by assignment.
func WithYearByYear(opts Options) Options {
	opts.yearByYear = true
	return opts
}

// SiteKinds counts how the fast path's coupling problem takes the sites
// in: sets of decisions, best assignments, each year's states, or cuts.
func SiteKinds(in *Inputs, opts Options) decomp.Kinds {
	n, err := decomp.SiteKinds(context.Background(), in, opts.settings())
	if err != nil {
		panic(err) // cannot happen: the context is never cancelled
	}
	return n
}

// DefaultTermNames names the model's registered terms, in order: the
// conformance suite runs every one of them.
func DefaultTermNames() []string { return model.DefaultTermNames() }
