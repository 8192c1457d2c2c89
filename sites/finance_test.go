package sites

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// financeText is the base case with lines added to its [finance] table
// (from line 11) and to its hall (after its last line, 32 + len(finance)).
func financeText(finance []string, hall ...string) string {
	base := baseLines()
	lines := append(append(append([]string{}, base[:10]...), finance...), base[10:]...)
	return strings.Join(append(lines, hall...), "\n") + "\n"
}

// gpuHall are the keys of a GPU cloud contract.
var gpuHall = []string{`offer = "gpu_cloud"`, "gpu_revenue_usd_per_year = 1e8", "gpu_capex_usd = 2e8", "gpu_term_years = 5"}

func TestDecodeFinanceConventions(t *testing.T) {
	c, err := Decode([]byte(financeText([]string{`cash_flow_timing = "mid_year"`, "opex_escalator_per_year = 0.03",
		`terminal_value = "perpetuity"`, "terminal_growth = 0.02", "debt_share = 0.7", "debt_tenor_years = 10", "interest_only_years = 2",
		"min_dscr = 1.3", `depreciation = "macrs"`, "bonus_depreciation_share = 0.4", "gpu_depreciation_years = 4"},
		append([]string{"macrs_class_years = 39", "tenant_funded_capex_share = 0.6", "gpu_debt_share = 0.5",
			"gpu_debt_tenor_years = 4", "customer_prepayment_share = 0.25"}, gpuHall...)...)), "case.toml")
	require.NoError(t, err)
	f := c.Finance
	require.Equal(t, TimingMidYear, f.CashFlowTiming)
	require.Equal(t, "mid_year", f.CashFlowTiming.String())
	require.Equal(t, 0.03, f.OpexEscalatorPerYear)
	require.Equal(t, TerminalPerpetuity, f.TerminalValue)
	require.Equal(t, 0.02, f.TerminalGrowth)
	require.Equal(t, 2, f.InterestOnlyYears)
	require.Equal(t, 1.3, f.MinDSCR)
	require.Equal(t, DepreciationMACRS, f.Depreciation)
	require.Equal(t, 0.4, f.BonusDepreciationShare)
	require.Equal(t, 4, f.GPUDepreciationPeriod())
	h := c.Sites[0].Halls[0]
	require.Equal(t, 39, h.MACRSClass())
	require.Equal(t, 0.6, h.TenantFundedCapexShare)
	require.InDelta(t, 4e6, h.OwnerCapexUSDPerMW(), 1e-6)
	share, tenor := h.GPUDebt(f)
	require.Equal(t, 0.5, share)
	require.Equal(t, 4, tenor)
	require.Equal(t, 0.25, h.CustomerPrepaymentShare)

	// Debt sized to a DSCR: its own, or the covenant's.
	c, err = Decode([]byte(financeText([]string{"debt_share = 0.8", `debt_sizing = "dscr"`, "sizing_dscr = 1.5", "min_dscr = 1.3"})), "case.toml")
	require.NoError(t, err)
	require.Equal(t, DebtSizingDSCR, c.Finance.DebtSizing)
	require.Equal(t, "dscr", c.Finance.DebtSizing.String())
	require.Equal(t, 1.5, c.Finance.SizingDSCR)
	c, err = Decode([]byte(financeText([]string{"debt_share = 0.8", `debt_sizing = "dscr"`, "min_dscr = 1.3"})), "case.toml")
	require.NoError(t, err)
	require.Equal(t, 1.3, c.Finance.SizingDSCR, "the covenant when sizing_dscr is not given")

	// The defaults.
	c, err = Decode([]byte(financeText(nil)), "case.toml")
	require.NoError(t, err)
	require.Equal(t, Finance{DiscountRate: 0.07, LifeYears: 15, DebtTenorYears: 15, DepreciationYears: 15, TargetEquityIRR: 0.15}, c.Finance)
	require.Equal(t, "end_of_year", c.Finance.CashFlowTiming.String())
	require.Equal(t, "none", c.Finance.TerminalValue.String())
	require.Equal(t, "straight_line", c.Finance.Depreciation.String())
	require.Equal(t, "loan_to_cost", c.Finance.DebtSizing.String())
	require.Equal(t, 5, c.Finance.GPUDepreciationPeriod())
	require.Equal(t, 15, c.Sites[0].Halls[0].MACRSClass())
	require.Equal(t, 10e6, c.Sites[0].Halls[0].OwnerCapexUSDPerMW())
}

func TestDecodeBadFinanceConventions(t *testing.T) {
	for _, tc := range []badCase{
		{name: "interest-only years as long as the tenor", text: financeText([]string{"debt_share = 0.8", "debt_tenor_years = 10", "interest_only_years = 10"}),
			want: []wantIssue{{13, "", "", "finance.interest_only_years", []string{"finance.interest_only_years = 10: must be fewer than debt_tenor_years = 10"}}}},
		{name: "interest-only years as long as the default tenor", text: financeText([]string{"interest_only_years = 15"}),
			want: []wantIssue{{11, "", "", "finance.interest_only_years", []string{"must be fewer than debt_tenor_years = 15"}}}},
		{name: "exit multiple of 0", text: financeText([]string{`terminal_value = "exit_multiple"`, "exit_multiple = 0"}),
			want: []wantIssue{{12, "", "", "finance.exit_multiple", []string{"finance.exit_multiple = 0: must be greater than 0"}}}},
		{name: "negative exit multiple", text: financeText([]string{`terminal_value = "exit_multiple"`, "exit_multiple = -3"}),
			want: []wantIssue{{12, "", "", "finance.exit_multiple", []string{"must be greater than 0"}}}},
		{name: "exit multiple missing", text: financeText([]string{`terminal_value = "exit_multiple"`}),
			want: []wantIssue{{8, "", "", "finance.exit_multiple", []string{`missing required key "finance.exit_multiple"`}}}},
		{name: "exit multiple with a perpetuity", text: financeText([]string{`terminal_value = "perpetuity"`, "exit_multiple = 12"}),
			want: []wantIssue{{12, "", "", "finance.exit_multiple", []string{`finance.exit_multiple = 12: only with terminal_value = "exit_multiple"`}}}},
		{name: "exit multiple without a terminal value", text: financeText([]string{"exit_multiple = 12"}),
			want: []wantIssue{{11, "", "", "finance.exit_multiple", []string{`only with terminal_value = "exit_multiple"`}}}},
		{name: "terminal growth at the discount rate", text: financeText([]string{`terminal_value = "perpetuity"`, "terminal_growth = 0.07"}),
			want: []wantIssue{{12, "", "", "finance.terminal_growth", []string{"finance.terminal_growth = 0.07: must be below discount_rate = 0.07"}}}},
		{name: "terminal growth with an exit multiple", text: financeText([]string{`terminal_value = "exit_multiple"`, "exit_multiple = 10", "terminal_growth = 0.02"}),
			want: []wantIssue{{13, "", "", "finance.terminal_growth", []string{`only with terminal_value = "perpetuity"`}}}},
		{name: "unknown terminal value", text: financeText([]string{`terminal_value = "dcf"`}),
			want: []wantIssue{{11, "", "", "finance.terminal_value", []string{`finance.terminal_value = "dcf": must be "none", "exit_multiple" or "perpetuity"`}}}},
		{name: "unknown depreciation", text: financeText([]string{`depreciation = "declining_balance"`}),
			want: []wantIssue{{11, "", "", "finance.depreciation", []string{`must be "straight_line" or "macrs"`}}}},
		{name: "unknown timing", text: financeText([]string{`cash_flow_timing = "start_of_year"`}),
			want: []wantIssue{{11, "", "", "finance.cash_flow_timing", []string{`must be "end_of_year" or "mid_year"`}}}},
		{name: "covenant of 0", text: financeText([]string{"min_dscr = 0"}),
			want: []wantIssue{{11, "", "", "finance.min_dscr", []string{"finance.min_dscr = 0: must be greater than 0"}}}},
		{name: "negative covenant", text: financeText([]string{"min_dscr = -1.2"}),
			want: []wantIssue{{11, "", "", "finance.min_dscr", []string{"must be greater than 0"}}}},
		{name: "unknown debt sizing", text: financeText([]string{`debt_sizing = "cash_sweep"`}),
			want: []wantIssue{{11, "", "", "finance.debt_sizing", []string{`finance.debt_sizing = "cash_sweep": must be "loan_to_cost" or "dscr"`}}}},
		{name: "DSCR sizing without a DSCR", text: financeText([]string{"debt_share = 0.8", `debt_sizing = "dscr"`}),
			want: []wantIssue{{12, "", "", "finance.debt_sizing", []string{`finance.debt_sizing = "dscr": needs sizing_dscr`}}}},
		{name: "DSCR sizing without a loan-to-cost", text: financeText([]string{`debt_sizing = "dscr"`, "sizing_dscr = 1.4"}),
			want: []wantIssue{{11, "", "", "finance.debt_sizing", []string{"needs debt_share above 0"}}}},
		{name: "sizing DSCR below the covenant", text: financeText([]string{"debt_share = 0.8", `debt_sizing = "dscr"`, "min_dscr = 1.4", "sizing_dscr = 1.2"}),
			want: []wantIssue{{14, "", "", "finance.sizing_dscr", []string{"finance.sizing_dscr = 1.2: below min_dscr = 1.4"}}}},
		{name: "sizing DSCR of 0", text: financeText([]string{"debt_share = 0.8", `debt_sizing = "dscr"`, "sizing_dscr = 0"}),
			want: []wantIssue{{13, "", "", "finance.sizing_dscr", []string{"finance.sizing_dscr = 0: must be greater than 0"}}}},
		{name: "sizing DSCR with the loan-to-cost", text: financeText([]string{"debt_share = 0.8", "sizing_dscr = 1.4"}),
			want: []wantIssue{{12, "", "", "finance.sizing_dscr", []string{`only with debt_sizing = "dscr"`}}}},
		{name: "bonus share above 1", text: financeText([]string{`depreciation = "macrs"`, "bonus_depreciation_share = 1.5"}),
			want: []wantIssue{{12, "", "", "finance.bonus_depreciation_share", []string{"bonus_depreciation_share = 1.5: must be between 0 and 1"}}}},
		{name: "bonus with straight line", text: financeText([]string{"bonus_depreciation_share = 0.5"}),
			want: []wantIssue{{11, "", "", "finance.bonus_depreciation_share", []string{`only with depreciation = "macrs"`}}}},
		{name: "MACRS class without a table", text: financeText([]string{`depreciation = "macrs"`}, "macrs_class_years = 10"),
			want: []wantIssue{{34, "rockdale", "hall-a", "macrs_class_years", []string{"macrs_class_years = 10: must be 5, 7, 15, 20 or 39"}}}},
		{name: "MACRS class above the tables", text: financeText([]string{`depreciation = "macrs"`}, "macrs_class_years = 40"),
			want: []wantIssue{{34, "rockdale", "hall-a", "macrs_class_years", []string{"between 5 and 39"}}}},
		{name: "MACRS class with straight line", text: financeText(nil, "macrs_class_years = 15"),
			want: []wantIssue{{33, "rockdale", "hall-a", "macrs_class_years", []string{`only for a hall with [finance] depreciation = "macrs"`}}}},
		{name: "tenant-funded share below 0", text: financeText(nil, "tenant_funded_capex_share = -0.1"),
			want: []wantIssue{{33, "rockdale", "hall-a", "tenant_funded_capex_share", []string{"must be between 0 and 1"}}}},
		{name: "tenant-funded share above 1", text: financeText(nil, "tenant_funded_capex_share = 1.01"),
			want: []wantIssue{{33, "rockdale", "hall-a", "tenant_funded_capex_share", []string{"must be between 0 and 1"}}}},
		{name: "GPU debt share above 1", text: financeText(nil, append(gpuHall, "gpu_debt_share = 2")...),
			want: []wantIssue{{37, "rockdale", "hall-a", "gpu_debt_share", []string{"gpu_debt_share = 2: must be between 0 and 1"}}}},
		{name: "prepayment share above 1", text: financeText(nil, append(gpuHall, "customer_prepayment_share = 1.2")...),
			want: []wantIssue{{37, "rockdale", "hall-a", "customer_prepayment_share", []string{"must be between 0 and 1"}}}},
		{name: "GPU debt longer than the contract", text: financeText(nil, append(gpuHall, "gpu_debt_tenor_years = 6")...),
			want: []wantIssue{{37, "rockdale", "hall-a", "gpu_debt_tenor_years", []string{"gpu_debt_tenor_years = 6: above gpu_term_years = 5"}}}},
		{name: "GPU keys on a colocation hall", text: financeText(nil, "gpu_debt_share = 0.5", "customer_prepayment_share = 0.1"),
			want: []wantIssue{
				{33, "rockdale", "hall-a", "gpu_debt_share", []string{`only for a hall with offer = "gpu_cloud"`}},
				{34, "rockdale", "hall-a", "customer_prepayment_share", []string{`only for a hall with offer = "gpu_cloud"`}},
			}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIssues(t, tc) })
	}
}
