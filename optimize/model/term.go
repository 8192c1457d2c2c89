package model

import (
	"fmt"
	"math"
	"slices"

	"github.com/gridflip/gridflip/optimize/plan"
)

// Term is one part of the model: the mining fleet, the halls, the point
// of interconnection, reserves, and so on. Each term lives in its own file
// and implements the capabilities below that it needs; the model builder,
// the closed-form dispatch, the verification and the result extraction
// call every term that has a capability, in the order of the term list.
// docs/adding-a-term.md explains how to add one.
type Term interface {
	// name identifies the term in messages.
	name() string
}

// preparer fills the term's part of a site's hourly data for one block:
// costs and values per hour, PUE, availability, hall reservations. Both
// methods read their coefficients from it.
type preparer interface {
	prepare(sh *siteHours)
}

// repricer is a preparer whose prepared data depends on the halls' money
// — their leases, lease escalators and capex, and the market's lease —
// and which can prepare it again over hours already prepared, every other
// term's data kept (SiteData.Reprice): the halls term alone.
type repricer interface {
	reprice(sh *siteHours)
}

// columnOwner declares the term's columns of one site in the monolithic
// model (after every term has prepared the site's blocks).
type columnOwner interface {
	sizeColumns(sm *siteModel, n *Counts)
	addColumns(sm *siteModel)
}

// rowOwner adds the term's rows of one site (after every column exists).
type rowOwner interface {
	sizeRows(sm *siteModel, n *Counts)
	addRows(sm *siteModel)
}

// hallRowOwner adds rows that couple sites, over the decisions of all of
// them (the market cap). The monolithic model puts them over the decision
// columns, the decomposed method's coupling problem over each site's
// decisions or hall sets, and the verification checks the decisions
// against them.
type hallRowOwner interface {
	hallRows(in *Inputs, blocks []*Block, noHalls bool) []HallRow
}

// HallRow is lower ≤ Σ_s Σ_d coef[s][d]·w_{s,d} ≤ upper over decisions.
type HallRow struct {
	Name         string
	Lower, Upper float64
	Coef         [][]float64 // [site][decision]
}

// Violation returns a message when the decisions w[s][d] break the row,
// "" otherwise.
func (r *HallRow) Violation(w [][]float64) string {
	var v float64
	for s, c := range r.Coef {
		for d, x := range c {
			v += x * w[s][d]
		}
	}
	if outside(v, r.Lower, r.Upper) {
		return fmt.Sprintf("%s = %s, outside [%s, %s]", r.Name, num(v), num(r.Lower), num(r.Upper))
	}
	return ""
}

// HallRowsOf collects every term's coupling rows.
func HallRowsOf(in *Inputs, blocks []*Block, terms []Term, noHalls bool) []HallRow {
	var out []HallRow
	for _, tm := range terms {
		if o, ok := tm.(hallRowOwner); ok {
			out = append(out, o.hallRows(in, blocks, noHalls)...)
		}
	}
	return out
}

// Limiter bounds the mining IT MW available in each hour for a given state
// of the halls; the dispatch takes the smallest limit (this is the one
// place the available capacity is computed: availability in dispatch.go).
type Limiter interface {
	// Limits writes the term's limit on mining IT MW for every hour into
	// out, for halls in service at levels z (0..1). A negative limit means
	// the state is infeasible.
	Limits(sh *siteHours, z []float64, out []float64)
	// Slope is ∂limit_t/∂z_h, for supergradients of the site's value.
	Slope(sh *siteHours, t, h int) float64
}

// siteRowOwner bounds a site's decisions by linear rows (a commitment, the
// fleet the halls may displace, one start per hall). Both methods enforce
// them: the monolithic model as rows or bounds, the decomposed method by
// refusing hall sets outside them (and as rows of its coupling problem).
type siteRowOwner interface {
	siteRows(sd *SiteData) []SiteRow
}

// SiteRow is lower ≤ Σ_d coef[d]·w_d ≤ upper over one site's decisions.
type SiteRow struct {
	Name         string
	Lower, Upper float64
	Coef         []float64
	// explain says why a value outside the bounds is refused.
	explain func(value float64) string
}

// siteRowsOf collects every term's rows for a site.
func siteRowsOf(sd *SiteData, terms []Term) []SiteRow {
	var out []SiteRow
	for _, tm := range terms {
		if o, ok := tm.(siteRowOwner); ok {
			out = append(out, o.siteRows(sd)...)
		}
	}
	return out
}

// Violation returns a message when the decisions w break the row, ""
// otherwise.
func (r *SiteRow) Violation(w []float64) string {
	var v float64
	for d, c := range r.Coef {
		v += c * w[d]
	}
	if outside(v, r.Lower, r.Upper) {
		return r.explain(v)
	}
	return ""
}

// outside reports whether v lies outside [lower, upper] by more than a
// relative 1e-9 of the finite bound it is compared with.
func outside(v, lower, upper float64) bool {
	return (lower > -inf && v < lower-1e-9*max(1, math.Abs(lower))) ||
		(upper < inf && v > upper+1e-9*max(1, math.Abs(upper)))
}

// filler writes the term's columns of a site for a closed-form solution,
// so that the solution can be verified in the full model.
type filler interface {
	fill(sm *siteModel, sol *SiteSolution, x []float64)
}

// extractor adds the term's results for block k of a site to blk, the
// site's plan for that block alone (undiscounted); extractSite folds the
// blocks into the site's plan and its years.
type extractor interface {
	extract(sd *SiteData, k int, sol *SiteSolution, blk *plan.SitePlan)
}

// decisionExtractor reports the term's decisions once per site (the halls
// built and when).
type decisionExtractor interface {
	extractDecisions(sd *SiteData, sol *SiteSolution, sp *plan.SitePlan)
}

// completer derives the term's own per-hour quantities of a closed-form
// block solution from the dispatched mining (reserve offered, say).
type completer interface {
	complete(sh *siteHours, bs *BlockSolution)
}

// namer names the term's rows and columns of a site (for MPS export).
type namer interface {
	names(sm *siteModel)
}

// The term registry. Each term file registers its term from an init
// function with its rank (registerTerm), so adding a term edits no shared
// list (docs/adding-a-term.md). It is written only while the package
// initializes and read-only after; DefaultTerms returns a fresh slice.
// The ranks order the terms where one reads what another prepared:
//
//	100 mining (the fleet's PUE and margins)
//	200 flexibility (stress hours, read by the halls and the POI)
//	300 halls
//	400 fleet, 500 poi, 600 reserve
//	700 coincident peak (after the PUEs it applies to)
//	800 commitment, 900 market cap, 1000 contracts
//	1100 mining fee
//	9000 constants (last: the objective constants every term prepared)
var registeredTerms []rankedTerm

// rankedTerm is a registered term and its rank.
type rankedTerm struct {
	rank int
	term Term
}

// registerTerm adds tm to the default terms at rank (unique; lower ranks
// are applied first). It is called only from init functions.
func registerTerm(rank int, tm Term) {
	for _, r := range registeredTerms {
		if r.rank == rank || r.term.name() == tm.name() {
			panic(fmt.Sprintf("model: term %q at rank %d clashes with %q at rank %d", tm.name(), rank, r.term.name(), r.rank))
		}
	}
	registeredTerms = append(registeredTerms, rankedTerm{rank, tm})
	slices.SortFunc(registeredTerms, func(a, b rankedTerm) int { return a.rank - b.rank })
}

// DefaultTerms returns the registered terms in rank order.
func DefaultTerms() []Term {
	out := make([]Term, len(registeredTerms))
	for i, r := range registeredTerms {
		out[i] = r.term
	}
	return out
}

// DefaultTermNames names the registered terms, in order.
func DefaultTermNames() []string {
	var out []string
	for _, tm := range DefaultTerms() {
		out = append(out, tm.name())
	}
	return out
}
