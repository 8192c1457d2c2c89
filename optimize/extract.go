package optimize

import (
	"math"

	"github.com/gridflip/gridflip/market"
	"github.com/gridflip/gridflip/solver"
)

// extractSite computes a site's plan from its solution: every term's
// results, block by block, then the totals that depend on all of them.
func extractSite(sh []*siteHours, terms []term, sol *siteSolution) SitePlan {
	site := sh[0].site
	sp := SitePlan{ID: site.ID, Region: site.Region, Node: site.Node,
		InterconnectMW: site.InterconnectMW, ExistingAIITMW: site.AI.ExistingITMW}
	var years float64
	for k, shk := range sh {
		for _, tm := range terms {
			if e, ok := tm.(extractor); ok {
				e.extract(shk, &sol.blocks[k], &sp)
			}
		}
		years += shk.b.weight * shk.b.yearFraction()
	}
	sp.AIITMW = sp.ExistingAIITMW + sp.NewAIITMW
	sp.ExistingAILeaseUSD = market.LeaseUSDPerMWYear(sh[0].in.Case.Market.AILeaseUSDPerKWMonth) * site.AI.ExistingITMW * years
	sp.Streams.total()
	return sp
}

// siteHourly returns a site's hourly allocation over every block.
func siteHourly(sh []*siteHours, sol *siteSolution) SiteHours {
	var T int
	reserves := false
	for k, shk := range sh {
		T += shk.T
		reserves = reserves || sol.blocks[k].reserve != nil
	}
	out := SiteHours{
		MiningITMW: make([]float64, 0, T), MeterMW: make([]float64, T), LoadMW: make([]float64, T),
		PriceUSDPerMWh: make([]float64, 0, T),
	}
	if reserves {
		out.ReserveMW = make([]float64, 0, T)
	}
	off := 0
	for k, shk := range sh {
		bs := &sol.blocks[k]
		out.MiningITMW = append(out.MiningITMW, bs.mining...)
		out.PriceUSDPerMWh = append(out.PriceUSDPerMWh, shk.b.price[shk.s]...)
		if reserves {
			if bs.reserve != nil {
				out.ReserveMW = append(out.ReserveMW, bs.reserve...)
			} else {
				out.ReserveMW = append(out.ReserveMW, make([]float64, shk.T)...)
			}
		}
		allocation(shk, bs, out.MeterMW[off:off+shk.T], out.LoadMW[off:off+shk.T])
		off += shk.T
	}
	return out
}

// siteResult is what one site contributes to a plan.
type siteResult struct {
	s         int
	sp        SitePlan
	load      []float64 // hourly draw over every block
	objective float64   // the site's part of the objective, recomputed from its primal values
	check     solver.Check
	sizes     counts // the site's part of the full model
	integers  int
	err       error
}

// planAssembler adds sites to a plan in site order and sums the
// portfolio and its regions.
type planAssembler struct {
	in      *Inputs
	plan    *Plan
	regions map[string]int
	prices  [][]float64 // per site: the hourly price over every block (shared with the inputs)
	next    int
	pending map[int]*siteResult
}

// newPlanAssembler starts a plan for the inputs.
func newPlanAssembler(in *Inputs, blocks []*block, status solver.Status) *planAssembler {
	p := &Plan{
		CaseName:             in.Case.Name,
		Status:               status,
		Start:                in.Hours[0],
		Hours:                in.T(),
		HourTimes:            in.Hours,
		HashpriceUSDPerPHDay: in.HashpriceUSDPerPHDay,
		Notes:                in.Notes,
		Sites:                make([]SitePlan, 0, len(in.Case.Sites)),
	}
	pa := &planAssembler{in: in, plan: p, regions: map[string]int{}, pending: map[int]*siteResult{}}
	pa.prices = make([][]float64, len(in.Case.Sites))
	for s := range in.Case.Sites {
		if len(blocks) == 1 {
			pa.prices[s] = blocks[0].price[s]
			continue
		}
		for _, b := range blocks {
			pa.prices[s] = append(pa.prices[s], b.price[s]...)
		}
	}
	return pa
}

// add takes a site's result, in any order, and folds in every result
// that is next in site order, so sums come out the same whatever order
// workers finish in. It returns the first site error.
func (pa *planAssembler) add(r *siteResult) error {
	if r.err != nil {
		return r.err
	}
	pa.pending[r.s] = r
	for {
		next, ok := pa.pending[pa.next]
		if !ok {
			return nil
		}
		delete(pa.pending, pa.next)
		pa.fold(next)
		pa.next++
	}
}

// fold adds one site to the plan, the portfolio totals and its region.
func (pa *planAssembler) fold(r *siteResult) {
	p := pa.plan
	sp := &r.sp
	price := pa.prices[r.s]
	i, ok := pa.regions[sp.Region]
	if !ok {
		i = len(p.Regions)
		pa.regions[sp.Region] = i
		p.Regions = append(p.Regions, RegionLoad{Region: sp.Region,
			LoadMW: make([]float64, len(r.load)), PriceSumUSDPerMWh: make([]float64, len(r.load))})
	}
	rg := &p.Regions[i]
	rg.Sites++
	for t, l := range r.load {
		rg.LoadMW[t] += l
		rg.PriceSumUSDPerMWh[t] += price[t]
		rg.PaidUSD += l * price[t]
	}
	rg.FirmMW += sp.AIMeterMW
	rg.FlexibleMW += sp.FlexibleMW
	rg.HashrateEHs += sp.HashrateEHs
	rg.NewAIMeterMW += sp.NewAIMeterMW

	tot := &p.Portfolio
	tot.HallsBuilt += len(sp.HallsBuilt)
	tot.NewAIITMW += sp.NewAIITMW
	tot.AIITMW += sp.AIITMW
	tot.AIMeterMW += sp.AIMeterMW
	tot.NewAIMeterMW += sp.NewAIMeterMW
	tot.NewCapexUSD += sp.NewCapexUSD
	tot.MiningCapacityITMW += sp.MiningCapacityITMW
	tot.MiningMWh += sp.MiningMWh
	tot.InterconnectMW += sp.InterconnectMW
	tot.ExistingAILeaseUSD += sp.ExistingAILeaseUSD
	tot.HedgeUSD += sp.HedgeUSD
	tot.Streams.addScaled(sp.Streams, 1)
	p.ObjectiveUSD += r.objective
	p.Solver.MaxRowViolation = math.Max(p.Solver.MaxRowViolation, r.check.MaxRowViolation)
	p.Sites = append(p.Sites, *sp)
}

// finish checks that the sites' profits add up to the objective.
func (pa *planAssembler) finish() (*Plan, error) {
	p := pa.plan
	p.Solver.ObjectiveRecomputedUSD = p.ObjectiveUSD
	p.Solver.StreamsMatchObjectiveRelTo = math.Abs(p.Portfolio.ProfitUSD-p.ObjectiveUSD) / math.Max(1, math.Abs(p.ObjectiveUSD))
	if p.Solver.StreamsMatchObjectiveRelTo > solver.CheckTolerance {
		return nil, internalError("site profits add up to %.2f USD but the objective is %.2f USD", p.Portfolio.ProfitUSD, p.ObjectiveUSD)
	}
	return p, nil
}
