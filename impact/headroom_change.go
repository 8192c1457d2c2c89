package impact

import (
	"fmt"
	"math"
	"time"
)

// Change is an area's headroom before and after a change of its load
// over one reference year.
type Change struct {
	ID     string
	Year   int // the reference local calendar year
	Before []LimitResult
	After  []LimitResult
}

// ReferenceHours returns the start (UTC) of every hour of local calendar
// year on the area's axis: the hours a net load change for HeadroomChange
// is given for, one value each.
func ReferenceHours(a AreaLoad, year int) ([]time.Time, error) {
	y, err := referenceYear(a, year)
	if err != nil {
		return nil, err
	}
	out := make([]time.Time, y.hi-y.lo)
	for i := range out {
		out[i] = a.Start.Add(time.Duration(y.lo+i) * time.Hour).UTC()
	}
	return out, nil
}

// referenceYear finds year on the axis; it must be a counted year held
// whole by the axis.
func referenceYear(a AreaLoad, year int) (yearSpan, error) {
	for _, y := range years(a.Start, a.LoadMW, a.Settings.Zone()) {
		if y.year != year {
			continue
		}
		if !y.counted() {
			return yearSpan{}, fmt.Errorf("area %s: reference year %d has a load in %d of its %d hours: it must count (at least %g%%)", a.ID, year, y.present, y.hours, 100*MinYearShare)
		}
		return y, nil
	}
	return yearSpan{}, fmt.Errorf("area %s: reference year %d is not in the load data", a.ID, year)
}

// HeadroomChange computes the headroom at each limit over one reference
// local calendar year, before and after adding deltaMW (the net load
// change, one value per hour of ReferenceHours(a, year); positive adds
// load). Both use the thresholds of all the counted years of a's load:
// before is the reference year's load, after the same load plus deltaMW.
// A firm load of M MW (deltaMW all M) lowers every headroom by M.
func HeadroomChange(a AreaLoad, year int, deltaMW []float64, limits []float64) (Change, error) {
	if err := CheckLimits(limits); err != nil {
		return Change{}, err
	}
	p, err := prepare(a)
	if err != nil {
		return Change{}, err
	}
	y, err := referenceYear(a, year)
	if err != nil {
		return Change{}, err
	}
	if len(deltaMW) != y.hi-y.lo {
		return Change{}, fmt.Errorf("area %s: %d hourly load changes for reference year %d, which has %d hours in the load data", a.ID, len(deltaMW), year, y.hi-y.lo)
	}
	after := make([]float64, len(a.LoadMW))
	copy(after, a.LoadMW)
	for i, d := range deltaMW {
		if math.IsNaN(d) || math.IsInf(d, 0) {
			return Change{}, fmt.Errorf("area %s: load change %d (%s) is %v: want a finite MW", a.ID, i, a.Start.Add(time.Duration(y.lo+i)*time.Hour).UTC().Format(time.RFC3339), d)
		}
		after[y.lo+i] += d
	}
	out := Change{ID: a.ID, Year: year}
	ys := []yearSpan{y}
	for _, side := range []struct {
		load []float64
		into *[]LimitResult
	}{{a.LoadMW, &out.Before}, {after, &out.After}} {
		set := p.slacks(side.load, ys)
		for _, lim := range limits {
			r := p.stats(side.load, ys, set.solve(lim))
			r.CurtailmentLimit = lim
			*side.into = append(*side.into, r)
		}
	}
	return out, nil
}
