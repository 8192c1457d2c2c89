package finance_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/finance"
)

// TestSculptedDebtClosedForm: without tax, a constant CFADS C serves C/D a
// year, so the debt the DSCR sizes is C/D times the annuity factor over the
// tenor; it binds below the loan-to-cost, every year's DSCR is D and the
// debt is repaid at the tenor's end. With a loan-to-cost below it, the
// debt is the loan-to-cost and every year's DSCR D × capacity/debt.
func TestSculptedDebtClosedForm(t *testing.T) {
	const capex, ebitda, rate, dscr = 1000.0, 150.0, 0.07, 1.4
	const tenor = 8
	annuity := (1 - math.Pow(1+rate, -tenor)) / rate
	capacity := ebitda / dscr * annuity // 639.8...
	p := finance.Project{Capex: []finance.Spend{{USD: capex}}}
	for y := range 10 {
		p.Flows = append(p.Flows, finance.Flow{Year: 2027 + y, RevenueUSD: ebitda + 20, OpexUSD: 20})
	}
	for _, tc := range []struct {
		name      string
		share     float64
		wantDebt  float64
		wantDSCR  float64
		sizedDSCR bool
	}{
		{"the DSCR binds below 80% of the capex", 0.8, capacity, dscr, true},
		{"the loan-to-cost binds at 50% of the capex", 0.5, 500, dscr * capacity / 500, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			terms := finance.Terms{DiscountRate: 0.1, DebtShare: tc.share, DebtRate: rate, DebtTenorYears: tenor,
				DepreciationYears: 10, TargetEquityIRR: 0.15, DebtSizing: finance.SculptedDSCR, SizingDSCR: dscr}
			pf, err := finance.Compute(p, terms, 2026)
			require.NoError(t, err)
			require.InDelta(t, tc.wantDebt, pf.FacilityDebtUSD, 1e-6)
			require.Equal(t, tc.sizedDSCR, pf.DebtSizedByDSCR)
			require.InDelta(t, tc.wantDebt, pf.Lines[0].DebtDrawUSD, 1e-6, "drawn at service start")
			balance := tc.wantDebt
			for i, l := range pf.Lines[1:] {
				if i >= tenor {
					require.Zero(t, l.InterestUSD+l.PrincipalUSD, "year %d: after the tenor", l.Year)
					require.False(t, l.DSCR.OK)
					continue
				}
				require.InDelta(t, rate*balance, l.InterestUSD, 1e-6, "year %d", l.Year)
				balance -= l.PrincipalUSD
				require.True(t, l.DSCR.OK)
				require.InDelta(t, tc.wantDSCR, l.DSCR.Value, 1e-9, "year %d", l.Year)
			}
			require.InDelta(t, 0, balance, 1e-6, "repaid at the tenor's end")
			require.Zero(t, pf.Lines[len(pf.Lines)-1].ExitDebtRepaidUSD)
			require.InDelta(t, tc.wantDSCR, pf.MinDSCR.Value, 1e-9)
		})
	}
}

// TestSculptedDebtAgainstForwardSizing sizes the debt a second way on
// random projects with tax (losses carried forward), construction, an
// interest-only period and GPUs with their own debt: a year-by-year
// simulation whose service is that year's own CFADS ÷ D less the GPUs'
// service (its interest from the balance it opens with, so no year is
// circular), and a bisection on the debt for the balance that closes at
// the tenor's end. Where the DSCR binds the two must agree; where the
// loan-to-cost binds the debt is the loan-to-cost and each amortizing
// year's DSCR is the same, above D.
func TestSculptedDebtAgainstForwardSizing(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var byDSCR, byCost, withLoss, withTax int
	for trial := range 300 {
		n := 3 + rng.IntN(12)
		tenor := 1 + rng.IntN(n+3) // may run past the flows
		io := 0
		if tenor > 1 && rng.IntN(3) == 0 {
			io = rng.IntN(min(tenor-1, 3) + 1)
			io = min(io, tenor-1)
		}
		terms := finance.Terms{DiscountRate: 0.1, DebtShare: 0.3 + 0.7*rng.Float64(), DebtRate: 0.02 + 0.1*rng.Float64(),
			DebtTenorYears: tenor, InterestOnlyYears: io, TaxRate: 0.35 * rng.Float64(), DepreciationYears: 1 + rng.IntN(n),
			TargetEquityIRR: 0.15, DebtSizing: finance.SculptedDSCR, SizingDSCR: 1.1 + rng.Float64()}
		capex := 500 + 1000*rng.Float64()
		p := finance.Project{Capex: []finance.Spend{{MonthsBeforeService: 12 * rng.IntN(2), USD: capex / 2}, {USD: capex / 2}}}
		if rng.IntN(3) == 0 {
			p.Equipment = finance.Equipment{CapexUSD: 200 * rng.Float64(), DepreciationYears: 1 + rng.IntN(3),
				DebtShare: 0.5 * rng.Float64(), DebtTenorYears: 1 + rng.IntN(3)}
		}
		for y := range n {
			p.Flows = append(p.Flows, finance.Flow{Year: 2030 + y, RevenueUSD: 100 + 250*rng.Float64(), OpexUSD: 60})
		}
		pf, err := finance.Compute(p, terms, 2028)
		require.NoError(t, err, "trial %d", trial)

		ltcTerms := terms
		ltcTerms.DebtSizing = finance.LoanToCost
		ltc, err := finance.Compute(p, ltcTerms, 2028)
		require.NoError(t, err)
		require.LessOrEqual(t, pf.FacilityDebtUSD, ltc.FacilityDebtUSD*(1+1e-12), "trial %d: never above the loan-to-cost", trial)

		operating := pf.Lines[len(pf.Lines)-n:]
		var loss, taxed bool
		for _, l := range operating {
			loss = loss || l.LossCarryforward > 0
			taxed = taxed || l.TaxUSD > 0 && l.InterestUSD > 0
		}
		if loss {
			withLoss++
		}
		if taxed {
			withTax++
		}
		if pf.DebtSizedByDSCR {
			byDSCR++
			want := forwardSizedDebt(t, p, terms, ltc)
			require.InDelta(t, want, pf.FacilityDebtUSD, 1e-6*math.Max(1, want), "trial %d: the debt a forward simulation sizes", trial)
		} else {
			byCost++
			require.InDelta(t, ltc.FacilityDebtUSD, pf.FacilityDebtUSD, 1e-9*ltc.FacilityDebtUSD, "trial %d", trial)
		}
		// Either way: the debt is repaid within the tenor and the flows,
		// and every amortizing year with service has the same DSCR, D
		// when the DSCR sized the debt.
		require.Zero(t, operating[n-1].ExitDebtRepaidUSD, "trial %d: the debt is repaid", trial)
		// (With GPU debt and the loan-to-cost binding, the facility's
		// service is scaled but the GPUs' is not: each DSCR is then only
		// at least D.)
		oneDSCR := pf.DebtSizedByDSCR || p.Equipment.DebtShare*p.Equipment.CapexUSD == 0
		var common float64
		for i := io; i < min(n, tenor); i++ {
			l := operating[i]
			if !l.DSCR.OK || l.CFADSUSD/terms.SizingDSCR <= equipmentService(p, terms, i) {
				continue
			}
			require.GreaterOrEqual(t, l.DSCR.Value, terms.SizingDSCR*(1-1e-9), "trial %d year %d", trial, l.Year)
			if !oneDSCR {
				continue
			}
			if common == 0 {
				common = l.DSCR.Value
			}
			require.InDelta(t, common, l.DSCR.Value, 1e-7*common, "trial %d year %d: one DSCR over the amortizing years", trial, l.Year)
		}
		if pf.DebtSizedByDSCR && common != 0 {
			require.InDelta(t, terms.SizingDSCR, common, 1e-7, "trial %d", trial)
		}
	}
	t.Logf("%d sized by the DSCR, %d by the loan-to-cost, %d with losses carried forward, %d paying tax while paying interest",
		byDSCR, byCost, withLoss, withTax)
	require.Greater(t, byDSCR, 50)
	require.Greater(t, byCost, 50)
	require.Greater(t, withLoss, 20)
	require.Greater(t, withTax, 50, "the interest's tax saving feeds back into the CFADS the debt is sized on")
}

// forwardSizedDebt is the facility debt at service start whose service,
// each amortizing year that year's CFADS ÷ D less the equipment's service
// (never below 0), leaves nothing outstanding after the tenor (within the
// flows), found by bisection on a year-by-year simulation of the project:
// interest on the balance opened with, tax on EBITDA − depreciation −
// interest with losses carried forward, depreciation on the capex spent
// plus the interest capitalized before service (in proportion to the
// debt, as the loan-to-cost pro forma ltc capitalizes it).
func forwardSizedDebt(t *testing.T, p finance.Project, terms finance.Terms, ltc finance.ProForma) float64 {
	t.Helper()
	n := len(p.Flows)
	var spent float64
	for _, s := range p.Capex {
		spent += s.USD
	}
	var ltcCapitalized float64
	for _, l := range ltc.Lines {
		ltcCapitalized += l.CapitalizedInterestUSD
	}
	closing := func(debt float64) float64 {
		scale := debt / ltc.FacilityDebtUSD
		basis := spent + scale*ltcCapitalized
		balance, loss := debt, 0.0
		for i, f := range p.Flows {
			ebitda := f.RevenueUSD - f.OpexUSD
			dep := 0.0
			if i < terms.DepreciationYears {
				dep = basis / float64(min(terms.DepreciationYears, n))
			}
			dep += straightLineGPU(p, i)
			interest := 0.0
			if i < terms.DebtTenorYears {
				interest = terms.DebtRate * balance
			}
			gpuInterest, gpuPrincipal := equipmentLoan(p, terms, i)
			taxable := ebitda - dep - interest - gpuInterest
			tax := 0.0
			switch {
			case taxable <= loss:
				loss -= taxable
			default:
				tax = terms.TaxRate * (taxable - loss)
				loss = 0
			}
			cfads := ebitda - tax
			if i >= terms.InterestOnlyYears && i < terms.DebtTenorYears {
				service := math.Max(0, cfads/terms.SizingDSCR-gpuInterest-gpuPrincipal)
				balance -= service - interest
			}
		}
		return balance
	}
	lo, hi := 0.0, ltc.FacilityDebtUSD
	require.Greater(t, closing(hi), 0.0, "the loan-to-cost is more than the DSCR repays")
	for range 200 {
		mid := (lo + hi) / 2
		if closing(mid) < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// straightLineGPU is the equipment's depreciation in year i of flows: its
// basis over its years (the test's are never more than the years of
// flows, so nothing is left to write off).
func straightLineGPU(p finance.Project, i int) float64 {
	e, n := p.Equipment, len(p.Flows)
	if e.CapexUSD == 0 {
		return 0
	}
	years := min(e.DepreciationYears, n)
	if i >= years {
		return 0
	}
	return e.CapexUSD / float64(years)
}

// equipmentLoan is the interest and principal of the equipment's level
// loan in year i of flows.
func equipmentLoan(p finance.Project, terms finance.Terms, i int) (interest, principal float64) {
	e := p.Equipment
	debt := e.DebtShare * e.CapexUSD
	if debt == 0 || i >= e.DebtTenorYears {
		return 0, 0
	}
	pay := finance.LevelPayment(debt, terms.DebtRate, e.DebtTenorYears)
	balance := debt
	for k := 0; ; k++ {
		interest = terms.DebtRate * balance
		principal = pay - interest
		if k == i {
			return interest, principal
		}
		balance -= principal
	}
}

// equipmentService is the equipment's debt service in year i of flows.
func equipmentService(p finance.Project, terms finance.Terms, i int) float64 {
	in, pr := equipmentLoan(p, terms, i)
	return in + pr
}

// TestSculptedDebtTerms: a sculpted debt needs a sizing DSCR above 0 and
// at least the covenant.
func TestSculptedDebtTerms(t *testing.T) {
	base := finance.Terms{DiscountRate: 0.1, DebtShare: 0.8, DebtRate: 0.07, DebtTenorYears: 10, DepreciationYears: 10,
		TargetEquityIRR: 0.15, DebtSizing: finance.SculptedDSCR}
	for _, tc := range []struct {
		name          string
		sizing, floor float64
		want          string
	}{
		{"no sizing DSCR", 0, 0, "sizing DSCR 0 must be above 0"},
		{"below the covenant", 1.2, 1.3, "sizing DSCR 1.2 must be above 0 and at least the covenant 1.3"},
		{"not a number", math.NaN(), 0, "sizing DSCR NaN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			terms := base
			terms.SizingDSCR, terms.MinDSCR = tc.sizing, tc.floor
			require.ErrorContains(t, terms.Validate(), tc.want)
		})
	}
	ok := base
	ok.SizingDSCR, ok.MinDSCR = 1.3, 1.3
	require.NoError(t, ok.Validate())
	bad := base
	bad.DebtSizing = 7
	require.ErrorContains(t, bad.Validate(), "unknown debt sizing 7")
}

// BenchmarkCompute is one 15-year pro forma with tax and a 14-month
// build, its debt at the loan-to-cost and sized to a DSCR (the sculpted
// debt's iterations are its cost; the minimum-lease searches run it
// thousands of times a plan).
func BenchmarkCompute(b *testing.B) {
	p := finance.Project{}
	for m := range 14 {
		p.Capex = append(p.Capex, finance.Spend{MonthsBeforeService: m + 1, USD: 1e9 / 14})
	}
	for y := range 15 {
		p.Flows = append(p.Flows, finance.Flow{Year: 2028 + y, RevenueUSD: 180e6 * math.Pow(1.03, float64(y)), OpexUSD: 30e6})
	}
	for _, sizing := range []struct {
		name string
		how  finance.DebtSizing
	}{{"loan_to_cost", finance.LoanToCost}, {"dscr", finance.SculptedDSCR}} {
		terms := finance.Terms{DiscountRate: 0.1, DebtShare: 0.8, DebtRate: 0.072, DebtTenorYears: 10, TaxRate: 0.21,
			DepreciationYears: 15, TargetEquityIRR: 0.15, MinDSCR: 1.4, DebtSizing: sizing.how, SizingDSCR: 1.4}
		b.Run(sizing.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := finance.Compute(p, terms, 2026); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
