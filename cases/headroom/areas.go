package headroom

import (
	"sort"
	"strings"

	"github.com/gridflip/gridflip/sites"
)

// regionAreas maps the region names of case files (upper-cased) to the
// bundled area that holds them: a market to its operator's balancing
// area, SERC and Southern Company's Georgia to Southern Company (SOCO),
// the area of the SERC sites the bundled cases hold (grid/REGIONS.md).
var regionAreas = map[string]string{
	"ERCOT": "ERCO",
	"PJM":   "PJM",
	"MISO":  "MISO", "MISO_SOUTH": "MISO",
	"SPP":    "SWPP",
	"NYISO":  "NYIS",
	"CAISO":  "CISO",
	"ISO-NE": "ISNE", "ISONE": "ISNE", "ISO_NE": "ISNE",
	"SERC": "SOCO", "SOUTHERN": "SOCO", "GEORGIA": "SOCO",
	"TVA": "TVA",
}

// IsArea reports whether id is one of the bundled areas (an EIA-930
// code, e.g. ERCO).
func IsArea(id string) bool {
	_, ok := zones[id]
	return ok
}

// AreaIDs lists the bundled areas' codes, sorted.
func AreaIDs() []string {
	out := make([]string, 0, len(zones))
	for id := range zones {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// AreaOfRegion is the bundled area a site of region lies in by default
// (case-insensitive): ERCOT→ERCO, PJM→PJM, MISO and MISO_SOUTH→MISO,
// SPP→SWPP, NYISO→NYIS, CAISO→CISO, ISO-NE→ISNE, SERC, Southern and
// Georgia→SOCO, TVA→TVA, and a region named by an area's own code to
// that area. ok is false for a region with no area.
func AreaOfRegion(region string) (id string, ok bool) {
	r := strings.ToUpper(strings.TrimSpace(region))
	if id, ok := regionAreas[r]; ok {
		return id, true
	}
	if IsArea(r) {
		return r, true
	}
	return "", false
}

// The local calendar years every bundled area counts (TestBundledYears
// checks them against the data): the reference years a case may name.
const (
	FirstCountedYear = 2016
	LastCountedYear  = 2024
)

// names are the areas' common names where they differ from the code.
var names = map[string]string{
	"ERCO": "ERCOT", "SWPP": "SPP", "NYIS": "NYISO", "CISO": "CAISO", "ISNE": "ISO-NE",
	"SOCO": "Southern Co.", "DUK": "Duke Energy Carolinas", "CPLE": "Duke Energy Progress East",
	"FPC": "Duke Energy Florida", "SC": "Santee Cooper", "SCEG": "Dominion Energy SC",
	"AZPS": "APS", "BPAT": "BPA", "PSCO": "Xcel Colorado", "PACE": "PacifiCorp East",
	"PACW": "PacifiCorp West", "PGE": "Portland General",
}

// Name is an area's common name (ERCO is ERCOT); the code when it is
// the name.
func Name(id string) string {
	if n, ok := names[id]; ok {
		return n
	}
	return id
}

// SiteArea is the balancing area of site s of c: its balancing_area,
// else the area of its region (AreaOfRegion); "" when it has none.
func SiteArea(c *sites.Case, s int) string {
	if a := c.Sites[s].BalancingArea; a != "" {
		return a
	}
	a, _ := AreaOfRegion(c.Sites[s].Region)
	return a
}

// CheckCase refuses a balancing_area that is not a bundled area and a
// headroom_reference_year the bundled data does not count, naming the
// case file and line.
func CheckCase(c *sites.Case) sites.Issues {
	var out sites.Issues
	for s, site := range c.Sites {
		if a := site.BalancingArea; a != "" && !IsArea(a) {
			out = append(out, c.SiteIssue(s, "balancing_area", "balancing_area = %q is not a balancing area of the bundled load data: want one of %s (EIA-930 codes, docs/headroom.md)",
				a, strings.Join(AreaIDs(), ", ")))
		}
	}
	if y := c.Grid.HeadroomReferenceYear; y != 0 && (y < FirstCountedYear || y > LastCountedYear) {
		out = append(out, c.KeyIssue("grid.headroom_reference_year", "headroom_reference_year = %d is not a counted year of the bundled load data: want a year from %d to %d",
			y, FirstCountedYear, LastCountedYear))
	}
	return out
}
