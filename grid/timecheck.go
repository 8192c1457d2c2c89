package grid

import (
	"fmt"
	"strings"
	"time"
)

// Day is the step of a daily series.
const Day = 24 * time.Hour

// Year is the Step of a yearly series: rows on 1 January at 00:00 UTC, one
// calendar year apart (365 or 366 days; stepEnd steps by the calendar).
const Year = 8784 * time.Hour

// stepEnd is the end of the step that starts at t.
func stepEnd(t time.Time, step time.Duration) time.Time {
	if step == Year {
		return t.AddDate(1, 0, 0)
	}
	return t.Add(step)
}

// isNewYear reports whether t is 1 January, 00:00 UTC.
func isNewYear(t time.Time) bool {
	t = t.UTC()
	return t.Equal(time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC))
}

// timeChecker enforces a strictly regular time axis while rows are read.
type timeChecker struct {
	file     string
	hourly   bool          // reject a daily step
	subHour  bool          // accept steps that divide an hour (averaged later)
	yearly   bool          // accept a step of one calendar year
	gaps     bool          // hourly, rows may skip whole hours
	step     time.Duration // set by the second row
	n        int           // rows seen
	prev     time.Time
	prevLine int
	// pending is a step error (a gap, an irregular step) held back one
	// row: when the next row comes earlier, the rows are out of order and
	// that is the error to report, not a gap.
	pending error
}

// add checks the timestamp t of the row on line against the previous rows.
// raw is the field as written, quoted in messages when it is not plain UTC.
func (c *timeChecker) add(t time.Time, line int, raw string) error {
	defer func() { c.n++ }()
	if c.n == 0 {
		c.prev, c.prevLine = t, line
		return nil
	}
	if err := c.order(t, line, raw); err != nil {
		return err
	}
	if c.pending != nil {
		return c.pending
	}
	if err := c.step1(t, line, raw); err != nil {
		c.pending = err // reported at the next row or at the end
	}
	c.prev, c.prevLine = t, line
	return nil
}

// finish returns the step error of the last row, if any.
func (c *timeChecker) finish() error { return c.pending }

// order refuses a timestamp equal to or earlier than the previous row's.
func (c *timeChecker) order(t time.Time, line int, raw string) error {
	switch {
	case t.Equal(c.prev):
		return c.errorf(line, "duplicate timestamp %s (already on line %d)", describe(t, raw), c.prevLine)
	case t.Before(c.prev):
		return c.errorf(line, "timestamps out of order: %s is earlier than %s on line %d", describe(t, raw), formatTime(c.prev), c.prevLine)
	}
	return nil
}

// step1 checks the step from the previous row to t (later than it),
// setting the series' step at the second row.
func (c *timeChecker) step1(t time.Time, line int, raw string) error {
	d := t.Sub(c.prev)
	if c.gaps {
		if d%time.Hour != 0 {
			return c.errorf(line, "irregular step: %s is not a whole number of hours after %s on line %d", describe(t, raw), formatTime(c.prev), c.prevLine)
		}
		c.step = time.Hour
		return nil
	}
	if c.n == 1 {
		if c.subHour && d < time.Hour && d >= time.Minute && time.Hour%d == 0 {
			c.step = d
			return nil
		}
		if c.yearly && isNewYear(c.prev) && t.Equal(c.prev.AddDate(1, 0, 0)) {
			c.step = Year
			return nil
		}
		if c.hourly && d == Day {
			return c.errorf(line, "daily series (24h step between lines %d and %d); an hourly series is required", c.prevLine, line)
		}
		if !c.allowed(d) {
			return c.errorf(line, "step between the first two rows (lines %d and %d) is %s; %s", c.prevLine, line, formatStep(d), c.allowedSteps())
		}
		c.step = d
	} else if want := stepEnd(c.prev, c.step); !t.Equal(want) {
		if c.step == Year {
			return c.errorf(line, "irregular step: a yearly series has a row on every 1 January; expected %s, got %s", c.format(want), describe(t, raw))
		}
		if d%c.step == 0 {
			return c.errorf(line, "gap: expected %s, got %s (%d %s missing)", c.format(want), describe(t, raw), d/c.step-1, stepNoun(c.step))
		}
		return c.errorf(line, "irregular step: expected %s (one %s step after line %d), got %s", formatTime(want), formatStep(c.step), c.prevLine, describe(t, raw))
	}
	return nil
}

// format renders an expected time: a plain date for a daily series at
// midnight UTC, else an RFC 3339 UTC timestamp.
func (c *timeChecker) format(t time.Time) string {
	if (c.step == Day || c.step == Year) && t.Equal(t.Truncate(Day)) {
		return t.Format(dateLayout)
	}
	return formatTime(t)
}

func (c *timeChecker) errorf(line int, format string, args ...any) error {
	return &LineError{File: c.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// describe renders t in UTC, adding the raw field when it was written
// differently. A plain date is shown as written.
func describe(t time.Time, raw string) string {
	s := formatTime(t)
	if trimmed := strings.TrimSpace(raw); len(trimmed) == len(dateLayout) {
		return trimmed
	}
	if raw != s {
		return fmt.Sprintf("%s (%s)", s, shown(raw))
	}
	return s
}

// formatStep renders a duration compactly: 1h, 24h, 30m, 1h30m, 90s.
func formatStep(d time.Duration) string {
	switch {
	case d == Year:
		return "1 year"
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	default:
		return d.String()
	}
}

// stepNoun names the unit of a step for gap counts.
func stepNoun(step time.Duration) string {
	switch step {
	case Day:
		return "day(s)"
	case time.Hour:
		return "hour(s)"
	}
	return formatStep(step) + " step(s)"
}

// allowed reports whether a step other than a sub-hourly one is accepted.
func (c *timeChecker) allowed(d time.Duration) bool {
	return d == time.Hour || (d == Day && !c.hourly)
}

// allowedSteps says which steps the reader accepts.
func (c *timeChecker) allowedSteps() string {
	switch {
	case c.subHour:
		return "it must be 1h, or a whole number of minutes that divides an hour (5m, 15m, 30m: averaged to hours)"
	case c.hourly:
		return "it must be 1h (an hourly series is required)"
	case c.yearly:
		return "it must be 1h (hourly), 24h (daily) or a calendar year (rows on 1 January)"
	default:
		return "it must be 1h (hourly) or 24h (daily)"
	}
}
