package grid

import (
	"fmt"
	"strings"
	"time"
)

// zonedLayouts lists the layouts accepted for timestamps with a time of day.
// The input is first normalized so that the date/time separator is 'T' and a
// trailing 'z' is 'Z'. time.Parse also accepts fractional seconds after the
// seconds field.
func zonedLayouts() [4]string {
	return [4]string{
		"2006-01-02T15:04:05Z07:00",
		"2006-01-02T15:04Z07:00",
		"2006-01-02T15:04:05Z0700",
		"2006-01-02T15:04Z0700",
	}
}

// naiveLayouts lists layouts with a time of day but no zone: recognized only
// to give a precise error message.
func naiveLayouts() [2]string {
	return [2]string{
		"2006-01-02T15:04:05",
		"2006-01-02T15:04",
	}
}

const dateLayout = "2006-01-02"

// parseTimestamp parses one timestamp field and returns it in UTC.
// A plain date means midnight UTC; a time of day without a zone is an error.
func parseTimestamp(raw string) (time.Time, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty timestamp")
	}
	if len(s) == len(dateLayout) {
		t, err := time.Parse(dateLayout, s)
		if err != nil {
			return time.Time{}, fmt.Errorf("timestamp %s is not a valid date (want YYYY-MM-DD)", shown(raw))
		}
		return t, nil
	}
	if len(s) > len(dateLayout) && (s[10] == ' ' || s[10] == 't') {
		s = s[:10] + "T" + s[11:]
	}
	if strings.HasSuffix(s, "z") {
		s = s[:len(s)-1] + "Z"
	}
	for _, layout := range zonedLayouts() {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	for _, layout := range naiveLayouts() {
		if _, err := time.Parse(layout, s); err == nil {
			return time.Time{}, fmt.Errorf("timestamp %s has no time zone: add Z for UTC or a numeric offset such as -06:00", shown(raw))
		}
	}
	return time.Time{}, fmt.Errorf("timestamp %s is not an RFC 3339 time (want e.g. 2024-01-01T00:00:00Z) or a date (2024-01-01)", shown(raw))
}

// formatTime renders t as an RFC 3339 UTC timestamp, the form used in messages and output.
func formatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}
