package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// Spec describes a generated portfolio for benchmarks and scaling
// tests. The same spec always gives the same inputs.
type Spec struct {
	Sites        int
	Hours        int
	HallsPerSite int
	Seed         uint64
	// CommitmentShare is the share of sites with a take-or-pay commitment
	// that forces at least one hall (0 for none).
	CommitmentShare float64
	// CapShare sets the market cap to this share of all candidate hall IT MW
	// (0 for no cap).
	CapShare float64
	// GridSide adds hourly temperatures (each hall and fleet with its own
	// PUE curve, air-cooled fleets derated in the heat), reserve prices
	// and four coincident-peak intervals, so that a set of halls cannot be
	// valued in O(1): every hour's reservation depends on the halls.
	GridSide bool
	// Years plans the portfolio over a horizon of this many years from
	// 2026 (0: one window, no horizon): the generated year of prices
	// (Hours must be 8760) repeats, escalated 2% a year; the hashprice
	// follows fundamentals through the halvings (BTC price +10%, network
	// hashrate +20% a year); halls get lead times of 0-24 months, lease
	// terms of 5-15 years and escalators; commitments start when their
	// hall can be in service (after its lead time and its build).
	Years int
	// BuildMonths, with Years, gives every hall that construction period
	// (0: build_months' default, the hall's lead time).
	BuildMonths int `json:",omitempty"`
	// Scenarios gives the case this many [[scenario]] tables, equally
	// likely, each with its own hashprice scale (0.6-1.6), price scale
	// (0.7-1.3) and default lease (115-196 USD/kW-month): a stochastic
	// plan at risk weight RiskWeight (CVaR of the worst 10%).
	Scenarios  int
	RiskWeight float64
}

// Portfolio generates a portfolio of ERCOT-like sites with
// synthetic hub prices (grid.SyntheticPrices), with parameters in the
// ranges real portfolios have (capex 8-11 M USD per MW, leases 115-196 USD
// per kW-month, PUE 1.03-1.4, 15-28 J/TH). Every generated case is feasible: a commitment never exceeds the
// smallest hall that fits its site, and the market cap covers every
// commitment.
func Portfolio(spec Spec) (*optimize.Inputs, error) {
	if spec.Sites < 1 || spec.Hours < 1 || spec.HallsPerSite < 0 {
		return nil, fmt.Errorf("synthetic portfolio: need sites >= 1, hours >= 1, halls >= 0, got %d, %d, %d", spec.Sites, spec.Hours, spec.HallsPerSite)
	}
	nodes := []string{"HB_WEST", "HB_NORTH", "HB_SOUTH", "HB_HOUSTON"}
	profiles, err := grid.ERCOTLikeProfiles(nodes...)
	if err != nil {
		return nil, err
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	if spec.Years > 0 {
		if spec.Hours != 8760 {
			return nil, fmt.Errorf("synthetic portfolio: a horizon of years needs a full year of prices (8760 hours), got %d", spec.Hours)
		}
		start = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	prices, err := grid.SyntheticPrices(grid.SynthConfig{
		Seed: int64(spec.Seed), Start: start, Hours: spec.Hours, Nodes: profiles,
	})
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(spec.Seed, 0x9e3779b97f4a7c15))
	c := &sites.Case{
		File:   "(synthetic)",
		Name:   fmt.Sprintf("synthetic %d sites x %d h (seed %d)", spec.Sites, spec.Hours, spec.Seed),
		Market: sites.MarketSpec{AILeaseUSDPerKWMonth: 140},
		// The terms a case file with only discount_rate and life_years
		// loads to (the declared defaults), so that a written case loads
		// back the same.
		Finance: sites.Finance{DiscountRate: 0.07125, LifeYears: 15, DebtTenorYears: 15, DepreciationYears: 15, TargetEquityIRR: 0.15},
	}
	hashprice := 45.0
	c.Market.HashpriceUSDPerPHDay = &hashprice
	in := &optimize.Inputs{Case: c, Hours: prices.Times}
	var hallIT, committedNew float64
	for s := range spec.Sites {
		capacity := math.Round(50 + 450*rng.Float64())
		pue := 1.03 + 0.25*rng.Float64()
		node := nodes[rng.IntN(len(nodes))]
		site := sites.Site{
			ID: fmt.Sprintf("site-%04d", s), Region: "ERCOT", Node: node,
			InterconnectMW: math.Round(capacity * pue * (0.95 + 0.2*rng.Float64())),
			Mining: sites.Mining{
				CapacityITMW: capacity, EfficiencyJPerTH: 15 + 13*rng.Float64(), PUE: pue, OpexUSDPerMWh: 2 + 5*rng.Float64(),
				PUETemp: sites.TempCurve{ReferenceC: 20}, DerateAboveC: 35, // the case file's defaults
			},
			AI: sites.AI{ExistingPUE: 1.3, PowerPassThrough: rng.Float64() < 0.7, Utilization: 0.7 + 0.25*rng.Float64()},
		}
		smallestFit := math.Inf(1)
		for h := range spec.HallsPerSite {
			it := math.Round(capacity * (0.1 + 0.3*rng.Float64()))
			cooling, hallPUE, rack := sites.CoolingLiquid, 1.05+0.1*rng.Float64(), 120.0
			lease := 115 + 81*rng.Float64()
			if rng.Float64() < 0.3 {
				cooling, hallPUE, rack, lease = sites.CoolingAir, 1.2+0.2*rng.Float64(), 30, 115+20*rng.Float64()
			}
			hall := sites.Hall{
				ID: fmt.Sprintf("hall-%d", h), ITMW: it, Cooling: cooling, RackKW: rack, PUE: hallPUE,
				CapexUSDPerMW: (8 + 3*rng.Float64()) * 1e6, FixedOMUSDPerMWYear: 40000 + 30000*rng.Float64(),
				DisplacesMiningITMW: math.Min(capacity, math.Round(it*hallPUE/pue)),
				LeaseUSDPerKWMonth:  lease, LeaseOverridden: true,
				PUETemp: sites.TempCurve{ReferenceC: 20}, Flexibility: sites.FlexFirm, Offer: sites.OfferColocation,
				OccupancyStart: 1, Occupancy: 1,
			}
			site.Halls = append(site.Halls, hall)
			hallIT += it
			if it*hallPUE <= site.InterconnectMW && hall.DisplacesMiningITMW <= capacity {
				smallestFit = math.Min(smallestFit, it)
			}
		}
		if rng.Float64() < spec.CommitmentShare && !math.IsInf(smallestFit, 1) {
			site.AI.CommittedITMW = smallestFit
			committedNew += smallestFit
		}
		col, _ := prices.Column(node)
		in.SitePriceUSDPerMWh = append(in.SitePriceUSDPerMWh, col)
		c.Sites = append(c.Sites, site)
	}
	if spec.CapShare > 0 {
		capMW := math.Max(math.Round(spec.CapShare*hallIT), committedNew)
		c.Market.AIDemandCapITMW = &capMW
	}
	hp := make([]float64, spec.Hours)
	for t := range hp {
		hp[t] = hashprice
	}
	in.HashpriceUSDPerPHDay = hp
	if spec.GridSide {
		addGridSide(in, prices, nodes, rng)
	}
	if spec.Years > 0 {
		if in, err = withYears(in, spec.Years, spec.BuildMonths, rng); err != nil {
			return nil, err
		}
	}
	addScenarios(in.Case, spec, rng)
	return in, in.Check()
}

// addScenarios gives a synthetic case its scenarios (Spec.Scenarios).
func addScenarios(c *sites.Case, spec Spec, rng *rand.Rand) {
	c.Risk = sites.Risk{Weight: spec.RiskWeight, Alpha: 0.1, CommitYears: 2}
	round := func(v float64) *float64 {
		v = math.Round(v*1000) / 1000
		return &v
	}
	for w := range spec.Scenarios {
		c.Scenarios = append(c.Scenarios, sites.Scenario{ID: fmt.Sprintf("s%02d", w), File: c.File,
			HashpriceScale: round(0.6 + rng.Float64()), PriceScale: round(0.7 + 0.6*rng.Float64()),
			LeaseUSDPerKWMonth: round(115 + 81*rng.Float64())})
	}
}

// withYears turns a one-year synthetic portfolio (2025) into a horizon of
// years from 2026 (Spec.Years), every hall building for buildMonths (0:
// its lead time).
func withYears(src *optimize.Inputs, years, buildMonths int, rng *rand.Rand) (*optimize.Inputs, error) {
	c := src.Case
	escalation := 0.02
	c.Horizon = &sites.Horizon{StartYear: 2026, Years: years, PriceEscalationPerYear: &escalation}
	btc, hashrate, fees := 90000.0, 900.0, 0.025
	c.Market.HashpriceUSDPerPHDay = nil
	c.Market.BTCPriceUSD, c.Market.NetworkHashrateEHs, c.Market.FeesBTCPerBlock = &btc, &hashrate, &fees
	c.Market.BTCPriceGrowthPerYear, c.Market.NetworkHashrateGrowthPerYear = 0.10, 0.20
	c.Finance = sites.Finance{DiscountRate: c.Finance.DiscountRate, LifeYears: c.Finance.LifeYears, DebtShare: 0.8, DebtRate: 0.07125,
		DebtTenorYears: 10, TaxRate: 0.21, DepreciationYears: 15, TargetEquityIRR: 0.15}
	for s := range c.Sites {
		site := &c.Sites[s]
		for h := range site.Halls {
			hall := &site.Halls[h]
			hall.LeadTimeMonths = 6 * rng.IntN(5)
			hall.BuildMonths = hall.LeadTimeMonths // build_months' default
			if buildMonths > 0 {
				hall.BuildMonths = buildMonths
			}
			hall.LeaseTermYears = 5 + 5*rng.IntN(3)
			hall.LeaseEscalatorPerYear = 0.03 * rng.Float64()
		}
		if need := site.AI.CommittedITMW; need > 0 {
			// Start the commitment when its smallest hall can be in service.
			for _, hall := range site.Halls {
				if hall.ITMW == need {
					ready := c.Horizon.YearStart(1).AddDate(0, max(hall.LeadTimeMonths, hall.BuildMonths), 0)
					y := ready.Year()
					if ready.After(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)) {
						y++
					}
					site.AI.CommittedFrom = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
					break
				}
			}
		}
	}
	return loader.RepeatOverHorizon(c, src)
}

// addGridSide gives a synthetic portfolio temperatures, PUE curves,
// derating, reserve prices and coincident peaks (Spec.GridSide).
func addGridSide(in *optimize.Inputs, prices *grid.Series, nodes []string, rng *rand.Rand) {
	T := len(in.Hours)
	temps := make(map[string][]float64, len(nodes))
	reserves := make(map[string][]float64, len(nodes))
	for k, node := range nodes {
		temp, res := make([]float64, T), make([]float64, T)
		mean, swing := 18+4*float64(k), 10+2*float64(k%2)
		for t, h := range in.Hours {
			day := float64(h.YearDay())
			hour := float64(h.Hour())
			temp[t] = math.Round((mean+swing*math.Cos(2*math.Pi*(day-200)/365)+6*math.Cos(2*math.Pi*(hour-21)/24)+2*rng.NormFloat64())*10) / 10
			if rng.Float64() < 0.6 {
				res[t] = math.Round(100*(3+12*rng.Float64())) / 100
			}
		}
		temps[node], reserves[node] = temp, res
	}
	in.SiteTemperatureC = make([][]float64, len(in.Case.Sites))
	in.SiteReservePriceUSDPerMWh = make([][]float64, len(in.Case.Sites))
	for s := range in.Case.Sites {
		site := &in.Case.Sites[s]
		in.SiteTemperatureC[s] = temps[site.Node]
		in.SiteReservePriceUSDPerMWh[s] = reserves[site.Node]
		capMW := math.Round(site.Mining.CapacityITMW * (0.1 + 0.3*rng.Float64()))
		site.ReserveMaxMW = &capMW
		site.Mining.PUETemp = sites.TempCurve{SlopePerC: math.Round(1e4*0.004*rng.Float64()) / 1e4, ReferenceC: 25}
		if site.Mining.PUE > 1.15 { // air-cooled fleets lose hashrate in the heat
			site.Mining.DerateAboveC, site.Mining.DeratePerC = 35, math.Round(1e4*0.02*rng.Float64())/1e4
		}
		for h := range site.Halls {
			hall := &site.Halls[h]
			slope := 0.001 + 0.004*rng.Float64()
			if hall.Cooling == sites.CoolingAir {
				slope += 0.006
			}
			hall.PUETemp = sites.TempCurve{SlopePerC: math.Round(1e4*slope) / 1e4, ReferenceC: 22 + float64(rng.IntN(8))}
		}
	}
	// The coincident peaks: each summer month's hour of the highest price
	// summed over the nodes.
	best := map[time.Month]int{}
	for t, h := range in.Hours {
		m := h.Month()
		if m < 6 || m > 9 {
			continue
		}
		var sum, bestSum float64
		for _, col := range prices.Values {
			sum += col[t]
		}
		if b, ok := best[m]; ok {
			for _, col := range prices.Values {
				bestSum += col[b]
			}
		}
		if _, ok := best[m]; !ok || sum > bestSum {
			best[m] = t
		}
	}
	for _, t := range best {
		in.CoincidentPeakHours = append(in.CoincidentPeakHours, t)
	}
	sort.Ints(in.CoincidentPeakHours)
	if len(in.CoincidentPeakHours) > 0 {
		in.CoincidentPeakRateUSDPerMWYear = 55000
	}
}
