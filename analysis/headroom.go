package analysis

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/gridflip/gridflip/cases/headroom"
	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/impact/headroomin"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// AreaHeadroom is a balancing area's curtailment-enabled headroom before
// and after the plan, over one reference local calendar year of its
// historical load (docs/headroom.md, "Before and after a plan").
type AreaHeadroom struct {
	Area          string   // EIA-930 code, e.g. ERCO
	Name          string   // common name, e.g. ERCOT
	Sites         []string // the ids of the case's sites in the area
	ReferenceYear int
	Results       []AreaHeadroomResult
}

// AreaHeadroomResult is the headroom at one curtailment limit.
type AreaHeadroomResult struct {
	CurtailmentLimit float64
	// BeforeMW is the headroom with the area's historical load of the
	// reference year (the baseline's load at its sites, whose change is
	// zero); AfterMW with the plan's hourly net load change added.
	BeforeMW, AfterMW float64
	// AfterFlexibleMW is the headroom each curtailable-AI plan leaves,
	// one per Analysis.Flexibility row in its order (nil without them).
	AfterFlexibleMW []float64
}

// UsedMW is the headroom the plan uses: before less after.
func (r AreaHeadroomResult) UsedMW() float64 { return r.BeforeMW - r.AfterMW }

// HeadroomData is the bundled historical load of the balancing areas,
// decoded once for a run.
type HeadroomData struct {
	areas map[string]impact.AreaLoad
	// Limits are the curtailment limits measured: impact.DefaultLimits,
	// the headroom command's.
	Limits []float64
	// Attribution is the line every output drawn from the data carries.
	Attribution string
}

// LoadHeadroomData decodes the bundled load of the 22 areas with their
// settings (cases/headroom).
func LoadHeadroomData() (*HeadroomData, error) {
	t, err := headroom.Bundled()
	if err != nil {
		return nil, err
	}
	loads, err := headroomin.Areas(t, headroom.DefaultSettings(), impact.AreaSettings{})
	if err != nil {
		return nil, err
	}
	d := &HeadroomData{areas: make(map[string]impact.AreaLoad, len(loads)), Limits: impact.DefaultLimits(), Attribution: headroom.Attribution}
	for _, a := range loads {
		d.areas[a.ID] = a
	}
	return d, nil
}

// Area returns the bundled load of area id.
func (d *HeadroomData) Area(id string) (impact.AreaLoad, bool) {
	a, ok := d.areas[id]
	return a, ok
}

// MeasureHeadroom sets a.Headroom: for each balancing area that has sites
// in the plan, the headroom at each limit before and
// after the plan (d.Limits), and after each curtailable-AI plan of
// a.Flexibility.
// The plan's net load change at the area's sites (the plan's hourly draw
// less the baseline's, the series impact.Compare measures) is mapped by
// local month, day and hour onto the reference year
// (impact.OntoReferenceYear); with a horizon, the last year's hours are
// mapped. Sites whose region has no area, and a plan that does not cover
// the reference year's hours, are noted in a.HeadroomNotes.
func MeasureHeadroom(d *HeadroomData, in *sites.Case, a *Analysis) error {
	year := in.Grid.HeadroomReferenceYear
	if year == 0 {
		year = headroom.LastCountedYear
	}
	areaOf := make([]string, len(in.Sites))
	var unmapped []string
	for s := range in.Sites {
		areaOf[s] = headroom.SiteArea(in, s)
		if areaOf[s] == "" {
			unmapped = append(unmapped, fmt.Sprintf("%s (region %s)", in.Sites[s].ID, in.Sites[s].Region))
		}
	}
	a.Headroom, a.HeadroomNotes, a.HeadroomAttribution = nil, nil, d.Attribution
	if len(unmapped) > 0 {
		a.HeadroomNotes = append(a.HeadroomNotes, fmt.Sprintf("no balancing area for %s: no headroom measured there (set balancing_area to one of the bundled areas)", strings.Join(unmapped, ", ")))
	}
	base, err := areaLoads(in, areaOf, a.Baseline)
	if err != nil {
		return err
	}
	plan, err := areaLoads(in, areaOf, a.Plan)
	if err != nil {
		return err
	}
	flex := make([]map[string][]float64, len(a.Flexibility))
	for k, f := range a.Flexibility {
		if f.Plan == nil {
			return fmt.Errorf("headroom: flexible row %g holds no plan", f.MaxCurtailedShare)
		}
		if flex[k], err = areaLoads(in, areaOf, f.Plan); err != nil {
			return err
		}
	}
	hours, lo, hi := lastYear(a.Plan)
	limits := d.Limits
	for _, id := range sortedKeys(plan) {
		area, ok := d.Area(id)
		if !ok {
			return fmt.Errorf("headroom: area %s is not in the bundled load data", id)
		}
		out := AreaHeadroom{Area: id, Name: headroom.Name(id), ReferenceYear: year}
		for s := range in.Sites {
			if areaOf[s] == id {
				out.Sites = append(out.Sites, in.Sites[s].ID)
			}
		}
		change := func(after []float64) (impact.Change, error) {
			delta := make([]float64, hi-lo)
			if before := base[id]; after != nil && before != nil {
				for t := range delta {
					delta[t] = after[lo+t] - before[lo+t]
				}
			}
			mapped, missing, err := impact.OntoReferenceYear(area, year, hours, delta)
			if err != nil {
				return impact.Change{}, err
			}
			if missing > 0 {
				a.HeadroomNotes = appendOnce(a.HeadroomNotes, fmt.Sprintf("%s: the plan's hours cover %d of the %d local hours of %d; the others keep their historical load",
					id, len(mapped)-missing, len(mapped), year))
			}
			return impact.HeadroomChange(area, year, mapped, limits)
		}
		ch, err := change(plan[id])
		if err != nil {
			return fmt.Errorf("headroom of area %s: %w", id, err)
		}
		for k, lim := range limits {
			out.Results = append(out.Results, AreaHeadroomResult{CurtailmentLimit: lim, BeforeMW: ch.Before[k].HeadroomMW, AfterMW: ch.After[k].HeadroomMW})
		}
		for _, fl := range flex {
			fc, err := change(fl[id])
			if err != nil {
				return fmt.Errorf("headroom of area %s, flexible plan: %w", id, err)
			}
			for k := range out.Results {
				out.Results[k].AfterFlexibleMW = append(out.Results[k].AfterFlexibleMW, fc.After[k].HeadroomMW)
			}
		}
		a.Headroom = append(a.Headroom, out)
	}
	if len(a.Plan.Years) > 0 && len(a.Headroom) > 0 {
		a.HeadroomNotes = append(a.HeadroomNotes, fmt.Sprintf("headroom after: the plan's last year, %d", a.Plan.Years[len(a.Plan.Years)-1].Year))
	}
	return nil
}

// lastYear is the hours of the plan that are mapped: with a horizon its
// last year's (UTC, as the horizon's years are), else all of them, as
// [lo, hi) of the plan's hours.
func lastYear(p *optimize.Plan) ([]time.Time, int, int) {
	lo, hi := 0, len(p.HourTimes)
	if len(p.Years) > 0 {
		y := p.Years[len(p.Years)-1].Year
		lo = sort.Search(hi, func(t int) bool { return p.HourTimes[t].UTC().Year() >= y })
	}
	return p.HourTimes[lo:hi], lo, hi
}

// areaLoads sums a plan's hourly draw by balancing area: a region whose
// sites all lie in one area adds its regional sum, a region split
// between areas its sites' own series. Sites without an area are left
// out.
func areaLoads(c *sites.Case, areaOf []string, p *optimize.Plan) (map[string][]float64, error) {
	regionArea := map[string]string{}
	split := map[string]bool{}
	for s, site := range c.Sites {
		a, seen := regionArea[site.Region]
		if seen && a != areaOf[s] {
			split[site.Region] = true
		}
		regionArea[site.Region] = areaOf[s]
	}
	out := map[string][]float64{}
	add := func(area string, load []float64) {
		if area == "" {
			return
		}
		sum := out[area]
		if sum == nil {
			sum = make([]float64, len(load))
			out[area] = sum
		}
		for t, v := range load {
			sum[t] += v
		}
	}
	for _, r := range p.Regions {
		if !split[r.Region] {
			add(regionArea[r.Region], r.LoadMW)
		}
	}
	for s, site := range c.Sites {
		if !split[site.Region] {
			continue
		}
		h, err := p.SiteHours(s)
		if err != nil {
			return nil, fmt.Errorf("headroom: site %s's hours: %w", site.ID, err)
		}
		add(areaOf[s], h.LoadMW)
	}
	return out, nil
}

// sortedKeys lists a map's keys in order.
func sortedKeys(m map[string][]float64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// appendOnce appends s unless list holds it.
func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
