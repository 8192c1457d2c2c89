package impact

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// prepared is an area's calendar, counted years and thresholds.
type prepared struct {
	id             string
	cal            calendar
	counted        []yearSpan
	summer, winter float64
	peak           float64
}

// prepare checks an area's load and settings and finds its counted years
// and seasonal thresholds.
func prepare(a AreaLoad) (*prepared, error) {
	if err := a.Settings.Validate(); err != nil {
		return nil, fmt.Errorf("area %s: %w", a.ID, err)
	}
	if err := checkLoad(a); err != nil {
		return nil, err
	}
	loc := a.Settings.Zone()
	p := &prepared{id: a.ID, cal: newCalendar(a.Start, len(a.LoadMW), loc)}
	var best yearSpan
	for _, y := range years(a.Start, a.LoadMW, loc) {
		if y.counted() {
			p.counted = append(p.counted, y)
		}
		if y.present*best.hours >= best.present*y.hours {
			best = y
		}
	}
	if len(p.counted) == 0 {
		if best.hours == 0 {
			return nil, fmt.Errorf("area %s: no hourly load", a.ID)
		}
		return nil, fmt.Errorf("area %s: no counted year: a local calendar year (%s) counts when at least %g%% of its hours have a load; the most complete, %d, has %d of %d",
			a.ID, loc, 100*MinYearShare, best.year, best.present, best.hours)
	}
	return p, p.thresholds(a)
}

// checkLoad refuses negative and infinite loads.
func checkLoad(a AreaLoad) error {
	for i, v := range a.LoadMW {
		if v < 0 || math.IsInf(v, 0) {
			return fmt.Errorf("area %s: hour %s: load %v MW: want a finite load of at least 0", a.ID, a.Start.Add(time.Duration(i)*time.Hour).UTC().Format(time.RFC3339), v)
		}
	}
	return nil
}

// thresholds finds the highest load of each season's peak window, and
// the peak, over the counted years.
func (p *prepared) thresholds(a AreaLoad) error {
	summer, winter := a.Settings.Summer(), a.Settings.Winter()
	p.summer, p.winter = math.Inf(-1), math.Inf(-1)
	for _, y := range p.counted {
		for i := y.lo; i < y.hi; i++ {
			v := a.LoadMW[i]
			if math.IsNaN(v) {
				continue
			}
			p.peak = max(p.peak, v)
			m := p.cal.month[i]
			if slices.Contains(summer, m) {
				p.summer = max(p.summer, v)
			} else if slices.Contains(winter, m) {
				p.winter = max(p.winter, v)
			}
		}
	}
	for _, s := range []struct {
		name string
		th   float64
	}{{"summer", p.summer}, {"winter", p.winter}} {
		if math.IsInf(s.th, -1) {
			return fmt.Errorf("area %s: no load in the %s peak window of the counted years", p.id, s.name)
		}
	}
	return nil
}

// threshold is the threshold hour i is held to.
func (p *prepared) threshold(i int) float64 {
	if isSummerHold(p.cal.month[i]) {
		return p.summer
	}
	return p.winter
}
