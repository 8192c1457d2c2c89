package serve

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/sites"
)

func TestDecodeWhatIf(t *testing.T) {
	for _, tc := range []struct {
		name, body, key string
		ok              bool
	}{
		{"empty object", `{}`, "", true},
		{"lease", `{"lease_usd_per_kw_month": 115}`, "", true},
		{"every new key", `{"lease_escalator_per_year": 0.03, "btc_price_growth_per_year": 0.05, "network_hashrate_growth_per_year": 0.1,
			"discount_rate": 0.12, "cvar_alpha": 0.2, "curtailable_share": 0.005}`, "", true},
		{"duplicate key", `{"capex_scale": 1.2, "capex_scale": 1.3}`, "capex_scale", false},
		{"unknown key", `{"lease": 115}`, "lease", false},
		{"file key prices", `{"prices": "/etc/passwd"}`, "prices", false},
		{"file key hashprice", `{"hashprice": "x.csv"}`, "hashprice", false},
		{"file key btc_price", `{"btc_price": "x.csv"}`, "btc_price", false},
		{"id", `{"id": "x"}`, "id", false},
		{"probability", `{"probability": 0.5}`, "probability", false},
		{"NaN", `{"hashprice_scale": NaN}`, "hashprice_scale", false},
		{"Infinity", `{"hashprice_scale": Infinity}`, "hashprice_scale", false},
		{"1e400", `{"hashprice_scale": 1e400}`, "hashprice_scale", false},
		{"-1e400", `{"price_adder_usd_per_mwh": -1e400}`, "price_adder_usd_per_mwh", false},
		{"null", `{"capex_scale": null}`, "capex_scale", false},
		{"string", `{"capex_scale": "1.2"}`, "capex_scale", false},
		{"below range", `{"lease_usd_per_kw_month": 0}`, "lease_usd_per_kw_month", false},
		{"above range", `{"curtailable_share": 0.5}`, "curtailable_share", false},
		{"not an object", `[1]`, "", false},
		{"bad JSON", `{"capex_scale": 1.2`, "", false},
		{"trailing data", `{"capex_scale": 1.2} {}`, "", false},
		{"empty body", ``, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := DecodeWhatIf([]byte(tc.body))
			if tc.ok {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			re, ok := err.(*RequestError)
			require.True(t, ok, "%T", err)
			require.Equal(t, 400, re.Status)
			require.Equal(t, tc.key, re.Key, re.Msg)
			require.Empty(t, w.Changes())
		})
	}
}

// TestDecodeWhatIfSetsTheKeys: each key lands in its field, and the TOML
// written for it decodes, as a sweep's scenarios file, to the same
// what-if.
func TestDecodeWhatIfSetsTheKeys(t *testing.T) {
	w, err := DecodeWhatIf([]byte(`{"lease_usd_per_kw_month": 115, "hashprice_scale": 0.5, "discount_rate": 0.12, "curtailable_share": 0.005,
		"ai_demand_cap_it_mw": 1e6, "lease_escalator_per_year": -0.01}`))
	require.NoError(t, err)
	require.Equal(t, 115.0, *w.LeaseUSDPerKWMonth)
	require.Equal(t, 0.5, *w.HashpriceScale)
	require.Equal(t, 0.12, *w.DiscountRate)
	require.Equal(t, 0.005, *w.CurtailableShare)
	require.Equal(t, 1e6, *w.AIDemandCapITMW)
	require.Equal(t, -0.01, *w.LeaseEscalatorPerYear)
	require.Nil(t, w.PriceScale)
	var b bytes.Buffer
	w.ID = "kept"
	require.NoError(t, WhatIfTOML(&b, "a \"quoted\" case", w))
	list, err := sites.DecodeScenarios(b.Bytes(), "whatif.toml")
	require.NoError(t, err, b.String())
	require.Len(t, list, 1)
	require.Equal(t, "kept", list[0].ID)
	require.Equal(t, w.Changes(), list[0].Changes())
	require.Len(t, w.Changes(), 6)
}

// TestWhatIfKeysAreTheSweepsLessRefused: every [[scenario]] key is a
// what-if key or refused, and every what-if key has a Scenario field.
func TestWhatIfKeysAreTheSweepsLessRefused(t *testing.T) {
	fields := scenarioFields()
	n := 0
	for _, k := range sites.Keys() {
		if k.Table() != "scenario" {
			continue
		}
		n++
		if _, refused := refusedKeys[k.Name()]; refused {
			continue
		}
		_, ok := fields[k.Name()]
		require.True(t, ok, k.Name())
	}
	require.Equal(t, n, len(WhatIfKeys())+len(refusedKeys))
	require.GreaterOrEqual(t, len(WhatIfKeys()), 13)
}

// TestMoneyOnly: two what-ifs differ in the halls' money alone when they
// differ at most in the lease, its escalator, capex and the market cap;
// every other key of a what-if — each float key set in turn, found by
// reflection so that a key added later counts as a change — does not.
func TestMoneyOnly(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	require.True(t, moneyOnly(sites.Scenario{}, sites.Scenario{LeaseUSDPerKWMonth: f(115)}))
	require.True(t, moneyOnly(sites.Scenario{HashpriceScale: f(0.5), CapexScale: f(2)},
		sites.Scenario{HashpriceScale: f(0.5), LeaseEscalatorPerYear: f(0.03), AIDemandCapITMW: f(100)}))
	require.False(t, moneyOnly(sites.Scenario{HashpriceScale: f(0.5)}, sites.Scenario{HashpriceScale: f(0.6)}))
	money := map[string]bool{"LeaseUSDPerKWMonth": true, "LeaseEscalatorPerYear": true, "CapexScale": true, "AIDemandCapITMW": true}
	typ := reflect.TypeFor[sites.Scenario]()
	others := 0
	for i := range typ.NumField() {
		field := typ.Field(i)
		if field.Type != reflect.TypeFor[*float64]() {
			continue
		}
		var b sites.Scenario
		reflect.ValueOf(&b).Elem().Field(i).Set(reflect.ValueOf(f(0.7)))
		require.Equal(t, money[field.Name], moneyOnly(sites.Scenario{}, b), field.Name)
		if !money[field.Name] {
			others++
		}
	}
	require.GreaterOrEqual(t, others, 9, "the keys that change the series, the discount rate or the stress hours")
}
