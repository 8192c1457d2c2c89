package impact

import (
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

// stressHoursBySort is the definition: a stable sort by price, highest
// first, the first n, in hour order.
func stressHoursBySort(price []float64, n int) []int {
	idx := make([]int, len(price))
	for t := range idx {
		idx[t] = t
	}
	sort.SliceStable(idx, func(a, b int) bool { return price[idx[a]] > price[idx[b]] })
	out := idx[:min(n, len(price))]
	sort.Ints(out)
	return out
}

// TestStressHoursMatchesStableSort: selection (the n-th highest price by
// a heap) picks exactly the hours the stable sort does, ties (heavy here:
// prices on a coarse grid, but every third trial) taken earliest first.
func TestStressHoursMatchesStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ties := 0
	for trial := range 300 {
		price := make([]float64, 1+r.IntN(400))
		for i := range price {
			price[i] = float64(r.IntN(12)) - 3
			if trial%3 == 0 { // prices without ties
				price[i] = r.NormFloat64() * 40
			}
		}
		n := r.IntN(len(price) + 3)
		want := stressHoursBySort(price, n)
		got := stressHours(Load{PriceSumUSDPerMWh: price}, n)
		require.Equal(t, append([]int{}, want...), got, "trial %d, n %d", trial, n)
		if n > 0 && n < len(price) {
			ties++
		}
	}
	require.Greater(t, ties, 100, "most trials cut inside the hours")
	require.Empty(t, stressHours(Load{PriceSumUSDPerMWh: []float64{1, 2}}, 0))
}
