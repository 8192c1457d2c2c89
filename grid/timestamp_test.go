package grid

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseTimestamp(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		err  string
	}{
		{"2024-01-01T00:00:00Z", utc(2024, 1, 1, 0), ""},
		{"2024-01-01T00:00:00-06:00", utc(2024, 1, 1, 6), ""},
		{"2024-01-01T00:00:00+05:30", time.Date(2023, 12, 31, 18, 30, 0, 0, time.UTC), ""},
		{"2024-01-01 00:00:00Z", utc(2024, 1, 1, 0), ""},
		{"2024-01-01T00:00Z", utc(2024, 1, 1, 0), ""},
		{"2024-01-01 00:00-0600", utc(2024, 1, 1, 6), ""},
		{"2024-01-01T00:00:00.000Z", utc(2024, 1, 1, 0), ""},
		{"  2024-01-01  ", utc(2024, 1, 1, 0), ""},
		{"2024-01-01", utc(2024, 1, 1, 0), ""},
		{"", time.Time{}, "empty timestamp"},
		{"2024-01-01T00:00:00", time.Time{}, "has no time zone: add Z for UTC or a numeric offset such as -06:00"},
		{"2024-01-01 00:00", time.Time{}, "has no time zone"},
		{"2024-13-01", time.Time{}, "not a valid date"},
		{"01/02/2024 00:00", time.Time{}, "not an RFC 3339 time"},
		{"2024-01-01T25:00:00Z", time.Time{}, "not an RFC 3339 time"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseTimestamp(tc.in)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
			require.Equal(t, time.UTC, got.Location())
		})
	}
}
