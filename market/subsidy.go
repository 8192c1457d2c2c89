package market

import "time"

// BlocksPerDay is the number of blocks the difficulty adjustment targets per
// day (one every 10 minutes).
const BlocksPerDay = 144

// halvingInterval is the time 210,000 blocks take at 10 minutes a block;
// halvings after 2028 are assumed to follow at this interval.
const halvingInterval = 210_000 * 10 * time.Minute

// halving2024 is the day of block 840,000 (mined 2024-04-20 00:09 UTC).
// Halvings take effect at 00:00 UTC of the day their block was mined, the
// convention of daily hashprice data.
func halving2024() time.Time { return time.Date(2024, 4, 20, 0, 0, 0, 0, time.UTC) }

// DefaultHalving2028 returns the default date of the 2028 halving (block
// 1,050,000): 2028-04-15 00:00 UTC. 210,000 blocks at exactly 10 minutes
// after block 840,000 would give 2028-04-17; blocks have come slightly
// faster than 10 minutes while the hashrate grows, so mid-April is the
// usual estimate. The seed articles of the project give no better date.
func DefaultHalving2028() time.Time { return time.Date(2028, 4, 15, 0, 0, 0, 0, time.UTC) }

// SubsidyBTC returns the block subsidy at time t: 6.25 BTC before the April
// 2024 halving (2024-04-20, block 840,000), 3.125 BTC until halving2028,
// 1.5625 after. Earlier halvings are honoured too (12.5 BTC before
// 2020-05-11, 25 before 2016-07-09, 50 before 2012-11-28), and later ones
// are assumed every 210,000 blocks of 10 minutes (about 4 years) after
// halving2028. A zero halving2028 means DefaultHalving2028().
func SubsidyBTC(t time.Time, halving2028 time.Time) float64 {
	switch {
	case t.Before(time.Date(2012, 11, 28, 0, 0, 0, 0, time.UTC)):
		return 50
	case t.Before(time.Date(2016, 7, 9, 0, 0, 0, 0, time.UTC)):
		return 25
	case t.Before(time.Date(2020, 5, 11, 0, 0, 0, 0, time.UTC)):
		return 12.5
	case t.Before(halving2024()):
		return 6.25
	}
	if halving2028.IsZero() {
		halving2028 = DefaultHalving2028()
	}
	subsidy := 3.125
	for next := halving2028; !t.Before(next) && subsidy > 1e-8; next = next.Add(halvingInterval) {
		subsidy /= 2
	}
	return subsidy
}
