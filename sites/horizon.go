package sites

import (
	"fmt"
	"math"
	"time"
)

// horizon validates [horizon].
func (c *checker) horizon(raw *rawHorizon) *Horizon {
	if raw == nil {
		return nil
	}
	sc := scope{path: "horizon", field: "horizon"}
	h := &Horizon{}
	h.StartYear, _ = c.whole(sc, "start_year", raw.StartYear)
	h.Years, _ = c.whole(sc, "years", raw.Years)
	if v, ok := c.num(sc, "price_escalation_per_year", raw.PriceEscalationPerYear); ok {
		h.PriceEscalationPerYear = &v
		c.compounding(sc, "price_escalation_per_year", raw.PriceEscalationPerYear, v, h)
	}
	return h
}

// compounding refuses a yearly rate that, compounded to the horizon's last
// year, multiplies or divides its figure by more than maxGrowthFactor: a
// price of 1e16 USD/MWh is a typing error (a total for a rate, or a
// percent for a fraction), not a forecast.
func (c *checker) compounding(sc scope, key string, l *leaf, rate float64, h *Horizon) {
	if l == nil || h == nil || h.Years < 2 {
		return
	}
	f := math.Pow(1+rate, float64(h.Years-1))
	if f <= maxGrowthFactor && f >= 1.0/maxGrowthFactor {
		return
	}
	c.add(sc, key, "%s over %d years compounds to %.3g× by the last year: want at most %g× up or down (a fraction a year: 0.02 is 2%%)",
		c.shown(sc, key, l.v), h.Years, f, float64(maxGrowthFactor))
}

// needsHorizon reports a key that only makes sense with [horizon].
func (c *checker) needsHorizon(sc scope, key string, l *leaf, h *Horizon) bool {
	if l == nil || h != nil {
		return true
	}
	c.add(sc, key, "%s: only with a [horizon] table (start_year, years): without one the plan covers one window of hours", c.shown(sc, key, l.v))
	return false
}

// inHorizonDate reads a date that must fall in the horizon (at or after
// its start); the zero time when absent.
func (c *checker) inHorizonDate(sc scope, key string, l *leaf, h *Horizon) time.Time {
	if l == nil || !c.needsHorizon(sc, key, l, h) {
		return time.Time{}
	}
	d := c.date(sc, key, l)
	if d == "" {
		return time.Time{}
	}
	t, _ := time.Parse("2006-01-02", d)
	if h.StartYear > 0 && t.Before(h.YearStart(1)) {
		c.add(sc, key, "%s: before the horizon, which starts %s", c.shown(sc, key, l.v), h.YearStart(1).Format("2006-01-02"))
		return time.Time{}
	}
	return t
}

// hallTiming validates a hall's timing keys and its own life.
func (c *checker) hallTiming(sc scope, raw *rawHall, h *Horizon, f Finance, hall *Hall) {
	if c.needsHorizon(sc, "lead_time_months", raw.LeadTimeMonths, h) && raw.LeadTimeMonths != nil {
		hall.LeadTimeMonths, _ = c.whole(sc, "lead_time_months", raw.LeadTimeMonths)
	}
	hall.EarliestOnline = c.inHorizonDate(sc, "earliest_online", raw.EarliestOnline, h)
	if c.needsHorizon(sc, "lease_term_years", raw.LeaseTermYears, h) && raw.LeaseTermYears != nil {
		hall.LeaseTermYears, _ = c.whole(sc, "lease_term_years", raw.LeaseTermYears)
	}
	if c.needsHorizon(sc, "lease_escalator_per_year", raw.LeaseEscalator, h) {
		hall.LeaseEscalatorPerYear = c.optNum(sc, "lease_escalator_per_year", raw.LeaseEscalator)
		c.compounding(sc, "lease_escalator_per_year", raw.LeaseEscalator, hall.LeaseEscalatorPerYear, h)
	}
	if c.needsHorizon(sc, "service_year", raw.ServiceYear, h) && raw.ServiceYear != nil && h.StartYear > 0 && h.Years > 0 {
		last := h.StartYear + h.Years - 1
		if y, ok := c.integer(sc, "service_year", raw.ServiceYear, h.StartYear, last, fmt.Sprintf("calendar years in the horizon (%d-%d)", h.StartYear, last)); ok {
			hall.ServiceYear = y
		}
	}
	if raw.LifeYears != nil {
		if v, ok := c.whole(sc, "life_years", raw.LifeYears); ok {
			hall.LifeYears = v
			if f.DebtTenorYears > 0 && v < f.DebtTenorYears {
				c.add(sc, "life_years", "%s: shorter than [finance] debt_tenor_years = %d: the debt must be repaid within the hall's life",
					c.shown(sc, "life_years", raw.LifeYears.v), f.DebtTenorYears)
			}
		}
	}
}
