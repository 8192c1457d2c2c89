package grid

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// AlignToHours aligns a series (yearly, daily or hourly, as given by times
// and step) to the given model hours: each model hour takes the value of the
// series step that contains it, [times[i], times[i]+step). It is an error,
// naming file and the first uncovered hour, if any model hour is not
// covered. times must be strictly increasing, values as long as times and
// finite; file is used in messages. An hourly series that covers the
// (consecutive) model hours is returned as a slice of values, not copied.
func AlignToHours(file string, times []time.Time, step time.Duration, values []float64, hours []time.Time) ([]float64, error) {
	if len(times) != len(values) {
		return nil, fmt.Errorf("%s: %d timestamps but %d values", file, len(times), len(values))
	}
	if step <= 0 {
		return nil, fmt.Errorf("%s: step %v must be positive", file, step)
	}
	for i := range times {
		if i > 0 && !times[i].After(times[i-1]) {
			return nil, fmt.Errorf("%s: timestamps not strictly increasing at %s", file, times[i].UTC().Format(time.RFC3339))
		}
		if math.IsNaN(values[i]) || math.IsInf(values[i], 0) {
			return nil, fmt.Errorf("%s: value at %s is %v", file, times[i].UTC().Format(time.RFC3339), values[i])
		}
	}
	// Hourly series over consecutive model hours: share the values.
	if n := len(hours); n > 0 && step == time.Hour && hours[n-1].Sub(hours[0]) == time.Duration(n-1)*time.Hour {
		i := sort.Search(len(times), func(j int) bool { return !times[j].Before(hours[0]) })
		if i < len(times) && times[i].Equal(hours[0]) && i+n <= len(times) && times[i+n-1].Equal(hours[n-1]) {
			return values[i : i+n : i+n], nil
		}
	}
	out := make([]float64, len(hours))
	for k, h := range hours {
		// i is the last series step starting at or before h.
		i := sort.Search(len(times), func(j int) bool { return times[j].After(h) }) - 1
		if i < 0 || !h.Before(stepEnd(times[i], step)) {
			return nil, fmt.Errorf("%s: model hour %s is not covered by the series%s", file, h.UTC().Format(time.RFC3339), coverage(times, step))
		}
		out[k] = values[i]
	}
	return out, nil
}

// coverage describes the span of a series for error messages.
func coverage(times []time.Time, step time.Duration) string {
	if len(times) == 0 {
		return " (it is empty)"
	}
	return fmt.Sprintf(" (it covers %s to %s, step %v)",
		times[0].UTC().Format(time.RFC3339), stepEnd(times[len(times)-1], step).UTC().Format(time.RFC3339), formatStep(step))
}
