package main

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/gridflip/gridflip/solver/solvertest"
	"github.com/stretchr/testify/require"
)

// TestDealsReconcileContractValue plans a signed deal given by its
// contract value and reads the reconciliation back: the pro forma's lease
// revenue over the term equals the disclosed total (the lease was derived
// from it), and the disclosed margin is carried beside the modelled one.
func TestDealsReconcileContractValue(t *testing.T) {
	solvertest.HiGHS(t)
	const valueUSD = 130e6
	path := writeCase(t, func(s string) string {
		s = replace("[market]", "[horizon]\nstart_year = 2026\nyears = 3\nprice_escalation_per_year = 0.02\n\n[market]")(s)
		return replace(`  id = "a1"`, "  id = \"a1\"\n  service_year = 2027\n  lease_term_years = 2\n  lease_escalator_per_year = 0.03\n"+
			"  contract_value_usd = 130e6\n  noi_margin_disclosed = 0.85")(s)
	}, func(string) string { return yearOfPrices() })
	code, out, errOut := gridflip(t, "plan", path, "--format", "json")
	require.Equal(t, 0, code, errOut)
	var sum struct {
		Deals []struct {
			Site, Hall   string
			ServiceYear  int      `json:"service_year"`
			Disclosed    float64  `json:"contract_value_usd_disclosed"`
			Modelled     float64  `json:"contract_value_usd_modelled"`
			Ratio        float64  `json:"ratio"`
			NOIDisclosed *float64 `json:"noi_margin_disclosed"`
			NOIModelled  *float64 `json:"noi_margin_modelled"`
		} `json:"deals"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &sum))
	require.Len(t, sum.Deals, 1)
	d := sum.Deals[0]
	require.Equal(t, "alpha", d.Site)
	require.Equal(t, "a1", d.Hall)
	require.Equal(t, 2027, d.ServiceYear)
	require.Equal(t, valueUSD, d.Disclosed)
	// The lease is derived from 12,000 × 40 MW × lease₁ × (1 + 1.03) =
	// 130 M USD; the model earns it by the hour, so 2028's leap day adds
	// 24/8,760 of that year's lease.
	lease1 := valueUSD / (12000 * 40 * (1 + 1.03))
	want := 12000 * 40 * lease1 * (1 + 1.03*8784/8760)
	require.InDelta(t, want, d.Modelled, 1e-9*valueUSD)
	require.InDelta(t, want/valueUSD, d.Ratio, 1e-12)
	require.Less(t, math.Abs(d.Ratio-1), 0.002, "within the leap day of the disclosure")
	require.NotNil(t, d.NOIDisclosed)
	require.Equal(t, 0.85, *d.NOIDisclosed)
	require.NotNil(t, d.NOIModelled)
	require.True(t, *d.NOIModelled > 0 && *d.NOIModelled < 1 && !math.IsNaN(*d.NOIModelled))
}
