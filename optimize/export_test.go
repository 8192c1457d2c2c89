package optimize

import "context"

// Hooks for the external tests (package optimize_test).

// WithCurfew returns opts with the example curfew term added to the
// default terms. closedForm false makes the fast path refuse it.
func WithCurfew(opts Options, capITMW float64, from, to int, closedForm bool) (Options, *Curfew) {
	c := NewCurfew(capITMW, from, to, closedForm)
	opts.terms = append(DefaultTerms(), c)
	return opts, c
}

// BuildWithCurfew builds the monolithic model with the curfew term.
func BuildWithCurfew(in *Inputs, opts BuildOptions, c *Curfew) (*Model, error) {
	opts.Terms = append(DefaultTerms(), c)
	return Build(in, opts)
}

// WithLPDuals makes the monolithic method take the interconnection values
// from per-site LP duals instead of the closed form (the oracle).
func WithLPDuals(opts Options) Options {
	opts.lpDuals = true
	return opts
}

// SiteKinds counts how the fast path's coupling problem takes the sites
// in: sets of decisions, each year's sets of halls, or cuts.
func SiteKinds(in *Inputs, relax bool) (sets, yearSets, cuts int) {
	sets, yearSets, cuts, err := siteKinds(context.Background(), in, relax)
	if err != nil {
		panic(err) // cannot happen: the context is never cancelled
	}
	return sets, yearSets, cuts
}
