package htmlreport

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/report"
)

// Page is the report's content, ready for the template.
type Page struct {
	Title     string
	Generated string
	Notes     []string
	Headline  []string // the plan in a few sentences, read from summary.json
	// ValueCards open the page (plan value, keeping the miners, uplift);
	// FinanceCards are the portfolio's pro forma; Cards the plan's size;
	// RiskCards a stochastic plan's risk figures.
	ValueCards, FinanceCards, Cards, RiskCards []Card
	// FirmWhy explains firm MW above the load in stress hours.
	FirmWhy     string
	Assumptions []Row
	Deals       []DealView
	Stochastic  bool
	Plan        []SitePlanRow
	GapSentence string
	Gap         Figure
	Regions     []Figure
	Sites       []SiteSection
	Omitted     int
	Portfolio   Figure // the portfolio's streams
	Timeline    *Figure
	Cashflow    *Figure
	JCurve      *Figure // the portfolio's pro forma year by year
	Outcomes    *Figure
	Tornado     *Figure
	// GridHeadroom is the balancing areas' headroom before and after the
	// plan (nil without it).
	GridHeadroom *GridHeadroom
}

// Card is one headline figure; Key is its path in summary.json and Raw
// its value there as JSON (empty Key: not from summary.json).
type Card struct {
	ID, Label, Value, Detail string
	Key, Raw                 string
}

// SitePlanRow is one hall of the plan table.
type SitePlanRow struct {
	Site, Region, Hall, Cooling string
	ITMW, NetUSD                float64
	Built                       bool
	ServiceYear                 string
	NPV                         string // the hall's NPV as a project (its pro forma), when there is one
	// Why explains a value to the plan and an NPV of opposite signs; Now
	// marks, in a stochastic plan, a hall built now for every scenario.
	Why string
	Now bool
	// Value is the hall's value to the plan when built; for a hall not
	// built, what building it would change (summary's value_if_built_usd)
	// or why it cannot be.
	Value string
}

// SiteSection is one site's charts.
type SiteSection struct {
	ID, Anchor, Region, Node string
	Why                      string // the site's AI MW against the halls it builds
	Dispatch, Heat, Duration Figure
	Streams                  Figure
}

// Build turns loaded data into a page. yearly may be nil (no horizon).
// It checks ctx before each region's and each site's charts (tens of
// milliseconds) and returns ctx.Err() once it is cancelled.
func Build(ctx context.Context, d *Data, yearly []report.YearlyRow) (*Page, error) {
	s := &d.Summary
	p := &Page{Title: "gridflip: " + s.Case, Notes: s.Notes, Omitted: d.Omitted,
		Generated: fmt.Sprintf("%d hours from %s; %s, %s", s.Hours, s.Start.UTC().Format("2006-01-02 15:04 UTC"), s.Status, s.Method)}
	p.ValueCards, p.FinanceCards, p.Cards, p.RiskCards = valueCards(s), financeCards(s), otherCards(s), riskCards(s)
	p.Headline, p.FirmWhy = headline(s), firmWhy(s)
	p.Assumptions, p.Deals = assumptionRows(s), dealViews(s)
	p.Stochastic = s.Risk != nil
	p.Plan = planRows(s)
	p.GridHeadroom = gridHeadroom(s)
	p.GapSentence = gapSentence(s)
	var err error
	years := chosenYears(d.Hours)
	if p.Gap, err = gapShareFigure(s.Gap, "chart-gap"); err != nil {
		return nil, err
	}
	for i := range d.Grid {
		if len(d.Grid) == 2 && d.Grid[i].Scope == impact.PortfolioScope {
			continue // one region: the portfolio's curve is the region's
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		f, err := loadDurationFigure(&d.Grid[i], safeID("chart-ldc-", i, d.Grid[i].Scope), years)
		if err != nil {
			return nil, err
		}
		p.Regions = append(p.Regions, f)
	}
	streams := map[string]report.StreamsJSON{}
	for _, site := range s.Sites {
		streams[site.ID] = site.Streams
	}
	week := localHours(d.Hours[d.Week:d.Week+len(firstWeek(d))], d.WeekLocation)
	for i := range d.Sites {
		site := &d.Sites[i]
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sec := SiteSection{ID: site.ID, Anchor: safeID("site-", i, site.ID), Region: site.Region, Node: site.Node}
		for k := range s.Sites {
			if s.Sites[k].ID == site.ID {
				sec.Why = siteWhy(&s.Sites[k])
			}
		}
		if sec.Dispatch, err = dispatchFigure(site, safeID("chart-dispatch-", i, site.ID), week, site.Prices[d.Week:d.Week+len(week)]); err != nil {
			return nil, err
		}
		if sec.Heat, err = heatFigure(site, safeID("chart-heat-", i, site.ID)); err != nil {
			return nil, err
		}
		if sec.Duration, err = durationFigure(site, safeID("chart-duration-", i, site.ID), years); err != nil {
			return nil, err
		}
		if sec.Streams, err = waterfallFigure(site.ID, streams[site.ID], safeID("chart-streams-", i, site.ID)); err != nil {
			return nil, err
		}
		p.Sites = append(p.Sites, sec)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if p.Portfolio, err = waterfallFigure("Portfolio", s.Portfolio.Streams, "chart-streams-portfolio"); err != nil {
		return nil, err
	}
	if len(s.Years) > 0 {
		f, err := cashflowFigure(s.Years, "chart-cashflow")
		if err != nil {
			return nil, err
		}
		p.Cashflow = &f
	}
	if s.Finance != nil && len(s.Finance.Years) > 0 {
		f, err := jcurveFigure(s.Finance.Years, "chart-jcurve")
		if err != nil {
			return nil, err
		}
		p.JCurve = &f
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

func newAIMeter(s *report.Summary) float64 {
	for _, im := range s.GridImpact {
		if im.Scope == "portfolio" {
			return im.NewAIMeterMW
		}
	}
	return 0
}

// headline says what the plan does in a few sentences, every figure read
// from summary.json: what converts and when, what mining keeps, what the
// grid sees in the stress hours, and the gap.
func headline(s *report.Summary) []string {
	pf := s.Portfolio
	var out []string
	if pf.HallsBuilt == 0 {
		out = append(out, fmt.Sprintf("The plan converts no hall: every site keeps mining (%s MW of IT).", thousands(pf.MiningCapacityITMW)))
	} else {
		candidates, sites := 0, 0
		for _, site := range s.Sites {
			candidates += len(site.HallDecisions)
			if len(site.Halls) > 0 {
				sites++
			}
		}
		line := fmt.Sprintf("The plan converts %d of %d candidate halls at %d of %d sites: %s MW of new AI IT load, which reserves %s MW at the sites' points of interconnection, for %s of capex.",
			pf.HallsBuilt, candidates, sites, len(s.Sites), thousands(pf.NewAIITMW), thousands(newAIMeter(s)), usd(pf.NewCapexUSD))
		if years := serviceYears(s); years != "" {
			line += " Halls enter service " + years + "."
		}
		out = append(out, line)
		out = append(out, fmt.Sprintf("Mining keeps %s MW of IT, curtailable.", thousands(pf.MiningCapacityITMW)))
	}
	for _, im := range s.GridImpact {
		if im.Scope == impact.PortfolioScope {
			out = append(out, fmt.Sprintf("In the stress hours (the priciest) the sites draw %s MW on average with the plan, against %s MW without conversion; %s MW of their load is firm.",
				thousands(im.After.StressLoadMW), thousands(im.Before.StressLoadMW), thousands(im.After.FirmMW)))
		}
	}
	if len(s.Gap) > 0 {
		g := s.Gap[0]
		for _, x := range s.Gap {
			if x.GapGW > g.GapGW {
				g = x
			}
		}
		out = append(out, fmt.Sprintf("That closes %s GW of the US data-center power gap: %s%% of the %s GW reference (%s).",
			fixed(g.ClosedGW, 2), fixed(100*g.ClosedFraction, 1), fixed(g.GapGW, 1), g.Source))
	}
	return out
}

// serviceYears lists, with a horizon, how many halls enter service in
// each year ("in 2026 (9), 2027 (9) and 2028 (43)"); empty otherwise.
func serviceYears(s *report.Summary) string {
	count := map[int]int{}
	var years []int
	for _, site := range s.Sites {
		for _, h := range site.HallDecisions {
			if h.Build >= 0.5 && h.ServiceYear != nil {
				if count[*h.ServiceYear] == 0 {
					years = append(years, *h.ServiceYear)
				}
				count[*h.ServiceYear]++
			}
		}
	}
	if len(years) == 0 {
		return ""
	}
	sort.Ints(years)
	parts := make([]string, len(years))
	for i, y := range years {
		parts[i] = fmt.Sprintf("%d (%d)", y, count[y])
	}
	if len(parts) == 1 {
		return "in " + parts[0]
	}
	return "in " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
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
			var npvUSD *float64
			if h.Finance != nil {
				npv, npvUSD = usd(h.Finance.NPVUSD), &h.Finance.NPVUSD
			}
			row := SitePlanRow{Site: site.ID, Region: site.Region, Hall: h.ID, Cooling: h.Cooling, ITMW: h.ITMW,
				NetUSD: h.NetUSD, Built: h.Build >= 0.5, ServiceYear: year, NPV: npv, Now: h.DecidedNow}
			if row.Built {
				row.Why = hallWhy(h.NetUSD, npvUSD)
			}
			switch {
			case row.Built:
				row.Value = usd(h.NetUSD)
			case h.Never != "":
				row.Value = "cannot start in the run"
			case h.ValueIfBuiltUSD != nil && *h.ValueIfBuiltUSD <= 0:
				row.Value = "if built: " + usd(*h.ValueIfBuiltUSD)
			case h.ValueIfBuiltUSD != nil:
				row.Value = "if built: +" + usd(*h.ValueIfBuiltUSD) + " (held back by the cap)"
			}
			out = append(out, row)
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

// magnitude formats a non-negative amount in millions, or billions from
// 1,000 M: every amount on the page in the same form.
func magnitude(v float64) string {
	if math.Abs(v) >= 1e9 {
		return fixed(v/1e9, 2) + "B"
	}
	return fixed(v/1e6, 2) + "M"
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

// ReadYearly reads the results set dir's yearly.parquet (nil when it has
// none), through input.OpenInSet; it stops once ctx is cancelled.
func ReadYearly(ctx context.Context, dir string) ([]report.YearlyRow, error) {
	f, err := input.OpenInSet(ctx, dir, "yearly.parquet", input.MaxParquetBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pf, err := openParquet(ctx, f)
	if err != nil {
		return nil, err
	}
	r := parquet.NewGenericReader[report.YearlyRow](pf)
	defer r.Close()
	var rows []report.YearlyRow
	buf := make([]report.YearlyRow, 1024)
	for {
		n, err := r.Read(buf)
		rows = append(rows, buf[:n]...)
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
}

// Write builds the report of a results directory and writes it to w.
func Write(ctx context.Context, w io.Writer, dir string, opt Options) error {
	d, err := Load(ctx, dir, opt)
	if err != nil {
		return err
	}
	yearly, err := ReadYearly(ctx, dir)
	if err != nil {
		return err
	}
	p, err := Build(ctx, d, yearly)
	if err != nil {
		return err
	}
	return Render(ctx, w, p)
}

// Render writes the page as one self-contained HTML document; it stops
// with ctx.Err() at the first write after ctx is cancelled.
func Render(ctx context.Context, w io.Writer, p *Page) error {
	return pageTemplate().Execute(&contextWriter{ctx: ctx, w: w}, p)
}

// contextWriter is w that fails with ctx.Err() once ctx is cancelled.
type contextWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c *contextWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// pageTemplate parses the page template (html/template escapes every
// value; only the charts' SVG, which vgsvg escapes, is inserted as is).
func pageTemplate() *template.Template {
	funcs := template.FuncMap{
		"usd":       usd,
		"thousands": thousands,
		"mw":        func(v float64) string { return fixed(v, 1) },
	}
	return template.Must(template.New("report").Funcs(funcs).Parse(pageHTML + headHTML + figureHTML + cardsHTML + gridHeadroomHTML))
}

// localHours returns hours on loc's clock (nil loc: as given).
func localHours(hours []time.Time, loc *time.Location) []time.Time {
	if loc == nil {
		return hours
	}
	out := make([]time.Time, len(hours))
	for i, h := range hours {
		out[i] = h.In(loc)
	}
	return out
}
