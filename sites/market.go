package sites

import "strings"

// market validates [market]: exactly one hashprice source and the lease.
func (c *checker) market(raw *rawMarket) MarketSpec {
	if raw == nil {
		raw = &rawMarket{}
	}
	sc := scope{path: "market", field: "market"}
	var m MarketSpec

	if v, ok := c.number(sc, "hashprice_usd_per_ph_day", raw.HashpriceUSDPerPHDay, false,
		within(0, maxHashpriceUSDPerPHDay, true, "USD per PH/s per day")); ok {
		m.HashpriceUSDPerPHDay = &v
	}
	if s, ok := c.str(sc, "hashprice", raw.Hashprice, false, `"hashprice.csv"`); ok {
		if s == "" {
			c.add(sc, "hashprice", `market.hashprice = "": must name a CSV file such as "hashprice.csv"`)
		}
		m.Hashprice = s
	}
	if v, ok := c.number(sc, "btc_price_usd", raw.BTCPriceUSD, false, within(0, maxBTCPriceUSD, true, "USD per BTC")); ok {
		m.BTCPriceUSD = &v
	}
	if v, ok := c.number(sc, "network_hashrate_eh_s", raw.NetworkHashrateEHs, false,
		within(minNetworkHashrateEHs, maxNetworkHashrateEHs, false, "EH/s, e.g. 900")); ok {
		m.NetworkHashrateEHs = &v
	}
	if v, ok := c.number(sc, "fees_btc_per_block", raw.FeesBTCPerBlock, false, within(0, maxFeesBTCPerBlock, false, "BTC per block")); ok {
		m.FeesBTCPerBlock = &v
	}
	m.Halving2028 = c.date(sc, "halving_2028", raw.Halving2028)
	c.hashpriceSource(sc, raw)
	if raw.BTCPriceUSD != nil && raw.NetworkHashrateEHs != nil && m.FeesBTCPerBlock == nil {
		zero := 0.0
		m.FeesBTCPerBlock = &zero
	}

	m.AILeaseUSDPerKWMonth, _ = c.number(sc, "ai_lease_usd_per_kw_month", raw.AILeaseUSDPerKWMonth, true,
		within(0, maxLeaseUSDPerKWMonth, true, "USD per kW-month of IT capacity, e.g. 140"))
	if v, ok := c.number(sc, "ai_demand_cap_it_mw", raw.AIDemandCapITMW, false, within(0, maxMarketCapITMW, false, "IT MW")); ok {
		m.AIDemandCapITMW = &v
	}
	return m
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
		const need = "fundamentals need both btc_price_usd and network_hashrate_eh_s"
		if raw.BTCPriceUSD == nil {
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
	r := atLeast(0, "a fraction: 0.07 is 7%")
	r.hi, r.hasHi, r.hiOpen = 1, true, true
	f.DiscountRate, _ = c.number(sc, "discount_rate", raw.DiscountRate, true, r)
	f.LifeYears, _ = c.integer(sc, "life_years", raw.LifeYears, 1, 100, "years")
	return f
}
