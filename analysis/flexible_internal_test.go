package analysis

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// TestCurtailableKeepsSignedDealsAndTheCase: the headroom re-plan makes
// every candidate hall curtailable at the share with firm share 0, keeps a
// signed deal's terms, drops the case's stress hours for each site's own,
// and leaves the case it was given untouched.
func TestCurtailableKeepsSignedDealsAndTheCase(t *testing.T) {
	c := &sites.Case{Sites: []sites.Site{{ID: "s", Halls: []sites.Hall{
		{ID: "signed", ServiceYear: 2026, Flexibility: sites.FlexFirm},
		{ID: "candidate", Flexibility: sites.FlexFirm, FirmShare: 0.5},
	}}}}
	in := &optimize.Inputs{Case: c, StressHours: []int{0},
		Years: []optimize.Year{{Year: 2026, StressHours: []int{0}}}}
	out := curtailable(in, 0.005)
	halls := out.Case.Sites[0].Halls
	require.Equal(t, sites.FlexFirm, halls[0].Flexibility, "a signed deal keeps its contract")
	require.Equal(t, sites.FlexCurtailable, halls[1].Flexibility)
	require.Zero(t, halls[1].FirmShare)
	require.Equal(t, 0.005, halls[1].MaxCurtailedShare)
	require.Nil(t, out.StressHours)
	require.Nil(t, out.Years[0].StressHours)
	require.Equal(t, sites.FlexFirm, c.Sites[0].Halls[1].Flexibility, "the case is untouched")
	require.Equal(t, 0.5, c.Sites[0].Halls[1].FirmShare)
	require.NotNil(t, in.StressHours)
	require.NotNil(t, in.Years[0].StressHours)
}
