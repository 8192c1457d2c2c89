package sites

import "math"

// hallDeal validates a hall's deal keys: the disclosed contract value, the
// disclosed NOI margin, the lease-up and the construction period. It runs
// after hallTiming (it reads the hall's service year, lease term,
// escalator and life).
func (c *checker) hallDeal(sc scope, raw *rawHall, hz *Horizon, f Finance, h *Hall) {
	h.NOIMarginDisclosed = c.numPtr(sc, "noi_margin_disclosed", raw.NOIMarginDisclosed)
	c.hallOccupancy(sc, raw, f, h)
	h.BuildMonths = min(h.LeadTimeMonths, maxBuildMonths)
	if raw.BuildMonths != nil && c.needsHorizon(sc, "build_months", raw.BuildMonths, hz) {
		if v, ok := c.whole(sc, "build_months", raw.BuildMonths); ok {
			h.BuildMonths = v
		}
	}
	if raw.LeaseTermYears != nil && h.LeaseTermYears > h.Life(f) && h.Life(f) > 0 {
		c.add(sc, "lease_term_years", "%s: longer than the hall's life of %d years: give the hall a life_years of at least its lease term",
			c.shown(sc, "lease_term_years", raw.LeaseTermYears.v), h.Life(f))
	}
	c.hallContractValue(sc, raw, f, h)
}

// hallOccupancy reads occupancy_start, occupancy and lease_up_years.
func (c *checker) hallOccupancy(sc scope, raw *rawHall, f Finance, h *Hall) {
	h.Occupancy = c.optNum(sc, "occupancy", raw.Occupancy)
	h.OccupancyStart = h.Occupancy
	if v, ok := c.num(sc, "occupancy_start", raw.OccupancyStart); ok {
		if v > h.Occupancy {
			c.add(sc, "occupancy_start", "%s: above occupancy = %s: a lease-up rises to its occupancy",
				c.shown(sc, "occupancy_start", raw.OccupancyStart.v), formatNumber(h.Occupancy))
		} else {
			h.OccupancyStart = v
		}
	}
	if raw.LeaseUpYears == nil {
		return
	}
	if v, ok := c.whole(sc, "lease_up_years", raw.LeaseUpYears); ok {
		if life := h.Life(f); life > 0 && v > life {
			c.add(sc, "lease_up_years", "%s: longer than the hall's life of %d years",
				c.shown(sc, "lease_up_years", raw.LeaseUpYears.v), life)
			return
		}
		h.LeaseUpYears = v
	}
}

// hallContractValue reads contract_value_usd and derives the hall's
// first-year lease from it.
func (c *checker) hallContractValue(sc scope, raw *rawHall, f Finance, h *Hall) {
	if raw.ContractValueUSD == nil {
		return
	}
	v, ok := c.num(sc, "contract_value_usd", raw.ContractValueUSD)
	if !ok {
		return
	}
	shown := c.shown(sc, "contract_value_usd", raw.ContractValueUSD.v)
	switch {
	case raw.LeaseUSDPerKWMonth != nil:
		c.add(sc, "contract_value_usd", "%s together with lease_usd_per_kw_month: give one (the lease is derived from the contract value)", shown)
	case h.Offer == OfferGPUCloud:
		c.add(sc, "contract_value_usd", `%s: only for a colocation hall (a gpu_cloud hall gives gpu_revenue_usd_per_year)`, shown)
	case raw.ServiceYear == nil:
		c.add(sc, "contract_value_usd", "%s: only for a signed deal: give its service_year", shown)
	case raw.LeaseTermYears == nil:
		c.add(sc, "contract_value_usd", "%s: give lease_term_years, the years the contract value covers", shown)
	case h.ITMW <= 0 || h.LeaseTermYears <= 0:
		// it_mw or lease_term_years is wrong and already reported
	default:
		lease := FirstYearLease(v, h.ITMW, h.LeaseEscalatorPerYear, h.LeaseTermYears, h.OccupancyIn)
		if !(lease > 0 && lease <= maxLeaseUSDPerKWMonth) || math.IsNaN(lease) {
			c.add(sc, "contract_value_usd", "%s: derives a first-year lease of %s USD/kW-month over %d years of %s IT MW, outside (0, %s]",
				shown, formatNumber(lease), h.LeaseTermYears, formatNumber(h.ITMW), formatNumber(maxLeaseUSDPerKWMonth))
			return
		}
		h.ContractValueUSD, h.LeaseUSDPerKWMonth, h.LeaseOverridden, h.LeaseFromContract = v, lease, true, true
	}
}

// FirstYearLease is the first-year lease (USD per kW-month) whose lease
// revenue over termYears, escalated by escalator a year and let at
// occupancy(k) in service year k, sums to contractValueUSD (nominal):
//
//	Σ_{k=1..term} 12,000 · IT MW · lease₁ · (1+escalator)^(k−1) · occupancy(k) = contract value.
func FirstYearLease(contractValueUSD, itMW, escalator float64, termYears int, occupancy func(k int) float64) float64 {
	var perLeaseUSD float64
	for k := 1; k <= termYears; k++ {
		perLeaseUSD += 12000 * itMW * math.Pow(1+escalator, float64(k-1)) * occupancy(k)
	}
	return contractValueUSD / perLeaseUSD
}

// OccupancyIn is the share of the hall let in its k-th year of service
// (k = 1 the first): OccupancyStart + (Occupancy − OccupancyStart) ·
// min(k−1, L−1)/(L−1) for a lease-up of L ≥ 2 years, Occupancy from year 1
// otherwise. A hall built in code with neither set is fully let.
func (h *Hall) OccupancyIn(k int) float64 {
	occ := h.Occupancy
	if occ == 0 {
		occ = 1
	}
	start := h.OccupancyStart
	if start == 0 {
		start = occ
	}
	L := h.LeaseUpYears
	if L <= 1 || k >= L {
		return occ
	}
	if k < 1 {
		k = 1
	}
	return start + (occ-start)*float64(k-1)/float64(L-1)
}

// maxBuildMonths is the longest construction period build_months allows
// (and the most its default, lead_time_months, gives).
const maxBuildMonths = 120
