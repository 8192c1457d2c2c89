package sites

// pueNote explains the PUE range in messages.
const pueNote = "PUE is meter power / IT power"

// sites validates every [[sites]] entry and the uniqueness of their ids.
func (c *checker) sites(raws []rawSite, lease float64, h *Horizon, f Finance) []Site {
	if len(raws) == 0 {
		c.add(scope{}, "sites", "no sites: add at least one [[sites]] table with id, region, node, interconnect_mw and [sites.mining]")
		return nil
	}
	out := make([]Site, len(raws))
	firstLine := map[string]int{}
	for i := range raws {
		out[i] = c.site(i, &raws[i], lease, h, f)
		id := out[i].ID
		if id == "" {
			continue
		}
		path := sitePath(i, "")
		if first, dup := firstLine[id]; dup {
			c.add(c.siteScope(i, id), "id", "duplicate site id %q (first defined on line %d)", id, first)
			continue
		}
		firstLine[id] = c.idLine(path)
	}
	return out
}

// siteScope is the scope of the fields of site i.
func (c *checker) siteScope(i int, id string) scope {
	return scope{path: sitePath(i, ""), site: label(id, i)}
}

// site validates one site.
func (c *checker) site(i int, raw *rawSite, lease float64, h *Horizon, f Finance) Site {
	var s Site
	s.ID, _ = c.id(scope{path: sitePath(i, ""), site: label("", i)}, "id", raw.ID, `"rockdale"`)
	sc := c.siteScope(i, s.ID)
	s.Region, _ = c.str(sc, "region", raw.Region, true, `"ERCOT"`)
	s.Node, _ = c.str(sc, "node", raw.Node, true, `"HB_WEST" (a column of grid.prices)`)
	s.InterconnectMW, _ = c.number(sc, "interconnect_mw", raw.InterconnectMW, true,
		within(0, maxPowerMW, true, "meter MW at the point of interconnection"))
	s.Settlement = SettlementRealTime
	if v, ok := c.str(sc, "settlement", raw.Settlement, false, `"real_time" or "day_ahead"`); ok {
		switch Settlement(v) {
		case SettlementRealTime, SettlementDayAhead:
			s.Settlement = Settlement(v)
		default:
			c.add(sc, "settlement", "%s: must be %q or %q", c.shown(sc, "settlement", v), SettlementRealTime, SettlementDayAhead)
		}
	}
	if v, ok := c.number(sc, "reserve_max_mw", raw.ReserveMaxMW, false, within(0, maxPowerMW, false, "meter MW offered as curtailable reserve")); ok {
		s.ReserveMaxMW = &v
	}
	s.Temperature, _ = c.str(sc, "temperature", raw.Temperature, false, `"DFW" (a column of grid.temperatures)`)
	s.NonfirmInterconnectMW = c.optNumber(sc, "nonfirm_interconnect_mw", raw.NonfirmMW, 0,
		within(0, maxPowerMW, false, "meter MW of non-firm service above interconnect_mw"))
	capOK := false
	s.Mining, capOK = c.mining(sc.in("mining"), raw.Mining)
	s.AI = c.ai(sc.in("ai"), raw.AI, h)
	s.Halls = c.halls(sc, i, raw.Conversion, lease, s.Mining.CapacityITMW, capOK, h, f)
	s.Contracts = c.contracts(sc, i, raw.Contract)
	if s.NonfirmInterconnectMW > 0 && s.Mining.CapacityITMW == 0 && !hasCurtailable(s.Halls) {
		c.add(sc, "nonfirm_interconnect_mw", "%s: non-firm service needs load that can curtail in the stress hours, but the site has no mining and no curtailable hall",
			c.shown(sc, "nonfirm_interconnect_mw", raw.NonfirmMW.v))
	}
	return s
}

// hasCurtailable reports whether some hall is curtailable.
func hasCurtailable(halls []Hall) bool {
	for _, h := range halls {
		if h.Flexibility == FlexCurtailable {
			return true
		}
	}
	return false
}

// mining validates [sites.mining]; ok reports a valid capacity.
func (c *checker) mining(sc scope, raw *rawMining) (Mining, bool) {
	if raw == nil {
		raw = &rawMining{}
	}
	var m Mining
	var ok bool
	m.CapacityITMW, ok = c.number(sc, "capacity_it_mw", raw.CapacityITMW, true, within(0, maxPowerMW, false, "IT MW of miners"))
	m.EfficiencyJPerTH, _ = c.number(sc, "efficiency_j_per_th", raw.EfficiencyJPerTH, true,
		rng{lo: 5, hi: 200, hasLo: true, hasHi: true, loOpen: true, note: "J/TH; an Antminer S21 is 17.5"})
	m.PUE, _ = c.number(sc, "pue", raw.PUE, true, between(1, 3, pueNote))
	m.OpexUSDPerMWh = c.optNumber(sc, "opex_usd_per_mwh", raw.OpexUSDPerMWh, 0, within(0, maxOpexUSDPerMWh, false, "USD per IT MWh mined"))
	m.PUETemp = c.tempCurve(sc, raw.PUETempSlope, raw.PUETempReference)
	m.DerateAboveC = c.optNumber(sc, "derate_above_c", raw.DerateAboveC, 35, between(-50, 60, "°C"))
	m.DeratePerC = c.optNumber(sc, "derate_per_c", raw.DeratePerC, 0, between(0, 1, "fraction of capacity lost per °C above derate_above_c"))
	return m, ok
}

// ai validates the optional [sites.ai] table and fills its defaults.
func (c *checker) ai(sc scope, raw *rawAI, h *Horizon) AI {
	if raw == nil {
		raw = &rawAI{}
	}
	a := AI{ExistingPUE: 1.3, PowerPassThrough: true, Utilization: 0.8}
	a.ExistingITMW = c.optNumber(sc, "existing_it_mw", raw.ExistingITMW, 0, within(0, maxPowerMW, false, "IT MW"))
	if raw.ExistingPUE == nil && a.ExistingITMW > 0 {
		c.missing(sc, "existing_pue", "a number "+between(1, 3, pueNote).String()+
			" because existing_it_mw is above 0")
	}
	a.ExistingPUE = c.optNumber(sc, "existing_pue", raw.ExistingPUE, 1.3, between(1, 3, pueNote))
	a.CommittedITMW = c.optNumber(sc, "committed_it_mw", raw.CommittedITMW, 0,
		within(0, maxPowerMW, false, "take-or-pay AI IT MW"))
	a.PowerPassThrough = c.boolean(sc, "power_pass_through", raw.PowerPassThrough, true)
	a.Utilization = c.optNumber(sc, "utilization", raw.Utilization, 0.8,
		between(0, 1, "average IT draw / IT capacity"))
	a.CommittedFrom = c.inHorizonDate(sc, "committed_from", raw.CommittedFrom, h)
	return a
}
