package model

import (
	"fmt"
	"math"
	"sort"
	"time"

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
	// StressHours are the case's stress hours, indices into Hours (nil:
	// each site's highest-price hours; flexibility term).
	StressHours []int
	// Notes say how the inputs were prepared (e.g. sub-hourly prices
	// averaged to hours); reports print them.
	Notes []string

	// PriceSourceYear is, with a horizon, the calendar year of the price
	// file that repeats over every year (0 when the file covers the run).
	PriceSourceYear int

	// Years holds a case with a horizon (Case.Horizon) year by year. Then
	// Hours and HashpriceUSDPerPHDay run over every year in order, and the
	// per-site series above are nil: each year has its own.
	Years []Year
}

// Year is one calendar year of a case with a horizon: its hours and the
// series aligned to them (sites that share a node share its slices).
type Year struct {
	Year                      int
	Hours                     []time.Time
	SitePriceUSDPerMWh        [][]float64
	HashpriceUSDPerPHDay      []float64
	SiteReservePriceUSDPerMWh [][]float64 // nil without reserves
	SiteTemperatureC          [][]float64 // nil without temperatures
	CoincidentPeakHours       []int       // indices into Hours
	StressHours               []int       // indices into Hours (nil: each site's own)
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
	if in.Years != nil {
		return in.checkYears()
	}
	T := in.T()
	if T == 0 {
		return fmt.Errorf("inputs: no hours to model")
	}
	S := len(in.Case.Sites)
	if err := checkSiteSeries(in, "price", in.SitePriceUSDPerMWh, true, func(float64) bool { return true }); err != nil {
		return err
	}
	if len(in.SitePriceUSDPerMWh) != S {
		return fmt.Errorf("inputs: %d price series for %d sites", len(in.SitePriceUSDPerMWh), S)
	}
	if err := checkSiteSeries(in, "reserve price", in.SiteReservePriceUSDPerMWh, false, func(v float64) bool { return v >= 0 }); err != nil {
		return err
	}
	if err := checkSiteSeries(in, "temperature", in.SiteTemperatureC, false, func(float64) bool { return true }); err != nil {
		return err
	}
	if !sort.IntsAreSorted(in.CoincidentPeakHours) {
		return fmt.Errorf("inputs: coincident-peak hours are not sorted")
	}
	for _, t := range in.CoincidentPeakHours {
		if t < 0 || t >= T {
			return fmt.Errorf("inputs: coincident-peak hour %d outside the %d modeled hours", t, T)
		}
	}
	for _, t := range in.StressHours {
		if t < 0 || t >= T {
			return fmt.Errorf("inputs: stress hour %d outside the %d modeled hours", t, T)
		}
	}
	if !finite(in.CoincidentPeakRateUSDPerMWYear) || in.CoincidentPeakRateUSDPerMWYear < 0 {
		return fmt.Errorf("inputs: coincident-peak rate %v, want a finite value >= 0", in.CoincidentPeakRateUSDPerMWYear)
	}
	if len(in.HashpriceUSDPerPHDay) != T {
		return fmt.Errorf("inputs: %d hourly hashprices, want %d", len(in.HashpriceUSDPerPHDay), T)
	}
	for t, v := range in.HashpriceUSDPerPHDay {
		if !finite(v) || v < 0 {
			return fmt.Errorf("inputs: hashprice at %s is %v, want a finite value >= 0", in.Hours[t].Format(time.RFC3339), v)
		}
	}
	return nil
}

// checkYears checks a case with a horizon year by year.
func (in *Inputs) checkYears() error {
	h := in.Case.Horizon
	if h == nil || len(in.Years) != h.Years {
		return fmt.Errorf("inputs: %d years of series for the case's horizon", len(in.Years))
	}
	total := 0
	for k := range in.Years {
		y := in.Years[k]
		if y.Year != h.StartYear+k {
			return fmt.Errorf("inputs: year %d of the horizon is %d, want %d", k+1, y.Year, h.StartYear+k)
		}
		sub := &Inputs{Case: in.Case, Hours: y.Hours, SitePriceUSDPerMWh: y.SitePriceUSDPerMWh, HashpriceUSDPerPHDay: y.HashpriceUSDPerPHDay,
			SiteReservePriceUSDPerMWh: y.SiteReservePriceUSDPerMWh, SiteTemperatureC: y.SiteTemperatureC,
			CoincidentPeakHours: y.CoincidentPeakHours, CoincidentPeakRateUSDPerMWYear: in.CoincidentPeakRateUSDPerMWYear,
			StressHours: y.StressHours}
		if err := sub.Check(); err != nil {
			return fmt.Errorf("year %d: %w", y.Year, err)
		}
		for _, t := range []time.Time{y.Hours[0], y.Hours[len(y.Hours)-1]} {
			if t.Year() != y.Year {
				return fmt.Errorf("inputs: year %d has the hour %s", y.Year, t.Format(time.RFC3339))
			}
		}
		total += len(y.Hours)
	}
	if len(in.Hours) != total || len(in.HashpriceUSDPerPHDay) != total {
		return fmt.Errorf("inputs: %d hours and %d hashprices for %d hours in the years", len(in.Hours), len(in.HashpriceUSDPerPHDay), total)
	}
	return nil
}

// checkSiteSeries checks one per-site hourly series: one finite value per
// site and hour that ok accepts. A nil series is fine unless required.
func checkSiteSeries(in *Inputs, name string, series [][]float64, required bool, ok func(float64) bool) error {
	if series == nil && !required {
		return nil
	}
	if len(series) != len(in.Case.Sites) {
		return fmt.Errorf("inputs: %d %s series for %d sites", len(series), name, len(in.Case.Sites))
	}
	for s, v := range series {
		if len(v) != in.T() {
			return fmt.Errorf("inputs: site %q has %d hourly %s values, want %d", in.Case.Sites[s].ID, len(v), name, in.T())
		}
		for t, x := range v {
			if !finite(x) || !ok(x) {
				return fmt.Errorf("inputs: site %q %s at %s is %v", in.Case.Sites[s].ID, name, in.Hours[t].Format(time.RFC3339), x)
			}
		}
	}
	return nil
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// AllCoincidentPeakHours returns the coincident-peak intervals as indices
// into Hours: with a horizon, every year's, offset by the hours before it.
func (in *Inputs) AllCoincidentPeakHours() []int {
	if in.Years == nil {
		return in.CoincidentPeakHours
	}
	var out []int
	off := 0
	for _, y := range in.Years {
		for _, t := range y.CoincidentPeakHours {
			out = append(out, off+t)
		}
		off += len(y.Hours)
	}
	return out
}
