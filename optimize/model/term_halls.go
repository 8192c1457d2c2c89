package model

import (
	"fmt"
	"math"
	"time"

	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/market"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/sites"
)

// hallsTerm is the conversion candidates: one decision column per hall and
// year it may enter service in (binary, or continuous in [0, 1] with
// Relax), at most one per hall, and the hall's money in every block it is
// in service: lease revenue (escalated from its first year, re-let at the
// market's lease after its term), the capex annuity, fixed O&M, and its
// energy when the tenant does not pay for power (docs/model.md, "Halls").
type hallsTerm struct{}

func (hallsTerm) name() string { return "halls" }

func init() { registerTerm(300, hallsTerm{}) }

// prepare sets each hall's hourly PUE and its money over the block at its
// own lease (hallsTerm.leaseUSD rescales the lease for the year of
// service): a curtailable hall's lease less its discount and its energy
// at its share in each hour; a GPU cloud contract's revenue and its GPUs'
// annuity over the contract's term.
func (hallsTerm) prepare(sh *siteHours) {
	site := sh.site
	f := sh.Block.yearFraction()
	fin := sh.in.Case.Finance
	for h := range sh.halls {
		hh := &sh.halls[h]
		hall := hh.hall
		// Annuities paid as the case's timing says repay the capex
		// (finance.AnnuityScale): a mid-year payment is smaller.
		paid := finance.AnnuityScale(fin.DiscountRate, financeTiming(fin))
		crf := market.CRF(fin.DiscountRate, hall.Life(fin)) * paid
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
		hh.streams.AILeaseRevenueUSD = market.LeaseUSDPerMWYear(ownLeaseUSDPerKWMonth(hall)) * hall.ITMW * f
		hh.streams.CapexAnnuityUSD = hall.OwnerCapexUSDPerMW() * crf * hall.ITMW * f
		hh.gpuAnnuityUSD = 0
		if hall.Offer == sites.OfferGPUCloud {
			hh.streams.AILeaseRevenueUSD = hall.GPURevenueUSDPerYear * f
			hh.gpuAnnuityUSD = hall.GPUCapexUSD * market.CRF(fin.DiscountRate, hall.GPUTermYears) * paid * f
			hh.streams.CapexAnnuityUSD += hh.gpuAnnuityUSD
		}
		hh.streams.FixedOMUSD = hall.FixedOMUSDPerMWYear * hall.ITMW * f
		hh.streams.AIEnergyCostUSD, hh.gpuEnergyUSD = 0, 0
		gpu := hall.Offer == sites.OfferGPUCloud
		if !site.AI.PowerPassThrough || gpu {
			var sum float64
			for t := range sh.T {
				sum += sh.Block.price[sh.s][t] * hh.pueAt(t) * hh.draw(t)
			}
			hh.streams.AIEnergyCostUSD = sum * site.AI.Utilization * hall.ITMW
			if gpu && site.AI.PowerPassThrough {
				// The miner runs the GPUs and pays their power for the
				// contract's term; after it a tenant pays, as the site's
				// leases say.
				hh.gpuEnergyUSD = hh.streams.AIEnergyCostUSD
			}
		}
	}
}

// ownLeaseUSDPerKWMonth is what a hall's tenant pays: its lease, less the
// discount of a curtailable hall.
func ownLeaseUSDPerKWMonth(hall *sites.Hall) float64 {
	if hall.Flexibility == sites.FlexCurtailable {
		return hall.LeaseUSDPerKWMonth - hall.LeaseDiscountUSDPerKWMonth
	}
	return hall.LeaseUSDPerKWMonth
}

// reservedPerITMW is the meter MW a hall reserves at the POI per IT MW at
// full draw: poi_mw_per_it_mw, or its base PUE.
func reservedPerITMW(hall *sites.Hall) float64 {
	if hall.POIMWPerITMW > 0 {
		return hall.POIMWPerITMW
	}
	return hall.PUE
}

// siteDecisions lists site s's decisions: without a horizon one per hall;
// with one, a decision per year a hall may enter service in — the years
// whose 1 January is on or after both the horizon start plus the hall's
// lead time and its earliest_online, or only its service_year for a
// signed deal. A hall with no such year has none: it is never built.
func siteDecisions(in *Inputs, blocks []*Block, s int, noHalls bool) []Decision {
	if noHalls {
		return nil
	}
	site := &in.Case.Sites[s]
	var out []Decision
	for h := range site.Halls {
		for _, k := range serviceStarts(in, blocks, site.Halls[h].ServiceYear, site.Halls[h].LeadTimeMonths, site.Halls[h].EarliestOnline) {
			out = append(out, Decision{Hall: h, Start: k, Fixed: site.Halls[h].ServiceYear != 0})
		}
	}
	return out
}

// serviceStarts returns the blocks a hall may enter service at.
func serviceStarts(in *Inputs, blocks []*Block, serviceYear, leadMonths int, earliest time.Time) []int {
	hz := in.Case.Horizon
	if hz == nil || in.Years == nil {
		return []int{0}
	}
	ready := hz.YearStart(1).AddDate(0, leadMonths, 0)
	if earliest.After(ready) {
		ready = earliest
	}
	var out []int
	for k, b := range blocks {
		if serviceYear != 0 {
			if b.year == serviceYear {
				out = append(out, k)
			}
			continue
		}
		if !hz.YearStart(k + 1).Before(ready) {
			out = append(out, k)
		}
	}
	return out
}

// leaseUSD is hall h's lease revenue in block k when it entered service
// at block start: its own lease escalated from the first year of service
// for its term, then the market's lease.
func leaseUSD(sd *SiteData, h, k, start int) float64 {
	hh := &sd.Hours[k].halls[h]
	hall := hh.hall
	if k-start >= leaseTermYears(sd.in, hall) {
		return market.LeaseUSDPerMWYear(sd.in.Case.Market.AILeaseUSDPerKWMonth) * hall.ITMW * sd.Blocks[k].yearFraction()
	}
	return hh.streams.AILeaseRevenueUSD * math.Pow(1+hall.LeaseEscalatorPerYear, float64(k-start))
}

// hallYearStreams is hall h's money in block k when it entered service at
// block start (unweighted): after a GPU cloud contract's term, the GPUs
// are paid off, the hall re-lets at the market's lease and, on a site
// whose tenants pay for power, the miner stops paying the GPUs' power.
func hallYearStreams(sd *SiteData, h, k, start int) plan.Streams {
	hh := &sd.Hours[k].halls[h]
	st := hh.streams
	st.AILeaseRevenueUSD = leaseUSD(sd, h, k, start)
	if k-start >= leaseTermYears(sd.in, hh.hall) {
		st.CapexAnnuityUSD -= hh.gpuAnnuityUSD
		st.AIEnergyCostUSD -= hh.gpuEnergyUSD
	}
	st.Total()
	return st
}

// decisionValues is each decision's weighted money over the blocks it is
// in service (the objective coefficient of its column).
func decisionValues(sd *SiteData) []float64 {
	out := make([]float64, len(sd.Decisions))
	for d, dec := range sd.Decisions {
		for k := dec.Start; k < len(sd.Blocks); k++ {
			out[d] += sd.Blocks[k].Weight * hallYearStreams(sd, dec.Hall, k, dec.Start).ProfitUSD
		}
	}
	return out
}

// siteRows: at most one start per hall (with more than one to choose).
func (hallsTerm) siteRows(sd *SiteData) []SiteRow {
	var out []SiteRow
	for h := range sd.Halls {
		ds := sd.decisionsOf(h)
		if len(ds) < 2 {
			continue
		}
		coef := make([]float64, len(sd.Decisions))
		for _, d := range ds {
			coef[d] = 1
		}
		id := sd.site.Halls[h].ID
		out = append(out, SiteRow{Name: fmt.Sprintf("one_start[%s,%s]", sd.site.ID, id), Lower: -inf, Upper: 1, Coef: coef,
			explain: func(v float64) string { return fmt.Sprintf("hall %q starts %s times", id, num(v)) }})
	}
	return out
}

func (hallsTerm) sizeColumns(sm *siteModel, n *Counts) { n.Cols += len(sm.sd.Decisions) }

// addColumns declares a column per decision, worth its money.
func (hallsTerm) addColumns(sm *siteModel) {
	sm.ix.decisionCol = make([]int, len(sm.sd.Decisions))
	for d, dec := range sm.sd.Decisions {
		lower := 0.0
		if dec.Fixed {
			lower = 1
		}
		sm.ix.decisionCol[d] = sm.addColumn(sm.sd.Value[d], lower, 1, !sm.relax)
	}
}

func (hallsTerm) sizeRows(sm *siteModel, n *Counts) {
	for _, r := range (hallsTerm{}).siteRows(sm.sd) {
		n.Rows++
		for _, c := range r.Coef {
			if c != 0 {
				n.NNZ++
			}
		}
	}
}

// addRows adds the one-start rows.
func (hallsTerm) addRows(sm *siteModel) {
	for _, row := range (hallsTerm{}).siteRows(sm.sd) {
		var r RowScratch
		for d, c := range row.Coef {
			if c != 0 {
				r.Add(int32(sm.ix.decisionCol[d]), c)
			}
		}
		i := sm.b.AddRow(row.Lower, row.Upper, r.Cols, r.Vals)
		sm.b.SetRowName(i, row.Name)
	}
}

func (hallsTerm) fill(sm *siteModel, sol *SiteSolution, x []float64) {
	for d, col := range sm.ix.decisionCol {
		x[col] = sol.W[d]
	}
}

func (hallsTerm) read(sm *siteModel, x []float64, sol *SiteSolution) {
	for d, col := range sm.ix.decisionCol {
		sol.W[d] = x[col]
	}
	if !sm.relax {
		roundDecisions(sol.W)
	}
}

// extract adds the money of the halls in service in block k, their IT
// MW and ids.
func (hallsTerm) extract(sd *SiteData, k int, sol *SiteSolution, blk *plan.SitePlan) {
	for d, dec := range sd.Decisions {
		w := sol.W[d]
		if w == 0 || dec.Start > k {
			continue
		}
		hall := &sd.site.Halls[dec.Hall]
		blk.Streams.AddScaled(hallYearStreams(sd, dec.Hall, k, dec.Start), w)
		blk.NewAIITMW += w * hall.ITMW
		if w >= 0.5 {
			blk.HallsBuilt = append(blk.HallsBuilt, hall.ID)
		}
	}
}

// extractDecisions reports every candidate hall: built or not, when, its
// capex and its money over the horizon.
func (hallsTerm) extractDecisions(sd *SiteData, sol *SiteSolution, sp *plan.SitePlan) {
	sp.Halls = hallPlans(sd, sol)
	for d, dec := range sd.Decisions {
		if w := sol.W[d]; w != 0 {
			for k := dec.Start; k < len(sd.Blocks); k++ {
				sp.Halls[dec.Hall].NetUSD += w * sd.Blocks[k].Weight * hallYearStreams(sd, dec.Hall, k, dec.Start).ProfitUSD
			}
		}
	}
	sp.HallsBuilt = nil
	for _, hp := range sp.Halls {
		if hp.Build >= 0.5 {
			sp.HallsBuilt = append(sp.HallsBuilt, hp.ID)
		}
		sp.NewCapexUSD += hp.CapexUSD
	}
}

// hallPlans reports each candidate hall's decision: built (the sum of its
// decisions), in which year, what it costs, and its years in service —
// from its service year when built, else from the earliest year it could
// enter service (for the finance of a hall not built).
func hallPlans(sd *SiteData, sol *SiteSolution) []plan.HallPlan {
	out := make([]plan.HallPlan, sd.Halls)
	for h := range out {
		hall := &sd.site.Halls[h]
		out[h] = plan.HallPlan{ID: hall.ID, Cooling: string(hall.Cooling), ITMW: hall.ITMW, MeterMW: hall.ITMW * reservedPerITMW(hall),
			LeaseUSDPerKWMonth: hall.LeaseUSDPerKWMonth}
		ds := sd.decisionsOf(h)
		if len(ds) == 0 {
			out[h].Never = neverReason(sd.in, hall)
			continue
		}
		out[h].Years, out[h].YearsAssumed = hallYears(sd, h, sd.Decisions[ds[0]].Start), true
	}
	for d, dec := range sd.Decisions {
		w := sol.W[d]
		hp := &out[dec.Hall]
		hp.Build += w
		hp.CapexUSD += w * HallCapexUSD(&sd.site.Halls[dec.Hall])
		if w >= 0.5 {
			hp.ServiceYear = sd.Blocks[dec.Start].year
			hp.Years, hp.YearsAssumed = hallYears(sd, dec.Hall, dec.Start), false
		}
	}
	return out
}

// hallYears lists hall h's money in every year of its life from block
// start on, as if it entered service then (undiscounted): the modelled
// years as the objective counts them, then years past the horizon that
// repeat the last year as a full year, its lease escalated (or re-let)
// and its energy escalated like the prices. Without a horizon every year
// repeats the modelled window, scaled to a year.
func hallYears(sd *SiteData, h, start int) []plan.HallYear {
	hall := &sd.site.Halls[h]
	life := hall.Life(sd.in.Case.Finance)
	term := leaseTermYears(sd.in, hall)
	first := sd.Blocks[start].year
	if first == 0 {
		first = sd.Blocks[start].hours[0].Year()
	}
	out := make([]plan.HallYear, 0, life)
	for k := start; sd.in.Years != nil && k < len(sd.Blocks) && k-start < life; k++ {
		st := hallYearStreams(sd, h, k, start)
		out = append(out, plan.HallYear{Year: first + k - start, Hours: sd.Blocks[k].T(), Modelled: true,
			LeaseUSD: st.AILeaseRevenueUSD, OwnLease: k-start < term,
			OpexUSD: st.FixedOMUSD + st.AIEnergyCostUSD + st.CoincidentPeakCostUSD, CapexAnnuityUSD: st.CapexAnnuityUSD})
	}
	last := len(sd.Blocks) - 1
	hh := &sd.Hours[last].halls[h]
	full := 1 / sd.Blocks[last].yearFraction()
	escalation := 0.0
	if hz := sd.in.Case.Horizon; hz != nil && hz.PriceEscalationPerYear != nil {
		escalation = *hz.PriceEscalationPerYear
	}
	modelled := len(out)
	for i := modelled; i < life; i++ {
		n := float64(i - modelled + 1) // years after the last modelled one
		if sd.in.Years == nil {
			n = 0
		}
		lease := market.LeaseUSDPerMWYear(sd.in.Case.Market.AILeaseUSDPerKWMonth) * hall.ITMW
		if i < term {
			lease = hh.streams.AILeaseRevenueUSD * full * math.Pow(1+hall.LeaseEscalatorPerYear, float64(i))
		}
		energy := hh.streams.AIEnergyCostUSD
		annuity := hh.streams.CapexAnnuityUSD
		if i >= term {
			energy -= hh.gpuEnergyUSD
			annuity -= hh.gpuAnnuityUSD
		}
		opex := (hh.streams.FixedOMUSD + hh.streams.CoincidentPeakCostUSD + energy*math.Pow(1+escalation, n)) * full
		out = append(out, plan.HallYear{Year: first + i, Hours: int(HoursPerYear), LeaseUSD: lease, OwnLease: i < term,
			OpexUSD: opex, CapexAnnuityUSD: annuity * full})
	}
	return out
}

// leaseTermYears is the years a hall's own lease runs: a GPU cloud
// contract's term, else lease_term_years (its life unless given).
func leaseTermYears(in *Inputs, hall *sites.Hall) int {
	if hall.Offer == sites.OfferGPUCloud {
		return hall.GPUTermYears
	}
	if hall.LeaseTermYears > 0 {
		return hall.LeaseTermYears
	}
	return hall.Life(in.Case.Finance)
}

// neverReason says why a hall has no year to enter service in.
func neverReason(in *Inputs, hall *sites.Hall) string {
	hz := in.Case.Horizon
	if hz == nil {
		return "no year to enter service in"
	}
	last := hz.StartYear + hz.Years - 1
	ready := hz.YearStart(1).AddDate(0, hall.LeadTimeMonths, 0)
	why := fmt.Sprintf("its %d-month lead time from %s", hall.LeadTimeMonths, hz.YearStart(1).Format("2006-01-02"))
	if hall.EarliestOnline.After(ready) {
		ready, why = hall.EarliestOnline, "earliest_online"
	}
	return fmt.Sprintf("ready %s (%s): no 1 January on or after it by %d, the horizon's last year", ready.Format("2006-01-02"), why, last)
}

func (hallsTerm) names(sm *siteModel) {
	for d, col := range sm.ix.decisionCol {
		dec := sm.sd.Decisions[d]
		name := fmt.Sprintf("build[%s,%s]", sm.site.ID, sm.site.Halls[dec.Hall].ID)
		if y := sm.blocks[dec.Start].year; y != 0 {
			name = fmt.Sprintf("build[%s,%s,%d]", sm.site.ID, sm.site.Halls[dec.Hall].ID, y)
		}
		sm.b.SetColumnName(col, name)
	}
}

// HallCapexUSD is what building a hall costs its owner up front: its capex
// per IT MW less the tenant-funded share and, for a GPU cloud contract,
// the GPUs.
func HallCapexUSD(hall *sites.Hall) float64 {
	c := hall.OwnerCapexUSDPerMW() * hall.ITMW
	if hall.Offer == sites.OfferGPUCloud {
		c += hall.GPUCapexUSD
	}
	return c
}
