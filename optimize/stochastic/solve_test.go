package stochastic_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize/model"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/optimize/stochastic"
)

// planBuilding is a plan of in's sites that builds hall h of each site
// when build(s, h) gives a service year (0: not built).
func planBuilding(in *model.Inputs, build func(s, h int) int) *plan.Plan {
	p := &plan.Plan{}
	for s, site := range in.Case.Sites {
		sp := plan.SitePlan{ID: site.ID}
		for h := range site.Halls {
			hp := plan.HallPlan{ID: site.Halls[h].ID}
			if y := build(s, h); y != 0 {
				hp.Build, hp.ServiceYear = 1, y
			}
			sp.Halls = append(sp.Halls, hp)
		}
		p.Sites = append(p.Sites, sp)
	}
	return p
}

func TestFirstStageOf(t *testing.T) {
	t.Run("without a horizon every hall built is decided now", func(t *testing.T) {
		in := fixture.RandomInputs(7, 2, 3, 24)
		st := &model.Stochastic{Scenarios: []model.Scenario{{ID: "a", Probability: 0.5, In: in}, {ID: "b", Probability: 0.5, In: in}},
			CVaRAlpha: 1, CommitYears: 1}
		p := planBuilding(in, func(s, h int) int { return (s + h) % 2 }) // 1 or 0: built or not
		fs := stochastic.FirstStageOf(p, st)
		halls := 0
		for s, site := range in.Case.Sites {
			for h := range site.Halls {
				want := -1
				if (s+h)%2 == 1 {
					want = 0
				}
				require.Equal(t, want, fs.Start[s][h], "site %d hall %d", s, h)
				halls++
			}
		}
		require.Positive(t, halls, "the case has halls to decide")
	})
	t.Run("with a horizon only starts within the commit years", func(t *testing.T) {
		in := fixture.WithYears(fixture.RandomInputs(7, 2, 3, 24), 7, 2)
		first := in.Years[0].Year
		st := &model.Stochastic{Scenarios: []model.Scenario{{ID: "a", Probability: 0.5, In: in}, {ID: "b", Probability: 0.5, In: in}},
			CVaRAlpha: 1, CommitYears: 1}
		p := planBuilding(in, func(s, h int) int { return first + (s+h)%2 }) // built in year 1 or 2
		fs := stochastic.FirstStageOf(p, st)
		now, later := 0, 0
		for s, site := range in.Case.Sites {
			for h, hall := range site.Halls {
				switch {
				case (s+h)%2 == 0:
					require.Equal(t, 0, fs.Start[s][h], "site %d hall %d starts in the first year", s, h)
					now++
				case hall.ServiceYear != 0:
					require.Equal(t, 1, fs.Start[s][h], "site %d hall %d is a signed deal", s, h)
				default:
					require.Equal(t, -1, fs.Start[s][h], "site %d hall %d starts after the commit years", s, h)
					later++
				}
			}
		}
		require.Positive(t, now, "some hall starts now")
		require.Positive(t, later, "some hall starts later")
	})
}

func TestSolveChecksTheUncertaintySet(t *testing.T) {
	in := fixture.RandomInputs(7, 1, 1, 24)
	st := &model.Stochastic{Scenarios: []model.Scenario{{ID: "a", Probability: 0.4, In: in}}, CVaRAlpha: 1, CommitYears: 1}
	_, err := stochastic.Solve(context.Background(), nil, st, plan.MethodAuto, model.Settings{})
	require.ErrorContains(t, err, "the probabilities sum to 0.4, not 1")
}
