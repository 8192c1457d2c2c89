package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize/model"
	"github.com/gridflip/gridflip/solver"
)

// TestVerifySiteRefusesWhatTheFullModelForbids: VerifySite checks the
// closed-form solution against every row of the site's part of the full
// model as the rows are built (solver.Builder.CheckRows). With the
// example curfew honest, every site verifies and its sizes are the
// monolithic model's; with a curfew whose closed form sets no limit, the
// closed form mines in curfew hours and the site is refused, naming the
// row.
func TestVerifySiteRefusesWhatTheFullModelForbids(t *testing.T) {
	in := fixture.RandomInputs(3, 4, 2, 48)
	blocks := in.Blocks()
	honest := append(model.DefaultTerms(), model.NewCurfew(0, 22, 6, true))
	m, err := model.Build(in, model.BuildOptions{Terms: honest, NoHalls: true})
	require.NoError(t, err)
	b := solver.NewBuilder("", true, false)
	var x []float64
	var sol model.SiteSolution
	// One pool per term list: a pool keeps its terms' hourly storage.
	pool, liarPool := model.NewSitePool(len(blocks)), model.NewSitePool(len(blocks))
	var cols, rows, nnz, refused int
	for s := range in.Case.Sites {
		// Today's fleet (no candidate, no commitment): every site is
		// feasible whatever the random case.
		sd := pool.Prepare(in, blocks, s, honest, true)
		w := make([]float64, len(sd.Decisions))
		res, err := model.VerifySite(b, &x, sd, &sol, w, honest, false)
		require.NoError(t, err, "site %d", s)
		cols, rows, nnz = cols+res.Sizes.Cols, rows+res.Sizes.Rows, nnz+res.Sizes.NNZ

		liar := append(model.DefaultTerms(), model.NewCurfewRowsOnly(0, 22, 6))
		sd = liarPool.Prepare(in, blocks, s, liar, true)
		_, err = model.VerifySite(b, &x, sd, &sol, w, liar, false)
		if err != nil {
			require.ErrorContains(t, err, "does not satisfy the full model")
			require.ErrorContains(t, err, "violates its bounds [-1.7976931348623157e+308, 0]")
			refused++
		}
	}
	// The sites' parts are the whole model (no coupling row without halls).
	require.Equal(t, m.Problem.NumCols(), cols)
	require.Equal(t, m.Problem.NumRows(), rows)
	require.Equal(t, m.Problem.NumNonzeros(), nnz)
	// Guard: the lying curfew was caught at a site that mines at night.
	require.Positive(t, refused)
}
