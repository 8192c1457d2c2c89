package serve

import (
	"math"
	"sort"

	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// Control is one what-if control of the page: its key, its label and
// unit, the case's own value (nil where the case sets none, e.g. no
// market cap), the range the key allows (from its declaration: nil ends
// are unbounded) and a span for the slider within it.
type Control struct {
	Key     string   `json:"key"`
	Label   string   `json:"label"`
	Unit    string   `json:"unit"`
	Default *float64 `json:"default"`
	// DefaultNote says what the case does when Default is nil.
	DefaultNote string   `json:"default_note,omitempty"`
	Min         *float64 `json:"min"`
	Max         *float64 `json:"max"`
	MinOpen     bool     `json:"min_open"`
	MaxOpen     bool     `json:"max_open"`
	Interval    string   `json:"interval"`
	SliderMin   float64  `json:"slider_min"`
	SliderMax   float64  `json:"slider_max"`
	Step        float64  `json:"step"`
	Description string   `json:"description"`
}

// CaseJSON is GET /api/case: the case and its controls.
type CaseJSON struct {
	Case       string    `json:"case"`
	Sites      int       `json:"sites"`
	Halls      int       `json:"halls"`
	Hours      int       `json:"hours"`
	Years      int       `json:"years,omitempty"`
	Stochastic bool      `json:"stochastic"`
	Controls   []Control `json:"controls"`
}

// control describes one control: key, label, the case's value, and
// whether the case offers it.
type control struct {
	key, label string
	value      *float64
	note       string
	offered    bool
	span       [2]float64 // the slider's span (0,0: around the default)
	step       float64
}

// Controls returns the case's what-if controls: every what-if key that
// applies to the case (λ and α only with scenarios; the escalator with a
// horizon; the growths with a horizon and the fundamentals), with the
// case's own values as defaults.
func Controls(in *optimize.Inputs) CaseJSON {
	c := in.Case
	m := c.Market
	f := func(v float64) *float64 { return &v }
	horizon := c.Horizon != nil
	fundamentals := m.HashpriceUSDPerPHDay == nil && m.Hashprice == ""
	stochastic := len(c.Scenarios) > 0
	var capMW *float64
	capNote := "no cap"
	if m.AIDemandCapITMW != nil {
		capMW = f(*m.AIDemandCapITMW)
	} else if m.AIDemandCapITMWByYear != nil {
		capNote = "a cap per year"
	}
	alpha := c.Risk.Alpha
	if alpha == 0 {
		alpha = 0.1
	}
	escalator := commonEscalator(c)
	list := []control{
		{key: "lease_usd_per_kw_month", label: "AI lease", value: f(m.AILeaseUSDPerKWMonth), offered: true,
			span: [2]float64{50, 300}, step: 1},
		{key: "lease_escalator_per_year", label: "Lease escalator", value: f(escalator), offered: horizon,
			span: [2]float64{-0.02, 0.06}, step: 0.0025},
		{key: "hashprice_scale", label: "Hashprice scale", value: f(1), offered: true, span: [2]float64{0.25, 3}, step: 0.05},
		{key: "btc_price_growth_per_year", label: "BTC price growth", value: f(m.BTCPriceGrowthPerYear),
			offered: horizon && fundamentals && m.BTCPrice == "", span: [2]float64{-0.3, 0.5}, step: 0.01},
		{key: "network_hashrate_growth_per_year", label: "Network hashrate growth", value: f(m.NetworkHashrateGrowthPerYear),
			offered: horizon && fundamentals, span: [2]float64{-0.2, 0.6}, step: 0.01},
		{key: "price_scale", label: "Power price scale", value: f(1), offered: true, span: [2]float64{0.25, 3}, step: 0.05},
		{key: "price_adder_usd_per_mwh", label: "Power price adder", value: f(0), offered: true, span: [2]float64{-30, 60}, step: 1},
		{key: "capex_scale", label: "Capex scale", value: f(1), offered: true, span: [2]float64{0.5, 2}, step: 0.05},
		{key: "discount_rate", label: "WACC", value: f(c.Finance.DiscountRate), offered: true, span: [2]float64{0.03, 0.2}, step: 0.0025},
		{key: "ai_demand_cap_it_mw", label: "Market cap", value: capMW, note: capNote, offered: true, span: [2]float64{0, capSpan(c)}, step: 10},
		{key: "risk_weight", label: "Risk weight λ", value: f(c.Risk.Weight), offered: stochastic, span: [2]float64{0, 1}, step: 0.05},
		{key: "cvar_alpha", label: "CVaR α", value: f(alpha), offered: stochastic, span: [2]float64{0.05, 1}, step: 0.05},
		{key: "curtailable_share", label: "Curtailable share", note: "the halls' own terms", offered: true, span: [2]float64{0.0025, 0.05}, step: 0.0025},
	}
	decl := map[string]sites.Key{}
	for _, k := range WhatIfKeys() {
		decl[k.Name()] = k
	}
	out := CaseJSON{Case: c.Name, Sites: len(c.Sites), Hours: in.T(), Stochastic: stochastic}
	if horizon {
		out.Years = c.Horizon.Years
	}
	for _, s := range c.Sites {
		out.Halls += len(s.Halls)
	}
	for _, ct := range list {
		k, ok := decl[ct.key]
		if !ct.offered || !ok {
			continue
		}
		lo, hi, loOpen, hiOpen := k.Bounds()
		ctl := Control{Key: ct.key, Label: ct.label, Unit: k.Unit, Default: ct.value, DefaultNote: ct.note,
			MinOpen: loOpen, MaxOpen: hiOpen, Interval: k.Interval(), Step: ct.step, Description: k.Desc}
		if !math.IsInf(lo, 0) {
			ctl.Min = f(lo)
		}
		if !math.IsInf(hi, 0) {
			ctl.Max = f(hi)
		}
		ctl.SliderMin, ctl.SliderMax = ct.span[0], ct.span[1]
		if ct.value != nil { // the span holds the case's value
			ctl.SliderMin, ctl.SliderMax = min(ctl.SliderMin, *ct.value), max(ctl.SliderMax, *ct.value)
		}
		ctl.SliderMin, ctl.SliderMax = math.Max(ctl.SliderMin, lo), math.Min(ctl.SliderMax, hi)
		if loOpen && ctl.SliderMin <= lo {
			ctl.SliderMin = lo + ct.step
		}
		if hiOpen && ctl.SliderMax >= hi {
			ctl.SliderMax = hi - ct.step
		}
		out.Controls = append(out.Controls, ctl)
	}
	return out
}

// commonEscalator is the lease escalator most of the halls at the market
// lease have (the smallest of equals; 0 without such halls): the
// escalator control's default.
func commonEscalator(c *sites.Case) float64 {
	count := map[float64]int{}
	for _, s := range c.Sites {
		for _, h := range s.Halls {
			if !h.LeaseOverridden {
				count[h.LeaseEscalatorPerYear]++
			}
		}
	}
	var values []float64
	for v := range count {
		values = append(values, v)
	}
	sort.Float64s(values)
	best := 0.0
	for _, v := range values {
		if count[v] > count[best] {
			best = v
		}
	}
	return best
}

// capSpan is the market cap slider's top: every candidate hall's IT MW.
func capSpan(c *sites.Case) float64 {
	total := 0.0
	for _, s := range c.Sites {
		for _, h := range s.Halls {
			total += h.ITMW
		}
	}
	return math.Max(10, math.Ceil(total))
}
