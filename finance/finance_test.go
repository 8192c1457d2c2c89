package finance_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/finance"
)

// TestProFormaByHand checks every line of a pro forma computed by hand:
// service in the horizon's third year, a debt tenor (2 years) shorter than
// the life (5), a lease re-let after its term at a higher rate, and tax
// losses carried forward until they are used up.
func TestProFormaByHand(t *testing.T) {
	terms := finance.Terms{DiscountRate: 0.10, DebtShare: 0.6, DebtRate: 0.05, DebtTenorYears: 2,
		TaxRate: 0.25, DepreciationYears: 4, TargetEquityIRR: 0.15}
	p := finance.Project{Capex: []finance.Spend{{USD: 1000}}, Flows: []finance.Flow{
		{Year: 2028, RevenueUSD: 100, OpexUSD: 50}, // the first lease: 100 a year for three years
		{Year: 2029, RevenueUSD: 100, OpexUSD: 50},
		{Year: 2030, RevenueUSD: 100, OpexUSD: 50},
		{Year: 2031, RevenueUSD: 400, OpexUSD: 50}, // re-let at the market rate
		{Year: 2032, RevenueUSD: 800, OpexUSD: 50},
	}}
	pf, err := finance.Compute(p, terms, 2026)
	require.NoError(t, err)
	require.Len(t, pf.Lines, 6)

	payment := 600 * 0.05 * 1.05 * 1.05 / (1.05*1.05 - 1) // 322.682926...
	i1 := 0.05 * 600
	p1 := payment - i1
	i2 := 0.05 * (600 - p1)
	p2 := payment - i2
	require.InDelta(t, 600, p1+p2, 1e-9, "repaid within the tenor")
	// Taxable: EBITDA − 250 depreciation − interest; losses carried forward.
	loss := []float64{230, 230 + (200 + i2), 230 + 200 + i2 + 200}
	loss = append(loss, loss[2]-100) // 2031: 350 − 250 = 100 used
	tax2032 := 0.25 * (750 - loss[3])
	type want struct {
		year                                               int
		capex, draw, ebitda, dep, interest, principal, tax float64
		project, equity, carry                             float64
	}
	wants := []want{
		{2027, 1000, 600, 0, 0, 0, 0, 0, -1000, -400, 0},
		{2028, 0, 0, 50, 250, i1, p1, 0, 50, 50 - i1 - p1, loss[0]},
		{2029, 0, 0, 50, 250, i2, p2, 0, 50, 50 - i2 - p2, loss[1]},
		{2030, 0, 0, 50, 250, 0, 0, 0, 50, 50, loss[2]},
		{2031, 0, 0, 350, 250, 0, 0, 0, 350, 350, loss[3]},
		{2032, 0, 0, 750, 0, 0, 0, tax2032, 750 - tax2032, 750 - tax2032, 0},
	}
	for k, w := range wants {
		l := pf.Lines[k]
		require.Equal(t, w.year, l.Year)
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"capex", l.CapexUSD, w.capex}, {"debt draw", l.DebtDrawUSD, w.draw}, {"EBITDA", l.EBITDAUSD, w.ebitda},
			{"depreciation", l.DepreciationUSD, w.dep}, {"interest", l.InterestUSD, w.interest},
			{"principal", l.PrincipalUSD, w.principal}, {"tax", l.TaxUSD, w.tax},
			{"project cash flow", l.CashFlowProject, w.project}, {"equity cash flow", l.CashFlowEquity, w.equity},
			{"loss carried", l.LossCarryforward, w.carry},
		} {
			require.InDelta(t, c.want, c.got, 1e-9, "%d %s", w.year, c.name)
		}
	}
	require.InDelta(t, 50/payment, pf.Lines[1].DSCR.Value, 1e-12)
	require.InDelta(t, 50/payment, pf.MinDSCR.Value, 1e-12, "the lowest DSCR, 2028 (same CFADS, same payment)")
	require.False(t, pf.Lines[3].DSCR.OK, "no debt service, no DSCR")

	var npv float64
	for _, w := range wants {
		npv += w.project * math.Pow(1.1, -float64(w.year-2026+1)) // each line at its year's end
	}
	require.InDelta(t, npv, pf.NPVUSD, 1e-9)
	require.Equal(t, 2032, pf.PaybackYear, "-1000 + 50 + 50 + 50 + 350 = -500 in 2031, positive in 2032")
	require.True(t, pf.ProjectIRR.OK)
	require.InDelta(t, 0, finance.NPV(pf.ProjectIRR.Value, []float64{-1000, 50, 50, 50, 350, 750 - tax2032}), 1e-6)
	require.True(t, pf.EquityIRR.OK)
}

func TestClosedForms(t *testing.T) {
	// A level annuity: 1000 over 10 years at 7%: 142.3775...
	require.InDelta(t, 1000*0.07/(1-math.Pow(1.07, -10)), finance.LevelPayment(1000, 0.07, 10), 1e-9)
	require.InDelta(t, 100, finance.LevelPayment(1000, 0, 10), 1e-12)
	require.Zero(t, finance.LevelPayment(0, 0.07, 10))
	// IRRs of known flows.
	for _, tc := range []struct {
		flows []float64
		want  float64
	}{
		{[]float64{-100, 110}, 0.10},
		{[]float64{-100, 0, 121}, 0.10},
		{[]float64{-1000, 300, 300, 300, 300, 300}, 0.152382},
		{[]float64{-100, 50}, -0.5},
	} {
		r := finance.IRR(tc.flows)
		require.True(t, r.OK, "%v", tc.flows)
		require.InDelta(t, tc.want, r.Value, 1e-6, "%v", tc.flows)
	}
	for _, flows := range [][]float64{{100, 50}, {-100, -50}, {-100, 230, -132}, {}} {
		r := finance.IRR(flows)
		require.False(t, r.OK, "%v: no single sign change, no IRR", flows)
		require.Equal(t, "none", r.String())
	}
}

// TestNPVEqualsTheAnnuityObjective: without tax or debt, a project's NPV
// equals its operating flows less a capex annuity at the discount rate,
// each year discounted as the model's objective discounts it.
func TestNPVEqualsTheAnnuityObjective(t *testing.T) {
	r, life := 0.09, 15
	terms := finance.Terms{DiscountRate: r, DepreciationYears: life, TargetEquityIRR: 0.15}
	capex := 1e9
	var flows []finance.Flow
	for k := range life {
		flows = append(flows, finance.Flow{Year: 2029 + k, RevenueUSD: 2e8 * math.Pow(1.03, float64(k)), OpexUSD: 3e7})
	}
	pf, err := finance.Compute(finance.Project{Capex: []finance.Spend{{USD: capex}}, Flows: flows}, terms, 2026)
	require.NoError(t, err)
	crf := finance.LevelPayment(1, r, life)
	var objective float64
	for _, f := range flows {
		objective += (f.RevenueUSD - f.OpexUSD - capex*crf) * finance.YearDiscountFactor(r, f.Year-2026+1, finance.EndOfYear)
	}
	require.InEpsilon(t, objective, pf.NPVUSD, 1e-12)
}

func TestBreakEvenAndSum(t *testing.T) {
	terms := finance.Terms{DiscountRate: 0.08, DebtShare: 0.8, DebtRate: 0.07, DebtTenorYears: 10, TaxRate: 0.21,
		DepreciationYears: 15, TargetEquityIRR: 0.15}
	project := func(revenue float64) finance.Project {
		var flows []finance.Flow
		for k := range 15 {
			flows = append(flows, finance.Flow{Year: 2027 + k, RevenueUSD: revenue, OpexUSD: 1e7})
		}
		return finance.Project{Capex: []finance.Spend{{USD: 1e9}}, Flows: flows}
	}
	rev, ok := finance.BreakEven(0, 1e10, 0.15, func(x float64) finance.Rate {
		pf, err := finance.Compute(project(x), terms, 2026)
		require.NoError(t, err)
		return pf.EquityIRR
	})
	require.True(t, ok)
	pf, err := finance.Compute(project(rev), terms, 2026)
	require.NoError(t, err)
	require.InDelta(t, 0.15, pf.EquityIRR.Value, 1e-6)
	_, ok = finance.BreakEven(0, 1e6, 0.15, func(x float64) finance.Rate {
		pf, _ := finance.Compute(project(x), terms, 2026)
		return pf.EquityIRR
	})
	require.False(t, ok, "a lease that never reaches the target")

	a, _ := finance.Compute(project(2e8), terms, 2026)
	b, _ := finance.Compute(project(3e8), terms, 2026)
	sum := finance.Sum([]finance.ProForma{a, b}, terms, 2026)
	require.InDelta(t, a.NPVUSD+b.NPVUSD, sum.NPVUSD, 1e-3)
	require.Len(t, sum.Lines, len(a.Lines))
	require.InDelta(t, a.Lines[3].CashFlowEquity+b.Lines[3].CashFlowEquity, sum.Lines[3].CashFlowEquity, 1e-6)
}

func TestBadTerms(t *testing.T) {
	for _, terms := range []finance.Terms{
		{DebtShare: 1.2, DepreciationYears: 1},
		{DebtShare: 0.5, DepreciationYears: 1},
		{TaxRate: -0.1, DepreciationYears: 1},
		{DepreciationYears: 0},
		{DiscountRate: math.Inf(1), DepreciationYears: 1},
	} {
		_, err := finance.Compute(finance.Project{Capex: []finance.Spend{{USD: 1}}, Flows: []finance.Flow{{Year: 2026}}}, terms, 2026)
		require.Error(t, err, "%+v", terms)
	}
	_, err := finance.Compute(finance.Project{Capex: []finance.Spend{{USD: 1}}}, finance.Terms{DepreciationYears: 1}, 2026)
	require.ErrorContains(t, err, "at least one year")
	_, err = finance.Compute(finance.Project{Capex: []finance.Spend{{USD: 1}}, Flows: []finance.Flow{{Year: 2026}, {Year: 2028}}}, finance.Terms{DepreciationYears: 1}, 2026)
	require.ErrorContains(t, err, "consecutive")
}
