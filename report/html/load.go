package htmlreport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/gridflip/gridflip/grid/localtime"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/report"
)

// MaxSiteCharts bounds the sites drawn one by one (dispatch, heat map,
// price duration): the largest by interconnection, so the page stays
// readable and small; the others are in the Parquet files.
const MaxSiteCharts = 40

// ErrWeek is wrapped by the errors about a dispatch week the run does not
// hold (Options.Week); its text is "--week".
var ErrWeek = errors.New("--week")

// weekHours is the length of the dispatch window.
const weekHours = 7 * 24

// Options configures Load.
type Options struct {
	// Week is the first day of the dispatch week (its date; the week starts
	// at its midnight in the portfolio's market time zone); zero picks the
	// week in which the most curtailments start.
	Week time.Time
}

// Data is what the report draws, read from a results directory.
type Data struct {
	Summary report.Summary
	Hours   []time.Time // the model hours
	Week    int         // index of the dispatch week's first hour
	// WeekLocation is the dispatch week's time zone (weekLocation).
	WeekLocation *time.Location
	// Sites are the sites drawn one by one (at most MaxSiteCharts), in
	// the case's order; Omitted counts the others.
	Sites   []SiteSeries
	Omitted int
	Grid    []ScopeSeries
}

// SiteSeries is one site's hourly figures the charts need.
type SiteSeries struct {
	ID, Region, Node string
	// The dispatch week: mined, available and AI IT MW per hour.
	WeekMining, WeekAvailable, WeekAI []float64
	// HeatYear is the calendar year of the heat map; Heat[d][h] the IT MW
	// mined on day d (0 = 1 January) at hour h, both in Location, NaN for
	// hours outside the model (and a DST day's missing hour).
	HeatYear int
	Heat     [][]float64
	// Location is the site's market time zone (siteLocation).
	Location *time.Location
	// Prices and Curtailed cover every model hour.
	Prices    []float64
	Curtailed []bool
}

// ScopeSeries is one region's (or the portfolio's) hourly load.
type ScopeSeries struct {
	Scope         string
	Before, After []float64
	Stress        []bool
}

// Load reads a results directory: summary.json, hourly.parquet and
// grid.parquet (as plan --out writes them). It checks ctx between row
// batches.
func Load(ctx context.Context, dir string, opt Options) (*Data, error) {
	d := &Data{}
	if err := readJSON(ctx, dir, "summary.json", &d.Summary); err != nil {
		return nil, err
	}
	cleanText(&d.Summary)
	drawn, omitted := drawnSites(d.Summary.Sites)
	d.Omitted = omitted
	pass1, err := scanHourly(ctx, dir, d.Summary.Sites, drawn)
	if err != nil {
		return nil, err
	}
	d.Hours = pass1.hours
	d.WeekLocation = weekLocation(d.Summary.Sites)
	d.Week, err = chooseWeek(pass1.hours, pass1.curtailStartsPerHour, opt.Week, d.WeekLocation)
	if err != nil {
		return nil, err
	}
	d.Sites = pass1.sites
	if err := fillWeeks(ctx, dir, d); err != nil {
		return nil, err
	}
	if d.Grid, err = readGrid(ctx, dir, len(d.Hours)); err != nil {
		return nil, err
	}
	for i := range d.Grid {
		d.Grid[i].Scope = report.Clean(d.Grid[i].Scope)
	}
	return d, nil
}

// cleanText escapes control characters in the case's free text (the
// name, notes, regions, nodes, gap sources) as the text report does:
// html/template escapes markup but passes a BEL or an ESC through, and
// XML (the SVG) forbids them. Ids are restricted by the schema already.
func cleanText(s *report.Summary) {
	s.Case = report.Clean(s.Case)
	for i := range s.Notes {
		s.Notes[i] = report.Clean(s.Notes[i])
	}
	for i := range s.Sites {
		s.Sites[i].Region, s.Sites[i].Node = report.Clean(s.Sites[i].Region), report.Clean(s.Sites[i].Node)
	}
	for i := range s.Gap {
		s.Gap[i].ID, s.Gap[i].Source = report.Clean(s.Gap[i].ID), report.Clean(s.Gap[i].Source)
	}
	for i := range s.GridImpact {
		s.GridImpact[i].Scope = report.Clean(s.GridImpact[i].Scope)
	}
}

// readJSON decodes the JSON file name of the results set dir, at most
// input.MaxSummaryBytes. A file that is not JSON is named as such, its
// bytes never quoted.
func readJSON(ctx context.Context, dir, name string, v any) error {
	f, err := input.OpenInSet(ctx, dir, name, input.MaxSummaryBytes)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := json.NewDecoder(f).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", f.Name, jsonError(err))
	}
	return nil
}

// jsonError words a JSON decoding error without the file's bytes: the
// decoder's syntax errors quote the offending character, which may be
// anything when the file is not JSON at all.
func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("not valid JSON (at byte %d): not a summary plan --out wrote", se.Offset)
	case errors.As(err, &te):
		return fmt.Errorf("field %s holds a JSON %s, not a %s (at byte %d)", input.Token(te.Field), te.Value, te.Type, te.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("ends before its JSON does: empty or truncated")
	}
	return err
}

// drawnSites picks the sites drawn one by one: all of them up to
// MaxSiteCharts, else the largest by interconnection.
func drawnSites(sites []report.SiteJSON) (map[string]bool, int) {
	order := make([]int, len(sites))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return sites[order[a]].InterconnectMW > sites[order[b]].InterconnectMW })
	drawn := map[string]bool{}
	for _, i := range order[:min(len(order), MaxSiteCharts)] {
		drawn[sites[i].ID] = true
	}
	return drawn, len(sites) - len(drawn)
}

// scan1 is the first pass's result.
type scan1 struct {
	hours                []time.Time
	curtailStartsPerHour []int32
	sites                []SiteSeries
}

// scanHourly reads the model hours, the curtailed site-hours per hour and
// the drawn sites' prices and curtailed hours. Rows come site by site, each
// site's hours in order (as report writes them).
func scanHourly(ctx context.Context, dir string, sites []report.SiteJSON, drawn map[string]bool) (*scan1, error) {
	path := filepath.Join(dir, "hourly.parquet")
	out := &scan1{}
	index := map[string]int{}
	current, t, seen := "", 0, 0
	previous := false // the site's previous hour was curtailed
	sameLength := func() error {
		if seen > 1 && t != len(out.hours) {
			return fmt.Errorf("%s: site %q has %d hours, the first site %d", path, current, t, len(out.hours))
		}
		return nil
	}
	err := eachHourlyBatch(ctx, dir, func(rows []report.HourlyRow) error {
		for _, r := range rows {
			if seen == 0 || r.Site != current {
				if err := sameLength(); err != nil {
					return err
				}
				current, t = r.Site, 0
				seen++
				if drawn[r.Site] {
					index[r.Site] = len(out.sites)
					out.sites = append(out.sites, SiteSeries{ID: r.Site})
				}
			}
			switch {
			case seen == 1:
				out.hours = append(out.hours, r.Timestamp.UTC())
				out.curtailStartsPerHour = append(out.curtailStartsPerHour, 0)
			case t >= len(out.hours) || !r.Timestamp.Equal(out.hours[t]):
				return fmt.Errorf("%s: site %q hour %d is %s, not the first site's", path, r.Site, t, r.Timestamp.UTC().Format(time.RFC3339))
			}
			curtailed := optimize.Curtailed(r.MiningITMW, r.AvailableMiningITMW)
			if curtailed && (t == 0 || !previous) {
				out.curtailStartsPerHour[t]++ // a curtailment starts
			}
			previous = curtailed
			if i, ok := index[r.Site]; ok {
				s := &out.sites[i]
				s.Prices = append(s.Prices, r.PriceUSDPerMWh)
				s.Curtailed = append(s.Curtailed, curtailed)
			}
			t++
		}
		return nil
	})
	if err == nil {
		err = sameLength()
	}
	if err != nil {
		return nil, err
	}
	if len(out.hours) == 0 {
		return nil, fmt.Errorf("%s: no hourly rows", path)
	}
	for i := range out.sites {
		for _, s := range sites {
			if s.ID == out.sites[i].ID {
				out.sites[i].Region, out.sites[i].Node = s.Region, s.Node
			}
		}
	}
	return out, nil
}

// chooseWeek returns the first hour of the dispatch week: the run's first
// hour on the given day's date in loc (its midnight unless the run starts
// later that day), or the 168 hours starting at a local midnight in
// which the most
// curtailments start (a site stopping miners it had running; the first
// such week; the first hours when the run is shorter than a week). Starts,
// not curtailed hours: a week with every miner off all week (summer after
// a halving) has the most curtailed hours and shows nothing.
func chooseWeek(hours []time.Time, curtailed []int32, day time.Time, loc *time.Location) (int, error) {
	if !day.IsZero() {
		for i, h := range hours {
			if y, m, dd := h.In(loc).Date(); y == day.Year() && m == day.Month() && dd == day.Day() {
				if i+weekHours > len(hours) {
					return 0, fmt.Errorf("%w %s: the run ends %s, before the week does", ErrWeek, day.Format(time.DateOnly), hours[len(hours)-1].Format(time.RFC3339))
				}
				return i, nil
			}
		}
		return 0, fmt.Errorf("%w %s is not in the run's hours (%s to %s)", ErrWeek, day.Format(time.DateOnly),
			hours[0].Format(time.RFC3339), hours[len(hours)-1].Format(time.RFC3339))
	}
	if len(hours) <= weekHours {
		return 0, nil
	}
	var window int64
	for t := range weekHours {
		window += int64(curtailed[t])
	}
	best, bestAt := int64(-1), 0
	for start := 0; start+weekHours <= len(hours); start++ {
		if start > 0 {
			window += int64(curtailed[start+weekHours-1]) - int64(curtailed[start-1])
		}
		if hours[start].In(loc).Hour() == 0 && window > best {
			best, bestAt = window, start
		}
	}
	return bestAt, nil
}

// siteLocation is the time zone a site's calendar charts (the heat map's
// hours and months, the dispatch week) are drawn in: the one place to read
// it. It is the site's market time zone from summary.json (docs/model.md,
// "Time"), UTC when the site has none or summary.json predates it.
func siteLocation(s report.SiteJSON) *time.Location {
	if s.TimeZone == "" {
		return time.UTC
	}
	loc, err := localtime.Load(s.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// weekLocation is the time zone of the portfolio's dispatch week: the zone
// most of its sites keep (the first such in summary order on a tie), so the
// week starts at their local midnight.
func weekLocation(sites []report.SiteJSON) *time.Location {
	count := map[string]int{}
	best, bestN := "", 0
	for _, s := range sites {
		count[s.TimeZone]++
		if n := count[s.TimeZone]; n > bestN {
			best, bestN = s.TimeZone, n
		}
	}
	return siteLocation(report.SiteJSON{TimeZone: best})
}

// fillWeeks reads the drawn sites' dispatch week and heat-map year.
func fillWeeks(ctx context.Context, dir string, d *Data) error {
	index := map[string]int{}
	for i, s := range d.Sites {
		index[s.ID] = i
	}
	for i := range d.Sites {
		s := &d.Sites[i]
		s.Location = time.UTC
		for _, sj := range d.Summary.Sites {
			if sj.ID == s.ID {
				s.Location = siteLocation(sj)
			}
		}
		heatYear := d.Hours[d.Week].In(s.Location).Year()
		s.HeatYear = heatYear
		days := time.Date(heatYear+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(time.Date(heatYear, 1, 1, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour)
		s.Heat = make([][]float64, days)
		for day := range s.Heat {
			s.Heat[day] = make([]float64, 24)
			for h := range s.Heat[day] {
				s.Heat[day][h] = math.NaN()
			}
		}
	}
	current, t := "", 0
	return eachHourlyBatch(ctx, dir, func(rows []report.HourlyRow) error {
		for _, r := range rows {
			if r.Site != current {
				current, t = r.Site, 0
			}
			if i, ok := index[r.Site]; ok {
				s := &d.Sites[i]
				if t >= d.Week && t < d.Week+weekHours {
					s.WeekMining = append(s.WeekMining, r.MiningITMW)
					s.WeekAvailable = append(s.WeekAvailable, r.AvailableMiningITMW)
					s.WeekAI = append(s.WeekAI, r.AIITMW)
				}
				if ts := r.Timestamp.In(s.Location); ts.Year() == s.HeatYear {
					s.Heat[ts.YearDay()-1][ts.Hour()] = r.MiningITMW
				}
			}
			t++
		}
		return nil
	})
}

// readGrid reads grid.parquet: each scope's hours in order.
func readGrid(ctx context.Context, dir string, hours int) ([]ScopeSeries, error) {
	f, err := input.OpenInSet(ctx, dir, "grid.parquet", input.MaxParquetBytes)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	path := f.Name
	pf, err := openParquet(ctx, f)
	if err != nil {
		return nil, err
	}
	r := parquet.NewGenericReader[report.GridRow](pf)
	defer r.Close()
	var out []ScopeSeries
	buf := make([]report.GridRow, 8192)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := r.Read(buf)
		for _, row := range buf[:n] {
			if len(out) == 0 || out[len(out)-1].Scope != row.Region {
				out = append(out, ScopeSeries{Scope: row.Region, Before: make([]float64, 0, hours), After: make([]float64, 0, hours), Stress: make([]bool, 0, hours)})
			}
			s := &out[len(out)-1]
			s.Before = append(s.Before, row.BeforeMW)
			s.After = append(s.After, row.AfterMW)
			s.Stress = append(s.Stress, row.StressHour)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	for _, s := range out {
		if len(s.After) != hours {
			return nil, fmt.Errorf("%s: scope %q has %d hours, hourly.parquet %d", path, s.Scope, len(s.After), hours)
		}
	}
	return out, nil
}
