package headroomin

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/grid/localtime"
	"github.com/gridflip/gridflip/impact"
)

// readText reads a load CSV from text.
func readText(text string) (*Table, error) {
	s, err := grid.ReadHourlyGaps(strings.NewReader(text), "load.csv")
	if err != nil {
		return nil, err
	}
	return fromSeries(s)
}

func TestReadLoadGapsAndMissing(t *testing.T) {
	tab, err := readText("t,A,B\n2024-01-01T00:00:00Z,1,2\n2024-01-01T03:00:00+02:00,,4\n2024-01-01T03:00:00Z,5,6\n")
	require.NoError(t, err)
	require.Equal(t, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), tab.Start)
	require.Equal(t, 4, tab.Hours(), "00h to 03h UTC")
	require.Equal(t, []string{"A", "B"}, tab.Columns)
	a, b := tab.Values[0], tab.Values[1]
	require.Equal(t, 1.0, a[0])
	require.True(t, math.IsNaN(a[1]), "01h UTC (03h+02) is empty for A")
	require.Equal(t, 4.0, b[1])
	require.True(t, math.IsNaN(a[2]) && math.IsNaN(b[2]), "02h is missing")
	require.Equal(t, []float64{5, 6}, []float64{a[3], b[3]})
}

func TestReadLoadErrors(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"negative", "t,A\n2024-01-01T00:00:00Z,-1\n", `load.csv:2: column "A": negative load -1 MW`},
		{"span", "t,A\n2000-01-01T00:00:00Z,1\n2200-01-01T00:00:00Z,1\n", "load.csv:3: the rows span"},
		{"not a number", "t,A\n2024-01-01T00:00:00Z,x\n", `load.csv:2: column "A": value "x" is not a number`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readText(tc.text)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestCompactRoundTrip(t *testing.T) {
	tab := &Table{File: "x", Start: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Columns: []string{"A", "B"},
		Values: [][]float64{{1, 5, 3, 0}, {1e6, 2, 70000, 9}}}
	var b bytes.Buffer
	require.NoError(t, EncodeCompact(&b, tab))
	got, err := DecodeCompact(&b, "copy")
	require.NoError(t, err)
	require.Equal(t, tab.Start, got.Start)
	require.Equal(t, tab.Columns, got.Columns)
	require.Equal(t, tab.Values, got.Values)

	tab.Values[0][1] = 1.5
	require.ErrorContains(t, EncodeCompact(&bytes.Buffer{}, tab), "column A, hour 1: 1.5 is not a whole number")
	_, err = DecodeCompact(strings.NewReader("plain text"), "copy")
	require.ErrorContains(t, err, "copy: not a compact load table")
}

func TestParseConfig(t *testing.T) {
	cfg, err := ParseConfig([]byte(`# widened windows
[area.CISO]
time_zone = "America/Los_Angeles"
summer_peak_months = [5, 6, 7, 8, 9]
winter_peak_months = [11, 12, 1, 2, 3]

[area."AZPS"]
winter_peak_months = [11, 12, 1, 2]
`), "areas.toml")
	require.NoError(t, err)
	require.Equal(t, "America/Los_Angeles", cfg["CISO"].TimeZone.String())
	require.Equal(t, []time.Month{5, 6, 7, 8, 9}, cfg["CISO"].SummerPeakMonths)
	require.Nil(t, cfg["AZPS"].TimeZone, "not given")
	phoenix, err := localtime.Load(localtime.Arizona)
	require.NoError(t, err)
	s := cfg["AZPS"].Apply(impact.AreaSettings{TimeZone: phoenix})
	require.Equal(t, phoenix, s.TimeZone, "kept")
	require.Equal(t, []time.Month{11, 12, 1, 2}, s.WinterPeakMonths)

	for _, tc := range []struct{ name, text, want string }{
		{"syntax", "[area.A\n", "areas.toml:1: not valid TOML"},
		{"type", "[area.A]\ntime_zone = 3\n", "areas.toml:2: cannot decode"},
		{"unknown key", "[area.A]\ntime_zone = \"UTC\"\n\nsummer = [6]\n", "areas.toml:4: unknown key area.A.summer"},
		{"unknown top", "zone = \"UTC\"\n", "areas.toml:1: unknown key zone"},
		{"zone", "[area.A]\n\ntime_zone = \"Nowhere/City\"\n", `areas.toml:3: area A: unknown time zone "Nowhere/City"`},
		{"local", "[area.A]\ntime_zone = \"Local\"\n", `areas.toml:2: area A: time zone "Local"`},
		{"month", "[area.A]\nsummer_peak_months = [6, 7, 13]\n", "areas.toml:2: area A: 13 is not a month"},
		{"empty", "[area.A]\nwinter_peak_months = []\n", "areas.toml:2: area A: an empty list of months"},
		{"overlap", "[area.A]\nwinter_peak_months = [12, 1, 2, 3, 4]\n", "areas.toml:2: area A: winter peak months: April overlaps the summer season"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tc.text), "areas.toml")
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestAreas(t *testing.T) {
	tab := &Table{File: "load.csv", Columns: []string{"A", "B"}, Values: [][]float64{{1}, {2}}}
	areas, err := Areas(tab, map[string]impact.AreaSettings{"A": {TimeZone: time.UTC}}, impact.AreaSettings{})
	require.NoError(t, err)
	require.Equal(t, time.UTC, areas[0].Settings.TimeZone)
	require.Nil(t, areas[1].Settings.TimeZone)
	_, err = Areas(tab, map[string]impact.AreaSettings{"Z": {}, "Y": {}}, impact.AreaSettings{})
	require.ErrorContains(t, err, "settings name areas that load.csv has no column for: Y, Z (its columns: A, B)")
}
