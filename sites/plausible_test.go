package sites

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// plausibleBase is a case with every figure in its plausible range, and
// an existing AI hall so that existing_pue is checked.
const plausibleBase = `name = "plausible"

[grid]
prices = "prices.csv"

[market]
hashprice_usd_per_ph_day = 45.0
ai_lease_usd_per_kw_month = 140.0

[finance]
discount_rate = 0.1
life_years = 15

[[sites]]
id = "west"
region = "ERCOT"
node = "HB_WEST"
interconnect_mw = 200

  [sites.mining]
  capacity_it_mw = 150
  efficiency_j_per_th = 21.0
  pue = 1.05

  [sites.ai]
  existing_it_mw = 10
  existing_pue = 1.3

  [[sites.conversion]]
  id = "hall-a"
  it_mw = 40
  cooling = "liquid"
  pue = 1.15
  capex_usd_per_mw = 10.0e6
  displaces_mining_it_mw = 45
  lease_usd_per_kw_month = 150
`

// TestPlausibility: each slip draws one warning naming file:line, site,
// hall, the value as written and the likely intent; the base draws none.
func TestPlausibility(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		want           []string // in the one warning; want[0] is a text whose line the warning names ("" for the new value's)
	}{
		{"capex in M USD", "capex_usd_per_mw = 10.0e6", "capex_usd_per_mw = 10",
			[]string{"", `site "west" hall "hall-a": capex_usd_per_mw = 10: below 0.5 M USD per IT MW`, "written in USD as 10e6"}},
		{"capex in thousands", "capex_usd_per_mw = 10.0e6", "capex_usd_per_mw = 10000",
			[]string{"", "capex_usd_per_mw = 10000: below", "not per kW or in thousands"}},
		{"hashprice per TH", "hashprice_usd_per_ph_day = 45.0", "hashprice_usd_per_ph_day = 0.045",
			[]string{"", "market.hashprice_usd_per_ph_day = 0.045: below 1 USD per PH/s per day", "per TH/s per day (× 1000 = 45 USD/PH/day)"}},
		{"hashprice per EH", "hashprice_usd_per_ph_day = 45.0", "hashprice_usd_per_ph_day = 45000",
			[]string{"", "= 45000: above 1000 USD per PH/s per day", "per EH/s per day (÷ 1000 = 45 USD/PH/day)"}},
		{"market lease per W", "ai_lease_usd_per_kw_month = 140.0", "ai_lease_usd_per_kw_month = 0.14",
			[]string{"", "market.ai_lease_usd_per_kw_month = 0.14: below 20 USD per kW", "per W a month (× 1000 = 140 USD/kW-month)"}},
		{"hall lease per kW-year", "lease_usd_per_kw_month = 150", "lease_usd_per_kw_month = 1800",
			[]string{"", `hall "hall-a": lease_usd_per_kw_month = 1800: above 1000`, "per kW-year (÷ 12 = 150)"}},
		{"mining PUE", "pue = 1.05", "pue = 2.5",
			[]string{"", `site "west": mining.pue = 2.5: above 2`, "meter MW per IT MW"}},
		{"existing AI PUE", "existing_pue = 1.3", "existing_pue = 2.2",
			[]string{"", `site "west": ai.existing_pue = 2.2: above 2`}},
		{"hall PUE", "pue = 1.15", "pue = 2.15",
			[]string{"", `hall "hall-a": pue = 2.15: above 2`}},
		{"efficiency in W per machine", "efficiency_j_per_th = 21.0", "efficiency_j_per_th = 150",
			[]string{"", `site "west": mining.efficiency_j_per_th = 150: above 100 J/TH`, "joules per terahash"}},
		{"displacement not stated", "  displaces_mining_it_mw = 45\n", "",
			[]string{"[[sites.conversion]]", `hall "hall-a": not stated, so the hall displaces no miners: site "west" has 150 IT MW`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, plausibleBase, tc.old)
			text := strings.Replace(plausibleBase, tc.old, tc.new, 1)
			c, err := Decode([]byte(text), "case.toml")
			require.NoError(t, err, "a plausibility slip is legal")
			warnings := c.Plausibility()
			require.Len(t, warnings, 1, "%v", warnings)
			msg := warnings[0].Error()
			at := tc.want[0]
			if at == "" {
				at = tc.new
			}
			require.True(t, strings.HasPrefix(msg, fmt.Sprintf("case.toml:%d: ", lineIn(t, text, at))), msg)
			for _, w := range tc.want[1:] {
				require.Contains(t, msg, w)
			}
		})
	}
	c, err := Decode([]byte(plausibleBase), "case.toml")
	require.NoError(t, err)
	require.Empty(t, c.Plausibility(), "the base case is plausible: the cases above each add one slip")
}

// TestDisplacementStatedAsZero: a hall that states it displaces no miners,
// or a site without miners, draws no warning.
func TestDisplacementStatedAsZero(t *testing.T) {
	for _, edit := range [][2]string{
		{"displaces_mining_it_mw = 45", "displaces_mining_it_mw = 0"},
		{"capacity_it_mw = 150", "capacity_it_mw = 0\n  # no miners"},
	} {
		text := strings.Replace(plausibleBase, edit[0], edit[1], 1)
		if edit[0] == "capacity_it_mw = 150" {
			text = strings.Replace(text, "  displaces_mining_it_mw = 45\n", "", 1)
		}
		c, err := Decode([]byte(text), "case.toml")
		require.NoError(t, err)
		require.Empty(t, c.Plausibility(), edit[1])
	}
}

// TestHashpriceWarnings: a hashprice from a series or the fundamentals is
// checked on its mean, at the key that sets it.
func TestHashpriceWarnings(t *testing.T) {
	series := strings.Replace(plausibleBase, "hashprice_usd_per_ph_day = 45.0", `hashprice = "hashprice.csv"`, 1)
	fundamentals := strings.Replace(plausibleBase, "hashprice_usd_per_ph_day = 45.0", "btc_price_usd = 90\nnetwork_hashrate_eh_s = 800", 1)
	for _, tc := range []struct {
		name, text string
		mean       float64
		want       []string // empty: no warning
	}{
		{"series plausible", series, 45, nil},
		{"series per TH", series, 0.045, []string{"hashprice = ", `market.hashprice = "hashprice.csv" gives a mean hashprice of 0.045 USD/PH/day: below 1`, "per TH/s per day"}},
		{"fundamentals in thousands", fundamentals, 0.05, []string{"btc_price_usd = ", "the fundamentals (market.btc_price_usd = 90 and market.network_hashrate_eh_s = 800)", "btc_price_usd in USD (not thousands)"}},
		{"fundamentals too high", fundamentals, 4e4, []string{"btc_price_usd = ", "above 1000", "network_hashrate_eh_s in EH/s"}},
		{"constant: checked by Plausibility", plausibleBase, 0.01, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Decode([]byte(tc.text), "case.toml")
			require.NoError(t, err)
			got := c.HashpriceWarnings(tc.mean)
			if tc.want == nil {
				require.Empty(t, got)
				return
			}
			require.Len(t, got, 1)
			msg := got[0].Error()
			require.True(t, strings.HasPrefix(msg, fmt.Sprintf("case.toml:%d: ", lineIn(t, tc.text, tc.want[0]))), msg)
			for _, w := range tc.want[1:] {
				require.Contains(t, msg, w)
			}
		})
	}
}

// lineIn is the 1-based line of the first occurrence of needle in text.
func lineIn(t *testing.T, text, needle string) int {
	t.Helper()
	i := strings.Index(text, needle)
	require.GreaterOrEqual(t, i, 0, needle)
	return strings.Count(text[:i], "\n") + 1
}
