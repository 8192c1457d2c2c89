package optimize

import "context"

// Hooks for the external tests (package optimize_test).

// Curfew is the example term of term_curfew_test.go, as the tests see it.
type Curfew struct{ term *curfewTerm }

// WithCurfew returns opts with the example curfew term added to the
// default terms. closedForm false makes the fast path refuse it.
func WithCurfew(opts Options, capITMW float64, from, to int, closedForm bool) (Options, *Curfew) {
	c := newCurfew(capITMW, from, to, closedForm)
	opts.terms = append(defaultTerms(), c)
	return opts, &Curfew{c}
}

// BuildWithCurfew builds the monolithic model with the curfew term.
func BuildWithCurfew(in *Inputs, opts BuildOptions, c *Curfew) (*Model, error) {
	opts.Terms = append(defaultTerms(), c.term)
	return Build(in, opts)
}

// BoundHours is how many hours the curfew set the mining available at a
// site, over every extraction since the last Reset.
func (c *Curfew) BoundHours(site string) int {
	return c.term.boundHoursAt(site)
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

// DefaultTermNames names the model's registered terms, in order: the
// conformance suite runs every one of them.
func DefaultTermNames() []string { return defaultTermNames() }
