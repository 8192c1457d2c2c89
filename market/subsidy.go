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

// DefaultHalvings returns the halvings after April 2024 that gridflip
// assumes without better dates: DefaultHalving2028 and the 2032 estimate,
// the day 210,000 blocks of 10 minutes later falls on (2032-04-12).
func DefaultHalvings() []time.Time {
	return []time.Time{DefaultHalving2028(), time.Date(2032, 4, 12, 0, 0, 0, 0, time.UTC)}
}

// SubsidyBTC returns the block subsidy at time t: 6.25 BTC before the April
// 2024 halving (2024-04-20, block 840,000), then 3.125 BTC halved at each
// date of halvings (sorted, all after 2024-04-20; nil means
// DefaultHalvings) and every 210,000 blocks of 10 minutes (about 4 years)
// after the last one. Earlier halvings are honoured too (12.5 BTC before
// 2020-05-11, 25 before 2016-07-09, 50 before 2012-11-28).
func SubsidyBTC(t time.Time, halvings []time.Time) float64 {
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
	if len(halvings) == 0 {
		halvings = DefaultHalvings()
	}
	subsidy := 3.125
	for _, h := range halvings {
		if t.Before(h) {
			return subsidy
		}
		subsidy /= 2
	}
	for next := halvings[len(halvings)-1].Add(halvingInterval); !t.Before(next) && subsidy > 1e-8; next = next.Add(halvingInterval) {
		subsidy /= 2
	}
	return subsidy
}
