package htmlreport

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// floatingBars draws bar i from Lo[i] to Hi[i] at x = i (a waterfall's
// steps), in Colors[i].
type floatingBars struct {
	Lo, Hi []float64
	Colors []color.Color
	Width  vg.Length
}

// Plot implements plot.Plotter.
func (b *floatingBars) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	for i := range b.Lo {
		x := trX(float64(i))
		y0, y1 := trY(math.Min(b.Lo[i], b.Hi[i])), trY(math.Max(b.Lo[i], b.Hi[i]))
		if y1-y0 < 0.5 {
			y1 = y0 + 0.5 // a zero step stays visible as a hairline
		}
		pts := []vg.Point{{X: x - b.Width/2, Y: y0}, {X: x + b.Width/2, Y: y0}, {X: x + b.Width/2, Y: y1}, {X: x - b.Width/2, Y: y1}}
		c.FillPolygon(b.Colors[i], c.ClipPolygonXY(pts))
	}
}

// DataRange implements plot.DataRanger.
func (b *floatingBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = 0, 0
	for i := range b.Lo {
		ymin = math.Min(ymin, math.Min(b.Lo[i], b.Hi[i]))
		ymax = math.Max(ymax, math.Max(b.Lo[i], b.Hi[i]))
	}
	return -0.5, float64(len(b.Lo)) - 0.5, ymin, ymax
}

// cells is a heat map's grid: V[c][r] at x = X0 + c, y = Y0 + r.
type cells struct {
	V      [][]float64
	X0, Y0 float64
}

// Dims, Z, X and Y implement plotter.GridXYZ.
func (g cells) Dims() (c, r int) {
	if len(g.V) == 0 {
		return 0, 0
	}
	return len(g.V), len(g.V[0])
}
func (g cells) Z(c, r int) float64 { return g.V[c][r] }
func (g cells) X(c int) float64    { return g.X0 + float64(c) }
func (g cells) Y(r int) float64    { return g.Y0 + float64(r) }
