package sites

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestSiteZoneFollowsRegionOrTimeZone(t *testing.T) {
	tests := []struct {
		name, region, zone, want string
		known                    bool
	}{
		{"ERCOT is Central", "ERCOT", "", "America/Chicago", true},
		{"PJM is Eastern", "PJM", "", "America/New_York", true},
		{"CAISO is Pacific", "CAISO", "", "America/Los_Angeles", true},
		{"the key overrides the region", "ERCOT", "America/Denver", "America/Denver", true},
		{"an unknown region is UTC", "Atlantis", "", "UTC", false},
		{"the key places an unknown region", "Atlantis", "Europe/Oslo", "Europe/Oslo", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Site{Region: tt.region, TimeZone: tt.zone}
			require.Equal(t, tt.want, s.Zone())
			require.Equal(t, tt.known, s.KnownZone())
			require.Equal(t, tt.want, s.Location().String())
		})
	}
	bad := Site{Region: "ERCOT", TimeZone: "Mars/Olympus"}
	require.Equal(t, time.UTC, bad.Location(), "a zone no decoder checked falls back to UTC")
}

func TestTimeZoneDecodes(t *testing.T) {
	c, err := Decode([]byte(caseText(map[int]string{16: `time_zone = "America/New_York"`},
		"[[sites.contract]]", `id = "block"`, "mw = 50", "price_usd_per_mwh = 30", "start = 2024-02-01", `end = "2024-03-01"`,
		"[[sites]]", `id = "second"`, `region = "ERCOT"`, `node = "HB_WEST"`, "interconnect_mw = 100",
		"[sites.mining]", "capacity_it_mw = 90", "efficiency_j_per_th = 21.0", "pue = 1.05",
		"[[sites.contract]]", `id = "block"`, "mw = 50", "price_usd_per_mwh = 30", "start = 2024-02-01", "end = 2024-03-01T00:00:00Z",
	)), "case.toml")
	require.NoError(t, err)
	first, second := c.Sites[0], c.Sites[1]
	require.Equal(t, "America/New_York", first.TimeZone)
	require.Equal(t, "", second.TimeZone)
	require.Equal(t, "America/Chicago", second.Zone())
	// A date is local midnight in the site's zone (EST UTC−5, CST UTC−6);
	// a timestamp stays the instant it names.
	require.Equal(t, time.Date(2024, 2, 1, 5, 0, 0, 0, time.UTC), first.Contracts[0].Start)
	require.Equal(t, time.Date(2024, 3, 1, 5, 0, 0, 0, time.UTC), first.Contracts[0].End)
	require.Equal(t, time.Date(2024, 2, 1, 6, 0, 0, 0, time.UTC), second.Contracts[0].Start)
	require.Equal(t, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), second.Contracts[0].End)
}

func TestTimeZoneRejectsBadValues(t *testing.T) {
	for _, tc := range []badCase{
		{name: "unknown zone", edits: map[int]string{16: `time_zone = "America/Chicgo"`},
			want: []wantIssue{{16, "rockdale", "", "time_zone", []string{`time_zone = "America/Chicgo": not a time zone gridflip knows`, "America/Chicago"}}}},
		{name: "the machine's zone", edits: map[int]string{16: `time_zone = "Local"`},
			want: []wantIssue{{16, "rockdale", "", "time_zone", []string{`time_zone = "Local": not a time zone`}}}},
		{name: "not a string", edits: map[int]string{16: `time_zone = -6`},
			want: []wantIssue{{16, "rockdale", "", "time_zone", []string{"must be a string"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIssues(t, tc) })
	}
}
