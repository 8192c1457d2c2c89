package isoprices

import (
	"fmt"
	"strings"
	"time"
)

// ISO names a published settlement-point price layout.
type ISO string

// The supported layouts.
const (
	// PJM is Data Miner 2's hourly or five-minute LMP export (rt_hrl_lmps,
	// da_hrl_lmps, rt_fivemin_hrl_lmps): one row per pnode and interval.
	PJM ISO = "pjm"
	// MISO is the daily market report (da_expost_lmp, da_exante_lmp,
	// rt_lmp_final): a preamble with the market date, then one row per node
	// and price component with columns HE 1 .. HE 24.
	MISO ISO = "miso"
	// NYISO is the zonal or generator LBMP file (damlbmp, rtlbmp): one row
	// per location and interval, stamped in Eastern prevailing time.
	NYISO ISO = "nyiso"
	// SPP is the day-ahead or real-time LMP-by-settlement-location file: one
	// row per settlement location and interval, with the interval end in GMT.
	SPP ISO = "spp"
	// EIA is the US EIA Wholesale Electricity Market Portal's layout, one
	// for every ISO: three title lines, then a header of a UTC interval-end
	// column, local interval begin and end columns, the local date, the hour
	// number and one price column per node ("<node> LMP"), followed by
	// component columns ("<node> (Congestion)", "<node> (Loss)").
	EIA ISO = "eia"
	// ERCOT is ERCOT's settlement-point price reports in Central prevailing
	// time: the day-ahead hourly layout (Delivery Date, Hour Ending,
	// Repeated Hour Flag, Settlement Point, Settlement Point Price) and the
	// real-time 15-minute layout (Delivery Date, Delivery Hour, Delivery
	// Interval, Repeated Hour Flag, Settlement Point Name, Settlement Point
	// Type, Settlement Point Price).
	ERCOT ISO = "ercot"
)

// ISOs returns the supported layouts in documentation order.
func ISOs() []ISO { return []ISO{PJM, MISO, NYISO, SPP, EIA, ERCOT} }

// ParseISO returns the layout named s (case-insensitive).
func ParseISO(s string) (ISO, error) {
	for _, iso := range ISOs() {
		if strings.EqualFold(strings.TrimSpace(s), string(iso)) {
			return iso, nil
		}
	}
	return "", fmt.Errorf("unknown ISO %q: want one of %s", s, isoList())
}

func isoList() string {
	names := make([]string, 0, len(ISOs()))
	for _, iso := range ISOs() {
		names = append(names, string(iso))
	}
	return strings.Join(names, ", ")
}

// stamp says which end of its interval a timestamp marks.
type stamp int

const (
	stampBegin stamp = iota
	// stampEnd marks the interval's end.
	stampEnd
	// stampEndIfSubHourly marks the end of a sub-hourly interval and the
	// beginning of an hour (NYISO: hourly files are hour-beginning, five-minute
	// real-time files are stamped at the interval end).
	stampEndIfSubHourly
)

// clock says how to turn a column's wall-clock readings into UTC.
type clock int

const (
	clockUTC     clock = iota // the column is already UTC (GMT)
	clockEastern              // America/New_York, with daylight saving time
	clockCentral              // America/Chicago, with daylight saving time
	clockEST                  // Eastern Standard Time all year (UTC-5)
	clockCST                  // Central Standard Time all year (UTC-6)
	clockPacific              // America/Los_Angeles, with daylight saving time
)

// timeColumn is a timestamp column a layout can use.
type timeColumn struct {
	name  string
	clock clock
	stamp stamp
}

// filter keeps only the rows whose column equals one of the values
// (case-insensitive); optional filters apply only when the column exists.
type filter struct {
	column   string
	values   []string
	optional bool
}

// layout maps one ISO's columns.
type layout struct {
	iso    ISO
	node   string       // the column naming the node
	prices []string     // price columns, first present wins
	times  []timeColumn // timestamp columns, first present wins (long layouts)
	filter filter
	// hourEnding is true for MISO's wide layout: columns "HE 1".."HE 24" in
	// Eastern Standard Time on the market date of the preamble.
	hourEnding bool
	// kind selects a layout read by its own row parser (EIA, ERCOT).
	kind kind
	// day is the clock of the ISO's market days: gaps and --from/--to days
	// are on it (the EIA layout sets it from its local column's name).
	day clock
}

// kind is how a layout's rows are read.
type kind int

const (
	kindLong  kind = iota // one row per node and interval (PJM, NYISO, SPP); MISO's wide layout has hourEnding
	kindEIA               // one row per interval, one price column per node
	kindERCOT             // one row per settlement point and hour or 15-minute interval, numbered in the delivery day
)

// layoutOf returns the column mapping of iso.
func layoutOf(iso ISO) (layout, error) {
	switch iso {
	case PJM:
		return layout{iso: PJM, node: "pnode_name",
			prices: []string{"total_lmp_rt", "total_lmp_da"},
			times: []timeColumn{
				{"datetime_beginning_utc", clockUTC, stampBegin},
				{"datetime_beginning_ept", clockEastern, stampBegin},
			},
			filter: filter{column: "row_is_current", values: []string{"true", "1"}, optional: true},
			day:    clockEastern,
		}, nil
	case MISO:
		return layout{iso: MISO, node: "Node", hourEnding: true,
			filter: filter{column: "Value", values: []string{"LMP"}},
			day:    clockEST,
		}, nil
	case NYISO:
		return layout{iso: NYISO, node: "Name",
			prices: []string{"LBMP ($/MWHr)"},
			times:  []timeColumn{{"Time Stamp", clockEastern, stampEndIfSubHourly}},
			day:    clockEastern,
		}, nil
	case SPP:
		return layout{iso: SPP, node: "Settlement Location",
			prices: []string{"LMP"},
			times: []timeColumn{
				{"GMTIntervalEnd", clockUTC, stampEnd},
				{"Interval", clockCentral, stampEnd},
			},
			day: clockCentral,
		}, nil
	case EIA:
		return layout{iso: EIA, node: eiaUTCColumn, kind: kindEIA, day: clockUTC}, nil
	case ERCOT:
		return layout{iso: ERCOT, node: "Delivery Date", kind: kindERCOT, day: clockCentral,
			prices: []string{"Settlement Point Price"}}, nil
	}
	return layout{}, fmt.Errorf("unknown ISO %q: want one of %s", iso, isoList())
}

// misoHours is the number of hour-ending columns of MISO's daily layout.
const misoHours = 24

// misoHourColumn returns the name of MISO's hour-ending column h (1..24).
func misoHourColumn(h int) string { return fmt.Sprintf("HE %d", h) }

// estOffset is Eastern Standard Time, MISO's clock all year.
const estOffset = -5 * time.Hour
