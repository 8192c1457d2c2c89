package market

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/shareddata"

	"github.com/gridflip/gridflip/grid"
)

// TestDerivedHashpriceReal recomputes the subsidy-only hashprice of
// btc-daily-2020-2025/derived_hashprice_subsidy_only.csv. Its SOURCE.md
// says the column is 86400e15/(difficulty*2^32) * subsidy * close, i.e. it
// uses the difficulty-implied hashrate, not the (noisier) Blockchain.com
// hashrate column, and 6.25 BTC for every day before 2024-04-20.
func TestDerivedHashpriceReal(t *testing.T) {
	path := shareddata.File(t, filepath.Join("btc-daily-2020-2025", "derived_hashprice_subsidy_only.csv"))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	s, err := grid.ReadSeriesColumns(f, filepath.Base(path), []string{
		"close_usd", "difficulty", "hashrate_ths_blockchaincom", "block_subsidy_btc", "hashprice_usd_per_PHs_day_subsidy_only"})
	require.NoError(t, err)
	require.Equal(t, grid.Day, s.Step)
	require.Equal(t, 1823, s.Len())
	col := func(name string) []float64 {
		v, ok := s.Column(name)
		require.True(t, ok, name)
		return v
	}
	closeUSD, diff, ths, subsidy, hp := col("close_usd"), col("difficulty"), col("hashrate_ths_blockchaincom"), col("block_subsidy_btc"), col("hashprice_usd_per_PHs_day_subsidy_only")
	index := func(d time.Time) int {
		i := slices.IndexFunc(s.Times, d.Equal)
		require.GreaterOrEqual(t, i, 0, "day %s not in file", d)
		return i
	}

	days := []struct {
		day  time.Time
		want float64 // the file's hashprice, also quoted in its SOURCE.md
	}{
		{day(2022, 11, 21), 53.7},
		{day(2023, 8, 15), 70.0},
		{day(2024, 4, 19), 92.9},
		{day(2024, 4, 20), 47.3},
		{day(2024, 4, 21), 47.2},
		{day(2024, 12, 16), 61.6},
		{day(2025, 4, 7), 41.0},
	}
	for _, tc := range days {
		t.Run(tc.day.Format("2006-01-02"), func(t *testing.T) {
			i := index(tc.day)
			require.Equal(t, subsidy[i], SubsidyBTC(tc.day, nil))
			f := Fundamentals{BTCPriceUSD: closeUSD[i], NetworkHashrateEHs: ImpliedHashrateEHs(diff[i])}
			require.NoError(t, f.Validate())
			got := f.HashpriceUSDPerPHDay(tc.day)
			require.InDelta(t, hp[i], got, 0.005*hp[i], "difficulty-implied hashrate")
			require.InDelta(t, tc.want, got, 0.06)
		})
	}

	// Every day from the 2020 halving on agrees within 0.5%; with the
	// Blockchain.com hashrate estimate (TH/s -> EH/s) only the typical
	// deviation is small.
	var devs []float64
	for i, d := range s.Times {
		if d.Before(day(2020, 5, 11)) {
			// The file uses 6.25 BTC before 2020-05-11, when the subsidy was 12.5.
			require.Equal(t, 2*subsidy[i], SubsidyBTC(d, nil))
			continue
		}
		f := Fundamentals{BTCPriceUSD: closeUSD[i], NetworkHashrateEHs: ImpliedHashrateEHs(diff[i])}
		require.InDelta(t, hp[i], f.HashpriceUSDPerPHDay(d), 0.005*hp[i], "day %s", d.Format("2006-01-02"))
		f.NetworkHashrateEHs = ths[i] / 1e6
		devs = append(devs, math.Abs(f.HashpriceUSDPerPHDay(d)/hp[i]-1))
	}
	slices.Sort(devs)
	median := devs[len(devs)/2]
	t.Logf("hashrate-column hashprice vs file: median |deviation| %.1f%%, max %.0f%%", 100*median, 100*devs[len(devs)-1])
	require.Less(t, median, 0.10)

	// A daily series aligns to model hours; the halving shows at midnight.
	hours := []time.Time{day(2024, 4, 19).Add(22 * time.Hour), day(2024, 4, 19).Add(23 * time.Hour), day(2024, 4, 20), day(2024, 4, 20).Add(time.Hour)}
	aligned, err := grid.AlignToHours(filepath.Base(path), s.Times, s.Step, hp, hours)
	require.NoError(t, err)
	i := index(day(2024, 4, 19))
	require.Equal(t, []float64{hp[i], hp[i], hp[i+1], hp[i+1]}, aligned)
	_, err = grid.AlignToHours(filepath.Base(path), s.Times, s.Step, hp, []time.Time{day(2025, 4, 8)})
	require.ErrorContains(t, err, "derived_hashprice_subsidy_only.csv: model hour 2025-04-08T00:00:00Z is not covered")
}
