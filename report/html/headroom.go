package htmlreport

import (
	"fmt"
	"html/template"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/report"
)

// HeadroomPage is the headroom report: the headroom of every area at each
// limit, and each area's curtailment rate against added load (Norris et
// al. 2025, Appendix A).
type HeadroomPage struct {
	Title       string
	Generated   string
	Cards       []Card
	ByArea      Figure
	Curves      []Figure
	Attribution string
}

// limitColors colour the limits in order (Okabe–Ito), cycling past four.
var limitColors = []color.Color{colorAI, colorGood, colorMining, colorStress, colorBad, colorAvailable}

// BuildHeadroom lays out the headroom report; areas keep their order.
func BuildHeadroom(h *impact.Headrooms, attribution string) (*HeadroomPage, error) {
	p := &HeadroomPage{Title: fmt.Sprintf("gridflip headroom: %d areas", len(h.Areas)), Attribution: attribution,
		Generated: "curtailment-enabled headroom by the method of Norris et al., \"Rethinking Load Growth\" (Duke University, 2025)"}
	for k, t := range h.Total {
		p.Cards = append(p.Cards, Card{ID: fmt.Sprintf("card-total-%d", k),
			Label: "total at " + report.LimitLabel(t.CurtailmentLimit) + " curtailment", Value: fixed(t.HeadroomMW/1000, 1) + " GW",
			Detail: fmt.Sprintf("%s MW over %d areas", thousands(t.HeadroomMW), len(h.Areas))})
	}
	var err error
	if p.ByArea, err = headroomFigure(h, "chart-headroom"); err != nil {
		return nil, err
	}
	for i, a := range h.Areas {
		f, err := curveFigure(a, safeID("chart-curve-", i, a.ID))
		if err != nil {
			return nil, err
		}
		p.Curves = append(p.Curves, f)
	}
	return p, nil
}

// headroomFigure is each area's headroom at each limit, in GW.
func headroomFigure(h *impact.Headrooms, id string) (Figure, error) {
	p := newPlot("Curtailment-enabled headroom by area", "", "GW")
	names := make([]string, len(h.Areas))
	tab := Table{Columns: []string{"area", "summer threshold MW", "winter threshold MW"}}
	series := make([]barSeries, len(h.Limits))
	for k, l := range h.Limits {
		tab.Columns = append(tab.Columns, "headroom MW at "+report.LimitLabel(l))
		series[k] = barSeries{values: make(plotter.Values, len(h.Areas)), color: limitColors[k%len(limitColors)], name: report.LimitLabel(l) + " curtailment"}
	}
	for i, a := range h.Areas {
		names[i] = a.ID
		row := []string{a.ID, num(a.SummerThresholdMW), num(a.WinterThresholdMW)}
		for k, r := range a.Results {
			series[k].values[i] = r.HeadroomMW / 1000
			row = append(row, num(r.HeadroomMW))
		}
		tab.Rows = append(tab.Rows, row)
	}
	p.Add(plotter.NewGrid())
	// The bars of an area fill 80 % of its share of the plot's width.
	group := min(40, 0.8*460/float64(max(1, len(h.Areas))))
	w := vg.Points(group / float64(max(1, len(h.Limits))))
	if err := addBarGroup(p, w, series); err != nil {
		return Figure{}, err
	}
	p.NominalX(names...)
	p.X.Tick.Label.Rotation = math.Pi / 4
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.Y.Min = 0
	p.Y.Max *= 1.15 // room for the legend
	svg, err := renderSVG(p, id, chartWidth, chartHeight+vg.Inch/2)
	return Figure{ID: id, Title: p.Title.Text, SVG: svg, Table: tab,
		Caption: "The constant load each area could add while the mean yearly share of its energy curtailed stays within each limit; the curtailment keeps the area's load at its seasonal peak thresholds."}, err
}

// curveFigure is an area's curtailment rate against added load, with its
// headroom at each limit marked.
func curveFigure(a impact.AreaHeadroom, id string) (Figure, error) {
	p := newPlot(a.ID+": curtailment rate against added load", "added load (MW)", "curtailment rate (%)")
	tab := Table{Columns: []string{"added MW", "curtailment rate %"}}
	line := make(plotter.XYs, 0, len(a.Curve)+1)
	line = append(line, plotter.XY{})
	for _, c := range a.Curve {
		line = append(line, plotter.XY{X: c.AddedMW, Y: 100 * c.Rate})
		tab.Rows = append(tab.Rows, []string{fixed(c.AddedMW, 1), fixed(100*c.Rate, 4)})
	}
	p.Add(plotter.NewGrid())
	if len(line) > 1 {
		l, err := plotter.NewLine(line[1:])
		if err != nil {
			return Figure{}, err
		}
		l.Color, l.Width = colorAvailable, vg.Points(1.5)
		p.Add(l)
	}
	for k, r := range a.Results {
		s, err := plotter.NewScatter(plotter.XYs{{X: r.HeadroomMW, Y: 100 * r.CurtailmentLimit}})
		if err != nil {
			return Figure{}, err
		}
		s.GlyphStyle.Color, s.GlyphStyle.Radius, s.GlyphStyle.Shape = limitColors[k%len(limitColors)], vg.Points(4), draw.CircleGlyph{}
		p.Add(s)
		p.Legend.Add(fmt.Sprintf("%s: %s MW", report.LimitLabel(r.CurtailmentLimit), thousands(r.HeadroomMW)), s)
	}
	p.Legend.Left, p.Legend.Top = true, true
	p.X.Min, p.Y.Min = 0, 0
	svg, err := renderSVG(p, id, chartWidth, chartHeight*0.8)
	return Figure{ID: id, Title: p.Title.Text, SVG: svg, Table: tab,
		Caption: fmt.Sprintf("Thresholds %s MW (summer) and %s MW (winter), years %d-%d; dots mark the headroom at each limit.",
			thousands(a.SummerThresholdMW), thousands(a.WinterThresholdMW), a.Years[0], a.Years[len(a.Years)-1])}, err
}

// WriteHeadroom writes the headroom report as one self-contained HTML
// document.
func WriteHeadroom(w io.Writer, h *impact.Headrooms, attribution string) error {
	p, err := BuildHeadroom(h, attribution)
	if err != nil {
		return err
	}
	return headroomTemplate().Execute(w, p)
}

func headroomTemplate() *template.Template {
	return template.Must(template.New("headroom").Parse(headroomHTML + headHTML + figureHTML))
}

// headroomHTML is the headroom report's template.
const headroomHTML = `{{template "head" .}}
</header>
<section id="summary">
<div class="cards">{{range .Cards}}
<div class="card" id="{{.ID}}"><div class="label">{{.Label}}</div><div class="value">{{.Value}}</div><div class="detail">{{.Detail}}</div></div>{{end}}
</div>
</section>
<section id="areas">
<h2>Headroom by area</h2>
{{template "figure" .ByArea}}
</section>
<section id="curves">
<h2>Curtailment rate against added load</h2>
<p class="muted">The mean yearly share of the added load's energy that must be curtailed to keep each area within its seasonal peak thresholds.</p>
{{range .Curves}}{{template "figure" .}}{{end}}
</section>
<footer>Made by gridflip headroom.{{with .Attribution}} {{.}}{{end}}</footer>
</body>
</html>
`
