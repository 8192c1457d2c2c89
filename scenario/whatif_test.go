package scenario_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/scenario"
	"github.com/gridflip/gridflip/sites"
)

// usMiners is the repository's us-miners case.
const usMiners = "../cases/us-miners"

// usMinersOnDisk writes the bundled us-miners case into dir, its
// case.toml through edit, and loads it.
func usMinersOnDisk(t *testing.T, edit func(string) string) *optimize.Inputs {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"case.toml", "prices.csv", "prices-ercot2023.csv", "prices-ercot2024.csv", "scenarios.toml"} {
		data, err := os.ReadFile(filepath.Join(usMiners, f))
		require.NoError(t, err)
		if f == "case.toml" {
			data = []byte(edit(string(data)))
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o644))
	}
	in, err := loader.Load(context.Background(), filepath.Join(dir, "case.toml"), loader.Options{})
	require.NoError(t, err)
	return in
}

// TestGrowthWhatIfsAreTheCaseWithThatGrowth: a what-if's BTC price and
// hashrate growth give, hour by hour, the hashprice of the case file
// with those growths (the oracle: the loader's own fundamentals).
func TestGrowthWhatIfsAreTheCaseWithThatGrowth(t *testing.T) {
	base, err := loader.Load(context.Background(), filepath.Join(usMiners, "case.toml"), loader.Options{})
	require.NoError(t, err)
	btc, hashrate := 0.25, 0.05
	edited := usMinersOnDisk(t, func(s string) string {
		s = regexp.MustCompile(`(?m)^btc_price_growth_per_year = [0-9.]+`).ReplaceAllString(s, "btc_price_growth_per_year = 0.25")
		return regexp.MustCompile(`(?m)^network_hashrate_growth_per_year = [0-9.]+`).ReplaceAllString(s, "network_hashrate_growth_per_year = 0.05")
	})
	w := sites.Scenario{ID: "growth", BTCPriceGrowthPerYear: &btc, NetworkHashrateGrowthPerYear: &hashrate}
	require.NoError(t, scenario.CheckWhatIf(base.Case, w))
	got := scenario.Apply(base, w)
	require.Len(t, got.HashpriceUSDPerPHDay, len(edited.HashpriceUSDPerPHDay))
	changed := 0
	for h, want := range edited.HashpriceUSDPerPHDay {
		require.InEpsilon(t, want, got.HashpriceUSDPerPHDay[h], 1e-12, "hour %d", h)
		if math.Abs(want-base.HashpriceUSDPerPHDay[h]) > 1e-6*want {
			changed++
		}
	}
	require.Greater(t, changed, len(edited.HashpriceUSDPerPHDay)/2, "the growths change the hashprice")
	off := 0
	for _, y := range got.Years {
		require.Equal(t, got.HashpriceUSDPerPHDay[off:off+len(y.Hours)], y.HashpriceUSDPerPHDay, "year %d's share", y.Year)
		off += len(y.Hours)
	}
}

// TestCheckWhatIf: the new keys are refused where they do not apply,
// naming the key.
func TestCheckWhatIf(t *testing.T) {
	def, err := loader.LoadBundled(context.Background(), "default", loader.Options{})
	require.NoError(t, err)
	us, err := loader.Load(context.Background(), filepath.Join(usMiners, "case.toml"), loader.Options{})
	require.NoError(t, err)
	v := func(x float64) *float64 { return &x }
	for _, tc := range []struct {
		name string
		in   *optimize.Inputs
		w    sites.Scenario
		key  string
	}{
		{"escalator without a horizon", def, sites.Scenario{LeaseEscalatorPerYear: v(0.02)}, "lease_escalator_per_year"},
		{"growth without a horizon", def, sites.Scenario{NetworkHashrateGrowthPerYear: v(0.1)}, "network_hashrate_growth_per_year"},
		{"λ without scenarios", def, sites.Scenario{RiskWeight: v(0.5)}, "risk_weight"},
		{"α without scenarios", us, sites.Scenario{CVaRAlpha: v(0.2)}, "cvar_alpha"},
		{"growth compounding past 100×", us, sites.Scenario{BTCPriceGrowthPerYear: v(9)}, "btc_price_growth_per_year"},
		{"applies", us, sites.Scenario{BTCPriceGrowthPerYear: v(0.3), LeaseEscalatorPerYear: v(0.01), DiscountRate: v(0.2)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := scenario.CheckWhatIf(tc.in.Case, tc.w)
			if tc.key == "" {
				require.NoError(t, err)
				return
			}
			var is sites.Issues
			require.ErrorAs(t, err, &is)
			require.Equal(t, tc.key, is[0].Field, err.Error())
		})
	}
}

// TestLeaseEscalatorAndDiscountRateWhatIfs: the escalator changes the
// halls at the market lease only; the discount rate the finance's.
func TestLeaseEscalatorAndDiscountRateWhatIfs(t *testing.T) {
	us, err := loader.Load(context.Background(), filepath.Join(usMiners, "case.toml"), loader.Options{})
	require.NoError(t, err)
	esc, r := 0.04, 0.13
	got := scenario.Apply(us, sites.Scenario{LeaseEscalatorPerYear: &esc, DiscountRate: &r})
	require.Equal(t, 0.13, got.Case.Finance.DiscountRate)
	require.NotEqual(t, 0.13, us.Case.Finance.DiscountRate, "the case is not modified")
	market, own := 0, 0
	for s, site := range got.Case.Sites {
		for h, hall := range site.Halls {
			if hall.LeaseOverridden {
				own++
				require.Equal(t, us.Case.Sites[s].Halls[h].LeaseEscalatorPerYear, hall.LeaseEscalatorPerYear)
			} else {
				market++
				require.Equal(t, 0.04, hall.LeaseEscalatorPerYear)
			}
		}
	}
	require.Positive(t, market)
	require.Positive(t, own)
}
