package isoprices

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // the ISOs' time zones on machines without a zoneinfo database
)

// wallLayouts are the timestamp layouts the ISOs' files use: PJM's Data
// Miner export ("1/2/2024 5:00:00 AM") and API ("2024-01-02T05:00:00"),
// NYISO's ("01/02/2024 00:00"), SPP's ("01/02/2024 06:05:00"). A layout with
// an offset is used as is; the others are wall-clock readings of the
// column's clock.
func wallLayouts() []string {
	return []string{
		"1/2/2006 3:04:05 PM",
		"1/2/2006 3:04 PM",
		"1/2/2006 15:04:05",
		"1/2/2006 15:04",
		"2006-01-02T15:04:05",
		"2006-01-02 15:04:05",
		"2006-01-02T15:04",
		"2006-01-02 15:04",
	}
}

func offsetLayouts() []string {
	return []string{time.RFC3339, "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04:05Z0700"}
}

// zones resolves the clocks that need a time-zone database.
type zones struct {
	eastern, central, pacific *time.Location
}

func loadZones() (zones, error) {
	var z zones
	for _, l := range []struct {
		name string
		loc  **time.Location
	}{{"America/New_York", &z.eastern}, {"America/Chicago", &z.central}, {"America/Los_Angeles", &z.pacific}} {
		loc, err := time.LoadLocation(l.name)
		if err != nil {
			return zones{}, fmt.Errorf("time zone %s: %w", l.name, err)
		}
		*l.loc = loc
	}
	return z, nil
}

// loc returns the location of a clock.
func (z zones) loc(c clock) *time.Location {
	switch c {
	case clockEastern:
		return z.eastern
	case clockCentral:
		return z.central
	case clockPacific:
		return z.pacific
	case clockEST:
		return time.FixedZone("EST", int(estOffset/time.Second))
	case clockCST:
		return time.FixedZone("CST", int(cstOffset/time.Second))
	}
	return time.UTC
}

// cstOffset is Central Standard Time.
const cstOffset = -6 * time.Hour

// parseWall parses raw as a wall-clock reading (returned with UTC fields)
// or, when it carries an offset, as an instant (zoned = true).
func parseWall(raw string) (t time.Time, zoned bool, err error) {
	s := strings.TrimSpace(raw)
	for _, l := range offsetLayouts() {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true, nil
		}
	}
	for _, l := range wallLayouts() {
		if t, err := time.Parse(l, s); err == nil {
			return t, false, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("timestamp %q is not a date and time (want e.g. 1/2/2024 5:00:00 AM, 01/02/2024 05:00, or 2024-01-02T05:00:00)", raw)
}

// candidates returns the instants whose reading on loc's clock is wall
// (wall's UTC fields): one normally, two in the repeated hour when clocks
// fall back, none in the hour skipped when they spring forward.
func candidates(wall time.Time, loc *time.Location) []time.Time {
	var out []time.Time
	for _, off := range []time.Duration{-4 * time.Hour, -5 * time.Hour, -6 * time.Hour, -7 * time.Hour} {
		u := wall.Add(-off)
		_, zoneOff := u.In(loc).Zone()
		if time.Duration(zoneOff)*time.Second != off {
			continue
		}
		out = append(out, u)
	}
	return out
}
