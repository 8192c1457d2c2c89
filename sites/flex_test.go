package sites

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDecodeFlexibleAndPOI(t *testing.T) {
	c, err := Decode([]byte(caseText(map[int]string{
		16: `nonfirm_interconnect_mw = 100`,
		32: "poi_mw_per_it_mw = 1.45\nai_flexibility = \"curtailable\"\nfirm_share = 0.3\nmax_curtailed_share = 0.005\nlease_discount_usd_per_kw_month = 10",
	}, "[grid.stress_hours]", `intervals = [2024-07-01T20:00:00Z, "2024-07-02T20:00:00Z"]`)), "case.toml")
	require.NoError(t, err)
	site := c.Sites[0]
	require.Equal(t, 100.0, site.NonfirmInterconnectMW)
	h := site.Halls[0]
	require.Equal(t, 1.45, h.POIMWPerITMW)
	require.Equal(t, FlexCurtailable, h.Flexibility)
	require.Equal(t, 0.3, h.FirmShare)
	require.Equal(t, 0.005, h.MaxCurtailedShare)
	require.Equal(t, 10.0, h.LeaseDiscountUSDPerKWMonth)
	require.Len(t, c.Grid.StressHours.Intervals, 2)

	// Defaults: firm, the PUE reservation, 1% share, a colocation lease.
	c, err = Decode([]byte(caseText(map[int]string{32: `ai_flexibility = "curtailable"`})), "case.toml")
	require.NoError(t, err)
	h = c.Sites[0].Halls[0]
	require.Zero(t, h.POIMWPerITMW)
	require.Zero(t, h.FirmShare)
	require.Equal(t, 0.01, h.MaxCurtailedShare)
	require.Equal(t, OfferColocation, h.Offer)

	c, err = Decode([]byte(caseText(map[int]string{32: "offer = \"gpu_cloud\"\ngpu_revenue_usd_per_year = 0.97e9\ngpu_capex_usd = 2.9e9\ngpu_term_years = 5"})), "case.toml")
	require.NoError(t, err)
	h = c.Sites[0].Halls[0]
	require.Equal(t, OfferGPUCloud, h.Offer)
	require.Equal(t, 0.97e9, h.GPURevenueUSDPerYear)
	require.Equal(t, 2.9e9, h.GPUCapexUSD)
	require.Equal(t, 5, h.GPUTermYears)
}

// TestDecodeFlexibleBadInput: issue 10's bad inputs, each a file:line
// error naming the site, hall and key.
func TestDecodeFlexibleBadInput(t *testing.T) {
	for _, tc := range []badCase{
		{name: "poi ratio below the pue", text: caseText(map[int]string{32: `poi_mw_per_it_mw = 1.1`}),
			want: []wantIssue{{32, "rockdale", "hall-a", "poi_mw_per_it_mw", []string{"1.1", "below the hall's pue = 1.15"}}}},
		{name: "poi ratio above 3", text: caseText(map[int]string{32: `poi_mw_per_it_mw = 3.5`}),
			want: []wantIssue{{32, "rockdale", "hall-a", "poi_mw_per_it_mw", []string{"3.5", "between 1 and 3"}}}},
		{name: "max curtailed share above 0.2", text: caseText(map[int]string{32: "ai_flexibility = \"curtailable\"\nmax_curtailed_share = 0.25"}),
			want: []wantIssue{{33, "rockdale", "hall-a", "max_curtailed_share", []string{"0.25", "between 0 and 0.2"}}}},
		{name: "max curtailed share negative", text: caseText(map[int]string{32: "ai_flexibility = \"curtailable\"\nmax_curtailed_share = -0.01"}),
			want: []wantIssue{{33, "rockdale", "hall-a", "max_curtailed_share", []string{"-0.01", "between 0 and 0.2"}}}},
		{name: "curtailable keys on a firm hall", text: caseText(map[int]string{32: `firm_share = 0.5`}),
			want: []wantIssue{{32, "rockdale", "hall-a", "firm_share", []string{`only for a hall with ai_flexibility = "curtailable"`}}}},
		{name: "unknown flexibility", text: caseText(map[int]string{32: `ai_flexibility = "sometimes"`}),
			want: []wantIssue{{32, "rockdale", "hall-a", "ai_flexibility", []string{`"sometimes"`, `"firm" or "curtailable"`}}}},
		{name: "non-firm with no mining and no curtailable hall", text: caseText(map[int]string{16: `nonfirm_interconnect_mw = 50`, 18: `capacity_it_mw = 0`}),
			want: []wantIssue{{16, "rockdale", "", "nonfirm_interconnect_mw", []string{"no mining and no curtailable hall"}}}},
		{name: "gpu cloud without its revenue", text: caseText(map[int]string{32: "offer = \"gpu_cloud\"\ngpu_capex_usd = 2.9e9\ngpu_term_years = 5"}),
			want: []wantIssue{{25, "rockdale", "hall-a", "gpu_revenue_usd_per_year", []string{"needs gpu_revenue_usd_per_year, gpu_capex_usd and gpu_term_years"}}}},
		{name: "gpu cloud without its capex", text: caseText(map[int]string{32: "offer = \"gpu_cloud\"\ngpu_revenue_usd_per_year = 1e9\ngpu_term_years = 5"}),
			want: []wantIssue{{25, "rockdale", "hall-a", "gpu_capex_usd", []string{"gpu_capex_usd"}}}},
		{name: "gpu cloud without its term", text: caseText(map[int]string{32: "offer = \"gpu_cloud\"\ngpu_revenue_usd_per_year = 1e9\ngpu_capex_usd = 2.9e9"}),
			want: []wantIssue{{25, "rockdale", "hall-a", "gpu_term_years", []string{"gpu_term_years"}}}},
		{name: "gpu keys on a colocation hall", text: caseText(map[int]string{32: `gpu_term_years = 5`}),
			want: []wantIssue{{32, "rockdale", "hall-a", "gpu_term_years", []string{`only for a hall with offer = "gpu_cloud"`}}}},
		{name: "stress hours with neither list nor load", text: caseText(nil, "[grid.stress_hours]", `hours = 10`),
			want: []wantIssue{{33, "", "", "grid.stress_hours.intervals", []string{"a list of stress-hour timestamps, or system_load"}},
				{34, "", "", "grid.stress_hours.hours", []string{"hours needs system_load"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIssues(t, tc) })
	}
}
