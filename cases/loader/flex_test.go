package loader_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/loader"
)

// flexTOML is the small case with a curtailable hall at alpha and the
// given [grid.stress_hours] table.
func flexTOML(t *testing.T, stress string) string {
	toml := smallTOML(t)
	toml = strings.Replace(toml, "  displaces_mining_it_mw = 44\n", "  displaces_mining_it_mw = 44\n  ai_flexibility = \"curtailable\"\n  max_curtailed_share = 0.02\n", 1)
	toml = strings.Replace(toml, "prices = \"prices.csv\"\n", "prices = \"prices.csv\"\n"+stress, 1)
	return toml
}

func TestStressHoursLoading(t *testing.T) {
	// The listed hours, in model order.
	path := writeFiles(t, map[string]string{"prices.csv": smallPrices(t),
		"case.toml": flexTOML(t, "[grid.stress_hours]\nintervals = [\"2024-07-01T20:00:00Z\", \"2024-07-01T05:00:00Z\"]\n")})
	in, err := loader.Load(context.Background(), path, loader.Options{})
	require.NoError(t, err)
	require.Equal(t, []int{5, 20}, in.StressHours)

	// The highest hours of a system load: 2% of 168 hours = 3 (floor).
	var load strings.Builder
	load.WriteString("timestamp,load_mw\n")
	start := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	for h := range 168 {
		v := 1000 + h%24
		if h == 40 || h == 90 || h == 130 || h == 150 {
			v = 5000 + h
		}
		fmt.Fprintf(&load, "%s,%d\n", start.Add(time.Duration(h)*time.Hour).Format(time.RFC3339), v)
	}
	path = writeFiles(t, map[string]string{"prices.csv": smallPrices(t), "load.csv": load.String(),
		"case.toml": flexTOML(t, "[grid.stress_hours]\nsystem_load = \"load.csv\"\n")})
	in, err = loader.Load(context.Background(), path, loader.Options{})
	require.NoError(t, err)
	require.Equal(t, []int{90, 130, 150}, in.StressHours, "the three highest of 168 hours at a 2% share")
}

// TestStressHoursBadInput: stress hours outside the horizon, and more
// stress hours than a curtailable hall's share allows, are file:line
// errors naming the key.
func TestStressHoursBadInput(t *testing.T) {
	for _, tc := range []struct{ name, stress, want string }{
		{"outside the horizon", "[grid.stress_hours]\nintervals = [\"2025-07-01T20:00:00Z\"]\n",
			"case.toml:10: intervals: stress hour 2025-07-01T20:00:00Z is not a model hour (2024-07-01T00:00:00Z to 2024-07-07T23:00:00Z)"},
		{"more hours than the share", "[grid.stress_hours]\nintervals = [\"2024-07-01T01:00:00Z\", \"2024-07-01T02:00:00Z\", \"2024-07-01T03:00:00Z\", \"2024-07-01T04:00:00Z\"]\n",
			"max_curtailed_share = 0.02: the hall would curtail 2.38% of its energy in the 4 stress hours"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFiles(t, map[string]string{"prices.csv": smallPrices(t), "case.toml": flexTOML(t, tc.stress)})
			_, err := loader.Load(context.Background(), path, loader.Options{})
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
			require.Contains(t, err.Error(), "case.toml:")
		})
	}
}

// TestCurtailableHallNeedsAStressHour: a curtailable hall whose share gives
// no stress hour (⌊share × hours⌋ = 0, or a share of 0) would use non-firm
// capacity and never yield; it is refused, naming the key and the fix.
func TestCurtailableHallNeedsAStressHour(t *testing.T) {
	for _, share := range []string{"0.005", "0"} {
		t.Run(share, func(t *testing.T) {
			toml := strings.Replace(flexTOML(t, ""), "max_curtailed_share = 0.02", "max_curtailed_share = "+share, 1)
			path := writeFiles(t, map[string]string{"prices.csv": smallPrices(t), "case.toml": toml})
			_, err := loader.Load(context.Background(), path, loader.Options{})
			require.Error(t, err)
			require.Contains(t, err.Error(), "max_curtailed_share = "+share+": a curtailable hall has no stress hour in the modelled hours (168 hours)")
			require.Contains(t, err.Error(), "max_curtailed_share ≥ 0.00595")
			require.Contains(t, err.Error(), "case.toml:")
		})
	}
}

// TestStressHoursOverARepeatedYear: with a one-year price file repeated
// over a horizon, listed stress hours are hours of that year (as
// coincident-peak intervals are) and apply to every modelled year; an
// hour of a modelled year is refused with that explanation.
func TestStressHoursOverARepeatedYear(t *testing.T) {
	prices := hourlyYears(2024, 2024, []string{"HB_WEST", "HB_NORTH"}, priceOf)
	withHorizon := func(stress string) string {
		return strings.Replace(flexTOML(t, stress), "[market]", "[horizon]\nstart_year = 2026\nyears = 2\nprice_escalation_per_year = 0\n\n[market]", 1)
	}
	path := writeFiles(t, map[string]string{"prices.csv": prices,
		"case.toml": withHorizon("[grid.stress_hours]\nintervals = [\"2024-07-01T20:00:00Z\"]\n")})
	in, err := loader.Load(context.Background(), path, loader.Options{})
	require.NoError(t, err)
	for _, y := range in.Years {
		require.Len(t, y.StressHours, 1)
		h := y.Hours[y.StressHours[0]]
		require.Equal(t, time.Date(y.Year, 7, 1, 20, 0, 0, 0, time.UTC), h, "the hour repeats in %d", y.Year)
	}
	path = writeFiles(t, map[string]string{"prices.csv": prices,
		"case.toml": withHorizon("[grid.stress_hours]\nintervals = [\"2027-07-01T20:00:00Z\"]\n")})
	_, err = loader.Load(context.Background(), path, loader.Options{})
	require.ErrorContains(t, err, "stress hour 2027-07-01T20:00:00Z is not an hour of the price file's year, which repeats over the horizon")
}

// TestPOIRatioAgainstTheHottestHour: a hall's POI ratio is checked
// against its highest hourly PUE from its temperature curve, not just its
// base PUE: 1.20 covers the base 1.15 but not 1.15 + 0.01 × (40 − 25) =
// 1.30 at the hottest hour of the temperatures file; 1.30 does.
func TestPOIRatioAgainstTheHottestHour(t *testing.T) {
	var temps strings.Builder
	temps.WriteString("timestamp,HB_WEST,beta\n")
	start := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	for i := range 168 {
		c := 20 + i%15 // 20..34 °C
		if i == 100 {
			c = 40
		}
		fmt.Fprintf(&temps, "%s,%d,25\n", start.Add(time.Duration(i)*time.Hour).Format(time.RFC3339), c)
	}
	caseWith := func(ratio string) string {
		toml := strings.Replace(smallTOML(t), `prices = "prices.csv"`, "prices = \"prices.csv\"\ntemperatures = \"temps.csv\"", 1)
		return strings.Replace(toml, "  displaces_mining_it_mw = 44\n",
			"  displaces_mining_it_mw = 44\n  pue_temp_slope_per_c = 0.01\n  pue_temp_reference_c = 25\n  poi_mw_per_it_mw = "+ratio+"\n", 1)
	}
	path := writeFiles(t, map[string]string{"prices.csv": smallPrices(t), "temps.csv": temps.String(), "case.toml": caseWith("1.20")})
	_, err := loader.Load(context.Background(), path, loader.Options{})
	require.Error(t, err)
	require.Contains(t, err.Error(), "poi_mw_per_it_mw = 1.2: below the hall's highest hourly PUE, 1.3 at 40.0 °C")
	require.Contains(t, err.Error(), "case.toml:")
	require.Contains(t, err.Error(), `"a1"`)

	path = writeFiles(t, map[string]string{"prices.csv": smallPrices(t), "temps.csv": temps.String(), "case.toml": caseWith("1.30")})
	_, err = loader.Load(context.Background(), path, loader.Options{})
	require.NoError(t, err)
}

// TestStressHourNotOnTheHour: a listed stress hour (or coincident-peak
// interval) inside the model's hours but not on the hour gets one clear
// message, not "not a model hour (from … to …)" with itself in the range.
func TestStressHourNotOnTheHour(t *testing.T) {
	for _, tc := range []struct{ name, table, want string }{
		{"stress hour", "[grid.stress_hours]\nintervals = [\"2024-07-01T20:00:00Z\", \"2024-07-02T05:30:00Z\"]\n",
			"case.toml:10: grid.stress_hours.intervals = [\"2024-07-01T20:00:00Z\", \"2024-07-02T05:30:00Z\"]: 2024-07-02T05:30:00Z is not on the hour"},
		{"offset", "[grid.stress_hours]\nintervals = [\"2024-07-02T05:00:00+05:30\"]\n",
			"2024-07-01T23:30:00Z is not on the hour"},
		{"coincident peak", "[grid.coincident_peak]\nrate_usd_per_mw_year = 1000\nintervals = [\"2024-07-02T05:15:00Z\"]\n",
			"2024-07-02T05:15:00Z is not on the hour"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFiles(t, map[string]string{"prices.csv": smallPrices(t), "case.toml": flexTOML(t, tc.table)})
			_, err := loader.Load(context.Background(), path, loader.Options{})
			require.ErrorContains(t, err, tc.want)
			require.NotContains(t, err.Error(), "not a model hour")
		})
	}
}
