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
	s.InterconnectMW, _ = c.num(sc, "interconnect_mw", raw.InterconnectMW)
	s.Settlement = SettlementRealTime
	if v, ok := c.str(sc, "settlement", raw.Settlement, false, `"real_time" or "day_ahead"`); ok {
		switch Settlement(v) {
		case SettlementRealTime, SettlementDayAhead:
			s.Settlement = Settlement(v)
		default:
			c.add(sc, "settlement", "%s: must be %q or %q", c.shown(sc, "settlement", v), SettlementRealTime, SettlementDayAhead)
		}
	}
	if v, ok := c.num(sc, "reserve_max_mw", raw.ReserveMaxMW); ok {
		s.ReserveMaxMW = &v
	}
	s.Temperature, _ = c.str(sc, "temperature", raw.Temperature, false, `"DFW" (a column of grid.temperatures)`)
	s.NonfirmInterconnectMW = c.optNum(sc, "nonfirm_interconnect_mw", raw.NonfirmMW)
	s.NewConnection = c.boolean(sc, "new_connection", raw.NewConnection, false)
	s.BalancingArea, _ = c.str(sc, "balancing_area", raw.BalancingArea, false, `"ERCO" (an EIA-930 balancing-area code)`)
	s.TimeZone = c.timeZone(sc, raw.TimeZone)
	capOK := false
	s.Mining, capOK = c.mining(sc.in("mining"), raw.Mining)
	s.AI = c.ai(sc.in("ai"), raw.AI, h)
	s.Halls = c.halls(sc, i, raw.Conversion, lease, s.Mining.CapacityITMW, capOK, h, f)
	if len(raw.Contract) > 0 {
		s.Contracts = c.contracts(sc, i, raw.Contract, s.Location())
	}
	s.Params = c.params(sc, "sites")
	s.Mining.Params = c.params(sc.in("mining"), "sites.mining")
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
	m.CapacityITMW, ok = c.num(sc, "capacity_it_mw", raw.CapacityITMW)
	m.EfficiencyJPerTH, _ = c.num(sc, "efficiency_j_per_th", raw.EfficiencyJPerTH)
	m.PUE, _ = c.num(sc, "pue", raw.PUE)
	m.OpexUSDPerMWh = c.optNum(sc, "opex_usd_per_mwh", raw.OpexUSDPerMWh)
	m.PUETemp = c.tempCurve(sc, raw.PUETempSlope, raw.PUETempReference)
	m.DerateAboveC = c.optNum(sc, "derate_above_c", raw.DerateAboveC)
	m.DeratePerC = c.optNum(sc, "derate_per_c", raw.DeratePerC)
	return m, ok
}

// ai validates the optional [sites.ai] table and fills its defaults.
func (c *checker) ai(sc scope, raw *rawAI, h *Horizon) AI {
	if raw == nil {
		raw = &rawAI{}
	}
	a := AI{ExistingPUE: 1.3, PowerPassThrough: true, Utilization: 0.8}
	a.ExistingITMW = c.optNum(sc, "existing_it_mw", raw.ExistingITMW)
	if raw.ExistingPUE == nil && a.ExistingITMW > 0 {
		c.missing(sc, "existing_pue", "a number "+declared(sc, "existing_pue").rng.String()+
			" because existing_it_mw is above 0")
	}
	a.ExistingPUE = c.optNum(sc, "existing_pue", raw.ExistingPUE)
	a.CommittedITMW = c.optNum(sc, "committed_it_mw", raw.CommittedITMW)
	a.PowerPassThrough = c.boolean(sc, "power_pass_through", raw.PowerPassThrough, true)
	a.Utilization = c.optNum(sc, "utilization", raw.Utilization)
	a.CommittedFrom = c.inHorizonDate(sc, "committed_from", raw.CommittedFrom, h)
	return a
}
