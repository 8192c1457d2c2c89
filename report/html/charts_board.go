package htmlreport

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gridflip/gridflip/report"
)

// moneyUnit is the unit money is drawn in: the one that fits the largest
// magnitude drawn, so an axis of 0.76 to 10.65 million USD reads
// "million USD" and not "billion USD" with three leading zeros.
type moneyUnit struct {
	Div  float64
	Name string // "billion USD", "million USD", "thousand USD", "USD"
}

// unitFor picks the money unit of values whose largest magnitude is
// maxAbs.
func unitFor(maxAbs float64) moneyUnit {
	switch {
	case maxAbs >= 1e9:
		return moneyUnit{1e9, "billion USD"}
	case maxAbs >= 1e6:
		return moneyUnit{1e6, "million USD"}
	case maxAbs >= 1e3:
		return moneyUnit{1e3, "thousand USD"}
	}
	return moneyUnit{1, "USD"}
}

// maxAbs is the largest magnitude among values.
func maxAbs(values ...float64) float64 {
	m := 0.0
	for _, v := range values {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

// jcurveFigure is the portfolio's pro forma year by year: capex as an
// outflow below zero, the cash available for debt service above it, and
// the cumulative project cash flow (the J-curve).
func jcurveFigure(years []report.FinanceYearJSON, id string) (Figure, error) {
	var all []float64
	for _, y := range years {
		all = append(all, y.CapexUSD, y.CFADSUSD, y.CumulativeProjectUSD)
	}
	u := unitFor(maxAbs(all...))
	capex, cfads := make(plotter.Values, len(years)), make(plotter.Values, len(years))
	cum := make(plotter.XYs, len(years))
	tab := Table{Columns: []string{"year", "capex " + u.Name, "cash available for debt service " + u.Name, "project cash flow " + u.Name, "cumulative " + u.Name}}
	first, last := 0, 0
	for i, y := range years {
		capex[i], cfads[i] = -y.CapexUSD/u.Div, y.CFADSUSD/u.Div
		cum[i] = plotter.XY{X: float64(i), Y: y.CumulativeProjectUSD / u.Div}
		tab.Rows = append(tab.Rows, []string{fmt.Sprint(y.Year), moneyCell(-y.CapexUSD, u), moneyCell(y.CFADSUSD, u),
			moneyCell(y.CashFlowProjectUSD, u), moneyCell(y.CumulativeProjectUSD, u)})
		if i == 0 {
			first = y.Year
		}
		last = y.Year
	}
	p := newPlot(fmt.Sprintf("Pro forma of the halls built, %d-%d", first, last), "", u.Name)
	p.Add(plotter.NewGrid())
	if err := addBarPair(p, vg.Points(7), capex, cfads, colorStress, colorAI, "capex (outflow)", "cash available for debt service"); err != nil {
		return Figure{}, err
	}
	l, err := plotter.NewLine(cum)
	if err != nil {
		return Figure{}, err
	}
	l.Color, l.Width = colorAvailable, vg.Points(1.5)
	p.Add(l)
	p.Legend.Add("cumulative project cash flow", l)
	p.X.Tick.Marker = everyNth{labels: yearLabelsOf(years), n: int(math.Ceil(float64(len(years)) / 12))}
	p.X.Min, p.X.Max = -0.5, float64(len(years))-0.5
	roomForLegend(p, 3)
	svg, err := renderSVG(p, id, chartWidth, chartHeight)
	return Figure{ID: id, Title: p.Title.Text, SVG: svg, Table: tab,
		Caption: "Capex falls when it is spent (below zero), the cash each year earns rises above it; the line is the running total of the project's cash flow, negative until the halls pay back (the J-curve). Undiscounted, over each hall's life."}, err
}

// yearLabelsOf are the pro forma's years as labels.
func yearLabelsOf(years []report.FinanceYearJSON) []string {
	out := make([]string, len(years))
	for i, y := range years {
		out[i] = fmt.Sprint(y.Year)
	}
	return out
}

// everyNth labels a nominal axis's every n-th position.
type everyNth struct {
	labels []string
	n      int
}

// Ticks implements plot.Ticker.
func (e everyNth) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for i, l := range e.labels {
		t := plot.Tick{Value: float64(i)}
		if e.n <= 1 || i%e.n == 0 {
			t.Label = l
		}
		out = append(out, t)
	}
	return out
}

// roomForLegend raises the y axis's top so that a legend of rows entries
// at the top of the plot sits above the data, never over it.
func roomForLegend(p *plot.Plot, rows int) {
	lo, hi := p.Y.Min, p.Y.Max
	if hi <= lo {
		return
	}
	// A plot area is 2 to 3 in high; each legend row takes about 11 pt.
	share := math.Min(0.6, float64(rows)*11/(2*72)+0.06)
	p.Y.Max = hi + (hi-lo)*share/(1-share)
}

// moneyCell formats money in a unit to 0.01 of it (to the dollar in USD).
func moneyCell(v float64, u moneyUnit) string {
	if u.Div == 1 {
		return grouped(fixed(v, 0))
	}
	return grouped(fixed(v/u.Div, 2))
}

// mwCell formats MW to 0.1.
func mwCell(v float64) string { return grouped(fixed(v, 1)) }

// priceCell formats a price in USD/MWh to the cent.
func priceCell(v float64) string { return grouped(fixed(v, 2)) }

// gwCell formats GW to 0.1 MW.
func gwCell(v float64) string { return fixed(v, 4) }

// gapShareFigure is the gap on the headline basis: for each reference,
// the share of it the plan closes, as horizontal bars on a percentage
// axis sized to the shares (so that a 0.4 % share is visible), each
// labelled with the GW.
func gapShareFigure(gap []report.GapJSON, id string) (Figure, error) {
	n := len(gap)
	tab := Table{Columns: []string{"reference", "gap GW", "closed GW", "closed share"}}
	vals := make(plotter.Values, n)
	names := make([]string, n)
	top := 0.0
	for i, g := range gap {
		// The first reference at the top.
		vals[n-1-i] = 100 * g.ClosedFraction
		names[n-1-i] = g.ID
		top = math.Max(top, 100*g.ClosedFraction)
		tab.Rows = append(tab.Rows, []string{g.ID, gwCell(g.GapGW), gwCell(g.ClosedGW), pct1(g.ClosedFraction)})
	}
	p := newPlot("The US power gap: the share of each estimate the plan closes", "% of the reference's gap closed", "")
	p.Title.TextStyle.Font.Size = vg.Points(12)
	bars, err := plotter.NewBarChart(vals, vg.Points(16))
	if err != nil {
		return Figure{}, err
	}
	bars.Horizontal, bars.Color, bars.LineStyle.Width = true, colorAI, 0
	p.Add(plotter.NewGrid(), bars)
	xy := plotter.XYLabels{XYs: make(plotter.XYs, n), Labels: make([]string, n)}
	for i, g := range gap {
		xy.XYs[n-1-i] = plotter.XY{X: 100 * g.ClosedFraction, Y: float64(n - 1 - i)}
		xy.Labels[n-1-i] = fmt.Sprintf("%s of %s GW", pct1(g.ClosedFraction), fixed(g.GapGW, 1))
	}
	labels, err := plotter.NewLabels(xy)
	if err != nil {
		return Figure{}, err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Font.Variant, labels.TextStyle[i].Font.Size = "Sans", vg.Points(10)
		labels.TextStyle[i].XAlign, labels.TextStyle[i].YAlign = draw.XLeft, draw.YCenter
	}
	labels.Offset = vg.Point{X: vg.Points(4)}
	p.Add(labels)
	p.NominalY(names...)
	p.Y.Tick.Label.Font.Size = vg.Points(10)
	p.X.Min, p.X.Max = 0, math.Max(top, 1e-6)*1.45 // room for the labels right of the bars
	h := vg.Length(math.Max(2.2, 0.42*float64(n)+1.0)) * vg.Inch
	svg, err := renderSVG(p, id, chartWidth, h)
	return Figure{ID: id, Title: p.Title.Text, SVG: svg, Table: tab,
		Caption: "Each bar is the share of one published estimate of the gap that the plan's new AI closes, on the headline basis; the axis stops just past the largest share so that the bars are visible. Closed GW on every basis is in summary.json (gap_bases)."}, err
}
