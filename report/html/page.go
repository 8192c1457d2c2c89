package htmlreport

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/report"
)

// Page is the report's content, ready for the template.
type Page struct {
	Title     string
	Generated string
	Notes     []string
	Cards     []Card
	Plan      []SitePlanRow
	Gap       Figure
	Regions   []Figure
	Sites     []SiteSection
	Omitted   int
	Portfolio Figure // the portfolio's streams
	Timeline  *Figure
	Cashflow  *Figure
	Outcomes  *Figure
	Tornado   *Figure
}

// Card is one headline figure.
type Card struct {
	ID, Label, Value, Detail string
}

// SitePlanRow is one hall of the plan table.
type SitePlanRow struct {
	Site, Region, Hall, Cooling string
	ITMW, NetUSD                float64
	Built                       bool
	ServiceYear                 string
	NPV                         string // the hall's NPV as a project (its pro forma), when there is one
}

// SiteSection is one site's charts.
type SiteSection struct {
	ID, Anchor, Region, Node string
	Dispatch, Heat, Duration Figure
	Streams                  Figure
}

// Build turns loaded data into a page. yearly may be nil (no horizon).
func Build(d *Data, yearly []report.YearlyRow) (*Page, error) {
	s := &d.Summary
	p := &Page{Title: "gridflip: " + s.Case, Notes: s.Notes, Omitted: d.Omitted,
		Generated: fmt.Sprintf("%d hours from %s; %s, %s", s.Hours, s.Start.UTC().Format("2006-01-02 15:04 UTC"), s.Status, s.Method)}
	p.Cards = cards(s)
	p.Plan = planRows(s)
	var err error
	if p.Gap, err = gapFigure(s.Gap, "chart-gap"); err != nil {
		return nil, err
	}
	for i := range d.Grid {
		if len(d.Grid) == 2 && d.Grid[i].Scope == impact.PortfolioScope {
			continue // one region: the portfolio's curve is the region's
		}
		f, err := loadDurationFigure(&d.Grid[i], safeID("chart-ldc-", i, d.Grid[i].Scope))
		if err != nil {
			return nil, err
		}
		p.Regions = append(p.Regions, f)
	}
	streams := map[string]report.StreamsJSON{}
	for _, site := range s.Sites {
		streams[site.ID] = site.StreamsJSON
	}
	week := d.Hours[d.Week : d.Week+len(firstWeek(d))]
	for i := range d.Sites {
		site := &d.Sites[i]
		sec := SiteSection{ID: site.ID, Anchor: safeID("site-", i, site.ID), Region: site.Region, Node: site.Node}
		if sec.Dispatch, err = dispatchFigure(site, safeID("chart-dispatch-", i, site.ID), week); err != nil {
			return nil, err
		}
		if sec.Heat, err = heatFigure(site, safeID("chart-heat-", i, site.ID)); err != nil {
			return nil, err
		}
		if sec.Duration, err = durationFigure(site, safeID("chart-duration-", i, site.ID)); err != nil {
			return nil, err
		}
		if sec.Streams, err = waterfallFigure(site.ID, streams[site.ID], safeID("chart-streams-", i, site.ID)); err != nil {
			return nil, err
		}
		p.Sites = append(p.Sites, sec)
	}
	if p.Portfolio, err = waterfallFigure("Portfolio", s.Portfolio.StreamsJSON, "chart-streams-portfolio"); err != nil {
		return nil, err
	}
	if len(s.Years) > 0 {
		f, err := cashflowFigure(s.Years, "chart-cashflow")
		if err != nil {
			return nil, err
		}
		p.Cashflow = &f
	}
	if len(yearly) > 0 {
		f, err := timelineFigure(yearly, "chart-timeline")
		if err != nil {
			return nil, err
		}
		p.Timeline = &f
	}
	if len(s.Scenarios) > 0 {
		f, err := scenarioFigure(s.Scenarios, s.Risk, "chart-outcomes")
		if err != nil {
			return nil, err
		}
		p.Outcomes = &f
	}
	return p, nil
}

// firstWeek is the dispatch window of the first drawn site (all have it).
func firstWeek(d *Data) []float64 {
	if len(d.Sites) == 0 {
		return nil
	}
	return d.Sites[0].WeekMining
}

// cards are the headline figures: objective, new AI, each gap share,
// hashrate retired.
func cards(s *report.Summary) []Card {
	out := []Card{
		{ID: "card-objective", Label: "objective", Value: usd(s.ObjectiveUSD), Detail: "revenue less cost over the run (discounted over a horizon)"},
		{ID: "card-new-ai", Label: "new AI IT load", Value: fmt.Sprintf("%s MW", thousands(s.Portfolio.NewAIITMW)),
			Detail: fmt.Sprintf("%d halls built; %s MW reserved at the POIs", s.Portfolio.HallsBuilt, thousands(newAIMeter(s)))},
	}
	for _, g := range s.Gap {
		out = append(out, Card{ID: "card-gap-" + g.ID, Label: "of the " + fixed(g.GapGW, 1) + " GW gap", Value: fixed(100*g.ClosedFraction, 1) + "%",
			Detail: g.Source})
	}
	for _, im := range s.GridImpact {
		if im.Scope == "portfolio" {
			out = append(out, Card{ID: "card-hashrate", Label: "hashrate retired", Value: fixed(im.HashrateRetiredEHs, 2) + " EH/s",
				Detail: fixed(100*im.ShareOfUS, 1) + "% of the US's"})
		}
	}
	return out
}

func newAIMeter(s *report.Summary) float64 {
	for _, im := range s.GridImpact {
		if im.Scope == "portfolio" {
			return im.NewAIMeterMW
		}
	}
	return 0
}

// planRows lists every hall, built or not, with its value.
func planRows(s *report.Summary) []SitePlanRow {
	var out []SitePlanRow
	for _, site := range s.Sites {
		for _, h := range site.HallDecisions {
			year := ""
			if h.ServiceYear != nil && h.Build >= 0.5 {
				year = fmt.Sprint(*h.ServiceYear)
			}
			npv := ""
			if h.Finance != nil {
				npv = usd(h.Finance.NPVUSD)
			}
			out = append(out, SitePlanRow{Site: site.ID, Region: site.Region, Hall: h.ID, Cooling: h.Cooling, ITMW: h.ITMW,
				NetUSD: h.NetUSD, Built: h.Build >= 0.5, ServiceYear: year, NPV: npv})
		}
	}
	return out
}

// usd formats dollars in millions or billions, the sign in front:
// "$1.20M", "−$195.00M".
func usd(v float64) string {
	if v < 0 {
		return "−$" + magnitude(-v)
	}
	return "$" + magnitude(v)
}

// magnitude formats a non-negative amount in millions or billions.
func magnitude(v float64) string {
	switch a := math.Abs(v); {
	case a >= 1e9:
		return fixed(v/1e9, 2) + "B"
	case a >= 1e6:
		return fixed(v/1e6, 2) + "M"
	default:
		return thousands(v)
	}
}

// thousands formats v rounded, with thousands separators.
func thousands(v float64) string {
	s := fixed(math.Abs(v), 0)
	var b strings.Builder
	if v < 0 && s != "0" {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ReadYearly reads yearly.parquet (nil when the directory has none).
func ReadYearly(dir string) ([]report.YearlyRow, error) {
	path := filepath.Join(dir, "yearly.parquet")
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	rows, err := parquet.Read[report.YearlyRow](f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

// Write builds the report of a results directory and writes it to w.
func Write(ctx context.Context, w io.Writer, dir string, opt Options) error {
	d, err := Load(ctx, dir, opt)
	if err != nil {
		return err
	}
	yearly, err := ReadYearly(dir)
	if err != nil {
		return err
	}
	p, err := Build(d, yearly)
	if err != nil {
		return err
	}
	return Render(w, p)
}

// Render writes the page as one self-contained HTML document.
func Render(w io.Writer, p *Page) error {
	return pageTemplate().Execute(w, p)
}

// pageTemplate parses the page template (html/template escapes every
// value; only the charts' SVG, which vgsvg escapes, is inserted as is).
func pageTemplate() *template.Template {
	funcs := template.FuncMap{
		"usd":       usd,
		"thousands": thousands,
		"mw":        func(v float64) string { return fixed(v, 1) },
	}
	return template.Must(template.New("report").Funcs(funcs).Parse(pageHTML + headHTML + figureHTML))
}
