package isoprices

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/internal/shareddata"
)

// realFile returns a file of the real-data folder (shareddata.File: a
// missing file fails under GRIDFLIP_REQUIRE_SHARED_DATA=1, as in CI).
func realFile(t *testing.T, rel string) string {
	t.Helper()
	return shareddata.File(t, rel)
}

func importFiles(opt Options, paths ...string) (*grid.Series, Report, error) {
	var in []Input
	for _, p := range paths {
		in = append(in, Input{Name: filepath.Base(p), Open: func() (io.ReadCloser, error) { return os.Open(p) }})
	}
	return ImportReport(context.Background(), in, opt)
}

func year(y int) (time.Time, time.Time) {
	return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
}

// TestRealPJM replays PJM Data Miner 2's Western Hub files of 2024: only
// the current rows of 2024-03-05 (version 2) are kept, and the 23 hours
// of 2024-12-31 the files lack are named, in the report or as the gap.
func TestRealPJM(t *testing.T) {
	rt := realFile(t, "iso-prices-2023-2024/pjm/pjm_western_hub_rt_hrl_lmps_2024.csv")
	da := realFile(t, "iso-prices-2023-2024/pjm/pjm_western_hub_da_hrl_lmps_2024.csv")
	for _, path := range []string{rt, da} {
		s, rep, err := importFiles(Options{ISO: PJM}, path)
		require.NoError(t, err)
		require.Equal(t, []string{"WESTERN HUB"}, s.Columns)
		require.Equal(t, 8761, s.Len())
		require.Equal(t, time.Date(2024, 1, 1, 5, 0, 0, 0, time.UTC), s.Times[0])
		require.Len(t, rep.Outside, 1)
		assert.Equal(t, "2024-12-31 01:00 EST to 2024-12-31 23:00 EST (hours starting 2024-12-31T06:00:00Z to 2025-01-01T04:00:00Z, 23 hours)", rep.Outside[0].Text(rep.Clock))
	}
	s, _, err := importFiles(Options{ISO: PJM}, rt)
	require.NoError(t, err)
	// 2024-03-05 22:00 EST: version 1 (row_is_current False) 28.560163,
	// version 2 (True) 40.508357.
	k := int(time.Date(2024, 3, 6, 3, 0, 0, 0, time.UTC).Sub(s.Times[0]) / time.Hour)
	assert.Equal(t, 40.508357, s.Values[0][k])

	first, last := year(2024)
	_, _, err = importFiles(Options{ISO: PJM, FirstDay: first, LastDay: last}, rt)
	var gap *GapError
	require.True(t, errors.As(err, &gap), "%v", err)
	require.Len(t, gap.Spans, 1)
	assert.Equal(t, 23, gap.Hours)
	s, rep, err := importFiles(Options{ISO: PJM, FirstDay: first, LastDay: last, Fill: FillNearestWeek}, rt)
	require.NoError(t, err)
	assert.Equal(t, 8784, s.Len())
	assert.Equal(t, 23, rep.FilledHours)
}

// TestRealEIA replays the EIA portal's MISO and NYISO files: their hours
// present and missing are SOURCE.md's counts, and the nearest-week fill
// gives full local years.
func TestRealEIA(t *testing.T) {
	for _, tc := range []struct {
		file    string
		y       int
		nodes   int
		present int
		spans   int
		first   string // the first span filled
	}{
		{"miso/miso_lmp_rt_hr_hubs_2023.csv", 2023, 8, 7886, 1, "every node: 2023-07-24 14:00 EST to 2023-08-29 23:00 EST (hours starting 2023-07-24T19:00:00Z to 2023-08-30T04:00:00Z, 874 hours)"},
		{"miso/miso_lmp_rt_hr_hubs_2024.csv", 2024, 8, 7772, 3, "every node: 2024-01-03 00:00 EST to 2024-01-03 23:00 EST (hours starting 2024-01-03T05:00:00Z to 2024-01-04T04:00:00Z, 24 hours)"},
		{"nyiso/nyiso_lmp_rt_hr_zones_2023.csv", 2023, 11, 7594, 8, "every node: 2023-01-05 09:00 EST (the hour starting 2023-01-05T14:00:00Z)"},
		{"nyiso/nyiso_lmp_rt_hr_zones_2024.csv", 2024, 11, 7575, 13, "every node: 2024-01-03 06:00 EST to 2024-01-04 12:00 EST (hours starting 2024-01-03T11:00:00Z to 2024-01-04T17:00:00Z, 31 hours)"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := realFile(t, "iso-prices-2023-2024/"+tc.file)
			first, last := year(tc.y)
			hours := len(grid.YearHours(tc.y))
			_, _, err := importFiles(Options{ISO: EIA, FirstDay: first, LastDay: last}, path)
			var gap *GapError
			require.True(t, errors.As(err, &gap), "%v", err)
			assert.Equal(t, hours-tc.present, gap.Hours, "SOURCE.md: %d of %d hours", tc.present, hours)
			s, rep, err := importFiles(Options{ISO: EIA, FirstDay: first, LastDay: last, Fill: FillNearestWeek}, path)
			require.NoError(t, err)
			require.Equal(t, hours, s.Len())
			require.Len(t, s.Columns, tc.nodes)
			assert.Equal(t, hours-tc.present, rep.FilledHours)
			require.Len(t, rep.Filled, tc.spans)
			assert.Equal(t, tc.first, rep.Filled[0].Who()+": "+rep.Filled[0].Text(rep.Clock))
			for _, col := range s.Values {
				for _, v := range col {
					require.False(t, math.IsNaN(v), "NaN")
				}
			}
			if strings.HasPrefix(tc.file, "miso") {
				assert.Equal(t, "Louisiana Hub", s.Columns[3])
			} else {
				assert.Equal(t, "A - West", s.Columns[0])
			}
		})
	}
}

// TestRealERCOTLayout writes ERCOT's real 2023-2024 day-ahead hub prices
// (the real-data folder's UTC table, from ERCOT's NP4-180-ER report) back
// in ERCOT's published layout, with both DST days of each year, and
// imports them: every hour comes back at its UTC instant.
func TestRealERCOTLayout(t *testing.T) {
	path := realFile(t, "ercot-hubs-2023-2024/ercot_dam_spp_hourly_hubs_2023_2024.csv")
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	want, err := grid.ReadSeriesColumns(f, "dam.csv", []string{"HB_WEST", "HB_NORTH"})
	require.NoError(t, err)
	ct := central(t)
	var b strings.Builder
	b.WriteString(ercotDAMHeader + "\n")
	for k, at := range want.Times {
		d, he, flag := ercotLabel(at, ct)
		for c, node := range want.Columns {
			fmt.Fprintf(&b, "%s,%02d:00,%s,%s,%s\n", d, he, flag, node, strconv.FormatFloat(want.Values[c][k], 'f', -1, 64))
		}
	}
	s, rep, err := ImportReport(context.Background(), []Input{Reader("dam.csv", strings.NewReader(b.String()))}, Options{ISO: ERCOT, FirstDay: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), LastDay: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	assert.Empty(t, rep.Filled)
	require.Equal(t, want.Times, s.Times)
	require.Equal(t, 17544, s.Len())
	for c := range want.Columns {
		for k := range want.Times {
			require.InDelta(t, want.Values[c][k], s.Values[c][k], 1e-9)
		}
	}
}
