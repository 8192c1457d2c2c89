package model

import (
	"math"

	"github.com/gridflip/gridflip/market"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
)

// extractSite computes a site's plan from its solution: every term's
// results block by block, folded into the site's plan (money weighted
// like the objective, energy summed, capacities as in the last block) and,
// with a horizon, into its years; then the decisions.
func extractSite(sd *SiteData, terms []Term, sol *SiteSolution) plan.SitePlan {
	site := sd.site
	sp := plan.SitePlan{ID: site.ID, Region: site.Region, Node: site.Node, TimeZone: site.Zone(),
		InterconnectMW: site.InterconnectMW, ExistingAIITMW: site.AI.ExistingITMW}
	var pvYears, pvValue float64
	for k, b := range sd.Blocks {
		var blk plan.SitePlan
		for _, tm := range terms {
			if e, ok := tm.(extractor); ok {
				e.extract(sd, k, sol, &blk)
			}
		}
		blk.Streams.Total()
		foldBlock(&sp, &blk, b.Weight)
		pvYears += b.Weight * b.yearFraction()
		pvValue += b.Weight * b.yearFraction() * blk.InterconnectValueUSDPerMWYear
		if sd.in.Years != nil {
			sp.Years = append(sp.Years, yearPlan(b, site, &blk))
		}
	}
	sp.InterconnectValueUSDPerMWYear = pvValue / pvYears
	for _, tm := range terms {
		if e, ok := tm.(decisionExtractor); ok {
			e.extractDecisions(sd, sol, &sp)
		}
	}
	sp.AIITMW = sp.ExistingAIITMW + sp.NewAIITMW
	sp.ExistingAILeaseUSD = market.LeaseUSDPerMWYear(sd.in.Case.Market.AILeaseUSDPerKWMonth) * site.AI.ExistingITMW * pvYears
	sp.Streams.Total()
	return sp
}

// foldBlock adds one block's figures to the site's plan: money weighted,
// energy and hours summed, the state (capacities in service) replaced, so
// the plan ends with the last block's.
func foldBlock(sp, blk *plan.SitePlan, weight float64) {
	sp.Streams.AddScaled(blk.Streams, weight)
	sp.ExistingAICoincidentPeakUSD += weight * blk.ExistingAICoincidentPeakUSD
	sp.HedgeUSD += weight * blk.HedgeUSD
	sp.MiningMWh += blk.MiningMWh
	sp.MiningMeterMWh += blk.MiningMeterMWh
	sp.CurtailedHours += blk.CurtailedHours
	sp.HasReserves = sp.HasReserves || blk.HasReserves
	sp.Contracts = mergeContractMonths(sp.Contracts, blk.Contracts)
	sp.NewAIITMW = blk.NewAIITMW
	sp.NewAIMeterMW, sp.AIMeterMW, sp.CurtailableAIMeterMW = blk.NewAIMeterMW, blk.AIMeterMW, blk.CurtailableAIMeterMW
	sp.MiningCapacityITMW, sp.FlexibleMW, sp.HashrateEHs = blk.MiningCapacityITMW, blk.FlexibleMW, blk.HashrateEHs
}

// yearPlan is one block's figures as a year of the site's plan.
func yearPlan(b *Block, site *sites.Site, blk *plan.SitePlan) plan.YearPlan {
	return plan.YearPlan{
		Year: b.year, DiscountFactor: b.Weight, HallsInService: blk.HallsBuilt,
		NewAIITMW: blk.NewAIITMW, AIITMW: site.AI.ExistingITMW + blk.NewAIITMW, AIMeterMW: blk.AIMeterMW,
		MiningCapacityITMW: blk.MiningCapacityITMW, MiningMWh: blk.MiningMWh, MiningMeterMWh: blk.MiningMeterMWh,
		CurtailedHours: blk.CurtailedHours, InterconnectValueUSDPerMWYear: blk.InterconnectValueUSDPerMWYear,
		Streams: blk.Streams, ObjectiveUSD: b.Weight * blk.ProfitUSD,
	}
}

// siteHourly returns a site's hourly allocation over every block.
func siteHourly(sd *SiteData, sol *SiteSolution) plan.SiteHours {
	sh := sd.Hours
	var T int
	for _, shk := range sh {
		T += shk.T
	}
	out := plan.SiteHours{
		MiningITMW: make([]float64, 0, T), AvailableITMW: make([]float64, 0, T), AIITMW: make([]float64, T),
		MeterMW: make([]float64, T), LoadMW: make([]float64, T), PriceUSDPerMWh: make([]float64, 0, T),
		ReserveMW: reserveTerm{}.hourly(sh, sol),
	}
	off := 0
	for k, shk := range sh {
		bs := &sol.Blocks[k]
		out.MiningITMW = append(out.MiningITMW, bs.mining...)
		for t, a := range bs.Av.K[:shk.T] {
			if math.IsInf(a, 0) {
				a = bs.mining[t] // no limit: nothing was held back
			}
			out.AvailableITMW = append(out.AvailableITMW, max(a, 0))
		}
		out.PriceUSDPerMWh = append(out.PriceUSDPerMWh, shk.Block.price[shk.s]...)
		allocation(shk, bs, out.MeterMW[off:off+shk.T], out.LoadMW[off:off+shk.T], out.AIITMW[off:off+shk.T])
		off += shk.T
	}
	return out
}

// SiteResult is what one site contributes to a plan.
type SiteResult struct {
	s         int
	sp        plan.SitePlan
	load      []float64 // hourly draw over every block
	objective float64   // the site's part of the objective, recomputed from its primal values
	check     solver.Check
	Sizes     Counts // the site's part of the full model
	Integers  int
	err       error
}

// PlanAssembler adds sites to a plan in site order and sums the
// portfolio and its regions.
type PlanAssembler struct {
	in      *Inputs
	Plan    *plan.Plan
	regions map[string]int
	blocks  []*Block
	next    int
	pending map[int]*SiteResult
}

// NewPlanAssembler starts a plan for the inputs.
func NewPlanAssembler(in *Inputs, blocks []*Block, status solver.Outcome) *PlanAssembler {
	p := &plan.Plan{
		CaseName:             in.Case.Name,
		Status:               status,
		Start:                in.Hours[0],
		Hours:                in.T(),
		HourTimes:            in.Hours,
		HashpriceUSDPerPHDay: in.HashpriceUSDPerPHDay,
		Notes:                in.Notes,
		Sites:                make([]plan.SitePlan, 0, len(in.Case.Sites)),
	}
	if in.Years != nil {
		p.Years = make([]plan.YearTotals, len(blocks))
		for k, b := range blocks {
			var sum float64
			for _, v := range b.hashprice {
				sum += v
			}
			p.Years[k] = plan.YearTotals{Year: b.year, DiscountFactor: b.Weight, HashpriceUSDPerPHDay: sum / float64(b.T())}
		}
	}
	return &PlanAssembler{in: in, Plan: p, regions: map[string]int{}, blocks: blocks, pending: map[int]*SiteResult{}}
}

// Add takes a site's result, in any order, and folds in every result
// that is next in site order, so sums come out the same whatever order
// workers finish in. It returns the first site error.
func (pa *PlanAssembler) Add(r *SiteResult) error {
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
func (pa *PlanAssembler) fold(r *SiteResult) {
	p := pa.Plan
	sp := &r.sp
	i, ok := pa.regions[sp.Region]
	if !ok {
		i = len(p.Regions)
		pa.regions[sp.Region] = i
		p.Regions = append(p.Regions, plan.RegionLoad{Region: sp.Region,
			LoadMW: make([]float64, len(r.load)), PriceSumUSDPerMWh: make([]float64, len(r.load))})
	}
	rg := &p.Regions[i]
	rg.Sites++
	off := 0
	for _, b := range pa.blocks {
		price := b.price[r.s]
		for t, l := range r.load[off : off+b.T()] {
			rg.LoadMW[off+t] += l
			rg.PriceSumUSDPerMWh[off+t] += price[t]
			rg.PaidUSD += l * price[t]
		}
		off += b.T()
	}
	// Firm is what cannot curtail: existing AI and firm halls in full,
	// curtailable halls at their firm share; their remainder is flexible,
	// like the mining meter MW.
	rg.FirmMW += sp.AIMeterMW - sp.CurtailableAIMeterMW
	rg.FlexibleMW += sp.FlexibleMW + sp.CurtailableAIMeterMW
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
	tot.Streams.AddScaled(sp.Streams, 1)
	for k := range sp.Years {
		foldYear(&p.Years[k], &sp.Years[k])
	}
	p.ObjectiveUSD += r.objective
	p.Solver.MaxRowViolation = math.Max(p.Solver.MaxRowViolation, r.check.MaxRowViolation)
	p.Sites = append(p.Sites, *sp)
}

// foldYear adds a site's year to the portfolio's.
func foldYear(yt *plan.YearTotals, y *plan.YearPlan) {
	yt.ObjectiveUSD += y.ObjectiveUSD
	yt.HallsInService += len(y.HallsInService)
	yt.NewAIITMW += y.NewAIITMW
	yt.AIITMW += y.AIITMW
	yt.AIMeterMW += y.AIMeterMW
	yt.MiningCapacityITMW += y.MiningCapacityITMW
	yt.MiningMWh += y.MiningMWh
	yt.Streams.AddScaled(y.Streams, 1)
}

// Finish checks that the sites' profits add up to the objective.
func (pa *PlanAssembler) Finish() (*plan.Plan, error) {
	p := pa.Plan
	p.Solver.ObjectiveRecomputedUSD = p.ObjectiveUSD
	p.Solver.StreamsMatchObjectiveRelTo = math.Abs(p.Portfolio.ProfitUSD-p.ObjectiveUSD) / math.Max(1, math.Abs(p.ObjectiveUSD))
	if p.Solver.StreamsMatchObjectiveRelTo > solver.CheckTolerance {
		return nil, InternalErrorf("site profits add up to %.2f USD but the objective is %.2f USD", p.Portfolio.ProfitUSD, p.ObjectiveUSD)
	}
	return p, nil
}

// mergeContractMonths appends a block's contract months to the site's,
// adding a month already there into its row: local months straddle the
// blocks' UTC years (the hours of 31 December after local midnight's
// offset belong to the next block), and a contract's month is one row.
func mergeContractMonths(dst, add []plan.ContractMonth) []plan.ContractMonth {
	for _, m := range add {
		i := len(dst) - 1
		for ; i >= 0; i-- {
			if dst[i].ContractID == m.ContractID && dst[i].Month == m.Month {
				break
			}
		}
		if i < 0 {
			dst = append(dst, m)
			continue
		}
		d := &dst[i]
		d.BlockMWh += m.BlockMWh
		d.UsedMWh += m.UsedMWh
		d.CreditMWh += m.CreditMWh
		d.CreditUSD += m.CreditUSD
		d.FixedCostUSD += m.FixedCostUSD
		d.HedgeUSD += m.HedgeUSD
	}
	return dst
}
