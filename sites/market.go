package sites

import (
	"strings"
	"time"
)

// market validates [market]: exactly one hashprice source and the lease.
func (c *checker) market(raw *rawMarket, h *Horizon) MarketSpec {
	if raw == nil {
		raw = &rawMarket{}
	}
	sc := scope{path: "market", field: "market"}
	var m MarketSpec

	if v, ok := c.num(sc, "hashprice_usd_per_ph_day", raw.HashpriceUSDPerPHDay); ok {
		m.HashpriceUSDPerPHDay = &v
	}
	if s, ok := c.str(sc, "hashprice", raw.Hashprice, false, `"hashprice.csv"`); ok {
		if s == "" {
			c.add(sc, "hashprice", `market.hashprice = "": must name a CSV file such as "hashprice.csv"`)
		}
		m.Hashprice = s
	}
	if v, ok := c.num(sc, "btc_price_usd", raw.BTCPriceUSD); ok {
		m.BTCPriceUSD = &v
	}
	if v, ok := c.num(sc, "network_hashrate_eh_s", raw.NetworkHashrateEHs); ok {
		m.NetworkHashrateEHs = &v
	}
	if v, ok := c.num(sc, "fees_btc_per_block", raw.FeesBTCPerBlock); ok {
		m.FeesBTCPerBlock = &v
	}
	m.Halving2028 = c.date(sc, "halving_2028", raw.Halving2028)
	m.Halvings = c.halvings(sc, raw)
	if s, ok := c.str(sc, "btc_price", raw.BTCPrice, false, `"btc.csv"`); ok {
		m.BTCPrice = s
		if raw.BTCPriceUSD != nil {
			c.add(sc, "btc_price", "give btc_price_usd or btc_price (a series), not both")
		}
	}
	if c.needsHorizon(sc, "btc_price_growth_per_year", raw.BTCPriceGrowth, h) {
		m.BTCPriceGrowthPerYear = c.optNum(sc, "btc_price_growth_per_year", raw.BTCPriceGrowth)
		c.compounding(sc, "btc_price_growth_per_year", raw.BTCPriceGrowth, m.BTCPriceGrowthPerYear, h)
		if raw.BTCPriceGrowth != nil && raw.BTCPrice != nil {
			c.add(sc, "btc_price_growth_per_year", "a btc_price series sets the path itself; leave out btc_price_growth_per_year")
		}
	}
	if c.needsHorizon(sc, "network_hashrate_growth_per_year", raw.HashrateGrowth, h) {
		m.NetworkHashrateGrowthPerYear = c.optNum(sc, "network_hashrate_growth_per_year", raw.HashrateGrowth)
		c.compounding(sc, "network_hashrate_growth_per_year", raw.HashrateGrowth, m.NetworkHashrateGrowthPerYear, h)
	}
	c.hashpriceSource(sc, raw)
	if (raw.BTCPriceUSD != nil || raw.BTCPrice != nil) && raw.NetworkHashrateEHs != nil && m.FeesBTCPerBlock == nil {
		zero := 0.0
		m.FeesBTCPerBlock = &zero
	}

	m.AILeaseUSDPerKWMonth, _ = c.num(sc, "ai_lease_usd_per_kw_month", raw.AILeaseUSDPerKWMonth)
	m.AIDemandCapITMW, m.AIDemandCapITMWByYear = c.marketCap(sc, raw.AIDemandCapITMW, h)
	return m
}

// marketCap reads ai_demand_cap_it_mw: a number, or with a horizon a list
// with one cap per year.
func (c *checker) marketCap(sc scope, l *leaf, h *Horizon) (*float64, []float64) {
	r := declared(sc, "ai_demand_cap_it_mw").rng
	if l == nil {
		return nil, nil
	}
	list, isList := l.v.([]any)
	if !isList {
		if v, ok := c.number(sc, "ai_demand_cap_it_mw", l, false, r); ok {
			return &v, nil
		}
		return nil, nil
	}
	if !c.needsHorizon(sc, "ai_demand_cap_it_mw", l, h) {
		return nil, nil
	}
	if h.Years > 0 && len(list) != h.Years {
		c.add(sc, "ai_demand_cap_it_mw", "%s: a list needs one cap per year of the horizon: %d, not %d", c.shown(sc, "ai_demand_cap_it_mw", l.v), h.Years, len(list))
		return nil, nil
	}
	out := make([]float64, len(list))
	for i, v := range list {
		x, ok := c.number(sc, "ai_demand_cap_it_mw", &leaf{v: v}, true, r)
		if !ok {
			return nil, nil
		}
		out[i] = x
	}
	return nil, out
}

// halvings reads the optional list of halving dates.
func (c *checker) halvings(sc scope, raw *rawMarket) []time.Time {
	if raw.Halvings == nil {
		return nil
	}
	if raw.Halving2028 != nil {
		c.add(sc, "halvings", "give halvings (a list) or halving_2028, not both")
		return nil
	}
	list, ok := raw.Halvings.v.([]any)
	if !ok || len(list) == 0 {
		c.add(sc, "halvings", "%s: must be a list of dates, e.g. [\"2028-04-15\", \"2032-04-12\"]", c.shown(sc, "halvings", raw.Halvings.v))
		return nil
	}
	var out []time.Time
	for _, v := range list {
		d := c.date(sc, "halvings", &leaf{v: v})
		if d == "" {
			return nil
		}
		t, _ := time.Parse("2006-01-02", d)
		if !t.After(time.Date(2024, 4, 20, 0, 0, 0, 0, time.UTC)) || (len(out) > 0 && !t.After(out[len(out)-1])) {
			c.add(sc, "halvings", "%s: dates must follow the 2024-04-20 halving, in order", c.shown(sc, "halvings", raw.Halvings.v))
			return nil
		}
		out = append(out, t)
	}
	return out
}

// hashpriceSource checks that exactly one hashprice source is given:
// a constant, a CSV series, or the fundamentals.
func (c *checker) hashpriceSource(sc scope, raw *rawMarket) {
	var given []string
	if raw.HashpriceUSDPerPHDay != nil {
		given = append(given, "hashprice_usd_per_ph_day")
	}
	if raw.Hashprice != nil {
		given = append(given, "hashprice")
	}
	var fundamentals []string
	for _, f := range []struct {
		key string
		l   *leaf
	}{
		{"btc_price_usd", raw.BTCPriceUSD},
		{"btc_price", raw.BTCPrice},
		{"network_hashrate_eh_s", raw.NetworkHashrateEHs},
		{"fees_btc_per_block", raw.FeesBTCPerBlock},
	} {
		if f.l != nil {
			fundamentals = append(fundamentals, f.key)
		}
	}
	if len(fundamentals) > 0 {
		given = append(given, "fundamentals ("+strings.Join(fundamentals, ", ")+")")
	}

	const choices = "hashprice_usd_per_ph_day (constant), hashprice (CSV series), " +
		"or btc_price_usd with network_hashrate_eh_s (fundamentals)"
	switch {
	case len(given) == 0:
		c.add(sc, "", "no hashprice source: set exactly one of %s", choices)
	case len(given) > 1:
		// Report at the source written last so the line points at a conflict.
		keys := append([]string(nil), fundamentals...)
		if raw.Hashprice != nil {
			keys = append(keys, "hashprice")
		}
		if raw.HashpriceUSDPerPHDay != nil {
			keys = append(keys, "hashprice_usd_per_ph_day")
		}
		last := keys[0]
		for _, k := range keys[1:] {
			if c.loc.line(joinPath(sc.path, k)) > c.loc.line(joinPath(sc.path, last)) {
				last = k
			}
		}
		c.add(sc, last, "several hashprice sources: %s; set exactly one of %s",
			strings.Join(given, " and "), choices)
	case len(fundamentals) > 0:
		const need = "fundamentals need a BTC price (btc_price_usd or the btc_price series) and network_hashrate_eh_s"
		if raw.BTCPriceUSD == nil && raw.BTCPrice == nil {
			c.missing(sc, "btc_price_usd", "a BTC price in USD greater than 0; "+need)
		}
		if raw.NetworkHashrateEHs == nil {
			c.missing(sc, "network_hashrate_eh_s", "a network hashrate in EH/s greater than 0; "+need)
		}
	}
}

// finance validates [finance].
func (c *checker) finance(raw *rawFinance) Finance {
	if raw == nil {
		raw = &rawFinance{}
	}
	sc := scope{path: "finance", field: "finance"}
	var f Finance
	f.DiscountRate, _ = c.num(sc, "discount_rate", raw.DiscountRate)
	f.LifeYears, _ = c.whole(sc, "life_years", raw.LifeYears)
	f.DebtShare = c.optNum(sc, "debt_share", raw.DebtShare)
	f.DebtRate = c.optNum(sc, "debt_rate", raw.DebtRate)
	f.TaxRate = c.optNum(sc, "tax_rate", raw.TaxRate)
	f.TargetEquityIRR = c.optNum(sc, "target_equity_irr", raw.TargetEquityIRR)
	f.DebtTenorYears, f.DepreciationYears = f.LifeYears, f.LifeYears
	if raw.DebtTenorYears != nil {
		if v, ok := c.whole(sc, "debt_tenor_years", raw.DebtTenorYears); ok {
			f.DebtTenorYears = v
			if f.LifeYears > 0 && v > f.LifeYears {
				c.add(sc, "debt_tenor_years", "%s: longer than life_years = %d: the debt must be repaid within the life", c.shown(sc, "debt_tenor_years", raw.DebtTenorYears.v), f.LifeYears)
			}
		}
	}
	if raw.DepreciationYears != nil {
		if v, ok := c.whole(sc, "depreciation_years", raw.DepreciationYears); ok {
			f.DepreciationYears = v
		}
	}
	c.financeConventions(sc, raw, &f)
	return f
}
