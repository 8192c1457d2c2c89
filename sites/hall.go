package sites

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
	h.ITMW, _ = c.number(sc, "it_mw", raw.ITMW, true, within(0, maxHallITMW, true, "IT MW"))
	h.Cooling = c.cooling(sc, raw.Cooling)
	var rackOK bool
	h.RackKW, rackOK = c.number(sc, "rack_kw", raw.RackKW, false, within(0, maxRackKW, false, "kW per rack; 0 = not given"))
	if !rackOK {
		h.RackKW = 0
	}
	if rackOK && h.Cooling == CoolingAir && h.RackKW > MaxAirRackKW {
		c.add(sc, "rack_kw", `%s with cooling = "air": air cooling is limited to %s kW per rack; use cooling = "liquid"`,
			c.shown(sc, "rack_kw", raw.RackKW.v), formatNumber(MaxAirRackKW))
	}
	h.PUE, _ = c.number(sc, "pue", raw.PUE, true, between(1, 3, pueNote))
	h.CapexUSDPerMW, _ = c.number(sc, "capex_usd_per_mw", raw.CapexUSDPerMW, true,
		within(0, maxCapexUSDPerMW, false, "USD per IT MW, e.g. 10.0e6"))
	h.FixedOMUSDPerMWYear = c.optNumber(sc, "fixed_om_usd_per_mw_year", raw.FixedOMUSDPerMWYear, 0,
		within(0, maxFixedOMUSDPerMWYear, false, "USD per IT MW-year"))
	var dispOK bool
	h.DisplacesMiningITMW, dispOK = c.number(sc, "displaces_mining_it_mw", raw.DisplacesMiningITMW, false,
		within(0, maxPowerMW, false, "mining IT MW removed to make room"))
	if !dispOK {
		h.DisplacesMiningITMW = 0
	}
	if dispOK && capOK && h.DisplacesMiningITMW > miningCap {
		c.add(sc, "displaces_mining_it_mw", "%s: must be at most the site's mining capacity_it_mw = %s",
			c.shown(sc, "displaces_mining_it_mw", raw.DisplacesMiningITMW.v), formatNumber(miningCap))
	}
	h.LeaseUSDPerKWMonth = lease
	if v, ok := c.number(sc, "lease_usd_per_kw_month", raw.LeaseUSDPerKWMonth, false,
		within(0, maxLeaseUSDPerKWMonth, true, "USD per kW-month of IT capacity")); ok {
		h.LeaseUSDPerKWMonth, h.LeaseOverridden = v, true
	}
	h.PUETemp = c.tempCurve(sc, raw.PUETempSlope, raw.PUETempReference)
	return h
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
