package impact

import (
	"math"
	"time"
)

// calendar gives each hour of an area's axis its local year and month.
type calendar struct {
	year  []int32
	month []time.Month
}

// hourIndex is the index of the first hour of the axis starting at start
// whose start is at or after t (negative or past the end when t is
// outside the axis).
func hourIndex(start, t time.Time) int {
	d := t.Sub(start)
	i := int(d / time.Hour)
	if d > 0 && d%time.Hour != 0 {
		i++
	}
	return i
}

// monthStart is local midnight on the first of month m of year y.
func monthStart(y int, m time.Month, loc *time.Location) time.Time {
	return time.Date(y, m, 1, 0, 0, 0, 0, loc)
}

// newCalendar walks the local months that the n hours from start span,
// filling each hour's year and month from the month boundaries (a few
// hundred time-zone conversions, not one per hour).
func newCalendar(start time.Time, n int, loc *time.Location) calendar {
	c := calendar{year: make([]int32, n), month: make([]time.Month, n)}
	lt := start.In(loc)
	y, m := lt.Year(), lt.Month()
	for i := 0; i < n; {
		ny, nm := y, m+1
		if nm > time.December {
			ny, nm = y+1, time.January
		}
		end := min(hourIndex(start, monthStart(ny, nm, loc)), n)
		for ; i < end; i++ {
			c.year[i], c.month[i] = int32(y), m
		}
		y, m = ny, nm
	}
	return c
}

// yearSpan is one local calendar year of an area's axis.
type yearSpan struct {
	year    int
	lo, hi  int // the hours of the axis in the year, [lo, hi)
	hours   int // the hours the full year has
	present int // the hours with a load
}

// years lists the local calendar years the axis touches, with how many
// of their hours have a load.
func years(start time.Time, load []float64, loc *time.Location) []yearSpan {
	if len(load) == 0 {
		return nil
	}
	first := start.In(loc).Year()
	last := start.Add(time.Duration(len(load)-1) * time.Hour).In(loc).Year()
	var out []yearSpan
	for y := first; y <= last; y++ {
		a := hourIndex(start, time.Date(y, time.January, 1, 0, 0, 0, 0, loc))
		b := hourIndex(start, time.Date(y+1, time.January, 1, 0, 0, 0, 0, loc))
		s := yearSpan{year: y, lo: max(a, 0), hi: min(b, len(load)), hours: b - a}
		for _, v := range load[s.lo:s.hi] {
			if !math.IsNaN(v) {
				s.present++
			}
		}
		out = append(out, s)
	}
	return out
}

// counted reports whether at least MinYearShare of the year's hours have
// a load.
func (s yearSpan) counted() bool {
	return s.hours > 0 && float64(s.present) >= MinYearShare*float64(s.hours)
}
