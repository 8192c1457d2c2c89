package proforma_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/proforma"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// fullYears is a one-site case over whole calendar years 2025-2027 (no
// leap year, so every year is 8,760 hours and the annual terms are whole).
func fullYears(t *testing.T, serviceYear, leaseTerm int, f sites.Finance) *optimize.Inputs {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 4))
	c := &sites.Case{
		Name:    "full years",
		Horizon: &sites.Horizon{StartYear: 2025, Years: 3},
		Market:  sites.MarketSpec{AILeaseUSDPerKWMonth: 120},
		Finance: f,
		Sites: []sites.Site{{
			ID: "s", Region: "ERCOT", Node: "N", InterconnectMW: 200,
			Mining: sites.Mining{CapacityITMW: 150, EfficiencyJPerTH: 20, PUE: 1.1},
			AI:     sites.AI{ExistingPUE: 1.3, Utilization: 0.8, PowerPassThrough: false},
			Halls: []sites.Hall{
				{ID: "a", ITMW: 50, Cooling: sites.CoolingLiquid, PUE: 1.2, CapexUSDPerMW: 9e6, FixedOMUSDPerMWYear: 50000,
					DisplacesMiningITMW: 40, LeaseUSDPerKWMonth: 160, LeaseTermYears: leaseTerm, LeaseEscalatorPerYear: 0.03, ServiceYear: serviceYear},
				{ID: "b", ITMW: 30, Cooling: sites.CoolingLiquid, PUE: 1.2, CapexUSDPerMW: 10e6, FixedOMUSDPerMWYear: 50000,
					DisplacesMiningITMW: 25, LeaseUSDPerKWMonth: 150, LeadTimeMonths: 12},
			},
		}},
	}
	in := &optimize.Inputs{Case: c}
	for k := range 3 {
		hours := grid.YearHours(2025 + k)
		y := optimize.Year{Year: 2025 + k, Hours: hours, SitePriceUSDPerMWh: [][]float64{make([]float64, len(hours))}}
		for i := range hours {
			y.SitePriceUSDPerMWh[0][i] = 30 + 30*rng.Float64()
			y.HashpriceUSDPerPHDay = append(y.HashpriceUSDPerPHDay, 40*math.Pow(0.8, float64(k)))
		}
		in.Years = append(in.Years, y)
		in.Hours = append(in.Hours, hours...)
		in.HashpriceUSDPerPHDay = append(in.HashpriceUSDPerPHDay, y.HashpriceUSDPerPHDay...)
	}
	return in
}

// TestHallNPVIsItsObjectiveTerm: without tax or debt, and with a horizon
// that ends as the hall's life does, a hall's NPV is its discounted term
// of the objective (capex at service start against its annuity), with
// operating flows at the end of each year or in its middle (the
// objective's annuity then paid mid-year), and with part of the capex paid
// by the tenant (out of both).
func TestHallNPVIsItsObjectiveTerm(t *testing.T) {
	h := solvertest.HiGHS(t)
	for _, tc := range []struct {
		name   string
		timing sites.CashFlowTiming
		tenant float64
	}{
		{"end of year", sites.TimingEndOfYear, 0},
		{"mid-year", sites.TimingMidYear, 0},
		{"tenant-funded, mid-year", sites.TimingMidYear, 0.25},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := sites.Finance{DiscountRate: 0.09, LifeYears: 2, DebtTenorYears: 2, DepreciationYears: 2, TargetEquityIRR: 0.15,
				CashFlowTiming: tc.timing}
			in := fullYears(t, 2026, 1, f)
			in.Case.Sites[0].Halls[0].TenantFundedCapexShare = tc.tenant
			plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{})
			require.NoError(t, err)
			hp := plan.Sites[0].Halls[0]
			require.Equal(t, 2026, hp.ServiceYear, "the signed deal")
			res, err := proforma.Build(in.Case, plan)
			require.NoError(t, err)
			hall := res.Halls[0]
			require.True(t, hall.Built)
			require.InEpsilon(t, hp.NetUSD, hall.ProForma.NPVUSD, 1e-9, "NPV = discounted objective term")
			// Line by line: capex in 2025, the year before service; the lease
			// term of one year, then the market's lease.
			require.Equal(t, 2025, hall.ProForma.Lines[0].Year)
			require.InEpsilon(t, 9e6*50*(1-tc.tenant), hall.ProForma.Lines[0].CapexUSD, 1e-12)
			require.InEpsilon(t, 160*12000*50.0, hall.ProForma.Lines[1].RevenueUSD, 1e-12)
			require.InEpsilon(t, 120*12000*50.0, hall.ProForma.Lines[2].RevenueUSD, 1e-12, "re-let at the market's lease")
		})
	}
}

// TestGPUCloudHallNPVIsItsObjectiveTerm: a GPU cloud contract's pro forma
// pays the GPUs up front with the hall, earns the contract's revenue for
// its term, then re-lets the hall at the market's lease; its NPV is still
// its objective term (the GPUs' annuity runs for the contract's term).
func TestGPUCloudHallNPVIsItsObjectiveTerm(t *testing.T) {
	h := solvertest.HiGHS(t)
	f := sites.Finance{DiscountRate: 0.09, LifeYears: 2, DebtTenorYears: 2, DepreciationYears: 2, TargetEquityIRR: 0.15}
	in := fullYears(t, 2026, 0, f)
	hall := &in.Case.Sites[0].Halls[0]
	hall.Offer, hall.GPURevenueUSDPerYear, hall.GPUCapexUSD, hall.GPUTermYears = sites.OfferGPUCloud, 400e6, 300e6, 1
	hall.LeaseUSDPerKWMonth = 0
	plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{})
	require.NoError(t, err)
	hp := plan.Sites[0].Halls[0]
	require.Equal(t, 2026, hp.ServiceYear)
	res, err := proforma.Build(in.Case, plan)
	require.NoError(t, err)
	got := res.Halls[0]
	require.True(t, got.Built)
	require.Equal(t, 9e6*50+300e6, got.ProForma.Lines[0].CapexUSD, "the hall and its GPUs")
	require.InEpsilon(t, 400e6, got.ProForma.Lines[1].RevenueUSD, 1e-12, "the contract's revenue in its term")
	require.InEpsilon(t, 120*12000*50.0, got.ProForma.Lines[2].RevenueUSD, 1e-12, "then the market's lease")
	require.InEpsilon(t, hp.NetUSD, got.ProForma.NPVUSD, 1e-9, "NPV = discounted objective term")
}

// TestMinimumLease: at the minimum lease the equity IRR is the target;
// just below it, it falls short. Sums add up by site and portfolio.
func TestMinimumLease(t *testing.T) {
	h := solvertest.HiGHS(t)
	f := sites.Finance{DiscountRate: 0.09, LifeYears: 15, DebtShare: 0.8, DebtRate: 0.07, DebtTenorYears: 10, TaxRate: 0.21,
		DepreciationYears: 15, TargetEquityIRR: 0.15}
	in := fullYears(t, 2025, 15, f)
	plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{})
	require.NoError(t, err)
	res, err := proforma.Build(in.Case, plan)
	require.NoError(t, err)
	require.Len(t, res.Halls, 2)
	for _, hall := range res.Halls {
		require.True(t, hall.MinLeaseFound, hall.HallID)
		require.Len(t, hall.ProForma.Lines, 16, "construction year + 15 years of life (past the horizon too)")
		spec := in.Case.Sites[0].Halls[0]
		if hall.HallID == "b" {
			spec = in.Case.Sites[0].Halls[1]
		}
		var hp optimize.HallPlan
		for _, x := range plan.Sites[0].Halls {
			if x.ID == hall.HallID {
				hp = x
			}
		}
		irrAt := func(lease float64) finance.Rate {
			p := finance.Project{Capex: []finance.Spend{{USD: hall.CapexUSD}}}
			for _, y := range hp.Years {
				rev := y.LeaseUSD
				if y.OwnLease {
					rev *= lease / spec.LeaseUSDPerKWMonth
				}
				p.Flows = append(p.Flows, finance.Flow{Year: y.Year, RevenueUSD: rev, OpexUSD: y.OpexUSD})
			}
			pf, err := finance.Compute(p, res.Terms, 2025)
			require.NoError(t, err)
			return pf.EquityIRR
		}
		at := irrAt(hall.MinLeaseUSDPerKWMonth)
		require.True(t, at.OK)
		require.InDelta(t, 0.15, at.Value, 1e-6, hall.HallID)
		below := irrAt(hall.MinLeaseUSDPerKWMonth * 0.99)
		require.True(t, !below.OK || below.Value < 0.15, hall.HallID)
		require.Greater(t, hall.MinLeaseUSDPerKWMonth, 50.0)
		require.Less(t, hall.MinLeaseUSDPerKWMonth, 400.0)
	}
	var sitesNPV float64
	for _, s := range res.Sites {
		sitesNPV += s.ProForma.NPVUSD
	}
	var builtNPV float64
	for _, hall := range res.Halls {
		if hall.Built {
			builtNPV += hall.ProForma.NPVUSD
		}
	}
	if len(res.Sites) > 0 {
		require.InEpsilon(t, builtNPV, sitesNPV, 1e-9)
		require.InEpsilon(t, builtNPV, res.Portfolio.ProForma.NPVUSD, 1e-9)
	}
}
