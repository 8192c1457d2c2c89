package htmlreport

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSequentialMapsStayInGamut: every colour of the heat maps' colour
// maps keeps its hue's channel order above the near-white end (for the mining orange R ≥ G ≥ B) and
// no channel wraps around. Unclamped, moreland's darkest orange had a blue
// channel of -1.6e-5 that wrapped to full blue: the cells came out violet.
func TestSequentialMapsStayInGamut(t *testing.T) {
	for _, tc := range []struct {
		name  string
		order func(r, g, b uint32) bool
	}{
		{"mining", func(r, g, b uint32) bool { return r >= g && g >= b }},
		{"ai", func(r, g, b uint32) bool { return b >= g && g >= r }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := colorMining
			if tc.name == "ai" {
				base = colorAI
			}
			cm := lightToDark(base)
			cm.SetMin(0)
			cm.SetMax(600)
			for _, v := range []float64{0, 1, 150, 300, 450, 599, 600} {
				c, err := cm.At(v)
				require.NoError(t, err)
				r, g, b, a := c.RGBA()
				require.LessOrEqual(t, r, a)
				require.LessOrEqual(t, g, a)
				require.LessOrEqual(t, b, a)
				require.True(t, v < 150 || tc.order(r, g, b), "value %v: rgb %d %d %d", v, r>>8, g>>8, b>>8)
			}
			for i, c := range cm.Palette(64).Colors() {
				r, g, b, a := c.RGBA()
				require.True(t, r <= a && g <= a && b <= a && (i < 16 || tc.order(r, g, b)), "rgb %d %d %d", r>>8, g>>8, b>>8)
			}
		})
	}
}

func TestTickLabel(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {750, "750"}, {0.25, "0.25"}, {0.30000000000000004, "0.3"},
		{4000, "4,000"}, {999, "999"}, {40000, "40,000"}, {1234567, "1,234,567"}, {-250, "−250"}, {-12000.5, "−12,000.5"},
	} {
		require.Equal(t, tc.want, tickLabel(tc.v), "%v", tc.v)
	}
}
