package headroom_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/headroom"
	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/impact/headroomin"
	"github.com/gridflip/gridflip/sites"
)

// TestAreaOfRegion: every region name of the mapping (any case), an area's
// own code, and a region with no area.
func TestAreaOfRegion(t *testing.T) {
	for _, tc := range []struct{ region, want string }{
		{"ERCOT", "ERCO"}, {"PJM", "PJM"}, {"MISO", "MISO"}, {"MISO_SOUTH", "MISO"}, {"miso_south", "MISO"},
		{"SPP", "SWPP"}, {"NYISO", "NYIS"}, {"CAISO", "CISO"}, {"ISO-NE", "ISNE"}, {"SERC", "SOCO"},
		{"Southern", "SOCO"}, {"Georgia", "SOCO"}, {"TVA", "TVA"}, {"DUK", "DUK"}, {" ercot ", "ERCO"},
		{"Alberta", ""}, {"", ""}, {"ERCO-WEST", ""},
	} {
		got, ok := headroom.AreaOfRegion(tc.region)
		require.Equal(t, tc.want, got, tc.region)
		require.Equal(t, tc.want != "", ok, tc.region)
		if ok {
			require.True(t, headroom.IsArea(got), "%s maps to a bundled area", tc.region)
		}
	}
	require.Len(t, headroom.AreaIDs(), 22)
}

// TestUSMinersRegionsHaveAreas: every site of the bundled us-miners case
// lies in a bundled area by its region, and ERCOT, PJM and MISO are among
// them.
func TestUSMinersRegionsHaveAreas(t *testing.T) {
	data, err := os.ReadFile("../us-miners/case.toml")
	require.NoError(t, err)
	c, err := sites.Decode(data, "case.toml")
	require.NoError(t, err)
	require.Empty(t, headroom.CheckCase(c))
	seen := map[string]int{}
	for s := range c.Sites {
		a := headroom.SiteArea(c, s)
		require.NotEmpty(t, a, "site %s (region %s)", c.Sites[s].ID, c.Sites[s].Region)
		seen[a]++
	}
	for _, want := range []string{"ERCO", "PJM", "MISO"} {
		require.Positive(t, seen[want], want)
	}
}

// TestBundledYears: every bundled area counts exactly the local years
// FirstCountedYear to LastCountedYear, the years CheckCase accepts.
func TestBundledYears(t *testing.T) {
	tab, err := headroom.Bundled()
	require.NoError(t, err)
	areas, err := headroomin.Areas(tab, headroom.DefaultSettings(), impact.AreaSettings{})
	require.NoError(t, err)
	require.Len(t, areas, 22)
	var want []int
	for y := headroom.FirstCountedYear; y <= headroom.LastCountedYear; y++ {
		want = append(want, y)
	}
	for _, a := range areas {
		require.Equal(t, want, impact.CountedYears(a), a.ID)
	}
}
