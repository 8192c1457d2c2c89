package model

import (
	"fmt"
	"math"

	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/market"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/sites"
)

// hallsTerm is the conversion candidates: one decision column per hall and
// year it may enter service in (binary, or continuous in [0, 1] with
// Relax), at most one per hall, and the hall's money in every block it is
// in service: lease revenue (escalated from its first year, re-let at the
// market's lease after its term), the capex annuity (of the capex
// compounded over its construction), fixed O&M, and its energy when the
// tenant does not pay for power; lease and energy at the year's occupancy
// (docs/model.md, "Halls" and "Construction").
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
		hh.streams.CapexAnnuityUSD = CompoundedCapexUSD(hall.OwnerCapexUSDPerMW()*hall.ITMW, buildMonths(sh.in, hall), fin.DiscountRate) * crf * f
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

// reprice prepares the halls' money again (SiteData.Reprice): prepare
// sets every field of it that depends on a lease or a capex, and reads
// only the hourly data other terms prepared before it (a curtailable
// hall's draw share) and the block's prices and temperatures.
func (t hallsTerm) reprice(sh *siteHours) { t.prepare(sh) }

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
		for _, k := range serviceStarts(in, blocks, &site.Halls[h]) {
			out = append(out, DecisionAt(in, s, h, k))
		}
	}
	return out
}

// DecisionAt is the decision that hall h of site s enters service at the
// start of block start, with its construction period dated.
func DecisionAt(in *Inputs, s, h, start int) Decision {
	hall := &in.Case.Sites[s].Halls[h]
	dec := Decision{Hall: h, Start: start, Fixed: hall.ServiceYear != 0, BuildBlock: start}
	if B := buildMonths(in, hall); B > 0 {
		hz := in.Case.Horizon
		dec.BuildStart = hz.YearStart(start+1).AddDate(0, -B, 0)
		dec.BuildBlock = max(0, dec.BuildStart.Year()-hz.StartYear)
	}
	return dec
}

// buildMonths is a hall's construction period: build_months with a
// horizon, none without one (a single window has no dates to build in).
func buildMonths(in *Inputs, hall *sites.Hall) int {
	if in.Case.Horizon == nil || in.Years == nil {
		return 0
	}
	return hall.BuildMonths
}

// readyMonths is how long after the horizon's start an unsigned hall can
// enter service at the earliest: its lead time, and at least its build.
func readyMonths(in *Inputs, hall *sites.Hall) int {
	return max(hall.LeadTimeMonths, buildMonths(in, hall))
}

// serviceStarts returns the blocks a hall may enter service at: the
// years whose 1 January is on or after both the horizon start plus
// max(lead_time_months, build_months) and earliest_online, or only a
// signed deal's service_year.
func serviceStarts(in *Inputs, blocks []*Block, hall *sites.Hall) []int {
	hz := in.Case.Horizon
	if hz == nil || in.Years == nil {
		return []int{0}
	}
	ready := hz.YearStart(1).AddDate(0, readyMonths(in, hall), 0)
	if hall.EarliestOnline.After(ready) {
		ready = hall.EarliestOnline
	}
	var out []int
	for k, b := range blocks {
		if hall.ServiceYear != 0 {
			if b.year == hall.ServiceYear {
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

// CompoundedCapexUSD is capex spent in buildMonths equal monthly parts,
// each at the start of its month, the last a month before service start,
// compounded at the discount rate r to service start:
//
//	Σ_{m=0..B−1} (capex/B)·(1+r)^((B−m)/12)
//
// With no construction period it is the capex, spent at service start.
// The objective annualizes it over the hall's life (docs/model.md,
// "Construction").
func CompoundedCapexUSD(capexUSD float64, buildMonths int, r float64) float64 {
	if buildMonths <= 0 {
		return capexUSD
	}
	var sum float64
	for m := range buildMonths {
		sum += math.Pow(1+r, float64(buildMonths-m)/12)
	}
	return capexUSD / float64(buildMonths) * sum
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
// Its lease, energy and coincident-peak charge are at the occupancy of
// its year of service; fixed O&M and the capex annuity are not.
func hallYearStreams(sd *SiteData, h, k, start int) plan.Streams {
	hh := &sd.Hours[k].halls[h]
	st := hh.streams
	st.AILeaseRevenueUSD = leaseUSD(sd, h, k, start)
	if k-start >= leaseTermYears(sd.in, hh.hall) {
		st.CapexAnnuityUSD -= hh.gpuAnnuityUSD
		st.AIEnergyCostUSD -= hh.gpuEnergyUSD
	}
	if occ := hh.hall.OccupancyIn(k - start + 1); occ != 1 {
		st.AILeaseRevenueUSD *= occ
		st.AIEnergyCostUSD *= occ
		st.CoincidentPeakCostUSD *= occ
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
		setConstruction(sd, &out[h], sd.Decisions[ds[0]])
	}
	for d, dec := range sd.Decisions {
		w := sol.W[d]
		hp := &out[dec.Hall]
		hp.Build += w
		hp.CapexUSD += w * HallCapexUSD(&sd.site.Halls[dec.Hall])
		if w >= 0.5 {
			hp.ServiceYear = sd.Blocks[dec.Start].year
			hp.Years, hp.YearsAssumed = hallYears(sd, dec.Hall, dec.Start), false
			setConstruction(sd, hp, dec)
		}
	}
	return out
}

// setConstruction dates a hall's construction and capex for decision dec
// (with a horizon): the build from BuildStart over BuildMonths, the
// building's capex in equal monthly parts at the start of each month, the
// GPUs of a GPU cloud contract at service start.
func setConstruction(sd *SiteData, hp *plan.HallPlan, dec Decision) {
	hz := sd.in.Case.Horizon
	if hz == nil || sd.in.Years == nil {
		return
	}
	hall := &sd.site.Halls[dec.Hall]
	service := hz.YearStart(dec.Start + 1)
	B := buildMonths(sd.in, hall)
	hp.BuildMonths, hp.BuildStart, hp.CapexParts = B, service, nil
	building := buildingCapexUSD(hall)
	if B == 0 {
		hp.CapexParts = append(hp.CapexParts, plan.CapexPart{Date: service, USD: building})
	} else {
		hp.BuildStart = dec.BuildStart
		for m := range B {
			hp.CapexParts = append(hp.CapexParts, plan.CapexPart{Date: dec.BuildStart.AddDate(0, m, 0), USD: building / float64(B)})
		}
	}
	if gpu := HallCapexUSD(hall) - building; gpu != 0 {
		hp.CapexParts = append(hp.CapexParts, plan.CapexPart{Date: service, USD: gpu})
	}
	hp.CapexCompoundedUSD = CompoundedCapexUSD(building, B, sd.in.Case.Finance.DiscountRate) + HallCapexUSD(hall) - building
}

// buildingCapexUSD is the part of HallCapexUSD spent over the build: all
// of it but a GPU cloud contract's GPUs, bought at service start.
func buildingCapexUSD(hall *sites.Hall) float64 {
	if hall.Offer == sites.OfferGPUCloud {
		return HallCapexUSD(hall) - hall.GPUCapexUSD
	}
	return HallCapexUSD(hall)
}

// hallYears lists hall h's money in every year of its life from block
// start on, as if it entered service then (undiscounted): the modelled
// years as the objective counts them, then years past the horizon that
// repeat the last year as a full year, its lease escalated (or re-let)
// and its energy escalated like the prices, lease, energy and charge at
// each year's own occupancy. Without a horizon every year
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
		occ := hall.OccupancyIn(i + 1)
		lease *= occ
		opex := (hh.streams.FixedOMUSD + occ*(hh.streams.CoincidentPeakCostUSD+energy*math.Pow(1+escalation, n))) * full
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
	ready := hz.YearStart(1).AddDate(0, readyMonths(in, hall), 0)
	why := fmt.Sprintf("its %d-month lead time from %s", hall.LeadTimeMonths, hz.YearStart(1).Format("2006-01-02"))
	if B := buildMonths(in, hall); B > hall.LeadTimeMonths {
		why = fmt.Sprintf("its %d-month build from %s", B, hz.YearStart(1).Format("2006-01-02"))
	}
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
