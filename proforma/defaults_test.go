package proforma_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/proforma"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// beforeFigures are a pro forma's figures as gridflip computed them before
// issue 17's conventions (testdata/defaults_before.json: this fixture
// planned and valued at commit 012c18b, with money valued one year after
// 1 January of the horizon's first year).
type beforeFigures struct {
	ID                             string
	ServiceYear                    int
	NPV, EV, Equity                float64
	ProjectIRR, EquityIRR, MinDSCR *float64
	Payback                        int
	MinLease                       *float64
}

// TestDefaultsAreTodaysFigures: with every key of issue 17's finance
// conventions at its default, a plan's objective and every figure of its
// pro formas are those before them, except the valuation date: money is
// now valued at 1 January of the horizon's first year, one year earlier,
// so the objective and every NPV are the former ones × 1/(1+r) exactly
// (r = 0.09 here); IRRs, DSCRs, paybacks, values at service start and
// minimum leases are unchanged.
func TestDefaultsAreTodaysFigures(t *testing.T) {
	data, err := os.ReadFile("testdata/defaults_before.json")
	require.NoError(t, err)
	var before struct {
		ObjectiveUSD float64
		Halls        []beforeFigures
		Portfolio    beforeFigures
	}
	require.NoError(t, json.Unmarshal(data, &before))
	require.Len(t, before.Halls, 2, "the guard: both halls were valued before")

	h := solvertest.HiGHS(t)
	f := sites.Finance{DiscountRate: 0.09, LifeYears: 15, DebtShare: 0.8, DebtRate: 0.07, DebtTenorYears: 10, TaxRate: 0.21,
		DepreciationYears: 12, TargetEquityIRR: 0.15}
	in := fullYears(t, 2026, 15, f)
	plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{})
	require.NoError(t, err)
	shift := 1 / 1.09
	require.InEpsilon(t, before.ObjectiveUSD*shift, plan.ObjectiveUSD, 1e-9)
	res, err := proforma.Build(in.Case, plan)
	require.NoError(t, err)
	require.Len(t, res.Halls, len(before.Halls))
	rate := func(name string, want *float64, got finance.Rate) {
		if want == nil {
			require.False(t, got.OK, name)
			return
		}
		require.True(t, got.OK, name)
		require.InEpsilon(t, *want, got.Value, 1e-9, name)
	}
	for i, b := range before.Halls {
		got := res.Halls[i]
		require.Equal(t, b.ID, got.HallID)
		require.Equal(t, b.ServiceYear, got.ServiceYear, b.ID)
		require.InEpsilon(t, b.NPV*shift, got.ProForma.NPVUSD, 1e-9, b.ID)
		require.InEpsilon(t, b.EV, got.ProForma.EnterpriseValueUSD, 1e-9, b.ID)
		require.InEpsilon(t, b.Equity, got.ProForma.EquityValueUSD, 1e-9, b.ID)
		rate(b.ID+" project IRR", b.ProjectIRR, got.ProForma.ProjectIRR)
		rate(b.ID+" equity IRR", b.EquityIRR, got.ProForma.EquityIRR)
		rate(b.ID+" min DSCR", b.MinDSCR, got.ProForma.MinDSCR)
		require.Equal(t, b.Payback, got.ProForma.PaybackYear, b.ID)
		require.NotNil(t, b.MinLease, b.ID)
		require.True(t, got.MinLeaseFound, b.ID)
		require.InEpsilon(t, *b.MinLease, got.MinLeaseUSDPerKWMonth, 1e-6, b.ID)
		require.Equal(t, proforma.BindingEquityIRR, got.MinLeaseBinding, b.ID)
	}
	p, b := res.Portfolio.ProForma, before.Portfolio
	require.InEpsilon(t, b.NPV*shift, p.NPVUSD, 1e-9)
	require.InEpsilon(t, b.EV, p.EnterpriseValueUSD, 1e-9)
	require.InEpsilon(t, b.Equity, p.EquityValueUSD, 1e-9)
	rate("portfolio project IRR", b.ProjectIRR, p.ProjectIRR)
	rate("portfolio equity IRR", b.EquityIRR, p.EquityIRR)
	rate("portfolio pooled DSCR", b.MinDSCR, p.MinDSCR)
	require.Equal(t, b.Payback, p.PaybackYear)
}
