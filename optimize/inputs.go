// Package optimize holds the gridflip formulation: it turns a portfolio, its
// hourly prices and the market into one solver.Problem (DESIGN.md §4), and
// turns the solver's raw vectors back into a typed Plan.
package optimize

import (
	"fmt"
	"math"
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
}

func (h hallEconomics) netUSD() float64 {
	return h.LeaseRevenueUSD - h.CapexAnnuityUSD - h.FixedOMUSD - h.EnergyCostUSD
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
		for _, p := range in.SitePriceUSDPerMWh[s] {
			sum += p
		}
		e.EnergyCostUSD = sum * hall.PUE * site.AI.Utilization * hall.ITMW
	}
	return e
}

// miningMarginUSDPerMWh returns, for hour t at site s, the revenue, energy
// cost and opex of one IT MWh of mining: g = R − pue·price − opex.
func (in *Inputs) miningTerms(s, t int) (revenue, energy, opex float64) {
	site := &in.Case.Sites[s]
	revenue = market.MiningRevenueUSDPerMWh(in.HashpriceUSDPerPHDay[t], site.Mining.EfficiencyJPerTH)
	energy = site.Mining.PUE * in.SitePriceUSDPerMWh[s][t]
	return revenue, energy, site.Mining.OpexUSDPerMWh
}

// existingMeterMW is the interconnection reserved by existing AI capacity.
func existingMeterMW(site *sites.Site) float64 {
	return site.AI.ExistingITMW * site.AI.ExistingPUE
}
