// Package optimize holds the gridflip formulation: it turns a portfolio, its
// hourly prices and the market into one solver.Problem (DESIGN.md §4), and
// turns the solver's raw vectors back into a typed Plan.
package optimize

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/gridflip/gridflip/market"
	"github.com/gridflip/gridflip/sites"
)

// HoursPerYear scales annual figures to the modeled horizon (T/8760).
const HoursPerYear = 8760

// Inputs is everything the model needs, already loaded and validated.
type Inputs struct {
	Case *sites.Case
	// Hours are the model's hourly time steps (UTC), one per price row.
	Hours []time.Time
	// SitePriceUSDPerMWh[s][t] is the price at site s's node in hour t.
	SitePriceUSDPerMWh [][]float64
	// HashpriceUSDPerPHDay[t] is the hashprice in hour t.
	HashpriceUSDPerPHDay []float64

	// SiteReservePriceUSDPerMWh[s][t] is the reserve price (USD per MW-h of
	// curtailable load offered) at site s; nil when the case has none.
	SiteReservePriceUSDPerMWh [][]float64
	// SiteTemperatureC[s][t] is the temperature at site s (°C); nil when
	// the case has none (PUE is then constant).
	SiteTemperatureC [][]float64
	// CoincidentPeakHours are the indices of the coincident-peak intervals;
	// the charge is CoincidentPeakRateUSDPerMWYear per MW of a site's
	// average meter load over them, scaled by T/8760.
	CoincidentPeakHours            []int
	CoincidentPeakRateUSDPerMWYear float64
	// Notes say how the inputs were prepared (e.g. sub-hourly prices
	// averaged to hours); reports print them.
	Notes []string
}

// T is the number of modeled hours.
func (in *Inputs) T() int { return len(in.Hours) }

// YearFraction is T/8760, the factor applied to annual money figures.
func (in *Inputs) YearFraction() float64 { return float64(in.T()) / HoursPerYear }

// Check verifies that the series agree with the case in shape and are finite.
func (in *Inputs) Check() error {
	if in.Case == nil {
		return fmt.Errorf("inputs: no case")
	}
	T := in.T()
	if T == 0 {
		return fmt.Errorf("inputs: no hours to model")
	}
	if len(in.SitePriceUSDPerMWh) != len(in.Case.Sites) {
		return fmt.Errorf("inputs: %d price series for %d sites", len(in.SitePriceUSDPerMWh), len(in.Case.Sites))
	}
	for s, prices := range in.SitePriceUSDPerMWh {
		if len(prices) != T {
			return fmt.Errorf("inputs: site %q has %d hourly prices, want %d", in.Case.Sites[s].ID, len(prices), T)
		}
		for t, v := range prices {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("inputs: site %q price at %s is %v", in.Case.Sites[s].ID, in.Hours[t].Format(time.RFC3339), v)
			}
		}
	}
	for name, series := range map[string][][]float64{"reserve price": in.SiteReservePriceUSDPerMWh, "temperature": in.SiteTemperatureC} {
		if series == nil {
			continue
		}
		if len(series) != len(in.Case.Sites) {
			return fmt.Errorf("inputs: %d %s series for %d sites", len(series), name, len(in.Case.Sites))
		}
		for s, v := range series {
			if len(v) != T {
				return fmt.Errorf("inputs: site %q has %d hourly %s values, want %d", in.Case.Sites[s].ID, len(v), name, T)
			}
			for t, x := range v {
				if math.IsNaN(x) || math.IsInf(x, 0) || (name == "reserve price" && x < 0) {
					return fmt.Errorf("inputs: site %q %s at %s is %v", in.Case.Sites[s].ID, name, in.Hours[t].Format(time.RFC3339), x)
				}
			}
		}
	}
	if !sort.IntsAreSorted(in.CoincidentPeakHours) {
		return fmt.Errorf("inputs: coincident-peak hours are not sorted")
	}
	for _, t := range in.CoincidentPeakHours {
		if t < 0 || t >= T {
			return fmt.Errorf("inputs: coincident-peak hour %d outside the %d modeled hours", t, T)
		}
	}
	if len(in.HashpriceUSDPerPHDay) != T {
		return fmt.Errorf("inputs: %d hourly hashprices, want %d", len(in.HashpriceUSDPerPHDay), T)
	}
	for t, v := range in.HashpriceUSDPerPHDay {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("inputs: hashprice at %s is %v, want a finite value >= 0", in.Hours[t].Format(time.RFC3339), v)
		}
	}
	return nil
}

// hallEconomics are the per-hall objective terms over the horizon.
type hallEconomics struct {
	LeaseRevenueUSD float64
	CapexAnnuityUSD float64
	FixedOMUSD      float64
	EnergyCostUSD   float64 // 0 when the tenant pays for power
	// CoincidentPeakUSD is the transmission charge on the hall's load in
	// the coincident-peak intervals (firm AI cannot curtail).
	CoincidentPeakUSD float64
}

func (h hallEconomics) netUSD() float64 {
	return h.LeaseRevenueUSD - h.CapexAnnuityUSD - h.FixedOMUSD - h.EnergyCostUSD - h.CoincidentPeakUSD
}

// hallTerms computes what building hall h of site s is worth over the
// horizon, apart from what it does to mining.
func (in *Inputs) hallTerms(s, h int) hallEconomics {
	site := &in.Case.Sites[s]
	hall := &site.Halls[h]
	f := in.YearFraction()
	crf := market.CRF(in.Case.Finance.DiscountRate, in.Case.Finance.LifeYears)
	e := hallEconomics{
		LeaseRevenueUSD: market.LeaseUSDPerMWYear(hall.LeaseUSDPerKWMonth) * hall.ITMW * f,
		CapexAnnuityUSD: hall.CapexUSDPerMW * crf * hall.ITMW * f,
		FixedOMUSD:      hall.FixedOMUSDPerMWYear * hall.ITMW * f,
	}
	if !site.AI.PowerPassThrough {
		var sum float64
		for t, p := range in.SitePriceUSDPerMWh[s] {
			sum += p * in.hallPUE(s, h, t)
		}
		e.EnergyCostUSD = sum * site.AI.Utilization * hall.ITMW
	}
	for _, t := range in.CoincidentPeakHours {
		e.CoincidentPeakUSD += in.cpUSDPerMW() * in.hallPUE(s, h, t) * site.AI.Utilization * hall.ITMW
	}
	return e
}

// cpUSDPerMW is the coincident-peak charge, over the horizon, of one meter
// MW present in one of the intervals: rate × T/8760 ÷ number of intervals.
func (in *Inputs) cpUSDPerMW() float64 {
	if len(in.CoincidentPeakHours) == 0 {
		return 0
	}
	return in.CoincidentPeakRateUSDPerMWYear * in.YearFraction() / float64(len(in.CoincidentPeakHours))
}

// temperature returns site s's temperature in hour t and whether there is one.
func (in *Inputs) temperature(s, t int) (float64, bool) {
	if in.SiteTemperatureC == nil {
		return 0, false
	}
	return in.SiteTemperatureC[s][t], true
}

// miningPUE is the mining fleet's PUE at site s in hour t.
func (in *Inputs) miningPUE(s, t int) float64 {
	m := &in.Case.Sites[s].Mining
	if temp, ok := in.temperature(s, t); ok {
		return m.PUETemp.PUEAt(m.PUE, temp)
	}
	return m.PUE
}

// hallPUE is hall h's PUE at site s in hour t.
func (in *Inputs) hallPUE(s, h, t int) float64 {
	hall := &in.Case.Sites[s].Halls[h]
	if temp, ok := in.temperature(s, t); ok {
		return hall.PUETemp.PUEAt(hall.PUE, temp)
	}
	return hall.PUE
}

// fleetAvailability is the share of the mining fleet usable in hour t
// (1 unless the fleet is derated above a temperature).
func (in *Inputs) fleetAvailability(s, t int) float64 {
	m := &in.Case.Sites[s].Mining
	temp, ok := in.temperature(s, t)
	if !ok || m.DeratePerC == 0 {
		return 1
	}
	return math.Max(0, 1-m.DeratePerC*math.Max(0, temp-m.DerateAboveC))
}

// reservePrice is the reserve price at site s in hour t (0 without one).
func (in *Inputs) reservePrice(s, t int) float64 {
	if in.SiteReservePriceUSDPerMWh == nil {
		return 0
	}
	return in.SiteReservePriceUSDPerMWh[s][t]
}

// hourlyHallPUE reports whether any hall of site s has a temperature-
// dependent PUE in this case (its POI rows then carry the halls directly).
func (in *Inputs) hourlyHallPUE(s int) bool {
	if in.SiteTemperatureC == nil {
		return false
	}
	for _, h := range in.Case.Sites[s].Halls {
		if h.PUETemp.SlopePerC > 0 {
			return true
		}
	}
	return false
}

// miningTerms returns, for hour t at site s, the revenue, energy cost, opex
// and coincident-peak charge of one IT MWh of mining:
// g = R − pue(t)·price − opex − cp(t)·pue(t).
func (in *Inputs) miningTerms(s, t int) (revenue, energy, opex, cp float64) {
	site := &in.Case.Sites[s]
	pue := in.miningPUE(s, t)
	revenue = market.MiningRevenueUSDPerMWh(in.HashpriceUSDPerPHDay[t], site.Mining.EfficiencyJPerTH)
	energy = pue * in.SitePriceUSDPerMWh[s][t]
	if in.cpHour(t) {
		cp = in.cpUSDPerMW() * pue
	}
	return revenue, energy, site.Mining.OpexUSDPerMWh, cp
}

// cpHour reports whether hour t is a coincident-peak interval.
func (in *Inputs) cpHour(t int) bool {
	i := sort.SearchInts(in.CoincidentPeakHours, t)
	return i < len(in.CoincidentPeakHours) && in.CoincidentPeakHours[i] == t
}

// existingMeterMW is the interconnection reserved by existing AI capacity.
func existingMeterMW(site *sites.Site) float64 {
	return site.AI.ExistingITMW * site.AI.ExistingPUE
}

// reserveOffered reports whether site offers reserve at all (a cap of 0
// turns it off).
func reserveOffered(site *sites.Site) bool {
	return site.ReserveMaxMW == nil || *site.ReserveMaxMW > 0
}
