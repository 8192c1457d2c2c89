package model

import "github.com/gridflip/gridflip/optimize/plan"

// coincidentPeakTerm is the transmission charge on a site's average meter
// load in the coincident-peak intervals (ERCOT's 4CP): rate × T/8760 ÷ N
// per meter MW present in each of the N intervals. Mining that runs in an
// interval pays it at the fleet's PUE; a hall pays it on its load,
// utilization × PUE × IT MW, since firm AI cannot curtail
// (docs/model.md, "Coincident peak").
type coincidentPeakTerm struct{}

func (coincidentPeakTerm) name() string { return "coincident_peak" }

func init() { registerTerm(700, coincidentPeakTerm{}) }

// cpUSDPerMW is the charge, over the block, of one meter MW present in one
// of its intervals.
func cpUSDPerMW(b *Block) float64 {
	if len(b.cpHours) == 0 {
		return 0
	}
	return b.cpRate * b.yearFraction() / float64(len(b.cpHours))
}

// prepare charges mining in the intervals and adds each hall's charge.
func (coincidentPeakTerm) prepare(sh *siteHours) {
	cp := cpUSDPerMW(sh.Block)
	if cp == 0 {
		return
	}
	util := sh.site.AI.Utilization
	for _, t := range sh.Block.cpHours {
		sh.marginUSDPerMWh[t] -= cp * sh.pue[t]
		for h := range sh.halls {
			hh := &sh.halls[h]
			hh.streams.CoincidentPeakCostUSD += cp * hh.pueAt(t) * hh.draw(t) * util * hh.hall.ITMW
		}
	}
}

// extract adds the charge on the mining that ran in the intervals (the
// halls' charge is in their streams) and on existing AI, which is
// reported outside the objective.
func (coincidentPeakTerm) extract(sd *SiteData, k int, sol *SiteSolution, sp *plan.SitePlan) {
	sh, bs := sd.Hours[k], &sol.Blocks[k]
	cp := cpUSDPerMW(sh.Block)
	if cp == 0 {
		return
	}
	for _, t := range sh.Block.cpHours {
		sp.CoincidentPeakCostUSD += cp * sh.pue[t] * bs.mining[t]
	}
	sp.ExistingAICoincidentPeakUSD += float64(len(sh.Block.cpHours)) * cp * sh.existingMeterMW * sh.site.AI.Utilization
}
