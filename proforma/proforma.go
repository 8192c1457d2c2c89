// Package proforma turns a plan's conversions into pro formas with the
// finance package: for every hall that can enter service, its cash flows
// over its life (the plan's years of the hall: lease, opex, and its capex
// at service start), the figures (NPV, IRRs, payback, DSCR, values per
// watt) and the minimum lease that clears the target equity IRR; and the
// sums of the halls built, by site and for the portfolio. The economics
// come from the plan; this package only arranges them as cash flows
// (docs/model.md, "Years and finance").
package proforma

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// Hall is one candidate hall's finance.
type Hall struct {
	SiteID, HallID string
	// Built reports whether the plan builds the hall; a hall not built is
	// valued as if it entered service in the earliest year it could.
	Built       bool
	ServiceYear int
	ITMW        float64
	CapexUSD    float64 // the owner's: the hall's less the tenant-funded share, and the GPUs
	ProForma    finance.ProForma
	Figures     Figures
	// MinLeaseUSDPerKWMonth is the lowest first-year lease (the hall's
	// own, escalated after) at which its equity IRR reaches the target
	// and, with a covenant, its DSCR stays at or above min_dscr in every
	// year; found false when no lease up to MaxLeaseUSDPerKWMonth does.
	// MinLeaseBinding says which of the two sets it.
	MinLeaseUSDPerKWMonth float64
	MinLeaseFound         bool
	MinLeaseBinding       Binding
	// NOIMargin is (lease revenue − fixed O&M − the energy and charges the
	// owner pays) ÷ lease revenue in service year max(1, lease_up_years)
	// (none without revenue).
	NOIMargin finance.Rate
}

// Binding names what sets a hall's minimum lease.
type Binding string

// What sets a minimum lease.
const (
	BindingEquityIRR Binding = "equity_irr" // the equity IRR reaches target_equity_irr
	BindingDSCR      Binding = "dscr"       // the DSCR covenant min_dscr needs more
)

// Figures are the values per watt of IT derived from a pro forma.
type Figures struct {
	ITMW                   float64
	NPVUSDPerW             float64 // the NPV at the valuation date
	EnterpriseValueUSDPerW float64 // PV at service start of the project's pre-capex flows
	EquityValueUSDPerW     float64 // PV at service start of the equity flows at the target IRR
}

// Scope is the sum of the halls built at a site, or in the portfolio.
// Lenders size each hall alone: MinDSCR is the lowest of its halls'
// (none when none has debt); the DSCR of the summed lines is the
// ProForma's MinDSCR (pooled).
type Scope struct {
	ID       string
	ProForma finance.ProForma
	Figures  Figures
	MinDSCR  finance.Rate
}

// Result is the finance of a plan.
type Result struct {
	Terms     finance.Terms
	FirstYear int // the valuation year: flows are valued at its 1 January (the horizon's first)
	Halls     []Hall
	Sites     []Scope // every site with a hall built, in plan order
	Portfolio Scope   // every hall built (empty when none)
	// Deals reconcile every hall given by its contract value
	// (contract_value_usd) with its pro forma, in plan order.
	Deals []Deal
}

// Deal is a signed hall's disclosed contract against the pro forma.
type Deal struct {
	SiteID, HallID string
	ServiceYear    int
	LeaseTermYears int
	// DisclosedUSD is contract_value_usd; ModelledUSD the sum of the pro
	// forma's revenue lines over the lease term (not the formula that
	// derived the lease from it); Ratio is ModelledUSD ÷ DisclosedUSD.
	DisclosedUSD, ModelledUSD, Ratio float64
	// NOIMarginDisclosed is noi_margin_disclosed (nil: not given);
	// NOIMarginModelled the hall's NOIMargin.
	NOIMarginDisclosed *float64
	NOIMarginModelled  finance.Rate
}

// deal reconciles hall h's pro forma with its contract value.
func deal(spec *sites.Hall, h *Hall) Deal {
	d := Deal{SiteID: h.SiteID, HallID: h.HallID, ServiceYear: h.ServiceYear, LeaseTermYears: spec.LeaseTermYears,
		DisclosedUSD: spec.ContractValueUSD, NOIMarginDisclosed: spec.NOIMarginDisclosed, NOIMarginModelled: h.NOIMargin}
	for _, l := range h.ProForma.Lines {
		if l.Year >= h.ServiceYear && l.Year < h.ServiceYear+spec.LeaseTermYears {
			d.ModelledUSD += l.RevenueUSD
		}
	}
	if d.DisclosedUSD > 0 {
		d.Ratio = d.ModelledUSD / d.DisclosedUSD
	}
	return d
}

// MaxLeaseUSDPerKWMonth is the top of the minimum-lease search (the
// schema's largest lease).
const MaxLeaseUSDPerKWMonth = 10000

// TermsOf are a case's financing terms; a tenor or depreciation period
// left at 0 (a case built in code) is the life, as the schema defaults.
// The MACRS class is each hall's (the default here).
func TermsOf(f sites.Finance) finance.Terms {
	t := finance.Terms{DiscountRate: f.DiscountRate, DebtShare: f.DebtShare, DebtRate: f.DebtRate,
		DebtTenorYears: f.DebtTenorYears, InterestOnlyYears: f.InterestOnlyYears, TaxRate: f.TaxRate,
		DepreciationYears: f.DepreciationYears, MACRSClassYears: sites.DefaultMACRSClassYears,
		BonusDepreciationShare: f.BonusDepreciationShare, OpexEscalatorPerYear: f.OpexEscalatorPerYear,
		ExitMultiple: f.ExitMultiple, TerminalGrowth: f.TerminalGrowth, TargetEquityIRR: f.TargetEquityIRR, MinDSCR: f.MinDSCR,
		SizingDSCR: f.SizingDSCR}
	if f.DebtSizing == sites.DebtSizingDSCR {
		t.DebtSizing = finance.SculptedDSCR
	}
	if f.CashFlowTiming == sites.TimingMidYear {
		t.Timing = finance.MidYear
	}
	if f.Depreciation == sites.DepreciationMACRS {
		t.Depreciation = finance.MACRS
	}
	switch f.TerminalValue {
	case sites.TerminalExitMultiple:
		t.TerminalValue = finance.ExitMultiple
	case sites.TerminalPerpetuity:
		t.TerminalValue = finance.Perpetuity
	}
	if t.DebtTenorYears == 0 {
		t.DebtTenorYears = f.LifeYears
	}
	if t.DepreciationYears == 0 {
		t.DepreciationYears = f.LifeYears
	}
	return t
}

// Build computes the finance of every hall of the plan that has years to
// enter service in, and the sums of those built.
func Build(c *sites.Case, plan *optimize.Plan) (*Result, error) {
	r := &Result{Terms: TermsOf(c.Finance), FirstYear: plan.Start.Year()}
	if c.Horizon != nil {
		r.FirstYear = c.Horizon.StartYear
	}
	halls, err := r.eachHall(c, plan)
	if err != nil {
		return nil, err
	}
	var all []finance.ProForma
	var allIT float64
	var allDSCR []finance.Rate
	for s := range plan.Sites {
		sp := &plan.Sites[s]
		var built []finance.ProForma
		var builtIT float64
		var dscr []finance.Rate
		for h := range sp.Halls {
			if len(sp.Halls[h].Years) == 0 {
				continue
			}
			hall := halls[s][h]
			r.Halls = append(r.Halls, hall)
			if hall.Built {
				built = append(built, hall.ProForma)
				builtIT += hall.ITMW
				dscr = append(dscr, hall.ProForma.MinDSCR)
			}
		}
		if len(built) > 0 {
			pf := finance.Sum(built, r.Terms, r.FirstYear)
			r.Sites = append(r.Sites, Scope{ID: sp.ID, ProForma: pf, Figures: figures(pf, builtIT), MinDSCR: finance.MinRate(dscr...)})
			all = append(all, built...)
			allIT += builtIT
			allDSCR = append(allDSCR, dscr...)
		}
	}
	if len(all) > 0 {
		pf := finance.Sum(all, r.Terms, r.FirstYear)
		r.Portfolio = Scope{ID: "portfolio", ProForma: pf, Figures: figures(pf, allIT), MinDSCR: finance.MinRate(allDSCR...)}
	}
	return r, nil
}

// eachHall computes every hall's pro forma with years, [site][hall], on
// one goroutine per CPU (each hall's break-even lease is a bisection over
// its IRR: most of the time of a pro forma), and lists the deals in site
// and hall order; the first error in that order wins.
func (r *Result) eachHall(c *sites.Case, plan *optimize.Plan) ([][]Hall, error) {
	type job struct{ s, h int }
	var jobs []job
	out := make([][]Hall, len(plan.Sites))
	deals := make([][]*Deal, len(plan.Sites))
	errs := make([][]error, len(plan.Sites))
	for s := range plan.Sites {
		n := len(plan.Sites[s].Halls)
		out[s], deals[s], errs[s] = make([]Hall, n), make([]*Deal, n), make([]error, n)
		for h := range plan.Sites[s].Halls {
			if len(plan.Sites[s].Halls[h].Years) > 0 {
				jobs = append(jobs, job{s, h})
			}
		}
	}
	next := make(chan job)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(jobs), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				sp := &plan.Sites[j.s]
				out[j.s][j.h], deals[j.s][j.h], errs[j.s][j.h] = r.hall(&c.Sites[j.s].Halls[j.h], c.Finance, sp.ID, &sp.Halls[j.h])
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	for _, j := range jobs {
		if err := errs[j.s][j.h]; err != nil {
			return nil, fmt.Errorf("site %q hall %q: %w", plan.Sites[j.s].ID, plan.Sites[j.s].Halls[j.h].ID, err)
		}
		if d := deals[j.s][j.h]; d != nil {
			r.Deals = append(r.Deals, *d)
		}
	}
	return out, nil
}

// hall computes one hall's pro forma and minimum lease.
//
// dealOf is the hall's deal as disclosed when its lease comes from a
// contract (nil otherwise).
func (r *Result) hall(spec *sites.Hall, fin sites.Finance, siteID string, hp *optimize.HallPlan) (Hall, *Deal, error) {
	var dealOf *Deal
	h := Hall{SiteID: siteID, HallID: hp.ID, Built: hp.Build >= 0.5 && !hp.YearsAssumed, ServiceYear: hp.Years[0].Year,
		ITMW: hp.ITMW, CapexUSD: optimize.HallCapexUSD(spec)}
	// A hall's own life shorter than the case's depreciates it within
	// that life (hp.Years holds its life's years).
	terms := r.Terms
	terms.DepreciationYears = min(terms.DepreciationYears, len(hp.Years))
	terms.MACRSClassYears = spec.MACRSClass()
	var err error
	if h.ProForma, err = finance.Compute(project(spec, fin, hp, 1), terms, r.FirstYear); err != nil {
		return h, nil, err
	}
	h.Figures = figures(h.ProForma, h.ITMW)
	// The margin of a leased-up year: service year max(1, lease_up_years).
	if i := h.ServiceYear + max(1, spec.LeaseUpYears) - 1 - h.ProForma.Lines[0].Year; i < len(h.ProForma.Lines) {
		if l := h.ProForma.Lines[i]; l.RevenueUSD > 0 {
			h.NOIMargin = finance.Rate{Value: l.EBITDAUSD / l.RevenueUSD, OK: true}
		}
	}
	if spec.LeaseFromContract {
		d := deal(spec, &h)
		dealOf = &d
	}
	// A GPU cloud contract earns a contract, not a lease: no minimum lease
	// (docs/outputs.md).
	if spec.LeaseUSDPerKWMonth > 0 && spec.Offer != sites.OfferGPUCloud {
		at := func(lease float64) finance.ProForma {
			pf, err := finance.Compute(project(spec, fin, hp, lease/spec.LeaseUSDPerKWMonth), terms, r.FirstYear)
			if err != nil {
				return finance.ProForma{}
			}
			return pf
		}
		h.MinLeaseUSDPerKWMonth, h.MinLeaseFound = finance.BreakEven(0, MaxLeaseUSDPerKWMonth, terms.TargetEquityIRR,
			func(lease float64) finance.Rate { return at(lease).EquityIRR })
		h.MinLeaseBinding = BindingEquityIRR
		if h.MinLeaseFound && terms.MinDSCR > 0 {
			lease, ok := finance.BreakEven(0, MaxLeaseUSDPerKWMonth, terms.MinDSCR, func(lease float64) finance.Rate {
				pf := at(lease)
				if !pf.MinDSCR.OK && len(pf.Lines) > 0 { // no debt service: the covenant holds
					return finance.Rate{Value: math.Inf(1), OK: true}
				}
				return pf.MinDSCR
			})
			switch {
			case !ok:
				h.MinLeaseUSDPerKWMonth, h.MinLeaseFound = 0, false
			case lease > h.MinLeaseUSDPerKWMonth:
				h.MinLeaseUSDPerKWMonth, h.MinLeaseBinding = lease, BindingDSCR
			}
		}
		if !h.MinLeaseFound {
			h.MinLeaseBinding = ""
		}
	}
	return h, dealOf, nil
}

// ProjectOf is hall spec's investment as its pro forma computes it (at
// its own lease): the dated capex, the equipment and the years of flows.
// The workbook writer (proforma/workbook) lays out the same arithmetic.
func ProjectOf(spec *sites.Hall, fin sites.Finance, hp *optimize.HallPlan) finance.Project {
	return project(spec, fin, hp, 1)
}

// project is a hall's investment: the owner's capex at service start,
// a GPU cloud contract's GPUs with their own debt, then its years, the
// lease it earns at its own rate scaled by leaseScale (the market's lease
// after the term is not), a contract's revenue paid in advance by its
// share, and its fixed O&M apart when it escalates.
func project(spec *sites.Hall, fin sites.Finance, hp *optimize.HallPlan, leaseScale float64) finance.Project {
	years := hp.Years
	gpu := spec.Offer == sites.OfferGPUCloud
	p := finance.Project{Capex: buildingSpends(spec, hp, gpu), Flows: make([]finance.Flow, len(years))}
	if gpu {
		share, tenor := spec.GPUDebt(fin)
		p.Equipment = finance.Equipment{CapexUSD: spec.GPUCapexUSD, DepreciationYears: fin.GPUDepreciationPeriod(),
			DebtShare: share, DebtTenorYears: tenor}
	}
	for i, y := range years {
		f := finance.Flow{Year: y.Year, RevenueUSD: y.LeaseUSD, OpexUSD: y.OpexUSD}
		if y.OwnLease {
			f.RevenueUSD *= leaseScale
			if gpu {
				f.PrepaidUSD = spec.CustomerPrepaymentShare * f.RevenueUSD
			}
		}
		if fin.OpexEscalatorPerYear != 0 {
			// The year's fixed O&M, as the plan counts it (scaled by the
			// year's hours), apart from the rest of its opex.
			f.FixedOpexUSD = spec.FixedOMUSDPerMWYear * spec.ITMW * float64(y.Hours) / optimize.HoursPerYear
			f.OpexUSD -= f.FixedOpexUSD
		}
		p.Flows[i] = f
	}
	return p
}

// figures are a pro forma's values per watt of IT.
func figures(pf finance.ProForma, itMW float64) Figures {
	f := Figures{ITMW: itMW}
	if itMW > 0 {
		f.NPVUSDPerW = pf.NPVUSD / (itMW * 1e6)
		f.EnterpriseValueUSDPerW = pf.EnterpriseValueUSD / (itMW * 1e6)
		f.EquityValueUSDPerW = pf.EquityValueUSD / (itMW * 1e6)
	}
	return f
}

// buildingSpends dates the owner's building capex as the plan spends it
// (HallPlan.CapexParts, monthly over the build; a GPU cloud contract's
// GPUs, its last part at service start, are the Equipment apart), in
// months before service start; one spend at service start when the plan
// gives no parts.
func buildingSpends(spec *sites.Hall, hp *optimize.HallPlan, gpu bool) []finance.Spend {
	owner := spec.OwnerCapexUSDPerMW() * spec.ITMW
	parts := hp.CapexParts
	if gpu && len(parts) > 0 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) == 0 || len(hp.Years) == 0 {
		return []finance.Spend{{USD: owner}}
	}
	service := time.Date(hp.Years[0].Year, time.January, 1, 0, 0, 0, 0, time.UTC)
	out := make([]finance.Spend, 0, len(parts))
	var sum float64
	for _, part := range parts {
		months := (service.Year()-part.Date.Year())*12 + int(service.Month()) - int(part.Date.Month())
		out = append(out, finance.Spend{MonthsBeforeService: max(0, months), USD: part.USD})
		sum += part.USD
	}
	if math.Abs(sum-owner) > 1e-6*math.Max(1, owner) {
		return []finance.Spend{{USD: owner}} // parts of another capex: keep the pro forma's own
	}
	return out
}
