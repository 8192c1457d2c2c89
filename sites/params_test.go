package sites

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withParam declares a term parameter for the duration of a test.
func withParam(t *testing.T, k Key) {
	saved := caseKeys
	caseKeys = append(append([]Key(nil), caseKeys...), k)
	t.Cleanup(func() { caseKeys = saved })
}

func TestTermParameters(t *testing.T) {
	withParam(t, Key{Path: "sites.mining.test_fee_usd_per_mw_month", Field: "Site.Mining.Params[test_fee_usd_per_mw_month]", Kind: KindNumber,
		Unit: "USD per MW-month", Default: "5", Param: true, Section: secMining, rng: cc(0, 1e6, "USD per MW-month"), Desc: "a test fee"})
	withParam(t, Key{Path: "sites.conversion.test_bonus", Field: "Hall.Params[test_bonus]", Kind: KindNumber,
		Default: "0", Param: true, Section: secHall, rng: cc(0, 1, "a fraction"), Desc: "a test share"})
	const fee = "sites.mining.test_fee_usd_per_mw_month"

	c, err := Decode([]byte(caseText(map[int]string{21: "test_fee_usd_per_mw_month = 1200", 32: "test_bonus = 0.25"})), "case.toml")
	require.NoError(t, err)
	assert.Equal(t, 1200.0, c.Sites[0].Mining.Params.Get(fee))
	assert.Equal(t, 0.25, c.Sites[0].Halls[0].Params.Get("sites.conversion.test_bonus"))

	c, err = Decode([]byte(caseText(nil)), "case.toml")
	require.NoError(t, err)
	assert.Nil(t, c.Sites[0].Mining.Params, "nothing given, nothing stored")
	assert.Equal(t, 5.0, c.Sites[0].Mining.Params.Get(fee), "the declared default")
	assert.Equal(t, 5.0, Params(nil).Get(fee), "a case built in code gets the default")
	assert.Panics(t, func() { Params(nil).Get("sites.mining.pue") }, "not a parameter")

	for _, tc := range []badCase{
		{name: "out of range", edits: map[int]string{21: "test_fee_usd_per_mw_month = -3"},
			want: []wantIssue{{21, "rockdale", "", "mining.test_fee_usd_per_mw_month", []string{"test_fee_usd_per_mw_month = -3", "USD per MW-month"}}}},
		{name: "not a number", edits: map[int]string{32: `test_bonus = "high"`},
			want: []wantIssue{{32, "rockdale", "hall-a", "test_bonus", []string{`test_bonus = "high"`}}}},
		{name: "misspelt", edits: map[int]string{21: "test_fee_usd_per_mw_mnth = 3"},
			want: []wantIssue{{21, "rockdale", "", "mining.test_fee_usd_per_mw_mnth", []string{"unknown key", "did you mean test_fee_usd_per_mw_month"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIssues(t, tc) })
	}
}
