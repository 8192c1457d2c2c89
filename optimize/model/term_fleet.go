package model

import (
	"fmt"
	"math"

	"github.com/gridflip/gridflip/market"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/solver"
)

// fleetTerm is the mining fleet's size: halls displace miners (an auxiliary
// column D per block holds Σ displaces_h·z_h), and in hot hours an
// air-cooled fleet is derated to a share a_t of what is left:
// m_t ≤ a_t·(capacity − D) (docs/model.md, "Fleet and derating").
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

// Limits: a_t·(capacity − Σ displaces_h·z_h).
func (fleetTerm) Limits(sh *siteHours, z []float64, out []float64) {
	left := sh.site.Mining.CapacityITMW - displaced(sh, z)
	for t := range out {
		out[t] = sh.fleetShare[t] * left
	}
}

// Slope: −a_t·displaces_h.
func (fleetTerm) Slope(sh *siteHours, t, h int) float64 {
	return -sh.fleetShare[t] * sh.halls[h].hall.DisplacesMiningITMW
}

// displaced is the mining IT MW the halls in service at levels z displace.
func displaced(sh *siteHours, z []float64) float64 {
	var d float64
	for h := range sh.halls {
		d += z[h] * sh.halls[h].hall.DisplacesMiningITMW
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
		n.Cols += len(sm.blocks)
	}
}

// addColumns declares D per block, 0 ≤ D ≤ capacity.
func (fleetTerm) addColumns(sm *siteModel) {
	if sm.nHalls == 0 {
		return
	}
	for k := range sm.blocks {
		sm.ix.blocks[k].displaceCol = sm.addColumn(0, 0, sm.site.Mining.CapacityITMW, false)
	}
}

func (fleetTerm) sizeRows(sm *siteModel, n *Counts) {
	if sm.nHalls == 0 {
		return
	}
	for k, sh := range sm.sd.Hours {
		n.Rows += sh.T + 1
		n.NNZ += 2*sh.T + 1 + sm.inServiceCount(k)
	}
}

// addRows adds D − Σ displaces_h·z_h = 0 and, every hour,
// m_t + a_t·D ≤ a_t·capacity.
func (fleetTerm) addRows(sm *siteModel) {
	if sm.nHalls == 0 {
		return
	}
	var r RowScratch
	for k, sh := range sm.sd.Hours {
		bx := &sm.ix.blocks[k]
		r.Reset()
		r.Add(int32(bx.displaceCol), 1)
		sm.addInService(&r, k, func(h int) float64 { return -sm.site.Halls[h].DisplacesMiningITMW })
		bx.displaceRow = sm.b.AddRow(0, 0, r.Cols, r.Vals)
		bx.fleetRow = sm.b.NumRows()
		for t := range sh.T {
			a := sh.fleetShare[t]
			r.Reset()
			r.Add(int32(bx.miningCol+t), 1)
			r.Add(int32(bx.displaceCol), a)
			sm.b.AddRow(-solver.Inf, a*sm.site.Mining.CapacityITMW, r.Cols, r.Vals)
		}
	}
}

func (fleetTerm) fill(sm *siteModel, sol *SiteSolution, x []float64) {
	for k, sh := range sm.sd.Hours {
		if col := sm.ix.blocks[k].displaceCol; col >= 0 {
			x[col] = displaced(sh, sol.Blocks[k].Z)
		}
	}
}

// extract sets the fleet left in the block: its flexible meter MW and
// hashrate.
func (fleetTerm) extract(sd *SiteData, k int, sol *SiteSolution, sp *plan.SitePlan) {
	m := &sd.site.Mining
	sp.MiningCapacityITMW = m.CapacityITMW - displaced(sd.Hours[k], sol.Blocks[k].Z)
	sp.FlexibleMW = sp.MiningCapacityITMW * m.PUE
	sp.HashrateEHs = market.HashrateEHs(sp.MiningCapacityITMW, m.EfficiencyJPerTH)
}

func (fleetTerm) names(sm *siteModel) {
	for k, sh := range sm.sd.Hours {
		bx := &sm.ix.blocks[k]
		if bx.displaceCol < 0 {
			continue
		}
		sm.b.SetColumnName(bx.displaceCol, fmt.Sprintf("displaced[%s%s]", sm.site.ID, blockLabel(sm, k)))
		sm.b.SetRowName(bx.displaceRow, fmt.Sprintf("def_displaced[%s%s]", sm.site.ID, blockLabel(sm, k)))
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
