// Package cases loads a case — the TOML file and the CSV series it names —
// into optimize.Inputs, and carries the bundled cases, one of which is
// embedded as the default.
package cases

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/market"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// DefaultCase is the name of the embedded default case.
const DefaultCase = "default"

// bundled holds the cases shipped in the binary.
//
//go:embed default small
var bundled embed.FS

// HashpriceColumn is the column read from a hashprice CSV that has more than
// one value column.
const HashpriceColumn = "hashprice_usd_per_ph_day"

// opener opens a file named relative to the case file and returns the name
// to use in messages.
type opener func(rel string) (io.ReadCloser, string, error)

// Load reads the case file at path (a TOML file on disk) and the CSV files
// it names, relative to its directory.
func Load(casePath string) (*optimize.Inputs, error) {
	data, err := os.ReadFile(casePath)
	if err != nil {
		return nil, fmt.Errorf("case file: %w", err)
	}
	dir := filepath.Dir(casePath)
	open := func(rel string) (io.ReadCloser, string, error) {
		name := rel
		if !filepath.IsAbs(rel) {
			name = filepath.Join(dir, filepath.FromSlash(rel))
		}
		f, err := os.Open(name)
		return f, name, err
	}
	return load(data, casePath, open)
}

// LoadBundled loads a bundled case by name (see Bundled), e.g. "default".
func LoadBundled(name string) (*optimize.Inputs, error) {
	casePath := path.Join(name, "case.toml")
	data, err := fs.ReadFile(bundled, casePath)
	if err != nil {
		return nil, fmt.Errorf("no bundled case %q (have: %s)", name, strings.Join(Bundled(), ", "))
	}
	open := func(rel string) (io.ReadCloser, string, error) {
		name := path.Join(path.Dir(casePath), rel)
		f, err := bundled.Open(name)
		return f, "(embedded) " + name, err
	}
	return load(data, "(embedded) "+casePath, open)
}

// Bundled lists the names of the bundled cases.
func Bundled() []string {
	entries, _ := fs.ReadDir(bundled, ".")
	var out []string
	for _, e := range entries {
		if _, err := fs.Stat(bundled, path.Join(e.Name(), "case.toml")); err == nil {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// BundledFile returns the bytes of a file of a bundled case, e.g. the TOML.
func BundledFile(name, file string) ([]byte, error) {
	return fs.ReadFile(bundled, path.Join(name, file))
}

// load decodes and validates the case, reads its series and aligns them to
// the model hours. Every error names the file (and line, site, field where
// there is one).
func load(data []byte, display string, open opener) (*optimize.Inputs, error) {
	c, err := sites.Decode(data, display)
	if err != nil {
		return nil, err
	}
	g := c.Grid

	// The real-time (default) price series defines the model hours.
	rt, err := readPrices(c, open, g.Prices, "grid.prices", sites.SettlementRealTime)
	if err != nil {
		return nil, err
	}
	hours, first, err := window(rt, g)
	if err != nil {
		return nil, sites.Issues{c.KeyIssue("grid.start", "%v", err)}
	}
	in := &optimize.Inputs{Case: c, Hours: hours}
	if rt.AveragedFrom > 0 {
		in.Notes = append(in.Notes, fmt.Sprintf("%s: %s rows averaged to hours", rt.File, rt.AveragedFrom))
	}
	var da *grid.Series
	if g.DayAheadPrices != "" {
		if da, err = readPrices(c, open, g.DayAheadPrices, "grid.day_ahead_prices", sites.SettlementDayAhead); err != nil {
			return nil, err
		}
		if da.AveragedFrom > 0 {
			in.Notes = append(in.Notes, fmt.Sprintf("%s: %s rows averaged to hours", da.File, da.AveragedFrom))
		}
	}
	var problems sites.Issues
	for s := range c.Sites {
		site := &c.Sites[s]
		if site.Settlement == sites.SettlementDayAhead {
			if da == nil {
				problems = append(problems, c.SiteIssue(s, "settlement", `settlement = "day_ahead" needs grid.day_ahead_prices`))
				continue
			}
			col, _ := da.Column(site.Node)
			aligned, err := market.AlignToHours(da.File, da.Times, da.Step, col, hours)
			if err != nil {
				problems = append(problems, c.KeyIssue("grid.day_ahead_prices", "%v", err))
				continue
			}
			in.SitePriceUSDPerMWh = append(in.SitePriceUSDPerMWh, aligned)
			continue
		}
		col, _ := rt.Column(site.Node)
		in.SitePriceUSDPerMWh = append(in.SitePriceUSDPerMWh, col[first:first+len(hours)])
	}
	if len(problems) > 0 {
		return nil, problems
	}

	if g.ReservePrices != "" {
		in.SiteReservePriceUSDPerMWh, err = perSiteSeries(c, open, g.ReservePrices, "grid.reserve_prices", hours,
			func(site *sites.Site) []string { return []string{site.Node, site.Region} })
		if err != nil {
			return nil, err
		}
	}
	if g.Temperatures != "" {
		in.SiteTemperatureC, err = perSiteSeries(c, open, g.Temperatures, "grid.temperatures", hours,
			func(site *sites.Site) []string {
				if site.Temperature != "" {
					return []string{site.Temperature}
				}
				return []string{site.Node, site.Region, site.ID}
			})
		if err != nil {
			return nil, err
		}
	}
	if cp := g.CoincidentPeak; cp != nil {
		idx, err := coincidentPeakHours(c, open, cp, hours)
		if err != nil {
			return nil, err
		}
		in.CoincidentPeakHours = idx
		in.CoincidentPeakRateUSDPerMWYear = cp.RateUSDPerMWYear
	}

	hp, err := hashprice(c, open, hours)
	if err != nil {
		return nil, err
	}
	in.HashpriceUSDPerPHDay = hp
	if err := in.Check(); err != nil {
		return nil, err
	}
	return in, nil
}

// readPrices reads a price file keeping only the node columns its sites
// use (other columns, as in ISO exports, are ignored); a missing node is
// reported at the site's node field.
func readPrices(c *sites.Case, open opener, rel, key string, settlement sites.Settlement) (*grid.Series, error) {
	raw, name, err := readAll(open, rel)
	if err != nil {
		return nil, sites.Issues{c.KeyIssue(key, "%s", err)}
	}
	header, err := grid.ReadHeader(bytes.NewReader(raw), name)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, h := range header {
		have[h] = true
	}
	var want []string
	var problems sites.Issues
	seen := map[string]bool{}
	for s := range c.Sites {
		site := &c.Sites[s]
		if site.Settlement != settlement {
			continue
		}
		if !have[site.Node] {
			problems = append(problems, c.SiteIssue(s, "node",
				"node %q is not a column of %s (columns: %s)", site.Node, name, strings.Join(header, ", ")))
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
	return grid.ReadHourlyColumns(bytes.NewReader(raw), name, want)
}

// window picks the model hours out of the price series: from grid.start (or
// the first row) for grid.hours (or to the last row). first is the index of
// the first model hour in the series.
func window(s *grid.Series, g sites.GridSpec) (hours []time.Time, first int, err error) {
	if !g.Start.IsZero() {
		i := sort.Search(len(s.Times), func(j int) bool { return !s.Times[j].Before(g.Start) })
		if i == len(s.Times) || !s.Times[i].Equal(g.Start) {
			return nil, 0, fmt.Errorf("start %s is not an hour of %s (it covers %s to %s)", g.Start.Format(time.RFC3339), s.File,
				s.Times[0].Format(time.RFC3339), s.Times[len(s.Times)-1].Format(time.RFC3339))
		}
		first = i
	}
	n := len(s.Times) - first
	if g.Hours > 0 {
		if g.Hours > n {
			return nil, 0, fmt.Errorf("hours = %d from %s runs past the end of %s (%d hours available)", g.Hours, s.Times[first].Format(time.RFC3339), s.File, n)
		}
		n = g.Hours
	}
	return s.Times[first : first+n], first, nil
}

// readAll reads a file named in the case.
func readAll(open opener, rel string) ([]byte, string, error) {
	f, name, err := open(rel)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, name, fmt.Errorf("cannot read %s: file does not exist", name)
		}
		return nil, name, fmt.Errorf("cannot read %s: %v", name, err)
	}
	defer f.Close()
	raw, err := io.ReadAll(f)
	if err != nil {
		return nil, name, fmt.Errorf("cannot read %s: %v", name, err)
	}
	return raw, name, nil
}

// readSeries reads a series of any step (daily or hourly) named in the case.
func readSeries(c *sites.Case, open opener, rel, key string) (*grid.Series, error) {
	raw, name, err := readAll(open, rel)
	if err != nil {
		return nil, sites.Issues{c.KeyIssue(key, "%s", err)}
	}
	return grid.ReadSeries(bytes.NewReader(raw), name)
}

// perSiteSeries reads an hourly series with one column per node, region or
// site and gives each site the first of its candidate columns present,
// aligned to the model hours.
func perSiteSeries(c *sites.Case, open opener, rel, key string, hours []time.Time,
	candidates func(*sites.Site) []string) ([][]float64, error) {
	raw, name, err := readAll(open, rel)
	if err != nil {
		return nil, sites.Issues{c.KeyIssue(key, "%s", err)}
	}
	s, err := grid.ReadHourlyColumns(bytes.NewReader(raw), name, nil)
	if err != nil {
		return nil, err
	}
	out := make([][]float64, len(c.Sites))
	var problems sites.Issues
	for i := range c.Sites {
		site := &c.Sites[i]
		cands := candidates(site)
		var col []float64
		for _, cand := range cands {
			if v, ok := s.Column(cand); ok {
				col = v
				break
			}
		}
		if col == nil {
			problems = append(problems, c.SiteIssue(i, "node", "%s has no column for this site (looked for %s; columns: %s)",
				name, strings.Join(cands, ", "), strings.Join(s.Columns, ", ")))
			continue
		}
		aligned, err := market.AlignToHours(name, s.Times, s.Step, col, hours)
		if err != nil {
			return nil, sites.Issues{c.KeyIssue(key, "%v", err)}
		}
		out[i] = aligned
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return out, nil
}

// coincidentPeakHours returns the model-hour indices of the coincident-peak
// intervals: the listed ones, or each listed month's peak hour of the
// system-load series.
func coincidentPeakHours(c *sites.Case, open opener, cp *sites.CoincidentPeakSpec, hours []time.Time) ([]int, error) {
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
	s, err := readSeries(c, open, cp.SystemLoad, "grid.coincident_peak.system_load")
	if err != nil {
		return nil, err
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
	best := map[string]peak{}
	for k, t := range s.Times {
		i, ok := index[t]
		if !ok || !months[t.Month()] {
			continue
		}
		key := t.Format("2006-01")
		if p, seen := best[key]; !seen || s.Values[0][k] > p.load {
			best[key] = peak{i, s.Values[0][k]}
		}
	}
	if len(best) == 0 {
		return nil, sites.Issues{c.KeyIssue("grid.coincident_peak.months", "no model hour of %s falls in months %v", s.File, cp.Months)}
	}
	for _, p := range best {
		out = append(out, p.hour)
	}
	sort.Ints(out)
	return out, nil
}

// hashprice turns the case's hashprice source into one value per model hour.
func hashprice(c *sites.Case, open opener, hours []time.Time) ([]float64, error) {
	m := c.Market
	switch {
	case m.HashpriceUSDPerPHDay != nil:
		return market.ConstantHourly(*m.HashpriceUSDPerPHDay, len(hours)), nil
	case m.Hashprice != "":
		s, err := readSeries(c, open, m.Hashprice, "market.hashprice")
		if err != nil {
			return nil, err
		}
		values, ok := s.Column(HashpriceColumn)
		if !ok {
			if len(s.Columns) != 1 {
				return nil, sites.Issues{c.KeyIssue("market.hashprice",
					"%s has %d value columns (%s); name one %q or keep only one", s.File, len(s.Columns), strings.Join(s.Columns, ", "), HashpriceColumn)}
			}
			values = s.Values[0]
		}
		for t, v := range values {
			if v < 0 {
				return nil, fmt.Errorf("%s: hashprice at %s is %v, want >= 0", s.File, s.Times[t].Format(time.RFC3339), v)
			}
		}
		return market.AlignToHours(s.File, s.Times, s.Step, values, hours)
	default:
		f := market.Fundamentals{
			BTCPriceUSD:        *m.BTCPriceUSD,
			NetworkHashrateEHs: *m.NetworkHashrateEHs,
			Halving2028:        market.DefaultHalving2028(),
		}
		if m.FeesBTCPerBlock != nil {
			f.FeesBTCPerBlock = *m.FeesBTCPerBlock
		}
		if m.Halving2028 != "" {
			d, err := time.Parse("2006-01-02", m.Halving2028)
			if err != nil {
				return nil, sites.Issues{c.KeyIssue("market.halving_2028", "halving_2028 = %q: want a date YYYY-MM-DD", m.Halving2028)}
			}
			f.Halving2028 = d
		}
		if err := f.Validate(); err != nil {
			return nil, sites.Issues{c.KeyIssue("market.btc_price_usd", "%v", err)}
		}
		return market.FundamentalsHourly(f, hours), nil
	}
}
