package market

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestSubsidyBTC(t *testing.T) {
	h28 := DefaultHalving2028()
	custom := time.Date(2028, 3, 30, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		t       time.Time
		halving time.Time
		want    float64
	}{
		{"2012", day(2012, 1, 1), h28, 50},
		{"2016 before July", day(2016, 7, 8), h28, 25},
		{"2020 before May halving", day(2020, 5, 10), h28, 12.5},
		{"2020 after May halving", day(2020, 5, 11), h28, 6.25},
		{"last hour before 2024 halving", time.Date(2024, 4, 19, 23, 0, 0, 0, time.UTC), h28, 6.25},
		{"2024 halving day", day(2024, 4, 20), h28, 3.125},
		{"2026", day(2026, 1, 1), h28, 3.125},
		{"one second before default 2028 halving", h28.Add(-time.Second), h28, 3.125},
		{"at default 2028 halving", h28, h28, 1.5625},
		{"no halvings means the defaults", h28, time.Time{}, 1.5625},
		{"custom halving: before", custom.Add(-time.Hour), custom, 3.125},
		{"custom halving: at", custom, custom, 1.5625},
		{"custom halving: default date is after it", h28, custom, 1.5625},
		{"2031", day(2031, 6, 1), h28, 1.5625},
		{"about 2032 halving", h28.Add(halvingInterval), h28, 0.78125},
		{"offset time zones are instants", time.Date(2024, 4, 19, 19, 0, 0, 0, time.FixedZone("CDT", -5*3600)), h28, 3.125},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var halvings []time.Time
			if !tc.halving.IsZero() {
				halvings = []time.Time{tc.halving}
			}
			require.Equal(t, tc.want, SubsidyBTC(tc.t, halvings))
		})
	}
	// A list: each date halves, and every 210,000 blocks after the last.
	list := []time.Time{day(2028, 4, 10), day(2032, 5, 1)}
	require.Equal(t, 3.125, SubsidyBTC(day(2028, 4, 9), list))
	require.Equal(t, 1.5625, SubsidyBTC(day(2032, 4, 30), list))
	require.Equal(t, 0.78125, SubsidyBTC(day(2032, 5, 1), list))
	require.Equal(t, 0.390625, SubsidyBTC(day(2032, 5, 1).Add(halvingInterval), list))
	require.Equal(t, []time.Time{h28, time.Date(2032, 4, 12, 0, 0, 0, 0, time.UTC)}, DefaultHalvings())
}

func TestDefaultHalving2028(t *testing.T) {
	require.Equal(t, time.Date(2028, 4, 15, 0, 0, 0, 0, time.UTC), DefaultHalving2028())
}

func TestHashprice(t *testing.T) {
	f := Fundamentals{BTCPriceUSD: 100000, NetworkHashrateEHs: 800, FeesBTCPerBlock: 0.03}
	require.NoError(t, f.Validate())
	tests := []struct {
		name string
		t    time.Time
		want float64
	}{
		// (3.125 + 0.03) BTC * 144 * 100,000 USD / 800,000 PH/s = 3.155 * 18 = 56.79
		{"after 2024 halving", day(2025, 1, 1), 56.79},
		// (6.25 + 0.03) * 18 = 113.04
		{"before 2024 halving", day(2024, 1, 1), 113.04},
		// (1.5625 + 0.03) * 18 = 28.665
		{"after 2028 halving", DefaultHalving2028(), 28.665},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.InDelta(t, tc.want, f.HashpriceUSDPerPHDay(tc.t), 1e-9)
		})
	}
}

func TestFundamentalsHourly(t *testing.T) {
	h := time.Date(2028, 4, 14, 22, 0, 0, 0, time.UTC)
	f := Fundamentals{BTCPriceUSD: 80000, NetworkHashrateEHs: 1000, Halvings: []time.Time{time.Date(2028, 4, 15, 0, 0, 0, 0, time.UTC)}}
	hours := []time.Time{h, h.Add(time.Hour), h.Add(2 * time.Hour), h.Add(3 * time.Hour)}
	got := FundamentalsHourly(f, hours)
	// 3.125 * 144 * 80,000 / 1,000,000 = 36; the subsidy halves exactly at 00:00.
	require.InDeltaSlice(t, []float64{36, 36, 18, 18}, got, 1e-12)
	require.Empty(t, FundamentalsHourly(f, nil))
}

func TestFundamentalsValidate(t *testing.T) {
	ok := Fundamentals{BTCPriceUSD: 90000, NetworkHashrateEHs: 900, FeesBTCPerBlock: 0.02}
	tests := []struct {
		name string
		mod  func(*Fundamentals)
		err  string
	}{
		{"ok", func(*Fundamentals) {}, ""},
		{"zero fees ok", func(f *Fundamentals) { f.FeesBTCPerBlock = 0 }, ""},
		{"zero price", func(f *Fundamentals) { f.BTCPriceUSD = 0 }, "BTCPriceUSD = 0"},
		{"NaN price", func(f *Fundamentals) { f.BTCPriceUSD = math.NaN() }, "BTCPriceUSD = NaN"},
		{"infinite hashrate", func(f *Fundamentals) { f.NetworkHashrateEHs = math.Inf(1) }, "NetworkHashrateEHs = +Inf"},
		{"negative hashrate", func(f *Fundamentals) { f.NetworkHashrateEHs = -1 }, "NetworkHashrateEHs = -1"},
		{"negative fees", func(f *Fundamentals) { f.FeesBTCPerBlock = -0.1 }, "FeesBTCPerBlock = -0.1"},
		{"early halving", func(f *Fundamentals) { f.Halvings = []time.Time{day(2024, 1, 1)} }, "must be after the 2024 halving"},
		{"several at once", func(f *Fundamentals) { f.BTCPriceUSD, f.NetworkHashrateEHs = -1, 0 }, "NetworkHashrateEHs = 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := ok
			tc.mod(&f)
			err := f.Validate()
			if tc.err == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, "invalid fundamentals")
			require.ErrorContains(t, err, tc.err)
		})
	}
}

func TestEconomics(t *testing.T) {
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		// 45 * 1000 / (24 * 21) = 45000 / 504
		{"mining revenue 45 USD/PH/day at 21 J/TH", MiningRevenueUSDPerMWh(45, 21), 89.28571428571429},
		{"mining revenue at 17.5 J/TH", MiningRevenueUSDPerMWh(42, 17.5), 100},
		{"hashrate 100 MW at 20 J/TH", HashrateEHs(100, 20), 5},
		{"hashrate 650 MW at 21 J/TH", HashrateEHs(650, 21), 650.0 / 21},
		{"lease 121 USD/kW-month", LeaseUSDPerMWYear(121), 1452000},
		// (1.07125)^15 = 2.8077764297; 0.07125 * 2.8077764297 / 1.8077764297
		{"CRF 7.125% 15 years", CRF(0.07125, 15), 0.110663059507078},
		{"CRF 0 rate 10 years", CRF(0, 10), 0.1},
		{"CRF 10% 1 year", CRF(0.1, 1), 1.1},
		{"CRF tiny rate close to 1/n", CRF(1e-12, 20), 0.05},
		{"implied hashrate of 2024-04-20 difficulty", ImpliedHashrateEHs(86388558925171), 618.3933922202972},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.InDelta(t, tc.want, tc.got, 1e-9*math.Max(1, math.Abs(tc.want)))
		})
	}
	require.True(t, math.IsNaN(CRF(0.05, 0)))
	require.True(t, math.IsNaN(CRF(-1, 10)))
	// The mining revenue of a fleet equals its hashrate times the hashprice.
	itMW, e, hp := 100.0, 20.0, 45.0
	perDay := HashrateEHs(itMW, e) * 1000 * hp
	require.InDelta(t, perDay, MiningRevenueUSDPerMWh(hp, e)*itMW*24, 1e-6)
}
