package impact

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"time"
)

// MinYearShare is the share of a local calendar year's hours that must
// have a load for the year to count.
const MinYearShare = 0.9

// MaxCurtailmentLimit is the largest curtailment limit accepted.
const MaxCurtailmentLimit = 0.5

// DefaultLimits are the curtailment limits of Norris et al. (2025): 0.25,
// 0.5, 1 and 5 % of the added load's energy.
func DefaultLimits() []float64 { return []float64{0.0025, 0.005, 0.01, 0.05} }

// AreaLoad is one area's hourly load on a regular axis: hour i starts at
// Start + i hours (UTC); NaN marks an hour without a value.
type AreaLoad struct {
	ID       string
	Start    time.Time
	LoadMW   []float64
	Settings AreaSettings
}

// LimitResult is an area's curtailment-enabled headroom at one limit and
// what the curtailment looks like there.
type LimitResult struct {
	// CurtailmentLimit is the largest mean yearly share of the added
	// load's energy that may be curtailed (0.005 is 0.5 %).
	CurtailmentLimit float64
	// HeadroomMW is the constant added load whose curtailment rate meets
	// the limit, rounded down to 1 MW.
	HeadroomMW float64
	// CurtailedHoursPerYear is the mean number of hours a year in which
	// some of the added load is curtailed.
	CurtailedHoursPerYear float64
	// MeanEventHours is the mean length of a curtailment event (a run of
	// consecutive curtailed hours).
	MeanEventHours float64
	// ShareKeeping50, 75 and 90 are the shares of the curtailed hours in
	// which at least 50, 75 and 90 % of the added load is still served.
	ShareKeeping50, ShareKeeping75, ShareKeeping90 float64
}

// CurvePoint is the curtailment rate at one added load.
type CurvePoint struct {
	AddedMW float64
	Rate    float64
}

// AreaHeadroom is one area's result.
type AreaHeadroom struct {
	ID                string
	SummerThresholdMW float64 // the highest load in the summer peak window
	WinterThresholdMW float64 // the highest load in the winter peak window
	PeakMW            float64 // the highest load of the counted years
	Years             []int   // the counted local calendar years
	Results           []LimitResult
	// Curve is the curtailment rate against added load, in steps of
	// 0.25 % of PeakMW, up to a little past the largest headroom.
	Curve []CurvePoint
}

// Total is the sum of the areas' headrooms at one limit.
type Total struct {
	CurtailmentLimit float64
	HeadroomMW       float64
}

// Headrooms are the results of several areas, in the order given, and
// their totals.
type Headrooms struct {
	Limits []float64
	Areas  []AreaHeadroom
	Total  []Total
}

// CheckLimits refuses an empty list and a limit outside (0, 0.5].
func CheckLimits(limits []float64) error {
	if len(limits) == 0 {
		return errors.New("no curtailment limit given")
	}
	for _, l := range limits {
		if math.IsNaN(l) || l <= 0 || l > MaxCurtailmentLimit {
			return fmt.Errorf("curtailment limit %v: want a share in (0, %g], e.g. 0.005 for 0.5 %%", l, MaxCurtailmentLimit)
		}
	}
	return nil
}

// Headroom computes an area's curtailment-enabled headroom at each limit
// by the method of Norris et al. (2025, Appendix C): seasonal thresholds
// from the counted years, a constant added load, the mean of the yearly
// curtailment rates.
func Headroom(a AreaLoad, limits []float64) (AreaHeadroom, error) {
	if err := CheckLimits(limits); err != nil {
		return AreaHeadroom{}, err
	}
	p, err := prepare(a)
	if err != nil {
		return AreaHeadroom{}, err
	}
	cy := p.slacks(a.LoadMW, p.counted)
	out := AreaHeadroom{ID: a.ID, SummerThresholdMW: p.summer, WinterThresholdMW: p.winter, PeakMW: p.peak}
	for _, y := range p.counted {
		out.Years = append(out.Years, y.year)
	}
	for _, lim := range limits {
		mw := cy.solve(lim)
		r := p.stats(a.LoadMW, p.counted, mw)
		r.CurtailmentLimit = lim
		out.Results = append(out.Results, r)
	}
	out.Curve = cy.curve(p.peak, out.Results)
	return out, nil
}

// HeadroomAll computes every area's headroom (areas in parallel) and the
// totals over areas at each limit.
func HeadroomAll(areas []AreaLoad, limits []float64) (*Headrooms, error) {
	if err := CheckLimits(limits); err != nil {
		return nil, err
	}
	out := &Headrooms{Limits: append([]float64(nil), limits...), Areas: make([]AreaHeadroom, len(areas))}
	errs := make([]error, len(areas))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range areas {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out.Areas[i], errs[i] = Headroom(areas[i], limits)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for k, lim := range limits {
		t := Total{CurtailmentLimit: lim}
		for _, a := range out.Areas {
			t.HeadroomMW += a.Results[k].HeadroomMW
		}
		out.Total = append(out.Total, t)
	}
	return out, nil
}

// SortByHeadroom orders the areas by their headroom at limit k, largest
// first (ties by id).
func (h *Headrooms) SortByHeadroom(k int) {
	sort.SliceStable(h.Areas, func(i, j int) bool {
		a, b := h.Areas[i].Results[k].HeadroomMW, h.Areas[j].Results[k].HeadroomMW
		if a != b {
			return a > b
		}
		return h.Areas[i].ID < h.Areas[j].ID
	})
}
