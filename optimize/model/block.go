package model

import (
	"sync"
	"time"

	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/sites"
)

// Block is one period of the model: a run of consecutive hours whose
// annual money figures scale together and whose objective carries one
// weight. A case without a horizon is a single block.
type Block struct {
	index        int
	year         int // calendar year (0 without a horizon)
	hours        []time.Time
	price        [][]float64 // [site][hour], USD/MWh
	hashprice    []float64   // [hour], USD per PH/s per day
	reservePrice [][]float64 // [site][hour], nil without reserves
	temperature  [][]float64 // [site][hour] °C, nil without temperatures
	cpHours      []int       // sorted indices of the coincident-peak intervals
	stressHours  []int       // indices of the case's stress hours (nil: each site's own)
	cpRate       float64     // USD per MW-year of average load in the intervals
	Weight       float64     // objective weight of the block's money figures
	// stress keeps each site's own stress hours once found (nil: found
	// at every preparation).
	stress *stressCache
}

// stressCache keeps each site's own stress hours in a block: finding
// them sorts the block's prices, and a stochastic study prepares each
// site of a scenario's blocks several times (valuing it, then verifying
// each plan).
type stressCache struct {
	mu    sync.Mutex
	hours map[stressKey][]int
}

// stressKey names one site's stress hours: the site and how many.
type stressKey struct{ site, n int }

// get returns the site's n stress hours when found before.
func (c *stressCache) get(site, n int) ([]int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.hours[stressKey{site, n}]
	return h, ok
}

// put keeps the site's n stress hours.
func (c *stressCache) put(site, n int, hours []int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hours == nil {
		c.hours = map[stressKey][]int{}
	}
	c.hours[stressKey{site, n}] = hours
}

// T is the number of hours in the block.
func (b *Block) T() int { return len(b.hours) }

// yearFraction is the block's hours ÷ 8760, the factor on annual figures.
func (b *Block) yearFraction() float64 { return float64(b.T()) / HoursPerYear }

// Blocks splits the inputs into the model's blocks: one per year of the
// horizon, year k (1-based) weighted by its discount factor at 1 January of
// the first year, (1+r)^−k or mid-year (1+r)^−(k−½) (r the discount rate,
// finance.YearDiscountFactor), or the whole window with weight 1.
func (in *Inputs) Blocks() []*Block {
	if in.Years != nil {
		out := make([]*Block, len(in.Years))
		r := in.Case.Finance.DiscountRate
		timing := financeTiming(in.Case.Finance)
		for k := range in.Years {
			y := &in.Years[k]
			out[k] = &Block{index: k, year: y.Year, hours: y.Hours, price: y.SitePriceUSDPerMWh, hashprice: y.HashpriceUSDPerPHDay,
				reservePrice: y.SiteReservePriceUSDPerMWh, temperature: y.SiteTemperatureC, cpHours: y.CoincidentPeakHours, stressHours: y.StressHours,
				cpRate: in.CoincidentPeakRateUSDPerMWYear, Weight: finance.YearDiscountFactor(r, k+1, timing), stress: &stressCache{}}
		}
		return out
	}
	return []*Block{{
		hours:        in.Hours,
		price:        in.SitePriceUSDPerMWh,
		hashprice:    in.HashpriceUSDPerPHDay,
		reservePrice: in.SiteReservePriceUSDPerMWh,
		temperature:  in.SiteTemperatureC,
		cpHours:      in.CoincidentPeakHours,
		stressHours:  in.StressHours,
		cpRate:       in.CoincidentPeakRateUSDPerMWYear,
		Weight:       1,
		stress:       &stressCache{},
	}}
}

// financeTiming is the case's cash_flow_timing as the finance package
// names it.
func financeTiming(f sites.Finance) finance.Timing {
	if f.CashFlowTiming == sites.TimingMidYear {
		return finance.MidYear
	}
	return finance.EndOfYear
}
