package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize/model"
	"github.com/gridflip/gridflip/sites"
)

// TestNoHallsViewMatchesPrepare: a prepared site's no-halls view
// (SiteData.NoHalls) holds exactly what preparing it without halls
// gives, and its value outside the decisions is the same, on random
// portfolios with grid-side terms (reserves, temperatures, coincident
// peaks), curtailable halls with and without non-firm interconnection,
// horizons and construction periods. The portfolios must hold sites of
// each kind the view treats apart, or the test would pass vacuously.
func TestNoHallsViewMatchesPrepare(t *testing.T) {
	terms := model.DefaultTerms()
	var curtailableFirm, nonfirm, uniformOnlyWithout, builds int
	for seed := range uint64(24) {
		in := fixture.RandomInputs(seed, 4, 4, 96)
		if seed%2 == 0 {
			in = fixture.WithGridSide(in, seed)
		}
		in = fixture.WithFlexibility(in, seed)
		if seed%3 == 0 {
			in = fixture.WithConstruction(fixture.WithYears(in, seed, 3), seed)
		}
		blocks := in.Blocks()
		full, bare := model.NewSitePool(len(blocks)), model.NewSitePool(len(blocks))
		var sol model.SiteSolution
		for s := range in.Case.Sites {
			sd := full.Prepare(in, blocks, s, terms, false)
			view := sd.NoHalls(terms)
			want := bare.Prepare(in, blocks, s, terms, true)
			require.Empty(t, model.DiffPrepared(view, want), "seed %d, site %d", seed, s)
			require.Equal(t, model.SiteOutsideUSD(want, terms, &sol), model.SiteOutsideUSD(view, terms, &sol), "seed %d, site %d", seed, s)
			site := &in.Case.Sites[s]
			curtailable := false
			for _, h := range site.Halls {
				curtailable = curtailable || h.Flexibility == sites.FlexCurtailable
			}
			switch {
			case curtailable && site.NonfirmInterconnectMW == 0:
				curtailableFirm++
			case site.NonfirmInterconnectMW > 0:
				nonfirm++
			}
			for k := range blocks {
				if model.BlockUniform(want, k) && !model.BlockUniform(sd, k) {
					uniformOnlyWithout++
				}
				if sd.Levels(k) > sd.Halls {
					builds++
				}
			}
		}
	}
	require.Positive(t, curtailableFirm, "sites with curtailable halls and no non-firm interconnection")
	require.Positive(t, nonfirm, "sites with non-firm interconnection")
	require.Positive(t, uniformOnlyWithout, "blocks uniform only without their halls")
	require.Positive(t, builds, "blocks with halls under construction")
}
