package sites

import (
	"strconv"
	"strings"
)

// halls validates the [[sites.conversion]] entries of site i.
func (c *checker) halls(site scope, i int, raws []rawHall, lease, miningCap float64, capOK bool, hz *Horizon, f Finance) []Hall {
	if len(raws) == 0 {
		return nil
	}
	out := make([]Hall, len(raws))
	firstLine := map[string]int{}
	for j := range raws {
		out[j] = c.hall(site, i, j, &raws[j], lease, miningCap, capOK)
		c.hallTiming(c.hallScope(site, i, j, out[j].ID), &raws[j], hz, f, &out[j])
		c.hallDeal(c.hallScope(site, i, j, out[j].ID), &raws[j], hz, f, &out[j])
		c.hallFinance(c.hallScope(site, i, j, out[j].ID), &raws[j], f, &out[j])
		id := out[j].ID
		if id == "" {
			continue
		}
		sc := c.hallScope(site, i, j, id)
		if first, dup := firstLine[id]; dup {
			c.add(sc, "id", "duplicate hall id %q in site %s (first defined on line %d)",
				id, quoteLabel(site.site), first)
			continue
		}
		firstLine[id] = c.idLine(sc.path)
	}
	return out
}

// hallScope is the scope of the fields of hall j of site i.
func (c *checker) hallScope(site scope, i, j int, id string) scope {
	return scope{path: hallPath(i, j, ""), site: site.site, hall: label(id, j)}
}

// hall validates one conversion project.
func (c *checker) hall(site scope, i, j int, raw *rawHall, lease, miningCap float64, capOK bool) Hall {
	var h Hall
	h.ID, _ = c.id(c.hallScope(site, i, j, ""), "id", raw.ID, `"hall-a"`)
	sc := c.hallScope(site, i, j, h.ID)
	h.ITMW, _ = c.num(sc, "it_mw", raw.ITMW)
	h.Cooling = c.cooling(sc, raw.Cooling)
	var rackOK bool
	h.RackKW, rackOK = c.num(sc, "rack_kw", raw.RackKW)
	if !rackOK {
		h.RackKW = 0
	}
	if rackOK && h.Cooling == CoolingAir && h.RackKW > MaxAirRackKW {
		c.add(sc, "rack_kw", `%s with cooling = "air": air cooling is limited to %s kW per rack; use cooling = "liquid"`,
			c.shown(sc, "rack_kw", raw.RackKW.v), formatNumber(MaxAirRackKW))
	}
	h.PUE, _ = c.num(sc, "pue", raw.PUE)
	h.CapexUSDPerMW, _ = c.num(sc, "capex_usd_per_mw", raw.CapexUSDPerMW)
	h.FixedOMUSDPerMWYear = c.optNum(sc, "fixed_om_usd_per_mw_year", raw.FixedOMUSDPerMWYear)
	var dispOK bool
	h.DisplacesMiningITMW, dispOK = c.num(sc, "displaces_mining_it_mw", raw.DisplacesMiningITMW)
	if !dispOK {
		h.DisplacesMiningITMW = 0
	}
	if dispOK && capOK && h.DisplacesMiningITMW > miningCap {
		c.add(sc, "displaces_mining_it_mw", "%s: must be at most the site's mining capacity_it_mw = %s",
			c.shown(sc, "displaces_mining_it_mw", raw.DisplacesMiningITMW.v), formatNumber(miningCap))
	}
	h.LeaseUSDPerKWMonth = lease
	if v, ok := c.num(sc, "lease_usd_per_kw_month", raw.LeaseUSDPerKWMonth); ok {
		h.LeaseUSDPerKWMonth, h.LeaseOverridden = v, true
	}
	h.PUETemp = c.tempCurve(sc, raw.PUETempSlope, raw.PUETempReference)
	c.hallPOI(sc, raw, &h)
	c.hallFlexibility(sc, raw, &h)
	c.hallOffer(sc, raw, &h)
	h.Params = c.params(sc, "sites.conversion")
	return h
}

// hallPOI reads poi_mw_per_it_mw: in [pue, 3].
func (c *checker) hallPOI(sc scope, raw *rawHall, h *Hall) {
	v, ok := c.num(sc, "poi_mw_per_it_mw", raw.POIMWPerITMW)
	if !ok {
		return
	}
	if h.PUE > 0 && v < h.PUE {
		c.add(sc, "poi_mw_per_it_mw", "%s: below the hall's pue = %s: the POI must take its energy PUE at least",
			c.shown(sc, "poi_mw_per_it_mw", raw.POIMWPerITMW.v), formatNumber(h.PUE))
		return
	}
	h.POIMWPerITMW = v
}

// hallFlexibility reads ai_flexibility and the keys of a curtailable hall.
func (c *checker) hallFlexibility(sc scope, raw *rawHall, h *Hall) {
	h.Flexibility = Flexibility(c.choice(sc, "ai_flexibility", raw.Flexibility, string(FlexFirm), string(FlexCurtailable)))
	curtailable := h.Flexibility == FlexCurtailable
	c.onlyFor(sc, curtailable, `ai_flexibility = "curtailable"`, []keyLeaf{
		{"firm_share", raw.FirmShare}, {"max_curtailed_share", raw.MaxCurtailedShare}, {"lease_discount_usd_per_kw_month", raw.LeaseDiscount}})
	if !curtailable {
		return
	}
	h.FirmShare = c.optNum(sc, "firm_share", raw.FirmShare)
	h.MaxCurtailedShare = c.optNum(sc, "max_curtailed_share", raw.MaxCurtailedShare)
	h.LeaseDiscountUSDPerKWMonth = c.optNum(sc, "lease_discount_usd_per_kw_month", raw.LeaseDiscount)
	if h.LeaseDiscountUSDPerKWMonth >= h.LeaseUSDPerKWMonth && h.LeaseUSDPerKWMonth > 0 {
		c.add(sc, "lease_discount_usd_per_kw_month", "%s: must be below the hall's lease, %s USD/kW-month",
			c.shown(sc, "lease_discount_usd_per_kw_month", raw.LeaseDiscount.v), formatNumber(h.LeaseUSDPerKWMonth))
	}
}

// hallOffer reads offer and a GPU cloud contract's keys.
func (c *checker) hallOffer(sc scope, raw *rawHall, h *Hall) {
	h.Offer = Offer(c.choice(sc, "offer", raw.Offer, string(OfferColocation), string(OfferGPUCloud)))
	gpu := h.Offer == OfferGPUCloud
	c.onlyFor(sc, gpu, `offer = "gpu_cloud"`, []keyLeaf{
		{"gpu_revenue_usd_per_year", raw.GPURevenue}, {"gpu_capex_usd", raw.GPUCapex}, {"gpu_term_years", raw.GPUTermYears}})
	if !gpu {
		return
	}
	h.GPURevenueUSDPerYear, _ = c.needNum(sc, "gpu_revenue_usd_per_year", raw.GPURevenue)
	h.GPUCapexUSD, _ = c.needNum(sc, "gpu_capex_usd", raw.GPUCapex)
	h.GPUTermYears, _ = c.whole(sc, "gpu_term_years", raw.GPUTermYears)
}

// cooling reads the required "cooling" key.
func (c *checker) cooling(sc scope, l *leaf) Cooling {
	s, ok := c.str(sc, "cooling", l, true, `"air" or "liquid"`)
	if !ok {
		return ""
	}
	if k := Cooling(s); k.Valid() {
		return k
	}
	c.add(sc, "cooling", "%s: must be %q or %q", c.shown(sc, "cooling", s), CoolingAir, CoolingLiquid)
	return ""
}

// String returns the cooling type as written in case files.
func (k Cooling) String() string { return string(k) }

// Valid reports whether k is a known cooling type.
func (k Cooling) Valid() bool { return k == CoolingAir || k == CoolingLiquid }

// keyLeaf is a key and its raw value.
type keyLeaf struct {
	key string
	l   *leaf
}

// choice reads an optional string key that must be one of allowed; the
// first is the default.
func (c *checker) choice(sc scope, key string, l *leaf, allowed ...string) string {
	quoted := make([]string, len(allowed))
	for i, a := range allowed {
		quoted[i] = strconv.Quote(a)
	}
	want := strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
	v, ok := c.str(sc, key, l, false, want)
	if !ok {
		return allowed[0]
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	c.add(sc, key, "%s: must be %s", c.shown(sc, key, v), want)
	return allowed[0]
}

// onlyFor refuses keys that only a hall with the given setting may have.
func (c *checker) onlyFor(sc scope, has bool, setting string, keys []keyLeaf) {
	if has {
		return
	}
	for _, k := range keys {
		if k.l != nil {
			c.add(sc, k.key, "%s: only for a hall with %s", c.shown(sc, k.key, k.l.v), setting)
		}
	}
}
