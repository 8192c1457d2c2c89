package model

import (
	"math"
	"slices"

	"github.com/gridflip/gridflip/sites"
)

// flexTerm is the grid's stress hours and what they change (docs/model.md,
// "Flexible AI"): in a stress hour a curtailable hall keeps only its firm
// share of its reservation and of its load, and the POI takes only its
// firm interconnect_mw; in the other hours it also takes the site's
// nonfirm_interconnect_mw. It has no columns or rows of its own: it
// prepares the hourly shares and POI capacity the halls and poi terms
// read, so it runs before them.
type flexTerm struct{}

func (flexTerm) name() string { return "flexibility" }

func init() { registerTerm(200, flexTerm{}) }

// DefaultStressShare is the share of a year's hours that are stress hours
// at a site without curtailable halls (its non-firm service is then cut
// in them): 1%, the largest share of Duke's headroom study.
const DefaultStressShare = 0.01

// prepare marks the block's stress hours and sets each curtailable hall's
// share per hour and the POI's non-firm capacity per hour.
func (flexTerm) prepare(sh *siteHours) {
	site := sh.site
	sh.stress = sh.stress[:0]
	sh.poiExtraMW = sh.poiExtraMW[:0]
	curtailable := false
	for h := range sh.halls {
		curtailable = curtailable || sh.halls[h].hall.Flexibility == sites.FlexCurtailable
	}
	if !curtailable && site.NonfirmInterconnectMW == 0 {
		return
	}
	sh.stress = stressHours(sh, sh.stress)
	if site.NonfirmInterconnectMW > 0 {
		sh.poiExtraMW = resize(sh.poiExtraMW, sh.T)
		for t := range sh.T {
			sh.poiExtraMW[t] = site.NonfirmInterconnectMW
			if sh.stress[t] {
				sh.poiExtraMW[t] = 0
			}
		}
	}
	for h := range sh.halls {
		hh := &sh.halls[h]
		if hh.hall.Flexibility != sites.FlexCurtailable {
			continue
		}
		hh.drawShare = resize(hh.drawShare, sh.T)
		for t := range sh.T {
			hh.drawShare[t] = 1
			if sh.stress[t] {
				hh.drawShare[t] = hh.hall.FirmShare
			}
		}
	}
}

// stressHours marks the block's stress hours: the case's (one set for
// every site), or the site's highest-price hours, ⌊share × hours⌋ of them
// with share the largest max_curtailed_share of its curtailable halls
// (DefaultStressShare without one), ties to the earlier hour.
func stressHours(sh *siteHours, out []bool) []bool {
	out = resize(out, sh.T)
	clear(out)
	if sh.Block.stressHours != nil {
		for _, t := range sh.Block.stressHours {
			out[t] = true
		}
		return out
	}
	n := int(math.Floor(StressShare(sh.site)*float64(sh.T) + 1e-9))
	if c := sh.Block.stress; c != nil {
		if hours, ok := c.get(sh.s, n); ok {
			for _, t := range hours {
				out[t] = true
			}
			return out
		}
	}
	markHighest(sh.Block.price[sh.s][:sh.T], n, out)
	if c := sh.Block.stress; c != nil {
		hours := make([]int, 0, n)
		for t, on := range out {
			if on {
				hours = append(hours, t)
			}
		}
		c.put(sh.s, n, hours)
	}
	return out
}

// markHighest marks the n highest of the values, ties to the earlier
// index (what a stable sort by falling value would take first): every
// value above the n-th highest, then the earliest equal to it. It sorts a
// copy of the values once, which is many times faster than sorting the
// indices stably (a site-year's stress hours are found in every
// preparation of the site).
func markHighest(values []float64, n int, out []bool) {
	switch {
	case n <= 0:
		return
	case n >= len(values):
		for t := range values {
			out[t] = true
		}
		return
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	cut := sorted[len(values)-n]
	left := n
	for t, v := range values {
		if v > cut {
			out[t] = true
			left--
		}
	}
	for t, v := range values {
		if left == 0 {
			break
		}
		if v == cut {
			out[t] = true
			left--
		}
	}
}

// StressShare is the share of a year's hours that are a site's own stress
// hours: the largest max_curtailed_share of its curtailable halls, or
// DefaultStressShare without one.
func StressShare(site *sites.Site) float64 {
	share, curtailable := 0.0, false
	for _, hall := range site.Halls {
		if hall.Flexibility == sites.FlexCurtailable {
			share, curtailable = math.Max(share, hall.MaxCurtailedShare), true
		}
	}
	if !curtailable {
		return DefaultStressShare
	}
	return share // 0 gives no stress hour, which the loader refuses
}
