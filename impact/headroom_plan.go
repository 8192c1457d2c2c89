package impact

import (
	"fmt"
	"math"
	"time"
)

// CountedYears lists the local calendar years of a's load that count (at
// least MinYearShare of their hours have a load), in order.
func CountedYears(a AreaLoad) []int {
	var out []int
	for _, y := range years(a.Start, a.LoadMW, a.Settings.Zone()) {
		if y.counted() {
			out = append(out, y.year)
		}
	}
	return out
}

// localKey is a local month, day and hour of day, whatever the year.
type localKey struct {
	month      time.Month
	day, clock int
}

// keyOf is the local month, day and hour of t in loc.
func keyOf(t time.Time, loc *time.Location) localKey {
	lt := t.In(loc)
	return localKey{lt.Month(), lt.Day(), lt.Hour()}
}

// dayBefore is the same hour of the previous calendar day (1 March's day
// before is 29 February, which a year without one then lacks too).
func (k localKey) dayBefore() localKey {
	d := time.Date(2024, k.month, k.day-1, 12, 0, 0, 0, time.UTC) // 2024: a leap year
	return localKey{d.Month(), d.Day(), k.clock}
}

// OntoReferenceYear maps an hourly series given at absolute hours (a
// plan's net load change, MW) onto the hours of local calendar year year
// of a's axis (ReferenceHours), by local month, day and hour in a's zone:
// the year of the hours given does not matter. A local hour the series
// lacks (the hour a spring-forward day skips, 29 February) takes the same
// hour of the previous day; a local hour the series holds twice (the
// fall-back day's repeated hour, or several years) takes the first.
// Reference hours the series covers neither way get 0; missing counts
// them.
func OntoReferenceYear(a AreaLoad, year int, hours []time.Time, valuesMW []float64) (mapped []float64, missing int, err error) {
	if len(hours) != len(valuesMW) {
		return nil, 0, fmt.Errorf("area %s: %d hours but %d values", a.ID, len(hours), len(valuesMW))
	}
	ref, err := ReferenceHours(a, year)
	if err != nil {
		return nil, 0, err
	}
	loc := a.Settings.Zone()
	at := make(map[localKey]int, len(hours))
	for i, t := range hours {
		if v := valuesMW[i]; math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, 0, fmt.Errorf("area %s: load change at %s is %v: want a finite MW", a.ID, t.UTC().Format(time.RFC3339), v)
		}
		k := keyOf(t, loc)
		if _, seen := at[k]; !seen {
			at[k] = i
		}
	}
	mapped = make([]float64, len(ref))
	for i, t := range ref {
		k := keyOf(t, loc)
		j, ok := at[k]
		if !ok {
			j, ok = at[k.dayBefore()]
		}
		if !ok {
			missing++
			continue
		}
		mapped[i] = valuesMW[j]
	}
	return mapped, missing, nil
}
