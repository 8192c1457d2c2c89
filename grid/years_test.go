package grid

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestYearHoursAndLeapYears(t *testing.T) {
	require.Len(t, YearHours(2026), 8760)
	require.Len(t, YearHours(2028), 8784)
	require.True(t, IsLeap(2000))
	require.False(t, IsLeap(2100))
	h := YearHours(2027)
	require.Equal(t, time.Date(2027, 12, 31, 23, 0, 0, 0, time.UTC), h[len(h)-1])
}

func TestRepeatedHour(t *testing.T) {
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	tests := []struct {
		name   string
		target time.Time
		source int
		want   time.Time
	}{
		{"same day and hour", at(2030, 7, 4, 17), 2024, at(2024, 7, 4, 17)},
		{"leap target, plain source: Feb 29 copies Feb 28", at(2028, 2, 29, 5), 2023, at(2023, 2, 28, 5)},
		{"leap target, leap source: Feb 29 itself", at(2028, 2, 29, 5), 2024, at(2024, 2, 29, 5)},
		{"plain target, leap source: Mar 1 stays Mar 1", at(2027, 3, 1, 0), 2024, at(2024, 3, 1, 0)},
		{"a zone is read in UTC", time.Date(2030, 1, 1, 1, 0, 0, 0, time.FixedZone("CST", -6*3600)), 2024, at(2024, 1, 1, 7)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, RepeatedHour(tc.target, tc.source))
		})
	}
	// A non-leap target never maps onto a leap source's Feb 29.
	for _, h := range YearHours(2027) {
		r := RepeatedHour(h, 2024)
		require.False(t, r.Month() == time.February && r.Day() == 29)
	}
}

func TestFullYears(t *testing.T) {
	two := append(YearHours(2023), YearHours(2024)...)
	require.Equal(t, []int{2023, 2024}, FullYears(two))
	require.Equal(t, []int{2024}, FullYears(two[5:]), "a partial first year is not full")
	require.Equal(t, []int{2023}, FullYears(two[:len(two)-1]), "a partial last year is not full")
	gap := append(append([]time.Time{}, two[:100]...), two[101:8760]...)
	require.Empty(t, FullYears(gap), "a missing hour")
	require.Empty(t, FullYears(nil))
}

func TestYearlySeries(t *testing.T) {
	read := func(csv string) (*Series, error) {
		return readSeriesOpts(strings.NewReader(csv), "btc.csv", readOptions{yearly: true})
	}
	s, err := read("date,btc_price_usd\n2026-01-01,100000\n2027-01-01,110000\n2028-01-01,121000\n")
	require.NoError(t, err)
	require.Equal(t, Year, s.Step)
	hours := []time.Time{time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2028, 12, 31, 23, 0, 0, 0, time.UTC)}
	got, err := AlignToHours(s.File, s.Times, s.Step, s.Values[0], hours)
	require.NoError(t, err)
	require.Equal(t, []float64{100000, 121000, 121000}, got, "each row holds for its calendar year, a leap year too")
	_, err = AlignToHours(s.File, s.Times, s.Step, s.Values[0], []time.Time{time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC)})
	require.ErrorContains(t, err, "to 2029-01-01T00:00:00Z, step 1 year")

	_, err = read("date,btc\n2026-01-01,1\n2027-01-01,2\n2029-01-01,3\n")
	require.ErrorContains(t, err, "btc.csv:4: irregular step: a yearly series has a row on every 1 January; expected 2028-01-01, got 2029-01-01")
	_, err = read("date,btc\n2026-06-01,1\n2027-06-01,2\n")
	require.ErrorContains(t, err, "btc.csv:3: step between the first two rows (lines 2 and 3) is 8760h; it must be 1h (hourly), 24h (daily) or a calendar year (rows on 1 January)")
	daily, err := read("date,btc\n2026-06-01,1\n2026-06-02,2\n")
	require.NoError(t, err)
	require.Equal(t, Day, daily.Step)
}
