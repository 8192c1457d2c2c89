package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// randomPortfolio is a generated portfolio with a random spec, and
// optional keys the generator does not set turned on at random: lease
// overrides, POI ratios, GPU cloud halls, hall lives, non-firm service, a
// name with quotes and control characters.
func randomPortfolio(t *testing.T, seed uint64) *optimize.Inputs {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	spec := Spec{Sites: 1 + rng.IntN(4), Hours: 24 * (1 + rng.IntN(10)), HallsPerSite: rng.IntN(4), Seed: seed,
		CommitmentShare: 0.5 * rng.Float64(), CapShare: []float64{0, 0.3}[rng.IntN(2)], GridSide: rng.IntN(2) == 0}
	if rng.IntN(3) == 0 {
		spec.Hours, spec.Years = 8760, 1+rng.IntN(2)
	}
	if rng.IntN(3) == 0 {
		spec.Scenarios = 2 + rng.IntN(2)
	}
	in, err := Portfolio(spec)
	require.NoError(t, err, "seed %d", seed)
	in.Case.Name = fmt.Sprintf("random \"%d\" \\ é\t\x07", seed)
	for s := range in.Case.Sites {
		site := &in.Case.Sites[s]
		if rng.IntN(3) == 0 {
			site.NonfirmInterconnectMW = float64(rng.IntN(50))
		}
		for h := range site.Halls {
			hall := &site.Halls[h]
			if rng.IntN(3) == 0 {
				hall.LeaseOverridden, hall.LeaseUSDPerKWMonth = true, 100+rng.Float64()*100
			}
			if rng.IntN(3) == 0 {
				hall.POIMWPerITMW = 2.5 + rng.Float64()*0.5 // above any hourly PUE
			}
			if rng.IntN(4) == 0 {
				hall.Offer, hall.GPURevenueUSDPerYear, hall.GPUCapexUSD, hall.GPUTermYears = sites.OfferGPUCloud, 1e6+rng.Float64()*1e8, rng.Float64()*1e8, 1+rng.IntN(10)
			}
		}
	}
	return in
}

// TestWriteCaseRoundTripsRandomPortfolios writes random portfolios through
// the declared keys and loads each back with cases/loader: the same case
// and series.
func TestWriteCaseRoundTripsRandomPortfolios(t *testing.T) {
	features := map[string]bool{}
	for seed := range uint64(24) {
		want := randomPortfolio(t, seed)
		dir := t.TempDir()
		require.NoError(t, WriteCase(dir, want), "seed %d", seed)
		got, err := loader.Load(context.Background(), filepath.Join(dir, "case.toml"), loader.Options{})
		require.NoError(t, err, "seed %d", seed)
		require.Equal(t, want.Case.Name, got.Case.Name, "seed %d", seed)
		require.Equal(t, want.Hours, got.Hours, "seed %d", seed)
		require.Equal(t, want.HashpriceUSDPerPHDay, got.HashpriceUSDPerPHDay, "seed %d", seed)
		require.Equal(t, want.SitePriceUSDPerMWh, got.SitePriceUSDPerMWh, "seed %d", seed)
		require.Equal(t, want.SiteTemperatureC, got.SiteTemperatureC, "seed %d", seed)
		require.Equal(t, want.SiteReservePriceUSDPerMWh, got.SiteReservePriceUSDPerMWh, "seed %d", seed)
		require.Equal(t, want.CoincidentPeakHours, got.CoincidentPeakHours, "seed %d", seed)
		require.Equal(t, want.CoincidentPeakRateUSDPerMWYear, got.CoincidentPeakRateUSDPerMWYear, "seed %d", seed)
		require.Equal(t, want.Case.Market.AILeaseUSDPerKWMonth, got.Case.Market.AILeaseUSDPerKWMonth, "seed %d", seed)
		require.Equal(t, want.Case.Market.AIDemandCapITMW, got.Case.Market.AIDemandCapITMW, "seed %d", seed)
		require.Equal(t, want.Case.Market.AIDemandCapITMWByYear, got.Case.Market.AIDemandCapITMWByYear, "seed %d", seed)
		require.Equal(t, want.Case.Finance, got.Case.Finance, "seed %d", seed)
		require.Equal(t, want.Case.Horizon != nil, got.Case.Horizon != nil, "seed %d", seed)
		if want.Case.Horizon != nil {
			require.Equal(t, want.Case.Horizon.StartYear, got.Case.Horizon.StartYear, "seed %d", seed)
			require.Equal(t, want.Case.Horizon.Years, got.Case.Horizon.Years, "seed %d", seed)
			require.Len(t, got.Years, len(want.Years), "seed %d", seed)
			features["horizon"] = true
		}
		require.Equal(t, want.Case.Risk, got.Case.Risk, "seed %d", seed)
		require.Len(t, got.Case.Scenarios, len(want.Case.Scenarios), "seed %d", seed)
		for i, sc := range want.Case.Scenarios {
			g := got.Case.Scenarios[i]
			require.Equal(t, sc.ID, g.ID, "seed %d", seed)
			require.Equal(t, sc.HashpriceScale, g.HashpriceScale, "seed %d", seed)
			require.Equal(t, sc.PriceScale, g.PriceScale, "seed %d", seed)
			require.Equal(t, sc.LeaseUSDPerKWMonth, g.LeaseUSDPerKWMonth, "seed %d", seed)
			features["scenarios"] = true
		}
		require.Len(t, got.Case.Sites, len(want.Case.Sites), "seed %d", seed)
		for s, w := range want.Case.Sites {
			g := got.Case.Sites[s]
			require.Equal(t, w.ID, g.ID, "seed %d", seed)
			require.Equal(t, w.Region, g.Region, "seed %d", seed)
			require.Equal(t, w.Node, g.Node, "seed %d", seed)
			require.Equal(t, w.InterconnectMW, g.InterconnectMW, "seed %d", seed)
			require.Equal(t, w.NonfirmInterconnectMW, g.NonfirmInterconnectMW, "seed %d", seed)
			require.Equal(t, w.ReserveMaxMW, g.ReserveMaxMW, "seed %d", seed)
			require.Equal(t, w.Mining, g.Mining, "seed %d site %d", seed, s)
			require.Equal(t, w.AI, g.AI, "seed %d site %d", seed, s)
			require.Equal(t, w.Halls, g.Halls, "seed %d site %d", seed, s)
			for _, h := range w.Halls {
				features["lease override"] = features["lease override"] || h.LeaseOverridden
				features["poi"] = features["poi"] || h.POIMWPerITMW != 0
				features["gpu cloud"] = features["gpu cloud"] || h.Offer == sites.OfferGPUCloud
			}
			features["non-firm"] = features["non-firm"] || w.NonfirmInterconnectMW != 0
			features["temperatures"] = features["temperatures"] || w.Mining.PUETemp.SlopePerC != 0
		}
	}
	require.Len(t, features, 7, "the guard: every optional feature was written at least once: %v", features)
}

// TestTOMLWriterRefusesUndeclaredKeys: a key that is not declared, one
// outside the table open, a value of the wrong type and a choice not
// declared are errors.
func TestTOMLWriterRefusesUndeclaredKeys(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(*tomlWriter)
		want  string
	}{
		{"undeclared", func(w *tomlWriter) { w.open("market", false); w.set("market.hashprice_usd_per_th_day", 1.0) }, "not a declared case key"},
		{"wrong table", func(w *tomlWriter) { w.open("grid", false); w.set("market.ai_lease_usd_per_kw_month", 1.0) }, "written in [grid]"},
		{"wrong type", func(w *tomlWriter) { w.open("finance", false); w.set("finance.life_years", 15.0) }, "declared kind integer, given a Go float64"},
		{"wrong choice", func(w *tomlWriter) {
			w.open("sites", true)
			w.open("sites.conversion", true)
			w.set("sites.conversion.cooling", "water")
		}, `"water" is not one of air, liquid`},
	} {
		var b strings.Builder
		w := newTOMLWriter(&b)
		tc.write(w)
		require.ErrorContains(t, w.flush(), tc.want, tc.name)
	}
}

func TestTOMLQuote(t *testing.T) {
	require.Equal(t, `"a \"b\" \\ é\t\u0007\n"`, tomlQuote("a \"b\" \\ é\t\a\n"))
}
