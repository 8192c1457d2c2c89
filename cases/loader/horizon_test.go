package loader_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/market"
)

// hourlyYears writes an hourly CSV over calendar years from..to with
// columns named cols; value(t, c) gives each cell.
func hourlyYears(from, to int, cols []string, value func(t time.Time, c int) float64) string {
	var b strings.Builder
	b.WriteString("timestamp," + strings.Join(cols, ",") + "\n")
	end := time.Date(to+1, 1, 1, 0, 0, 0, 0, time.UTC)
	for t := time.Date(from, 1, 1, 0, 0, 0, 0, time.UTC); t.Before(end); t = t.Add(time.Hour) {
		b.WriteString(t.Format(time.RFC3339))
		for c := range cols {
			fmt.Fprintf(&b, ",%g", value(t, c))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// priceOf is a price that identifies its hour: month·1000 + day·10 + hour/10.
func priceOf(t time.Time, c int) float64 {
	return float64(int(t.Month())*1000+t.Day()*10) + float64(t.Hour())/10 + float64(c)
}

// horizonTOML is the small case with a horizon.
func horizonTOML(t *testing.T, horizon string) string {
	return strings.Replace(smallTOML(t), "[market]", horizon+"\n\n[market]", 1)
}

func TestHorizonCoveredByThePriceFile(t *testing.T) {
	prices := hourlyYears(2026, 2027, []string{"HB_WEST", "HB_NORTH"}, priceOf)
	path := writeFiles(t, map[string]string{"case.toml": horizonTOML(t, "[horizon]\nstart_year = 2026\nyears = 2"), "prices.csv": prices})
	in, err := loader.Load(context.Background(), path, loader.Options{})
	require.NoError(t, err)
	require.Len(t, in.Years, 2)
	require.Equal(t, 8760+8760, in.T())
	y := in.Years[1]
	require.Equal(t, 2027, y.Year)
	require.Len(t, y.Hours, 8760)
	require.Equal(t, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), y.Hours[0])
	require.Equal(t, priceOf(y.Hours[5000], 1), y.SitePriceUSDPerMWh[1][5000], "each year is the file's own hours, not escalated")
	// Hashprice from fundamentals: the 2028 halving is outside; no growth given.
	want := (3.125 + 0.03) * 144 * 95000 / (800 * 1000)
	require.InDelta(t, want, y.HashpriceUSDPerPHDay[100], 1e-9)
	require.Equal(t, &in.HashpriceUSDPerPHDay[8760], &y.HashpriceUSDPerPHDay[0], "the years share the horizon's hashprice")
}

func TestHorizonRepeatsOneYear(t *testing.T) {
	for _, source := range []int{2023, 2024} { // a plain and a leap source year
		t.Run(fmt.Sprint(source), func(t *testing.T) {
			prices := hourlyYears(source, source, []string{"HB_WEST", "HB_NORTH"}, priceOf)
			toml := horizonTOML(t, "[horizon]\nstart_year = 2026\nyears = 3\nprice_escalation_per_year = 0.02")
			path := writeFiles(t, map[string]string{"case.toml": toml, "prices.csv": prices})
			in, err := loader.Load(context.Background(), path, loader.Options{})
			require.NoError(t, err)
			require.Len(t, in.Years, 3)
			require.Len(t, in.Years[2].Hours, 8784, "2028 is a leap year")
			for k, y := range in.Years {
				scale := math.Pow(1.02, float64(k))
				for _, i := range []int{0, 1000, 1416, 1417, 5000, len(y.Hours) - 1} {
					h := y.Hours[i]
					day := h.Day()
					if h.Month() == time.February && day == 29 && source == 2023 {
						day = 28 // Feb 29 of a leap target copies Feb 28 of a plain source
					}
					src := time.Date(source, h.Month(), day, h.Hour(), 0, 0, 0, time.UTC)
					require.InDelta(t, priceOf(src, 0)*scale, y.SitePriceUSDPerMWh[0][i], 1e-9, "%s from %s", h, src)
				}
			}
			require.Contains(t, strings.Join(in.Notes, "\n"), fmt.Sprintf("%d repeats over 2026-2028", source))
		})
	}
}

func TestHorizonGridSideUsesTheSameMap(t *testing.T) {
	prices := hourlyYears(2024, 2024, []string{"HB_WEST", "HB_NORTH"}, priceOf)
	temps := hourlyYears(2024, 2024, []string{"ERCOT"}, func(t time.Time, _ int) float64 { return float64(t.Hour()) + float64(t.Day())/100 })
	reserves := hourlyYears(2024, 2024, []string{"ERCOT"}, func(t time.Time, _ int) float64 { return float64(t.Month()) })
	load := hourlyYears(2024, 2024, []string{"system_mw"}, func(t time.Time, _ int) float64 {
		if t.Equal(time.Date(2024, 8, 20, 21, 0, 0, 0, time.UTC)) {
			return 90000
		}
		return 50000
	})
	toml := strings.Replace(horizonTOML(t, "[horizon]\nstart_year = 2026\nyears = 2\nprice_escalation_per_year = 0.05"),
		`prices = "prices.csv"`, `prices = "prices.csv"
reserve_prices = "reserves.csv"
temperatures = "temps.csv"
[grid.coincident_peak]
rate_usd_per_mw_year = 60000
system_load = "load.csv"
months = [8]`, 1)
	path := writeFiles(t, map[string]string{"case.toml": toml, "prices.csv": prices, "temps.csv": temps, "reserves.csv": reserves, "load.csv": load})
	in, err := loader.Load(context.Background(), path, loader.Options{})
	require.NoError(t, err)
	for _, y := range in.Years {
		i := 5000
		h := y.Hours[i]
		require.Equal(t, float64(h.Hour())+float64(h.Day())/100, y.SiteTemperatureC[0][i], "temperatures map by month, day and hour")
		require.Equal(t, float64(h.Month()), y.SiteReservePriceUSDPerMWh[0][i], "reserve prices are not escalated")
		require.Len(t, y.CoincidentPeakHours, 1)
		require.Equal(t, time.Date(y.Year, 8, 20, 21, 0, 0, 0, time.UTC), y.Hours[y.CoincidentPeakHours[0]], "the peak hour repeats every year")
	}
}

func TestHorizonHashpriceFromFundamentals(t *testing.T) {
	prices := hourlyYears(2024, 2024, []string{"HB_WEST", "HB_NORTH"}, priceOf)
	toml := strings.Replace(horizonTOML(t, "[horizon]\nstart_year = 2026\nyears = 5\nprice_escalation_per_year = 0"),
		"fees_btc_per_block = 0.03", "fees_btc_per_block = 0.03\nbtc_price_growth_per_year = 0.10\nnetwork_hashrate_growth_per_year = 0.20", 1)
	path := writeFiles(t, map[string]string{"case.toml": toml, "prices.csv": prices})
	in, err := loader.Load(context.Background(), path, loader.Options{})
	require.NoError(t, err)
	at := func(y int, m time.Month, d int) (time.Time, float64) {
		k := y - 2026
		h := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
		for i, hour := range in.Years[k].Hours {
			if hour.Equal(h) {
				return h, in.Years[k].HashpriceUSDPerPHDay[i]
			}
		}
		t.Fatalf("no hour %s", h)
		return h, 0
	}
	for _, tc := range []struct {
		y        int
		m        time.Month
		d        int
		subsidy  float64
		yearsOut int
	}{
		{2026, 3, 1, 3.125, 0},
		{2028, 4, 14, 3.125, 2},
		{2028, 4, 16, 1.5625, 2},
		{2030, 12, 31, 1.5625, 4},
	} {
		_, got := at(tc.y, tc.m, tc.d)
		btc := 95000 * math.Pow(1.1, float64(tc.yearsOut))
		hashrate := 800 * math.Pow(1.2, float64(tc.yearsOut))
		require.InDelta(t, (tc.subsidy+0.03)*144*btc/(hashrate*1000), got, 1e-9, "%d-%02d-%02d", tc.y, tc.m, tc.d)
	}

	// A yearly BTC price path instead of growth.
	btc := "date,btc_price_usd\n2026-01-01,100000\n2027-01-01,80000\n2028-01-01,150000\n2029-01-01,150000\n2030-01-01,200000\n"
	yearly := strings.Replace(horizonTOML(t, "[horizon]\nstart_year = 2026\nyears = 5\nprice_escalation_per_year = 0"),
		"btc_price_usd = 95000.0", `btc_price = "btc.csv"`, 1)
	path = writeFiles(t, map[string]string{"case.toml": yearly, "prices.csv": prices, "btc.csv": btc})
	in, err = loader.Load(context.Background(), path, loader.Options{})
	require.NoError(t, err)
	h, got := at(2027, 6, 1)
	f := market.Fundamentals{BTCPriceUSD: 80000, NetworkHashrateEHs: 800, FeesBTCPerBlock: 0.03}
	require.InDelta(t, f.HashpriceUSDPerPHDay(h), got, 1e-9)
}

func TestHorizonBadInput(t *testing.T) {
	oneYear := hourlyYears(2024, 2024, []string{"HB_WEST", "HB_NORTH"}, priceOf)
	tests := []struct {
		name, horizon, prices, line, want string
	}{
		{"not covered, no escalation", "[horizon]\nstart_year = 2026\nyears = 3", oneYear,
			"case.toml:10: ",
			"prices.csv covers 2024-01-01T00:00:00Z to 2024-12-31T23:00:00Z, not every hour of the horizon 2026-2028; give grid.prices for 1 January 2026 to 31 December 2028, or set price_escalation_per_year to repeat the file's last full calendar year over the horizon"},
		{"no full year to repeat", "[horizon]\nstart_year = 2026\nyears = 3\nprice_escalation_per_year = 0.02", smallPrices(t),
			"case.toml:8: ",
			"prices.csv covers 2024-07-01T00:00:00Z to 2024-07-07T23:00:00Z: no full calendar year (1 January 00:00 to 31 December 23:00 UTC) to repeat over the horizon"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFiles(t, map[string]string{"case.toml": horizonTOML(t, tc.horizon), "prices.csv": tc.prices})
			_, err := loader.Load(context.Background(), path, loader.Options{})
			require.ErrorContains(t, err, tc.line, "the [horizon] table or the grid.prices key")
			require.ErrorContains(t, err, tc.want)
		})
	}
}
