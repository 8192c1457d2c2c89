package sites

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFirstYearLease(t *testing.T) {
	full := func(int) float64 { return 1 }
	for _, tc := range []struct {
		name                string
		valueUSD, itMW, esc float64
		term                int
		occ                 func(int) float64
		want                float64
	}{
		// 12,000 USD a year per kW-month per MW: 100 MW at 100 USD/kW-month
		// for 10 flat years is 1.2 B USD.
		{"flat", 1.2e9, 100, 0, 10, full, 100},
		// A geometric series: Σ_{k=1..n} (1+e)^(k−1) = ((1+e)^n − 1)/e.
		{"escalated", 1.5e9, 100, 0.03, 10, full, 1.5e9 / (12000 * 100 * (math.Pow(1.03, 10) - 1) / 0.03)},
		// Half let in year 1, three quarters in 2, full from 3 (L = 3):
		// 1.2e6 × 120 × (0.5 + 0.75 + 1 + 1) = 468 M USD.
		{"lease-up", 468e6, 100, 0, 4, (&Hall{OccupancyStart: 0.5, Occupancy: 1, LeaseUpYears: 3}).OccupancyIn, 120},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, tc.want, FirstYearLease(tc.valueUSD, tc.itMW, tc.esc, tc.term, tc.occ), 1e-9*tc.want)
		})
	}
}

func TestOccupancyIn(t *testing.T) {
	for _, tc := range []struct {
		name string
		hall Hall
		want []float64 // service years 1, 2, ...
	}{
		{"built in code: fully let", Hall{}, []float64{1, 1, 1}},
		{"no lease-up", Hall{OccupancyStart: 0.4, Occupancy: 0.9}, []float64{0.9, 0.9}},
		{"L = 1 is no lease-up", Hall{OccupancyStart: 0.4, Occupancy: 0.9, LeaseUpYears: 1}, []float64{0.9, 0.9}},
		{"L = 2", Hall{OccupancyStart: 0.4, Occupancy: 0.9, LeaseUpYears: 2}, []float64{0.4, 0.9, 0.9}},
		{"L = 5", Hall{OccupancyStart: 0.2, Occupancy: 1, LeaseUpYears: 5}, []float64{0.2, 0.4, 0.6, 0.8, 1, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, want := range tc.want {
				assert.InDelta(t, want, tc.hall.OccupancyIn(k+1), 1e-12, "service year %d", k+1)
			}
		})
	}
}

func TestDecodeDealKeys(t *testing.T) {
	c, err := Decode([]byte(horizonCase(map[int]string{
		32: "service_year = 2027\ncontract_value_usd = 1.5e9\nnoi_margin_disclosed = 0.85\noccupancy_start = 0.5\noccupancy = 0.9\nlease_up_years = 3\nbuild_months = 12",
	})), "case.toml")
	require.NoError(t, err)
	h := c.Sites[0].Halls[0]
	require.True(t, h.LeaseFromContract)
	assert.Equal(t, 1.5e9, h.ContractValueUSD)
	require.NotNil(t, h.NOIMarginDisclosed)
	assert.Equal(t, 0.85, *h.NOIMarginDisclosed)
	assert.Equal(t, 12, h.BuildMonths)
	// By hand: 12,000 × 100 MW × Σ_{k=1..10} 1.03^(k−1) × occupancy_k,
	// occupancy 0.5, 0.7, then 0.9.
	var sum float64
	for k, occ := range []float64{0.5, 0.7, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9} {
		sum += math.Pow(1.03, float64(k)) * occ
	}
	assert.InDelta(t, 1.5e9/(12000*100*sum), h.LeaseUSDPerKWMonth, 1e-9)

	// build_months defaults to the lead time.
	c, err = Decode([]byte(horizonCase(nil)), "case.toml")
	require.NoError(t, err)
	assert.Equal(t, 18, c.Sites[0].Halls[0].BuildMonths)
	assert.False(t, c.Sites[0].Halls[0].LeaseFromContract)
}

func TestDecodeDealKeysBadInput(t *testing.T) {
	signed := "service_year = 2027\ncontract_value_usd = 1.5e9"
	for _, tc := range []badCase{
		{name: "contract value with a lease", text: horizonCase(map[int]string{32: signed + "\nlease_usd_per_kw_month = 120"}),
			want: []wantIssue{{33, "rockdale", "hall-a", "contract_value_usd", []string{"together with lease_usd_per_kw_month", "give one"}}}},
		{name: "contract value without a lease term", text: horizonCase(map[int]string{32: signed, 35: "# no term"}),
			want: []wantIssue{{33, "rockdale", "hall-a", "contract_value_usd", []string{"give lease_term_years"}}}},
		{name: "contract value without a service year", text: horizonCase(map[int]string{32: "contract_value_usd = 1.5e9"}),
			want: []wantIssue{{32, "rockdale", "hall-a", "contract_value_usd", []string{"only for a signed deal", "service_year"}}}},
		{name: "contract value on a GPU cloud hall", text: horizonCase(map[int]string{32: signed + "\noffer = \"gpu_cloud\"\ngpu_revenue_usd_per_year = 1e8\ngpu_capex_usd = 1e8\ngpu_term_years = 5"}),
			want: []wantIssue{{33, "rockdale", "hall-a", "contract_value_usd", []string{"only for a colocation hall"}}}},
		{name: "contract value zero", text: horizonCase(map[int]string{32: "service_year = 2027\ncontract_value_usd = 0"}),
			want: []wantIssue{{33, "rockdale", "hall-a", "contract_value_usd", []string{"contract_value_usd = 0"}}}},
		{name: "contract value deriving a lease too high", text: horizonCase(map[int]string{32: "service_year = 2027\ncontract_value_usd = 1e12"}),
			want: []wantIssue{{33, "rockdale", "hall-a", "contract_value_usd", []string{"derives a first-year lease of", "outside (0, 10000]"}}}},
		{name: "occupancy above 1", text: horizonCase(map[int]string{32: "occupancy = 1.2"}),
			want: []wantIssue{{32, "rockdale", "hall-a", "occupancy", []string{"occupancy = 1.2"}}}},
		{name: "occupancy zero", text: horizonCase(map[int]string{32: "occupancy = 0"}),
			want: []wantIssue{{32, "rockdale", "hall-a", "occupancy", []string{"occupancy = 0"}}}},
		{name: "occupancy_start above occupancy", text: horizonCase(map[int]string{32: "occupancy_start = 0.9\noccupancy = 0.8"}),
			want: []wantIssue{{32, "rockdale", "hall-a", "occupancy_start", []string{"above occupancy = 0.8"}}}},
		{name: "lease-up longer than the life", text: horizonCase(map[int]string{32: "lease_up_years = 20"}),
			want: []wantIssue{{32, "rockdale", "hall-a", "lease_up_years", []string{"longer than the hall's life of 15 years"}}}},
		{name: "build_months over 120", text: horizonCase(map[int]string{32: "build_months = 121"}),
			want: []wantIssue{{32, "rockdale", "hall-a", "build_months", []string{"build_months = 121"}}}},
		{name: "build_months without a horizon", text: caseText(map[int]string{32: "build_months = 12"}),
			want: []wantIssue{{32, "rockdale", "hall-a", "build_months", []string{"only with a [horizon] table"}}}},
		{name: "lease term longer than the life", text: horizonCase(map[int]string{35: "lease_term_years = 20"}),
			want: []wantIssue{{35, "rockdale", "hall-a", "lease_term_years", []string{"longer than the hall's life of 15 years", "life_years"}}}},
		{name: "noi margin above 1", text: horizonCase(map[int]string{32: "noi_margin_disclosed = 85"}),
			want: []wantIssue{{32, "rockdale", "hall-a", "noi_margin_disclosed", []string{"noi_margin_disclosed = 85"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIssues(t, tc) })
	}
}
