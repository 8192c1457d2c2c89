// Package finance is the pure cash-flow arithmetic of a project: a pro
// forma year by year (capex spent in parts before service, debt drawn with
// them and repaid after interest-only years in level payments, equipment
// with its own debt and depreciation, straight-line or MACRS depreciation
// with bonus, tax with losses carried forward, revenue paid in advance, a
// terminal value, cash flow to the project and to equity), and its figures
// (NPV, IRR, payback, DSCR, values per watt). It knows nothing of mining,
// AI or solvers.
//
// Timing convention (docs/model.md, "Years and finance"): money is valued
// at 1 January of the valuation year k0. A line of calendar year y closes
// at the end of y, t = y − k0 + 1 years after the valuation date: its
// capex, debt draws, advance payments and terminal value fall there,
// discounted by (1+r)^−t; its operating flows too (EndOfYear), or half a
// year earlier (MidYear, (1+r)^−(t−½)). Capex spent at service start is on
// the line of the year before service. Flows dated before the valuation
// date are sunk: out of the NPV, in the IRRs.
package finance

import (
	"errors"
	"fmt"
	"math"
)

// Timing says when a year's operating flows fall.
type Timing int

// Timings of operating flows.
const (
	EndOfYear Timing = iota // at the end of the year
	MidYear                 // in the middle of the year
)

// DepreciationMethod says how a facility's basis is depreciated.
type DepreciationMethod int

// Depreciation methods.
const (
	StraightLine DepreciationMethod = iota // over Terms.DepreciationYears
	MACRS                                  // the IRS tables of Terms.MACRSClassYears, with bonus
)

// TerminalMethod says how a project's value after its last year is set.
type TerminalMethod int

// Terminal values.
const (
	NoTerminalValue TerminalMethod = iota // nothing after the last year
	ExitMultiple                          // Terms.ExitMultiple × the last year's NOI
	Perpetuity                            // the last year's NOI growing at Terms.TerminalGrowth forever
)

// Terms are a project's financing terms.
type Terms struct {
	DiscountRate float64 // pre-tax nominal WACC, discounts the project's flows
	Timing       Timing  // when operating flows fall within a year
	DebtShare    float64 // of the facility's capex, in [0, 1], drawn with each part of it
	DebtRate     float64 // interest on the outstanding debt
	// DebtTenorYears counts from service start; the first
	// InterestOnlyYears (< tenor) pay interest only, the rest level
	// (mortgage-style) payments.
	DebtTenorYears    int
	InterestOnlyYears int
	TaxRate           float64 // on EBITDA − depreciation − interest; never negative, losses carried forward
	Depreciation      DepreciationMethod
	DepreciationYears int // straight line
	// MACRSClassYears is the facility's MACRS class (MACRSClasses), with
	// MACRS; BonusDepreciationShare of its basis is depreciated in the
	// first year when the class is at most MaxBonusClassYears.
	MACRSClassYears        int
	BonusDepreciationShare float64
	// OpexEscalatorPerYear grows each flow's FixedOpexUSD from the first
	// year of service: (1+e)^i in the i-th year after it.
	OpexEscalatorPerYear float64
	// TerminalValue is the value received at the end of the last year,
	// untaxed: ExitMultiple × NOI, or NOI·(1+TerminalGrowth)/(DiscountRate
	// − TerminalGrowth), NOI the last year's cash EBITDA (never below 0).
	TerminalValue   TerminalMethod
	ExitMultiple    float64
	TerminalGrowth  float64
	TargetEquityIRR float64 // for the equity value and the minimum lease
	// MinDSCR is the lenders' covenant (0: none): the minimum lease must
	// keep every year's DSCR at or above it.
	MinDSCR float64
	// DebtSizing says how much of the facility's capex is borrowed and how
	// it is repaid; SizingDSCR (> 0, at least MinDSCR) is the DSCR the
	// debt is sized and sculpted to with SculptedDSCR.
	DebtSizing DebtSizing
	SizingDSCR float64
}

// DebtSizing says how a facility's debt is sized and repaid.
type DebtSizing int

// Debt sizings.
const (
	// LoanToCost borrows DebtShare of the capex, repaid in level payments.
	LoanToCost DebtSizing = iota
	// SculptedDSCR borrows the lesser of DebtShare of the capex and the
	// most whose service, sculpted to each year's CFADS ÷ SizingDSCR
	// (less the equipment's debt service), repays it within the tenor:
	// each amortizing year's debt service is CFADS ÷ SizingDSCR times
	// (that most ÷ the debt), so every amortizing year's DSCR is
	// SizingDSCR when the DSCR binds and above it when the loan-to-cost
	// does. A year whose CFADS cannot pay its interest capitalizes it.
	SculptedDSCR
)

// Validate checks the terms.
func (t Terms) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	check(t.DiscountRate > -1 && finite(t.DiscountRate), "discount rate %v must be above -1", t.DiscountRate)
	check(t.Timing == EndOfYear || t.Timing == MidYear, "unknown cash-flow timing %d", t.Timing)
	check(t.DebtShare >= 0 && t.DebtShare <= 1, "debt share %v must be in [0, 1]", t.DebtShare)
	check(t.DebtRate > -1 && finite(t.DebtRate), "debt rate %v must be above -1", t.DebtRate)
	check(t.DebtShare == 0 || t.DebtTenorYears >= 1, "debt tenor %d must be at least 1 year", t.DebtTenorYears)
	check(t.InterestOnlyYears >= 0 && (t.DebtShare == 0 || t.InterestOnlyYears < t.DebtTenorYears),
		"%d interest-only years: must be at least 0 and fewer than the %d-year tenor", t.InterestOnlyYears, t.DebtTenorYears)
	check(t.TaxRate >= 0 && t.TaxRate < 1, "tax rate %v must be in [0, 1)", t.TaxRate)
	switch t.Depreciation {
	case StraightLine:
		check(t.DepreciationYears >= 1, "depreciation over %d years: must be at least 1", t.DepreciationYears)
	case MACRS:
		_, err := MACRSRates(t.MACRSClassYears)
		check(err == nil, "%v", err)
	default:
		check(false, "unknown depreciation method %d", t.Depreciation)
	}
	check(t.BonusDepreciationShare >= 0 && t.BonusDepreciationShare <= 1, "bonus depreciation share %v must be in [0, 1]", t.BonusDepreciationShare)
	check(t.OpexEscalatorPerYear > -1 && finite(t.OpexEscalatorPerYear), "opex escalator %v must be above -1", t.OpexEscalatorPerYear)
	switch t.TerminalValue {
	case NoTerminalValue:
	case ExitMultiple:
		check(t.ExitMultiple > 0 && finite(t.ExitMultiple), "exit multiple %v must be above 0", t.ExitMultiple)
	case Perpetuity:
		check(finite(t.TerminalGrowth) && t.TerminalGrowth < t.DiscountRate,
			"terminal growth %v must be below the discount rate %v", t.TerminalGrowth, t.DiscountRate)
	default:
		check(false, "unknown terminal value method %d", t.TerminalValue)
	}
	check(t.TargetEquityIRR > -1 && finite(t.TargetEquityIRR), "target equity IRR %v must be above -1", t.TargetEquityIRR)
	check(t.MinDSCR >= 0 && finite(t.MinDSCR), "minimum DSCR %v must be at least 0 (0: no covenant)", t.MinDSCR)
	switch t.DebtSizing {
	case LoanToCost:
	case SculptedDSCR:
		check(t.SizingDSCR > 0 && finite(t.SizingDSCR) && t.SizingDSCR >= t.MinDSCR,
			"sizing DSCR %v must be above 0 and at least the covenant %v (debt sized below the covenant breaches it)", t.SizingDSCR, t.MinDSCR)
	default:
		check(false, "unknown debt sizing %d", t.DebtSizing)
	}
	return errors.Join(errs...)
}

// Flow is one year of a project's operations.
type Flow struct {
	Year       int     // calendar year
	RevenueUSD float64 // revenue recognized in the year
	// PrepaidUSD is the part of RevenueUSD paid in advance: the project
	// receives the sum of every year's at service start, and earns it
	// (recognizes it, without cash) in its year.
	PrepaidUSD float64
	OpexUSD    float64 // operating costs of the year (positive), as given
	// FixedOpexUSD are operating costs grown by Terms.OpexEscalatorPerYear
	// from the first year of service (positive).
	FixedOpexUSD float64
}

// Spend is one part of a facility's capex.
type Spend struct {
	// MonthsBeforeService is when it is spent: 0 at service start (1
	// January of the first flow's year), m at the start of the month m
	// months before it.
	MonthsBeforeService int
	USD                 float64
}

// Equipment is an asset bought at service start apart from the facility
// (GPUs), with its own straight-line depreciation and its own debt: level
// payments at the terms' debt rate, without interest-only years.
type Equipment struct {
	CapexUSD          float64
	DepreciationYears int
	DebtShare         float64 // of CapexUSD, in [0, 1]
	DebtTenorYears    int
}

// Project is an investment: its facility's capex, spent in parts up to the
// start of the first flow's year (the service start), equipment bought
// then, and consecutive years of Flows.
type Project struct {
	Capex     []Spend
	Equipment Equipment
	Flows     []Flow
}

// CapexUSD is the project's capex: the facility's parts and the equipment.
func (p Project) CapexUSD() float64 {
	sum := p.Equipment.CapexUSD
	for _, s := range p.Capex {
		sum += s.USD
	}
	return sum
}

// Line is one year of a pro forma. The lines before service carry the
// capex and the debt drawn (construction); the year before service also
// the advance payments received at service start.
type Line struct {
	Year int
	// CapexUSD is the capex booked on the line: each part compounded at
	// the discount rate to the end of the line's year; SunkCapexUSD the
	// part of it spent before the valuation date.
	CapexUSD     float64
	SunkCapexUSD float64
	DebtDrawUSD  float64 // booked like the capex it finances
	// CapitalizedInterestUSD is the interest on the draws added to the
	// debt up to service start (on the year before service; no cash).
	CapitalizedInterestUSD float64
	PrepaymentReceivedUSD  float64 // advance payments received at service start
	RevenueUSD             float64 // recognized
	PrepaymentEarnedUSD    float64 // the part of the revenue paid in advance (no cash in the year)
	OpexUSD                float64
	EBITDAUSD              float64
	DepreciationUSD        float64
	InterestUSD            float64
	PrincipalUSD           float64
	TaxUSD                 float64
	CFADSUSD               float64 // cash available for debt service: EBITDA − tax − prepayment earned
	TerminalValueUSD       float64 // on the last line
	ExitDebtRepaidUSD      float64 // debt outstanding after the last line, repaid from it
	// CashFlowProject is CFADS − capex + prepayment received + terminal
	// value; CashFlowEquity that + debt drawn − interest − principal −
	// debt repaid at exit.
	CashFlowProject  float64
	CashFlowEquity   float64
	DSCR             Rate    // CFADS ÷ debt service, where there is debt service
	LossCarryforward float64 // tax losses carried into the next year
}

// pointProject is the part of the line's project flow dated at its end
// whatever the timing: capex, advance payments, terminal value.
func (l *Line) pointProject() float64 {
	return -l.CapexUSD + l.PrepaymentReceivedUSD + l.TerminalValueUSD
}

// pointEquity is the part of the line's equity flow dated at its end.
func (l *Line) pointEquity() float64 {
	return l.pointProject() + l.DebtDrawUSD - l.ExitDebtRepaidUSD
}

// Rate is a figure that may not exist (an IRR of flows that do not change
// sign once, a DSCR without debt service): OK false means "none".
type Rate struct {
	Value float64
	OK    bool
}

// String renders the rate as a percentage or "none".
func (r Rate) String() string {
	if !r.OK {
		return "none"
	}
	return fmt.Sprintf("%.2f%%", 100*r.Value)
}

// ProForma is a project's lines and figures.
type ProForma struct {
	Lines       []Line
	ServiceYear int     // the first year of flows (of the first project, in a sum)
	NPVUSD      float64 // project flows at the discount rate, at the valuation date, sunk capex left out
	ProjectIRR  Rate
	EquityIRR   Rate
	// PaybackYear is the first year the cumulative project cash flow is
	// at least 0 (0: never within the lines).
	PaybackYear int
	MinDSCR     Rate
	// TerminalValueUSD is the terminal value received (summed over the
	// projects of a sum).
	TerminalValueUSD float64
	// EnterpriseValueUSD is the present value, at service start, of the
	// pre-capex project flows (CFADS, advance payments, terminal value)
	// at the discount rate; EquityValueUSD of the equity's flows from
	// service start (its operating flows, advance payments and terminal
	// value less the debt repaid at exit) at the target IRR.
	EnterpriseValueUSD float64
	EquityValueUSD     float64
	// FacilityDebtUSD is the facility's debt at service start, interest
	// capitalized during construction included (summed over the projects
	// of a sum); DebtSizedByDSCR says the DSCR sized it below the
	// loan-to-cost (SculptedDSCR; in a sum, for any project).
	FacilityDebtUSD float64
	DebtSizedByDSCR bool
	// DebtCapacityUSD is, with SculptedDSCR, the most debt the service of
	// CFADS ÷ SizingDSCR repays (of one project; 0 otherwise).
	DebtCapacityUSD float64
}

// Compute builds the pro forma of one project valued at 1 January of year
// k0 (the horizon's first).
func Compute(p Project, t Terms, k0 int) (ProForma, error) {
	if err := t.Validate(); err != nil {
		return ProForma{}, err
	}
	if err := p.validate(); err != nil {
		return ProForma{}, err
	}
	b, err := projectLines(p, t, k0)
	if err != nil {
		return ProForma{}, err
	}
	pf := figures(b.lines, t, k0, p.Flows[0].Year)
	pf.FacilityDebtUSD, pf.DebtCapacityUSD = b.facilityDebtUSD, b.plan.CapacityUSD
	pf.DebtSizedByDSCR = b.facilityDebtUSD < b.loanToCostUSD*(1-1e-12)
	return pf, nil
}

// validate checks the project's shape.
func (p Project) validate() error {
	if len(p.Flows) == 0 {
		return errors.New("a project needs at least one year of flows")
	}
	for i := 1; i < len(p.Flows); i++ {
		if p.Flows[i].Year != p.Flows[i-1].Year+1 {
			return fmt.Errorf("flows must be consecutive years: %d follows %d", p.Flows[i].Year, p.Flows[i-1].Year)
		}
	}
	for _, s := range p.Capex {
		if s.MonthsBeforeService < 0 || math.IsNaN(s.USD) || math.IsInf(s.USD, 0) {
			return fmt.Errorf("capex part of %v USD %d months before service: must be finite and not after service start", s.USD, s.MonthsBeforeService)
		}
	}
	e := p.Equipment
	if e.CapexUSD != 0 && e.DepreciationYears < 1 {
		return fmt.Errorf("equipment depreciated over %d years: must be at least 1", e.DepreciationYears)
	}
	if e.DebtShare < 0 || e.DebtShare > 1 || e.DebtShare > 0 && e.DebtTenorYears < 1 {
		return fmt.Errorf("equipment debt share %v over %d years: the share must be in [0, 1], the tenor at least 1 year", e.DebtShare, e.DebtTenorYears)
	}
	return nil
}

// debtPlan is how a project's facility debt is drawn and repaid: Scale
// times the loan-to-cost debt, repaid by Service (each year of flows' debt
// service after the interest-only years) or, nil, in level payments.
type debtPlan struct {
	Scale   float64
	Service []float64
	// CapacityUSD is what the DSCR's service repays (sculpted plans).
	CapacityUSD float64
}

// builtLines are a project's lines and what sizing its debt reads of them.
type builtLines struct {
	lines []Line
	// operating indexes the lines of the years of flows.
	operating int
	// loanToCostUSD is the facility debt at service start at the
	// loan-to-cost; equipmentServiceUSD the equipment's debt service in
	// each year of flows; facilityDebtUSD the facility debt drawn and
	// plan the plan it was drawn and repaid by.
	loanToCostUSD       float64
	equipmentServiceUSD []float64
	facilityDebtUSD     float64
	plan                debtPlan
}

// maxSculptIterations bounds the search for a sculpted debt: its size and
// the CFADS it is sized on (after the tax its interest saves) agree to
// 1e-10 within a few iterations (each moves by the tax rate × the debt
// rate, a few percent).
const maxSculptIterations = 200

// projectLines computes the lines of one project: its construction years,
// then each year of flows, with its debt sized as the terms say.
func projectLines(p Project, t Terms, k0 int) (builtLines, error) {
	plan := debtPlan{Scale: 1}
	b, err := linesWith(p, t, k0, plan)
	if err != nil || t.DebtSizing != SculptedDSCR || b.loanToCostUSD <= 0 {
		return b, err
	}
	// Sculpted: the size and service read from the CFADS of the lines
	// built with the last ones, until they agree.
	for range maxSculptIterations {
		next := sculpt(b, t, len(p.Flows))
		converged := math.Abs(next.Scale-plan.Scale) <= 1e-10 && plan.Service != nil
		for i := range next.Service {
			converged = converged && math.Abs(next.Service[i]-plan.Service[i]) <= 1e-10*b.loanToCostUSD
		}
		plan = next
		if b, err = linesWith(p, t, k0, plan); err != nil || converged {
			return b, err
		}
	}
	return builtLines{}, fmt.Errorf("the debt sculpted to a DSCR of %v did not settle within %d iterations", t.SizingDSCR, maxSculptIterations)
}

// sculpt is the debt plan sized and sculpted on the CFADS of b: each
// amortizing year within the tenor and the flows can serve CFADS ÷
// SizingDSCR less the equipment's service (never below 0); the debt is
// the lesser of the loan-to-cost and what those services repay (their
// present value at the debt rate at the end of the interest-only years),
// and its service is theirs scaled to it.
func sculpt(b builtLines, t Terms, n int) debtPlan {
	serve := make([]float64, n)
	var capacity, discount float64 = 0, 1
	for i := t.InterestOnlyYears; i < min(n, t.DebtTenorYears); i++ {
		l := &b.lines[b.operating+i]
		serve[i] = max(0, l.CFADSUSD/t.SizingDSCR-b.equipmentServiceUSD[i])
		discount /= 1 + t.DebtRate
		capacity += serve[i] * discount
	}
	debt := min(b.loanToCostUSD, capacity)
	if capacity > 0 {
		for i := range serve {
			serve[i] *= debt / capacity
		}
	}
	return debtPlan{Scale: debt / b.loanToCostUSD, Service: serve, CapacityUSD: capacity}
}

// linesWith computes the lines of one project with its facility debt
// drawn and repaid as plan says.
func linesWith(p Project, t Terms, k0 int, plan debtPlan) (builtLines, error) {
	start := p.Flows[0].Year
	n := len(p.Flows)
	// Construction: each part on the line of the year ending at the first
	// 1 January at or after it, compounded to there.
	first := start - 1
	type booked struct {
		line                 int
		capex, sunk, draw    float64
		principalAtService   float64
		spentUSD, compounded float64
	}
	var parts []booked
	for _, s := range p.Capex {
		month := start*12 - s.MonthsBeforeService // months since year 0
		next := ceilDiv(month, 12) * 12
		grow := math.Pow(1+t.DiscountRate, float64(next-month)/12)
		b := booked{line: next/12 - 1, capex: s.USD * grow, draw: plan.Scale * t.DebtShare * s.USD * grow,
			principalAtService: t.DebtShare * s.USD * math.Pow(1+t.DebtRate/12, float64(s.MonthsBeforeService))}
		if month < k0*12 {
			b.sunk = b.capex
		}
		parts = append(parts, b)
		first = min(first, b.line)
	}
	lines := make([]Line, start-first+n)
	for i := range lines {
		lines[i].Year = first + i
	}
	var loanToCost, basis float64
	for _, b := range parts {
		l := &lines[b.line-first]
		l.CapexUSD += b.capex
		l.SunkCapexUSD += b.sunk
		l.DebtDrawUSD += b.draw
		loanToCost += b.principalAtService
	}
	principal := plan.Scale * loanToCost
	for _, s := range p.Capex {
		basis += s.USD
	}
	eve := &lines[start-1-first] // the eve of service: its end is service start
	var drawn float64
	for _, s := range p.Capex {
		drawn += plan.Scale * t.DebtShare * s.USD
	}
	eve.CapitalizedInterestUSD = principal - drawn
	basis += eve.CapitalizedInterestUSD
	e := p.Equipment
	eve.CapexUSD += e.CapexUSD
	eve.DebtDrawUSD += e.DebtShare * e.CapexUSD
	if start < k0 {
		eve.SunkCapexUSD += e.CapexUSD
	}
	for _, f := range p.Flows {
		eve.PrepaymentReceivedUSD += f.PrepaidUSD
	}
	for i := range start - first {
		l := &lines[i]
		l.CashFlowProject = l.pointProject()
		l.CashFlowEquity = l.pointEquity()
	}

	depreciation, err := facilityDepreciation(basis, t, n)
	if err != nil {
		return builtLines{}, err
	}
	gpuDepreciation := straightLine(e.CapexUSD, e.DepreciationYears, n)
	var interest, repaid []float64
	var outstanding float64
	if plan.Service == nil {
		interest, repaid, outstanding = loan(principal, t.DebtRate, t.DebtTenorYears, t.InterestOnlyYears, n)
	} else {
		interest, repaid, outstanding = sculptedLoan(principal, t.DebtRate, t.DebtTenorYears, t.InterestOnlyYears, plan.Service)
	}
	gpuInterest, gpuRepaid, gpuOutstanding := loan(e.DebtShare*e.CapexUSD, t.DebtRate, e.DebtTenorYears, 0, n)
	gpuService := make([]float64, n)
	for i := range gpuService {
		gpuService[i] = gpuInterest[i] + gpuRepaid[i]
	}
	var loss float64
	for i, f := range p.Flows {
		l := &lines[start-first+i]
		l.RevenueUSD, l.PrepaymentEarnedUSD = f.RevenueUSD, f.PrepaidUSD
		l.OpexUSD = f.OpexUSD
		if f.FixedOpexUSD != 0 {
			l.OpexUSD += f.FixedOpexUSD * math.Pow(1+t.OpexEscalatorPerYear, float64(i))
		}
		l.EBITDAUSD = f.RevenueUSD - l.OpexUSD
		l.DepreciationUSD = depreciation[i] + gpuDepreciation[i]
		l.InterestUSD = interest[i] + gpuInterest[i]
		l.PrincipalUSD = repaid[i] + gpuRepaid[i]
		taxable := l.EBITDAUSD - l.DepreciationUSD - l.InterestUSD
		switch {
		case taxable <= 0:
			loss -= taxable
		case taxable <= loss:
			loss -= taxable
		default:
			l.TaxUSD = t.TaxRate * (taxable - loss)
			loss = 0
		}
		l.LossCarryforward = loss
		l.CFADSUSD = l.EBITDAUSD - l.TaxUSD - l.PrepaymentEarnedUSD
		if i == n-1 {
			l.TerminalValueUSD = terminalValue(t, l.EBITDAUSD-l.PrepaymentEarnedUSD)
			l.ExitDebtRepaidUSD = outstanding + gpuOutstanding
		}
		l.CashFlowProject = l.CFADSUSD + l.TerminalValueUSD
		l.CashFlowEquity = l.CashFlowProject - l.InterestUSD - l.PrincipalUSD - l.ExitDebtRepaidUSD
		if service := l.InterestUSD + l.PrincipalUSD; service > 0 {
			l.DSCR = Rate{Value: l.CFADSUSD / service, OK: true}
		}
	}
	return builtLines{lines: lines, operating: start - first, loanToCostUSD: loanToCost, equipmentServiceUSD: gpuService,
		facilityDebtUSD: principal, plan: plan}, nil
}

// ceilDiv is ⌈a/b⌉ for b > 0.
func ceilDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a > 0 {
		q++
	}
	return q
}

// terminalValue is the value after the last year of a project whose last
// year's cash NOI is noi (never below 0: a project is let go rather than
// run at a loss).
func terminalValue(t Terms, noi float64) float64 {
	switch t.TerminalValue {
	case ExitMultiple:
		return max(0, t.ExitMultiple*noi)
	case Perpetuity:
		return max(0, noi*(1+t.TerminalGrowth)/(t.DiscountRate-t.TerminalGrowth))
	}
	return 0
}

// facilityDepreciation is the facility's depreciation in each of n years
// of service.
func facilityDepreciation(basis float64, t Terms, n int) ([]float64, error) {
	if t.Depreciation == StraightLine {
		return straightLine(basis, t.DepreciationYears, n), nil
	}
	rates, err := MACRSRates(t.MACRSClassYears)
	if err != nil {
		return nil, err
	}
	bonus := 0.0
	if t.MACRSClassYears <= MaxBonusClassYears {
		bonus = t.BonusDepreciationShare * basis
	}
	out := make([]float64, n)
	for j := range min(n, len(rates)) {
		out[j] = (basis - bonus) * rates[j]
	}
	out[0] += bonus
	writeOff(out, basis)
	return out, nil
}

// straightLine is basis spread evenly over years of n.
func straightLine(basis float64, years, n int) []float64 {
	out := make([]float64, n)
	if basis == 0 {
		return out
	}
	for j := range min(n, years) {
		out[j] = basis / float64(years)
	}
	writeOff(out, basis)
	return out
}

// writeOff adds what the schedule leaves undepreciated to its last year
// (the asset is disposed of at the end of the project).
func writeOff(schedule []float64, basis float64) {
	var sum float64
	for _, d := range schedule {
		sum += d
	}
	if rest := basis - sum; math.Abs(rest) > 1e-9*math.Max(1, math.Abs(basis)) {
		schedule[len(schedule)-1] += rest
	}
}

// loan is the interest and principal of each of n years of a loan of
// principal at rate over tenor years, the first io paying interest only
// and the rest level payments, and what is outstanding after year n.
func loan(principal, rate float64, tenor, io, n int) (interest, repaid []float64, outstanding float64) {
	interest, repaid = make([]float64, n), make([]float64, n)
	if principal <= 0 {
		return interest, repaid, 0
	}
	payment := LevelPayment(principal, rate, tenor-io)
	outstanding = principal
	for i := range min(n, tenor) {
		if outstanding <= 0 {
			break
		}
		interest[i] = rate * outstanding
		if i >= io {
			repaid[i] = math.Min(outstanding, payment-interest[i])
			outstanding -= repaid[i]
		}
	}
	if outstanding < 1e-9*principal {
		outstanding = 0
	}
	return interest, repaid, outstanding
}

// sculptedLoan is the interest and principal of each year of a loan of
// principal at rate over tenor years whose debt service after the first
// io years (interest only) is service's (one a year of flows): a year's
// principal is its service less its interest, negative (interest
// capitalized) when the service cannot pay it; and what is outstanding
// after the last year.
func sculptedLoan(principal, rate float64, tenor, io int, service []float64) (interest, repaid []float64, outstanding float64) {
	n := len(service)
	interest, repaid = make([]float64, n), make([]float64, n)
	outstanding = principal
	for i := range min(n, tenor) {
		interest[i] = rate * outstanding
		if i >= io {
			repaid[i] = service[i] - interest[i]
			outstanding -= repaid[i]
		}
	}
	if math.Abs(outstanding) < 1e-9*principal {
		outstanding = 0
	}
	return interest, repaid, outstanding
}

// figures computes a pro forma's figures from its lines; serviceYear is
// the year values per watt are taken at.
func figures(lines []Line, t Terms, k0, serviceYear int) ProForma {
	pf := ProForma{Lines: lines, ServiceYear: serviceYear}
	perYear := 1
	if t.Timing == MidYear {
		perYear = 2
	}
	// The IRRs' flows, perYear slots a line from the start of the first
	// line's year: its operating flows in the slot before its end (the
	// end itself at the end of the year).
	project := make([]float64, perYear*len(lines)+1)
	equity := make([]float64, len(project))
	// Discount factors, stepped a line at a time (math.Pow per line costs
	// the minimum-lease searches their time): at the valuation date (npv),
	// at service start at the discount rate (ev) and at the target IRR
	// (eq); each line's end, and its operating flows' date (× shift).
	npv := math.Pow(1+t.DiscountRate, -float64(lines[0].Year-k0+1))
	ev := math.Pow(1+t.DiscountRate, -float64(lines[0].Year-serviceYear+1))
	eq := math.Pow(1+t.TargetEquityIRR, -float64(lines[0].Year-serviceYear+1))
	shiftR, shiftQ := 1.0, 1.0
	if t.Timing == MidYear {
		shiftR, shiftQ = math.Sqrt(1+t.DiscountRate), math.Sqrt(1+t.TargetEquityIRR)
	}
	stepR, stepQ := 1/(1+t.DiscountRate), 1/(1+t.TargetEquityIRR)
	var cumulative float64
	outflow := false
	for i := range lines {
		l := &lines[i]
		if i > 0 {
			npv, ev, eq = npv*stepR, ev*stepR, eq*stepQ
		}
		pointP, pointE := l.pointProject(), l.pointEquity()
		opP, opE := l.CashFlowProject-pointP, l.CashFlowEquity-pointE
		end := perYear * (i + 1)
		project[end] += pointP
		equity[end] += pointE
		project[end-perYear+1] += opP
		equity[end-perYear+1] += opE
		if l.Year >= k0-1 {
			pf.NPVUSD += (pointP+l.SunkCapexUSD)*npv + opP*npv*shiftR
		}
		cumulative += l.CashFlowProject
		outflow = outflow || l.CashFlowProject < 0
		if pf.PaybackYear == 0 && cumulative >= 0 && i > 0 && outflow {
			pf.PaybackYear = l.Year
		}
		if l.DSCR.OK && (!pf.MinDSCR.OK || l.DSCR.Value < pf.MinDSCR.Value) {
			pf.MinDSCR = l.DSCR
		}
		pf.TerminalValueUSD += l.TerminalValueUSD
		switch {
		case l.Year == serviceYear-1: // its end is service start
			pf.EnterpriseValueUSD += l.PrepaymentReceivedUSD
			pf.EquityValueUSD += l.PrepaymentReceivedUSD
		case l.Year >= serviceYear:
			pf.EnterpriseValueUSD += l.CFADSUSD*ev*shiftR + (l.PrepaymentReceivedUSD+l.TerminalValueUSD)*ev
			pf.EquityValueUSD += opE*eq*shiftQ + pointE*eq
		}
	}
	pf.ProjectIRR = irr(project, perYear)
	pf.EquityIRR = irr(equity, perYear)
	return pf
}

// YearDiscountFactor is what money of year k (k = 1 the first) is worth at
// the valuation date, 1 January of year 1: (1+r)^−k at the end of the year,
// (1+r)^−(k−½) in its middle. The objective and the pro formas use it.
func YearDiscountFactor(r float64, k int, timing Timing) float64 {
	if timing == MidYear {
		return math.Pow(1+r, -(float64(k) - 0.5))
	}
	return math.Pow(1+r, -float64(k))
}

// AnnuityScale is the factor on a level payment that repays 1 over n years
// at the end of each (the capital recovery factor) when it is paid as
// timing says: 1 at the end of the year, (1+r)^−½ in its middle (paid half a
// year sooner, a smaller payment repays as much).
func AnnuityScale(r float64, timing Timing) float64 {
	if timing == MidYear {
		return math.Pow(1+r, -0.5)
	}
	return 1
}

// NPV is Σ_i flows[i]·(1+r)^−i: flow 0 undiscounted. It is evaluated by
// Horner's rule in 1/(1+r), one multiplication a year: the break-even
// lease searches call it millions of times (math.Pow per flow took half
// of a 1,000-site plan's time).
func NPV(r float64, flows []float64) float64 {
	return npvSlots(r, flows, 1)
}

// npvSlots is Σ_j slots[j]·(1+r)^−(j/perYear), by Horner's rule.
func npvSlots(r float64, slots []float64, perYear int) float64 {
	d := 1 / (1 + r)
	if perYear == 2 {
		d = math.Sqrt(d)
	}
	var v float64
	for i := len(slots) - 1; i >= 0; i-- {
		v = v*d + slots[i]
	}
	return v
}

// LevelPayment is the constant payment that repays principal over n
// periods at rate r (the capital recovery factor times the principal).
func LevelPayment(principal, r float64, n int) float64 {
	if principal == 0 || n <= 0 {
		return 0
	}
	if r == 0 {
		return principal / float64(n)
	}
	growth := math.Expm1(float64(n) * math.Log1p(r))
	return principal * r * (growth + 1) / growth
}

// IRR is the rate that zeroes the NPV of flows (one a year), reported only
// when the flows change sign exactly once (then the rate is unique).
func IRR(flows []float64) Rate { return irr(flows, 1) }

// irr is the annual rate that zeroes the NPV of slots perYear apart (slot
// 0, then perYear slots a year, the last at its end). It is reported only
// when the years' net flows change sign exactly once: a year's mid-year
// operating flow and the capex at its end (another hall's, in a sum) count
// as the year's net, as they do with one slot a year.
func irr(slots []float64, perYear int) Rate {
	changes, last := 0, 0.0
	for i := 0; i < len(slots); {
		f := slots[i]
		i++
		if i > 1 {
			for range perYear - 1 {
				if i < len(slots) {
					f += slots[i]
					i++
				}
			}
		}
		if f == 0 {
			continue
		}
		if last != 0 && (f > 0) != (last > 0) {
			changes++
		}
		last = f
	}
	if changes != 1 {
		return Rate{}
	}
	f := func(r float64) float64 { return npvSlots(r, slots, perYear) }
	lo, hi := -0.999999, 1.0
	for f(hi)*f(lo) > 0 && hi < 1e6 {
		hi *= 2
	}
	flo := f(lo)
	if flo*f(hi) > 0 {
		return Rate{}
	}
	for range 200 {
		mid := (lo + hi) / 2
		fm := f(mid)
		if fm == 0 || hi-lo < 1e-14 {
			return Rate{Value: mid, OK: true}
		}
		if (fm > 0) == (flo > 0) {
			lo, flo = mid, fm
		} else {
			hi = mid
		}
	}
	return Rate{Value: (lo + hi) / 2, OK: true}
}

// Sum adds pro formas year by year (a site's halls, a portfolio's sites)
// and computes the figures of the sum, valued at 1 January of k0.
func Sum(forms []ProForma, t Terms, k0 int) ProForma {
	byYear := map[int]*Line{}
	first, last, serviceYear := math.MaxInt, math.MinInt, math.MaxInt
	var debt float64
	var sizedByDSCR bool
	for _, pf := range forms {
		debt += pf.FacilityDebtUSD
		sizedByDSCR = sizedByDSCR || pf.DebtSizedByDSCR
		for _, l := range pf.Lines {
			s, ok := byYear[l.Year]
			if !ok {
				s = &Line{Year: l.Year}
				byYear[l.Year] = s
			}
			s.add(&l)
			first, last = min(first, l.Year), max(last, l.Year)
		}
		if len(pf.Lines) > 0 {
			serviceYear = min(serviceYear, pf.ServiceYear)
		}
	}
	if len(byYear) == 0 {
		return ProForma{}
	}
	lines := make([]Line, 0, last-first+1)
	for y := first; y <= last; y++ {
		l := Line{Year: y}
		if s, ok := byYear[y]; ok {
			l = *s
		}
		if service := l.InterestUSD + l.PrincipalUSD; service > 0 {
			l.DSCR = Rate{Value: l.CFADSUSD / service, OK: true}
		}
		lines = append(lines, l)
	}
	pf := figures(lines, t, k0, serviceYear)
	pf.FacilityDebtUSD, pf.DebtSizedByDSCR = debt, sizedByDSCR
	return pf
}

// add adds the money of o to l (not its DSCR, a ratio).
func (l *Line) add(o *Line) {
	l.CapexUSD += o.CapexUSD
	l.SunkCapexUSD += o.SunkCapexUSD
	l.DebtDrawUSD += o.DebtDrawUSD
	l.CapitalizedInterestUSD += o.CapitalizedInterestUSD
	l.PrepaymentReceivedUSD += o.PrepaymentReceivedUSD
	l.RevenueUSD += o.RevenueUSD
	l.PrepaymentEarnedUSD += o.PrepaymentEarnedUSD
	l.OpexUSD += o.OpexUSD
	l.EBITDAUSD += o.EBITDAUSD
	l.DepreciationUSD += o.DepreciationUSD
	l.InterestUSD += o.InterestUSD
	l.PrincipalUSD += o.PrincipalUSD
	l.TaxUSD += o.TaxUSD
	l.CFADSUSD += o.CFADSUSD
	l.TerminalValueUSD += o.TerminalValueUSD
	l.ExitDebtRepaidUSD += o.ExitDebtRepaidUSD
	l.CashFlowProject += o.CashFlowProject
	l.CashFlowEquity += o.CashFlowEquity
	l.LossCarryforward += o.LossCarryforward
}

// MinRate is the lowest of rates that exist (none when none does).
func MinRate(rates ...Rate) Rate {
	var out Rate
	for _, r := range rates {
		if r.OK && (!out.OK || r.Value < out.Value) {
			out = r
		}
	}
	return out
}

// BreakEven returns the smallest x in [lo, hi] at which rate(x) reaches
// target, by bisection, for a rate that grows with x (an equity IRR as the
// lease rises). ok is false when even hi falls short.
func BreakEven(lo, hi, target float64, rate func(x float64) Rate) (float64, bool) {
	reaches := func(x float64) bool { r := rate(x); return r.OK && r.Value >= target }
	if !reaches(hi) {
		return 0, false
	}
	if reaches(lo) {
		return lo, true
	}
	for range 100 {
		mid := (lo + hi) / 2
		if reaches(mid) {
			hi = mid
		} else {
			lo = mid
		}
		if hi-lo <= 1e-9*math.Max(1, math.Abs(hi)) {
			break
		}
	}
	return hi, true
}
