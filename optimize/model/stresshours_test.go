package model

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMarkHighestMatchesStableSort: the stress hours are the n highest
// prices, ties to the earlier hour, exactly as a stable sort of the hours
// by falling price takes them — with many ties, negative prices, signed
// zeros, and n from none to every hour.
func TestMarkHighestMatchesStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	ties := 0
	for trial := range 200 {
		T := 1 + rng.IntN(300)
		values := make([]float64, T)
		for i := range values {
			switch rng.IntN(4) {
			case 0:
				values[i] = float64(rng.IntN(5)) // many ties
			case 1:
				values[i] = []float64{0, math.Copysign(0, -1), -20}[rng.IntN(3)]
			default:
				values[i] = 100 * rng.NormFloat64()
			}
		}
		for _, n := range []int{0, 1, rng.IntN(T + 1), T / 2, T - 1, T, T + 3} {
			order := make([]int, T)
			for i := range order {
				order[i] = i
			}
			sort.SliceStable(order, func(a, b int) bool { return values[order[a]] > values[order[b]] })
			want := make([]bool, T)
			for _, i := range order[:max(0, min(n, T))] {
				want[i] = true
			}
			got := make([]bool, T)
			markHighest(values, n, got)
			require.Equal(t, want, got, "trial %d, %d hours, n %d", trial, T, n)
			if n > 0 && n < T && values[order[n-1]] == values[order[n]] {
				ties++
			}
		}
	}
	require.Positive(t, ties, "some cut falls between equal prices")
}
