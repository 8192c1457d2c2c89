package impact_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/impact"
)

// chicagoArea is a flat 1,000 MW load over local 2023-2024 in Central time.
func chicagoArea(t *testing.T) impact.AreaLoad {
	t.Helper()
	loc, err := time.LoadLocation("America/Chicago")
	require.NoError(t, err)
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, loc).UTC()
	end := time.Date(2025, 1, 1, 0, 0, 0, 0, loc).UTC()
	load := make([]float64, int(end.Sub(start)/time.Hour))
	for i := range load {
		load[i] = 1000
	}
	return impact.AreaLoad{ID: "X", Start: start, LoadMW: load, Settings: impact.AreaSettings{TimeZone: loc}}
}

// TestOntoReferenceYear maps a plan's UTC year 2025 (each hour's value
// its index) onto local 2024: the same local month, day and hour; 29
// February and the hour 2025's spring-forward day skips copy the
// previous day; 2025's repeated fall-back hour gives its first.
func TestOntoReferenceYear(t *testing.T) {
	a := chicagoArea(t)
	loc := a.Settings.TimeZone
	require.Equal(t, []int{2023, 2024}, impact.CountedYears(a))
	var hours []time.Time
	var vals []float64
	for h := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC); h.Year() == 2025; h = h.Add(time.Hour) {
		hours = append(hours, h)
		vals = append(vals, float64(len(vals)))
	}
	ref, err := impact.ReferenceHours(a, 2024)
	require.NoError(t, err)
	require.Len(t, ref, 8784, "a leap year; its DST days have 23 and 25 hours")
	got, missing, err := impact.OntoReferenceYear(a, 2024, hours, vals)
	require.NoError(t, err)
	require.Len(t, got, len(ref))
	// 2025's UTC hours start at 18:00 on 31 December 2024 local, so its
	// local 31 December is whole (18:00-23:00 from 2024's end, 00:00-17:00
	// from 2025's): every reference hour has a plan hour.
	require.Zero(t, missing)
	planIndex := func(y int, m time.Month, d, h int) float64 {
		t.Helper()
		at := time.Date(y, m, d, h, 0, 0, 0, loc)
		for i, x := range hours {
			if x.Equal(at) {
				return float64(i)
			}
		}
		t.Fatalf("%s is not a plan hour", at)
		return 0
	}
	refIndex := func(m time.Month, d, h int) int {
		t.Helper()
		at := time.Date(2024, m, d, h, 0, 0, 0, loc)
		for i, x := range ref {
			if x.Equal(at) {
				return i
			}
		}
		t.Fatalf("%s is not a reference hour", at)
		return 0
	}
	checked := 0
	for _, tc := range []struct {
		name     string
		ref      [3]int // month, day, hour of 2024
		plan     [3]int // month, day, hour of 2025
		unmapped bool
	}{
		{"same hour", [3]int{7, 15, 14}, [3]int{7, 15, 14}, false},
		{"29 February copies 28 February", [3]int{2, 29, 5}, [3]int{2, 28, 5}, false},
		{"1 March", [3]int{3, 1, 5}, [3]int{3, 1, 5}, false},
		{"the hour 9 March 2025 skips copies 8 March", [3]int{3, 9, 2}, [3]int{3, 8, 2}, false},
		{"9 March, the hour after", [3]int{3, 9, 3}, [3]int{3, 9, 3}, false},
		{"2 November 01:00, twice in 2025, takes the first (CDT)", [3]int{11, 2, 1}, [3]int{11, 2, 1}, false},
	} {
		i := refIndex(time.Month(tc.ref[0]), tc.ref[1], tc.ref[2])
		want := planIndex(2025, time.Month(tc.plan[0]), tc.plan[1], tc.plan[2])
		require.Equal(t, want, got[i], tc.name)
		checked++
	}
	// Both 01:00 hours of 3 November 2024 (its fall-back) take 2025's one.
	first := refIndex(time.November, 3, 1)
	require.Equal(t, ref[first].Add(time.Hour).In(loc).Hour(), 1, "the repeated hour follows")
	require.Equal(t, got[first], got[first+1])
	require.Equal(t, planIndex(2025, time.November, 3, 1), got[first])
	require.Equal(t, 6, checked)
	require.Equal(t, float64(0), got[refIndex(time.December, 31, 18)], "the plan's first hour")
}

// TestOntoReferenceYearPartialPlan: a plan of one local week covers its
// seven days and, through the previous-day rule, the day after; the
// other reference hours get 0 and are counted.
func TestOntoReferenceYearPartialPlan(t *testing.T) {
	a := chicagoArea(t)
	loc := a.Settings.TimeZone
	start := time.Date(2025, 7, 7, 0, 0, 0, 0, loc).UTC()
	var hours []time.Time
	var vals []float64
	for i := range 168 {
		hours = append(hours, start.Add(time.Duration(i)*time.Hour))
		vals = append(vals, 5)
	}
	got, missing, err := impact.OntoReferenceYear(a, 2024, hours, vals)
	require.NoError(t, err)
	require.Equal(t, len(got)-8*24, missing)
	var sum float64
	for _, v := range got {
		sum += v
	}
	require.Equal(t, 5.0*8*24, sum)

	_, _, err = impact.OntoReferenceYear(a, 2022, hours, vals)
	require.ErrorContains(t, err, "reference year 2022 is not in the load data")
	_, _, err = impact.OntoReferenceYear(a, 2024, hours, vals[:3])
	require.ErrorContains(t, err, "168 hours but 3 values")
}
