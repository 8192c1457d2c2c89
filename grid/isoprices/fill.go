package isoprices

import (
	"fmt"
	"strings"
	"time"
)

// FillMethod names how Import fills the hours without a price.
type FillMethod string

// The fill methods (docs/case-file.md, "Prices beyond ERCOT", says when
// each fits).
const (
	// FillPreviousDay copies the same local hour of the previous market day
	// (of the next day for a gap at the start), chaining over a gap of
	// several days: for gaps of a few hours.
	FillPreviousDay FillMethod = "same-hour-previous-day"
	// FillLinear interpolates between the prices on either side of the gap:
	// for gaps of an hour or two; a gap at either end of the range has no
	// price on one side and is an error.
	FillLinear FillMethod = "linear"
	// FillNearestWeek copies the same local hour of the same weekday from
	// the nearest week that has it in the files (earlier on a tie): for
	// long gaps, such as the five-week summer gaps of the EIA files, it
	// keeps the weekday and hour shape and the season's level, where
	// copying one day would repeat that day's weather for weeks.
	FillNearestWeek FillMethod = "same-hour-nearest-week"
)

// FillMethods returns the fill methods in documentation order.
func FillMethods() []FillMethod {
	return []FillMethod{FillPreviousDay, FillLinear, FillNearestWeek}
}

// ParseFill returns the fill method named s.
func ParseFill(s string) (FillMethod, error) {
	for _, m := range FillMethods() {
		if strings.TrimSpace(s) == string(m) {
			return m, nil
		}
	}
	names := make([]string, len(FillMethods()))
	for i, m := range FillMethods() {
		names[i] = string(m)
	}
	return "", fmt.Errorf("unknown fill method %q: want one of %s", s, strings.Join(names, ", "))
}

// fillAll fills every node's missing hours by method m. Sources are the
// hours the files give (nearest week, linear) or, for the previous day,
// also hours filled before.
func fillAll(table []hourly, from int64, loc *time.Location, m FillMethod) error {
	for i := range table {
		missing := 0
		for _, p := range table[i].present {
			if !p {
				missing++
			}
		}
		if 2*missing > len(table[i].present) {
			return fmt.Errorf("node %q has no price for %d of the range's %d hours: too few to fill the rest from (%s)", table[i].name, missing, len(table[i].present), m)
		}
		var err error
		switch m {
		case FillLinear:
			err = fillLinear(&table[i], from, loc)
		case FillPreviousDay:
			err = fillPreviousDay(&table[i], from, loc)
		case FillNearestWeek:
			err = fillNearestWeek(&table[i], from, loc)
		default:
			_, err = ParseFill(string(m))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// hourAt returns the start of hour j.
func hourAt(from int64, j int) time.Time { return time.Unix(from+int64(j)*3600, 0).UTC() }

// index returns the hour of t, or -1 outside the table.
func index(t time.Time, from int64, n int) int {
	d := t.Unix() - from
	if d < 0 || d%3600 != 0 || d/3600 >= int64(n) {
		return -1
	}
	return int(d / 3600)
}

// shiftDays returns the same local hour days later (earlier when negative)
// on loc; where that hour does not exist or repeats, the instant 24 hours
// a day apart.
func shiftDays(t time.Time, days int, loc *time.Location) time.Time {
	l := t.In(loc)
	s := time.Date(l.Year(), l.Month(), l.Day()+days, l.Hour(), 0, 0, 0, loc)
	if s.In(loc).Hour() != l.Hour() {
		return t.Add(time.Duration(days) * 24 * time.Hour)
	}
	return s.UTC()
}

func fillLinear(h *hourly, from int64, loc *time.Location) error {
	n := len(h.present)
	for j := 0; j < n; {
		if h.present[j] {
			j++
			continue
		}
		k := j
		for k < n && !h.present[k] {
			k++
		}
		if j == 0 || k == n {
			return fmt.Errorf("node %q: %s is at an end of the range, with a price on one side only: %s cannot fill it (use %s)",
				h.name, Span{First: hourAt(from, j), Hours: k - j}.Text(loc), FillLinear, FillNearestWeek)
		}
		a, b := h.sum[j-1], h.sum[k]
		for x := j; x < k; x++ {
			w := float64(x-j+1) / float64(k-j+1)
			h.sum[x] = a + w*(b-a)
		}
		j = k
	}
	return nil
}

func fillPreviousDay(h *hourly, from int64, loc *time.Location) error {
	n := len(h.present)
	done := append([]bool(nil), h.present...)
	for j := range n {
		if done[j] {
			continue
		}
		if i := index(shiftDays(hourAt(from, j), -1, loc), from, n); i >= 0 && done[i] {
			h.sum[j], done[j] = h.sum[i], true
		}
	}
	for j := n - 1; j >= 0; j-- { // a gap at the start takes the next day
		if done[j] {
			continue
		}
		if i := index(shiftDays(hourAt(from, j), 1, loc), from, n); i >= 0 && done[i] {
			h.sum[j], done[j] = h.sum[i], true
		}
	}
	for j := range n {
		if !done[j] {
			return fmt.Errorf("node %q: no price a day before or after %s to copy (%s)", h.name, hourAt(from, j).In(loc).Format("2006-01-02 15:04 MST"), FillPreviousDay)
		}
	}
	return nil
}

func fillNearestWeek(h *hourly, from int64, loc *time.Location) error {
	n := len(h.present)
	weeks := n/(7*24) + 1
	for j := range n {
		if h.present[j] {
			continue
		}
		t := hourAt(from, j)
		found := false
		for w := 1; w <= weeks && !found; w++ {
			for _, dir := range []int{-1, 1} {
				if i := index(shiftDays(t, 7*w*dir, loc), from, n); i >= 0 && h.present[i] {
					h.sum[j], found = h.sum[i], true
					break
				}
			}
		}
		if !found {
			return fmt.Errorf("node %q: no week in the files has a price on the weekday and hour of %s (%s)", h.name, t.In(loc).Format("Mon 2006-01-02 15:04 MST"), FillNearestWeek)
		}
	}
	return nil
}
