package sites

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDecodeScenarioKeys(t *testing.T) {
	list, err := DecodeScenarios([]byte(`[[scenario]]
id = "bull-2021"
probability = 0.25
hashprice_scale = 2.1
prices = "prices-2023.csv"
hashprice = "hp.csv"
btc_price = "btc.csv"

[[scenario]]
id = "crash-2022"
probability = 0.75
price_scale = 0.8
`), "s.toml")
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, "prices-2023.csv", list[0].Prices)
	require.Equal(t, "hp.csv", list[0].Hashprice)
	require.Equal(t, "btc.csv", list[0].BTCPrice)
	require.Equal(t, 0.25, *list[0].Probability)
	require.Equal(t, "s.toml", list[0].File)
	require.NoError(t, CheckUncertaintySet(list))
	require.Equal(t, []float64{0.25, 0.75}, Weights(list))
}

func TestUncertaintySetBadInput(t *testing.T) {
	tests := map[string]struct{ text, want string }{
		"probabilities that do not sum to 1": {"[[scenario]]\nid = \"a\"\nprobability = 0.5\n[[scenario]]\nid = \"b\"\nprobability = 0.4\n",
			`s.toml:3: scenario "a": the probabilities sum to 0.9, not 1 (within 1e-9)`},
		"some probabilities missing": {"[[scenario]]\nid = \"a\"\nprobability = 1\n[[scenario]]\nid = \"b\"\n",
			`s.toml:4: scenario "b": no probability: give every scenario one, or none`},
		"capex varies": {"[[scenario]]\nid = \"a\"\ncapex_scale = 1.2\n",
			`s.toml:3: scenario "a": capex_scale: the halls are built before the scenario is known`},
		"cap varies": {"[[scenario]]\nid = \"a\"\nai_demand_cap_it_mw = 100\n",
			`s.toml:3: scenario "a": ai_demand_cap_it_mw: the market cap bounds the halls built`},
		"λ per scenario": {"[[scenario]]\nid = \"a\"\nrisk_weight = 0.5\n", `s.toml:3: scenario "a": risk_weight: λ is the plan's`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			list, err := DecodeScenarios([]byte(tc.text), "s.toml")
			require.NoError(t, err, "a sweep may use these")
			require.ErrorContains(t, CheckUncertaintySet(list), tc.want)
		})
	}
	decodeBad := map[string]struct{ text, want string }{
		"a negative probability": {"[[scenario]]\nid = \"a\"\nprobability = -0.1\n", `s.toml:3: scenario "a": probability = -0.1: must be between 0 and 1`},
		"λ above 1":              {"[[scenario]]\nid = \"a\"\nrisk_weight = 1.5\n", `s.toml:3: scenario "a": risk_weight = 1.5: must be between 0 and 1`},
		"an empty file name":     {"[[scenario]]\nid = \"a\"\nprices = \"\"\n", `s.toml:3: scenario "a": prices = "": must name a CSV file`},
	}
	for name, tc := range decodeBad {
		t.Run(name, func(t *testing.T) {
			_, err := DecodeScenarios([]byte(tc.text), "s.toml")
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestCaseScenariosAndRisk(t *testing.T) {
	c, err := Decode([]byte(caseText(nil, "[risk]", "risk_weight = 0.5", "cvar_alpha = 0.2", "commit_years = 3",
		"[[scenario]]", `id = "low"`, "hashprice_scale = 0.5", "[[scenario]]", `id = "high"`, "hashprice_scale = 2")), "case.toml")
	require.NoError(t, err)
	require.Equal(t, Risk{Weight: 0.5, Alpha: 0.2, CommitYears: 3}, c.Risk)
	require.Len(t, c.Scenarios, 2)
	require.Equal(t, []float64{0.5, 0.5}, Weights(c.Scenarios))

	for _, tc := range []badCase{
		{name: "λ outside [0, 1]", text: caseText(nil, "[risk]", "risk_weight = 2"),
			want: []wantIssue{{34, "", "", "risk.risk_weight", []string{"risk_weight = 2", "between 0 and 1"}}}},
		{name: "α outside (0, 1]", text: caseText(nil, "[risk]", "cvar_alpha = 0"),
			want: []wantIssue{{34, "", "", "risk.cvar_alpha", []string{"cvar_alpha = 0", "greater than 0 and at most 1"}}}},
		{name: "a first-stage key in the case's scenarios", text: caseText(nil, "[[scenario]]", `id = "x"`, "capex_scale = 2"),
			want: []wantIssue{{35, "", "", "capex_scale", []string{`scenario "x": capex_scale`}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIssues(t, tc) })
	}
}

func TestScenarioChanges(t *testing.T) {
	list, err := DecodeScenarios([]byte(`
[[scenario]]
id = "base"
probability = 0.5

[[scenario]]
id = "lease-196"
lease_usd_per_kw_month = 196
capex_scale = 1.1
prices = "p.csv"
`), "s.toml")
	require.NoError(t, err)
	require.Empty(t, list[0].Changes())
	require.Equal(t, []string{"lease_usd_per_kw_month=196", "capex_scale=1.1", "prices=p.csv"}, list[1].Changes())
}
