package htmlreport

import (
	"github.com/gridflip/gridflip/report"
)

// GridHeadroom is the report's paragraph on the balancing areas'
// headroom before and after the plan (summary.json "headroom";
// docs/headroom.md, "Before and after a plan").
type GridHeadroom struct {
	Year        int
	Sentences   []string // one per area: "the plan uses X of ERCOT's Y GW at 0.5%"
	Flexible    []string // the --flexible shares, the after_flexible_mw columns
	Rows        []GridHeadroomRow
	Notes       []string
	Attribution string
}

// GridHeadroomRow is one area at one limit.
type GridHeadroomRow struct {
	Area, Limit               string
	BeforeMW, AfterMW, UsedMW float64
	AfterFlexibleMW           []float64
}

// gridHeadroom reads the section from the summary (nil without it).
func gridHeadroom(s *report.Summary) *GridHeadroom {
	if len(s.Headroom) == 0 && len(s.HeadroomNotes) == 0 {
		return nil
	}
	g := &GridHeadroom{Notes: s.HeadroomNotes, Attribution: s.HeadroomAttribution}
	for _, f := range s.Flexibility {
		g.Flexible = append(g.Flexible, report.LimitPercent(f.MaxCurtailedShare))
	}
	for _, h := range s.Headroom {
		g.Year = h.ReferenceYear
		g.Sentences = append(g.Sentences, h.Sentence())
		for _, r := range h.Results {
			g.Rows = append(g.Rows, GridHeadroomRow{Area: h.Name, Limit: report.LimitPercent(r.CurtailmentLimit),
				BeforeMW: r.BeforeMW, AfterMW: r.AfterMW, UsedMW: r.BeforeMW - r.AfterMW, AfterFlexibleMW: r.AfterFlexibleMW})
		}
	}
	return g
}

// gridHeadroomHTML is the section's template, placed in the grid section.
const gridHeadroomHTML = `{{define "gridheadroom"}}<div id="grid-headroom">
<h3>Headroom of the balancing areas</h3>
<p>{{if .Rows}}Over {{.Year}}'s load of each balancing area, by the curtailment-enabled headroom of Norris et al. (Duke University, 2025): {{range $i, $s := .Sentences}}{{if $i}}; {{end}}{{$s}}{{end}}.{{end}}</p>
{{if .Rows}}<table class="data" id="grid-headroom-table"><thead><tr><th>area</th><th>limit</th><th class="num">before MW</th><th class="num">after MW</th><th class="num">used MW</th>{{range .Flexible}}<th class="num">after, AI curtailable {{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr><td>{{.Area}}</td><td>{{.Limit}}</td><td class="num">{{mw .BeforeMW}}</td><td class="num">{{mw .AfterMW}}</td><td class="num">{{mw .UsedMW}}</td>{{range .AfterFlexibleMW}}<td class="num">{{mw .}}</td>{{end}}</tr>{{end}}</tbody></table>{{end}}
{{with .Notes}}<ul class="notes">{{range .}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{with .Attribution}}<p class="muted">{{.}}</p>{{end}}
</div>{{end}}`
