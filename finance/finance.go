// Package finance is the pure cash-flow arithmetic of a project: a pro
// forma year by year (capex, debt drawn and repaid in level payments,
// straight-line depreciation, tax with losses carried forward, cash flow
// to the project and to equity), and its figures (NPV, IRR, payback,
// DSCR, values per watt). It knows nothing of mining, AI or solvers.
//
// Timing convention (docs/model.md, "Years and finance"): operating flows
// of year k are at the end of year k and discounted by (1+r)^−(k−k0),
// with k0 the first year of the horizon; capex is spent, and debt drawn,
// at the start of the service year, that is at the end of the year
// before it, discounted by (1+r)^−(k−1−k0). With these, a capex annuity
// paid at the end of each year of a project's life is worth the capex
// itself, so a pro forma without tax or debt has the NPV of the
// objective's discounted terms.
package finance

import (
	"errors"
	"fmt"
	"math"
)

// Terms are a project's financing terms.
type Terms struct {
	DiscountRate      float64 // pre-tax nominal WACC, discounts the project's flows
	DebtShare         float64 // of capex, in [0, 1], drawn when the capex is spent
	DebtRate          float64 // interest on the outstanding debt
	DebtTenorYears    int     // level (mortgage-style) repayment over this many years
	TaxRate           float64 // on EBITDA − depreciation − interest; never negative, losses carried forward
	DepreciationYears int     // straight line
	TargetEquityIRR   float64 // for the equity value and the minimum lease
}

// Validate checks the terms.
func (t Terms) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	check(t.DiscountRate > -1 && !math.IsInf(t.DiscountRate, 0), "discount rate %v must be above -1", t.DiscountRate)
	check(t.DebtShare >= 0 && t.DebtShare <= 1, "debt share %v must be in [0, 1]", t.DebtShare)
	check(t.DebtRate > -1 && !math.IsInf(t.DebtRate, 0), "debt rate %v must be above -1", t.DebtRate)
	check(t.DebtShare == 0 || t.DebtTenorYears >= 1, "debt tenor %d must be at least 1 year", t.DebtTenorYears)
	check(t.TaxRate >= 0 && t.TaxRate < 1, "tax rate %v must be in [0, 1)", t.TaxRate)
	check(t.DepreciationYears >= 1, "depreciation over %d years: must be at least 1", t.DepreciationYears)
	check(t.TargetEquityIRR > -1 && !math.IsInf(t.TargetEquityIRR, 0), "target equity IRR %v must be above -1", t.TargetEquityIRR)
	return errors.Join(errs...)
}

// Flow is one year of a project's operations.
type Flow struct {
	Year       int     // calendar year
	RevenueUSD float64 // revenue of the year
	OpexUSD    float64 // operating costs of the year (positive)
}

// Project is an investment: CapexUSD spent at the start of the first
// flow's year (the service year), then consecutive years of Flows.
type Project struct {
	CapexUSD float64
	Flows    []Flow
}

// Line is one year of a pro forma. The year before service carries the
// capex and the debt drawn (the construction year).
type Line struct {
	Year             int
	CapexUSD         float64
	DebtDrawUSD      float64
	RevenueUSD       float64
	OpexUSD          float64
	EBITDAUSD        float64
	DepreciationUSD  float64
	InterestUSD      float64
	PrincipalUSD     float64
	TaxUSD           float64
	CashFlowProject  float64 // EBITDA − tax − capex
	CashFlowEquity   float64 // project cash flow + debt drawn − interest − principal
	DSCR             Rate    // CFADS ÷ debt service, where there is debt service
	LossCarryforward float64 // tax losses carried into the next year
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
	Lines      []Line
	NPVUSD     float64 // project cash flows at the discount rate, to the horizon's first year
	ProjectIRR Rate
	EquityIRR  Rate
	// PaybackYear is the first year the cumulative project cash flow is
	// at least 0 (0: never within the lines).
	PaybackYear int
	MinDSCR     Rate
	// EnterpriseValueUSD is the present value, at the service start, of
	// the pre-capex project flows (EBITDA − tax) at the discount rate;
	// EquityValueUSD of the equity's operating flows at the target IRR.
	EnterpriseValueUSD float64
	EquityValueUSD     float64
}

// Compute builds the pro forma of one project; k0 is the horizon's first
// year (discount base).
func Compute(p Project, t Terms, k0 int) (ProForma, error) {
	if err := t.Validate(); err != nil {
		return ProForma{}, err
	}
	if len(p.Flows) == 0 {
		return ProForma{}, errors.New("a project needs at least one year of flows")
	}
	for i := 1; i < len(p.Flows); i++ {
		if p.Flows[i].Year != p.Flows[i-1].Year+1 {
			return ProForma{}, fmt.Errorf("flows must be consecutive years: %d follows %d", p.Flows[i].Year, p.Flows[i-1].Year)
		}
	}
	lines := projectLines(p, t)
	return figures(lines, t, k0, p.Flows[0].Year), nil
}

// projectLines computes the lines of one project: the construction year,
// then each year of flows.
func projectLines(p Project, t Terms) []Line {
	start := p.Flows[0].Year
	debt := t.DebtShare * p.CapexUSD
	payment := LevelPayment(debt, t.DebtRate, t.DebtTenorYears)
	lines := make([]Line, 0, len(p.Flows)+1)
	lines = append(lines, Line{Year: start - 1, CapexUSD: p.CapexUSD, DebtDrawUSD: debt})
	outstanding := debt
	var loss float64
	depreciation := p.CapexUSD / float64(t.DepreciationYears)
	for i, f := range p.Flows {
		l := Line{Year: f.Year, RevenueUSD: f.RevenueUSD, OpexUSD: f.OpexUSD}
		l.EBITDAUSD = f.RevenueUSD - f.OpexUSD
		if i < t.DepreciationYears {
			l.DepreciationUSD = depreciation
		}
		if i < t.DebtTenorYears && outstanding > 0 {
			l.InterestUSD = t.DebtRate * outstanding
			l.PrincipalUSD = math.Min(outstanding, payment-l.InterestUSD)
			outstanding -= l.PrincipalUSD
		}
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
		l.CashFlowProject = l.EBITDAUSD - l.TaxUSD
		l.CashFlowEquity = l.CashFlowProject - l.InterestUSD - l.PrincipalUSD
		if service := l.InterestUSD + l.PrincipalUSD; service > 0 {
			l.DSCR = Rate{Value: (l.EBITDAUSD - l.TaxUSD) / service, OK: true}
		}
		lines = append(lines, l)
	}
	lines[0].CashFlowProject = -p.CapexUSD
	lines[0].CashFlowEquity = -p.CapexUSD + debt
	return lines
}

// figures computes a pro forma's figures from its lines; serviceYear is
// the year values per watt are taken at.
func figures(lines []Line, t Terms, k0, serviceYear int) ProForma {
	pf := ProForma{Lines: lines}
	project := make([]float64, len(lines))
	equity := make([]float64, len(lines))
	var cumulative float64
	for i, l := range lines {
		project[i], equity[i] = l.CashFlowProject, l.CashFlowEquity
		pf.NPVUSD += l.CashFlowProject * discount(t.DiscountRate, l.Year-k0)
		cumulative += l.CashFlowProject
		if pf.PaybackYear == 0 && cumulative >= 0 && i > 0 && hasOutflow(project[:i+1]) {
			pf.PaybackYear = l.Year
		}
		if l.DSCR.OK && (!pf.MinDSCR.OK || l.DSCR.Value < pf.MinDSCR.Value) {
			pf.MinDSCR = l.DSCR
		}
		if l.Year >= serviceYear {
			pf.EnterpriseValueUSD += (l.EBITDAUSD - l.TaxUSD) * discount(t.DiscountRate, l.Year-serviceYear+1)
			pf.EquityValueUSD += l.CashFlowEquity * discount(t.TargetEquityIRR, l.Year-serviceYear+1)
		}
	}
	pf.ProjectIRR = IRR(project)
	pf.EquityIRR = IRR(equity)
	return pf
}

// hasOutflow reports whether some flow is negative (payback needs one).
func hasOutflow(flows []float64) bool {
	for _, f := range flows {
		if f < 0 {
			return true
		}
	}
	return false
}

// discount is (1+r)^−n.
func discount(r float64, n int) float64 { return math.Pow(1+r, -float64(n)) }

// NPV is Σ_i flows[i]·(1+r)^−i: flow 0 undiscounted. It is evaluated by
// Horner's rule in 1/(1+r), one multiplication a year: the break-even
// lease searches call it millions of times (math.Pow per flow took half
// of a 1,000-site plan's time).
func NPV(r float64, flows []float64) float64 {
	d := 1 / (1 + r)
	var v float64
	for i := len(flows) - 1; i >= 0; i-- {
		v = v*d + flows[i]
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
func IRR(flows []float64) Rate {
	changes, last := 0, 0.0
	for _, f := range flows {
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
	f := func(r float64) float64 { return NPV(r, flows) }
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
// and computes the figures of the sum.
func Sum(forms []ProForma, t Terms, k0 int) ProForma {
	byYear := map[int]*Line{}
	first, last, serviceYear := math.MaxInt, math.MinInt, math.MaxInt
	for _, pf := range forms {
		for _, l := range pf.Lines {
			s, ok := byYear[l.Year]
			if !ok {
				s = &Line{Year: l.Year}
				byYear[l.Year] = s
			}
			s.CapexUSD += l.CapexUSD
			s.DebtDrawUSD += l.DebtDrawUSD
			s.RevenueUSD += l.RevenueUSD
			s.OpexUSD += l.OpexUSD
			s.EBITDAUSD += l.EBITDAUSD
			s.DepreciationUSD += l.DepreciationUSD
			s.InterestUSD += l.InterestUSD
			s.PrincipalUSD += l.PrincipalUSD
			s.TaxUSD += l.TaxUSD
			s.CashFlowProject += l.CashFlowProject
			s.CashFlowEquity += l.CashFlowEquity
			s.LossCarryforward += l.LossCarryforward
			first, last = min(first, l.Year), max(last, l.Year)
		}
		if len(pf.Lines) > 1 {
			serviceYear = min(serviceYear, pf.Lines[1].Year)
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
			l.DSCR = Rate{Value: (l.EBITDAUSD - l.TaxUSD) / service, OK: true}
		}
		lines = append(lines, l)
	}
	return figures(lines, t, k0, serviceYear)
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
