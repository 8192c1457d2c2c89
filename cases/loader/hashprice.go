package loader

import (
	"math"
	"time"

	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/market"
	"github.com/gridflip/gridflip/sites"
)

// hashprice turns the case's hashprice source into one value per model hour.
func hashprice(c *sites.Case, o *input.Opener, hours []time.Time) ([]float64, error) {
	m := c.Market
	switch {
	case m.HashpriceUSDPerPHDay != nil:
		out := make([]float64, len(hours))
		for t := range out {
			out[t] = *m.HashpriceUSDPerPHDay
		}
		return out, nil
	case m.Hashprice != "":
		return namedSeries(c, "market.hashprice", HashpriceColumn, hours,
			func() (*grid.Series, error) { return grid.LoadSeries(o, m.Hashprice) },
			valueRange{lo: 0, hi: maxHashpriceValue, what: "hashprice (USD per PH/s per day)"})
	default:
		return fundamentalsHashprice(c, o, hours)
	}
}

// fundamentalsHashprice is the hashprice of every hour from the BTC price
// (btc_price_usd, grown by btc_price_growth_per_year from the horizon's
// first year, or the btc_price series), the network hashrate (grown by
// network_hashrate_growth_per_year), the fees and the block subsidy at
// that hour, halved at each halving.
func fundamentalsHashprice(c *sites.Case, o *input.Opener, hours []time.Time) ([]float64, error) {
	m := c.Market
	halvings, err := HalvingDates(c)
	if err != nil {
		return nil, err
	}
	var btcSeries []float64
	if m.BTCPrice != "" {
		if btcSeries, err = btcPricePath(c, o, hours); err != nil {
			return nil, err
		}
	}
	f := market.Fundamentals{NetworkHashrateEHs: *m.NetworkHashrateEHs, Halvings: halvings}
	if m.BTCPriceUSD != nil {
		f.BTCPriceUSD = *m.BTCPriceUSD
	}
	if m.FeesBTCPerBlock != nil {
		f.FeesBTCPerBlock = *m.FeesBTCPerBlock
	}
	check := f
	if btcSeries != nil {
		check.BTCPriceUSD = 1
	}
	if err := check.Validate(); err != nil {
		return nil, sites.Issues{c.KeyIssue("market.btc_price_usd", "%v", err)}
	}
	out := make([]float64, len(hours))
	for t, h := range hours {
		ft := f
		if k := yearIndex(c, h); k > 0 {
			ft.BTCPriceUSD *= math.Pow(1+m.BTCPriceGrowthPerYear, float64(k))
			ft.NetworkHashrateEHs *= math.Pow(1+m.NetworkHashrateGrowthPerYear, float64(k))
		}
		if btcSeries != nil {
			ft.BTCPriceUSD = btcSeries[t]
		}
		out[t] = ft.HashpriceUSDPerPHDay(h)
	}
	return out, nil
}

// yearIndex is k−1 for an hour in year k of the horizon (0 without one).
func yearIndex(c *sites.Case, h time.Time) int {
	if c.Horizon == nil {
		return 0
	}
	return max(0, h.Year()-c.Horizon.StartYear)
}

// BTCPriceColumn is the column read from a btc_price CSV that has more
// than one value column.
const BTCPriceColumn = "btc_price_usd"

// maxBTCPriceValue bounds a BTC price series (USD): far above any price.
const maxBTCPriceValue = 1e8

// btcPricePath reads the btc_price series (hourly, daily or yearly: each
// row holds until the next) and gives every hour its price.
func btcPricePath(c *sites.Case, o *input.Opener, hours []time.Time) ([]float64, error) {
	return namedSeries(c, "market.btc_price", BTCPriceColumn, hours,
		func() (*grid.Series, error) { return grid.LoadAnyStep(o, c.Market.BTCPrice) },
		valueRange{lo: 1e-9, hi: maxBTCPriceValue, what: "BTC price (USD)"})
}

// namedSeries reads the series the key names (its column named column, or
// its only column), checks every value against r and aligns it to hours.
func namedSeries(c *sites.Case, key, column string, hours []time.Time, read func() (*grid.Series, error), r valueRange) ([]float64, error) {
	s, err := read()
	if err != nil {
		return nil, keyError(c, key, err)
	}
	values, ok := s.Column(column)
	if !ok {
		if len(s.Columns) != 1 {
			return nil, sites.Issues{c.KeyIssue(key,
				"%s has %d value columns (%s); name one %q or keep only one", s.File, len(s.Columns), listColumns(s.Columns), column)}
		}
		values, column = s.Values[0], s.Columns[0]
	}
	if err := r.check(s, column, values); err != nil {
		return nil, err
	}
	aligned, err := grid.AlignToHours(s.File, s.Times, s.Step, values, hours)
	if err != nil {
		return nil, sites.Issues{c.KeyIssue(key, "%v", err)}
	}
	return aligned, nil
}

// HalvingDates returns the case's halving dates: the halvings list, or the
// defaults with halving_2028 in place of the first.
func HalvingDates(c *sites.Case) ([]time.Time, error) {
	m := c.Market
	if m.Halvings != nil {
		return m.Halvings, nil
	}
	out := market.DefaultHalvings()
	if m.Halving2028 != "" {
		d, err := time.Parse("2006-01-02", m.Halving2028)
		if err != nil {
			return nil, sites.Issues{c.KeyIssue("market.halving_2028", "halving_2028 = %q: want a date YYYY-MM-DD", m.Halving2028)}
		}
		out = []time.Time{d}
	}
	return out, nil
}
