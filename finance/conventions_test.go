package finance_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/finance"
)

// TestMACRSTables: every table of IRS Publication 946 sums to 100% and has
// one year more than its class (the half-year or mid-month convention).
func TestMACRSTables(t *testing.T) {
	for _, class := range finance.MACRSClasses() {
		rates, err := finance.MACRSRates(class)
		require.NoError(t, err)
		require.Len(t, rates, class+1, "class %d", class)
		var sum float64
		for _, r := range rates {
			require.Greater(t, r, 0.0)
			sum += r
		}
		require.InDelta(t, 1, sum, 1e-12, "class %d", class)
	}
	five, _ := finance.MACRSRates(5)
	require.Equal(t, []float64{0.20, 0.32, 0.192, 0.1152, 0.1152, 0.0576}, five)
	real39, _ := finance.MACRSRates(39)
	require.Equal(t, 0.02461, real39[0])
	require.Equal(t, 0.02564, real39[20])
	require.Equal(t, 0.00107, real39[39])
	for _, bad := range []int{0, 3, 10, 27, 40} {
		_, err := finance.MACRSRates(bad)
		require.ErrorContains(t, err, "must be one of [5 7 15 20 39]", "class %d", bad)
	}
}

// TestConstructionByHand: capex spent in four parts before service start
// (18, 12, 6 and 0 months before 1 January 2027), each compounded at the
// discount rate to the next 1 January and booked on the year ending there;
// debt drawn pro rata with interest capitalized monthly; the parts spent
// before the valuation date (1 January 2027) sunk: out of the NPV, in the
// IRR.
func TestConstructionByHand(t *testing.T) {
	r, rd := 0.10, 0.12
	terms := finance.Terms{DiscountRate: r, DebtShare: 0.5, DebtRate: rd, DebtTenorYears: 2, DepreciationYears: 2, TargetEquityIRR: 0.15}
	p := finance.Project{
		Capex: []finance.Spend{{MonthsBeforeService: 18, USD: 100}, {MonthsBeforeService: 12, USD: 100},
			{MonthsBeforeService: 6, USD: 100}, {MonthsBeforeService: 0, USD: 100}},
		Flows: []finance.Flow{{Year: 2027, RevenueUSD: 300}, {Year: 2028, RevenueUSD: 300}},
	}
	pf, err := finance.Compute(p, terms, 2027)
	require.NoError(t, err)
	require.Len(t, pf.Lines, 4, "2025, 2026, then the two years of service")
	half := math.Sqrt(1.1) // half a year at 10%
	// 2025: the part of 1 July 2025 compounded to 1 January 2026, and the
	// part of 1 January 2026 (which ends 2025's line).
	capex2025 := 100*half + 100
	capex2026 := 100*half + 100
	require.Equal(t, 2025, pf.Lines[0].Year)
	require.InDelta(t, capex2025, pf.Lines[0].CapexUSD, 1e-9)
	require.InDelta(t, capex2025, pf.Lines[0].SunkCapexUSD, 1e-9, "all of 2025 was spent before 2027")
	require.InDelta(t, capex2026, pf.Lines[1].CapexUSD, 1e-9)
	require.InDelta(t, 100*half, pf.Lines[1].SunkCapexUSD, 1e-9, "1 July 2026 is sunk, 1 January 2027 is not")
	require.InDelta(t, capex2025/2, pf.Lines[0].DebtDrawUSD, 1e-9, "half of each part, booked like it")
	// Debt at service start: each draw grown at 1% a month.
	principal := 50 * (math.Pow(1.01, 18) + math.Pow(1.01, 12) + math.Pow(1.01, 6) + 1)
	require.InDelta(t, principal-200, pf.Lines[1].CapitalizedInterestUSD, 1e-9)
	payment := principal * rd / (1 - math.Pow(1+rd, -2))
	i1 := rd * principal
	i2 := rd * (principal - (payment - i1))
	// Depreciation of the capex plus the capitalized interest over two years.
	dep := (400 + principal - 200) / 2
	for k, want := range []struct{ interest, principal, dep float64 }{{i1, payment - i1, dep}, {i2, payment - i2, dep}} {
		l := pf.Lines[2+k]
		require.InDelta(t, want.interest, l.InterestUSD, 1e-9)
		require.InDelta(t, want.principal, l.PrincipalUSD, 1e-9)
		require.InDelta(t, want.dep, l.DepreciationUSD, 1e-9)
		require.InDelta(t, 300/payment, l.DSCR.Value, 1e-12)
	}
	// NPV at 1 January 2027: the part spent then, and the two years.
	npv := -100 + 300/1.1 + 300/1.21
	require.InDelta(t, npv, pf.NPVUSD, 1e-9)
	// IRR with every part at its booked date.
	irr := finance.IRR([]float64{-capex2025, -capex2026, 300, 300})
	require.True(t, irr.OK)
	require.InDelta(t, irr.Value, pf.ProjectIRR.Value, 1e-9)
	require.InDelta(t, 0, finance.NPV(pf.ProjectIRR.Value, []float64{-capex2025, -capex2026, 300, 300}), 1e-6)
}

// TestEquipmentAndPrepayment: equipment bought at service start with its
// own debt and straight-line depreciation, beside the facility's; and a
// customer's advance payment, received at service start and earned (taxed,
// in EBITDA, not in cash) over the years it pays for.
func TestEquipmentAndPrepayment(t *testing.T) {
	terms := finance.Terms{DiscountRate: 0.1, DebtShare: 0.5, DebtRate: 0.1, DebtTenorYears: 3, TaxRate: 0.2,
		DepreciationYears: 3, TargetEquityIRR: 0.15}
	p := finance.Project{
		Capex:     []finance.Spend{{USD: 300}},
		Equipment: finance.Equipment{CapexUSD: 200, DepreciationYears: 2, DebtShare: 0.6, DebtTenorYears: 2},
		Flows: []finance.Flow{
			{Year: 2026, RevenueUSD: 400, PrepaidUSD: 100, OpexUSD: 50},
			{Year: 2027, RevenueUSD: 400, PrepaidUSD: 100, OpexUSD: 50},
			{Year: 2028, RevenueUSD: 150, OpexUSD: 50},
		},
	}
	pf, err := finance.Compute(p, terms, 2026)
	require.NoError(t, err)
	eve := pf.Lines[0]
	require.Equal(t, 2025, eve.Year)
	require.InDelta(t, 500, eve.CapexUSD, 1e-12)
	require.InDelta(t, 150+120, eve.DebtDrawUSD, 1e-12)
	require.InDelta(t, 200, eve.PrepaymentReceivedUSD, 1e-12)
	require.InDelta(t, -500+200, eve.CashFlowProject, 1e-12)
	require.InDelta(t, -500+270+200, eve.CashFlowEquity, 1e-12)

	hallPay := 150 * 0.1 / (1 - math.Pow(1.1, -3))
	gpuPay := 120 * 0.1 / (1 - math.Pow(1.1, -2))
	hallBal, gpuBal := 150.0, 120.0
	for k := range 3 {
		l := pf.Lines[1+k]
		interest := 0.1*hallBal + 0.1*gpuBal
		principal := hallPay - 0.1*hallBal
		hallBal -= principal
		if k < 2 {
			principal += gpuPay - 0.1*gpuBal
			gpuBal -= gpuPay - 0.1*gpuBal
		}
		dep := 100.0
		if k < 2 {
			dep += 100
		}
		ebitda := p.Flows[k].RevenueUSD - 50
		tax := math.Max(0, 0.2*(ebitda-dep-interest))
		cfads := ebitda - tax - p.Flows[k].PrepaidUSD
		require.InDelta(t, ebitda, l.EBITDAUSD, 1e-9, "year %d: EBITDA with the revenue earned", l.Year)
		require.InDelta(t, dep, l.DepreciationUSD, 1e-9, "year %d", l.Year)
		require.InDelta(t, interest, l.InterestUSD, 1e-9, "year %d", l.Year)
		require.InDelta(t, principal, l.PrincipalUSD, 1e-9, "year %d", l.Year)
		require.InDelta(t, tax, l.TaxUSD, 1e-9, "year %d", l.Year)
		require.InDelta(t, cfads, l.CFADSUSD, 1e-9, "year %d: cash, without the revenue paid in advance", l.Year)
		require.InDelta(t, cfads/(interest+principal), l.DSCR.Value, 1e-9, "year %d", l.Year)
		require.InDelta(t, cfads-interest-principal, l.CashFlowEquity, 1e-9, "year %d", l.Year)
	}
	require.InDelta(t, 0, hallBal, 1e-9)
	require.InDelta(t, 0, gpuBal, 1e-9)
	require.Zero(t, pf.Lines[3].ExitDebtRepaidUSD)
}

// TestMidYearTiming: operating flows half a year before the end of their
// year, capex at the end of the year before service, in the NPV and the
// IRR alike; the objective's factors follow the same rule, and a mid-year
// annuity still repays the capex.
func TestMidYearTiming(t *testing.T) {
	terms := finance.Terms{DiscountRate: 0.1, Timing: finance.MidYear, DepreciationYears: 1, TargetEquityIRR: 0.15}
	pf, err := finance.Compute(finance.Project{Capex: []finance.Spend{{USD: 100}}, Flows: []finance.Flow{{Year: 2026, RevenueUSD: 110}}}, terms, 2026)
	require.NoError(t, err)
	require.InDelta(t, -100+110/math.Sqrt(1.1), pf.NPVUSD, 1e-9)
	require.InDelta(t, 0.21, pf.ProjectIRR.Value, 1e-9, "−100 now, +110 half a year later: 10% a half-year")
	require.InDelta(t, 110/math.Sqrt(1.15), pf.EquityValueUSD, 1e-9, "at service start, the target IRR")
	require.InDelta(t, math.Pow(1.1, -2.5), finance.YearDiscountFactor(0.1, 3, finance.MidYear), 1e-15)
	require.InDelta(t, math.Pow(1.1, -3), finance.YearDiscountFactor(0.1, 3, finance.EndOfYear), 1e-15)
	// A mid-year annuity over 10 years is worth the capex.
	payment := finance.LevelPayment(1, 0.1, 10) * finance.AnnuityScale(0.1, finance.MidYear)
	var pv float64
	for k := 1; k <= 10; k++ {
		pv += payment * finance.YearDiscountFactor(0.1, k, finance.MidYear)
	}
	require.InDelta(t, 1, pv, 1e-12)
}

// TestMinRate: the lowest rate that exists.
func TestMinRate(t *testing.T) {
	require.Equal(t, finance.Rate{Value: 0.9, OK: true}, finance.MinRate(finance.Rate{}, finance.Rate{Value: 1.2, OK: true}, finance.Rate{Value: 0.9, OK: true}))
	require.False(t, finance.MinRate(finance.Rate{}).OK)
}

// TestBadConventions: the terms the validation refuses.
func TestBadConventions(t *testing.T) {
	base := finance.Terms{DiscountRate: 0.08, DebtShare: 0.5, DebtTenorYears: 5, DepreciationYears: 5}
	for name, edit := range map[string]func(*finance.Terms){
		"interest-only as long as the tenor": func(t *finance.Terms) { t.InterestOnlyYears = 5 },
		"negative interest-only years":       func(t *finance.Terms) { t.InterestOnlyYears = -1 },
		"MACRS class without a table":        func(t *finance.Terms) { t.Depreciation, t.MACRSClassYears = finance.MACRS, 10 },
		"bonus above 1":                      func(t *finance.Terms) { t.BonusDepreciationShare = 1.5 },
		"exit multiple of 0":                 func(t *finance.Terms) { t.TerminalValue = finance.ExitMultiple },
		"growth at the discount rate":        func(t *finance.Terms) { t.TerminalValue, t.TerminalGrowth = finance.Perpetuity, 0.08 },
		"negative covenant":                  func(t *finance.Terms) { t.MinDSCR = -1 },
		"unknown timing":                     func(t *finance.Terms) { t.Timing = 7 },
	} {
		terms := base
		edit(&terms)
		_, err := finance.Compute(finance.Project{Capex: []finance.Spend{{USD: 1}}, Flows: []finance.Flow{{Year: 2026}}}, terms, 2026)
		require.Error(t, err, name)
	}
	_, err := finance.Compute(finance.Project{Capex: []finance.Spend{{USD: 1, MonthsBeforeService: -1}}, Flows: []finance.Flow{{Year: 2026}}}, base, 2026)
	require.ErrorContains(t, err, "not after service start")
	_, err = finance.Compute(finance.Project{Equipment: finance.Equipment{CapexUSD: 1}, Flows: []finance.Flow{{Year: 2026}}}, base, 2026)
	require.ErrorContains(t, err, "equipment depreciated over 0 years")
}

// TestMidYearIRROfASum: in a sum, a year's mid-year operating flow and the
// capex at its end (a later project's) net as the year's flow for the
// sign rule, so the IRR of a portfolio built over several years exists.
func TestMidYearIRROfASum(t *testing.T) {
	terms := finance.Terms{DiscountRate: 0.1, Timing: finance.MidYear, DepreciationYears: 2, TargetEquityIRR: 0.15}
	a, err := finance.Compute(finance.Project{Capex: []finance.Spend{{USD: 100}}, Flows: []finance.Flow{{Year: 2026, RevenueUSD: 70}, {Year: 2027, RevenueUSD: 70}}}, terms, 2026)
	require.NoError(t, err)
	b, err := finance.Compute(finance.Project{Capex: []finance.Spend{{USD: 100}}, Flows: []finance.Flow{{Year: 2027, RevenueUSD: 70}, {Year: 2028, RevenueUSD: 70}}}, terms, 2026)
	require.NoError(t, err)
	sum := finance.Sum([]finance.ProForma{a, b}, terms, 2026)
	require.True(t, sum.ProjectIRR.OK, "−100; +70 mid-2026, −100 at its end; +140 mid-2027; +70 mid-2028")
	r := sum.ProjectIRR.Value
	npv := -100 + 70*math.Pow(1+r, -0.5) - 100*math.Pow(1+r, -1) + 140*math.Pow(1+r, -1.5) + 70*math.Pow(1+r, -2.5)
	require.InDelta(t, 0, npv, 1e-9)
	require.InDelta(t, a.NPVUSD+b.NPVUSD, sum.NPVUSD, 1e-9)
}
