package grid

import "time"

// YearHours returns every hour of calendar year y (UTC): 8,760 hours, or
// 8,784 in a leap year.
func YearHours(y int) []time.Time {
	start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	n := int(time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start) / time.Hour)
	out := make([]time.Time, n)
	for i := range out {
		out[i] = start.Add(time.Duration(i) * time.Hour)
	}
	return out
}

// IsLeap reports whether calendar year y has a February 29.
func IsLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// RepeatedHour maps hour t of a later year onto source year y0 by month,
// day and UTC hour. February 29 of a leap target copies February 28 when
// y0 is not a leap year; a leap source's February 29 is simply never
// mapped to by a non-leap target.
func RepeatedHour(t time.Time, y0 int) time.Time {
	t = t.UTC()
	month, day := t.Month(), t.Day()
	if month == time.February && day == 29 && !IsLeap(y0) {
		day = 28
	}
	return time.Date(y0, month, day, t.Hour(), 0, 0, 0, time.UTC)
}

// FullYears returns, in order, the calendar years every hour of which
// appears in times (strictly increasing hourly timestamps).
func FullYears(times []time.Time) []int {
	var out []int
	for i := 0; i < len(times); {
		t := times[i].UTC()
		start := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		if !t.Equal(start) {
			// Skip to the next 1 January.
			next := time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
			for i < len(times) && times[i].Before(next) {
				i++
			}
			continue
		}
		n := int(time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start) / time.Hour)
		if i+n-1 < len(times) && times[i+n-1].Equal(start.Add(time.Duration(n-1)*time.Hour)) {
			out = append(out, t.Year())
			i += n
			continue
		}
		i++
	}
	return out
}
