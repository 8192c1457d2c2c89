package loader_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases"
	"github.com/gridflip/gridflip/cases/loader"
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
			in, err := loader.LoadBundled(context.Background(), tc.name, loader.Options{})
			require.NoError(t, err)
			require.Len(t, in.Case.Sites, tc.sites)
			require.Equal(t, tc.hours, in.T())
			require.NoError(t, in.Check())
			require.Empty(t, optimize.Diagnose(in), "bundled cases are feasible")
		})
	}
	_, err := loader.LoadBundled(context.Background(), "nope", loader.Options{})
	require.ErrorContains(t, err, `no bundled case "nope" (have: default, small)`)
}

func TestLoadFromDiskMatchesEmbedded(t *testing.T) {
	disk, err := loader.Load(context.Background(), filepath.Join("..", "small", "case.toml"), loader.Options{})
	require.NoError(t, err)
	embedded, err := loader.LoadBundled(context.Background(), "small", loader.Options{})
	require.NoError(t, err)
	require.Equal(t, embedded.Hours, disk.Hours)
	require.Equal(t, embedded.SitePriceUSDPerMWh, disk.SitePriceUSDPerMWh)
	require.Equal(t, embedded.HashpriceUSDPerPHDay, disk.HashpriceUSDPerPHDay)
}

// TestSmallCaseHashpriceFromFundamentals checks the fundamentals path end to
// end against the formula (subsidy + fees) × 144 × price ÷ hashrate in PH/s.
func TestSmallCaseHashpriceFromFundamentals(t *testing.T) {
	in, err := loader.LoadBundled(context.Background(), "small", loader.Options{})
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
	in, err := loader.Load(context.Background(), path, loader.Options{})
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
	_, err := loader.Load(context.Background(), path, loader.Options{})
	require.ErrorContains(t, err, "hp.csv has 2 value columns (a, b)")
	require.ErrorContains(t, err, "case.toml:")
}

func TestHalvingDateOverride(t *testing.T) {
	toml := strings.Replace(smallTOML(t), "fees_btc_per_block = 0.03", "fees_btc_per_block = 0.03\nhalving_2028 = \"2024-07-04\"", 1)
	path := writeFiles(t, map[string]string{"case.toml": toml, "prices.csv": smallPrices(t)})
	in, err := loader.Load(context.Background(), path, loader.Options{})
	require.NoError(t, err)
	f := market.Fundamentals{BTCPriceUSD: 95000, NetworkHashrateEHs: 800, FeesBTCPerBlock: 0.03, Halvings: []time.Time{time.Date(2024, 7, 4, 0, 0, 0, 0, time.UTC)}}
	require.InDelta(t, f.HashpriceUSDPerPHDay(in.Hours[0]), in.HashpriceUSDPerPHDay[0], 1e-9)
	require.InDelta(t, (1.5625+0.03)*144*95000/800000, in.HashpriceUSDPerPHDay[100], 1e-9, "after the halving the subsidy halves")
}

// TestEveryCaseOnDiskLoadsAndValidates decodes, loads and diagnoses every
// case directory under cases/ (us-miners included): each is valid and
// feasible as far as the pre-checks can tell.
func TestEveryCaseOnDiskLoadsAndValidates(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "*", "case.toml"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(paths), 3)
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(filepath.Dir(p)))
		in, err := loader.Load(context.Background(), p, loader.Options{})
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
	paths, err := filepath.Glob(filepath.Join("..", "*", "scenarios.toml"))
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
