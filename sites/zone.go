package sites

import (
	"time"

	"github.com/gridflip/gridflip/grid/localtime"
)

// Zone names the IANA zone of the site's calendar: its time_zone, else
// its region's market zone (grid/localtime), else UTC for a region
// gridflip does not know. Contract months, coincident-peak months, the
// days of daily series and the report's heat maps and dispatch week are
// in this zone (docs/model.md, "Time"); horizon years stay in UTC.
func (s *Site) Zone() string {
	if s.TimeZone != "" {
		return s.TimeZone
	}
	if z, ok := localtime.RegionZone(s.Region); ok {
		return z
	}
	return "UTC"
}

// KnownZone reports whether the site's zone comes from its time_zone or
// its region, rather than the UTC fallback for an unknown region.
func (s *Site) KnownZone() bool {
	_, ok := localtime.RegionZone(s.Region)
	return s.TimeZone != "" || ok
}

// Location loads the site's zone (Zone). A decoded case has checked
// time_zone; a Site built in code with an unknown zone gets UTC. Load it
// once per site and keep it (prepared data), not once per hour: loading
// reads the zone database.
func (s *Site) Location() *time.Location {
	loc, err := localtime.Load(s.Zone())
	if err != nil {
		return time.UTC
	}
	return loc
}

// timeZone reads a site's time_zone: an IANA zone name that Go's zone
// database holds ("America/Chicago"); empty when absent.
func (c *checker) timeZone(sc scope, l *leaf) string {
	name, ok := c.str(sc, "time_zone", l, false, `"America/Chicago"`)
	if !ok {
		return ""
	}
	if _, err := localtime.Load(name); err != nil {
		c.add(sc, "time_zone", "%s: not a time zone gridflip knows: name an IANA zone such as \"America/Chicago\" or \"America/New_York\"", c.shown(sc, "time_zone", l.v))
		return ""
	}
	return name
}
