package report

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPlanHeadroomSentence: the sentence reads the 0.5 % result and says
// "all" when the plan leaves none.
func TestPlanHeadroomSentence(t *testing.T) {
	for _, tc := range []struct {
		name          string
		before, after float64
		want          string
	}{
		{"some used", 14822, 13990, "the plan uses 0.83 GW of PJM's 14.82 GW at 0.5%"},
		{"all used", 4354, 0, "the plan uses all 4.35 GW of PJM's headroom at 0.5%: none is left for a flexible load"},
		{"load lowered", 1000, 1500, "the plan adds 0.50 GW to PJM's 1.00 GW at 0.5%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := PlanHeadroomJSON{Area: "PJM", Name: "PJM", Results: []PlanHeadroomResultJSON{
				{CurtailmentLimit: 0.0025, BeforeMW: 1, AfterMW: 1},
				{CurtailmentLimit: 0.005, BeforeMW: tc.before, AfterMW: tc.after},
			}}
			require.Equal(t, tc.want, h.Sentence())
		})
	}
	require.Empty(t, PlanHeadroomJSON{Name: "PJM"}.Sentence())
}
