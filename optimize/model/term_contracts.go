package model

import (
	"math"

	"github.com/gridflip/gridflip/grid/localtime"
	"github.com/gridflip/gridflip/optimize/plan"
)

// contractsTerm settles the sites' fixed-price power blocks
// ([[sites.contract]]) month by month, local months of the site's market
// (sites.Site.Location, grid/localtime), against the energy the site pays
// for: its mining load, plus its AI load when power is not passed through
// to the tenant. A contract changes the economics, not the dispatch, so
// it has no columns or rows and stays outside the objective
// (docs/model.md, "Contracts").
type contractsTerm struct{}

func (contractsTerm) name() string { return "contracts" }

func init() { registerTerm(1000, contractsTerm{}) }

// extract settles the block's hours.
func (contractsTerm) extract(sd *SiteData, k int, sol *SiteSolution, sp *plan.SitePlan) {
	sh, bs := sd.Hours[k], &sol.Blocks[k]
	site := sh.site
	if len(site.Contracts) == 0 {
		return
	}
	var load []float64
	if !site.AI.PowerPassThrough {
		load = make([]float64, sh.T)
		allocation(sh, bs, make([]float64, sh.T), load, make([]float64, sh.T))
	}
	months := localtime.MonthsOf(sh.Block.hours, sd.loc)
	for _, c := range site.Contracts {
		index := make([]int, len(months.Keys))
		for i := range index {
			index[i] = -1
		}
		for t, hour := range sh.Block.hours {
			if hour.Before(c.Start) || !hour.Before(c.End) {
				continue
			}
			m := months.Of[t]
			i := index[m]
			if i < 0 {
				i = len(sp.Contracts)
				index[m] = i
				sp.Contracts = append(sp.Contracts, plan.ContractMonth{ContractID: c.ID, Month: months.Keys[m]})
			}
			cm := &sp.Contracts[i]
			price := sh.Block.price[sh.s][t]
			paid := sh.pue[t] * bs.mining[t]
			if load != nil {
				paid = load[t]
			}
			used := math.Min(c.MW, paid)
			cm.BlockMWh += c.MW
			cm.UsedMWh += used
			cm.CreditMWh += c.MW - used
			cm.CreditUSD += (c.MW - used) * price
			cm.FixedCostUSD += c.MW * c.PriceUSDPerMWh
			cm.HedgeUSD += c.MW * (price - c.PriceUSDPerMWh)
			sp.HedgeUSD += c.MW * (price - c.PriceUSDPerMWh)
		}
	}
}
