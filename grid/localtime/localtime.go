// Package localtime is gridflip's market-local calendar, the one place
// that turns absolute hours into the calendar a market settles on. Time
// is absolute in files and in memory; calendar notions are in the
// market's local prevailing time, an IANA zone per market that a site may
// override (docs/model.md, "Time"): contract months, coincident-peak
// months, seasons, the days of daily series, the dispatch week and the
// report's heat maps. Horizon years and the price-year mapping stay in
// UTC. Local days around daylight-saving changes have 23 and 25 hours.
//
// Go's zone database is embedded (time/tzdata), so the zones resolve on
// machines without a system zoneinfo.
package localtime

import (
	"fmt"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // zones resolve on machines without a zoneinfo database
)

// The zones of the markets gridflip knows.
const (
	Central  = "America/Chicago"
	Eastern  = "America/New_York"
	Pacific  = "America/Los_Angeles"
	Mountain = "America/Denver"
	Arizona  = "America/Phoenix" // Mountain Standard Time all year
)

// regionZones maps a market or region name, normalized by normalize, to
// its zone: the clock its market settles on. ERCOT, SPP and MISO settle in
// Central time, PJM, NYISO and ISO-NE in Eastern, CAISO in Pacific. Of
// the regions without an organized market, the Southeast (SERC, Southern
// Company, Georgia) follows Eastern and TVA Central, the zones EIA-930
// gives the SOCO and TVA balancing authorities (as cases/headroom does).
// The balancing-area codes (ERCO, SWPP, NYIS, CISO, ISNE) name the same
// markets.
func regionZones() map[string]string {
	return map[string]string{
		"ERCOT": Central, "ERCO": Central,
		"SPP": Central, "SWPP": Central,
		"MISO": Central, "MISOSOUTH": Central, "MISOCENTRAL": Central, "MISONORTH": Central,
		"PJM":   Eastern,
		"NYISO": Eastern, "NYIS": Eastern,
		"ISONE": Eastern, "ISNE": Eastern,
		"CAISO": Pacific, "CISO": Pacific,
		"SERC": Eastern, "SOCO": Eastern, "SOUTHERN": Eastern, "GEORGIA": Eastern,
		"TVA": Central,
	}
}

// normalize folds a region name for lookup: upper case, without spaces,
// hyphens, underscores, slashes or dots ("ISO-NE" and "iso_ne" are ISONE).
func normalize(region string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(strings.TrimSpace(region)) {
		switch r {
		case ' ', '-', '_', '/', '.':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// RegionZone returns the IANA zone of a market or region ("ERCOT" →
// America/Chicago), and false for a region gridflip does not know.
func RegionZone(region string) (string, bool) {
	switch normalize(region) {
	case "ERCOT", "ERCO", "SPP", "SWPP", "MISO", "MISOSOUTH", "MISOCENTRAL", "MISONORTH", "TVA":
		return Central, true
	case "PJM", "NYISO", "NYIS", "ISONE", "ISNE", "SERC", "SOCO", "SOUTHERN", "GEORGIA":
		return Eastern, true
	case "CAISO", "CISO":
		return Pacific, true
	}
	return "", false
}

// RegionZones lists the known region names (normalized) with their
// zones, sorted by name: for the documentation and tests.
func RegionZones() [][2]string {
	m := regionZones()
	out := make([][2]string, 0, len(m))
	for r, z := range m {
		out = append(out, [2]string{r, z})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// Load returns the named IANA zone ("America/Chicago", "UTC") from Go's
// zone database. An empty name and "Local" (the machine's zone, which
// would make a plan depend on where it runs) are refused.
func Load(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("time zone %q: name an IANA zone such as %s", name, Central)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q: name an IANA zone such as %s or %s", name, Central, Eastern)
	}
	return loc, nil
}

// MonthKey is the local calendar month of the hour starting at t, as
// "2006-01".
func MonthKey(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01")
}

// Month is the local year and month of the hour starting at t.
func Month(t time.Time, loc *time.Location) (int, time.Month) {
	y, m, _ := t.In(loc).Date()
	return y, m
}

// MonthIndex numbers the local month of t as year×12 + month − 1, a key
// that sorts and compares without allocating.
func MonthIndex(t time.Time, loc *time.Location) int {
	y, m := Month(t, loc)
	return y*12 + int(m) - 1
}

// MonthOfIndex is the inverse of MonthIndex, as "2006-01".
func MonthOfIndex(i int) string {
	return fmt.Sprintf("%04d-%02d", i/12, i%12+1)
}

// Midnight is the first instant of the local day y-m-d: the absolute
// time a date written without a time of day means in that zone.
func Midnight(y int, m time.Month, d int, loc *time.Location) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// DayStart is the local midnight that starts the day of t.
func DayStart(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return Midnight(y, m, d, loc)
}

// DayHours is the number of hours in the local day y-m-d: 24, or 23 and
// 25 on the days daylight-saving time begins and ends.
func DayHours(y int, m time.Month, d int, loc *time.Location) int {
	return int(Midnight(y, m, d+1, loc).Sub(Midnight(y, m, d, loc)) / time.Hour)
}

// Hour is the local hour of day (0-23) of the hour starting at t.
func Hour(t time.Time, loc *time.Location) int {
	return t.In(loc).Hour()
}

// Months is a run of hours labelled by local month: Of[t] indexes Keys,
// the months in order of first appearance ("2006-01").
type Months struct {
	Keys []string
	Of   []int
}

// MonthsOf labels each hour with its local month, once for a run of
// hours (one conversion per hour, one string per month).
func MonthsOf(hours []time.Time, loc *time.Location) Months {
	out := Months{Of: make([]int, len(hours))}
	seen := map[int]int{}
	last, k := -1, -1
	for t, h := range hours {
		if i := MonthIndex(h, loc); i != last {
			last = i
			var ok bool
			if k, ok = seen[i]; !ok {
				k = len(out.Keys)
				seen[i] = k
				out.Keys = append(out.Keys, MonthOfIndex(i))
			}
		}
		out.Of[t] = k
	}
	return out
}
