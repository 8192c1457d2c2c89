package analysis

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// handPlan is a plan over UTC 2025 whose site s draws load[s] MW every
// hour, summed by region as the planner does.
func handPlan(c *sites.Case, load []float64) *optimize.Plan {
	var hours []time.Time
	for h := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC); h.Year() == 2025; h = h.Add(time.Hour) {
		hours = append(hours, h)
	}
	p := &optimize.Plan{HourTimes: hours}
	idx := map[string]int{}
	for s, site := range c.Sites {
		i, ok := idx[site.Region]
		if !ok {
			i = len(p.Regions)
			idx[site.Region] = i
			p.Regions = append(p.Regions, optimize.RegionLoad{Region: site.Region, LoadMW: make([]float64, len(hours))})
		}
		for t := range hours {
			p.Regions[i].LoadMW[t] += load[s]
		}
	}
	p.Hourly = optimize.HoursFunc(func(s int) (optimize.SiteHours, error) {
		l := make([]float64, len(hours))
		for t := range l {
			l[t] = load[s]
		}
		return optimize.SiteHours{LoadMW: l}, nil
	})
	return p
}

// TestMeasureHeadroomSplitRegionAndFlexible: a region whose sites lie in
// two areas is split by its sites' own series, a site whose region has no
// area is noted and left out, and each flexible plan gets its own after.
func TestMeasureHeadroomSplitRegionAndFlexible(t *testing.T) {
	c := &sites.Case{Sites: []sites.Site{
		{ID: "tx", Region: "ERCOT"},
		{ID: "panhandle", Region: "ERCOT", BalancingArea: "SWPP"},
		{ID: "alberta", Region: "AESO"},
	}}
	c.Grid.HeadroomReferenceYear = 2019
	a := &Analysis{
		Baseline:    handPlan(c, []float64{0, 0, 0}),
		Plan:        handPlan(c, []float64{300, 50, 999}),
		Flexibility: []FlexRow{{MaxCurtailedShare: 0.005}},
	}
	a.Flexibility[0].Plan = handPlan(c, []float64{100, 0, 999})
	d, err := LoadHeadroomData()
	require.NoError(t, err)
	require.NoError(t, MeasureHeadroom(d, c, a))
	require.Len(t, a.Headroom, 2)
	require.Len(t, a.HeadroomNotes, 1)
	require.Contains(t, a.HeadroomNotes[0], "alberta (region AESO)")
	require.Contains(t, a.HeadroomAttribution, "CC BY 4.0")
	for i, tc := range []struct {
		area       string
		site       string
		firm, flex float64
	}{{"ERCO", "tx", 300, 100}, {"SWPP", "panhandle", 50, 0}} {
		got := a.Headroom[i]
		require.Equal(t, tc.area, got.Area)
		require.Equal(t, []string{tc.site}, got.Sites)
		area, _ := d.Area(tc.area)
		for _, side := range []struct {
			mw    float64
			after func(r AreaHeadroomResult) float64
		}{{tc.firm, func(r AreaHeadroomResult) float64 { return r.AfterMW }}, {tc.flex, func(r AreaHeadroomResult) float64 { return r.AfterFlexibleMW[0] }}} {
			ref, err := impact.ReferenceHours(area, 2019)
			require.NoError(t, err)
			delta := make([]float64, len(ref))
			for k := range delta {
				delta[k] = side.mw
			}
			want, err := impact.HeadroomChange(area, 2019, delta, d.Limits)
			require.NoError(t, err)
			for k, r := range got.Results {
				require.Len(t, r.AfterFlexibleMW, 1)
				require.Equal(t, want.Before[k].HeadroomMW, r.BeforeMW)
				require.Equal(t, want.After[k].HeadroomMW, side.after(r), "%s %g MW at %g", tc.area, side.mw, r.CurtailmentLimit)
				if side.mw > 0 {
					require.Less(t, side.after(r), r.BeforeMW, "the guard: the load lowers the headroom")
				}
			}
		}
	}
}
