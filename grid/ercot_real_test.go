package grid

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/shareddata"
)

func TestERCOTRealData(t *testing.T) {
	path := shareddata.File(t, filepath.Join("ercot-hubs-2023-2024", "ercot_rtm_spp_hourly_mean_hubs_2023_2024.csv"))
	hubs := []string{"HB_WEST", "HB_NORTH", "HB_HOUSTON", "HB_SOUTH"}

	// The file has a text column (hour_start_central): reading all columns fails on it.
	f, err := os.Open(path)
	require.NoError(t, err)
	_, err = ReadHourly(f, "rtm.csv")
	require.NoError(t, f.Close())
	require.ErrorContains(t, err, `rtm.csv:2: column "hour_start_central": value "2023-01-01T00:00:00-06:00" is not a number`)

	f, err = os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	s, err := ReadSeriesColumns(f, "rtm.csv", append(hubs, "n_intervals"))
	require.NoError(t, err)
	require.Equal(t, 8760+8784, s.Len())
	require.Equal(t, utc(2023, 1, 1, 6), s.Times[0])
	require.Equal(t, utc(2025, 1, 1, 5), s.Times[s.Len()-1])
	n, _ := s.Column("n_intervals")
	for _, v := range n {
		require.Equal(t, 4.0, v)
	}
	want := realPooled()
	for _, hub := range hubs {
		col, ok := s.Column(hub)
		require.True(t, ok)
		got := summarize(col)
		w := want[hub]
		t.Logf("%-10s real %s", hub, got.row())
		require.Equal(t, w.N, got.N)
		for name, pair := range map[string][2]float64{
			"mean": {got.Mean, w.Mean}, "median": {got.Median, w.Median}, "std": {got.Std, w.Std},
			"p1": {got.P1, w.P1}, "p99": {got.P99, w.P99}, "p99.9": {got.P999, w.P999},
			"max": {got.Max, w.Max},
		} {
			require.InDelta(t, pair[1], pair[0], 0.005+0.001*math.Abs(pair[1]), "%s %s: documented figure differs from the data", hub, name)
		}
		require.InDelta(t, w.NegShare, got.NegShare, 0.00005, "%s negative share", hub)
		require.InDelta(t, w.Over1000Share, got.Over1000Share, 0.00005, "%s share above 1000", hub)
	}
}

func TestERCOTRealDayAhead(t *testing.T) {
	path := shareddata.File(t, filepath.Join("ercot-hubs-2023-2024", "ercot_dam_spp_hourly_hubs_2023_2024.csv"))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	s, err := ReadSeriesColumns(f, filepath.Base(path), []string{"HB_NORTH", "HB_WEST"})
	require.NoError(t, err)
	require.Equal(t, 17544, s.Len())
	north, _ := s.Column("HB_NORTH")
	require.Equal(t, 10.48, north[0])
}
