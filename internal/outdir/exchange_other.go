//go:build !linux && !darwin

package outdir

// exchange swaps two directories' names by renames: this system has no
// atomic exchange (see exchangeByRenames).
func exchange(a, b string) error { return exchangeByRenames(a, b) }
