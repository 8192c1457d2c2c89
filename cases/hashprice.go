package cases

import (
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
		s, err := grid.LoadSeries(o, m.Hashprice)
		if err != nil {
			return nil, keyError(c, "market.hashprice", err)
		}
		column := HashpriceColumn
		values, ok := s.Column(HashpriceColumn)
		if !ok {
			if len(s.Columns) != 1 {
				return nil, sites.Issues{c.KeyIssue("market.hashprice",
					"%s has %d value columns (%s); name one %q or keep only one", s.File, len(s.Columns), listColumns(s.Columns), HashpriceColumn)}
			}
			values, column = s.Values[0], s.Columns[0]
		}
		if err := (valueRange{lo: 0, hi: maxHashpriceValue, what: "hashprice (USD per PH/s per day)"}).check(s, column, values); err != nil {
			return nil, err
		}
		aligned, err := grid.AlignToHours(s.File, s.Times, s.Step, values, hours)
		if err != nil {
			return nil, sites.Issues{c.KeyIssue("market.hashprice", "%v", err)}
		}
		return aligned, nil
	default:
		f := market.Fundamentals{
			BTCPriceUSD:        *m.BTCPriceUSD,
			NetworkHashrateEHs: *m.NetworkHashrateEHs,
		}
		if m.FeesBTCPerBlock != nil {
			f.FeesBTCPerBlock = *m.FeesBTCPerBlock
		}
		halvings, err := halvingDates(c)
		if err != nil {
			return nil, err
		}
		f.Halvings = halvings
		if err := f.Validate(); err != nil {
			return nil, sites.Issues{c.KeyIssue("market.btc_price_usd", "%v", err)}
		}
		return market.FundamentalsHourly(f, hours), nil
	}
}

// halvingDates returns the case's halving dates: the halvings list, or the
// defaults with halving_2028 in place of the first.
func halvingDates(c *sites.Case) ([]time.Time, error) {
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
