package htmlreport

import (
	"fmt"
	"html/template"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/report"
)

// maxLinePoints bounds the points of a duration curve; maxMarkers the
// markers along one.
const (
	maxLinePoints = 600
	maxMarkers    = 300
)

// dispatchFigure is a site's mined, available and AI IT MW over the week,
// with its node's price beneath on the same hours.
func dispatchFigure(s *SiteSeries, id string, hours []time.Time, prices []float64) (Figure, error) {
	p := newPlot(fmt.Sprintf("%s: dispatch and price, week of %s", s.ID, hours[0].Format("2 Jan 2006")), "", "IT MW")
	total := make(plotter.XYs, len(s.WeekMining))
	ai := make(plotter.XYs, len(s.WeekMining))
	avail := make(plotter.XYs, len(s.WeekMining))
	price := make(plotter.XYs, len(s.WeekMining))
	tab := Table{Columns: []string{"hour (" + hours[0].Location().String() + ")", "mining IT MW", "available mining IT MW", "AI IT MW", "price (USD/MWh)"}}
	for t := range s.WeekMining {
		x := float64(t)
		ai[t] = plotter.XY{X: x, Y: s.WeekAI[t]}
		total[t] = plotter.XY{X: x, Y: s.WeekAI[t] + s.WeekMining[t]}
		avail[t] = plotter.XY{X: x, Y: s.WeekAI[t] + s.WeekAvailable[t]}
		price[t] = plotter.XY{X: x, Y: prices[t]}
		tab.Rows = append(tab.Rows, []string{hours[t].Format(time.RFC3339), mwCell(s.WeekMining[t]), mwCell(s.WeekAvailable[t]), mwCell(s.WeekAI[t]), priceCell(prices[t])})
	}
	mining, err := plotter.NewLine(total)
	if err != nil {
		return Figure{}, err
	}
	mining.FillColor, mining.Color, mining.StepStyle = colorMining, colorMining, plotter.PostStep
	aiLine, err := plotter.NewLine(ai)
	if err != nil {
		return Figure{}, err
	}
	aiLine.FillColor, aiLine.Color, aiLine.StepStyle = colorAI, colorAI, plotter.PostStep
	availLine, err := plotter.NewLine(avail)
	if err != nil {
		return Figure{}, err
	}
	availLine.Color, availLine.Dashes, availLine.StepStyle = colorAvailable, []vg.Length{vg.Points(3), vg.Points(2)}, plotter.PostStep
	p.Add(mining, aiLine, availLine)
	p.Legend.Add("mining", mining)
	p.Legend.Add("AI", aiLine)
	p.Legend.Add("mining allowed (fleet, POI)", availLine)
	p.Y.Min = 0
	top := 0.0
	for t := range avail {
		top = math.Max(top, math.Max(avail[t].Y, total[t].Y))
	}
	p.Y.Max = math.Max(top, 1)
	roomForLegend(p, 3)
	p.X.Min, p.X.Max = 0, float64(len(s.WeekMining))
	p.X.Tick.Marker = dayTicks{}
	pp := newPlot("", "hours from "+hours[0].Format("2006-01-02 15:04 MST"), "USD/MWh")
	pl, err := plotter.NewLine(price)
	if err != nil {
		return Figure{}, err
	}
	pl.Color, pl.Width, pl.StepStyle = colorStress, vg.Points(1.2), plotter.PostStep
	pp.Add(plotter.NewGrid(), pl)
	pp.Legend.Add("price at "+s.Node, pl)
	pp.X.Min, pp.X.Max = p.X.Min, p.X.Max
	pp.X.Tick.Marker = dayTicks{}
	roomForLegend(pp, 1)
	svg, err := renderStacked(p, pp, id, chartWidth, chartHeight+1.6*vg.Inch)
	return Figure{ID: id, Title: p.Title.Text, SVG: svg, Table: tab,
		Caption: "Stacked: AI (blue) below, mining (orange) above; the dashed line is what the fleet and the point of interconnection allowed, so a gap under it is curtailment. Beneath, on the same hours, the price at the site's node: mining stops when it is high."}, err
}

// renderStacked draws two plots of equal height one above the other,
// their data areas aligned.
func renderStacked(top, bottom *plot.Plot, id string, w, h vg.Length) (template.HTML, error) {
	c := vgsvg.NewWith(vgsvg.UseWH(w, h))
	canvases := plot.Align([][]*plot.Plot{{top}, {bottom}}, draw.Tiles{Rows: 2, Cols: 1, PadY: vg.Points(4)}, draw.New(c))
	top.Draw(canvases[0][0])
	bottom.Draw(canvases[1][0])
	return canvasSVG(c, id, top.Title.Text)
}

// dayTicks marks every 24 hours.
type dayTicks struct{}

// Ticks implements plot.Ticker: a labelled tick every 24 hours.
func (dayTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for x := math.Ceil(lo/24) * 24; x <= hi; x += 24 {
		out = append(out, plot.Tick{Value: x, Label: fmt.Sprintf("%.0f", x)})
	}
	return out
}

// heatFigure is a site's mining IT MW by day of year and hour of day.
func heatFigure(s *SiteSeries, id string) (Figure, error) {
	zone := s.Location.String()
	p := newPlot(fmt.Sprintf("%s: mining through %d", s.ID, s.HeatYear), "", "hour of day ("+zone+")")
	maxMW := 0.0
	var mean [24]float64
	var n [24]int
	for _, day := range s.Heat {
		for h, v := range day {
			if !math.IsNaN(v) {
				maxMW = math.Max(maxMW, v)
				mean[h] += v
				n[h]++
			}
		}
	}
	pal := lightToDark(colorMining)
	pal.SetMin(0)
	pal.SetMax(math.Max(maxMW, 1))
	hm := plotter.NewHeatMap(cells{V: s.Heat, X0: 1, Y0: 0}, pal.Palette(64))
	hm.Rasterized = true
	hm.Min, hm.Max = 0, math.Max(maxMW, 1)
	hm.NaN = color.NRGBA{R: 0xEE, G: 0xEE, B: 0xEE, A: 0xFF}
	p.Add(hm)
	p.Y.Min, p.Y.Max = -0.5, 23.5
	p.X.Min, p.X.Max = 0.5, float64(len(s.Heat))+0.5
	p.X.Tick.Marker = monthTicks{year: s.HeatYear}
	p.Y.Tick.Marker = hourTicks{}
	tab := Table{Columns: []string{"hour of day (" + zone + ")", "mean mining IT MW"}}
	for h := range mean {
		v := 0.0
		if n[h] > 0 {
			v = mean[h] / float64(n[h])
		}
		tab.Rows = append(tab.Rows, []string{fmt.Sprint(h), mwCell(v)})
	}
	bar := &plotter.ColorBar{ColorMap: pal, Vertical: true}
	svg, err := renderWithColorBar(p, bar, "IT MW", id, chartHeight)
	return Figure{ID: id, Title: p.Title.Text, SVG: svg, Table: tab,
		Caption: fmt.Sprintf("Each cell is one hour: darker is more mining (0 to %s IT MW); pale cells are curtailed or converted hours, grey ones outside the run.", fixed(maxMW, 0))}, err
}

// monthTicks marks the first day of each month of a year on a
// day-of-year axis (1 = 1 January), labelled with the month's name.
type monthTicks struct{ year int }

// Ticks implements plot.Ticker.
func (m monthTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for month := time.January; month <= time.December; month++ {
		day := float64(time.Date(m.year, month, 1, 0, 0, 0, 0, time.UTC).YearDay())
		if day >= lo && day <= hi {
			out = append(out, plot.Tick{Value: day, Label: month.String()[:3]})
		}
	}
	return out
}

// hourTicks labels every sixth hour of the day.
type hourTicks struct{}

// Ticks implements plot.Ticker.
func (hourTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for h := 0; h < 24; h++ {
		if float64(h) >= lo && float64(h) <= hi {
			t := plot.Tick{Value: float64(h)}
			if h%6 == 0 {
				t.Label = fmt.Sprintf("%02d:00", h)
			}
			out = append(out, t)
		}
	}
	return out
}

// renderWithColorBar draws a heat map of height h with its colour bar to
// the right.
func renderWithColorBar(p *plot.Plot, bar *plotter.ColorBar, unit, id string, h vg.Length) (template.HTML, error) {
	cp := newPlot("", "", unit)
	cp.Add(bar)
	cp.HideX()
	c := vgsvg.NewWith(vgsvg.UseWH(chartWidth, h))
	dc := draw.New(c)
	split := dc.Max.X - vg.Inch
	left := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{Min: dc.Min, Max: vg.Point{X: split, Y: dc.Max.Y}}}
	right := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{Min: vg.Point{X: split + vg.Points(6), Y: dc.Min.Y + vg.Points(30)}, Max: vg.Point{X: dc.Max.X, Y: dc.Max.Y - vg.Points(24)}}}
	p.Draw(left)
	cp.Draw(right)
	return canvasSVG(c, id, p.Title.Text)
}

// axisCap is where a duration curve's axis stops: above the 99.5th
// percentile's level, so scarcity spikes do not flatten the rest.
func axisCap(sortedDesc []float64) float64 {
	if len(sortedDesc) == 0 {
		return 1
	}
	p995 := sortedDesc[int(0.005*float64(len(sortedDesc)))]
	top := sortedDesc[0]
	if top <= 1.5*math.Max(p995, 1) {
		return top
	}
	return 1.5 * math.Max(p995, 1)
}

func countAbove(sortedDesc []float64, cap float64) int {
	n := 0
	for _, v := range sortedDesc {
		if v <= cap {
			break
		}
		n++
	}
	return n
}

// downsample keeps at most maxLinePoints evenly spaced points of a
// sorted series (first and last included), capped at cap.
func downsample(sorted []float64, x func(r int) float64, cap float64) plotter.XYs {
	n := len(sorted)
	step := math.Max(1, float64(n-1)/float64(maxLinePoints-1))
	var out plotter.XYs
	for f := 0.0; ; f += step {
		r := int(math.Round(f))
		if r >= n-1 {
			r = n - 1
		}
		out = append(out, plotter.XY{X: x(r), Y: math.Min(sorted[r], cap)})
		if r == n-1 {
			return out
		}
	}
}

// waterfallFigure is a scope's revenue and cost streams, step by step to
// its profit, in million USD: one step per declared money stream
// (optimize.MoneyStreams), in its label and colour.
func waterfallFigure(name string, s report.StreamsJSON, id string) (Figure, error) {
	var labels []string
	var lo, hi []float64
	var colors []color.Color
	tab := Table{Columns: []string{"stream", "million USD"}}
	level := 0.0
	for _, m := range optimize.MoneyStreams() {
		v := m.Signed(&s.Streams)
		if v == 0 {
			continue
		}
		c, err := hexColour(m.Colour)
		if err != nil {
			return Figure{}, fmt.Errorf("stream %s: %w", m.Name, err)
		}
		v /= 1e6
		labels = append(labels, m.Label)
		lo, hi = append(lo, level), append(hi, level+v)
		colors = append(colors, c)
		level += v
		tab.Rows = append(tab.Rows, []string{m.Label, fixed(v, 3)})
	}
	labels = append(labels, "profit")
	lo, hi = append(lo, 0), append(hi, s.ProfitUSD/1e6)
	colors = append(colors, colorAI)
	tab.Rows = append(tab.Rows, []string{"profit", fixed(s.ProfitUSD/1e6, 3)})
	p := newPlot(name+": revenue and cost streams", "", "million USD over the run")
	p.Add(plotter.NewGrid(), &floatingBars{Lo: lo, Hi: hi, Colors: colors, Width: vg.Points(26)})
	p.NominalX(labels...)
	p.Y.Max += 0.06 * (p.Y.Max - p.Y.Min) // room above the tallest step
	p.X.Tick.Label.Rotation = math.Pi / 6
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	svg, err := renderSVG(p, id, chartWidth, chartHeight+vg.Inch/2)
	return Figure{ID: id, Title: p.Title.Text, SVG: svg, Table: tab,
		Caption: "Each step, in its stream's colour, adds a revenue (rising) or takes away a cost (falling); the last bar is the profit. Money over a horizon of years is discounted."}, err
}

// hexColour parses a colour written #rrggbb.
func hexColour(s string) (color.NRGBA, error) {
	if len(s) != 7 || s[0] != '#' {
		return color.NRGBA{}, fmt.Errorf("colour %q is not #rrggbb", s)
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.NRGBA{}, fmt.Errorf("colour %q is not #rrggbb", s)
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}, nil
}

// addBarPair draws two series as bars of width w side by side at each x,
// left and right, with their legend entries.
func addBarPair(p *plot.Plot, w vg.Length, left, right plotter.Values, leftColor, rightColor color.Color, leftName, rightName string) error {
	return addBarGroup(p, w, []barSeries{{left, leftColor, leftName}, {right, rightColor, rightName}})
}

// barSeries is one series of a bar group.
type barSeries struct {
	values plotter.Values
	color  color.Color
	name   string
}

// addBarGroup draws the series as bars of width w side by side at each x,
// in order from left to right, with their legend entries.
func addBarGroup(p *plot.Plot, w vg.Length, series []barSeries) error {
	for i, b := range series {
		bars, err := plotter.NewBarChart(b.values, w)
		if err != nil {
			return err
		}
		bars.Color, bars.LineStyle.Width = b.color, 0
		bars.Offset = w * (vg.Length(i) - vg.Length(len(series)-1)/2)
		p.Add(bars)
		p.Legend.Add(b.name, bars)
	}
	return nil
}

// cashflowFigure is each year's portfolio profit, undiscounted and
// discounted.
func cashflowFigure(years []report.YearJSON, id string) (Figure, error) {
	p := newPlot("Yearly cash flow of the portfolio", "", "million USD")
	profit, disc := make(plotter.Values, len(years)), make(plotter.Values, len(years))
	names := make([]string, len(years))
	tab := Table{Columns: []string{"year", "profit million USD", "discounted million USD", "new AI IT MW in service"}}
	for i, y := range years {
		profit[i], disc[i] = y.ProfitUSD/1e6, y.ObjectiveUSD/1e6
		names[i] = fmt.Sprint(y.Year)
		tab.Rows = append(tab.Rows, []string{names[i], fixed(profit[i], 3), fixed(disc[i], 3), mwCell(y.NewAIITMW)})
	}
	p.Add(plotter.NewGrid())
	if err := addBarPair(p, vg.Points(14), profit, disc, colorMining, colorAI, "profit (undiscounted)", "discounted (the objective's year)"); err != nil {
		return Figure{}, err
	}
	p.NominalX(names...)
	p.Y.Max += 0.2 * (p.Y.Max - p.Y.Min) // room for the legend above the bars
	svg, err := renderSVG(p, id, chartWidth, chartHeight)
	return Figure{ID: id, Title: p.Title.Text, SVG: svg, Table: tab}, err
}

// timelineFigure is each site's new AI IT MW in service, year by year.
func timelineFigure(rows []report.YearlyRow, id string) (Figure, error) {
	var sites []string
	var years []int
	si, yi := map[string]int{}, map[int]int{}
	for _, r := range rows {
		if _, ok := si[r.Site]; !ok {
			si[r.Site] = len(sites)
			sites = append(sites, r.Site)
		}
		if _, ok := yi[int(r.Year)]; !ok {
			yi[int(r.Year)] = len(years)
			years = append(years, int(r.Year))
		}
	}
	z := make([][]float64, len(years))
	for c := range z {
		z[c] = make([]float64, len(sites))
	}
	maxMW := 1.0
	tab := Table{Columns: append([]string{"site"}, yearLabels(years)...)}
	byRow := make([][]string, len(sites))
	for s := range sites {
		byRow[s] = make([]string, len(years)+1)
		byRow[s][0] = sites[s]
	}
	for _, r := range rows {
		c, s := yi[int(r.Year)], si[r.Site]
		z[c][len(sites)-1-s] = r.NewAIITMW
		maxMW = math.Max(maxMW, r.NewAIITMW)
		byRow[s][c+1] = mwCell(r.NewAIITMW)
	}
	tab.Rows = byRow
	pal := lightToDark(colorAI)
	pal.SetMin(0)
	pal.SetMax(maxMW)
	hm := plotter.NewHeatMap(cells{V: z, X0: float64(years[0]), Y0: 0}, pal.Palette(64))
	hm.Min, hm.Max = 0, maxMW
	p := newPlot("When each site converts: new AI IT MW in service", "year", "")
	p.Add(hm)
	names := make([]string, len(sites))
	for s := range sites {
		names[len(sites)-1-s] = sites[s]
	}
	p.NominalY(names...)
	p.X.Tick.Marker = yearTicks{}
	bar := &plotter.ColorBar{ColorMap: pal, Vertical: true}
	h := vg.Length(math.Max(3.2, 0.18*float64(len(sites))+1.2)) * vg.Inch
	svg, err := renderWithColorBar(p, bar, "IT MW", id, h)
	return Figure{ID: id, Title: p.Title.Text, SVG: svg, Table: tab,
		Caption: "One row per site, one column per year: the colour is the new AI IT MW in service that year (white: none)."}, err
}

func yearLabels(years []int) []string {
	out := make([]string, len(years))
	for i, y := range years {
		out[i] = fmt.Sprint(y)
	}
	return out
}

// yearTicks labels whole years.
type yearTicks struct{}

// Ticks implements plot.Ticker: a labelled tick on each whole year.
func (yearTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for y := math.Ceil(lo); y <= hi; y++ {
		out = append(out, plot.Tick{Value: y, Label: fmt.Sprintf("%.0f", y)})
	}
	return out
}

// lightToDark is a sequential colour map from near-white (low) through c
// to a dark shade of it (high), linear in luminance.
func lightToDark(c color.NRGBA) palette.ColorMap {
	dark := color.NRGBA{R: c.R / 2, G: c.G / 2, B: c.B / 2, A: 0xFF}
	light := color.NRGBA{R: 0xFA, G: 0xF7, B: 0xF2, A: 0xFF}
	cm, err := moreland.NewLuminance([]color.Color{dark, c, light})
	if err != nil { // a colour as light as the near-white: fall back to a standard map
		cm = moreland.Kindlmann()
	}
	return clamped{palette.Reverse(cm)}
}

// clamped keeps a colour map's colours inside the sRGB gamut. moreland's
// interpolation can return a channel a hair below zero (-1.6e-5 for the
// mining orange's darkest end), and its RGBA() then wraps to full
// intensity: the darkest cells came out violet.
type clamped struct{ palette.ColorMap }

// At is the map's colour at v, each channel clamped to [0, 1].
func (c clamped) At(v float64) (color.Color, error) {
	col, err := c.ColorMap.At(v)
	if err != nil {
		return col, err
	}
	return clampColor(col), nil
}

// Palette samples n colours evenly between the map's bounds.
func (c clamped) Palette(n int) palette.Palette {
	if n < 2 {
		n = 2
	}
	lo, hi := c.Min(), c.Max()
	out := make([]color.Color, n)
	for i := range out {
		out[i], _ = c.At(lo + (hi-lo)*float64(i)/float64(n-1))
	}
	return plainPalette(out)
}

// plainPalette is a fixed list of colours.
type plainPalette []color.Color

// Colors returns the list.
func (p plainPalette) Colors() []color.Color { return p }

// clampColor converts a colour to RGBA64 without wrap-around: moreland
// converts a channel of -1.6e-5 to uint32 as a huge number, which is read
// back here as zero; a channel above alpha is cut to alpha.
func clampColor(col color.Color) color.Color {
	r, g, b, a := col.RGBA()
	fix := func(ch uint32) uint16 {
		switch {
		case ch > 2*0xffff: // a wrapped negative
			return 0
		case ch > a:
			return uint16(a)
		}
		return uint16(ch)
	}
	return color.RGBA64{R: fix(r), G: fix(g), B: fix(b), A: uint16(min(a, 0xffff))}
}

// scenarioFigure is the distribution of outcomes under the plan: each
// scenario's value, lowest first, with the expectation and the CVaR, in
// the money unit that fits the values.
func scenarioFigure(sc []report.ScenarioJSON, risk *report.RiskJSON, id string) (Figure, error) {
	sorted := append([]report.ScenarioJSON(nil), sc...)
	sort.SliceStable(sorted, func(a, b int) bool { return sorted[a].ValueUSD < sorted[b].ValueUSD })
	var all []float64
	for _, s := range sorted {
		all = append(all, s.ValueUSD)
	}
	if risk != nil {
		all = append(all, risk.ExpectedUSD, risk.CVaRUSD)
	}
	u := unitFor(maxAbs(all...))
	vals := make(plotter.Values, len(sorted))
	names := make([]string, len(sorted))
	tab := Table{Columns: []string{"scenario", "probability", "value " + u.Name}}
	for i, s := range sorted {
		vals[i] = s.ValueUSD / u.Div
		names[i] = s.ID
		tab.Rows = append(tab.Rows, []string{s.ID, pct1(s.Probability), moneyCell(s.ValueUSD, u)})
	}
	p := newPlot("Outcomes under the plan, by scenario", "", u.Name)
	b, err := plotter.NewBarChart(vals, vg.Points(14))
	if err != nil {
		return Figure{}, err
	}
	b.Color, b.LineStyle.Width = colorAI, 0
	p.Add(plotter.NewGrid(), b)
	p.Legend.Add("the scenario's value", b)
	rows := 1
	if risk != nil {
		for _, ref := range []struct {
			label string
			v     float64
			c     color.Color
		}{{"expectation", risk.ExpectedUSD / u.Div, colorGood}, {fmt.Sprintf("CVaR (worst %s)", pct(risk.CVaRAlpha)), risk.CVaRUSD / u.Div, colorStress}} {
			l, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: ref.v}, {X: float64(len(vals)) - 0.5, Y: ref.v}})
			if err != nil {
				return Figure{}, err
			}
			l.Color, l.Dashes, l.Width = ref.c, []vg.Length{vg.Points(4), vg.Points(2)}, vg.Points(1.5)
			p.Add(l)
			p.Legend.Add(ref.label, l)
			rows++
		}
	}
	p.NominalX(names...)
	p.X.Tick.Label.Rotation = math.Pi / 4
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.Y.Min = math.Min(0, p.Y.Min)
	roomForLegend(p, rows)
	svg, err := renderSVG(p, id, chartWidth, chartHeight+vg.Inch)
	return Figure{ID: id, Title: p.Title.Text, SVG: svg, Table: tab,
		Caption: "Each bar is the plan's value in one scenario (its first-stage halls, that scenario's later ones), lowest first; the dashed lines are the expectation and the CVaR (the mean of the worst outcomes)."}, err
}

// safeID turns free text into a unique element id: the prefix, the
// item's index, then its letters and digits ('-' for anything else).
func safeID(prefix string, i int, s string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%d-", prefix, i)
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}
