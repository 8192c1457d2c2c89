package optimize

import (
	"fmt"

	"github.com/gridflip/gridflip/market"
)

// hallsTerm is the conversion candidates: one decision column per hall
// (binary, or continuous in [0, 1] with Relax) and the hall's money in
// every block it is in service: lease revenue, the capex annuity, fixed
// O&M, and its energy when the tenant does not pay for power
// (docs/model.md, "Halls").
type hallsTerm struct{}

func (hallsTerm) name() string { return "halls" }

// prepare sets each hall's hourly PUE and its money over the block.
func (hallsTerm) prepare(sh *siteHours) {
	site := sh.site
	f := sh.b.yearFraction()
	crf := market.CRF(sh.in.Case.Finance.DiscountRate, sh.in.Case.Finance.LifeYears)
	for h := range sh.halls {
		hh := &sh.halls[h]
		hall := hh.hall
		hh.pueConst = hall.PUE
		if sh.hasTemperatures() && hall.PUETemp.SlopePerC > 0 {
			hh.pue = resize(hh.pue, sh.T)
			for t := range sh.T {
				temp, _ := sh.temperature(t)
				hh.pue[t] = hall.PUETemp.PUEAt(hall.PUE, temp)
			}
		} else {
			hh.pue = nil
		}
		hh.streams.AILeaseRevenueUSD = market.LeaseUSDPerMWYear(hall.LeaseUSDPerKWMonth) * hall.ITMW * f
		hh.streams.CapexAnnuityUSD = hall.CapexUSDPerMW * crf * hall.ITMW * f
		hh.streams.FixedOMUSD = hall.FixedOMUSDPerMWYear * hall.ITMW * f
		if !site.AI.PowerPassThrough {
			var sum float64
			for t := range sh.T {
				sum += sh.b.price[sh.s][t] * hh.pueAt(t)
			}
			hh.streams.AIEnergyCostUSD = sum * site.AI.Utilization * hall.ITMW
		}
	}
}

func (hallsTerm) sizeColumns(sm *siteModel, n *counts) { n.cols += sm.nHalls }

// addColumns declares y_h, worth the hall's weighted money over every block.
func (hallsTerm) addColumns(sm *siteModel) {
	sm.ix.hallCol = make([]int, sm.nHalls)
	for h := range sm.nHalls {
		var cost float64
		for k, sh := range sm.sh {
			cost += sm.blocks[k].weight * sh.halls[h].streams.ProfitUSD
		}
		sm.ix.hallCol[h] = sm.b.AddColumn(cost, 0, 1, !sm.relax)
	}
}

func (hallsTerm) fill(sm *siteModel, sol *siteSolution, x []float64) {
	for h, col := range sm.ix.hallCol {
		x[col] = sol.build[h]
	}
}

// extract adds each hall's decision and the money of the halls in service.
func (hallsTerm) extract(sh *siteHours, bs *blockSolution, sp *SitePlan) {
	first := sp.Halls == nil
	for h := range sh.halls {
		hh := &sh.halls[h]
		hall := hh.hall
		z := bs.z[h]
		sp.Streams.addScaled(hh.streams, z)
		if first {
			sp.Halls = append(sp.Halls, HallPlan{
				ID: hall.ID, Cooling: string(hall.Cooling), ITMW: hall.ITMW, MeterMW: hall.ITMW * hall.PUE,
				Build: z, CapexUSD: z * hall.CapexUSDPerMW * hall.ITMW,
				LeaseUSDPerKWMonth: hall.LeaseUSDPerKWMonth,
			})
			if z >= 0.5 {
				sp.HallsBuilt = append(sp.HallsBuilt, hall.ID)
			}
			sp.NewAIITMW += z * hall.ITMW
			sp.NewCapexUSD += z * hall.CapexUSDPerMW * hall.ITMW
		}
		sp.Halls[h].NetUSD += z * hh.streams.ProfitUSD * sh.b.weight
	}
}

func (hallsTerm) names(sm *siteModel) {
	for h, col := range sm.ix.hallCol {
		sm.b.SetColumnName(col, fmt.Sprintf("build[%s,%s]", sm.site.ID, sm.site.Halls[h].ID))
	}
}

func (hallsTerm) read(sm *siteModel, x []float64, sol *siteSolution) {
	for h, col := range sm.ix.hallCol {
		sol.build[h] = x[col]
	}
	if !sm.relax {
		roundDecisions(sol.build)
	}
}
