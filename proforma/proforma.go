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
	CapexUSD    float64
	ProForma    finance.ProForma
	Figures     Figures
	// MinLeaseUSDPerKWMonth is the lowest lease (the hall's own, before
	// escalation) at which its equity IRR reaches the target; found false
	// when no lease up to MaxLeaseUSDPerKWMonth does.
	MinLeaseUSDPerKWMonth float64
	MinLeaseFound         bool
}

// Figures are the values per watt of IT derived from a pro forma.
type Figures struct {
	ITMW                   float64
	EnterpriseValueUSDPerW float64 // PV at service start of the project's pre-capex flows
	EquityValueUSDPerW     float64 // PV at service start of the equity flows at the target IRR
}

// Scope is the sum of the halls built at a site, or in the portfolio.
type Scope struct {
	ID       string
	ProForma finance.ProForma
	Figures  Figures
}

// Result is the finance of a plan.
type Result struct {
	Terms     finance.Terms
	FirstYear int // the year flows are discounted to (the horizon's first)
	Halls     []Hall
	Sites     []Scope // every site with a hall built, in plan order
	Portfolio Scope   // every hall built (empty when none)
}

// MaxLeaseUSDPerKWMonth is the top of the minimum-lease search (the
// schema's largest lease).
const MaxLeaseUSDPerKWMonth = 10000

// TermsOf are a case's financing terms; a tenor or depreciation period
// left at 0 (a case built in code) is the life, as the schema defaults.
func TermsOf(f sites.Finance) finance.Terms {
	t := finance.Terms{DiscountRate: f.DiscountRate, DebtShare: f.DebtShare, DebtRate: f.DebtRate,
		DebtTenorYears: f.DebtTenorYears, TaxRate: f.TaxRate, DepreciationYears: f.DepreciationYears,
		TargetEquityIRR: f.TargetEquityIRR}
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
	var all []finance.ProForma
	var allIT float64
	for s := range plan.Sites {
		sp := &plan.Sites[s]
		var built []finance.ProForma
		var builtIT float64
		for h := range sp.Halls {
			hp := &sp.Halls[h]
			if len(hp.Years) == 0 {
				continue
			}
			hall, err := r.hall(&c.Sites[s].Halls[h], sp.ID, hp)
			if err != nil {
				return nil, fmt.Errorf("site %q hall %q: %w", sp.ID, hp.ID, err)
			}
			r.Halls = append(r.Halls, hall)
			if hall.Built {
				built = append(built, hall.ProForma)
				builtIT += hall.ITMW
			}
		}
		if len(built) > 0 {
			pf := finance.Sum(built, r.Terms, r.FirstYear)
			r.Sites = append(r.Sites, Scope{ID: sp.ID, ProForma: pf, Figures: figures(pf, builtIT)})
			all = append(all, built...)
			allIT += builtIT
		}
	}
	if len(all) > 0 {
		pf := finance.Sum(all, r.Terms, r.FirstYear)
		r.Portfolio = Scope{ID: "portfolio", ProForma: pf, Figures: figures(pf, allIT)}
	}
	return r, nil
}

// hall computes one hall's pro forma and minimum lease.
func (r *Result) hall(spec *sites.Hall, siteID string, hp *optimize.HallPlan) (Hall, error) {
	h := Hall{SiteID: siteID, HallID: hp.ID, Built: hp.Build >= 0.5 && !hp.YearsAssumed, ServiceYear: hp.Years[0].Year,
		ITMW: hp.ITMW, CapexUSD: optimize.HallCapexUSD(spec)}
	// A hall's own life shorter than the case's depreciates it within
	// that life (hp.Years holds its life's years).
	terms := r.Terms
	terms.DepreciationYears = min(terms.DepreciationYears, len(hp.Years))
	var err error
	if h.ProForma, err = finance.Compute(project(h.CapexUSD, hp.Years, 1), terms, r.FirstYear); err != nil {
		return h, err
	}
	h.Figures = figures(h.ProForma, h.ITMW)
	if spec.LeaseUSDPerKWMonth > 0 {
		h.MinLeaseUSDPerKWMonth, h.MinLeaseFound = finance.BreakEven(0, MaxLeaseUSDPerKWMonth, r.Terms.TargetEquityIRR,
			func(lease float64) finance.Rate {
				pf, err := finance.Compute(project(h.CapexUSD, hp.Years, lease/spec.LeaseUSDPerKWMonth), terms, r.FirstYear)
				if err != nil {
					return finance.Rate{}
				}
				return pf.EquityIRR
			})
	}
	return h, nil
}

// project is a hall's investment: its capex, then its years, the lease it
// earns at its own rate scaled by leaseScale (the market's lease after
// the term is not).
func project(capexUSD float64, years []optimize.HallYear, leaseScale float64) finance.Project {
	p := finance.Project{CapexUSD: capexUSD, Flows: make([]finance.Flow, len(years))}
	for i, y := range years {
		lease := y.LeaseUSD
		if y.OwnLease {
			lease *= leaseScale
		}
		p.Flows[i] = finance.Flow{Year: y.Year, RevenueUSD: lease, OpexUSD: y.OpexUSD}
	}
	return p
}

// figures are a pro forma's values per watt of IT.
func figures(pf finance.ProForma, itMW float64) Figures {
	f := Figures{ITMW: itMW}
	if itMW > 0 {
		f.EnterpriseValueUSDPerW = pf.EnterpriseValueUSD / (itMW * 1e6)
		f.EquityValueUSDPerW = pf.EquityValueUSD / (itMW * 1e6)
	}
	return f
}
