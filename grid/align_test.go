package grid

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAlignToHours(t *testing.T) {
	d0 := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	daily := []time.Time{d0, d0.Add(24 * time.Hour), d0.Add(48 * time.Hour)}
	hourly := []time.Time{d0, d0.Add(time.Hour), d0.Add(2 * time.Hour)}
	hoursFrom := func(start time.Time, n int) []time.Time {
		out := make([]time.Time, n)
		for i := range out {
			out[i] = start.Add(time.Duration(i) * time.Hour)
		}
		return out
	}
	tests := []struct {
		name   string
		times  []time.Time
		step   time.Duration
		values []float64
		hours  []time.Time
		want   []float64
		err    string
	}{
		{"daily to hours across midnight", daily, 24 * time.Hour, []float64{50, 51, 52}, hoursFrom(d0.Add(22*time.Hour), 4), []float64{50, 50, 51, 51}, ""},
		{"daily, last hour of the series", daily, 24 * time.Hour, []float64{50, 51, 52}, []time.Time{d0.Add(71 * time.Hour)}, []float64{52}, ""},
		{"hourly identity", hourly, time.Hour, []float64{1, 2, 3}, hourly, []float64{1, 2, 3}, ""},
		{"hourly subset", hourly, time.Hour, []float64{1, 2, 3}, hourly[1:], []float64{2, 3}, ""},
		{"no hours", hourly, time.Hour, []float64{1, 2, 3}, nil, []float64{}, ""},
		{"after the end", daily, 24 * time.Hour, []float64{50, 51, 52}, hoursFrom(d0.Add(70*time.Hour), 3), nil,
			"hashprice.csv: model hour 2024-03-04T00:00:00Z is not covered by the series (it covers 2024-03-01T00:00:00Z to 2024-03-04T00:00:00Z, step 24h)"},
		{"before the start", hourly, time.Hour, []float64{1, 2, 3}, []time.Time{d0.Add(-time.Hour)}, nil, "model hour 2024-02-29T23:00:00Z is not covered"},
		{"in a gap of the series", []time.Time{d0, d0.Add(2 * time.Hour)}, time.Hour, []float64{1, 3}, hourly, nil, "model hour 2024-03-01T01:00:00Z is not covered"},
		{"empty series", nil, time.Hour, nil, hourly, nil, "(it is empty)"},
		{"length mismatch", hourly, time.Hour, []float64{1}, hourly, nil, "3 timestamps but 1 values"},
		{"zero step", hourly, 0, []float64{1, 2, 3}, hourly, nil, "step 0s must be positive"},
		{"not increasing", []time.Time{d0, d0}, time.Hour, []float64{1, 2}, hourly, nil, "not strictly increasing"},
		{"NaN value", hourly, time.Hour, []float64{1, math.NaN(), 3}, hourly, nil, "value at 2024-03-01T01:00:00Z is NaN"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AlignToHours("hashprice.csv", tc.times, tc.step, tc.values, tc.hours)
			if tc.err != "" {
				require.ErrorContains(t, err, "hashprice.csv: ")
				require.ErrorContains(t, err, tc.err)
				require.Nil(t, got)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}
