package decomp

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gridflip/gridflip/optimize/model"
	"github.com/stretchr/testify/require"
)

// bestMCKP is the optimum of a multiple-choice knapsack by enumeration:
// one set per site, Σ coefficients ≤ capMW.
func bestMCKP(sets [][]hallSet, coef func(s int, mask uint64) float64, capMW float64) float64 {
	best := math.Inf(-1)
	var walk func(s int, w, v float64)
	walk = func(s int, w, v float64) {
		if w > capMW+1e-9 {
			return
		}
		if s == len(sets) {
			best = math.Max(best, v)
			return
		}
		for _, set := range sets[s] {
			walk(s+1, w+coef(s, set.mask), v+set.value[0])
		}
	}
	walk(0, 0, 0)
	return best
}

// TestReduceByLPKeepsTheOptimum: on random knapsacks, dropping sets by LP
// reduced cost never drops the optimum, and does drop sets.
func TestReduceByLPKeepsTheOptimum(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	dropped := 0
	for trial := range 300 {
		S, H := 2+rng.IntN(4), 1+rng.IntN(3)
		row := model.HallRow{Name: "cap", Lower: -inf, Coef: make([][]float64, S)}
		r := &decomposedRun{sites: make([]siteValuation, S)}
		var total float64
		for s := range S {
			r.sites[s] = siteValuation{s: s, kind: kindSets}
			row.Coef[s] = make([]float64, H)
			for h := range H {
				row.Coef[s][h] = float64(10 + rng.IntN(90))
				total += row.Coef[s][h]
			}
			for mask := uint64(0); mask < 1<<H; mask++ {
				if rng.IntN(5) == 0 && mask != 0 {
					continue // an infeasible set
				}
				r.sites[s].sets = append(r.sites[s].sets, hallSet{mask: mask, value: []float64{100 * rng.NormFloat64()}})
			}
		}
		row.Upper = total * (0.1 + 0.6*rng.Float64())
		coef := func(s int, mask uint64) float64 { return setCoupling(&row, s, mask) }
		sets := func() [][]hallSet {
			out := make([][]hallSet, S)
			for s := range S {
				out[s] = r.sites[s].sets
			}
			return out
		}
		before := bestMCKP(sets(), coef, row.Upper)
		n0 := 0
		for _, sets := range sets() {
			n0 += len(sets)
		}
		require.True(t, r.reduceByLP([]model.HallRow{row}), "trial %d: the form applies", trial)
		n1 := 0
		for _, sets := range sets() {
			n1 += len(sets)
			require.NotEmpty(t, sets)
		}
		dropped += n0 - n1
		require.InDelta(t, before, bestMCKP(sets(), coef, row.Upper), 1e-9*math.Max(1, math.Abs(before)), "trial %d", trial)
	}
	require.Positive(t, dropped, "the reduction drops sets")
	r := &decomposedRun{sites: []siteValuation{{kind: kindCuts}}}
	require.False(t, r.reduceByLP([]model.HallRow{{Lower: -inf, Upper: 1, Coef: [][]float64{{1}}}}), "not with approximated sites")
	require.False(t, r.reduceByLP(nil))
}
