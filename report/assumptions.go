package report

import (
	"math"
	"path/filepath"
	"sort"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/proforma"
	"github.com/gridflip/gridflip/sites"
)

// AssumptionsJSON holds every figure the report's assumptions table
// shows: the case's inputs (with their defaults applied), never a result.
// A figure the case does not have (no debt, no fundamentals, no horizon)
// is absent or null.
type AssumptionsJSON struct {
	// LeaseUSDPerKWMonth is the market's default lease; HallLease the
	// candidate halls' effective first-year leases (their own or the
	// default), lowest and highest.
	LeaseUSDPerKWMonth        float64    `json:"lease_usd_per_kw_month"`
	HallLeaseUSDPerKWMonth    *RangeJSON `json:"hall_lease_usd_per_kw_month"`
	LeaseEscalatorPerYear     *RangeJSON `json:"lease_escalator_per_year"`
	CapexUSDPerMW             *RangeJSON `json:"capex_usd_per_mw"`
	FixedOMUSDPerMWYear       *RangeJSON `json:"fixed_om_usd_per_mw_year"`
	DiscountRate              float64    `json:"discount_rate"`
	LifeYears                 int        `json:"life_years"`
	DebtShare                 float64    `json:"debt_share"`
	DebtRate                  float64    `json:"debt_rate"`
	DebtTenorYears            int        `json:"debt_tenor_years"`
	InterestOnlyYears         int        `json:"interest_only_years"`
	TaxRate                   float64    `json:"tax_rate"`
	Depreciation              string     `json:"depreciation"`
	DepreciationYears         int        `json:"depreciation_years"`
	OpexEscalatorPerYear      float64    `json:"opex_escalator_per_year"`
	TargetEquityIRR           float64    `json:"target_equity_irr"`
	MinDSCRCovenant           *float64   `json:"min_dscr_covenant"`
	DebtSizing                string     `json:"debt_sizing"`
	SizingDSCR                *float64   `json:"sizing_dscr,omitempty"`
	HashpriceSource           string     `json:"hashprice_source"`
	HashpriceUSDPerPHDayYears []YearFig  `json:"hashprice_usd_per_ph_day_by_year"`
	BTCPriceUSD               *float64   `json:"btc_price_usd"`
	BTCPriceFile              string     `json:"btc_price_file,omitempty"`
	BTCPriceGrowthPerYear     *float64   `json:"btc_price_growth_per_year"`
	NetworkHashrateEHs        *float64   `json:"network_hashrate_eh_s"`
	NetworkHashrateGrowth     *float64   `json:"network_hashrate_growth_per_year"`
	FeesBTCPerBlock           *float64   `json:"fees_btc_per_block"`
	Halvings                  []string   `json:"halvings"`
	PriceFile                 string     `json:"price_file"`
	PriceDataYears            []int      `json:"price_data_years"`
	PriceEscalationPerYear    *float64   `json:"price_escalation_per_year"`
	HorizonStartYear          *int       `json:"horizon_start_year"`
	HorizonYears              *int       `json:"horizon_years"`
}

// RangeJSON is the lowest and highest of a figure over the candidate
// halls.
type RangeJSON struct {
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// YearFig is one year's figure.
type YearFig struct {
	Year  int     `json:"year"`
	Value float64 `json:"value"`
}

// assumptions gathers the case's inputs for the report (nil without the
// case).
func assumptions(a *analysis.Analysis) *AssumptionsJSON {
	c := a.Case
	if c == nil {
		return nil
	}
	t := proforma.TermsOf(c.Finance)
	m := c.Market
	out := &AssumptionsJSON{
		LeaseUSDPerKWMonth: m.AILeaseUSDPerKWMonth,
		DiscountRate:       t.DiscountRate, LifeYears: c.Finance.LifeYears,
		DebtShare: t.DebtShare, DebtRate: t.DebtRate, DebtTenorYears: t.DebtTenorYears, InterestOnlyYears: t.InterestOnlyYears,
		TaxRate: t.TaxRate, Depreciation: "straight_line", DepreciationYears: t.DepreciationYears,
		OpexEscalatorPerYear: t.OpexEscalatorPerYear, TargetEquityIRR: t.TargetEquityIRR,
		PriceFile: filepath.Base(c.Grid.Prices), PriceEscalationPerYear: optional(c.Horizon != nil, func() float64 {
			if c.Horizon.PriceEscalationPerYear == nil {
				return math.NaN()
			}
			return *c.Horizon.PriceEscalationPerYear
		}),
	}
	if c.Finance.Depreciation == sites.DepreciationMACRS {
		out.Depreciation = "macrs"
	}
	if t.MinDSCR > 0 {
		v := t.MinDSCR
		out.MinDSCRCovenant = &v
	}
	out.DebtSizing = c.Finance.DebtSizing.String()
	if t.DebtSizing == finance.SculptedDSCR {
		v := t.SizingDSCR
		out.SizingDSCR = &v
	}
	out.HallLeaseUSDPerKWMonth = hallRange(c, func(h *sites.Hall) float64 { return h.LeaseUSDPerKWMonth })
	out.LeaseEscalatorPerYear = hallRange(c, func(h *sites.Hall) float64 { return h.LeaseEscalatorPerYear })
	out.CapexUSDPerMW = hallRange(c, func(h *sites.Hall) float64 { return h.CapexUSDPerMW })
	out.FixedOMUSDPerMWYear = hallRange(c, func(h *sites.Hall) float64 { return h.FixedOMUSDPerMWYear })
	switch {
	case m.HashpriceUSDPerPHDay != nil:
		out.HashpriceSource = "constant"
	case m.Hashprice != "":
		out.HashpriceSource = "series " + filepath.Base(m.Hashprice)
	default:
		out.HashpriceSource = "fundamentals"
		out.BTCPriceUSD, out.NetworkHashrateEHs, out.FeesBTCPerBlock = m.BTCPriceUSD, m.NetworkHashrateEHs, m.FeesBTCPerBlock
		if m.BTCPrice != "" {
			out.BTCPriceFile = filepath.Base(m.BTCPrice)
		}
		if c.Horizon != nil {
			g, h := m.BTCPriceGrowthPerYear, m.NetworkHashrateGrowthPerYear
			out.BTCPriceGrowthPerYear, out.NetworkHashrateGrowth = &g, &h
		}
		if dates, err := loader.HalvingDates(c); err == nil {
			for _, d := range dates {
				out.Halvings = append(out.Halvings, d.Format("2006-01-02"))
			}
		}
	}
	p := a.Plan
	if len(p.Years) > 0 {
		for _, y := range p.Years {
			out.HashpriceUSDPerPHDayYears = append(out.HashpriceUSDPerPHDayYears, YearFig{Year: y.Year, Value: y.HashpriceUSDPerPHDay})
		}
	} else if len(p.HashpriceUSDPerPHDay) > 0 && len(p.HourTimes) == len(p.HashpriceUSDPerPHDay) {
		// The run's mean hourly hashprice by calendar year (UTC), as the
		// horizon's years report it.
		sum, n := map[int]float64{}, map[int]int{}
		for i, v := range p.HashpriceUSDPerPHDay {
			y := p.HourTimes[i].UTC().Year()
			sum[y] += v
			n[y]++
		}
		for _, y := range sortedKeys(n) {
			out.HashpriceUSDPerPHDayYears = append(out.HashpriceUSDPerPHDayYears, YearFig{Year: y, Value: sum[y] / float64(n[y])})
		}
	}
	if c.Horizon != nil {
		start, years := c.Horizon.StartYear, c.Horizon.Years
		out.HorizonStartYear, out.HorizonYears = &start, &years
	}
	if a.PriceSourceYear != 0 {
		out.PriceDataYears = []int{a.PriceSourceYear}
	} else {
		seen := map[int]int{}
		for _, t := range p.HourTimes {
			seen[t.UTC().Year()]++
		}
		if len(p.HourTimes) == 0 && p.Hours > 0 {
			seen[p.Start.UTC().Year()]++
		}
		out.PriceDataYears = sortedKeys(seen)
	}
	return out
}

// optional is &f() when ok and f() is a number, else nil.
func optional(ok bool, f func() float64) *float64 {
	if !ok {
		return nil
	}
	v := f()
	if math.IsNaN(v) {
		return nil
	}
	return &v
}

// hallRange is a figure's lowest and highest over the candidate halls
// (nil when the case has none).
func hallRange(c *sites.Case, f func(*sites.Hall) float64) *RangeJSON {
	var r *RangeJSON
	for s := range c.Sites {
		for h := range c.Sites[s].Halls {
			v := f(&c.Sites[s].Halls[h])
			if r == nil {
				r = &RangeJSON{Min: v, Max: v}
			}
			r.Min, r.Max = math.Min(r.Min, v), math.Max(r.Max, v)
		}
	}
	return r
}

// sortedKeys returns a map's integer keys in order.
func sortedKeys[V any](m map[int]V) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}
