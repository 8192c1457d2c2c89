package isoprices

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ERCOT's column names: the day-ahead hourly report (NP4-180-ER and the
// daily DAM settlement point prices) and the real-time 15-minute report
// (NP6-785-ER and the daily RTM settlement point prices).
const (
	ercotDateColumn     = "Delivery Date"
	ercotHourEnding     = "Hour Ending"
	ercotDeliveryHour   = "Delivery Hour"
	ercotIntervalColumn = "Delivery Interval"
	ercotPriceColumn    = "Settlement Point Price"
)

// ercotNodeColumns name the settlement point (day-ahead, real-time).
func ercotNodeColumns() []string { return []string{"Settlement Point", "Settlement Point Name"} }

// ercotFlagColumns mark the second of the two hours that repeat when
// clocks fall back (older reports call it DSTFlag).
func ercotFlagColumns() []string { return []string{"Repeated Hour Flag", "DSTFlag"} }

// ercotIntervals is the number of 15-minute intervals in an hour.
const ercotIntervals = 4

// mapERCOT maps either of ERCOT's layouts.
func (r *fileReader) mapERCOT(rec []string, idx map[string]int, c columns, line int) (columns, error) {
	c.timeAt = c.node // the delivery date
	c.node, c.hour, c.interval, c.flag, c.price = -1, -1, -1, -1, -1
	for _, n := range ercotNodeColumns() {
		if i, ok := idx[fold(n)]; ok {
			c.node = i
			break
		}
	}
	for _, n := range ercotFlagColumns() {
		if i, ok := idx[fold(n)]; ok {
			c.flag = i
			break
		}
	}
	if i, ok := idx[fold(ercotHourEnding)]; ok {
		c.hour, c.hourName = i, ercotHourEnding
	} else if i, ok := idx[fold(ercotDeliveryHour)]; ok {
		c.hour, c.hourName = i, ercotDeliveryHour
		if j, ok := idx[fold(ercotIntervalColumn)]; ok {
			c.interval = j
		}
	}
	if i, ok := idx[fold(ercotPriceColumn)]; ok {
		c.price, c.priceName = i, ercotPriceColumn
	}
	if c.node < 0 || c.hour < 0 || c.price < 0 {
		return columns{}, lineError(r.name, line, "", "header %q lacks a column: %s", strings.Join(rec, ","), r.l.expected())
	}
	return c, r.col.setDay(r.z.central, r.name)
}

// ercotExpected describes ERCOT's layouts for messages.
func ercotExpected() string {
	return fmt.Sprintf("want %q, %q (day-ahead) or %q and %q (real-time), %q, %q or %q, and %q",
		ercotDateColumn, ercotHourEnding, ercotDeliveryHour, ercotIntervalColumn, "Repeated Hour Flag",
		ercotNodeColumns()[0], ercotNodeColumns()[1], ercotPriceColumn)
}

// rowERCOT adds one settlement point's price of one hour or interval.
func (r *fileReader) rowERCOT(rec []string, line int, c columns) error {
	node := strings.TrimSpace(rec[c.node])
	if node == "" {
		return lineError(r.name, line, ercotNodeColumns()[0], "empty settlement point name")
	}
	if !r.col.wants(node) {
		return nil
	}
	day, err := parseDay(rec[c.timeAt])
	if err != nil {
		return lineError(r.name, line, ercotDateColumn, "settlement point %q: %v", node, err)
	}
	hour, err := parseHour(rec[c.hour])
	if err != nil {
		return lineError(r.name, line, c.hourName, "settlement point %q: %v", node, err)
	}
	repeated := false
	if c.flag >= 0 {
		if repeated, err = parseFlag(rec[c.flag]); err != nil {
			return lineError(r.name, line, "Repeated Hour Flag", "settlement point %q: %v", node, err)
		}
	}
	at, err := ercotHourStart(day, hour, repeated, r.z.central)
	if err != nil {
		return lineError(r.name, line, c.hourName, "settlement point %q: %v", node, err)
	}
	if c.interval >= 0 {
		k, err := strconv.Atoi(strings.TrimSpace(rec[c.interval]))
		if err != nil || k < 1 || k > ercotIntervals {
			return lineError(r.name, line, ercotIntervalColumn, "settlement point %q: interval %q: want 1 to %d", node, rec[c.interval], ercotIntervals)
		}
		at = at.Add(time.Duration(k-1) * time.Hour / ercotIntervals)
	}
	v, err := parsePrice(rec[c.price])
	if err != nil {
		return lineError(r.name, line, ercotPriceColumn, "settlement point %q: %v", node, err)
	}
	if err := r.col.add(node, at.Unix(), v, r.file, line); err != nil {
		return lineError(r.name, line, "", "%v", err)
	}
	return nil
}

// parseDay parses a delivery date (01/02/2024 or 2024-01-02).
func parseDay(raw string) (time.Time, error) {
	s := strings.TrimSpace(raw)
	for _, l := range []string{"1/2/2006", "2006-01-02"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q: want MM/DD/YYYY", raw)
}

// parseHour parses an hour ending ("01:00" .. "24:00", or 1 .. 24).
func parseHour(raw string) (int, error) {
	s := strings.TrimSpace(raw)
	s = strings.TrimSuffix(s, ":00")
	h, err := strconv.Atoi(s)
	if err != nil || h < 1 || h > 24 {
		return 0, fmt.Errorf("hour %q: want 1 to 24 (or 01:00 to 24:00)", raw)
	}
	return h, nil
}

// parseFlag parses the repeated-hour flag (N or Y).
func parseFlag(raw string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(raw)) {
	case "", "n", "false", "0":
		return false, nil
	case "y", "true", "1":
		return true, nil
	}
	return false, fmt.Errorf("flag %q: want N or Y", raw)
}

// ercotHourStart returns the start (UTC) of hour ending h of delivery day
// on ERCOT's Central prevailing clock. The day has 23, 24 or 25 hours; on
// the spring-forward day the hour ending 02:00 or 03:00 (whichever the file
// uses) is the day's second hour, and on the fall-back day the hour ending
// 02:00 comes twice, the second flagged as repeated.
func ercotHourStart(day time.Time, h int, repeated bool, central *time.Location) (time.Time, error) {
	midnight := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, central)
	next := time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, central)
	n := int(next.Sub(midnight) / time.Hour)
	k := h - 1
	switch n {
	case 23:
		switch {
		case h == 2 || h == 3:
			k = 1
		case h > 3:
			k = h - 2
		}
	case 25:
		switch {
		case h == 2 && repeated:
			k = 2
		case h > 2:
			k = h
		}
	}
	if repeated && !(n == 25 && h == 2) {
		return time.Time{}, errors.New("flagged as a repeated hour, but only the hour ending 02:00 of the day clocks fall back repeats")
	}
	if k >= n {
		return time.Time{}, fmt.Errorf("hour ending %d: %s has %d hours on the Central clock", h, day.Format("2006-01-02"), n)
	}
	return midnight.Add(time.Duration(k) * time.Hour).UTC(), nil
}
