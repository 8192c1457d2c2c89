package sites

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestGridSideKeysDecode(t *testing.T) {
	text := caseText(map[int]string{
		3:  "prices = \"rt.csv\"\nday_ahead_prices = \"da.csv\"\nreserve_prices = \"res.csv\"\ntemperatures = \"t.csv\"\nstart = 2024-07-01T05:00:00Z\nhours = 744",
		16: "settlement = \"day_ahead\"\nreserve_max_mw = 80\ntemperature = \"DFW\"",
		21: "pue_temp_slope_per_c = 0.003\npue_temp_reference_c = 25\nderate_above_c = 38\nderate_per_c = 0.02",
		32: "pue_temp_slope_per_c = 0.001",
	},
		"[[sites.contract]]", `id = "hedge"`, "mw = 200", "price_usd_per_mwh = 38.5", "start = 2024-01-01", `end = "2025-01-01"`,
		"[grid.coincident_peak]", "rate_usd_per_mw_year = 55000", `intervals = ["2024-06-20T21:00:00Z", "2024-07-15T22:00:00Z"]`,
		"[[gap]]", `id = "mine"`, `source = "our estimate"`, "gap_gw = 30",
		"[impact]", "network_hashrate_eh_s = 900", "us_hashrate_share = 0.4", "stress_hours = 50",
	)
	c, err := Decode([]byte(text), "case.toml")
	require.NoError(t, err)
	g := c.Grid
	require.Equal(t, "da.csv", g.DayAheadPrices)
	require.Equal(t, "res.csv", g.ReservePrices)
	require.Equal(t, "t.csv", g.Temperatures)
	require.Equal(t, time.Date(2024, 7, 1, 5, 0, 0, 0, time.UTC), g.Start)
	require.Equal(t, 744, g.Hours)
	require.Equal(t, 55000.0, g.CoincidentPeak.RateUSDPerMWYear)
	require.Len(t, g.CoincidentPeak.Intervals, 2)
	require.Equal(t, ImpactSpec{NetworkHashrateEHs: 900, USHashrateShare: 0.4, StressHours: 50}, c.Impact)
	require.Equal(t, []GapReference{{ID: "mine", Source: "our estimate", GapGW: 30}}, c.Gap)
	s := c.Sites[0]
	require.Equal(t, SettlementDayAhead, s.Settlement)
	require.Equal(t, 80.0, *s.ReserveMaxMW)
	require.Equal(t, "DFW", s.Temperature)
	require.Equal(t, TempCurve{SlopePerC: 0.003, ReferenceC: 25}, s.Mining.PUETemp)
	require.Equal(t, 38.0, s.Mining.DerateAboveC)
	require.Equal(t, 0.02, s.Mining.DeratePerC)
	require.Equal(t, TempCurve{SlopePerC: 0.001, ReferenceC: 20}, s.Halls[0].PUETemp)
	// An ERCOT site's contract dates are midnight Central time (CST, UTC−6).
	require.Equal(t, []Contract{{ID: "hedge", MW: 200, PriceUSDPerMWh: 38.5,
		Start: time.Date(2024, 1, 1, 6, 0, 0, 0, time.UTC), End: time.Date(2025, 1, 1, 6, 0, 0, 0, time.UTC)}}, s.Contracts)
	require.InDelta(t, 1.05+0.003*10, s.Mining.PUETemp.PUEAt(1.05, 35), 1e-12)
	require.Equal(t, 1.05, s.Mining.PUETemp.PUEAt(1.05, 10))
}

func TestGridSideKeysRejectBadValues(t *testing.T) {
	tests := []struct {
		name  string
		edits map[int]string
		extra []string
		want  []string
	}{
		{"unknown settlement", map[int]string{16: `settlement = "hourly"`}, nil,
			[]string{"case.toml:16:", `site "rockdale"`, `settlement = "hourly": must be "real_time" or "day_ahead"`}},
		{"naive start", map[int]string{3: "prices = \"p.csv\"\nstart = \"2024-07-01 05:00\""}, nil,
			[]string{"case.toml:4:", "grid.start", "timestamp with a zone"}},
		{"negative reserve cap", map[int]string{16: "reserve_max_mw = -1"}, nil,
			[]string{"case.toml:16:", "reserve_max_mw = -1: must be between 0 and 1000000"}},
		{"derate above 1", map[int]string{21: "derate_per_c = 2"}, nil,
			[]string{"case.toml:21:", "mining.derate_per_c = 2: must be between 0 and 1"}},
		{"contract ends before it starts", nil,
			[]string{"[[sites.contract]]", `id = "k"`, "mw = 10", "price_usd_per_mwh = 30", "start = 2024-02-01", "end = 2024-01-01"},
			[]string{"case.toml:38:", `site "rockdale"`, "contract.end = 2024-01-01: must be after start"}},
		{"contract without mw", nil,
			[]string{"[[sites.contract]]", `id = "k"`, "price_usd_per_mwh = 30", "start = 2024-02-01", "end = 2024-03-01"},
			[]string{"case.toml:33:", `missing required key "contract.mw"`}},
		{"coincident peak with both sources", nil,
			[]string{"[grid.coincident_peak]", "rate_usd_per_mw_year = 5e4", `intervals = ["2024-07-01T20:00:00Z"]`, `system_load = "l.csv"`},
			[]string{"case.toml:36:", "either intervals or system_load"}},
		{"coincident peak month 13", nil,
			[]string{"[grid.coincident_peak]", "rate_usd_per_mw_year = 5e4", `system_load = "l.csv"`, "months = [6, 13]"},
			[]string{"case.toml:36:", "every month must be an integer from 1 to 12"}},
		{"US share above 1", nil, []string{"[impact]", "us_hashrate_share = 1.5"},
			[]string{"case.toml:34:", "impact.us_hashrate_share = 1.5"}},
		{"gap without size", nil, []string{"[[gap]]", `id = "x"`, `source = "s"`},
			[]string{"case.toml:33:", `missing required key "gap.gap_gw"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(caseText(tc.edits, tc.extra...)), "case.toml")
			require.Error(t, err)
			for _, w := range tc.want {
				require.Contains(t, err.Error(), w)
			}
		})
	}
}
