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

	"github.com/gridflip/gridflip/grid/localtime"
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
	"PJM": localtime.Eastern, "NYIS": localtime.Eastern, "ISNE": localtime.Eastern,
	"DUK": localtime.Eastern, "CPLE": localtime.Eastern, "FPC": localtime.Eastern,
	"FPL": localtime.Eastern, "SCEG": localtime.Eastern, "SC": localtime.Eastern,
	"SOCO": localtime.Eastern,
	"MISO": localtime.Central, "ERCO": localtime.Central, "SWPP": localtime.Central, "TVA": localtime.Central,
	"AZPS": localtime.Arizona, "SRP": localtime.Arizona,
	"PSCO": localtime.Mountain, "PACE": localtime.Mountain,
	"CISO": localtime.Pacific, "BPAT": localtime.Pacific, "PACW": localtime.Pacific, "PGE": localtime.Pacific,
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
