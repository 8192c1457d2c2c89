// Package headroom bundles the hourly demand of the 22 balancing
// authorities of Norris et al., "Rethinking Load Growth" (Nicholas
// Institute, Duke University, 2025), 2016-2024, and the settings that
// study's method gives each: its local time zone and its seasonal peak
// windows. The data is Ruggles and Farnham's cleaned EIA-930 demand
// (doi:10.5281/zenodo.3517197, CC BY 4.0); SOURCE.md says how the copy
// was derived.
package headroom

import (
	"bytes"
	_ "embed"
	"time"
	_ "time/tzdata" // the zones resolve on machines without a zoneinfo database

	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/impact/headroomin"
)

// DataName is the bundled copy's name in messages.
const DataName = "(embedded) cases/headroom/eia930-22ba-2016-2024.load.gz"

// Attribution is the line every output drawn from the bundled data
// carries.
const Attribution = "Load: EIA Form 930 hourly demand as cleaned by T. Ruggles and D. Farnham, " +
	"\"EIA Cleaned Hourly Electricity Demand Data\" (doi:10.5281/zenodo.3517197), CC BY 4.0; " +
	"7 ISOs summed from sub-regions 2020-2024."

//go:embed eia930-22ba-2016-2024.load.gz
var data []byte

// Bundled decodes the bundled table: 22 columns (EIA's codes), 78,912
// hours from 2016-01-01T00:00Z, whole MW, none missing.
func Bundled() (*headroomin.Table, error) {
	return headroomin.DecodeCompact(bytes.NewReader(data), DataName)
}

// Zones of the 22 areas (README "headroom" and docs/headroom.md say
// why): EIA-930's own local time for each balancing authority, which is
// where most of its load is.
var zones = map[string]string{
	"PJM": "America/New_York", "NYIS": "America/New_York", "ISNE": "America/New_York",
	"DUK": "America/New_York", "CPLE": "America/New_York", "FPC": "America/New_York",
	"FPL": "America/New_York", "SCEG": "America/New_York", "SC": "America/New_York",
	"SOCO": "America/New_York",
	"MISO": "America/Chicago", "ERCO": "America/Chicago", "SWPP": "America/Chicago", "TVA": "America/Chicago",
	"AZPS": "America/Phoenix", "SRP": "America/Phoenix",
	"PSCO": "America/Denver", "PACE": "America/Denver",
	"CISO": "America/Los_Angeles", "BPAT": "America/Los_Angeles", "PACW": "America/Los_Angeles", "PGE": "America/Los_Angeles",
}

// DefaultSettings returns each bundled area's settings: its zone, and
// the peak windows Norris et al. widened by a month either side (their
// footnote 20: AZPS winter, FPL winter, CAISO summer and winter).
func DefaultSettings() map[string]impact.AreaSettings {
	out := make(map[string]impact.AreaSettings, len(zones))
	for id, name := range zones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			panic("bundled zone " + name + ": " + err.Error()) // embedded tzdata holds every zone named above
		}
		out[id] = impact.AreaSettings{TimeZone: loc}
	}
	wideSummer := []time.Month{time.May, time.June, time.July, time.August, time.September}
	wideWinter := []time.Month{time.November, time.December, time.January, time.February, time.March}
	set := func(id string, summer, winter []time.Month) {
		s := out[id]
		s.SummerPeakMonths, s.WinterPeakMonths = summer, winter
		out[id] = s
	}
	set("AZPS", nil, wideWinter)
	set("FPL", nil, wideWinter)
	set("CISO", wideSummer, wideWinter)
	return out
}
