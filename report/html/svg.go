package htmlreport

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"regexp"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Colors of the report (Okabe–Ito, readable by colour-blind readers and in
// grey print).
var (
	colorMining    = color.NRGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF} // orange
	colorAI        = color.NRGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF} // blue
	colorAvailable = color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xFF} // dark grey
	colorBefore    = color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xFF} // grey
	colorStress    = color.NRGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF} // vermillion
	colorGood      = color.NRGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF} // green
	colorBad       = color.NRGBA{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF} // purple-pink
)

// Chart sizes in points.
const (
	chartWidth  = 7.5 * vg.Inch
	chartHeight = 3.2 * vg.Inch
)

// newPlot returns a plot with the report's style: title, axis labels
// with units, a legend at the top right.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.X.Label.TextStyle.Font.Size = vg.Points(11)
	p.Y.Label.TextStyle.Font.Size = vg.Points(11)
	p.X.Tick.Label.Font.Size = vg.Points(9)
	p.Y.Tick.Label.Font.Size = vg.Points(9)
	p.X.Tick.Marker, p.Y.Tick.Marker = cleanTicks{}, cleanTicks{}
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Legend.Padding = vg.Points(2)
	p.Title.Padding = vg.Points(6)
	for _, f := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		f.Variant = "Sans" // Liberation Sans: gonum/plot ships it; the page's text is sans too
	}
	return p
}

// cleanTicks are gonum/plot's default ticks labelled without trailing
// zeros and with thousands separators: "750" rather than "750.00",
// "40,000" rather than "40000".
type cleanTicks struct{}

// Ticks returns the default ticks for [min, max] with clean labels.
func (cleanTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = tickLabel(ticks[i].Value)
		}
	}
	return ticks
}

// tickLabel formats a tick value at ten significant digits (no float noise), without
// trailing zeros, with thousands separators.
func tickLabel(v float64) string {
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 10, 64), 64)
	if v == 0 {
		return "0"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	if len(intPart) > 3 {
		var b strings.Builder
		for i, r := range intPart {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(r)
		}
		intPart = b.String()
	}
	if frac != "" {
		intPart += "." + frac
	}
	if v < 0 {
		return "−" + intPart
	}
	return intPart
}

// svgHeader matches what vgsvg writes before the <svg> element and the
// element's fixed size, which the page replaces by a responsive width.
var (
	svgPrologue = regexp.MustCompile(`(?s)^.*?(<svg )`)
	svgSize     = regexp.MustCompile(`width="[0-9.]+pt" height="[0-9.]+pt"`)
)

// renderSVG draws p as an inline SVG element with the given id, sized to
// the page's width (its aspect kept by the viewBox), titled for screen
// readers.
func renderSVG(p *plot.Plot, id string, w, h vg.Length) (template.HTML, error) {
	c := vgsvg.NewWith(vgsvg.UseWH(w, h))
	p.Draw(draw.New(c))
	return canvasSVG(c, id, p.Title.Text)
}

// canvasSVG writes a drawn canvas as an inline <svg> element.
func canvasSVG(c *vgsvg.Canvas, id, title string) (template.HTML, error) {
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return "", fmt.Errorf("chart %s: %w", id, err)
	}
	s := svgPrologue.ReplaceAllString(b.String(), "$1")
	// A raster (heat map, colour bar) fills its box: without this the
	// browser keeps the image's aspect and letterboxes it. vgsvg labels
	// its PNG data as JPEG.
	s = strings.ReplaceAll(s, "<image ", `<image preserveAspectRatio="none" `)
	s = strings.ReplaceAll(s, "data:image/jpg;base64,iVBOR", "data:image/png;base64,iVBOR")
	s = svgSize.ReplaceAllLiteralString(s, fmt.Sprintf(`id="%s" class="chart" role="img" aria-label="%s" width="100%%" preserveAspectRatio="xMidYMid meet"`,
		template.HTMLEscapeString(id), template.HTMLEscapeString(title)))
	return template.HTML(strings.TrimSpace(s)), nil // vgsvg escapes all text it writes (html.EscapeString)
}
