package cases_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases"
	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/market"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

func TestBundledCasesLoad(t *testing.T) {
	require.Equal(t, []string{"default", "small"}, cases.Bundled())
	tests := []struct {
		name  string
		sites int
		hours int
	}{
		{"default", 3, 8760},
		{"small", 2, 168},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := cases.LoadBundled(context.Background(), tc.name, cases.Options{})
			require.NoError(t, err)
			require.Len(t, in.Case.Sites, tc.sites)
			require.Equal(t, tc.hours, in.T())
			require.NoError(t, in.Check())
			require.Empty(t, optimize.Diagnose(in), "bundled cases are feasible")
		})
	}
	_, err := cases.LoadBundled(context.Background(), "nope", cases.Options{})
	require.ErrorContains(t, err, `no bundled case "nope" (have: default, small)`)
}

func TestLoadFromDiskMatchesEmbedded(t *testing.T) {
	disk, err := cases.Load(context.Background(), filepath.Join("small", "case.toml"), cases.Options{})
	require.NoError(t, err)
	embedded, err := cases.LoadBundled(context.Background(), "small", cases.Options{})
	require.NoError(t, err)
	require.Equal(t, embedded.Hours, disk.Hours)
	require.Equal(t, embedded.SitePriceUSDPerMWh, disk.SitePriceUSDPerMWh)
	require.Equal(t, embedded.HashpriceUSDPerPHDay, disk.HashpriceUSDPerPHDay)
}

// TestSmallCaseHashpriceFromFundamentals checks the fundamentals path end to
// end against the formula (subsidy + fees) × 144 × price ÷ hashrate in PH/s.
func TestSmallCaseHashpriceFromFundamentals(t *testing.T) {
	in, err := cases.LoadBundled(context.Background(), "small", cases.Options{})
	require.NoError(t, err)
	want := (3.125 + 0.03) * 144 * 95000 / (800 * 1000)
	for _, v := range in.HashpriceUSDPerPHDay {
		require.InDelta(t, want, v, 1e-9)
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	return filepath.Join(dir, "case.toml")
}

func smallTOML(t *testing.T) string {
	data, err := cases.BundledFile("small", "case.toml")
	require.NoError(t, err)
	return string(data)
}

func smallPrices(t *testing.T) string {
	data, err := cases.BundledFile("small", "prices.csv")
	require.NoError(t, err)
	return string(data)
}

func TestDailyHashpriceSeriesIsSpreadOverHours(t *testing.T) {
	toml := strings.Replace(smallTOML(t), "btc_price_usd = 95000.0\nnetwork_hashrate_eh_s = 800.0\nfees_btc_per_block = 0.03",
		`hashprice = "hp.csv"`, 1)
	var b strings.Builder
	b.WriteString("date,hashprice_usd_per_ph_day,note\n")
	day := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	for d := range 7 {
		b.WriteString(day.AddDate(0, 0, d).Format("2006-01-02"))
		b.WriteString(",")
		b.WriteString([]string{"40", "41", "42", "43", "44", "45", "46"}[d])
		b.WriteString(",0\n")
	}
	path := writeFiles(t, map[string]string{"case.toml": toml, "prices.csv": smallPrices(t), "hp.csv": b.String()})
	in, err := cases.Load(context.Background(), path, cases.Options{})
	require.NoError(t, err)
	require.Equal(t, 40.0, in.HashpriceUSDPerPHDay[0])
	require.Equal(t, 40.0, in.HashpriceUSDPerPHDay[23])
	require.Equal(t, 41.0, in.HashpriceUSDPerPHDay[24])
	require.Equal(t, 46.0, in.HashpriceUSDPerPHDay[167])
}

func TestHashpriceSeriesNeedsOneColumn(t *testing.T) {
	toml := strings.Replace(smallTOML(t), "btc_price_usd = 95000.0\nnetwork_hashrate_eh_s = 800.0\nfees_btc_per_block = 0.03",
		`hashprice = "hp.csv"`, 1)
	path := writeFiles(t, map[string]string{"case.toml": toml, "prices.csv": smallPrices(t),
		"hp.csv": "date,a,b\n2024-07-01,1,2\n"})
	_, err := cases.Load(context.Background(), path, cases.Options{})
	require.ErrorContains(t, err, "hp.csv has 2 value columns (a, b)")
	require.ErrorContains(t, err, "case.toml:")
}

func TestHalvingDateOverride(t *testing.T) {
	toml := strings.Replace(smallTOML(t), "fees_btc_per_block = 0.03", "fees_btc_per_block = 0.03\nhalving_2028 = \"2024-07-04\"", 1)
	path := writeFiles(t, map[string]string{"case.toml": toml, "prices.csv": smallPrices(t)})
	in, err := cases.Load(context.Background(), path, cases.Options{})
	require.NoError(t, err)
	f := market.Fundamentals{BTCPriceUSD: 95000, NetworkHashrateEHs: 800, FeesBTCPerBlock: 0.03, Halvings: []time.Time{time.Date(2024, 7, 4, 0, 0, 0, 0, time.UTC)}}
	require.InDelta(t, f.HashpriceUSDPerPHDay(in.Hours[0]), in.HashpriceUSDPerPHDay[0], 1e-9)
	require.InDelta(t, (1.5625+0.03)*144*95000/800000, in.HashpriceUSDPerPHDay[100], 1e-9, "after the halving the subsidy halves")
}

func TestSyntheticPortfolioIsDeterministicAndFeasible(t *testing.T) {
	spec := cases.SynthSpec{Sites: 20, Hours: 168, HallsPerSite: 3, Seed: 9, CommitmentShare: 0.5, CapShare: 0.2}
	a, err := cases.SyntheticPortfolio(spec)
	require.NoError(t, err)
	b, err := cases.SyntheticPortfolio(spec)
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
	_, err = cases.SyntheticPortfolio(cases.SynthSpec{})
	require.Error(t, err)
}

// TestWriteCaseRoundTrips writes generated portfolios (with and without
// the grid-side terms) to disk and loads them back unchanged.
func TestWriteCaseRoundTrips(t *testing.T) {
	for _, gridSide := range []bool{false, true} {
		want, err := cases.SyntheticPortfolio(cases.SynthSpec{Sites: 5, Hours: 8760, HallsPerSite: 3, Seed: 3,
			CommitmentShare: 0.4, CapShare: 0.3, GridSide: gridSide})
		require.NoError(t, err)
		dir := t.TempDir()
		require.NoError(t, cases.WriteCase(dir, want))
		got, err := cases.Load(context.Background(), filepath.Join(dir, "case.toml"), cases.Options{})
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
	want, err := cases.SyntheticPortfolio(cases.SynthSpec{Sites: 4, Hours: 8760, HallsPerSite: 3, Seed: 5,
		CommitmentShare: 0.5, CapShare: 0.3, GridSide: true, Years: 3})
	require.NoError(t, err)
	require.Len(t, want.Years, 3)
	require.Equal(t, 8784, len(want.Years[2].Hours), "2028 is a leap year")
	dir := t.TempDir()
	require.NoError(t, cases.WriteCase(dir, want))
	got, err := cases.Load(context.Background(), filepath.Join(dir, "case.toml"), cases.Options{})
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

// TestEveryCaseOnDiskLoadsAndValidates decodes, loads and diagnoses every
// case directory under cases/ (us-miners included): each is valid and
// feasible as far as the pre-checks can tell.
func TestEveryCaseOnDiskLoadsAndValidates(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("*", "case.toml"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(paths), 3)
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(filepath.Dir(p)))
		in, err := cases.Load(context.Background(), p, cases.Options{})
		require.NoError(t, err, p)
		require.NotEmpty(t, in.Case.Sites, p)
		require.Empty(t, optimize.Diagnose(in), p)
	}
	require.Contains(t, names, "us-miners")
	for _, name := range cases.Bundled() {
		require.Contains(t, names, name, "every bundled case is also on disk")
	}
}

// TestEveryScenarioFileOnDiskIsValid: each case's scenarios.toml decodes
// as an uncertainty set, and each scenario's own price file has the
// case's price columns and hours (us-miners' ERCOT price years).
func TestEveryScenarioFileOnDiskIsValid(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("*", "scenarios.toml"))
	require.NoError(t, err)
	own := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		list, err := sites.DecodeScenarios(data, p)
		require.NoError(t, err, p)
		require.NoError(t, sites.CheckUncertaintySet(list), p)
		base := readSeries(t, filepath.Join(filepath.Dir(p), "prices.csv"))
		seen := map[string]bool{}
		for _, s := range list {
			if s.Prices == "" || seen[s.Prices] {
				continue
			}
			seen[s.Prices] = true
			got := readSeries(t, filepath.Join(filepath.Dir(p), s.Prices))
			require.Equal(t, base.Columns, got.Columns, "%s: %s", p, s.Prices)
			require.Equal(t, base.Times, got.Times, "%s: %s", p, s.Prices)
			own++
		}
	}
	require.GreaterOrEqual(t, own, 2, "us-miners' two ERCOT price years")
}

func readSeries(t *testing.T, path string) *grid.Series {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	s, err := grid.ReadSeries(f, path)
	require.NoError(t, err)
	return s
}
