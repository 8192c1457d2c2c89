package htmlreport

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// yearSpan is one calendar year (UTC, as the horizon's years) of the
// run's hours: indices [From, To).
type yearSpan struct {
	Year, From, To int
}

// chosenYears are the years a duration chart draws: every year of a run
// of one or two, else the first, a middle one and the last, so that a
// ten-year run is not pooled into one curve.
func chosenYears(hours []time.Time) []yearSpan {
	var all []yearSpan
	for i, h := range hours {
		y := h.UTC().Year()
		if len(all) == 0 || all[len(all)-1].Year != y {
			all = append(all, yearSpan{Year: y, From: i})
		}
		all[len(all)-1].To = i + 1
	}
	if len(all) <= 3 {
		return all
	}
	return []yearSpan{all[0], all[(len(all)-1)/2], all[len(all)-1]}
}

// yearColors tell the chosen years apart (Okabe–Ito).
var yearColors = []color.Color{colorAI, colorMining, colorGood}

// sortedDesc returns the values highest first, and the order (indices
// into values) that sorts them.
func sortedDesc(values []float64) ([]float64, []int) {
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return values[order[a]] > values[order[b]] })
	out := make([]float64, len(values))
	for r, i := range order {
		out[r] = values[i]
	}
	return out, order
}

// yearNames lists the years ("2026, 2030 and 2035").
func yearNames(years []yearSpan) string {
	names := make([]string, len(years))
	for i, y := range years {
		names[i] = fmt.Sprint(y.Year)
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// percentileRows are the data-table rows of duration curves: every 1 %
// of each year's hours, one column per curve.
func percentileRows(curves [][]float64, format func(float64) string) [][]string {
	var rows [][]string
	for pc := 0; pc < 100; pc++ {
		row := []string{fmt.Sprint(pc)}
		for _, c := range curves {
			row = append(row, format(c[pc*len(c)/100]))
		}
		rows = append(rows, row)
	}
	return rows
}

// durationFigure is a site's price duration curve, one per chosen year,
// with the curtailed hours marked on each.
func durationFigure(s *SiteSeries, id string, years []yearSpan) (Figure, error) {
	p := newPlot(fmt.Sprintf("%s: price duration at %s, %s", s.ID, s.Node, yearNames(years)), "share of the year's hours (%)", "price (USD/MWh)")
	tab := Table{Columns: []string{"share of hours (%)"}}
	var curves [][]float64
	var all []float64
	for _, y := range years {
		all = append(all, s.Prices[y.From:y.To]...)
	}
	allSorted, _ := sortedDesc(all)
	cap := axisCap(allSorted)
	var notes []string
	for k, y := range years {
		sorted, order := sortedDesc(s.Prices[y.From:y.To])
		n := len(sorted)
		x := func(r int) float64 { return 100 * float64(r) / float64(n) }
		l, err := plotter.NewLine(downsample(sorted, x, cap))
		if err != nil {
			return Figure{}, err
		}
		c := yearColors[k%len(yearColors)]
		if len(years) == 1 {
			c = colorAvailable
		}
		l.Color, l.Width = c, vg.Points(1.3)
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%d price, highest first", y.Year), l)
		// Curtailed hours: one dot per band of the curve that has any,
		// at most maxMarkers / the years drawn.
		var marks plotter.XYs
		curtailed := 0
		step := math.Max(1, float64(n)*float64(len(years))/maxMarkers)
		for b := 0.0; b < float64(n); b += step {
			for r := int(b); r < min(n, int(b+step)); r++ {
				if s.Curtailed[y.From+order[r]] {
					marks = append(marks, plotter.XY{X: x(r), Y: math.Min(sorted[r], cap)})
					break
				}
			}
		}
		for _, i := range order {
			if s.Curtailed[y.From+i] {
				curtailed++
			}
		}
		if len(marks) > 0 {
			sc, err := plotter.NewScatter(marks)
			if err != nil {
				return Figure{}, err
			}
			sc.GlyphStyle.Color, sc.GlyphStyle.Radius, sc.GlyphStyle.Shape = colorStress, vg.Points(1.6), draw.CircleGlyph{}
			if len(years) > 1 {
				sc.GlyphStyle.Color = c
				sc.GlyphStyle.Shape = draw.RingGlyph{}
			}
			p.Add(sc)
			p.Legend.Add(fmt.Sprintf("%d curtailed hours", y.Year), sc)
		}
		notes = append(notes, fmt.Sprintf("%d: %d of %d hours curtailed", y.Year, curtailed, n))
		tab.Columns = append(tab.Columns, fmt.Sprintf("%d price (USD/MWh)", y.Year))
		curves = append(curves, sorted)
	}
	tab.Rows = percentileRows(curves, priceCell)
	p.X.Min, p.X.Max = 0, 100
	roomForLegend(p, 2*len(years))
	caption := "Each year's hours sorted by price, highest first; dots mark the curtailed hours (one per band of the curve that has any). " + strings.Join(notes, "; ") + "."
	if above := countAbove(allSorted, cap); above > 0 {
		caption += fmt.Sprintf(" The axis stops at %s USD/MWh; %d hours are above it (highest %s).", fixed(cap, 0), above, fixed(allSorted[0], 0))
	}
	svg, err := renderSVG(p, id, chartWidth, chartHeight)
	return Figure{ID: id, Title: p.Title.Text, SVG: svg, Table: tab, Caption: caption}, err
}

// loadDurationFigure is a scope's load duration curves before and after,
// one pair per chosen year, with the stress hours marked on the after
// curves.
func loadDurationFigure(s *ScopeSeries, id string, years []yearSpan) (Figure, error) {
	p := newPlot(fmt.Sprintf("%s: load duration, %s", s.Scope, yearNames(years)), "share of the year's hours (%)", "load (MW)")
	tab := Table{Columns: []string{"share of hours (%)"}}
	var curves [][]float64
	stress := 0
	for k, y := range years {
		before, _ := sortedDesc(s.Before[y.From:y.To])
		after, order := sortedDesc(s.After[y.From:y.To])
		n := len(after)
		x := func(r int) float64 { return 100 * float64(r) / float64(n) }
		cb, ca := color.Color(colorBefore), color.Color(colorAI)
		if len(years) > 1 {
			cb, ca = yearColors[k%len(yearColors)], yearColors[k%len(yearColors)]
		}
		bl, err := plotter.NewLine(downsample(before, x, math.Inf(1)))
		if err != nil {
			return Figure{}, err
		}
		bl.Color, bl.Width, bl.Dashes = cb, vg.Points(1.3), []vg.Length{vg.Points(4), vg.Points(2)}
		al, err := plotter.NewLine(downsample(after, x, math.Inf(1)))
		if err != nil {
			return Figure{}, err
		}
		al.Color, al.Width = ca, vg.Points(1.6)
		p.Add(bl, al)
		p.Legend.Add(fmt.Sprintf("%d before (no conversion)", y.Year), bl)
		p.Legend.Add(fmt.Sprintf("%d after (the plan)", y.Year), al)
		var marks plotter.XYs
		for r, i := range order {
			if s.Stress[y.From+i] {
				stress++
				if len(marks) < maxMarkers/len(years) {
					marks = append(marks, plotter.XY{X: x(r), Y: after[r]})
				}
			}
		}
		if len(marks) > 0 {
			sc, err := plotter.NewScatter(marks)
			if err != nil {
				return Figure{}, err
			}
			sc.GlyphStyle.Color, sc.GlyphStyle.Radius, sc.GlyphStyle.Shape = colorStress, vg.Points(2), draw.CircleGlyph{}
			p.Add(sc)
			if k == 0 {
				p.Legend.Add("stress hours (after)", sc)
			}
		}
		tab.Columns = append(tab.Columns, fmt.Sprintf("%d before MW", y.Year), fmt.Sprintf("%d after MW", y.Year))
		curves = append(curves, before, after)
	}
	tab.Rows = percentileRows(curves, mwCell)
	p.X.Min, p.X.Max = 0, 100
	p.Y.Min = math.Min(0, p.Y.Min)
	p.Legend.Top, p.Legend.Left = false, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), vg.Points(8)
	svg, err := renderSVG(p, id, chartWidth, chartHeight+vg.Inch/2)
	return Figure{ID: id, Title: p.Title.Text, SVG: svg, Table: tab,
		Caption: fmt.Sprintf("Each year's hours sorted by load, highest first: dashed before (no conversion), solid after (the plan); the %d stress hours (the highest-price hours) of the years drawn are marked where they fall on the after curves.", stress)}, err
}
