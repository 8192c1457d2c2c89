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

// stressHours reads [grid.stress_hours] for the model hours: the listed
// intervals, or each calendar year's highest hours of the system load
// (Hours of them, or the most the case's curtailable halls allow). nil
// when the case has none (each site then takes its own highest-price
// hours; optimize.DefaultStressShare).
func stressHours(c *sites.Case, o *input.Opener, hours []time.Time) ([]int, error) {
	spec := c.Grid.StressHours
	if spec == nil {
		return nil, nil
	}
	index := make(map[time.Time]int, len(hours))
	for i, h := range hours {
		index[h] = i
	}
	if len(spec.Intervals) > 0 {
		out := make([]int, 0, len(spec.Intervals))
		for _, t := range spec.Intervals {
			i, ok := index[t]
			if !ok {
				what := "a model hour"
				if c.Horizon != nil && c.Horizon.Years > 1 && hours[0].Year() == hours[len(hours)-1].Year() {
					// A one-year price file repeated over the horizon:
					// stress hours, like coincident-peak intervals, are
					// hours of that year and repeat with it.
					what = "an hour of the price file's year, which repeats over the horizon (list stress hours in that year; they apply to every modelled year)"
				}
				return nil, sites.Issues{c.KeyIssue("grid.stress_hours.intervals", "intervals: stress hour %s is not %s (%s to %s)",
					t.Format(time.RFC3339), what, hours[0].Format(time.RFC3339), hours[len(hours)-1].Format(time.RFC3339))}
			}
			out = append(out, i)
		}
		sort.Ints(out)
		return out, nil
	}
	s, err := grid.LoadSeries(o, spec.SystemLoad)
	if err != nil {
		return nil, keyError(c, "grid.stress_hours.system_load", err)
	}
	if len(s.Columns) != 1 || s.Step != time.Hour {
		return nil, sites.Issues{c.KeyIssue("grid.stress_hours.system_load",
			"%s must be hourly with one value column (system load, MW); it has %d columns, step %s", s.File, len(s.Columns), s.Step)}
	}
	load, err := grid.AlignToHours(s.File, s.Times, s.Step, s.Values[0], hours)
	if err != nil {
		return nil, sites.Issues{c.KeyIssue("grid.stress_hours.system_load", "%v", err)}
	}
	byYear := map[int][]int{}
	for i, h := range hours {
		byYear[h.Year()] = append(byYear[h.Year()], i)
	}
	var out []int
	for _, idx := range byYear {
		n := spec.Hours
		if n == 0 {
			n = int(math.Floor(largestCurtailedShare(c)*float64(len(idx)) + 1e-9))
		}
		sort.SliceStable(idx, func(a, b int) bool { return load[idx[a]] > load[idx[b]] })
		out = append(out, idx[:min(n, len(idx))]...)
	}
	sort.Ints(out)
	return out, nil
}

// largestCurtailedShare is the largest max_curtailed_share of the case's
// curtailable halls (optimize.DefaultStressShare without one).
func largestCurtailedShare(c *sites.Case) float64 {
	share, curtailable := 0.0, false
	for s := range c.Sites {
		if hasCurtailable(&c.Sites[s]) {
			share, curtailable = math.Max(share, optimize.StressShare(&c.Sites[s])), true
		}
	}
	if !curtailable {
		return optimize.DefaultStressShare
	}
	return share
}

// hasCurtailable reports whether a site has a curtailable hall.
func hasCurtailable(site *sites.Site) bool {
	for _, h := range site.Halls {
		if h.Flexibility == sites.FlexCurtailable {
			return true
		}
	}
	return false
}

// checkFlexibility checks what needs the hours: a hall's
// poi_mw_per_it_mw against its highest hourly PUE, and a curtailable
// hall's curtailment in each year's stress hours against its
// max_curtailed_share.
func checkFlexibility(c *sites.Case, in *optimize.Inputs) error {
	var problems sites.Issues
	for s := range c.Sites {
		site := &c.Sites[s]
		for h := range site.Halls {
			hall := &site.Halls[h]
			if msg := peakPUEBeyondRatio(hall, temperaturesOf(in, s)); msg != "" {
				problems = append(problems, c.HallIssue(s, h, "poi_mw_per_it_mw", "%s", msg))
			}
			if hall.Flexibility != sites.FlexCurtailable {
				continue
			}
			for _, y := range yearsOf(in) {
				n := len(y.stress)
				if y.stress == nil {
					n = int(math.Floor(optimize.StressShare(site)*float64(y.hours) + 1e-9))
				}
				if n == 0 {
					problems = append(problems, c.HallIssue(s, h, "max_curtailed_share",
						"%s: a curtailable hall has no stress hour in %s (%d hours): it would use non-firm capacity and never yield; allow at least one hour a year (max_curtailed_share ≥ %.3g) or list [grid.stress_hours]",
						formatShare(hall.MaxCurtailedShare), y.label, y.hours, 1/float64(y.hours)))
					break
				}
				curtailed := (1 - hall.FirmShare) * float64(n) / float64(y.hours)
				if curtailed > hall.MaxCurtailedShare+1e-9 {
					problems = append(problems, c.HallIssue(s, h, "max_curtailed_share",
						"%s: the hall would curtail %.3g%% of its energy in the %d stress hours of %s (%.3g of its reservation curtailed), above its max_curtailed_share of %.3g%%",
						formatShare(hall.MaxCurtailedShare), 100*curtailed, n, y.label, 1-hall.FirmShare, 100*hall.MaxCurtailedShare))
					break
				}
			}
		}
	}
	if len(problems) > 0 {
		return problems
	}
	return nil
}

func formatShare(v float64) string { return fmt.Sprintf("max_curtailed_share = %g", v) }

// yearStress is one year's hours and stress hours, for checks.
type yearStress struct {
	label  string
	hours  int
	stress []int // nil: each site's own
}

// yearsOf lists the inputs' years (one for a window of hours).
func yearsOf(in *optimize.Inputs) []yearStress {
	if in.Years == nil {
		return []yearStress{{label: "the modelled hours", hours: in.T(), stress: in.StressHours}}
	}
	out := make([]yearStress, len(in.Years))
	for k, y := range in.Years {
		out[k] = yearStress{label: fmt.Sprint(y.Year), hours: len(y.Hours), stress: y.StressHours}
	}
	return out
}

// temperaturesOf returns site s's temperatures over every year (nil
// without temperatures).
func temperaturesOf(in *optimize.Inputs, s int) [][]float64 {
	if in.Years == nil {
		if in.SiteTemperatureC == nil {
			return nil
		}
		return [][]float64{in.SiteTemperatureC[s]}
	}
	var out [][]float64
	for _, y := range in.Years {
		if y.SiteTemperatureC != nil {
			out = append(out, y.SiteTemperatureC[s])
		}
	}
	return out
}

// peakPUEBeyondRatio explains a poi_mw_per_it_mw below the hall's highest
// hourly PUE ("" when it is not).
func peakPUEBeyondRatio(hall *sites.Hall, temps [][]float64) string {
	if hall.POIMWPerITMW == 0 || hall.PUETemp.SlopePerC == 0 {
		return ""
	}
	peak, at := hall.PUE, 0.0
	for _, series := range temps {
		for _, t := range series {
			if p := hall.PUETemp.PUEAt(hall.PUE, t); p > peak {
				peak, at = p, t
			}
		}
	}
	if peak <= hall.POIMWPerITMW+1e-12 {
		return ""
	}
	return fmt.Sprintf("poi_mw_per_it_mw = %g: below the hall's highest hourly PUE, %.4g at %.1f °C: the POI must take its design peak", hall.POIMWPerITMW, peak, at)
}
