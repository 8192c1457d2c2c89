// Package impact measures what a conversion plan does to the grid, before
// (the no-conversion baseline) and after (the plan), from the plain hourly
// load series of each region it is handed, and how much of the US
// data-center power gap the converted sites close. It knows nothing of how
// the loads were planned (it never imports optimize).
package impact

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// Load is the hourly load of a group of sites (a region), summed, as the
// grid sees it.
type Load struct {
	Region string
	Sites  int
	// LoadMW is the sites' summed hourly draw; PriceSumUSDPerMWh the sum of
	// their node prices (÷ Sites gives the average price).
	LoadMW            []float64
	PriceSumUSDPerMWh []float64
	PaidUSD           float64 // Σ load × node price over sites and hours
	FirmMW            float64 // firm (AI) meter MW: cannot curtail
	FlexibleMW        float64 // mining meter MW that can curtail within the hour
	HashrateEHs       float64 // hashrate of the mining fleet, EH/s
	NewAIMeterMW      float64 // AI meter MW placed by conversions (0 before)
}

// Metrics summarize a load series.
type Metrics struct {
	EnergyMWh            float64 // over the horizon
	PeakMW               float64
	LoadFactor           float64 // average load / peak load
	FirmMW               float64
	FlexibleMW           float64
	StressLoadMW         float64 // average load in the highest-price hours
	CoincidentPeakLoadMW float64 // average load in the coincident-peak intervals (0 without)
	AvgPriceUSDPerMWh    float64 // energy-weighted price paid
	HashrateEHs          float64
}

// Impact compares before (no conversion) with after (the plan) for one
// scope: a region, or the whole portfolio.
type Impact struct {
	Scope              string // region name, or "portfolio"
	Before, After      Metrics
	HashrateRetiredEHs float64
	ShareOfNetwork     float64 // retired ÷ network hashrate (0 when unknown)
	ShareOfUS          float64 // retired ÷ (network × US share)
	NewAIMeterMW       float64 // AI meter MW placed at converted sites
	LoadBeforeMW       []float64
	LoadAfterMW        []float64
	// StressHours are the indices of the scope's highest-price hours.
	StressHours []int
}

// Options set the measurement.
type Options struct {
	StressHours         int     // number of highest-price hours measured (default 100)
	CoincidentPeakHours []int   // indices of the coincident-peak intervals
	NetworkHashrateEHs  float64 // 0: shares are not reported
	USHashrateShare     float64 // e.g. 0.375
}

// PortfolioScope names the whole-portfolio row of Compare.
const PortfolioScope = "portfolio"

// Compare measures before and after for each region (sorted by name) and
// for the whole portfolio (last). before and after list the same regions
// in the same order, with series of one length.
func Compare(before, after []Load, opts Options) ([]Impact, error) {
	if len(before) != len(after) || len(after) == 0 {
		return nil, fmt.Errorf("grid impact: %d regions before, %d after", len(before), len(after))
	}
	if opts.StressHours <= 0 {
		opts.StressHours = 100
	}
	T := len(after[0].LoadMW)
	for i := range after {
		if before[i].Region != after[i].Region {
			return nil, fmt.Errorf("grid impact: region %d is %q before and %q after", i, before[i].Region, after[i].Region)
		}
		for _, l := range []Load{before[i], after[i]} {
			if len(l.LoadMW) != T || len(l.PriceSumUSDPerMWh) != T {
				return nil, fmt.Errorf("grid impact: region %q has series of different lengths", l.Region)
			}
		}
	}
	order := make([]int, len(after))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return after[order[a]].Region < after[order[b]].Region })
	var out []Impact
	for _, i := range order {
		out = append(out, compare(after[i].Region, before[i], after[i], opts))
	}
	out = append(out, compare(PortfolioScope, sum(before), sum(after), opts))
	return out, nil
}

// sum adds regions into one scope.
func sum(loads []Load) Load {
	T := len(loads[0].LoadMW)
	out := Load{LoadMW: make([]float64, T), PriceSumUSDPerMWh: make([]float64, T)}
	for _, l := range loads {
		out.Sites += l.Sites
		for t := range T {
			out.LoadMW[t] += l.LoadMW[t]
			out.PriceSumUSDPerMWh[t] += l.PriceSumUSDPerMWh[t]
		}
		out.PaidUSD += l.PaidUSD
		out.FirmMW += l.FirmMW
		out.FlexibleMW += l.FlexibleMW
		out.HashrateEHs += l.HashrateEHs
		out.NewAIMeterMW += l.NewAIMeterMW
	}
	return out
}

func compare(scope string, before, after Load, opts Options) Impact {
	stress := stressHours(after, opts.StressHours)
	im := Impact{Scope: scope, StressHours: stress, LoadBeforeMW: before.LoadMW, LoadAfterMW: after.LoadMW}
	im.Before = measure(before, stress, opts.CoincidentPeakHours)
	im.After = measure(after, stress, opts.CoincidentPeakHours)
	im.HashrateRetiredEHs = im.Before.HashrateEHs - im.After.HashrateEHs
	im.NewAIMeterMW = after.NewAIMeterMW
	if opts.NetworkHashrateEHs > 0 {
		im.ShareOfNetwork = im.HashrateRetiredEHs / opts.NetworkHashrateEHs
		if opts.USHashrateShare > 0 {
			im.ShareOfUS = im.ShareOfNetwork / opts.USHashrateShare
		}
	}
	return im
}

// stressHours picks the n hours with the highest average price over the
// scope's sites (earlier hours first among equal prices).
func stressHours(l Load, n int) []int {
	price := l.PriceSumUSDPerMWh
	n = min(n, len(price))
	if n <= 0 {
		return []int{}
	}
	cut := nthHighest(price, n)
	above := 0
	for _, v := range price {
		if v > cut {
			above++
		}
	}
	ties := n - above // hours at the cut taken, earliest first
	out := make([]int, 0, n)
	for t, v := range price {
		switch {
		case v > cut:
			out = append(out, t)
		case v == cut && ties > 0:
			out = append(out, t)
			ties--
		}
	}
	return out
}

// nthHighest is the n-th highest of v (1 ≤ n ≤ len(v)): a min-heap of the
// n highest seen so far, O(len(v)·log n) at worst and about len(v) when n
// is small beside it, as for the stress hours of a year or more.
func nthHighest(v []float64, n int) float64 {
	h := slices.Clone(v[:n])
	for i := n/2 - 1; i >= 0; i-- {
		siftDown(h, i)
	}
	for _, x := range v[n:] {
		if x > h[0] {
			h[0] = x
			siftDown(h, 0)
		}
	}
	return h[0]
}

// siftDown restores the min-heap order of h below i.
func siftDown(h []float64, i int) {
	for {
		least, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && h[l] < h[least] {
			least = l
		}
		if r < len(h) && h[r] < h[least] {
			least = r
		}
		if least == i {
			return
		}
		h[i], h[least] = h[least], h[i]
		i = least
	}
}

// measure summarizes a scope's load.
func measure(l Load, stress, cp []int) Metrics {
	m := Metrics{FirmMW: l.FirmMW, FlexibleMW: l.FlexibleMW, HashrateEHs: l.HashrateEHs}
	for _, v := range l.LoadMW {
		m.EnergyMWh += v
		m.PeakMW = math.Max(m.PeakMW, v)
	}
	if m.PeakMW > 0 {
		m.LoadFactor = m.EnergyMWh / float64(len(l.LoadMW)) / m.PeakMW
	}
	if m.EnergyMWh > 0 {
		m.AvgPriceUSDPerMWh = l.PaidUSD / m.EnergyMWh
	}
	m.StressLoadMW = meanAt(l.LoadMW, stress)
	m.CoincidentPeakLoadMW = meanAt(l.LoadMW, cp)
	return m
}

func meanAt(v []float64, idx []int) float64 {
	if len(idx) == 0 {
		return 0
	}
	var s float64
	for _, i := range idx {
		s += v[i]
	}
	return s / float64(len(idx))
}
