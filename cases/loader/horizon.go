package loader

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// MaxHorizonSeriesBytes bounds the memory of the yearly series a horizon
// builds when a repeated price year is escalated or remapped (each year
// needs its own copy of every column; a horizon the price file covers
// takes its years as slices of the file, with no copy).
const MaxHorizonSeriesBytes = 4 << 30

// horizonMap maps every hour of the horizon onto an hour of the price
// file: the same hour when the file covers the horizon, else the same
// month, day and UTC hour of the file's last full calendar year, which
// repeats (docs/years.md).
type horizonMap struct {
	source   []time.Time // the price file's hours the horizon uses, in order
	first    int         // the row of source[0] in the price file
	repeated int         // the calendar year that repeats (0 when the file covers the horizon)
	years    []yearHours
}

// yearHours is one year of the horizon.
type yearHours struct {
	year  int
	hours []time.Time
	// src is, per hour, the index of its source hour in horizonMap.source;
	// contiguous says src runs first, first+1, ... (the year is a slice of
	// the source, no copy needed).
	src        []int
	contiguous bool
	// priceScale escalates energy prices: (1+e)^(k−1) in year k of a
	// repeated year, 1 otherwise.
	priceScale float64
}

// newHorizonMap maps the horizon onto the real-time price series rt.
func newHorizonMap(c *sites.Case, rt *grid.Series) (*horizonMap, error) {
	hz := c.Horizon
	from, to := hz.YearStart(1), hz.YearStart(hz.Years+1)
	n := int(to.Sub(from) / time.Hour)
	i := sort.Search(len(rt.Times), func(j int) bool { return !rt.Times[j].Before(from) })
	if i+n <= len(rt.Times) && rt.Times[i].Equal(from) && rt.Times[i+n-1].Equal(to.Add(-time.Hour)) {
		return coveredHorizon(hz, rt.Times[i:i+n], i), nil
	}
	span := fmt.Sprintf("%s covers %s to %s", rt.File, rt.Times[0].Format(time.RFC3339), rt.Times[len(rt.Times)-1].Format(time.RFC3339))
	if hz.PriceEscalationPerYear == nil {
		return nil, sites.Issues{c.KeyIssue("horizon.price_escalation_per_year",
			"%s, not every hour of the horizon %d-%d; give grid.prices for 1 January %d to 31 December %d, or set price_escalation_per_year to repeat the file's last full calendar year over the horizon",
			span, hz.StartYear, hz.StartYear+hz.Years-1, hz.StartYear, hz.StartYear+hz.Years-1)}
	}
	full := grid.FullYears(rt.Times)
	if len(full) == 0 {
		return nil, sites.Issues{c.KeyIssue("grid.prices",
			"%s: no full calendar year (1 January 00:00 to 31 December 23:00 UTC) to repeat over the horizon", span)}
	}
	y0 := full[len(full)-1]
	start := sort.Search(len(rt.Times), func(j int) bool { return !rt.Times[j].Before(time.Date(y0, 1, 1, 0, 0, 0, 0, time.UTC)) })
	return repeatedHorizon(hz, rt.Times[start:start+len(grid.YearHours(y0))], start, y0), nil
}

// coveredHorizon maps a horizon the price file covers: each year is a
// slice of the file.
func coveredHorizon(hz *sites.Horizon, source []time.Time, first int) *horizonMap {
	m := &horizonMap{source: source, first: first}
	off := 0
	for k := range hz.Years {
		n := len(grid.YearHours(hz.StartYear + k))
		src := make([]int, n)
		for t := range src {
			src[t] = off + t
		}
		m.years = append(m.years, yearHours{year: hz.StartYear + k, hours: source[off : off+n], src: src, contiguous: true, priceScale: 1})
		off += n
	}
	return m
}

// repeatedHorizon maps every year of the horizon onto calendar year y0,
// whose hours are source, by month, day and UTC hour.
func repeatedHorizon(hz *sites.Horizon, source []time.Time, first, y0 int) *horizonMap {
	m := &horizonMap{source: source, first: first, repeated: y0}
	jan1 := time.Date(y0, 1, 1, 0, 0, 0, 0, time.UTC)
	for k := range hz.Years {
		hours := grid.YearHours(hz.StartYear + k)
		src := make([]int, len(hours))
		contiguous := len(hours) == len(source)
		for t, h := range hours {
			src[t] = int(grid.RepeatedHour(h, y0).Sub(jan1) / time.Hour)
			contiguous = contiguous && src[t] == t
		}
		m.years = append(m.years, yearHours{year: hz.StartYear + k, hours: hours, src: src, contiguous: contiguous,
			priceScale: math.Pow(1+*hz.PriceEscalationPerYear, float64(k))})
	}
	return m
}

// yearGatherer builds each year's series from series over the source
// hours, sharing slices between sites that share a column and counting
// the bytes it copies.
type yearGatherer struct {
	c      *sites.Case
	copied int64
	cache  map[gatherKey][]float64
}

type gatherKey struct {
	data  *float64
	year  int
	scale float64
}

// gather returns column col (over the source hours) for year y, scaled.
func (g *yearGatherer) gather(col []float64, y *yearHours, scale float64) ([]float64, error) {
	if y.contiguous && scale == 1 {
		return col[y.src[0] : y.src[0]+len(y.src) : y.src[0]+len(y.src)], nil
	}
	key := gatherKey{&col[0], y.year, scale}
	if out, ok := g.cache[key]; ok {
		return out, nil
	}
	g.copied += int64(len(y.src)) * 8
	if g.copied > MaxHorizonSeriesBytes {
		return nil, sites.Issues{g.c.KeyIssue("horizon.years",
			"the horizon's yearly series need more than %d GiB: too many price, reserve or temperature columns for %d years (give a price file that covers the horizon, so years share it, or fewer years or nodes)",
			MaxHorizonSeriesBytes>>30, g.c.Horizon.Years)}
	}
	out := make([]float64, len(y.src))
	for t, i := range y.src {
		out[t] = col[i] * scale
	}
	g.cache[key] = out
	return out, nil
}

// gatherSites gathers every site's column for year y (nil stays nil).
func (g *yearGatherer) gatherSites(cols [][]float64, y *yearHours, scale float64) ([][]float64, error) {
	if cols == nil {
		return nil, nil
	}
	out := make([][]float64, len(cols))
	for s, col := range cols {
		var err error
		if out[s], err = g.gather(col, y, scale); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// loadHorizon loads a case with a [horizon]: every series is read over
// the price file's hours the horizon uses, then laid out year by year
// (energy prices escalated when a year repeats), with the hashprice of
// every hour of the horizon.
func loadHorizon(c *sites.Case, o *input.Opener) (*optimize.Inputs, error) {
	rt, err := readPrices(c, o, c.Grid.Prices, "grid.prices", sites.SettlementRealTime)
	if err != nil {
		return nil, err
	}
	hm, err := newHorizonMap(c, rt)
	if err != nil {
		return nil, err
	}
	src := &optimize.Inputs{Case: c, Hours: hm.source}
	if err := sitePrices(c, o, src, rt, hm.first); err != nil {
		return nil, err
	}
	if err := loadGridSide(c, o, src); err != nil {
		return nil, err
	}
	var all []time.Time
	for _, y := range hm.years {
		all = append(all, y.hours...)
	}
	hashprice, err := hashprice(c, o, all)
	if err != nil {
		return nil, err
	}
	if hm.repeated != 0 {
		src.Notes = append(src.Notes, fmt.Sprintf("%s: %d repeats over %d-%d by month, day and hour, energy prices escalated %g%% a year",
			rt.File, hm.repeated, hm.years[0].year, hm.years[len(hm.years)-1].year, 100**c.Horizon.PriceEscalationPerYear))
	}
	if src.StressHours, err = stressHours(c, o, hm.source); err != nil {
		return nil, err
	}
	in, err := layoutYears(c, src, hm, all, hashprice)
	if err != nil {
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

// layoutYears lays series over the source hours (src) out year by year
// as hm maps them, with the horizon's hourly hashprice over all its hours.
func layoutYears(c *sites.Case, src *optimize.Inputs, hm *horizonMap, all []time.Time, hashprice []float64) (*optimize.Inputs, error) {
	in := &optimize.Inputs{Case: c, Notes: src.Notes, Hours: all, HashpriceUSDPerPHDay: hashprice,
		CoincidentPeakRateUSDPerMWYear: src.CoincidentPeakRateUSDPerMWYear, PriceSourceYear: hm.repeated}
	g := &yearGatherer{c: c, cache: map[gatherKey][]float64{}}
	off := 0
	var err error
	for k := range hm.years {
		y := &hm.years[k]
		year := optimize.Year{Year: y.year, Hours: y.hours, HashpriceUSDPerPHDay: hashprice[off : off+len(y.hours) : off+len(y.hours)],
			CoincidentPeakHours: yearIntervals(src.CoincidentPeakHours, y), StressHours: yearIntervals(src.StressHours, y)}
		if year.SitePriceUSDPerMWh, err = g.gatherSites(src.SitePriceUSDPerMWh, y, y.priceScale); err != nil {
			return nil, err
		}
		if year.SiteReservePriceUSDPerMWh, err = g.gatherSites(src.SiteReservePriceUSDPerMWh, y, 1); err != nil {
			return nil, err
		}
		if year.SiteTemperatureC, err = g.gatherSites(src.SiteTemperatureC, y, 1); err != nil {
			return nil, err
		}
		if src.CoincidentPeakHours != nil && len(year.CoincidentPeakHours) == 0 {
			return nil, sites.Issues{c.KeyIssue("grid.coincident_peak",
				"no coincident-peak interval falls in %d: list intervals in every year of the horizon, or give a system_load that covers it", y.year)}
		}
		in.Years = append(in.Years, year)
		off += len(y.hours)
	}
	return in, nil
}

// yearIntervals returns the hours of year y whose source hour is one of
// the coincident-peak intervals (indices into the source hours).
func yearIntervals(intervals []int, y *yearHours) []int {
	if intervals == nil {
		return nil
	}
	is := make(map[int]bool, len(intervals))
	for _, i := range intervals {
		is[i] = true
	}
	var out []int
	for t, i := range y.src {
		if is[i] {
			out = append(out, t)
		}
	}
	return out
}

// RepeatOverHorizon lays one year of inputs (src, its series one year
// long) over the case's horizon as a case file's repeated price year is
// laid: year by year, hashprice from the case's fundamentals. The synthetic
// generator uses it.
func RepeatOverHorizon(c *sites.Case, src *optimize.Inputs) (*optimize.Inputs, error) {
	hm := repeatedHorizon(c.Horizon, src.Hours, 0, 2025)
	var all []time.Time
	for _, y := range hm.years {
		all = append(all, y.hours...)
	}
	hashprice, err := fundamentalsHashprice(c, nil, all)
	if err != nil {
		return nil, err
	}
	return layoutYears(c, src, hm, all, hashprice)
}
