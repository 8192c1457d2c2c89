package model

import (
	"fmt"
	"math"

	"github.com/gridflip/gridflip/market"
	"github.com/gridflip/gridflip/optimize/plan"
)

// miningTerm is the bitcoin fleet: one column per hour, m_t IT MW mined,
// worth hashprice revenue less energy at the fleet's PUE and opex
// (docs/model.md, "Mining").
type miningTerm struct{}

func (miningTerm) name() string { return "mining" }

func init() { registerTerm(100, miningTerm{}) }

// prepare sets the fleet's hourly PUE and the margin of one IT MWh:
// R_t − pue_t·price_t − opex.
func (miningTerm) prepare(sh *siteHours) {
	m := &sh.site.Mining
	for t := range sh.T {
		pue := m.PUE
		if temp, ok := sh.temperature(t); ok {
			pue = m.PUETemp.PUEAt(m.PUE, temp)
		}
		sh.pue[t] = pue
		sh.marginUSDPerMWh[t] += miningRevenueUSDPerMWh(sh, t) - pue*sh.Block.price[sh.s][t] - m.OpexUSDPerMWh
	}
}

// miningRevenueUSDPerMWh is the hashprice revenue of one IT MWh in hour t.
func miningRevenueUSDPerMWh(sh *siteHours, t int) float64 {
	return market.MiningRevenueUSDPerMWh(sh.Block.hashprice[t], sh.site.Mining.EfficiencyJPerTH)
}

func (miningTerm) sizeColumns(sm *siteModel, n *Counts) {
	for _, sh := range sm.sd.Hours {
		n.Cols += sh.T
	}
}

// addColumns declares m_t for every hour of every block, bounded by the
// fleet available that hour.
func (miningTerm) addColumns(sm *siteModel) {
	for k, sh := range sm.sd.Hours {
		w := sm.blocks[k].Weight
		sm.ix.blocks[k].miningCol = sm.b.NumCols()
		for t := range sh.T {
			sm.addColumn(w*sh.marginUSDPerMWh[t], 0, sh.fleetShare[t]*sm.site.Mining.CapacityITMW, false)
		}
	}
}

func (miningTerm) fill(sm *siteModel, sol *SiteSolution, x []float64) {
	for k := range sm.blocks {
		copy(x[sm.ix.blocks[k].miningCol:], sol.Blocks[k].mining)
	}
}

// extract adds the energy mined, its revenue and costs, and the hours the
// fleet curtailed.
func (miningTerm) extract(sd *SiteData, k int, sol *SiteSolution, sp *plan.SitePlan) {
	sh, bs := sd.Hours[k], &sol.Blocks[k]
	m := &sh.site.Mining
	for t, mine := range bs.mining {
		if mine == 0 {
			continue
		}
		sp.MiningMWh += mine
		sp.MiningMeterMWh += sh.pue[t] * mine
		sp.MiningRevenueUSD += miningRevenueUSDPerMWh(sh, t) * mine
		sp.MiningEnergyCostUSD += sh.pue[t] * sh.Block.price[sh.s][t] * mine
		sp.MiningOpexUSD += m.OpexUSDPerMWh * mine
	}
	for t, mine := range bs.mining {
		if Curtailed(mine, bs.Av.K[t]) {
			sp.CurtailedHours++
		}
	}
}

func (miningTerm) names(sm *siteModel) {
	for k, sh := range sm.sd.Hours {
		for t := range sh.T {
			sm.b.SetColumnName(sm.ix.blocks[k].miningCol+t, fmt.Sprintf("mine[%s,%s]", sm.site.ID, hourLabel(sm, k, t)))
		}
	}
}

// hourLabel names hour t of block k in row and column names.
func hourLabel(sm *siteModel, k, t int) string {
	if len(sm.blocks) == 1 {
		return fmt.Sprint(t)
	}
	return fmt.Sprintf("%d:%d", sm.blocks[k].year, t)
}

func (miningTerm) read(sm *siteModel, x []float64, sol *SiteSolution) {
	for k, sh := range sm.sd.Hours {
		col := sm.ix.blocks[k].miningCol
		copy(sol.Blocks[k].mining, x[col:col+sh.T])
	}
}

// Curtailed reports whether an hour's mining (IT MW) ran below what the
// fleet and the POI allowed: a curtailed hour of the reports.
func Curtailed(minedITMW, availableITMW float64) bool {
	return availableITMW > 1e-6 && minedITMW < availableITMW-1e-6*math.Max(1, availableITMW)
}
