package loader_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/internal/shareddata"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestRealERCOTMonth replays July 2024 of the real ERCOT hub prices (the
// published layout: a UTC column, a local-time column, hub columns and an
// interval count) through the loader and the model, with one site settling
// on day-ahead prices. It needs the real-data folder named by GRIDFLIP_SHARED_DATA, which is
// not shipped.
func TestRealERCOTMonth(t *testing.T) {
	data := shareddata.Dir(t)
	dir := filepath.Join(data, "ercot-hubs-2023-2024")
	rt := filepath.Join(dir, "ercot_rtm_spp_hourly_mean_hubs_2023_2024.csv")
	da := filepath.Join(dir, "ercot_dam_spp_hourly_hubs_2023_2024.csv")
	toml := fmt.Sprintf(`
name = "ERCOT July 2024, real prices"
[grid]
prices = %q
day_ahead_prices = %q
start = "2024-07-01T05:00:00Z"
hours = 744
[market]
hashprice_usd_per_ph_day = 50.0
ai_lease_usd_per_kw_month = 140.0
[finance]
discount_rate = 0.07125
life_years = 15
[[sites]]
id = "west"
region = "ERCOT"
node = "HB_WEST"
interconnect_mw = 300
  [sites.mining]
  capacity_it_mw = 280
  efficiency_j_per_th = 20.0
  pue = 1.05
  [[sites.conversion]]
  id = "hall"
  it_mw = 100
  cooling = "liquid"
  pue = 1.12
  capex_usd_per_mw = 10.0e6
  displaces_mining_it_mw = 107
[[sites]]
id = "north-da"
region = "ERCOT"
node = "HB_NORTH"
settlement = "day_ahead"
interconnect_mw = 100
  [sites.mining]
  capacity_it_mw = 90
  efficiency_j_per_th = 20.0
  pue = 1.1
`, rt, da)
	path := filepath.Join(t.TempDir(), "case.toml")
	require.NoError(t, os.WriteFile(path, []byte(toml), 0o644))
	in, err := loader.Load(context.Background(), path, loader.Options{})
	require.NoError(t, err)
	require.Equal(t, 744, in.T())
	require.Equal(t, time.Date(2024, 7, 1, 5, 0, 0, 0, time.UTC), in.Hours[0])
	require.NotEqual(t, in.SitePriceUSDPerMWh[0], in.SitePriceUSDPerMWh[1], "different hubs and markets")

	h := solvertest.HiGHS(t)
	plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{})
	require.NoError(t, err)
	require.Equal(t, 744, plan.Hours)
	for _, s := range plan.Sites {
		require.Greater(t, s.MiningMWh, 0.0, "miners ran in July 2024")
		require.Less(t, s.CurtailedHours, 744, "and did not curtail every hour")
	}
}

func TestSubHourlyPricesAreAveraged(t *testing.T) {
	var b strings.Builder
	b.WriteString("interval_start_utc,local,HB_WEST,HB_NORTH,count\n")
	start := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	for i := range 168 * 4 {
		ts := start.Add(time.Duration(i) * 15 * time.Minute)
		fmt.Fprintf(&b, "%s,%s,%d,30,4\n", ts.Format(time.RFC3339), ts.Add(-5*time.Hour).Format("2006-01-02 15:04"), 10*(i%4))
	}
	path := writeFiles(t, map[string]string{"case.toml": smallTOML(t), "prices.csv": b.String()})
	in, err := loader.Load(context.Background(), path, loader.Options{})
	require.NoError(t, err)
	require.Equal(t, 168, in.T())
	require.InDelta(t, 15, in.SitePriceUSDPerMWh[0][0], 1e-12, "mean of 0, 10, 20, 30")
	require.Equal(t, 30.0, in.SitePriceUSDPerMWh[1][5])
	require.Len(t, in.Notes, 1)
	require.Contains(t, in.Notes[0], "15m0s rows averaged to hours")
}

func TestGridSideInputsLoad(t *testing.T) {
	prices := smallPrices(t)
	var reserves, temps, load strings.Builder
	reserves.WriteString("timestamp,HB_WEST,ERCOT\n")
	temps.WriteString("timestamp,HB_WEST,beta\n")
	load.WriteString("timestamp,system_mw\n")
	start := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	for i := range 168 {
		ts := start.Add(time.Duration(i) * time.Hour).Format(time.RFC3339)
		fmt.Fprintf(&reserves, "%s,%d,%d\n", ts, i%7, 2*(i%5))
		fmt.Fprintf(&temps, "%s,%d,%d\n", ts, 20+i%15, 25)
		fmt.Fprintf(&load, "%s,%d\n", ts, 50000+(i*37)%1000)
	}
	toml := strings.Replace(smallTOML(t), `prices = "prices.csv"`, `prices = "prices.csv"
reserve_prices = "reserves.csv"
temperatures = "temps.csv"
[grid.coincident_peak]
rate_usd_per_mw_year = 60000
system_load = "load.csv"
months = [7]`, 1)
	path := writeFiles(t, map[string]string{"case.toml": toml, "prices.csv": prices, "reserves.csv": reserves.String(),
		"temps.csv": temps.String(), "load.csv": load.String()})
	in, err := loader.Load(context.Background(), path, loader.Options{})
	require.NoError(t, err)
	require.Equal(t, 3.0, in.SiteReservePriceUSDPerMWh[0][3], "alpha is at HB_WEST")
	require.Equal(t, 6.0, in.SiteReservePriceUSDPerMWh[1][3], "beta falls back to its region")
	require.Equal(t, 23.0, in.SiteTemperatureC[0][3])
	require.Equal(t, 25.0, in.SiteTemperatureC[1][3], "beta by site id")
	// July's peak hour of the system load: the largest (i*37)%1000.
	best := 0
	for i := range 168 {
		if (i*37)%1000 > (best*37)%1000 {
			best = i
		}
	}
	require.Equal(t, []int{best}, in.CoincidentPeakHours)
	require.Equal(t, 60000.0, in.CoincidentPeakRateUSDPerMWYear)

	// Explicit intervals outside the horizon are an error naming the key.
	bad := strings.Replace(toml, "system_load = \"load.csv\"\nmonths = [7]", `intervals = ["2025-07-01T20:00:00Z"]`, 1)
	path = writeFiles(t, map[string]string{"case.toml": bad, "prices.csv": prices, "reserves.csv": reserves.String(), "temps.csv": temps.String()})
	_, err = loader.Load(context.Background(), path, loader.Options{})
	require.ErrorContains(t, err, "interval 2025-07-01T20:00:00Z is not a model hour")
	require.ErrorContains(t, err, "case.toml:")
}

func TestWindowErrors(t *testing.T) {
	for _, tc := range []struct{ grid, want string }{
		{`start = "2024-06-01T00:00:00Z"`, "start 2024-06-01T00:00:00Z is not an hour of"},
		{"hours = 500", "hours = 500 from 2024-07-01T00:00:00Z runs past the end"},
	} {
		toml := strings.Replace(smallTOML(t), `prices = "prices.csv"`, `prices = "prices.csv"`+"\n"+tc.grid, 1)
		_, err := loader.Load(context.Background(), writeFiles(t, map[string]string{"case.toml": toml, "prices.csv": smallPrices(t)}), loader.Options{})
		require.ErrorContains(t, err, tc.want)
	}
	toml := strings.Replace(smallTOML(t), `prices = "prices.csv"`, "prices = \"prices.csv\"\nhours = 24", 1)
	in, err := loader.Load(context.Background(), writeFiles(t, map[string]string{"case.toml": toml, "prices.csv": smallPrices(t)}), loader.Options{})
	require.NoError(t, err)
	require.Equal(t, 24, in.T())
}

// TestCoincidentPeakMonthsAreLocal: the run starts 2024-07-01 00:00 UTC,
// 19:00 on 30 June in Central time (CDT, UTC−5), where the ERCOT sites'
// months are. The system load's highest hour, 02:00 UTC on 1 July, is
// June's peak locally, not July's; a UTC calendar would find no June hour.
func TestCoincidentPeakMonthsAreLocal(t *testing.T) {
	var load strings.Builder
	load.WriteString("timestamp,system_mw\n")
	start := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	for i := range 168 {
		mw := 50000 + i
		if i == 2 {
			mw = 90000
		}
		fmt.Fprintf(&load, "%s,%d\n", start.Add(time.Duration(i)*time.Hour).Format(time.RFC3339), mw)
	}
	for _, tc := range []struct {
		months string
		want   []int
	}{
		{"[7]", []int{167}},
		{"[6]", []int{2}},
		{"[6, 7]", []int{2, 167}},
	} {
		t.Run(tc.months, func(t *testing.T) {
			toml := strings.Replace(smallTOML(t), `prices = "prices.csv"`, `prices = "prices.csv"
[grid.coincident_peak]
rate_usd_per_mw_year = 60000
system_load = "load.csv"
months = `+tc.months, 1)
			path := writeFiles(t, map[string]string{"case.toml": toml, "prices.csv": smallPrices(t), "load.csv": load.String()})
			in, err := loader.Load(context.Background(), path, loader.Options{})
			require.NoError(t, err)
			require.Equal(t, tc.want, in.CoincidentPeakHours)
			require.Empty(t, in.Notes, "every site is in Central time")

			// A second site in Eastern time: the months stay the first
			// site's, and a note says so.
			mixed := strings.Replace(toml, "id = \"beta\"\nregion = \"ERCOT\"", "id = \"beta\"\nregion = \"PJM\"", 1)
			require.NotEqual(t, toml, mixed)
			path = writeFiles(t, map[string]string{"case.toml": mixed, "prices.csv": smallPrices(t), "load.csv": load.String()})
			in, err = loader.Load(context.Background(), path, loader.Options{})
			require.NoError(t, err)
			require.Equal(t, tc.want, in.CoincidentPeakHours)
			require.Len(t, in.Notes, 1)
			require.Contains(t, in.Notes[0], "local months of America/Chicago, the first site's")
		})
	}
}

// TestUnknownRegionIsUTCWithANote: a region gridflip does not place runs
// its calendar in UTC, and the plan's notes say so; time_zone places it.
func TestUnknownRegionIsUTCWithANote(t *testing.T) {
	toml := strings.Replace(smallTOML(t), "id = \"beta\"\nregion = \"ERCOT\"", "id = \"beta\"\nregion = \"Atlantis\"", 1)
	require.NotEqual(t, smallTOML(t), toml)
	in, err := loader.Load(context.Background(), writeFiles(t, map[string]string{"case.toml": toml, "prices.csv": smallPrices(t)}), loader.Options{})
	require.NoError(t, err)
	require.Equal(t, []string{`site "beta": region "Atlantis" has no known market time zone; its contract months and local calendar are UTC (set time_zone to its market's IANA zone)`}, in.Notes)
	require.Equal(t, "UTC", in.Case.Sites[1].Zone())

	toml = strings.Replace(toml, "region = \"Atlantis\"", "region = \"Atlantis\"\ntime_zone = \"Atlantic/Azores\"", 1)
	in, err = loader.Load(context.Background(), writeFiles(t, map[string]string{"case.toml": toml, "prices.csv": smallPrices(t)}), loader.Options{})
	require.NoError(t, err)
	require.Empty(t, in.Notes)
	require.Equal(t, "Atlantic/Azores", in.Case.Sites[1].Zone())
}
