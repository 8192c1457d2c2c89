package grid

import (
	"fmt"
	"strings"
)

// Validate checks that the profile's fields are finite and in their
// documented ranges. Messages name the node and the field.
func (p NodeProfile) Validate() error {
	if p.Name == "" || strings.TrimSpace(p.Name) != p.Name {
		return fmt.Errorf("node name %q must be non-empty without surrounding spaces", p.Name)
	}
	if _, err := shapesOf(p.Market); err != nil {
		return fmt.Errorf("node %q: Market: %w", p.Name, err)
	}
	checks := []struct {
		field   string
		v       float64
		lo, hi  float64
		openLow bool
	}{
		{"MeanUSDPerMWh", p.MeanUSDPerMWh, 0, 10000, true},
		{"DailyAmplitude", p.DailyAmplitude, 0, 2, false},
		{"SeasonalAmplitude", p.SeasonalAmplitude, 0, 0.95, false},
		{"Volatility", p.Volatility, 0, 1.5, false},
		{"CommonShare", p.CommonShare, 0, 1, false},
		{"NegativeShare", p.NegativeShare, 0, 0.5, false},
		{"NegativeDepthUSD", p.NegativeDepthUSD, 0, -priceFloorUSD, false},
		{"ScarcityDaysPerYear", p.ScarcityDaysPerYear, 0, 200, false},
		{"ScarcityPeakUSD", p.ScarcityPeakUSD, 0, offerCapUSD, false},
	}
	for _, c := range checks {
		ok := c.v >= c.lo && c.v <= c.hi // false for NaN
		if c.openLow {
			ok = ok && c.v > c.lo
		}
		if !ok {
			lb := "["
			if c.openLow {
				lb = "("
			}
			return fmt.Errorf("node %q: %s = %v, must be in %s%g, %g]", p.Name, c.field, c.v, lb, c.lo, c.hi)
		}
	}
	if p.NegativeShare > 0 && p.NegativeDepthUSD == 0 {
		return fmt.Errorf("node %q: NegativeDepthUSD must be > 0 when NegativeShare > 0", p.Name)
	}
	return nil
}
