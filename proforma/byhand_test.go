package proforma_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/proforma"
	"github.com/gridflip/gridflip/sites"
)

// handCase is the case of the hand-computed pro forma: one signed 10 MW
// hall in service from 2027, valued at 1 January 2026, over a six-year
// life: 30% of its capex paid by the tenant, a 150 USD/kW-month lease
// escalated 2% a year, fixed O&M escalated 3% a year, MACRS 5-year with
// 50% bonus, 60% debt with one interest-only year in a five-year tenor,
// mid-year timing, an exit multiple and a DSCR covenant of 2.
func handCase(terminal sites.TerminalValue) *sites.Case {
	return &sites.Case{
		Horizon: &sites.Horizon{StartYear: 2026, Years: 3},
		Market:  sites.MarketSpec{AILeaseUSDPerKWMonth: 150},
		Finance: sites.Finance{DiscountRate: 0.10, LifeYears: 6, DebtShare: 0.6, DebtRate: 0.08, DebtTenorYears: 5,
			InterestOnlyYears: 1, TaxRate: 0.25, DepreciationYears: 6, TargetEquityIRR: 0.12,
			CashFlowTiming: sites.TimingMidYear, OpexEscalatorPerYear: 0.03, TerminalValue: terminal,
			ExitMultiple:   map[bool]float64{true: 8}[terminal == sites.TerminalExitMultiple],
			TerminalGrowth: map[bool]float64{true: 0.02}[terminal == sites.TerminalPerpetuity],
			MinDSCR:        2, Depreciation: sites.DepreciationMACRS, BonusDepreciationShare: 0.5},
		Sites: []sites.Site{{ID: "s", Halls: []sites.Hall{{ID: "a", ITMW: 10, CapexUSDPerMW: 10e6, FixedOMUSDPerMWYear: 200e3,
			LeaseUSDPerKWMonth: 150, LeaseEscalatorPerYear: 0.02, ServiceYear: 2027, MACRSClassYears: 5, TenantFundedCapexShare: 0.3}}}},
	}
}

// handPlan is the plan of handCase's hall: its six years as the model
// gives them (the lease at 150 USD/kW-month escalated, 2 M USD of fixed
// O&M and 1 M USD of energy a year).
func handPlan() *optimize.Plan {
	var years []optimize.HallYear
	for i := range 6 {
		years = append(years, optimize.HallYear{Year: 2027 + i, Hours: 8760, Modelled: i < 2, OwnLease: true,
			LeaseUSD: 150 * 12000 * 10 * math.Pow(1.02, float64(i)), OpexUSD: 2e6 + 1e6})
	}
	return &optimize.Plan{Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Sites: []optimize.SitePlan{{ID: "s",
		Halls: []optimize.HallPlan{{ID: "a", ITMW: 10, Build: 1, ServiceYear: 2027, Years: years}}}}}
}

// handLine is one year of service computed by hand.
type handLine struct {
	revenue, opex, ebitda, dep, interest, principal, tax, cfads, dscr, tv, project, equity float64
}

// handYears computes the six years of service by hand at a first-year
// lease of lease USD/kW-month, with the terminal value tv(NOI of the last
// year).
func handYears(lease float64, tv func(noi float64) float64) []handLine {
	const owner = 0.7 * 10e6 * 10 // the tenant pays 30% of 100 M USD
	const debt = 0.6 * owner      // 42 M USD
	// MACRS 5-year (IRS Pub. 946 Table A-1) after 50% bonus.
	dep := []float64{0.5*owner + 0.5*owner*0.20, 0.5 * owner * 0.32, 0.5 * owner * 0.192,
		0.5 * owner * 0.1152, 0.5 * owner * 0.1152, 0.5 * owner * 0.0576}
	// Interest only in 2027, then four level payments at 8%.
	payment := debt * 0.08 / (1 - math.Pow(1.08, -4))
	balance, loss := debt, 0.0
	out := make([]handLine, 6)
	for i := range out {
		l := &out[i]
		l.revenue = lease * 12000 * 10 * math.Pow(1.02, float64(i))
		l.opex = 1e6 + 2e6*math.Pow(1.03, float64(i))
		l.ebitda = l.revenue - l.opex
		l.dep = dep[i]
		if i < 5 {
			l.interest = 0.08 * balance
		}
		if i >= 1 && i < 5 {
			l.principal = payment - l.interest
			balance -= l.principal
		}
		taxable := l.ebitda - l.dep - l.interest
		if taxable <= loss {
			loss -= taxable
		} else {
			l.tax = 0.25 * (taxable - loss)
			loss = 0
		}
		l.cfads = l.ebitda - l.tax
		if l.interest+l.principal > 0 {
			l.dscr = l.cfads / (l.interest + l.principal)
		}
		if i == 5 {
			l.tv = tv(l.ebitda)
		}
		l.project = l.cfads + l.tv
		l.equity = l.project - l.interest - l.principal
	}
	return out
}

// pvMidYear is the value at 1 January of base of −capex at the end of
// 2026 and the years of service from 2027 (operating flows mid-year, the
// terminal value at the end of 2032), at rate r.
func pvMidYear(r float64, base int, first float64, years []handLine, flow func(handLine) float64) float64 {
	v := first * math.Pow(1+r, -float64(2026-base+1))
	for i, l := range years {
		end := float64(2027 + i - base + 1)
		v += (flow(l)-l.tv)*math.Pow(1+r, -(end-0.5)) + l.tv*math.Pow(1+r, -end)
	}
	return v
}

// TestProFormaByHandConventions checks a hall's pro forma line by line
// against the hand computation, with every convention of issue 17 at
// work: valuation at 1 January of the horizon's first year, mid-year
// timing, tenant-funded capex, opex escalation, MACRS with bonus, an
// interest-only year, both terminal values, and a DSCR covenant that sets
// the minimum lease.
func TestProFormaByHandConventions(t *testing.T) {
	for _, tc := range []struct {
		name     string
		terminal sites.TerminalValue
		tv       func(noi float64) float64
	}{
		{"exit multiple", sites.TerminalExitMultiple, func(noi float64) float64 { return 8 * noi }},
		{"perpetuity", sites.TerminalPerpetuity, func(noi float64) float64 { return noi * 1.02 / (0.10 - 0.02) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := proforma.Build(handCase(tc.terminal), handPlan())
			require.NoError(t, err)
			require.Len(t, res.Halls, 1)
			h := res.Halls[0]
			require.Equal(t, 70e6, h.CapexUSD, "the owner's capex: 70% of 100 M USD")
			lines := h.ProForma.Lines
			require.Len(t, lines, 7)
			eve := lines[0]
			require.Equal(t, 2026, eve.Year)
			require.Equal(t, 70e6, eve.CapexUSD)
			require.InDelta(t, 42e6, eve.DebtDrawUSD, 1e-6)
			require.InDelta(t, -28e6, eve.CashFlowEquity, 1e-6)

			want := handYears(150, tc.tv)
			for i, w := range want {
				l := lines[1+i]
				require.Equal(t, 2027+i, l.Year)
				for _, c := range []struct {
					name      string
					got, want float64
				}{
					{"revenue", l.RevenueUSD, w.revenue}, {"opex", l.OpexUSD, w.opex}, {"EBITDA", l.EBITDAUSD, w.ebitda},
					{"depreciation", l.DepreciationUSD, w.dep}, {"interest", l.InterestUSD, w.interest},
					{"principal", l.PrincipalUSD, w.principal}, {"tax", l.TaxUSD, w.tax}, {"CFADS", l.CFADSUSD, w.cfads},
					{"terminal value", l.TerminalValueUSD, w.tv}, {"project", l.CashFlowProject, w.project},
					{"equity", l.CashFlowEquity, w.equity},
				} {
					require.InDelta(t, c.want, c.got, 1e-6, "%d %s", l.Year, c.name)
				}
				if w.dscr != 0 {
					require.InDelta(t, w.dscr, l.DSCR.Value, 1e-12, "%d DSCR", l.Year)
				} else {
					require.False(t, l.DSCR.OK, "%d: the debt is repaid", l.Year)
				}
			}
			require.InDelta(t, 3.36e6, want[0].interest, 1e-6, "2027 pays interest only: 8% of 42 M USD")
			require.Zero(t, want[0].principal)
			require.InDelta(t, 42e6, want[1].principal+want[2].principal+want[3].principal+want[4].principal, 1e-6, "repaid within the tenor")
			require.InDelta(t, 35e6+7e6, want[0].dep, 1e-6, "half the basis as bonus, then 20% of the rest")

			// The figures.
			npv := pvMidYear(0.10, 2026, -70e6, want, func(l handLine) float64 { return l.project })
			require.InDelta(t, npv, h.ProForma.NPVUSD, 1e-4)
			require.InDelta(t, npv/10e6, h.Figures.NPVUSDPerW, 1e-12)
			ev := pvMidYear(0.10, 2027, 0, want, func(l handLine) float64 { return l.project })
			require.InDelta(t, ev/10e6, h.Figures.EnterpriseValueUSDPerW, 1e-12, "at service start")
			eq := pvMidYear(0.12, 2027, 0, want, func(l handLine) float64 { return l.equity })
			require.InDelta(t, eq/10e6, h.Figures.EquityValueUSDPerW, 1e-12)
			require.True(t, h.ProForma.ProjectIRR.OK)
			require.InDelta(t, 0, pvMidYear(h.ProForma.ProjectIRR.Value, 2026, -70e6, want, func(l handLine) float64 { return l.project }), 1e-3)
			require.True(t, h.ProForma.EquityIRR.OK)
			require.InDelta(t, 0, pvMidYear(h.ProForma.EquityIRR.Value, 2026, -28e6, want, func(l handLine) float64 { return l.equity }), 1e-3)
			lowest := math.Inf(1)
			for _, w := range want {
				if w.dscr != 0 {
					lowest = math.Min(lowest, w.dscr)
				}
			}
			require.InDelta(t, lowest, h.ProForma.MinDSCR.Value, 1e-12)
			require.Less(t, lowest, 2.0, "the covenant fails at the lease given")
			require.InDelta(t, want[0].ebitda/want[0].revenue, h.NOIMargin.Value, 1e-12)
			require.InDelta(t, 1-3e6/18e6, h.NOIMargin.Value, 1e-12)

			// The minimum lease: the equity hurdle alone would take less;
			// the covenant sets it.
			require.True(t, h.MinLeaseFound)
			require.Equal(t, proforma.BindingDSCR, h.MinLeaseBinding)
			minDSCR := func(lease float64) float64 {
				m := math.Inf(1)
				for _, l := range handYears(lease, tc.tv) {
					if l.dscr != 0 {
						m = math.Min(m, l.dscr)
					}
				}
				return m
			}
			lease := h.MinLeaseUSDPerKWMonth
			require.InDelta(t, 2, minDSCR(lease), 1e-6, "the covenant holds with nothing to spare")
			require.Less(t, minDSCR(lease*(1-1e-6)), 2.0)
			atLease := handYears(lease, tc.tv)
			require.Greater(t, pvMidYear(0.12, 2026, -28e6, atLease, func(l handLine) float64 { return l.equity }), 0.0,
				"the equity IRR is above the hurdle there")
			require.Greater(t, lease, 150.0)
		})
	}
}

// TestScopeMinDSCRIsPerHall: a site's minimum DSCR is its lowest hall's;
// the DSCR of the summed lines (pooled) can be higher.
func TestScopeMinDSCRIsPerHall(t *testing.T) {
	c := handCase(sites.TerminalNone)
	c.Finance.MinDSCR = 0
	second := c.Sites[0].Halls[0]
	second.ID, second.LeaseUSDPerKWMonth = "b", 600
	c.Sites[0].Halls = append(c.Sites[0].Halls, second)
	plan := handPlan()
	hp := plan.Sites[0].Halls[0]
	hp.ID = "b"
	hp.Years = append([]optimize.HallYear(nil), hp.Years...)
	for i := range hp.Years {
		hp.Years[i].LeaseUSD *= 4
	}
	plan.Sites[0].Halls = append(plan.Sites[0].Halls, hp)
	res, err := proforma.Build(c, plan)
	require.NoError(t, err)
	a, b := res.Halls[0].ProForma.MinDSCR, res.Halls[1].ProForma.MinDSCR
	require.Less(t, a.Value, b.Value)
	require.Equal(t, a, res.Sites[0].MinDSCR)
	require.Equal(t, a, res.Portfolio.MinDSCR)
	require.Greater(t, res.Portfolio.ProForma.MinDSCR.Value, a.Value, "pooled, the strong hall covers the weak one")
}

// TestGPUCloudFinance: a GPU cloud contract's GPUs are financed and
// depreciated apart from the hall, and its customer's prepayment arrives
// at the contract's start and is earned over its term; the defaults of its
// debt are [finance] debt_share and the lesser of the tenor and the term.
func TestGPUCloudFinance(t *testing.T) {
	c := handCase(sites.TerminalNone)
	c.Finance = sites.Finance{DiscountRate: 0.1, LifeYears: 6, DebtShare: 0.5, DebtRate: 0.1, DebtTenorYears: 5,
		DepreciationYears: 6, TargetEquityIRR: 0.12, GPUDepreciationYears: 3}
	hall := &c.Sites[0].Halls[0]
	hall.TenantFundedCapexShare, hall.MACRSClassYears = 0, 0
	hall.Offer, hall.GPUCapexUSD, hall.GPURevenueUSDPerYear, hall.GPUTermYears = sites.OfferGPUCloud, 60e6, 30e6, 3
	hall.CustomerPrepaymentShare = 0.2
	plan := handPlan()
	for i := range plan.Sites[0].Halls[0].Years {
		y := &plan.Sites[0].Halls[0].Years[i]
		y.OwnLease = i < 3
		if y.OwnLease {
			y.LeaseUSD = 30e6
		}
	}
	share, tenor := hall.GPUDebt(c.Finance)
	require.Equal(t, 0.5, share)
	require.Equal(t, 3, tenor, "the lesser of the 5-year tenor and the 3-year term")
	res, err := proforma.Build(c, plan)
	require.NoError(t, err)
	lines := res.Halls[0].ProForma.Lines
	require.InDelta(t, 100e6+60e6, lines[0].CapexUSD, 1e-6)
	require.InDelta(t, 0.5*160e6, lines[0].DebtDrawUSD, 1e-6)
	require.InDelta(t, 0.2*3*30e6, lines[0].PrepaymentReceivedUSD, 1e-6, "20% of the contract at its start")
	gpuPay := 30e6 * 0.1 / (1 - math.Pow(1.1, -3))
	hallPay := 50e6 * 0.1 / (1 - math.Pow(1.1, -5))
	for i := range 6 {
		l := lines[1+i]
		wantDep := 100e6 / 6
		if i < 3 {
			wantDep += 20e6
			require.InDelta(t, 6e6, l.PrepaymentEarnedUSD, 1e-6, "%d", l.Year)
			require.InDelta(t, 30e6, l.RevenueUSD, 1e-6, "%d: revenue recognized in full", l.Year)
		} else {
			require.Zero(t, l.PrepaymentEarnedUSD)
		}
		require.InDelta(t, wantDep, l.DepreciationUSD, 1e-6, "%d: the GPUs over 3 years", l.Year)
		service := 0.0
		if i < 5 {
			service += hallPay
		}
		if i < 3 {
			service += gpuPay
		}
		require.InDelta(t, service, l.InterestUSD+l.PrincipalUSD, 1e-6, "%d", l.Year)
	}
	require.Equal(t, 160e6, res.Halls[0].CapexUSD)
	require.False(t, res.Halls[0].MinLeaseFound, "a contract, not a lease")
}
