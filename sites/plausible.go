package sites

import (
	"fmt"
	"strconv"
	"strings"
)

// Plausibility bounds: values inside a key's legal range but almost surely
// a unit slip (docs/case-file.md, "Plausibility warnings"; the typical
// figures are DESIGN's public ranges, quoted in the bundled cases).
const (
	// PlausibleMinCapexUSDPerMW is the lowest plausible conversion capex
	// per IT MW (conversions cost 8-11 M USD per MW).
	PlausibleMinCapexUSDPerMW = 0.5e6
	// PlausibleMinHashprice and PlausibleMaxHashprice bound a plausible
	// hashprice, USD per PH/s per day (about 30-60 since the 2024 halving).
	PlausibleMinHashprice = 1.0
	PlausibleMaxHashprice = 1000.0
	// PlausibleMinLease and PlausibleMaxLease bound a plausible AI lease,
	// USD per kW of IT a month (wholesale colocation is about 115-196).
	PlausibleMinLease = 20.0
	PlausibleMaxLease = 1000.0
	// PlausibleMaxPUE is the highest plausible PUE (mining 1.03-1.5, AI
	// 1.05-1.4).
	PlausibleMaxPUE = 2.0
	// PlausibleMaxEfficiencyJPerTH is the highest plausible fleet
	// efficiency (an Antminer S21 is 17.5 J/TH, an S19 XP about 21).
	PlausibleMaxEfficiencyJPerTH = 100.0
)

// Plausibility lists the case's values that are legal but almost surely a
// unit slip, as Issues (file:line, site, hall, field; the message gives
// the value as written and its likely intent): a capex per MW below
// 0.5 M USD, a constant hashprice below 1 or above 1,000 USD/PH/day, a
// lease below 20 or above 1,000 USD/kW-month, a PUE above 2, an efficiency
// above 100 J/TH, and a hall at a site with miners that does not state
// displaces_mining_it_mw (it then displaces none). A hashprice from a
// series or the fundamentals is checked by HashpriceWarnings once known.
// They are warnings: a caller prints them, or refuses the case when asked
// to be strict.
func (c *Case) Plausibility() Issues {
	if c == nil {
		return nil
	}
	var out Issues
	if v := c.Market.HashpriceUSDPerPHDay; v != nil {
		if is := hashpriceIssue(c, "market.hashprice_usd_per_ph_day", *v, c.written("market.hashprice_usd_per_ph_day", *v)); is != nil {
			out = append(out, *is)
		}
	}
	if msg := leaseMsg(c.written("market.ai_lease_usd_per_kw_month", c.Market.AILeaseUSDPerKWMonth), c.Market.AILeaseUSDPerKWMonth); msg != "" {
		out = append(out, c.KeyIssue("market.ai_lease_usd_per_kw_month", "%s", msg))
	}
	for i := range c.Sites {
		s := &c.Sites[i]
		if msg := pueMsg(c.written(sitePath(i, "mining.pue"), s.Mining.PUE), s.Mining.PUE, "a mining fleet's PUE is 1.03 (immersion) to 1.5 (air)"); msg != "" {
			out = append(out, c.SiteIssue(i, "mining.pue", "%s", msg))
		}
		if s.AI.ExistingITMW > 0 {
			if msg := pueMsg(c.written(sitePath(i, "ai.existing_pue"), s.AI.ExistingPUE), s.AI.ExistingPUE, "an AI hall's PUE is 1.05 (liquid) to 1.4 (air)"); msg != "" {
				out = append(out, c.SiteIssue(i, "ai.existing_pue", "%s", msg))
			}
		}
		if e := s.Mining.EfficiencyJPerTH; e > PlausibleMaxEfficiencyJPerTH {
			out = append(out, c.SiteIssue(i, "mining.efficiency_j_per_th",
				"%s: above %s J/TH, the efficiency of machines retired years ago; likely intent: the fleet's joules per terahash (an Antminer S21 is 17.5, an S19 XP about 21), not its watts per machine or J/GH",
				c.written(sitePath(i, "mining.efficiency_j_per_th"), e), formatNumber(PlausibleMaxEfficiencyJPerTH)))
		}
		for j := range s.Halls {
			out = append(out, c.hallPlausibility(i, j)...)
		}
	}
	out.Sort()
	return out
}

// hallPlausibility is Plausibility for hall j of site i.
func (c *Case) hallPlausibility(i, j int) Issues {
	s, h := &c.Sites[i], &c.Sites[i].Halls[j]
	var out Issues
	if v := h.CapexUSDPerMW; v < PlausibleMinCapexUSDPerMW {
		out = append(out, c.HallIssue(i, j, "capex_usd_per_mw", "%s: below %s M USD per IT MW; conversions cost 8-11 M USD per MW: %s",
			c.written(hallPath(i, j, "capex_usd_per_mw"), v), formatNumber(PlausibleMinCapexUSDPerMW/1e6), capexIntent(v)))
	}
	if msg := pueMsg(c.written(hallPath(i, j, "pue"), h.PUE), h.PUE, "an AI hall's PUE is 1.05 (liquid) to 1.4 (air); its design peak at the POI is poi_mw_per_it_mw"); msg != "" {
		out = append(out, c.HallIssue(i, j, "pue", "%s", msg))
	}
	if _, stated := c.locator().exact(hallPath(i, j, "lease_usd_per_kw_month")); stated {
		if msg := leaseMsg(c.written(hallPath(i, j, "lease_usd_per_kw_month"), h.LeaseUSDPerKWMonth), h.LeaseUSDPerKWMonth); msg != "" {
			out = append(out, c.HallIssue(i, j, "lease_usd_per_kw_month", "%s", msg))
		}
	}
	if _, stated := c.locator().exact(hallPath(i, j, "displaces_mining_it_mw")); !stated && s.Mining.CapacityITMW > 0 {
		out = append(out, c.HallIssue(i, j, "displaces_mining_it_mw",
			"not stated, so the hall displaces no miners: site %s has %s IT MW of them; likely intent: the miners the hall replaces (state displaces_mining_it_mw = 0 if it takes none)",
			quoteLabel(c.siteLabel(i)), formatNumber(s.Mining.CapacityITMW)))
	}
	return out
}

// HashpriceWarnings checks the hashprice the case's series or fundamentals
// give, whose mean over the run is meanUSDPerPHDay: a mean below 1 or
// above 1,000 USD/PH/day is a warning at the key that sets it. A constant
// hashprice is checked by Plausibility (nothing here).
func (c *Case) HashpriceWarnings(meanUSDPerPHDay float64) Issues {
	if c == nil || c.Market.HashpriceUSDPerPHDay != nil {
		return nil
	}
	key, intent := "market.hashprice", ""
	switch {
	case c.Market.Hashprice != "":
	case c.Market.BTCPrice != "":
		key, intent = "market.btc_price", "a BTC price series in USD (not thousands) and network_hashrate_eh_s in EH/s (not PH/s or TH/s)"
	default:
		key, intent = "market.btc_price_usd", "btc_price_usd in USD (not thousands) and network_hashrate_eh_s in EH/s (not PH/s or TH/s)"
	}
	shown := fmt.Sprintf("market.hashprice = %q gives a mean hashprice of %s USD/PH/day", c.Market.Hashprice, approx(meanUSDPerPHDay))
	if intent != "" {
		shown = fmt.Sprintf("the fundamentals (%s and %s) give a mean hashprice of %s USD/PH/day",
			c.written(key, 0), c.written("market.network_hashrate_eh_s", 0), approx(meanUSDPerPHDay))
		if c.Market.BTCPrice != "" {
			shown = fmt.Sprintf("the fundamentals (market.btc_price = %q and %s) give a mean hashprice of %s USD/PH/day",
				c.Market.BTCPrice, c.written("market.network_hashrate_eh_s", 0), approx(meanUSDPerPHDay))
		}
	}
	is := hashpriceIssue(c, key, meanUSDPerPHDay, shown)
	if is == nil {
		return nil
	}
	if intent != "" {
		is.Msg = is.Msg[:strings.Index(is.Msg, "; likely intent: ")] + "; likely intent: " + intent
	}
	return Issues{*is}
}

// approx formats v to 4 significant digits.
func approx(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

// hashpriceIssue is the warning about a hashprice v outside the plausible
// range, at key; shown introduces the value.
func hashpriceIssue(c *Case, key string, v float64, shown string) *Issue {
	var msg string
	switch {
	case v < PlausibleMinHashprice:
		msg = fmt.Sprintf("%s: below %s USD per PH/s per day, where mining earns almost nothing and curtails nearly every hour; hashprice has been about 30-60 USD/PH/day since 2024; likely intent: a price per TH/s per day (× 1000 = %s USD/PH/day)",
			shown, formatNumber(PlausibleMinHashprice), approx(v*1000))
	case v > PlausibleMaxHashprice:
		msg = fmt.Sprintf("%s: above %s USD per PH/s per day; hashprice has been about 30-60 USD/PH/day since 2024; likely intent: a price per EH/s per day (÷ 1000 = %s USD/PH/day)",
			shown, formatNumber(PlausibleMaxHashprice), approx(v/1000))
	default:
		return nil
	}
	is := c.KeyIssue(key, "%s", msg)
	return &is
}

// leaseMsg is the warning about a lease v (shown as written), or "".
func leaseMsg(shown string, v float64) string {
	switch {
	case v < PlausibleMinLease:
		return fmt.Sprintf("%s: below %s USD per kW of IT a month; wholesale AI colocation leases at about 115-196; likely intent: %s",
			shown, formatNumber(PlausibleMinLease), leaseLowIntent(v))
	case v > PlausibleMaxLease:
		return fmt.Sprintf("%s: above %s USD per kW of IT a month; wholesale AI colocation leases at about 115-196; likely intent: a lease per kW-year (÷ 12 = %s) or per MW-month (÷ 1000 = %s)",
			shown, formatNumber(PlausibleMaxLease), approx(v/12), approx(v/1000))
	}
	return ""
}

// leaseLowIntent guesses what a lease below the plausible range meant.
func leaseLowIntent(v float64) string {
	if v < 1 {
		return fmt.Sprintf("a lease per W a month (× 1000 = %s USD/kW-month)", formatNumber(v*1000))
	}
	return fmt.Sprintf("a lease in USD per kW-month, not per kW-week or in thousands (× 1000 = %s)", formatNumber(v*1000))
}

// pueMsg is the warning about a PUE v (shown as written) above the
// plausible bound, with the typical range, or "".
func pueMsg(shown string, v float64, typical string) string {
	if v <= PlausibleMaxPUE {
		return ""
	}
	return fmt.Sprintf("%s: above %s; %s; likely intent: the energy ratio, meter MW per IT MW, between 1 and 1.5",
		shown, formatNumber(PlausibleMaxPUE), typical)
}

// capexIntent guesses what a capex per MW below the plausible range meant.
func capexIntent(v float64) string {
	if v > 0 && v < 100 {
		return fmt.Sprintf("likely intent: M USD per MW, written in USD as %se6", formatNumber(v))
	}
	return "likely intent: USD per IT MW (10 M USD is 10.0e6), not per kW or in thousands"
}

// written is "key = value" as the case file writes path's value, or v
// formatted when the file does not show it.
func (c *Case) written(path string, v float64) string {
	key := path
	if _, rest, ok := cutSitePath(path); ok {
		key = rest
	}
	if text, ok := c.locator().text(path); ok {
		return key + " = " + text
	}
	return key + " = " + formatNumber(v)
}

// cutSitePath splits "sites.0.conversion.1.pue" into the site or hall
// part and the key within it ("pue"; "mining.pue" for a site's key).
func cutSitePath(path string) (string, string, bool) {
	if !strings.HasPrefix(path, "sites.") {
		return "", "", false
	}
	parts := strings.Split(path, ".")
	last := 0 // the last numeric part
	for k, p := range parts {
		if _, err := strconv.Atoi(p); err == nil {
			last = k
		}
	}
	return strings.Join(parts[:last+1], "."), strings.Join(parts[last+1:], "."), last > 0
}
