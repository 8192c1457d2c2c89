package impact

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// AreaSettings say how an area's calendar is read: the local time zone
// in which its months and years fall, and the months in which each
// season's threshold (its highest load) is looked for.
type AreaSettings struct {
	// TimeZone is the area's local prevailing time (nil: UTC).
	TimeZone *time.Location
	// SummerPeakMonths are the months whose highest load is the summer
	// threshold: June-August, or widened by one month either side (May
	// and/or September). Empty: June-August.
	SummerPeakMonths []time.Month
	// WinterPeakMonths are the months whose highest load is the winter
	// threshold: December-February, or widened by one month either side
	// (November and/or March). Empty: December-February.
	WinterPeakMonths []time.Month
}

// The seasons of Norris et al. (2025): the core months of each season's
// peak window, the months a window may be widened by, and the months
// whose hours each season's threshold holds.
var (
	summerCore  = []time.Month{time.June, time.July, time.August}
	winterCore  = []time.Month{time.December, time.January, time.February}
	summerWiden = []time.Month{time.May, time.September}
	winterWiden = []time.Month{time.November, time.March}
)

// isSummerHold reports whether an hour of month m is held to the summer
// threshold (April-October); the others are held to the winter one.
func isSummerHold(m time.Month) bool { return m >= time.April && m <= time.October }

// season names one of the two seasons in messages and checks.
type season struct {
	name, other     string
	core, widen     []time.Month
	holds, opposite string
	summer          bool
}

var (
	summerSeason = season{name: "summer", other: "winter", core: summerCore, widen: summerWiden, holds: "April-October", opposite: "November-March", summer: true}
	winterSeason = season{name: "winter", other: "summer", core: winterCore, widen: winterWiden, holds: "November-March", opposite: "April-October"}
)

// Zone returns the settings' time zone (UTC when none is set).
func (s AreaSettings) Zone() *time.Location {
	if s.TimeZone == nil {
		return time.UTC
	}
	return s.TimeZone
}

// Summer returns the summer peak months (June-August when none are set).
func (s AreaSettings) Summer() []time.Month {
	if len(s.SummerPeakMonths) == 0 {
		return summerCore
	}
	return s.SummerPeakMonths
}

// Winter returns the winter peak months (December-February when none
// are set).
func (s AreaSettings) Winter() []time.Month {
	if len(s.WinterPeakMonths) == 0 {
		return winterCore
	}
	return s.WinterPeakMonths
}

// Validate checks the peak windows: each holds its season's core months,
// is widened by at most one month either side, and never reaches into
// the other season.
func (s AreaSettings) Validate() error {
	if err := summerSeason.check(s.Summer()); err != nil {
		return err
	}
	return winterSeason.check(s.Winter())
}

// check validates one season's peak window.
func (se season) check(months []time.Month) error {
	seen := map[time.Month]bool{}
	for _, m := range months {
		switch {
		case m < time.January || m > time.December:
			return fmt.Errorf("%s peak months: %d is not a month (1 to 12)", se.name, int(m))
		case seen[m]:
			return fmt.Errorf("%s peak months: %s is given twice", se.name, m)
		case isSummerHold(m) != se.summer:
			return fmt.Errorf("%s peak months: %s overlaps the %s season (%s; the %s threshold holds %s)", se.name, m, se.other, se.opposite, se.name, se.holds)
		case !slices.Contains(se.core, m) && !slices.Contains(se.widen, m):
			return fmt.Errorf("%s peak months: %s widens the %s window by more than one month (allowed: %s, plus %s)", se.name, m, se.name, monthNames(se.core), monthNames(se.widen))
		}
		seen[m] = true
	}
	for _, m := range se.core {
		if !seen[m] {
			return fmt.Errorf("%s peak months: %s is missing (the window always holds %s)", se.name, m, monthNames(se.core))
		}
	}
	return nil
}

// monthNames joins month names: "June, July, August".
func monthNames(ms []time.Month) string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.String()
	}
	return strings.Join(names, ", ")
}
