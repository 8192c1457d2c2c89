package model_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize/model"
)

// TestRepriceMatchesPrepare: a site prepared on a case and repriced to a
// what-if of the halls' money (lease, escalator, capex) has exactly the
// decision values, rows and block state values that preparing it on the
// what-if gives — on cases with years, construction, lease-up, grid-side
// terms and curtailable halls.
func TestRepriceMatchesPrepare(t *testing.T) {
	terms := model.DefaultTerms()
	// Each what-if: the lease (0: kept), its escalator (-1: kept) and
	// capex's scale, as scenario.Apply sets them (a hall whose lease a
	// contract fixes keeps it).
	whatIfs := []struct{ lease, escalator, capexScale float64 }{
		{115, -1, 1},
		{190, 0.04, 1},
		{0, -1, 1.2},
		{60, 0, 0.7},
	}
	cases := map[string]*model.Inputs{
		"one year, grid-side":        fixture.WithGridSide(fixture.RandomInputs(5, 4, 3, 96), 5),
		"years, construction":        fixture.WithConstruction(fixture.WithYears(fixture.RandomInputs(6, 3, 3, 48), 6, 4), 6),
		"years, lease-up":            fixture.WithLeaseUp(fixture.WithYears(fixture.RandomInputs(7, 3, 2, 48), 7, 5), 7),
		"curtailable, lives":         fixture.WithHallLives(fixture.WithFlexibility(fixture.RandomInputs(8, 3, 3, 72), 8), 8),
		"years, grid-side, flexible": fixture.WithFlexibility(fixture.WithGridSide(fixture.WithYears(fixture.RandomInputs(9, 3, 2, 48), 9, 3), 9), 9),
	}
	compared, changed := 0, 0
	for name, base := range cases {
		blocks := base.Blocks()
		for i, w := range whatIfs {
			t.Run(fmt.Sprintf("%s/%d", name, i), func(t *testing.T) {
				in := withHallMoney(base, w.lease, w.escalator, w.capexScale)
				for s := range base.Case.Sites {
					fresh := model.NewSitePool(len(blocks)).Prepare(in, blocks, s, terms, false)
					kept := model.NewSitePool(len(blocks)).Prepare(base, blocks, s, terms, false)
					if !slices.Equal(kept.Value, fresh.Value) {
						changed++ // the what-if moves this site's money
					}
					kept.Reprice(in, terms)
					require.Equal(t, fresh.Value, kept.Value, "site %d: decision values", s)
					require.Equal(t, len(fresh.Rows), len(kept.Rows))
					for r := range fresh.Rows {
						require.Equal(t, fresh.Rows[r].Name, kept.Rows[r].Name)
						require.Equal(t, fresh.Rows[r].Coef, kept.Rows[r].Coef)
						require.Equal(t, [2]float64{fresh.Rows[r].Lower, fresh.Rows[r].Upper}, [2]float64{kept.Rows[r].Lower, kept.Rows[r].Upper})
					}
					var a, b model.SiteSolution
					a.Prepare(fresh)
					b.Prepare(kept)
					for k := range blocks {
						for mask := range uint64(1) << min(fresh.Levels(k), 6) {
							va, oka := fresh.StateValueOf(k, mask, &a.Blocks[k])
							vb, okb := kept.StateValueOf(k, mask, &b.Blocks[k])
							require.Equal(t, oka, okb)
							require.Equal(t, va, vb, "site %d block %d state %b", s, k, mask)
						}
					}
					if len(fresh.Value) > 0 {
						compared++
					}
				}
			})
		}
	}
	require.Greater(t, compared, 40, "sites with decisions compared")
	require.Greater(t, changed, 30, "sites whose money the what-if moved")
}

// withHallMoney is the case with every hall's lease (lease > 0), lease
// escalator (escalator ≥ 0) and capex (× capexScale) changed, and the
// market's lease with them.
func withHallMoney(in *model.Inputs, lease, escalator, capexScale float64) *model.Inputs {
	out := *in
	c := *in.Case
	out.Case = &c
	c.Sites = slices.Clone(in.Case.Sites)
	for i := range c.Sites {
		c.Sites[i].Halls = slices.Clone(in.Case.Sites[i].Halls)
		for h := range c.Sites[i].Halls {
			hall := &c.Sites[i].Halls[h]
			if lease > 0 && !hall.LeaseOverridden {
				hall.LeaseUSDPerKWMonth = lease
			}
			if escalator >= 0 && !hall.LeaseOverridden {
				hall.LeaseEscalatorPerYear = escalator
			}
			hall.CapexUSDPerMW *= capexScale
		}
	}
	if lease > 0 {
		c.Market.AILeaseUSDPerKWMonth = lease
	}
	return &out
}
