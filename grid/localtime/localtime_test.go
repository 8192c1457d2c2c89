package localtime

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := Load(name)
	require.NoError(t, err)
	return loc
}

// hoursFrom returns n consecutive UTC hours from start.
func hoursFrom(start time.Time, n int) []time.Time {
	out := make([]time.Time, n)
	for i := range out {
		out[i] = start.Add(time.Duration(i) * time.Hour)
	}
	return out
}

// TestDSTDaysHave23And25Hours counts the absolute hours that fall in each
// local day around the 2024 changes in Central time, by DayStart (the
// calendar the terms use) and by DayHours.
func TestDSTDaysHave23And25Hours(t *testing.T) {
	chicago := mustLoad(t, Central)
	tests := []struct {
		day  string
		want int
	}{
		{"2024-03-09", 24}, {"2024-03-10", 23}, {"2024-03-11", 24},
		{"2024-11-02", 24}, {"2024-11-03", 25}, {"2024-11-04", 24},
	}
	count := map[string]int{}
	for _, h := range append(hoursFrom(time.Date(2024, 3, 8, 12, 0, 0, 0, time.UTC), 24*5), hoursFrom(time.Date(2024, 11, 1, 12, 0, 0, 0, time.UTC), 24*5)...) {
		count[DayStart(h, chicago).Format(time.DateOnly)]++
	}
	for _, tt := range tests {
		d, err := time.Parse(time.DateOnly, tt.day)
		require.NoError(t, err)
		require.Equal(t, tt.want, count[tt.day], "absolute hours in local day %s", tt.day)
		require.Equal(t, tt.want, DayHours(d.Year(), d.Month(), d.Day(), chicago), tt.day)
	}
	// The repeated hour of 2024-11-03 is two absolute hours with one
	// local hour of day; the skipped one of 2024-03-10 is none.
	local := map[int]int{}
	for _, h := range hoursFrom(Midnight(2024, 11, 3, chicago), 25) {
		local[Hour(h, chicago)]++
	}
	require.Equal(t, 2, local[1], "1 a.m. twice on 2024-11-03")
	local = map[int]int{}
	for _, h := range hoursFrom(Midnight(2024, 3, 10, chicago), 23) {
		local[Hour(h, chicago)]++
	}
	require.Zero(t, local[2], "no 2 a.m. on 2024-03-10")
	require.Len(t, local, 23)
}

// TestMonthBoundaryAtLocalMidnight: 2024-02-01 00:00 CST is 06:00 UTC;
// the hour starting then is February's first, the hour before January's
// last, whatever the UTC date says.
func TestMonthBoundaryAtLocalMidnight(t *testing.T) {
	chicago, newYork := mustLoad(t, Central), mustLoad(t, Eastern)
	first := time.Date(2024, 2, 1, 6, 0, 0, 0, time.UTC)
	require.True(t, first.Equal(Midnight(2024, time.February, 1, chicago)))
	require.Equal(t, "2024-02", MonthKey(first, chicago))
	require.Equal(t, "2024-01", MonthKey(first.Add(-time.Hour), chicago))
	require.Equal(t, "2024-02", MonthKey(first.Add(-time.Hour), time.UTC), "guard: UTC puts that hour in February")
	require.Equal(t, "2024-02", MonthKey(time.Date(2024, 2, 1, 5, 0, 0, 0, time.UTC), newYork))

	// A month of hours: February 2024 local has 29×24 hours; March has one
	// fewer (daylight saving begins on the 10th), November one more.
	year := MonthsOf(hoursFrom(Midnight(2024, 1, 1, chicago), 8784), chicago)
	perMonth := map[string]int{}
	for _, k := range year.Of {
		perMonth[year.Keys[k]]++
	}
	require.Len(t, year.Keys, 12)
	require.Equal(t, "2024-01", year.Keys[0])
	require.Equal(t, 29*24, perMonth["2024-02"])
	require.Equal(t, 31*24-1, perMonth["2024-03"])
	require.Equal(t, 30*24+1, perMonth["2024-11"])
	require.Equal(t, 31*24, perMonth["2024-12"])
}

func TestRegionZones(t *testing.T) {
	tests := []struct{ region, want string }{
		{"ERCOT", Central}, {"SPP", Central}, {"MISO", Central}, {"MISO_SOUTH", Central}, {"TVA", Central},
		{"PJM", Eastern}, {"NYISO", Eastern}, {"ISO-NE", Eastern}, {"iso ne", Eastern}, {"SERC", Eastern}, {"Southern", Eastern},
		{"CAISO", Pacific}, {"ERCO", Central}, {"SWPP", Central},
	}
	for _, tt := range tests {
		z, ok := RegionZone(tt.region)
		require.True(t, ok, tt.region)
		require.Equal(t, tt.want, z, tt.region)
		_, err := Load(z)
		require.NoError(t, err, z)
	}
	_, ok := RegionZone("Mars")
	require.False(t, ok)
	for _, rz := range RegionZones() {
		_, err := Load(rz[1])
		require.NoError(t, err, rz[0])
	}
}

func TestLoadRefusesBadZones(t *testing.T) {
	for _, name := range []string{"", "Local", "America/Chicgo", "CST6"} {
		_, err := Load(name)
		require.Error(t, err, name)
	}
	loc := mustLoad(t, "UTC")
	require.Equal(t, "UTC", loc.String())
}

func TestMonthIndexRoundTrip(t *testing.T) {
	for _, m := range []string{"2024-01", "2024-12", "1999-07"} {
		d, err := time.Parse("2006-01", m)
		require.NoError(t, err)
		require.Equal(t, m, MonthOfIndex(MonthIndex(d, time.UTC)))
	}
}

// BenchmarkMonthsOf labels a year of hours by local month, what the
// contracts term does once per site and block (against formatting each
// hour's UTC month, as it did before the local calendar).
func BenchmarkMonthsOf(b *testing.B) {
	chicago, err := Load(Central)
	if err != nil {
		b.Fatal(err)
	}
	hours := hoursFrom(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 8760)
	b.Run("local", func(b *testing.B) {
		for range b.N {
			_ = MonthsOf(hours, chicago)
		}
	})
	b.Run("utc-format", func(b *testing.B) {
		for range b.N {
			for _, h := range hours {
				_ = h.Format("2006-01")
			}
		}
	})
}

// The lookup and the documented list agree, name by name.
func TestRegionZoneMatchesTheList(t *testing.T) {
	list := RegionZones()
	require.Len(t, list, 20)
	for _, rz := range list {
		z, ok := RegionZone(rz[0])
		require.True(t, ok, rz[0])
		require.Equal(t, rz[1], z, rz[0])
	}
}
