package optimize

import (
	"fmt"
	"math"
)

// A term is one part of the model: the mining fleet, the halls, the point
// of interconnection, reserves, and so on. Each term lives in its own file
// and implements the capabilities below that it needs; the model builder,
// the closed-form dispatch, the verification and the result extraction
// call every term that has a capability, in the order of the term list.
// docs/adding-a-term.md explains how to add one.
type term interface {
	// name identifies the term in messages.
	name() string
}

// preparer fills the term's part of a site's hourly data for one block:
// costs and values per hour, PUE, availability, hall reservations. Both
// methods read their coefficients from it.
type preparer interface {
	prepare(sh *siteHours)
}

// columnOwner declares the term's columns of one site in the monolithic
// model (after every term has prepared the site's blocks).
type columnOwner interface {
	sizeColumns(sm *siteModel, n *counts)
	addColumns(sm *siteModel)
}

// rowOwner adds the term's rows of one site (after every column exists).
type rowOwner interface {
	sizeRows(sm *siteModel, n *counts)
	addRows(sm *siteModel)
}

// hallRowOwner adds rows that couple sites, over the decisions of all of
// them (the market cap). The monolithic model puts them over the decision
// columns, the decomposed method's coupling problem over each site's
// decisions or hall sets, and the verification checks the decisions
// against them.
type hallRowOwner interface {
	hallRows(in *Inputs, blocks []*block, noHalls bool) []hallRow
}

// hallRow is lower ≤ Σ_s Σ_d coef[s][d]·w_{s,d} ≤ upper over decisions.
type hallRow struct {
	name         string
	lower, upper float64
	coef         [][]float64 // [site][decision]
}

// violation returns a message when the decisions w[s][d] break the row,
// "" otherwise.
func (r *hallRow) violation(w [][]float64) string {
	var v float64
	for s, c := range r.coef {
		for d, x := range c {
			v += x * w[s][d]
		}
	}
	if outside(v, r.lower, r.upper) {
		return fmt.Sprintf("%s = %s, outside [%s, %s]", r.name, num(v), num(r.lower), num(r.upper))
	}
	return ""
}

// hallRowsOf collects every term's coupling rows.
func hallRowsOf(in *Inputs, blocks []*block, terms []term, noHalls bool) []hallRow {
	var out []hallRow
	for _, tm := range terms {
		if o, ok := tm.(hallRowOwner); ok {
			out = append(out, o.hallRows(in, blocks, noHalls)...)
		}
	}
	return out
}

// limiter bounds the mining IT MW available in each hour for a given state
// of the halls; the dispatch takes the smallest limit (this is the one
// place the available capacity is computed: availability in dispatch.go).
type limiter interface {
	// limits writes the term's limit on mining IT MW for every hour into
	// out, for halls in service at levels z (0..1). A negative limit means
	// the state is infeasible.
	limits(sh *siteHours, z []float64, out []float64)
	// slope is ∂limit_t/∂z_h, for supergradients of the site's value.
	slope(sh *siteHours, t, h int) float64
}

// siteRowOwner bounds a site's decisions by linear rows (a commitment, the
// fleet the halls may displace, one start per hall). Both methods enforce
// them: the monolithic model as rows or bounds, the decomposed method by
// refusing hall sets outside them (and as rows of its coupling problem).
type siteRowOwner interface {
	siteRows(sd *siteData) []siteRow
}

// siteRow is lower ≤ Σ_d coef[d]·w_d ≤ upper over one site's decisions.
type siteRow struct {
	name         string
	lower, upper float64
	coef         []float64
	// explain says why a value outside the bounds is refused.
	explain func(value float64) string
}

// siteRowsOf collects every term's rows for a site.
func siteRowsOf(sd *siteData, terms []term) []siteRow {
	var out []siteRow
	for _, tm := range terms {
		if o, ok := tm.(siteRowOwner); ok {
			out = append(out, o.siteRows(sd)...)
		}
	}
	return out
}

// violation returns a message when the decisions w break the row, ""
// otherwise.
func (r *siteRow) violation(w []float64) string {
	var v float64
	for d, c := range r.coef {
		v += c * w[d]
	}
	if outside(v, r.lower, r.upper) {
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
	fill(sm *siteModel, sol *siteSolution, x []float64)
}

// extractor adds the term's results for block k of a site to blk, the
// site's plan for that block alone (undiscounted); extractSite folds the
// blocks into the site's plan and its years.
type extractor interface {
	extract(sd *siteData, k int, sol *siteSolution, blk *SitePlan)
}

// decisionExtractor reports the term's decisions once per site (the halls
// built and when).
type decisionExtractor interface {
	extractDecisions(sd *siteData, sol *siteSolution, sp *SitePlan)
}

// completer derives the term's own per-hour quantities of a closed-form
// block solution from the dispatched mining (reserve offered, say).
type completer interface {
	complete(sh *siteHours, bs *blockSolution)
}

// namer names the term's rows and columns of a site (for MPS export).
type namer interface {
	names(sm *siteModel)
}

// defaultTerms returns the model's terms in the order they are applied.
// Order matters where one term reads what another prepared: the mining
// term first, the flexibility term's stress hours before the halls and
// the POI that read them, the coincident-peak charge after the PUEs it
// applies to.
func defaultTerms() []term {
	return []term{
		miningTerm{},
		flexTerm{},
		hallsTerm{},
		fleetTerm{},
		poiTerm{},
		reserveTerm{},
		coincidentPeakTerm{},
		commitmentTerm{},
		marketCapTerm{},
		contractsTerm{},
	}
}

// defaultTermNames names the registered terms, in order.
func defaultTermNames() []string {
	var out []string
	for _, tm := range defaultTerms() {
		out = append(out, tm.name())
	}
	return out
}
