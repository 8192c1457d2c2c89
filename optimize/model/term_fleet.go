package model

import (
	"fmt"
	"math"

	"github.com/gridflip/gridflip/market"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/solver"
)

// fleetTerm is the mining fleet's size: halls displace miners, from the
// first hour of their construction (an auxiliary column D per block and
// segment holds Σ displaces_h × the levels of the halls in service or
// under construction), and in hot hours an air-cooled fleet is derated
// to a share a_t of what is left: m_t ≤ a_t·(capacity − D)
// (docs/model.md, "Fleet and derating" and "Construction").
type fleetTerm struct{}

func (fleetTerm) name() string { return "fleet" }

func init() { registerTerm(400, fleetTerm{}) }

// prepare sets the share of the fleet usable each hour.
func (fleetTerm) prepare(sh *siteHours) {
	m := &sh.site.Mining
	for t := range sh.T {
		sh.fleetShare[t] = 1
		if temp, ok := sh.temperature(t); ok && m.DeratePerC > 0 {
			sh.fleetShare[t] = math.Max(0, 1-m.DeratePerC*math.Max(0, temp-m.DerateAboveC))
		}
	}
}

// Limits: a_t·(capacity − Σ displaces_h·z_h − Σ_{entries e from t_e ≤ t} displaces_e·z_e),
// the halls in service and those under construction in hour t.
func (fleetTerm) Limits(sh *siteHours, z []float64, out []float64) {
	left := sh.site.Mining.CapacityITMW - displaced(sh, z)
	for t := range out {
		out[t] = sh.fleetShare[t] * left
	}
	H := len(sh.halls)
	for e, b := range sh.builds {
		if lv := z[H+e]; lv != 0 {
			d := lv * sh.halls[b.hall].hall.DisplacesMiningITMW
			for t := b.from; t < len(out); t++ {
				out[t] -= sh.fleetShare[t] * d
			}
		}
	}
}

// Slope: −a_t·displaces_h for a hall in service, and for a construction
// entry in the hours from its start.
func (fleetTerm) Slope(sh *siteHours, t, i int) float64 {
	if H := len(sh.halls); i >= H {
		b := &sh.builds[i-H]
		if t < b.from {
			return 0
		}
		i = b.hall
	}
	return -sh.fleetShare[t] * sh.halls[i].hall.DisplacesMiningITMW
}

// uniform: the fleet is not derated hour by hour.
func (fleetTerm) uniform(sh *siteHours) bool {
	for _, a := range sh.fleetShare {
		if a != sh.fleetShare[0] {
			return false
		}
	}
	return true
}

// limitAt is the limit in hour t.
func (fleetTerm) limitAt(sh *siteHours, z []float64, t int) float64 {
	return sh.fleetShare[t] * (sh.site.Mining.CapacityITMW - displacedAt(sh, z, t))
}

// displaced is the mining IT MW the halls in service at levels z displace.
func displaced(sh *siteHours, z []float64) float64 {
	var d float64
	for h := range sh.halls {
		d += z[h] * sh.halls[h].hall.DisplacesMiningITMW
	}
	return d
}

// displacedAt is the mining IT MW displaced in hour t at levels z: by
// the halls in service and those under construction then.
func displacedAt(sh *siteHours, z []float64, t int) float64 {
	d := displaced(sh, z)
	H := len(sh.halls)
	for e, b := range sh.builds {
		if b.from <= t {
			d += z[H+e] * sh.halls[b.hall].hall.DisplacesMiningITMW
		}
	}
	return d
}

// siteRows: the halls may displace at most the whole fleet (in the last
// block, when every hall built is in service).
func (fleetTerm) siteRows(sd *SiteData) []SiteRow {
	if len(sd.Decisions) == 0 {
		return nil
	}
	fleet := sd.site.Mining.CapacityITMW
	coef := make([]float64, len(sd.Decisions))
	for d, dec := range sd.Decisions {
		coef[d] = sd.site.Halls[dec.Hall].DisplacesMiningITMW
	}
	return []SiteRow{{Name: "fleet_displaced", Lower: -inf, Upper: fleet, Coef: coef,
		explain: func(v float64) string {
			return fmt.Sprintf("the halls displace %s mining IT MW, more than the %s MW fleet", num(v), num(fleet))
		}}}
}

func (fleetTerm) sizeColumns(sm *siteModel, n *Counts) {
	if sm.nHalls > 0 {
		for _, sh := range sm.sd.Hours {
			n.Cols += len(sh.segments)
		}
	}
}

// addColumns declares D per block and segment, 0 ≤ D ≤ capacity.
func (fleetTerm) addColumns(sm *siteModel) {
	if sm.nHalls == 0 {
		return
	}
	for k, sh := range sm.sd.Hours {
		sm.ix.blocks[k].displaceCol = sm.b.NumCols()
		for range sh.segments {
			sm.addColumn(0, 0, sm.site.Mining.CapacityITMW, false)
		}
	}
}

func (fleetTerm) sizeRows(sm *siteModel, n *Counts) {
	if sm.nHalls == 0 {
		return
	}
	for k, sh := range sm.sd.Hours {
		n.Rows += sh.T + len(sh.segments)
		n.NNZ += 2 * sh.T
		for _, from := range sh.segments {
			n.NNZ += 1 + sm.inServiceCount(k) + sm.buildingCount(k, from)
		}
	}
}

// addRows adds, per segment i of each block, D_i − Σ displaces_h·z_h −
// Σ_{entries under way by the segment} displaces_e·z_e = 0 and, every
// hour of the segment, m_t + a_t·D_i ≤ a_t·capacity.
func (fleetTerm) addRows(sm *siteModel) {
	if sm.nHalls == 0 {
		return
	}
	var r RowScratch
	disp := func(h int) float64 { return -sm.site.Halls[h].DisplacesMiningITMW }
	for k, sh := range sm.sd.Hours {
		bx := &sm.ix.blocks[k]
		bx.displaceRow = sm.b.NumRows()
		for i, from := range sh.segments {
			r.Reset()
			r.Add(int32(bx.displaceCol+i), 1)
			sm.addInService(&r, k, disp)
			sm.addBuilding(&r, k, from, disp)
			sm.b.AddRow(0, 0, r.Cols, r.Vals)
		}
		bx.fleetRow = sm.b.NumRows()
		seg := 0
		for t := range sh.T {
			if seg+1 < len(sh.segments) && sh.segments[seg+1] == t {
				seg++
			}
			a := sh.fleetShare[t]
			r.Reset()
			r.Add(int32(bx.miningCol+t), 1)
			r.Add(int32(bx.displaceCol+seg), a)
			sm.b.AddRow(-solver.Inf, a*sm.site.Mining.CapacityITMW, r.Cols, r.Vals)
		}
	}
}

func (fleetTerm) fill(sm *siteModel, sol *SiteSolution, x []float64) {
	for k, sh := range sm.sd.Hours {
		if col := sm.ix.blocks[k].displaceCol; col >= 0 {
			for i, from := range sh.segments {
				x[col+i] = displacedAt(sh, sol.Blocks[k].Z, from)
			}
		}
	}
}

// extract sets the fleet left at the block's end (the halls in service
// and those under construction then): its flexible meter MW and
// hashrate.
func (fleetTerm) extract(sd *SiteData, k int, sol *SiteSolution, sp *plan.SitePlan) {
	m := &sd.site.Mining
	sh := sd.Hours[k]
	sp.MiningCapacityITMW = m.CapacityITMW - displacedAt(sh, sol.Blocks[k].Z, sh.T-1)
	sp.FlexibleMW = sp.MiningCapacityITMW * m.PUE
	sp.HashrateEHs = market.HashrateEHs(sp.MiningCapacityITMW, m.EfficiencyJPerTH)
}

func (fleetTerm) names(sm *siteModel) {
	for k, sh := range sm.sd.Hours {
		bx := &sm.ix.blocks[k]
		if bx.displaceCol < 0 {
			continue
		}
		for i, from := range sh.segments {
			label := blockLabel(sm, k)
			if i > 0 {
				label += fmt.Sprintf(",from %d", from)
			}
			sm.b.SetColumnName(bx.displaceCol+i, fmt.Sprintf("displaced[%s%s]", sm.site.ID, label))
			sm.b.SetRowName(bx.displaceRow+i, fmt.Sprintf("def_displaced[%s%s]", sm.site.ID, label))
		}
		for t := range sh.T {
			sm.b.SetRowName(bx.fleetRow+t, fmt.Sprintf("fleet[%s,%s]", sm.site.ID, hourLabel(sm, k, t)))
		}
	}
}

// blockLabel is ",year" for block k of a multi-year model, "" otherwise.
func blockLabel(sm *siteModel, k int) string {
	if len(sm.blocks) == 1 {
		return ""
	}
	return fmt.Sprintf(",%d", sm.blocks[k].year)
}
