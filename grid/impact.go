package grid

import (
	"fmt"
	"math"
	"sort"
)

// SiteLoad is one site's hourly load as the grid sees it. grid measures
// impact from these plain series; it knows nothing of how they were planned.
type SiteLoad struct {
	Region         string
	LoadMW         []float64 // hourly meter draw (MW)
	PriceUSDPerMWh []float64 // the price that load pays each hour
	FirmMW         float64   // firm (AI) meter MW: cannot curtail
	FlexibleMW     float64   // mining meter MW that can curtail within the hour
	HashrateEHs    float64   // hashrate of the mining fleet, EH/s
	NewAIMeterMW   float64   // AI meter MW placed by conversions (0 before)
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
}

// ImpactOptions set the measurement.
type ImpactOptions struct {
	StressHours         int     // number of highest-price hours measured (default 100)
	CoincidentPeakHours []int   // indices of the coincident-peak intervals
	NetworkHashrateEHs  float64 // 0: shares are not reported
	USHashrateShare     float64 // e.g. 0.375
}

// PortfolioScope names the whole-portfolio row of CompareImpact.
const PortfolioScope = "portfolio"

// CompareImpact measures before and after for each region (sorted by name)
// and for the whole portfolio (last). before and after list the same sites
// in the same order.
func CompareImpact(before, after []SiteLoad, opts ImpactOptions) ([]Impact, error) {
	if len(before) != len(after) {
		return nil, fmt.Errorf("grid impact: %d sites before, %d after", len(before), len(after))
	}
	if opts.StressHours <= 0 {
		opts.StressHours = 100
	}
	groups := map[string][]int{}
	var regions []string
	for i, s := range after {
		if before[i].Region != s.Region {
			return nil, fmt.Errorf("grid impact: site %d is in %q before and %q after", i, before[i].Region, s.Region)
		}
		if _, ok := groups[s.Region]; !ok {
			regions = append(regions, s.Region)
		}
		groups[s.Region] = append(groups[s.Region], i)
	}
	sort.Strings(regions)
	all := make([]int, len(after))
	for i := range all {
		all[i] = i
	}
	var out []Impact
	for _, scope := range append(regions, PortfolioScope) {
		idx := all
		if scope != PortfolioScope {
			idx = groups[scope]
		}
		im, err := compare(scope, pick(before, idx), pick(after, idx), opts)
		if err != nil {
			return nil, err
		}
		out = append(out, im)
	}
	return out, nil
}

func pick(s []SiteLoad, idx []int) []SiteLoad {
	out := make([]SiteLoad, len(idx))
	for k, i := range idx {
		out[k] = s[i]
	}
	return out
}

func compare(scope string, before, after []SiteLoad, opts ImpactOptions) (Impact, error) {
	stress, err := stressHours(after, opts.StressHours)
	if err != nil {
		return Impact{}, err
	}
	im := Impact{Scope: scope}
	im.Before, im.LoadBeforeMW = measure(before, stress, opts.CoincidentPeakHours)
	im.After, im.LoadAfterMW = measure(after, stress, opts.CoincidentPeakHours)
	im.HashrateRetiredEHs = im.Before.HashrateEHs - im.After.HashrateEHs
	for _, s := range after {
		im.NewAIMeterMW += s.NewAIMeterMW
	}
	if opts.NetworkHashrateEHs > 0 {
		im.ShareOfNetwork = im.HashrateRetiredEHs / opts.NetworkHashrateEHs
		if opts.USHashrateShare > 0 {
			im.ShareOfUS = im.ShareOfNetwork / opts.USHashrateShare
		}
	}
	return im, nil
}

// stressHours picks the n hours with the highest average price over the
// scope's sites.
func stressHours(loads []SiteLoad, n int) ([]int, error) {
	if len(loads) == 0 {
		return nil, fmt.Errorf("grid impact: no sites")
	}
	T := len(loads[0].PriceUSDPerMWh)
	avg := make([]float64, T)
	for _, s := range loads {
		if len(s.PriceUSDPerMWh) != T || len(s.LoadMW) != T {
			return nil, fmt.Errorf("grid impact: series of different lengths")
		}
		for t, p := range s.PriceUSDPerMWh {
			avg[t] += p / float64(len(loads))
		}
	}
	idx := make([]int, T)
	for t := range idx {
		idx[t] = t
	}
	sort.SliceStable(idx, func(a, b int) bool { return avg[idx[a]] > avg[idx[b]] })
	return idx[:min(n, T)], nil
}

// measure sums the sites' loads hour by hour and summarizes them.
func measure(loads []SiteLoad, stress, cp []int) (Metrics, []float64) {
	T := len(loads[0].LoadMW)
	total := make([]float64, T)
	var m Metrics
	var paid float64
	for _, s := range loads {
		for t, l := range s.LoadMW {
			total[t] += l
			paid += l * s.PriceUSDPerMWh[t]
		}
		m.FirmMW += s.FirmMW
		m.FlexibleMW += s.FlexibleMW
		m.HashrateEHs += s.HashrateEHs
	}
	for _, l := range total {
		m.EnergyMWh += l
		m.PeakMW = math.Max(m.PeakMW, l)
	}
	if m.PeakMW > 0 {
		m.LoadFactor = m.EnergyMWh / float64(T) / m.PeakMW
	}
	if m.EnergyMWh > 0 {
		m.AvgPriceUSDPerMWh = paid / m.EnergyMWh
	}
	m.StressLoadMW = meanAt(total, stress)
	m.CoincidentPeakLoadMW = meanAt(total, cp)
	return m, total
}

func meanAt(v []float64, idx []int) float64 {
	if len(idx) == 0 {
		return 0
	}
	var sum float64
	for _, i := range idx {
		sum += v[i]
	}
	return sum / float64(len(idx))
}
