package model

import (
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/sites"
)

// siteHours is one site's data for one block, hour by hour, as the terms
// prepare it: what a mining IT MWh is worth, the PUEs, the share of the
// fleet available, the halls' reservations and their money figures. The
// monolithic model takes its coefficients from it and the closed-form
// dispatch its values, so both methods read the same numbers.
type siteHours struct {
	in    *Inputs
	Block *Block
	s     int
	site  *sites.Site
	T     int

	// pue is the mining fleet's PUE in each hour (mining term).
	pue []float64
	// marginUSDPerMWh is what one mining IT MWh earns in each hour, net of
	// every linear cost (mining term: revenue − energy − opex; coincident
	// peak: its charge). USD per IT MWh.
	marginUSDPerMWh []float64
	// pieces are concave additions to an hour's value (reserve term).
	pieces []piece
	// fleetShare is the share of the mining fleet usable in each hour
	// (fleet term: 1 unless derated by heat).
	fleetShare []float64
	// existingMeterMW is the interconnection reserved by existing AI (poi term).
	existingMeterMW float64
	// halls holds each candidate hall's hourly data (halls and poi terms).
	halls []hallHours
	// reservePiece is the index of the reserve term's piece, -1 without.
	reservePiece int
	// Lims are the terms that limit mining, in the order of the term list
	// (availability.binding indexes them).
	Lims []Limiter
	// stress marks the block's stress hours, and poiExtraMW is the POI's
	// non-firm capacity per hour (flexibility term; both empty when the
	// site has neither curtailable halls nor non-firm service).
	stress     []bool
	poiExtraMW []float64
	// builds are the block's construction entries, the levels of its
	// state after the halls' (SiteData.Levels), and segments the first
	// hour of each run of hours in which the same entries displace miners
	// (0 first; set once the site's decisions are known).
	builds   []buildEntry
	segments []int
	// uniform says every limiter's limit is the same in every hour of a
	// segment and mining has no concave piece; gainPrefix[t] is then the
	// sum of the positive margins of the hours before t (StateValue).
	uniform    bool
	gainPrefix []float64
}

// piece adds valueUSDPerMWh[t] per IT MWh mined, for at most capITMW[t]
// IT MW in hour t: a concave, piecewise-linear part of the hour's value.
type piece struct {
	valueUSDPerMWh []float64
	capITMW        []float64
}

// hallHours is one candidate hall's data in one block.
type hallHours struct {
	hall *sites.Hall
	// pue is the hall's PUE per hour, nil when it is constant (pueConst).
	pue      []float64
	pueConst float64
	// reservationMW is the meter MW the hall reserves at the POI per hour
	// when in service, nil when constant (reservationConstMW).
	reservationMW      []float64
	reservationConstMW float64
	// streams are the hall's money figures over the block when in service
	// (before the block's weight), added by each term that has one.
	streams plan.Streams
	// drawShare is, per hour, the share of its reservation and load a
	// curtailable hall keeps (its firm share in stress hours, else 1); nil
	// for a firm hall (flexibility term).
	drawShare []float64
	// gpuAnnuityUSD is the part of streams.CapexAnnuityUSD that pays for a
	// GPU cloud contract's GPUs (halls term): it stops with the contract.
	gpuAnnuityUSD float64
	// gpuEnergyUSD is the part of streams.AIEnergyCostUSD a GPU cloud
	// contract's operator pays on a site whose tenants otherwise pay for
	// power: it stops with the contract.
	gpuEnergyUSD float64
}

// draw is the share of its reservation and load the hall keeps in hour t.
func (hh *hallHours) draw(t int) float64 {
	if hh.drawShare != nil {
		return hh.drawShare[t]
	}
	return 1
}

// poiExtra is the POI's non-firm capacity in hour t.
func (sh *siteHours) poiExtra(t int) float64 {
	if len(sh.poiExtraMW) > 0 {
		return sh.poiExtraMW[t]
	}
	return 0
}

// pueAt is the hall's PUE in hour t.
func (hh *hallHours) pueAt(t int) float64 {
	if hh.pue != nil {
		return hh.pue[t]
	}
	return hh.pueConst
}

// reservationAt is the meter MW the hall reserves in hour t.
func (hh *hallHours) reservationAt(t int) float64 {
	if hh.reservationMW != nil {
		return hh.reservationMW[t]
	}
	return hh.reservationConstMW
}

// newSiteHours returns an empty siteHours whose slices later resets reuse.
func newSiteHours() *siteHours { return &siteHours{} }

// reset points sh at site s of block b, sized for its hours, and runs
// every preparer; with noHalls the site's candidate halls are left out.
func (sh *siteHours) reset(in *Inputs, b *Block, s int, terms []Term, noHalls bool) {
	sh.in, sh.Block, sh.s, sh.site, sh.T = in, b, s, &in.Case.Sites[s], b.T()
	if sh.Lims == nil {
		sh.Lims = limitersOf(terms)
	}
	sh.pue = resize(sh.pue, sh.T)
	sh.marginUSDPerMWh = resize(sh.marginUSDPerMWh, sh.T)
	clear(sh.marginUSDPerMWh)
	sh.fleetShare = resize(sh.fleetShare, sh.T)
	sh.pieces = sh.pieces[:0]
	sh.reservePiece = -1
	sh.existingMeterMW = 0
	n := len(sh.site.Halls)
	if noHalls {
		n = 0
	}
	if cap(sh.halls) < n {
		sh.halls = append(sh.halls[:cap(sh.halls)], make([]hallHours, n-cap(sh.halls))...)
	}
	sh.halls = sh.halls[:n]
	for h := range sh.halls {
		sh.halls[h] = hallHours{hall: &sh.site.Halls[h], pue: sh.halls[h].pue[:0], reservationMW: sh.halls[h].reservationMW[:0]}
	}
	for _, tm := range terms {
		if p, ok := tm.(preparer); ok {
			p.prepare(sh)
		}
	}
	for h := range sh.halls {
		sh.halls[h].streams.Total()
	}
	sh.setUniform()
}

// temperature returns the site's temperature in hour t and whether the
// case has temperatures.
func (sh *siteHours) temperature(t int) (float64, bool) {
	if sh.Block.temperature == nil {
		return 0, false
	}
	return sh.Block.temperature[sh.s][t], true
}

// hasTemperatures reports whether the case gives temperatures.
func (sh *siteHours) hasTemperatures() bool { return sh.Block.temperature != nil }

// addPiece appends a concave piece over the block's hours and returns its index.
func (sh *siteHours) addPiece() int {
	k := len(sh.pieces)
	if cap(sh.pieces) > k {
		sh.pieces = sh.pieces[:k+1]
	} else {
		sh.pieces = append(sh.pieces, piece{})
	}
	p := &sh.pieces[k]
	p.valueUSDPerMWh = resize(p.valueUSDPerMWh, sh.T)
	p.capITMW = resize(p.capITMW, sh.T)
	return k
}

// resize returns s with length n, reusing its storage when large enough.
func resize[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}
