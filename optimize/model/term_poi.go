package model

import (
	"fmt"

	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
)

// poiTerm is the point of interconnection: every hour, the mining meter
// load plus the meter MW reserved by AI (existing, and each hall in service
// at poi_mw_per_it_mw or its hourly PUE × IT MW, a curtailable hall at its
// firm share in the stress hours) stays within interconnect_mw, plus the
// non-firm service outside the stress hours:
//
//	pue_t·m_t + A ≤ interconnect + nonfirm_t − existing AI meter MW,  A = Σ_h reservation_h·z_h
//
// The auxiliary column A keeps each hall column to a few entries; when a
// hall's PUE depends on the hour, the halls enter the POI rows directly
// (docs/model.md, "Point of interconnection").
type poiTerm struct{}

func (poiTerm) name() string { return "poi" }

func init() { registerTerm(500, poiTerm{}) }

// prepare sets the existing AI's reservation and each hall's, per hour: a
// hall reserves poi_mw_per_it_mw × IT MW every hour when it gives the
// ratio (its design peak), else its hourly PUE × IT MW; a curtailable
// hall only its firm share of that in the stress hours.
func (poiTerm) prepare(sh *siteHours) {
	ai := &sh.site.AI
	sh.existingMeterMW = ai.ExistingITMW * ai.ExistingPUE
	for h := range sh.halls {
		hh := &sh.halls[h]
		it := hh.hall.ITMW
		ratio := hh.hall.POIMWPerITMW
		hh.reservationConstMW = reservedPerITMW(hh.hall) * it
		if (hh.pue == nil || ratio > 0) && hh.drawShare == nil {
			hh.reservationMW = nil
			continue
		}
		hh.reservationMW = resize(hh.reservationMW, sh.T)
		for t := range sh.T {
			perIT := ratio
			if ratio == 0 {
				perIT = hh.pueAt(t)
			}
			hh.reservationMW[t] = perIT * it * hh.draw(t)
		}
	}
}

// Limits: (interconnect + non-firm_t − existing − Σ reservation_h(t)·z_h) ÷ pue_t.
func (poiTerm) Limits(sh *siteHours, z []float64, out []float64) {
	base := sh.site.InterconnectMW - sh.existingMeterMW
	var constant float64
	hourly := false
	for h := range sh.halls {
		if z[h] == 0 {
			continue
		}
		if sh.halls[h].reservationMW != nil {
			hourly = true
		} else {
			constant += z[h] * sh.halls[h].reservationConstMW
		}
	}
	for t := range out {
		out[t] = base - constant + sh.poiExtra(t)
	}
	if hourly {
		for h := range sh.halls {
			if r := sh.halls[h].reservationMW; r != nil && z[h] != 0 {
				for t := range out {
					out[t] -= z[h] * r[t]
				}
			}
		}
	}
	for t := range out {
		out[t] /= sh.pue[t]
	}
}

// Slope: −reservation_h(t) ÷ pue_t for a hall in service; a hall under
// construction reserves nothing.
func (poiTerm) Slope(sh *siteHours, t, h int) float64 {
	if h >= len(sh.halls) {
		return 0
	}
	return -sh.halls[h].reservationAt(t) / sh.pue[t]
}

// serviceOnly: a hall under construction reserves nothing.
func (poiTerm) serviceOnly() bool { return true }

// uniform: the fleet's PUE, the non-firm capacity and every hall's
// reservation are the same every hour.
func (poiTerm) uniform(sh *siteHours) bool {
	if hourlyReservations(sh) {
		return false
	}
	for t := range sh.T {
		if sh.pue[t] != sh.pue[0] || sh.poiExtra(t) != sh.poiExtra(0) {
			return false
		}
	}
	return true
}

// limitAt is the limit in hour t (hour-independent reservations).
func (poiTerm) limitAt(sh *siteHours, z []float64, t int) float64 {
	room := sh.site.InterconnectMW - sh.existingMeterMW + sh.poiExtra(t)
	for h := range sh.halls {
		room -= z[h] * sh.halls[h].reservationConstMW
	}
	return room / sh.pue[t]
}

// hourlyReservations reports whether some hall's reservation varies by hour.
func hourlyReservations(sh *siteHours) bool {
	for h := range sh.halls {
		if sh.halls[h].reservationMW != nil {
			return true
		}
	}
	return false
}

// usesAuxColumn reports whether block k's POI rows carry the column A.
func (poiTerm) usesAuxColumn(sm *siteModel, k int) bool {
	return sm.nHalls > 0 && !hourlyReservations(sm.sd.Hours[k])
}

func (p poiTerm) sizeColumns(sm *siteModel, n *Counts) {
	for k := range sm.blocks {
		if p.usesAuxColumn(sm, k) {
			n.Cols++
		}
	}
}

// addColumns declares A per block, A ≥ 0.
func (p poiTerm) addColumns(sm *siteModel) {
	for k := range sm.blocks {
		if p.usesAuxColumn(sm, k) {
			sm.ix.blocks[k].aiMeterCol = sm.addColumn(0, 0, solver.Inf, false)
		}
	}
}

func (p poiTerm) sizeRows(sm *siteModel, n *Counts) {
	for k, sh := range sm.sd.Hours {
		n.Rows += sh.T
		n.NNZ += sh.T
		switch {
		case p.usesAuxColumn(sm, k):
			n.Rows++
			n.NNZ += sh.T + 1 + sm.inServiceCount(k)
		case sm.nHalls > 0:
			n.NNZ += sh.T * sm.inServiceCount(k)
		}
	}
}

// addRows adds A's definition and the POI row of every hour.
func (p poiTerm) addRows(sm *siteModel) {
	var r RowScratch
	for k, sh := range sm.sd.Hours {
		bx := &sm.ix.blocks[k]
		aux := p.usesAuxColumn(sm, k)
		if aux {
			r.Reset()
			r.Add(int32(bx.aiMeterCol), 1)
			sm.addInService(&r, k, func(h int) float64 { return -sh.halls[h].reservationConstMW })
			bx.aiMeterRow = sm.b.AddRow(0, 0, r.Cols, r.Vals)
		}
		rhs := sm.site.InterconnectMW - sh.existingMeterMW
		bx.poiRow = sm.b.NumRows()
		for t := range sh.T {
			r.Reset()
			r.Add(int32(bx.miningCol+t), sh.pue[t])
			switch {
			case aux:
				r.Add(int32(bx.aiMeterCol), 1)
			case sm.nHalls > 0:
				sm.addInService(&r, k, func(h int) float64 { return sh.halls[h].reservationAt(t) })
			}
			sm.b.AddRow(-solver.Inf, rhs+sh.poiExtra(t), r.Cols, r.Vals)
		}
	}
}

func (poiTerm) fill(sm *siteModel, sol *SiteSolution, x []float64) {
	for k, sh := range sm.sd.Hours {
		if col := sm.ix.blocks[k].aiMeterCol; col >= 0 {
			var a float64
			for h := range sh.halls {
				a += sol.Blocks[k].Z[h] * sh.halls[h].reservationConstMW
			}
			x[col] = a
		}
	}
}

// extract sets the AI meter MW reserved and the marginal value of the
// interconnection: the right derivative of the block's value with respect
// to interconnect_mw. In hour t one more MW at the POI is worth
// slope_t ÷ pue_t when the POI alone sets the mining available (its limit
// strictly below every other) and mining uses all of it, else nothing.
// The value is scaled to a year (extractSite averages the blocks, weighted
// like the objective).
func (p poiTerm) extract(sd *SiteData, k int, sol *SiteSolution, sp *plan.SitePlan) {
	sh, bs := sd.Hours[k], &sol.Blocks[k]
	poiIndex := -1
	for i, l := range sh.Lims {
		if _, ok := l.(poiTerm); ok {
			poiIndex = i
		}
	}
	var newMeter, curtailable float64
	for h := range sh.halls {
		reserved := bs.Z[h] * sh.halls[h].reservationConstMW
		newMeter += reserved
		if hall := sh.halls[h].hall; hall.Flexibility == sites.FlexCurtailable {
			curtailable += (1 - hall.FirmShare) * reserved
		}
	}
	sp.NewAIMeterMW, sp.AIMeterMW = newMeter, sh.existingMeterMW+newMeter
	sp.CurtailableAIMeterMW = curtailable
	var value float64
	for t := range sh.T {
		if int(bs.Av.Binding[t]) != poiIndex || !(bs.Av.K[t] < bs.Av.second[t]) {
			continue
		}
		value += sh.SlopeAbove(t, bs.Av.K[t], bs.mining[t]) / sh.pue[t]
	}
	sp.InterconnectValueUSDPerMWYear = value / sh.Block.yearFraction()
}

func (poiTerm) names(sm *siteModel) {
	for k, sh := range sm.sd.Hours {
		bx := &sm.ix.blocks[k]
		if bx.aiMeterCol >= 0 {
			sm.b.SetColumnName(bx.aiMeterCol, fmt.Sprintf("ai_meter[%s%s]", sm.site.ID, blockLabel(sm, k)))
			sm.b.SetRowName(bx.aiMeterRow, fmt.Sprintf("def_ai_meter[%s%s]", sm.site.ID, blockLabel(sm, k)))
		}
		for t := range sh.T {
			sm.b.SetRowName(bx.poiRow+t, fmt.Sprintf("poi[%s,%s]", sm.site.ID, hourLabel(sm, k, t)))
		}
	}
}
