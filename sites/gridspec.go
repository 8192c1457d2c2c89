package sites

import (
	"math"
	"strconv"
	"time"

	"github.com/gridflip/gridflip/grid/localtime"
)

// grid validates [grid] and [grid.coincident_peak].
func (c *checker) grid(raw *rawGrid, h *Horizon) GridSpec {
	if raw == nil {
		raw = &rawGrid{}
	}
	sc := scope{path: "grid", field: "grid"}
	var g GridSpec
	g.Prices, _ = c.str(sc, "prices", raw.Prices, true, `"prices.csv"`)
	g.DayAheadPrices, _ = c.str(sc, "day_ahead_prices", raw.DayAheadPrices, false, `"da.csv"`)
	g.ReservePrices, _ = c.str(sc, "reserve_prices", raw.ReservePrices, false, `"reserves.csv"`)
	g.Temperatures, _ = c.str(sc, "temperatures", raw.Temperatures, false, `"temperatures.csv"`)
	if raw.Start != nil {
		if t, ok := c.timestamp(sc, "start", raw.Start.v); ok {
			g.Start = t
		}
	}
	if raw.Hours != nil {
		g.Hours, _ = c.whole(sc, "hours", raw.Hours)
	}
	if raw.HeadroomYear != nil {
		g.HeadroomReferenceYear, _ = c.whole(sc, "headroom_reference_year", raw.HeadroomYear)
	}
	for _, k := range []struct {
		key string
		l   *leaf
	}{{"start", raw.Start}, {"hours", raw.Hours}} {
		if k.l != nil && h != nil {
			c.add(sc, k.key, "%s: a [horizon] plans whole calendar years; leave out start and hours", c.shown(sc, k.key, k.l.v))
		}
	}
	if raw.CoincidentPeak != nil {
		g.CoincidentPeak = c.coincidentPeak(sc.in("coincident_peak"), raw.CoincidentPeak)
	}
	if raw.StressHours != nil {
		g.StressHours = c.stressHours(sc.in("stress_hours"), raw.StressHours)
	}
	return g
}

// stressHours validates [grid.stress_hours]: intervals, or system_load
// with an optional number of hours.
func (c *checker) stressHours(sc scope, raw *rawStress) *StressSpec {
	st := &StressSpec{}
	st.Intervals = c.timestamps(sc, "intervals", raw.Intervals)
	st.SystemLoad, _ = c.str(sc, "system_load", raw.SystemLoad, false, `"system_load.csv"`)
	if raw.Hours != nil {
		st.Hours, _ = c.whole(sc, "hours", raw.Hours)
		if raw.SystemLoad == nil {
			c.add(sc, "hours", "hours needs system_load, the series whose highest hours are picked")
		}
	}
	switch {
	case raw.Intervals != nil && raw.SystemLoad != nil:
		c.add(sc, "system_load", "give either intervals or system_load, not both")
	case raw.Intervals == nil && raw.SystemLoad == nil:
		c.missing(sc, "intervals", "a list of stress-hour timestamps, or system_load")
	}
	return st
}

// timestamp reads an RFC 3339 timestamp (a string or a TOML offset
// date-time) or a date (a string or a TOML local date: 00:00 UTC). A TOML
// local date-time or time (one without an offset) is refused: gridflip
// does not guess a zone.
func (c *checker) timestamp(sc scope, key string, v any) (time.Time, bool) {
	return c.timestampIn(sc, key, v, time.UTC)
}

// timestampIn is timestamp with a date meaning 00:00 in zone loc (a
// site's local midnight); the result is in UTC.
func (c *checker) timestampIn(sc scope, key string, v any, loc *time.Location) (time.Time, bool) {
	midnight := "00:00 UTC"
	if loc != time.UTC {
		midnight = "00:00 " + loc.String()
	}
	switch x := v.(type) {
	case time.Time:
		switch tomlZone(x) {
		case "date-local":
			return localtime.Midnight(x.Year(), x.Month(), x.Day(), loc).UTC(), true
		case "datetime-local", "time-local":
			c.add(sc, key, "%s: has no time zone: write Z or an offset (2024-07-01T05:00:00Z, 2024-07-01T00:00:00-05:00), or a date (2024-07-01, %s)", c.shown(sc, key, v), midnight)
			return time.Time{}, false
		default:
			return x.UTC(), true
		}
	case string:
		if t, err := time.Parse(time.RFC3339, x); err == nil {
			return t.UTC(), true
		}
		if t, err := time.Parse("2006-01-02", x); err == nil {
			return localtime.Midnight(t.Year(), t.Month(), t.Day(), loc).UTC(), true
		}
	}
	local := ""
	if loc != time.UTC {
		local = ", " + midnight
	}
	c.add(sc, key, "%s: must be a timestamp with a zone (\"2024-07-01T00:00:00Z\") or a date (\"2024-07-01\"%s)", c.shown(sc, key, v), local)
	return time.Time{}, false
}

// tomlZone names the zone the TOML decoder gave a value: "datetime-local",
// "date-local" or "time-local" for values written without an offset (the
// names BurntSushi/toml uses), otherwise the zone's own name.
func tomlZone(t time.Time) string { return t.Location().String() }

// coincidentPeak validates [grid.coincident_peak].
func (c *checker) coincidentPeak(sc scope, raw *rawCP) *CoincidentPeakSpec {
	cp := &CoincidentPeakSpec{}
	cp.RateUSDPerMWYear, _ = c.num(sc, "rate_usd_per_mw_year", raw.RateUSDPerMWYear)
	cp.Intervals = c.timestamps(sc, "intervals", raw.Intervals)
	cp.SystemLoad, _ = c.str(sc, "system_load", raw.SystemLoad, false, `"system_load.csv"`)
	if raw.Months != nil {
		list, ok := raw.Months.v.([]any)
		if !ok || len(list) == 0 {
			c.add(sc, "months", "%s: must be a non-empty list of months 1..12", c.shown(sc, "months", raw.Months.v))
		}
		for _, v := range list {
			n, isInt := v.(int64)
			if !isInt || n < 1 || n > 12 {
				c.add(sc, "months", "%s: every month must be an integer from 1 to 12", c.shown(sc, "months", raw.Months.v))
				break
			}
			cp.Months = append(cp.Months, int(n))
		}
		if raw.SystemLoad == nil {
			c.add(sc, "months", "months need system_load, the series whose monthly peak hours are picked")
		}
	}
	switch {
	case raw.Intervals != nil && raw.SystemLoad != nil:
		c.add(sc, "system_load", "give either intervals or system_load (with months), not both")
	case raw.Intervals == nil && raw.SystemLoad == nil:
		c.missing(sc, "intervals", "a list of peak-hour timestamps, or system_load with months")
	}
	if cp.SystemLoad != "" && len(cp.Months) == 0 {
		cp.Months = []int{6, 7, 8, 9}
	}
	return cp
}

// impact validates [impact] and fills its defaults.
func (c *checker) impact(raw *rawImpact) ImpactSpec {
	if raw == nil {
		raw = &rawImpact{}
	}
	sc := scope{path: "impact", field: "impact"}
	im := ImpactSpec{USHashrateShare: 0.375, StressHours: 100}
	if v, ok := c.num(sc, "network_hashrate_eh_s", raw.NetworkHashrateEHs); ok {
		im.NetworkHashrateEHs = v
	}
	im.USHashrateShare = c.optNum(sc, "us_hashrate_share", raw.USHashrateShare)
	if raw.StressHours != nil {
		im.StressHours, _ = c.whole(sc, "stress_hours", raw.StressHours)
	}
	return im
}

// gapRefs validates the [[gap]] references.
func (c *checker) gapRefs(raws []rawGap) []GapReference {
	var out []GapReference
	seen := map[string]bool{}
	for i := range raws {
		sc := scope{path: joinPath("gap", itoa(i)), field: "gap"}
		var g GapReference
		var ok bool
		g.ID, ok = c.id(sc, "id", raws[i].ID, `"morgan-stanley-2028"`)
		if ok && seen[g.ID] {
			c.add(sc, "id", "duplicate gap reference id %q", g.ID)
		}
		seen[g.ID] = true
		g.Source, _ = c.str(sc, "source", raws[i].Source, true, `"Morgan Stanley, 2025"`)
		g.GapGW, _ = c.num(sc, "gap_gw", raws[i].GapGW)
		out = append(out, g)
	}
	return out
}

// contracts validates the [[sites.contract]] entries of site i.
// A date without a time of day is local midnight in the site's zone loc,
// so a contract's months start where its market's do.
func (c *checker) contracts(site scope, i int, raws []rawContract, loc *time.Location) []Contract {
	var out []Contract
	firstLine := map[string]int{}
	for j := range raws {
		raw := &raws[j]
		sc := scope{path: joinPath(sitePath(i, ""), "contract", itoa(j)), field: "contract", site: site.site}
		var k Contract
		var ok bool
		k.ID, ok = c.id(sc, "id", raw.ID, `"hedge-2024"`)
		if ok {
			if first, dup := firstLine[k.ID]; dup {
				c.add(sc, "id", "duplicate contract id %q (first defined on line %d)", k.ID, first)
			}
			firstLine[k.ID] = c.idLine(sc.path)
		}
		k.MW, _ = c.num(sc, "mw", raw.MW)
		k.PriceUSDPerMWh, _ = c.num(sc, "price_usd_per_mwh", raw.PriceUSDPerMWh)
		var startOK, endOK bool
		if raw.Start == nil {
			c.missing(sc, "start", "a date or timestamp")
		} else {
			k.Start, startOK = c.timestampIn(sc, "start", raw.Start.v, loc)
		}
		if raw.End == nil {
			c.missing(sc, "end", "a date or timestamp after start")
		} else {
			k.End, endOK = c.timestampIn(sc, "end", raw.End.v, loc)
		}
		if startOK && endOK && !k.End.After(k.Start) {
			c.add(sc, "end", "%s: must be after start", c.shown(sc, "end", raw.End.v))
		}
		out = append(out, k)
	}
	return out
}

// tempCurve reads the PUE temperature curve keys of a fleet or hall.
func (c *checker) tempCurve(sc scope, slope, ref *leaf) TempCurve {
	return TempCurve{
		SlopePerC:  c.optNum(sc, "pue_temp_slope_per_c", slope),
		ReferenceC: c.optNum(sc, "pue_temp_reference_c", ref),
	}
}

// PUEAt returns the PUE at temperature tempC for base PUE pue.
func (t TempCurve) PUEAt(pue, tempC float64) float64 {
	return pue + t.SlopePerC*math.Max(0, tempC-t.ReferenceC)
}

func itoa(i int) string { return strconv.Itoa(i) }

// timestamps reads an optional non-empty list of timestamps (see
// timestamp), each on the hour (UTC): the stress hours and peak intervals.
func (c *checker) timestamps(sc scope, key string, l *leaf) []time.Time {
	if l == nil {
		return nil
	}
	list, ok := l.v.([]any)
	if !ok || len(list) == 0 {
		c.add(sc, key, "%s: must be a non-empty list of timestamps", c.shown(sc, key, l.v))
	}
	var out []time.Time
	for _, v := range list {
		t, ok := c.timestamp(sc, key, v)
		if !ok {
			continue
		}
		if h := t.Truncate(time.Hour); !t.Equal(h) {
			c.add(sc, key, "%s: %s is not on the hour: list whole hours, such as %s (the hour starting %s)",
				c.shown(sc, key, l.v), t.Format(time.RFC3339), h.Format(time.RFC3339), h.Format("15:04Z"))
			continue
		}
		out = append(out, t)
	}
	return out
}
