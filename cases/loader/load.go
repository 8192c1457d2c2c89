// Package loader reads a case — the TOML file and the CSV series it names —
// into optimize.Inputs, from disk or from the bundled cases (package
// cases). Files on disk and embedded ones are read the same way, through
// input.Opener: regular files only, within size and line limits, stopping
// when the context is cancelled.
package loader

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gridflip/gridflip/cases"
	"github.com/gridflip/gridflip/cases/headroom"
	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/grid/localtime"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// HashpriceColumn is the column read from a hashprice CSV that has more than
// one value column.
const HashpriceColumn = "hashprice_usd_per_ph_day"

// Temperature bounds (°C): a value outside is a unit or data error.
const (
	MinTemperatureC = -60.0
	MaxTemperatureC = 70.0
)

// Options say how a case is read.
type Options struct {
	// Limits bound each input file (zero fields: input.DefaultLimits).
	Limits input.Limits
	// Log records every file read, with its hash (nil: not recorded).
	Log *input.Log
}

// Load reads the case file at casePath (a TOML file on disk) and the CSV
// files it names, relative to its directory.
func Load(ctx context.Context, casePath string, opts Options) (*optimize.Inputs, error) {
	o := input.Dir(ctx, filepath.Dir(casePath), opts.Limits, opts.Log)
	return load(o, filepath.Base(casePath))
}

// LoadBundled loads a bundled case by name (see cases.Bundled), e.g. "default".
func LoadBundled(ctx context.Context, name string, opts Options) (*optimize.Inputs, error) {
	if !cases.IsBundled(name) {
		return nil, fmt.Errorf("no bundled case %q (have: %s)", name, strings.Join(cases.Bundled(), ", "))
	}
	return load(input.Embedded(ctx, cases.FS(), name, opts.Limits, opts.Log), "case.toml")
}

// load decodes and validates the case, reads its series and aligns them to
// the model hours. Every error names the file (and line, site, field where
// there is one).
func load(o *input.Opener, caseName string) (*optimize.Inputs, error) {
	c, err := sites.Load(o, caseName)
	if err != nil {
		return nil, err
	}
	return loadDecoded(o, c)
}

// Files are a scenario's own series, in place of the case's: paths
// absolute or relative to the case's directory ("" keeps the case's).
type Files struct {
	Prices    string // grid.prices
	Hashprice string // market.hashprice: replaces any hashprice source
	BTCPrice  string // market.btc_price: replaces the BTC price of the fundamentals
	// Places say where each file is named ("grid.prices",
	// "market.hashprice", "market.btc_price" → a scenarios file's line),
	// so that a problem with it is reported there, not at the case's key.
	Places map[string]sites.KeyPlace
}

// LoadScenario reads a case again, with a scenario's own files in place
// of its series; the case must have been read from disk (Load).
func LoadScenario(ctx context.Context, c *sites.Case, f Files, opts Options) (*optimize.Inputs, error) {
	o := input.Dir(ctx, filepath.Dir(c.File), opts.Limits, opts.Log)
	cs := *c
	for key, p := range f.Places {
		cs.PlaceKey(key, p)
	}
	if f.Prices != "" {
		cs.Grid.Prices = f.Prices
	}
	if f.Hashprice != "" {
		cs.Market.Hashprice, cs.Market.HashpriceUSDPerPHDay = f.Hashprice, nil
	}
	if f.BTCPrice != "" {
		if cs.Market.NetworkHashrateEHs == nil || cs.Market.Hashprice != "" || cs.Market.HashpriceUSDPerPHDay != nil {
			return nil, sites.Issues{c.KeyIssue("market", "a scenario's btc_price needs the case's hashprice from fundamentals (btc_price_usd or btc_price with network_hashrate_eh_s)")}
		}
		cs.Market.BTCPrice, cs.Market.BTCPriceUSD = f.BTCPrice, nil
	}
	return loadDecoded(o, &cs)
}

// loadDecoded reads a decoded case's series and checks what depends on
// the run's hours.
func loadDecoded(o *input.Opener, c *sites.Case) (*optimize.Inputs, error) {
	if problems := headroom.CheckCase(c); len(problems) > 0 {
		return nil, problems
	}
	in, err := loadSeries(o, c)
	if err != nil {
		return nil, err
	}
	if err := checkContracts(c, in.Hours); err != nil {
		return nil, err
	}
	in.Notes = append(in.Notes, zoneNotes(c)...)
	return in, nil
}

// zoneNotes names the sites whose region has no known market zone and no
// time_zone: their calendar runs in UTC (grid/localtime).
func zoneNotes(c *sites.Case) []string {
	var out []string
	for i := range c.Sites {
		if s := &c.Sites[i]; !s.KnownZone() {
			out = append(out, fmt.Sprintf("site %q: region %q has no known market time zone; its contract months and local calendar are UTC (set time_zone to its market's IANA zone)", s.ID, s.Region))
		}
	}
	return out
}

// checkContracts refuses a contract whose term lies wholly outside the
// run's hours: it would settle nothing, which is a wrong date, not a plan.
func checkContracts(c *sites.Case, hours []time.Time) error {
	if len(hours) == 0 {
		return nil
	}
	first, end := hours[0], hours[len(hours)-1].Add(time.Hour)
	const layout = "2006-01-02T15:04Z07:00"
	var problems sites.Issues
	for i, s := range c.Sites {
		for j, k := range s.Contracts {
			if k.End.After(first) && k.Start.Before(end) {
				continue
			}
			loc := s.Location()
			problems = append(problems, c.SiteIssue(i, fmt.Sprintf("contract.%d.start", j),
				"contract %q: %s to %s (the site's time, %s) lies wholly outside the run's hours (%s to %s): it would settle nothing",
				k.ID, k.Start.In(loc).Format(layout), k.End.In(loc).Format(layout), loc, first.Format(layout), hours[len(hours)-1].Format(layout)))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return problems
}

// loadSeries reads a decoded case's series.
func loadSeries(o *input.Opener, c *sites.Case) (*optimize.Inputs, error) {
	if c.Horizon != nil {
		return loadHorizon(c, o)
	}
	in, err := loadPrices(c, o)
	if err != nil {
		return nil, err
	}
	if err := loadGridSide(c, o, in); err != nil {
		return nil, err
	}
	if in.HashpriceUSDPerPHDay, err = hashprice(c, o, in.Hours); err != nil {
		return nil, err
	}
	if in.StressHours, err = stressHours(c, o, in.Hours); err != nil {
		return nil, err
	}
	if err := checkFlexibility(c, in); err != nil {
		return nil, err
	}
	if err := in.Check(); err != nil {
		return nil, err
	}
	return in, nil
}

// loadPrices reads the real-time prices, which define the model hours (a
// window of them with grid.start and grid.hours), and the day-ahead prices
// of the sites that settle on them.
func loadPrices(c *sites.Case, o *input.Opener) (*optimize.Inputs, error) {
	rt, err := readPrices(c, o, c.Grid.Prices, "grid.prices", sites.SettlementRealTime)
	if err != nil {
		return nil, err
	}
	hours, first, err := window(c, rt, c.Grid)
	if err != nil {
		return nil, err
	}
	in := &optimize.Inputs{Case: c, Hours: hours}
	if err := sitePrices(c, o, in, rt, first); err != nil {
		return nil, err
	}
	return in, nil
}

// sitePrices gives every site its prices over in.Hours, which start at
// row first of the real-time prices rt: a slice of rt for real-time
// sites, the day-ahead file aligned to the hours for the others.
func sitePrices(c *sites.Case, o *input.Opener, in *optimize.Inputs, rt *grid.Series, first int) error {
	g := c.Grid
	hours := in.Hours
	notes := func(s *grid.Series) {
		if s.AveragedFrom > 0 {
			in.Notes = append(in.Notes, fmt.Sprintf("%s: %s rows averaged to hours", s.File, s.AveragedFrom))
		}
	}
	notes(rt)
	var da *grid.Series
	var err error
	if g.DayAheadPrices != "" {
		if da, err = readPrices(c, o, g.DayAheadPrices, "grid.day_ahead_prices", sites.SettlementDayAhead); err != nil {
			return err
		}
		notes(da)
	}
	var problems sites.Issues
	daAligned := map[string][]float64{}
	for s := range c.Sites {
		site := &c.Sites[s]
		if site.Settlement != sites.SettlementDayAhead {
			col, _ := rt.Column(site.Node)
			in.SitePriceUSDPerMWh = append(in.SitePriceUSDPerMWh, col[first:first+len(hours)])
			continue
		}
		if da == nil {
			problems = append(problems, c.SiteIssue(s, "settlement", `settlement = "day_ahead" needs grid.day_ahead_prices`))
			continue
		}
		aligned, ok := daAligned[site.Node]
		if !ok {
			col, _ := da.Column(site.Node)
			if aligned, err = grid.AlignToHours(da.File, da.Times, da.Step, col, hours); err != nil {
				problems = append(problems, c.KeyIssue("grid.day_ahead_prices", "%v", err))
				continue
			}
			daAligned[site.Node] = aligned
		}
		in.SitePriceUSDPerMWh = append(in.SitePriceUSDPerMWh, aligned)
	}
	if len(problems) > 0 {
		return problems
	}
	return nil
}

// loadGridSide reads the reserve prices, temperatures and coincident
// peaks the case names.
func loadGridSide(c *sites.Case, o *input.Opener, in *optimize.Inputs) error {
	g := c.Grid
	var err error
	if g.ReservePrices != "" {
		in.SiteReservePriceUSDPerMWh, err = perSiteSeries(c, o, g.ReservePrices, "grid.reserve_prices", in.Hours,
			func(site *sites.Site) []string { return []string{site.Node, site.Region} },
			valueRange{lo: 0, hi: maxReservePrice, what: "reserve price (USD per MW-h)"})
		if err != nil {
			return err
		}
	}
	if g.Temperatures != "" {
		in.SiteTemperatureC, err = perSiteSeries(c, o, g.Temperatures, "grid.temperatures", in.Hours,
			func(site *sites.Site) []string {
				if site.Temperature != "" {
					return []string{site.Temperature}
				}
				return []string{site.Node, site.Region, site.ID}
			},
			valueRange{lo: MinTemperatureC, hi: MaxTemperatureC, what: "temperature (°C)"})
		if err != nil {
			return err
		}
	}
	if cp := g.CoincidentPeak; cp != nil {
		loc, note := peakZone(c)
		if in.CoincidentPeakHours, err = coincidentPeakHours(c, o, cp, in.Hours, loc); err != nil {
			return err
		}
		if note != "" && len(cp.Intervals) == 0 {
			in.Notes = append(in.Notes, note)
		}
		in.CoincidentPeakRateUSDPerMWYear = cp.RateUSDPerMWYear
	}
	return nil
}

// Physical bounds on series values (a value outside is a unit or data error).
const (
	maxPrice          = 1e6 // USD/MWh: ERCOT's cap is 5,000; far beyond is a unit error
	maxReservePrice   = 1e6 // USD per MW-h
	maxHashpriceValue = 1e5 // USD per PH/s per day: the all-time high is below 2,000
)

// valueRange bounds the values of a series.
type valueRange struct {
	lo, hi float64
	what   string
}

// check returns an error at the file and line of the first value of col
// outside the range.
func (r valueRange) check(s *grid.Series, column string, col []float64) error {
	for i, v := range col {
		if v < r.lo || v > r.hi {
			return &grid.LineError{File: s.File, Line: s.LineOf(i), Column: column,
				Msg: fmt.Sprintf("%s %g is outside [%g, %g]", r.what, v, r.lo, r.hi)}
		}
	}
	return nil
}

// readPrices reads a price file keeping only the node columns its sites
// use (other columns, as in ISO exports, are ignored); a missing node is
// reported at the site's node field.
func readPrices(c *sites.Case, o *input.Opener, name, key string, settlement sites.Settlement) (*grid.Series, error) {
	var want []string
	s, err := grid.LoadHourlyChosen(o, name, func(header []string) ([]string, error) {
		have := map[string]bool{}
		for _, h := range header {
			have[h] = true
		}
		var problems sites.Issues
		seen := map[string]bool{}
		for s := range c.Sites {
			site := &c.Sites[s]
			if site.Settlement != settlement {
				continue
			}
			if !have[site.Node] {
				problems = append(problems, c.SiteIssue(s, "node", "node %q is not a column of %s (columns: %s)",
					site.Node, name, listColumns(header)))
				continue
			}
			if !seen[site.Node] {
				seen[site.Node] = true
				want = append(want, site.Node)
			}
		}
		if len(problems) > 0 {
			return nil, problems
		}
		if len(want) == 0 {
			want = header[:1]
		}
		return want, nil
	})
	if err != nil {
		return nil, keyError(c, key, err)
	}
	for _, node := range want {
		col, _ := s.Column(node)
		if err := (valueRange{lo: -maxPrice, hi: maxPrice, what: "price (USD/MWh)"}).check(s, node, col); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// keyError locates a file that could not be opened at the key naming it;
// errors with a file and line of their own pass through.
func keyError(c *sites.Case, key string, err error) error {
	var le *grid.LineError
	var is sites.Issues
	if errors.As(err, &le) || errors.As(err, &is) || errors.Is(err, input.ErrLimit) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return sites.Issues{c.KeyIssue(key, "%v", err)}
}

// listColumns lists header names for a message, at most ten of them.
func listColumns(names []string) string {
	if len(names) <= 10 {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:10], ", ") + fmt.Sprintf(" and %d more", len(names)-10)
}

// window picks the model hours out of the price series: from grid.start (or
// the first row) for grid.hours (or to the last row). first is the index of
// the first model hour in the series.
func window(c *sites.Case, s *grid.Series, g sites.GridSpec) (hours []time.Time, first int, err error) {
	if !g.Start.IsZero() {
		i := sort.Search(len(s.Times), func(j int) bool { return !s.Times[j].Before(g.Start) })
		if i == len(s.Times) || !s.Times[i].Equal(g.Start) {
			return nil, 0, sites.Issues{c.KeyIssue("grid.start", "start %s is not an hour of %s (it covers %s to %s)", g.Start.Format(time.RFC3339), s.File,
				s.Times[0].Format(time.RFC3339), s.Times[len(s.Times)-1].Format(time.RFC3339))}
		}
		first = i
	}
	n := len(s.Times) - first
	if g.Hours > 0 {
		if g.Hours > n {
			return nil, 0, sites.Issues{c.KeyIssue("grid.hours", "hours = %d from %s runs past the end of %s (%d hours available)", g.Hours, s.Times[first].Format(time.RFC3339), s.File, n)}
		}
		n = g.Hours
	}
	return s.Times[first : first+n], first, nil
}

// perSiteSeries reads an hourly series with one column per node, region or
// site and gives each site the first of its candidate columns present,
// aligned to the model hours; every value used must lie in r.
func perSiteSeries(c *sites.Case, o *input.Opener, name, key string, hours []time.Time,
	candidates func(*sites.Site) []string, r valueRange) ([][]float64, error) {
	s, err := grid.LoadHourlyChosen(o, name, func(header []string) ([]string, error) { return header, nil })
	if err != nil {
		return nil, keyError(c, key, err)
	}
	out := make([][]float64, len(c.Sites))
	aligned := map[string][]float64{} // per column: sites that share it share the slice
	checked := map[string]bool{}
	var problems sites.Issues
	for i := range c.Sites {
		site := &c.Sites[i]
		cands := candidates(site)
		var col []float64
		var column string
		for _, cand := range cands {
			if v, ok := s.Column(cand); ok {
				col, column = v, cand
				break
			}
		}
		if col == nil {
			problems = append(problems, c.SiteIssue(i, "node", "%s has no column for this site (looked for %s; columns: %s)",
				s.File, strings.Join(cands, ", "), listColumns(s.Columns)))
			continue
		}
		if !checked[column] {
			checked[column] = true
			if err := r.check(s, column, col); err != nil {
				return nil, err
			}
		}
		if a, ok := aligned[column]; ok {
			out[i] = a
			continue
		}
		a, err := grid.AlignToHours(s.File, s.Times, s.Step, col, hours)
		if err != nil {
			return nil, sites.Issues{c.KeyIssue(key, "%v", err)}
		}
		aligned[column], out[i] = a, a
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return out, nil
}

// peakZone is the zone whose local months the coincident-peak months are
// (grid/localtime): the sites' zone, as the peaks are one market's; when
// the sites' zones differ, the first site's, with a note saying so.
func peakZone(c *sites.Case) (*time.Location, string) {
	if len(c.Sites) == 0 {
		return time.UTC, ""
	}
	first := c.Sites[0].Zone()
	for i := range c.Sites {
		if z := c.Sites[i].Zone(); z != first {
			return c.Sites[0].Location(), fmt.Sprintf("grid.coincident_peak: the sites are in more than one time zone (%s, %s); the peak months are local months of %s, the first site's",
				first, z, first)
		}
	}
	return c.Sites[0].Location(), ""
}

// coincidentPeakHours returns the model-hour indices of the coincident-peak
// intervals: the listed ones, or each listed month's peak hour of the
// system-load series, months local in zone loc.
func coincidentPeakHours(c *sites.Case, o *input.Opener, cp *sites.CoincidentPeakSpec, hours []time.Time, loc *time.Location) ([]int, error) {
	index := make(map[time.Time]int, len(hours))
	for i, h := range hours {
		index[h] = i
	}
	var out []int
	if len(cp.Intervals) > 0 {
		for _, t := range cp.Intervals {
			i, ok := index[t]
			if !ok {
				return nil, sites.Issues{c.KeyIssue("grid.coincident_peak.intervals", "interval %s is not a model hour (%s to %s)",
					t.Format(time.RFC3339), hours[0].Format(time.RFC3339), hours[len(hours)-1].Format(time.RFC3339))}
			}
			out = append(out, i)
		}
		sort.Ints(out)
		return out, nil
	}
	s, err := grid.LoadSeries(o, cp.SystemLoad)
	if err != nil {
		return nil, keyError(c, "grid.coincident_peak.system_load", err)
	}
	if len(s.Columns) != 1 || s.Step != time.Hour {
		return nil, sites.Issues{c.KeyIssue("grid.coincident_peak.system_load",
			"%s must be hourly with one value column (system load, MW); it has %d columns, step %s", s.File, len(s.Columns), s.Step)}
	}
	months := map[time.Month]bool{}
	for _, m := range cp.Months {
		months[time.Month(m)] = true
	}
	type peak struct {
		hour int
		load float64
	}
	best := map[int]peak{}
	for k, t := range s.Times {
		i, ok := index[t]
		if !ok {
			continue
		}
		if _, m := localtime.Month(t, loc); !months[m] {
			continue
		}
		key := localtime.MonthIndex(t, loc)
		if p, seen := best[key]; !seen || s.Values[0][k] > p.load {
			best[key] = peak{i, s.Values[0][k]}
		}
	}
	if len(best) == 0 {
		return nil, sites.Issues{c.KeyIssue("grid.coincident_peak.months", "no model hour of %s falls in months %v (local months of %s)", s.File, cp.Months, loc)}
	}
	for _, p := range best {
		out = append(out, p.hour)
	}
	sort.Ints(out)
	return out, nil
}
