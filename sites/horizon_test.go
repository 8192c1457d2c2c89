package sites

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// horizonCase adds a horizon and a hall's timing keys to the base case
// (lines 33-40, after the hall's spare line); edits apply to every line.
// An edit may hold several lines: only the lines after it move.
func horizonCase(edits map[int]string) string {
	extra := []string{
		/* 33 */ `lead_time_months = 18`,
		/* 34 */ `earliest_online = 2027-07-01`,
		/* 35 */ `lease_term_years = 10`,
		/* 36 */ `lease_escalator_per_year = 0.03`,
		/* 37 */ `[horizon]`,
		/* 38 */ `start_year = 2026`,
		/* 39 */ `years = 10`,
		/* 40 */ `price_escalation_per_year = 0.02`,
	}
	base := map[int]string{}
	for n, text := range edits {
		if n > 32 {
			extra[n-33] = text
		} else {
			base[n] = text
		}
	}
	return caseText(base, extra...)
}

func TestDecodeHorizon(t *testing.T) {
	c, err := Decode([]byte(horizonCase(map[int]string{
		5:  `btc_price_usd = 90000.0`,
		7:  "network_hashrate_eh_s = 900.0\nbtc_price_growth_per_year = 0.1\nnetwork_hashrate_growth_per_year = 0.2\nhalvings = [2028-04-15, 2032-04-12]\nai_demand_cap_it_mw = [0, 0, 100, 100, 100, 200, 200, 200, 200, 200]",
		10: "life_years = 15\ndebt_share = 0.85\ndebt_rate = 0.07125\ndebt_tenor_years = 10\ntax_rate = 0.21\ndepreciation_years = 15\ntarget_equity_irr = 0.12",
		24: `committed_from = 2028-01-01`,
	})), "case.toml")
	require.NoError(t, err)
	require.Equal(t, &Horizon{StartYear: 2026, Years: 10, PriceEscalationPerYear: ptr(0.02)}, c.Horizon)
	m := c.Market
	require.Equal(t, 0.1, m.BTCPriceGrowthPerYear)
	require.Equal(t, 0.2, m.NetworkHashrateGrowthPerYear)
	require.Equal(t, []time.Time{time.Date(2028, 4, 15, 0, 0, 0, 0, time.UTC), time.Date(2032, 4, 12, 0, 0, 0, 0, time.UTC)}, m.Halvings)
	require.Equal(t, []float64{0, 0, 100, 100, 100, 200, 200, 200, 200, 200}, m.AIDemandCapITMWByYear)
	require.Nil(t, m.AIDemandCapITMW)
	require.Equal(t, Finance{DiscountRate: 0.07, LifeYears: 15, DebtShare: 0.85, DebtRate: 0.07125, DebtTenorYears: 10, TaxRate: 0.21,
		DepreciationYears: 15, TargetEquityIRR: 0.12}, c.Finance)
	hall := c.Sites[0].Halls[0]
	require.Equal(t, 18, hall.LeadTimeMonths)
	require.Equal(t, time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC), hall.EarliestOnline)
	require.Equal(t, 10, hall.LeaseTermYears)
	require.Equal(t, 0.03, hall.LeaseEscalatorPerYear)
	require.Equal(t, time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC), c.Sites[0].AI.CommittedFrom)

	// Finance defaults: tenor and depreciation over the life, target 15%.
	c, err = Decode([]byte(caseText(nil)), "case.toml")
	require.NoError(t, err)
	require.Equal(t, Finance{DiscountRate: 0.07, LifeYears: 15, DebtTenorYears: 15, DepreciationYears: 15, TargetEquityIRR: 0.15}, c.Finance)
}

func TestDecodeHorizonBadInput(t *testing.T) {
	for _, tc := range []badCase{
		{name: "earliest_online before the horizon", text: horizonCase(map[int]string{34: `earliest_online = 2025-06-01`}),
			want: []wantIssue{{34, "rockdale", "hall-a", "earliest_online", []string{"2025-06-01", "before the horizon, which starts 2026-01-01"}}}},
		{name: "debt_share above 1", text: horizonCase(map[int]string{10: "life_years = 15\ndebt_share = 1.2"}),
			want: []wantIssue{{11, "", "", "finance.debt_share", []string{"debt_share = 1.2", "between 0 and 1"}}}},
		{name: "tenor longer than the life", text: horizonCase(map[int]string{10: "life_years = 15\ndebt_tenor_years = 20"}),
			want: []wantIssue{{11, "", "", "finance.debt_tenor_years", []string{"longer than life_years = 15"}}}},
		{name: "a timing key without a horizon", text: caseText(map[int]string{32: `lead_time_months = 12`}),
			want: []wantIssue{{32, "rockdale", "hall-a", "lead_time_months", []string{"only with a [horizon] table"}}}},
		{name: "service_year outside the horizon", text: horizonCase(map[int]string{32: `service_year = 2040`}),
			want: []wantIssue{{32, "rockdale", "hall-a", "service_year", []string{"2040", "2026-2035"}}}},
		{name: "a cap list of the wrong length", text: horizonCase(map[int]string{7: `ai_demand_cap_it_mw = [1, 2]`}),
			want: []wantIssue{{7, "", "", "market.ai_demand_cap_it_mw", []string{"one cap per year of the horizon: 10, not 2"}}}},
		{name: "halvings out of order", text: horizonCase(map[int]string{7: `halvings = [2032-04-12, 2028-04-15]`}),
			want: []wantIssue{{7, "", "", "market.halvings", []string{"in order"}}}},
		{name: "btc price growth with a series", text: horizonCase(map[int]string{5: "btc_price = \"btc.csv\"\nnetwork_hashrate_eh_s = 900.0", 7: `btc_price_growth_per_year = 0.1`}),
			want: []wantIssue{{8, "", "", "market.btc_price_growth_per_year", []string{"leave out btc_price_growth_per_year"}}}},
		{name: "the horizon's years", text: horizonCase(map[int]string{39: `years = 0`}),
			want: []wantIssue{{39, "", "", "horizon.years", []string{"years = 0", "between 1 and 50"}}}},
		{name: "a hall's life shorter than the debt", text: horizonCase(map[int]string{10: "life_years = 15\ndebt_tenor_years = 10", 33: "life_years = 8"}),
			want: []wantIssue{{34, "rockdale", "hall-a", "life_years", []string{"life_years = 8", "shorter than [finance] debt_tenor_years = 10"}},
				{36, "rockdale", "hall-a", "lease_term_years", []string{"lease_term_years = 10", "longer than the hall's life of 8 years", "give the hall a life_years"}}}},
		{name: "a hall's life out of range", text: caseText(map[int]string{32: `life_years = 0`}),
			want: []wantIssue{{32, "rockdale", "hall-a", "life_years", []string{"life_years = 0", "between 1 and 100"}}}},
		{name: "price escalation compounding past 100×", text: horizonCase(map[int]string{39: `years = 50`, 40: `price_escalation_per_year = 1.0`}),
			want: []wantIssue{{40, "", "", "horizon.price_escalation_per_year", []string{"price_escalation_per_year = 1.0", "over 50 years", "5.63e+14×", "at most 100×"}}}},
		{name: "btc price growth compounding past 100×", text: horizonCase(map[int]string{7: `btc_price_growth_per_year = 0.5`, 39: `years = 20`}),
			want: []wantIssue{{7, "", "", "market.btc_price_growth_per_year", []string{"btc_price_growth_per_year = 0.5", "over 20 years", "2.22e+03×"}}}},
		{name: "hashrate shrinking below 1/100", text: horizonCase(map[int]string{7: `network_hashrate_growth_per_year = -0.5`}),
			want: []wantIssue{{7, "", "", "market.network_hashrate_growth_per_year", []string{"over 10 years", "0.00195×"}}}},
		{name: "lease escalator compounding past 100×", text: horizonCase(map[int]string{36: `lease_escalator_per_year = 0.2`, 39: `years = 30`}),
			want: []wantIssue{{36, "rockdale", "hall-a", "lease_escalator_per_year", []string{"over 30 years", "198×"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIssues(t, tc) })
	}
}
