package synth_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/cases/synth"
	"github.com/gridflip/gridflip/optimize"
)

func TestSyntheticPortfolioIsDeterministicAndFeasible(t *testing.T) {
	spec := synth.Spec{Sites: 20, Hours: 168, HallsPerSite: 3, Seed: 9, CommitmentShare: 0.5, CapShare: 0.2}
	a, err := synth.Portfolio(spec)
	require.NoError(t, err)
	b, err := synth.Portfolio(spec)
	require.NoError(t, err)
	require.Equal(t, a.Case.Sites, b.Case.Sites)
	require.Equal(t, a.SitePriceUSDPerMWh, b.SitePriceUSDPerMWh)
	require.Empty(t, optimize.Diagnose(a))
	committed := 0
	for _, s := range a.Case.Sites {
		require.Len(t, s.Halls, 3)
		if s.AI.CommittedITMW > 0 {
			committed++
		}
	}
	require.Greater(t, committed, 0)
	require.NotNil(t, a.Case.Market.AIDemandCapITMW)
	_, err = synth.Portfolio(synth.Spec{})
	require.Error(t, err)
}

// TestWriteCaseRoundTrips writes generated portfolios (with and without
// the grid-side terms) to disk and loads them back unchanged.
func TestWriteCaseRoundTrips(t *testing.T) {
	for _, gridSide := range []bool{false, true} {
		want, err := synth.Portfolio(synth.Spec{Sites: 5, Hours: 8760, HallsPerSite: 3, Seed: 3,
			CommitmentShare: 0.4, CapShare: 0.3, GridSide: gridSide})
		require.NoError(t, err)
		dir := t.TempDir()
		require.NoError(t, synth.WriteCase(dir, want))
		got, err := loader.Load(context.Background(), filepath.Join(dir, "case.toml"), loader.Options{})
		require.NoError(t, err)
		require.Equal(t, want.Hours, got.Hours)
		require.Equal(t, want.SitePriceUSDPerMWh, got.SitePriceUSDPerMWh)
		require.Equal(t, want.HashpriceUSDPerPHDay, got.HashpriceUSDPerPHDay)
		require.Equal(t, want.SiteTemperatureC, got.SiteTemperatureC)
		require.Equal(t, want.SiteReservePriceUSDPerMWh, got.SiteReservePriceUSDPerMWh)
		require.Equal(t, want.CoincidentPeakHours, got.CoincidentPeakHours)
		require.Equal(t, want.CoincidentPeakRateUSDPerMWYear, got.CoincidentPeakRateUSDPerMWYear)
		require.Equal(t, want.Case.Market.AIDemandCapITMW, got.Case.Market.AIDemandCapITMW)
		for s := range want.Case.Sites {
			w, g := want.Case.Sites[s], got.Case.Sites[s]
			require.Equal(t, w.Halls, g.Halls, "site %d", s)
			require.Equal(t, w.Mining, g.Mining, "site %d", s)
			require.Equal(t, w.AI, g.AI, "site %d", s)
			require.Equal(t, w.ReserveMaxMW, g.ReserveMaxMW, "site %d", s)
		}
		if gridSide {
			require.Len(t, got.CoincidentPeakHours, 4, "June to September")
		}
	}
}

// TestWriteCaseRoundTripsYears: a generated horizon of years written to
// disk loads back year by year, with the halls' timing and the finance.
func TestWriteCaseRoundTripsYears(t *testing.T) {
	want, err := synth.Portfolio(synth.Spec{Sites: 4, Hours: 8760, HallsPerSite: 3, Seed: 5,
		CommitmentShare: 0.5, CapShare: 0.3, GridSide: true, Years: 3})
	require.NoError(t, err)
	require.Len(t, want.Years, 3)
	require.Equal(t, 8784, len(want.Years[2].Hours), "2028 is a leap year")
	dir := t.TempDir()
	require.NoError(t, synth.WriteCase(dir, want))
	got, err := loader.Load(context.Background(), filepath.Join(dir, "case.toml"), loader.Options{})
	require.NoError(t, err)
	require.Len(t, got.Years, 3)
	require.Equal(t, want.Hours, got.Hours)
	require.Equal(t, want.HashpriceUSDPerPHDay, got.HashpriceUSDPerPHDay)
	for k := range want.Years {
		w, g := want.Years[k], got.Years[k]
		require.Equal(t, w.Year, g.Year)
		require.Equal(t, w.SitePriceUSDPerMWh, g.SitePriceUSDPerMWh, "year %d", w.Year)
		require.Equal(t, w.SiteTemperatureC, g.SiteTemperatureC, "year %d", w.Year)
		require.Equal(t, w.SiteReservePriceUSDPerMWh, g.SiteReservePriceUSDPerMWh, "year %d", w.Year)
		require.Equal(t, w.CoincidentPeakHours, g.CoincidentPeakHours, "year %d", w.Year)
	}
	require.Equal(t, want.Case.Finance, got.Case.Finance)
	require.Equal(t, want.Case.Horizon.StartYear, got.Case.Horizon.StartYear)
	for s := range want.Case.Sites {
		require.Equal(t, want.Case.Sites[s].Halls, got.Case.Sites[s].Halls, "site %d", s)
		require.Equal(t, want.Case.Sites[s].AI, got.Case.Sites[s].AI, "site %d", s)
	}
}
