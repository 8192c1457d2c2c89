package htmlreport

import (
	"context"
	"fmt"
	"html/template"
	"image/color"
	"io"
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// DefaultSweepBase is the id of the scenario a sweep's tornado measures
// from when no other is named.
const DefaultSweepBase = "base"

// SweepPage is the sweep report: a tornado chart of each what-if's change
// of the objective against the base scenario, and every result.
type SweepPage struct {
	Title     string
	Generated string
	Cards     []Card
	Tornado   Figure
	Results   []SweepRow
	Notes     []string
}

// SweepRow is one scenario's result in the table.
type SweepRow struct {
	ID, Changes, Status string
	ObjectiveUSD, Delta string
	HallsBuilt          int
	NewAIITMW           float64
	IsBase, Failed      bool
}

// TornadoRow is one bar of the tornado: the what-ifs that change the same
// keys (say hashprice_scale at 0.7 and at 1.4), from the lowest change of
// the objective to the highest, in USD.
type TornadoRow struct {
	Keys            string // the keys changed, joined by " + "
	LowID, HighID   string // the scenarios at either end
	LowUSD, HighUSD float64
	Span            float64 // max(high, 0) - min(low, 0)
}

// SweepResult is one what-if of a sweep as the sweep report shows it: what
// it changed ("key=value" each) and what its plan came to (the caller maps
// its sweep results onto it).
type SweepResult struct {
	ID           string
	Changes      []string
	Status       string
	ObjectiveUSD float64
	HallsBuilt   int
	NewAIITMW    float64
	Error        string // why it failed; "" when it solved
}

// TornadoRows groups the results other than the base by the keys they
// change and orders the groups by their span, widest first. A result that
// failed is left out (the table shows it).
func TornadoRows(results []SweepResult, base SweepResult) []TornadoRow {
	byKeys := map[string]*TornadoRow{}
	var order []string
	for _, r := range results {
		if r.ID == base.ID || r.Error != "" {
			continue
		}
		keys := changedKeys(r.Changes)
		delta := r.ObjectiveUSD - base.ObjectiveUSD
		row, ok := byKeys[keys]
		if !ok {
			row = &TornadoRow{Keys: keys, LowID: r.ID, HighID: r.ID, LowUSD: delta, HighUSD: delta}
			byKeys[keys] = row
			order = append(order, keys)
			continue
		}
		if delta < row.LowUSD {
			row.LowID, row.LowUSD = r.ID, delta
		}
		if delta > row.HighUSD {
			row.HighID, row.HighUSD = r.ID, delta
		}
	}
	out := make([]TornadoRow, 0, len(order))
	for _, k := range order {
		row := *byKeys[k]
		row.Span = math.Max(row.HighUSD, 0) - math.Min(row.LowUSD, 0)
		out = append(out, row)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Span > out[j].Span })
	return out
}

// changedKeys is the keys of "key=value" changes, joined by " + "
// ("no change" for none).
func changedKeys(changes []string) string {
	if len(changes) == 0 {
		return "no change"
	}
	keys := make([]string, len(changes))
	for i, c := range changes {
		keys[i], _, _ = strings.Cut(c, "=")
	}
	return strings.Join(keys, " + ")
}

// BuildSweep lays out the sweep report. base names the scenario the
// tornado measures from (DefaultSweepBase when empty); it must be among
// the results and must have solved.
func BuildSweep(results []SweepResult, base string) (*SweepPage, error) {
	if base == "" {
		base = DefaultSweepBase
	}
	i := slices.IndexFunc(results, func(r SweepResult) bool { return r.ID == base })
	if i < 0 {
		ids := make([]string, len(results))
		for k, r := range results {
			ids[k] = r.ID
		}
		return nil, fmt.Errorf("no scenario %q to measure the tornado from: name one with --base (the results are %s)", base, strings.Join(ids, ", "))
	}
	b := results[i]
	if b.Error != "" {
		return nil, fmt.Errorf("the base scenario %q failed (%s): name another with --base", base, b.Error)
	}
	rows := TornadoRows(results, b)
	p := &SweepPage{
		Title:     fmt.Sprintf("gridflip sweep: %d scenarios", len(results)),
		Generated: fmt.Sprintf("each what-if against the base scenario %q, whose objective is %s", base, usd(b.ObjectiveUSD)),
	}
	p.Cards = sweepCards(results, b, rows)
	var err error
	if p.Tornado, err = tornadoFigure(rows, "chart-tornado"); err != nil {
		return nil, err
	}
	for _, r := range results {
		row := SweepRow{ID: r.ID, Changes: strings.Join(r.Changes, ", "), Status: r.Status,
			HallsBuilt: r.HallsBuilt, NewAIITMW: r.NewAIITMW, IsBase: r.ID == base, Failed: r.Error != ""}
		if row.Failed {
			row.Status = r.Error
		} else {
			row.ObjectiveUSD, row.Delta = usd(r.ObjectiveUSD), usd(r.ObjectiveUSD-b.ObjectiveUSD)
		}
		p.Results = append(p.Results, row)
	}
	return p, nil
}

// sweepCards are the base objective and the widest swings either way.
func sweepCards(results []SweepResult, base SweepResult, rows []TornadoRow) []Card {
	cards := []Card{{ID: "card-base", Label: "base objective", Value: usd(base.ObjectiveUSD),
		Detail: fmt.Sprintf("%q: %d halls, %s MW of new AI IT", base.ID, base.HallsBuilt, thousands(base.NewAIITMW))}}
	lo, hi := -1, -1
	for i, r := range rows {
		if lo < 0 || r.LowUSD < rows[lo].LowUSD {
			lo = i
		}
		if hi < 0 || r.HighUSD > rows[hi].HighUSD {
			hi = i
		}
	}
	if lo >= 0 {
		cards = append(cards,
			Card{ID: "card-worst", Label: "largest loss", Value: usd(rows[lo].LowUSD), Detail: fmt.Sprintf("%q (%s)", rows[lo].LowID, rows[lo].Keys)},
			Card{ID: "card-best", Label: "largest gain", Value: usd(rows[hi].HighUSD), Detail: fmt.Sprintf("%q (%s)", rows[hi].HighID, rows[hi].Keys)})
	}
	failed := 0
	for _, r := range results {
		if r.Error != "" {
			failed++
		}
	}
	cards = append(cards, Card{ID: "card-scenarios", Label: "scenarios", Value: fmt.Sprint(len(results)),
		Detail: fmt.Sprintf("%d what-if groups; %d failed", len(rows), failed)})
	return cards
}

// tornadoFigure draws each group's bar from its lowest to its highest
// change of the objective, the widest at the top.
func tornadoFigure(rows []TornadoRow, id string) (Figure, error) {
	p := newPlot("Sensitivity of the objective (tornado)", "change of the objective against the base (million USD)", "")
	tab := Table{Columns: []string{"keys changed", "low scenario", "low million USD", "high scenario", "high million USD"}}
	n := len(rows)
	bars := &tornadoBars{Lo: make([]float64, n), Hi: make([]float64, n), Height: vg.Points(16)}
	names := make([]string, n)
	labels := plotter.XYLabels{}
	lo, hi := 0.0, 0.0
	for i, r := range rows {
		y := n - 1 - i // the widest at the top
		bars.Lo[y], bars.Hi[y] = r.LowUSD/1e6, r.HighUSD/1e6
		names[y] = r.Keys
		lo, hi = math.Min(lo, r.LowUSD/1e6), math.Max(hi, r.HighUSD/1e6)
		tab.Rows = append(tab.Rows, []string{r.Keys, r.LowID, fixed(r.LowUSD/1e6, 3), r.HighID, fixed(r.HighUSD/1e6, 3)})
		if r.LowUSD < 0 {
			labels.XYs = append(labels.XYs, plotter.XY{X: r.LowUSD / 1e6, Y: float64(y)})
			labels.Labels = append(labels.Labels, r.LowID+" ")
		}
		if r.HighUSD > 0 || r.HighID != r.LowID {
			labels.XYs = append(labels.XYs, plotter.XY{X: math.Max(r.HighUSD, 0) / 1e6, Y: float64(y)})
			labels.Labels = append(labels.Labels, " "+r.HighID)
		}
	}
	p.Add(plotter.NewGrid(), bars)
	if len(labels.XYs) > 0 {
		l, err := plotter.NewLabels(labels)
		if err != nil {
			return Figure{}, err
		}
		for i := range l.TextStyle {
			l.TextStyle[i].Font.Variant, l.TextStyle[i].Font.Size = "Sans", vg.Points(8)
			l.TextStyle[i].YAlign = draw.YCenter
			if strings.HasSuffix(l.Labels[i], " ") { // a low end: to the left of its bar
				l.TextStyle[i].XAlign = draw.XRight
			}
		}
		p.Add(l)
	}
	if n > 0 {
		p.NominalY(names...)
	}
	span := math.Max(hi-lo, 1e-6)
	p.X.Min, p.X.Max = lo-0.3*span, hi+0.3*span // room for the scenario labels
	p.Y.Min, p.Y.Max = -0.7, float64(n)-0.3
	h := vg.Length(n)*vg.Points(30) + vg.Inch*1.2
	svg, err := renderSVG(p, id, chartWidth, h)
	return Figure{ID: id, Title: p.Title.Text, SVG: svg, Table: tab,
		Caption: "Each bar groups the what-ifs that change the same keys and spans their changes of the objective against the base (green a gain, pink a loss); the widest is on top."}, err
}

// tornadoBars draws bar i at y = i from min(Lo[i], 0) to max(Hi[i], 0):
// the loss in pink, the gain in green.
type tornadoBars struct {
	Lo, Hi []float64
	Height vg.Length
}

// Plot implements plot.Plotter.
func (b *tornadoBars) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	for i := range b.Lo {
		y := trY(float64(i))
		x0 := trX(0)
		if b.Lo[i] < 0 {
			b.box(c, trX(b.Lo[i]), x0, y, colorBad)
		}
		if b.Hi[i] > 0 {
			b.box(c, x0, trX(b.Hi[i]), y, colorGood)
		}
	}
	zero := trX(0)
	c.StrokeLine2(draw.LineStyle{Color: colorAvailable, Width: vg.Points(1)}, zero, c.Min.Y, zero, c.Max.Y)
}

func (b *tornadoBars) box(c draw.Canvas, x0, x1, y vg.Length, col color.Color) {
	if x1-x0 < 0.5 {
		x1 = x0 + 0.5
	}
	pts := []vg.Point{{X: x0, Y: y - b.Height/2}, {X: x1, Y: y - b.Height/2}, {X: x1, Y: y + b.Height/2}, {X: x0, Y: y + b.Height/2}}
	c.FillPolygon(col, c.ClipPolygonXY(pts))
}

// DataRange implements plot.DataRanger.
func (b *tornadoBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	for i := range b.Lo {
		xmin, xmax = math.Min(xmin, b.Lo[i]), math.Max(xmax, b.Hi[i])
	}
	return xmin, xmax, -0.5, float64(len(b.Lo)) - 0.5
}

// WriteSweep writes the sweep report as one self-contained HTML document;
// it returns ctx.Err() once ctx is cancelled.
func WriteSweep(ctx context.Context, w io.Writer, results []SweepResult, base string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p, err := BuildSweep(results, base)
	if err != nil {
		return err
	}
	return sweepTemplate().Execute(&contextWriter{ctx: ctx, w: w}, p)
}

func sweepTemplate() *template.Template {
	funcs := template.FuncMap{"thousands": thousands}
	return template.Must(template.New("sweep").Funcs(funcs).Parse(sweepHTML + headHTML + figureHTML))
}

// sweepHTML is the sweep report's template.
const sweepHTML = `{{template "head" .}}
</header>
<section id="summary">
<div class="cards">{{range .Cards}}
<div class="card" id="{{.ID}}"><div class="label">{{.Label}}</div><div class="value">{{.Value}}</div><div class="detail">{{.Detail}}</div></div>{{end}}
</div>
</section>
<section id="tornado">
<h2>Sensitivities</h2>
{{template "figure" .Tornado}}
</section>
<section id="results">
<h2>Every scenario</h2>
<div class="plan"><table id="sweep-table">
<thead><tr><th>scenario</th><th>changes</th><th>status</th><th class="num">objective</th><th class="num">against the base</th><th class="num">halls built</th><th class="num">new AI IT MW</th></tr></thead>
<tbody>{{range .Results}}
<tr class="{{if .Failed}}not-built{{end}}"><td>{{.ID}}{{if .IsBase}} (base){{end}}</td><td>{{.Changes}}</td><td>{{.Status}}</td><td class="num">{{.ObjectiveUSD}}</td><td class="num">{{.Delta}}</td><td class="num">{{.HallsBuilt}}</td><td class="num">{{thousands .NewAIITMW}}</td></tr>{{end}}
</tbody></table></div>
</section>
<footer>Made by gridflip sweep merge from the sweep's scenario-&lt;id&gt;.json files.</footer>
</body>
</html>
`
