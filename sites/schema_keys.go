package sites

import "math"

// Kind says what a declared key holds.
type Kind int

// Kinds of declared keys.
const (
	KindNumber    Kind = iota // a finite number (an integer or a float)
	KindInteger               // a whole number
	KindString                // text or a file path
	KindID                    // an id: [A-Za-z0-9_.-]+, at most MaxIDLen bytes
	KindChoice                // one of Choices
	KindBool                  // true or false
	KindDate                  // a YYYY-MM-DD date (a string or a TOML local date)
	KindTimestamp             // an RFC 3339 timestamp with a zone, or a date
	KindList                  // a list (see the description)
)

// String names the kind for the reference.
func (k Kind) String() string {
	return [...]string{"number", "integer", "string", "id", "choice", "boolean", "date", "timestamp", "list"}[k]
}

// Key declares one key of a case file: where it is written, what it
// fills, its unit, default and range. The checkers take required-ness,
// defaults and plain ranges from here, and docs/reference/case.md is
// generated from the table (see Reference).
type Key struct {
	// Path is the key's TOML path without array indices, e.g.
	// "sites.mining.pue" (the key pue of every [sites.mining] table).
	Path string
	// Field is the Go field the key fills, e.g. "Site.Mining.PUE".
	Field string
	// Kind is what the key holds.
	Kind Kind
	// Unit is the unit of a number (e.g. "IT MW"), or of an integer (the
	// unit in messages, e.g. "years").
	Unit string
	// Required marks keys that must be given (in their table, when it is
	// present).
	Required bool
	// Default is the value taken when the key is absent, written as TOML
	// ("0.8", "true", `"firm"`), or "" when there is none (or it is not a
	// constant: see DefaultDoc).
	Default string
	// DefaultDoc describes a default that is not a constant, or when the
	// key is required, e.g. "`life_years`" or "required for gpu_cloud".
	DefaultDoc string
	// Choices are the values a KindChoice key allows; the first is the
	// default.
	Choices []string
	// Desc is a one-line description for the reference.
	Desc string
	// Section is the heading of the reference the key is listed under.
	Section string
	// Param marks a term parameter: a number stored in its table's Params
	// (Site.Params, Mining.Params, Hall.Params) under its Name, read by the
	// term with Params.Get; it has no raw or typed struct field of its own.
	Param bool

	// rng is the allowed range of a number or an integer, with the note
	// shown in messages; the zero rng when the checker applies no plain
	// range (the value is then checked by hand).
	rng rng
}

// Table is the key's table path, e.g. "sites.mining" ("" at the top).
func (k Key) Table() string {
	for i := len(k.Path) - 1; i >= 0; i-- {
		if k.Path[i] == '.' {
			return k.Path[:i]
		}
	}
	return ""
}

// Name is the key's own name, e.g. "pue".
func (k Key) Name() string {
	if t := k.Table(); t != "" {
		return k.Path[len(t)+1:]
	}
	return k.Path
}

// Ranged reports whether the key has a plain range.
func (k Key) Ranged() bool { return k.rng.hasLo || k.rng.hasHi }

// Contains reports whether v lies in the key's range (every value does
// when the key has none).
func (k Key) Contains(v float64) bool { return k.rng.contains(v) }

// Interval is the key's range in interval notation, e.g. "(0, 10⁶]", or
// "" when it has none.
func (k Key) Interval() string { return k.rng.interval() }

// Bounds are the key's range: its ends (±Inf where it has none) and
// whether each end is open.
func (k Key) Bounds() (lo, hi float64, loOpen, hiOpen bool) {
	lo, hi = math.Inf(-1), math.Inf(1)
	if k.rng.hasLo {
		lo = k.rng.lo
	}
	if k.rng.hasHi {
		hi = k.rng.hi
	}
	return lo, hi, k.rng.loOpen, k.rng.hiOpen
}

// Note is the explanation shown with the key's range in messages.
func (k Key) Note() string { return k.rng.note }

// Keys returns the declarations of every case-file key, in reference
// order. The slice is a copy.
func Keys() []Key { return append([]Key(nil), caseKeys...) }

// arrayTables are the tables written [[name]], arrays of tables; every
// other table of the declarations is written [name].
var arrayTables = []string{"gap", "scenario", "sites", "sites.conversion", "sites.contract"}

// Declaration sections, in reference order.
const (
	secCase     = "Case"
	secHorizon  = "Horizon"
	secGrid     = "Grid and prices"
	secMarket   = "Market"
	secFinance  = "Finance"
	secImpact   = "Impact"
	secGap      = "Power-gap references"
	secSite     = "Sites"
	secMining   = "Mining fleet"
	secAI       = "Existing AI"
	secHall     = "Conversion halls"
	secContract = "Power contracts"
	secScenario = "Scenarios"
	secRisk     = "Risk"
)

// Range constructors for the declarations: closed [lo, hi], open-closed
// (lo, hi] and closed-open [lo, hi), each with its message note.
func cc(lo, hi float64, note string) rng { return between(lo, hi, note) }
func oc(lo, hi float64, note string) rng { return within(lo, hi, true, note) }
func co(lo, hi float64, note string) rng {
	r := between(lo, hi, note)
	r.hiOpen = true
	return r
}

// Notes shared by several keys.
const (
	noteGPU       = "a GPU cloud contract needs gpu_revenue_usd_per_year, gpu_capex_usd and gpu_term_years"
	noteRiskW     = "λ: 0 is the expectation, 1 the CVaR alone"
	noteGrowth    = "a fraction a year: 0.10 is 10%"
	noteFraction  = "a fraction: 0.07 is 7%"
	noteScale     = "a multiplier"
	noteSlope     = "PUE per °C above the reference"
	horizonOnly   = "with a [horizon] only"
	curtailedOnly = `curtailable halls only (ai_flexibility = "curtailable")`
)

// caseKeys declares every key of a case file (and of a scenarios file,
// whose [[scenario]] tables are a case's). It is the one place a key's
// path, range, unit and default are written.
var caseKeys = []Key{
	{Path: "name", Field: "Case.Name", Kind: KindString, DefaultDoc: "the file's base name", Section: secCase,
		Desc: "the case's name in reports"},

	{Path: "horizon.start_year", Field: "Horizon.StartYear", Kind: KindInteger, Unit: "years (the calendar year of year 1)", Required: true, Section: secHorizon,
		rng: cc(2000, 2100, ""), Desc: "plan year by year from 1 January of this year (UTC); without [horizon] the plan covers one window of hours"},
	{Path: "horizon.years", Field: "Horizon.Years", Kind: KindInteger, Unit: "years", Required: true, Section: secHorizon,
		rng: cc(1, 50, ""), Desc: "the number of years planned"},
	{Path: "horizon.price_escalation_per_year", Field: "Horizon.PriceEscalationPerYear", Kind: KindNumber, Unit: "fraction a year", DefaultDoc: "none: grid.prices covers every hour", Section: secHorizon,
		rng: cc(-0.5, 1, "a fraction a year: 0.02 is 2%"), Desc: "when grid.prices does not cover the horizon, its last full calendar year repeats, energy prices × (1+e)^(k−1)"},

	{Path: "grid.prices", Field: "GridSpec.Prices", Kind: KindString, Unit: "path", Required: true, Section: secGrid,
		Desc: "CSV: `timestamp`, then one column per node, USD/MWh"},
	{Path: "grid.day_ahead_prices", Field: "GridSpec.DayAheadPrices", Kind: KindString, Unit: "path", Section: secGrid,
		Desc: `a second price file (same layout) for sites with settlement = "day_ahead"`},
	{Path: "grid.reserve_prices", Field: "GridSpec.ReservePrices", Kind: KindString, Unit: "path", Section: secGrid,
		Desc: "hourly reserve prices, USD per MW-h, each in [0, 10⁶]; a column per node or region"},
	{Path: "grid.temperatures", Field: "GridSpec.Temperatures", Kind: KindString, Unit: "path", Section: secGrid,
		Desc: "hourly temperatures, °C, each in [−60, 70]; a column per node, region or site id"},
	{Path: "grid.start", Field: "GridSpec.Start", Kind: KindTimestamp, DefaultDoc: "the file's first hour", Section: secGrid,
		Desc: "the first hour of the modelled window; not with a [horizon]"},
	{Path: "grid.hours", Field: "GridSpec.Hours", Kind: KindInteger, Unit: "hours", DefaultDoc: "the whole file", Section: secGrid,
		rng: cc(1, 30*8784, ""), Desc: "the length of the modelled window; not with a [horizon]"},
	{Path: "grid.headroom_reference_year", Field: "GridSpec.HeadroomReferenceYear", Kind: KindInteger, Unit: "year", DefaultDoc: "the load data's latest counted year", Section: secGrid,
		rng: cc(1900, 2100, ""), Desc: "the local calendar year of the balancing areas' historical load onto which the plan's load change is mapped for the headroom before and after (docs/headroom.md); a counted year of the bundled data (2016-2024)"},
	{Path: "grid.coincident_peak.rate_usd_per_mw_year", Field: "CoincidentPeakSpec.RateUSDPerMWYear", Kind: KindNumber, Unit: "USD per MW-year", Required: true, Section: secGrid,
		rng: oc(0, maxCPRateUSDPerMWYear, "USD per MW-year of average load in the peak intervals"), Desc: "transmission charge on average meter load in the peak intervals (ERCOT 4CP)"},
	{Path: "grid.coincident_peak.intervals", Field: "CoincidentPeakSpec.Intervals", Kind: KindList, Unit: "RFC 3339 list", DefaultDoc: "intervals or system_load", Section: secGrid,
		Desc: "the peak hours, each on the hour"},
	{Path: "grid.coincident_peak.system_load", Field: "CoincidentPeakSpec.SystemLoad", Kind: KindString, Unit: "path", Section: secGrid,
		Desc: "a one-column hourly system-load CSV; each listed month's peak hour is an interval (instead of intervals)"},
	{Path: "grid.coincident_peak.months", Field: "CoincidentPeakSpec.Months", Kind: KindList, Unit: "months 1–12", Default: "[6, 7, 8, 9]", Section: secGrid,
		Desc: "the months whose peak hour counts, with system_load"},
	{Path: "grid.stress_hours.intervals", Field: "StressSpec.Intervals", Kind: KindList, Unit: "RFC 3339 list", DefaultDoc: "intervals or system_load", Section: secGrid,
		Desc: "the stress hours of every site (with a one-year price file repeated over a [horizon], hours of that year)"},
	{Path: "grid.stress_hours.system_load", Field: "StressSpec.SystemLoad", Kind: KindString, Unit: "path", Section: secGrid,
		Desc: "a one-column hourly system-load CSV; each calendar year's `hours` highest hours are the stress hours (instead of intervals)"},
	{Path: "grid.stress_hours.hours", Field: "StressSpec.Hours", Kind: KindInteger, Unit: "hours a year", DefaultDoc: "⌊largest max_curtailed_share × hours⌋", Section: secGrid,
		rng: cc(1, 8784, ""), Desc: "how many of the system load's highest hours a year are stress hours, with system_load"},

	{Path: "market.hashprice_usd_per_ph_day", Field: "MarketSpec.HashpriceUSDPerPHDay", Kind: KindNumber, Unit: "USD per PH/s per day", DefaultDoc: "one of the three hashprice sources", Section: secMarket,
		rng: oc(0, maxHashpriceUSDPerPHDay, "USD per PH/s per day"), Desc: "a constant hashprice"},
	{Path: "market.hashprice", Field: "MarketSpec.Hashprice", Kind: KindString, Unit: "path", DefaultDoc: "one of the three hashprice sources", Section: secMarket,
		Desc: "a hashprice series, daily or hourly: the column `hashprice_usd_per_ph_day`, or the only value column"},
	{Path: "market.btc_price_usd", Field: "MarketSpec.BTCPriceUSD", Kind: KindNumber, Unit: "USD", DefaultDoc: "fundamentals: this or btc_price", Section: secMarket,
		rng: oc(0, maxBTCPriceUSD, "USD per BTC"), Desc: "the BTC price of the fundamentals (the third hashprice source)"},
	{Path: "market.network_hashrate_eh_s", Field: "MarketSpec.NetworkHashrateEHs", Kind: KindNumber, Unit: "EH/s", DefaultDoc: "required by the fundamentals", Section: secMarket,
		rng: cc(minNetworkHashrateEHs, maxNetworkHashrateEHs, "EH/s, e.g. 900"), Desc: "the network hashrate of the fundamentals"},
	{Path: "market.fees_btc_per_block", Field: "MarketSpec.FeesBTCPerBlock", Kind: KindNumber, Unit: "BTC", Default: "0", Section: secMarket,
		rng: cc(0, maxFeesBTCPerBlock, "BTC per block"), Desc: "transaction fees per block, with the fundamentals"},
	{Path: "market.halving_2028", Field: "MarketSpec.Halving2028", Kind: KindDate, Default: `"2028-04-15"`, Section: secMarket,
		Desc: "subsidy 3.125 BTC until then, 1.5625 after, halving every 210,000 blocks (4 years less 2.5 days) after"},
	{Path: "market.halvings", Field: "MarketSpec.Halvings", Kind: KindList, Unit: "list of dates", DefaultDoc: "2028-04-15, 2032-04-12", Section: secMarket,
		Desc: "the halving dates after 2024-04-20, in order (instead of halving_2028); each halves the subsidy, and every 210,000 blocks after the last"},
	{Path: "market.btc_price", Field: "MarketSpec.BTCPrice", Kind: KindString, Unit: "path", Section: secMarket,
		Desc: "a BTC price series (USD) instead of btc_price_usd: hourly, daily or yearly (rows on 1 January), each row holding until the next"},
	{Path: "market.btc_price_growth_per_year", Field: "MarketSpec.BTCPriceGrowthPerYear", Kind: KindNumber, Unit: "fraction a year", Default: "0", Section: secMarket,
		rng: cc(-0.9, 10, noteGrowth), Desc: horizonOnly + ": year k's BTC price is the given one × (1+g)^(k−1)"},
	{Path: "market.network_hashrate_growth_per_year", Field: "MarketSpec.NetworkHashrateGrowthPerYear", Kind: KindNumber, Unit: "fraction a year", Default: "0", Section: secMarket,
		rng: cc(-0.9, 10, noteGrowth), Desc: horizonOnly + ": year k's network hashrate is the given one × (1+g)^(k−1)"},
	{Path: "market.ai_lease_usd_per_kw_month", Field: "MarketSpec.AILeaseUSDPerKWMonth", Kind: KindNumber, Unit: "USD per kW-month of IT", Required: true, Section: secMarket,
		rng: oc(0, maxLeaseUSDPerKWMonth, "USD per kW-month of IT capacity, e.g. 140"), Desc: "the default lease of new halls"},
	{Path: "market.ai_demand_cap_it_mw", Field: "MarketSpec.AIDemandCapITMW", Kind: KindNumber, Unit: "IT MW", DefaultDoc: "no cap", Section: secMarket,
		rng: cc(0, maxMarketCapITMW, "IT MW"), Desc: "the most new AI IT MW the market takes (in service, every year); with a horizon also a list with one cap per year"},

	{Path: "finance.discount_rate", Field: "Finance.DiscountRate", Kind: KindNumber, Unit: "fraction", Required: true, Section: secFinance,
		rng: co(0, 1, noteFraction), Desc: "the pre-tax nominal WACC; discounts the objective's years and the pro formas"},
	{Path: "finance.life_years", Field: "Finance.LifeYears", Kind: KindInteger, Unit: "years", Required: true, Section: secFinance,
		rng: cc(1, 100, ""), Desc: "capex annuity period and each hall's pro forma life, unless the hall gives its own"},
	{Path: "finance.debt_share", Field: "Finance.DebtShare", Kind: KindNumber, Unit: "fraction of capex", Default: "0", Section: secFinance,
		rng: cc(0, 1, "a fraction of capex: 0.85 is 85%"), Desc: "the share of capex borrowed"},
	{Path: "finance.debt_rate", Field: "Finance.DebtRate", Kind: KindNumber, Unit: "fraction a year", Default: "0", Section: secFinance,
		rng: co(0, 1, noteFraction), Desc: "the interest rate of the debt"},
	{Path: "finance.debt_tenor_years", Field: "Finance.DebtTenorYears", Kind: KindInteger, Unit: "years", DefaultDoc: "`life_years`", Section: secFinance,
		rng: cc(1, 100, ""), Desc: "level repayment, at most life_years"},
	{Path: "finance.tax_rate", Field: "Finance.TaxRate", Kind: KindNumber, Unit: "fraction", Default: "0", Section: secFinance,
		rng: co(0, 1, noteFraction), Desc: "on EBITDA − depreciation − interest, losses carried forward"},
	{Path: "finance.depreciation_years", Field: "Finance.DepreciationYears", Kind: KindInteger, Unit: "years", DefaultDoc: "`life_years`", Section: secFinance,
		rng: cc(1, 100, ""), Desc: "straight-line depreciation"},
	{Path: "finance.target_equity_irr", Field: "Finance.TargetEquityIRR", Kind: KindNumber, Unit: "fraction a year", Default: "0.15", Section: secFinance,
		rng: oc(-1, 1, "a fraction a year"), Desc: "the hurdle for the equity value and the minimum lease"},
	{Path: "finance.cash_flow_timing", Field: "Finance.CashFlowTiming", Kind: KindChoice, Choices: cashFlowTimings, Default: `"end_of_year"`, Section: secFinance,
		Desc: "money is valued at 1 January of the horizon's first year: year k's operating flows are discounted by (1+r)^−k at its end, or (1+r)^−(k−½) mid-year; the objective's years too"},
	{Path: "finance.opex_escalator_per_year", Field: "Finance.OpexEscalatorPerYear", Kind: KindNumber, Unit: "fraction a year", Default: "0", Section: secFinance,
		rng: cc(-0.5, 1, "a fraction a year: 0.03 is 3%"), Desc: "a hall's fixed O&M grows from its first year of service (pro formas only)"},
	{Path: "finance.terminal_value", Field: "Finance.TerminalValue", Kind: KindChoice, Choices: terminalValues, Default: `"none"`, Section: secFinance,
		Desc: "a hall's value after its life, received at the end of its last year, untaxed, in the pro formas only (never in the objective): exit_multiple × the last year's NOI, or NOI·(1+terminal_growth)/(discount_rate − terminal_growth)"},
	{Path: "finance.exit_multiple", Field: "Finance.ExitMultiple", Kind: KindNumber, Unit: "× NOI", DefaultDoc: `required with terminal_value = "exit_multiple"`, Section: secFinance,
		rng: oc(0, 100, "a multiple of the last year's NOI, e.g. 12"), Desc: `with terminal_value = "exit_multiple" only`},
	{Path: "finance.terminal_growth", Field: "Finance.TerminalGrowth", Kind: KindNumber, Unit: "fraction a year", Default: "0", Section: secFinance,
		rng: cc(-0.5, 1, noteGrowth), Desc: `with terminal_value = "perpetuity" only; below discount_rate`},
	{Path: "finance.interest_only_years", Field: "Finance.InterestOnlyYears", Kind: KindInteger, Unit: "years", Default: "0", Section: secFinance,
		rng: cc(0, 99, ""), Desc: "the first years of the debt pay interest only, then level payments over the rest of the tenor; fewer than debt_tenor_years"},
	{Path: "finance.min_dscr", Field: "Finance.MinDSCR", Kind: KindNumber, Unit: "ratio", DefaultDoc: "no covenant", Section: secFinance,
		rng: oc(0, 100, "a ratio of CFADS to debt service, e.g. 1.3"), Desc: "the lenders' covenant: each hall's minimum lease also keeps its DSCR at or above it in every year"},
	{Path: "finance.debt_sizing", Field: "Finance.DebtSizing", Kind: KindChoice, Choices: debtSizings, Default: `"loan_to_cost"`, Section: secFinance,
		Desc: "loan_to_cost: debt_share of the capex, repaid in level payments; dscr: the lesser of that and the debt whose service, sculpted to each year's CFADS ÷ sizing_dscr, repays it within the tenor (lenders' sizing)"},
	{Path: "finance.sizing_dscr", Field: "Finance.SizingDSCR", Kind: KindNumber, Unit: "ratio", DefaultDoc: "`min_dscr`", Section: secFinance,
		rng: oc(0, 100, "a ratio of CFADS to debt service, e.g. 1.4"), Desc: `with debt_sizing = "dscr" only: the DSCR the debt is sized and sculpted to; at least min_dscr`},
	{Path: "finance.depreciation", Field: "Finance.Depreciation", Kind: KindChoice, Choices: depreciations, Default: `"straight_line"`, Section: secFinance,
		Desc: "straight_line over depreciation_years, or macrs: the IRS Publication 946 table of each hall's macrs_class_years"},
	{Path: "finance.bonus_depreciation_share", Field: "Finance.BonusDepreciationShare", Kind: KindNumber, Unit: "fraction of the basis", Default: "0", Section: secFinance,
		rng: cc(0, 1, "a fraction of the basis: 1 is 100% bonus"), Desc: `with depreciation = "macrs" only: depreciated in the first year, for classes of at most 20 years`},
	{Path: "finance.gpu_depreciation_years", Field: "Finance.GPUDepreciationYears", Kind: KindInteger, Unit: "years", Default: "5", Section: secFinance,
		rng: cc(1, 100, ""), Desc: "GPU cloud halls' GPUs (gpu_capex_usd) depreciate straight line over it, apart from the hall"},

	{Path: "impact.network_hashrate_eh_s", Field: "ImpactSpec.NetworkHashrateEHs", Kind: KindNumber, Unit: "EH/s", DefaultDoc: "the fundamentals' value", Section: secImpact,
		rng: cc(minNetworkHashrateEHs, maxNetworkHashrateEHs, "EH/s"), Desc: "for the share of hashrate retired"},
	{Path: "impact.us_hashrate_share", Field: "ImpactSpec.USHashrateShare", Kind: KindNumber, Unit: "fraction", Default: "0.375", Section: secImpact,
		rng: oc(0, 1, "the US share of global hashrate, 0.375 is 37.5%"), Desc: "the US share of global hashrate"},
	{Path: "impact.stress_hours", Field: "ImpactSpec.StressHours", Kind: KindInteger, Unit: "hours", Default: "100", Section: secImpact,
		rng: cc(1, 8784, ""), Desc: "the highest-price hours measured"},

	{Path: "gap.id", Field: "GapReference.ID", Kind: KindID, Required: true, Section: secGap,
		Desc: "the reference's id; an id of a default reference replaces it"},
	{Path: "gap.source", Field: "GapReference.Source", Kind: KindString, Required: true, Section: secGap,
		Desc: "who estimated the gap"},
	{Path: "gap.gap_gw", Field: "GapReference.GapGW", Kind: KindNumber, Unit: "GW", Required: true, Section: secGap,
		rng: cc(minGapGW, maxGapGW, "GW"), Desc: "a US power-gap estimate"},

	{Path: "sites.id", Field: "Site.ID", Kind: KindID, Required: true, Section: secSite,
		Desc: "unique in the case"},
	{Path: "sites.region", Field: "Site.Region", Kind: KindString, Required: true, Section: secSite,
		Desc: "text, e.g. ERCOT"},
	{Path: "sites.balancing_area", Field: "Site.BalancingArea", Kind: KindString, DefaultDoc: "from region: ERCOT→ERCO, PJM, MISO and MISO_SOUTH→MISO, SPP→SWPP, NYISO→NYIS, CAISO→CISO, ISO-NE→ISNE, SERC, Southern and Georgia→SOCO, TVA; other regions none", Section: secSite,
		Desc: "the EIA-930 code of the site's balancing area, one of the 22 bundled areas of docs/headroom.md (e.g. ERCO, PJM, MISO): the plan reports the area's headroom before and after"},
	{Path: "sites.node", Field: "Site.Node", Kind: KindString, Required: true, Section: secSite,
		Desc: "a column of the price file"},
	{Path: "sites.interconnect_mw", Field: "Site.InterconnectMW", Kind: KindNumber, Unit: "meter MW", Required: true, Section: secSite,
		rng: oc(0, maxPowerMW, "meter MW at the point of interconnection"), Desc: "the firm capacity of the point of interconnection"},
	{Path: "sites.nonfirm_interconnect_mw", Field: "Site.NonfirmInterconnectMW", Kind: KindNumber, Unit: "meter MW", Default: "0", Section: secSite,
		rng: cc(0, maxPowerMW, "meter MW of non-firm service above interconnect_mw"), Desc: "non-firm service above it, outside the stress hours only; needs a mining fleet or a curtailable hall to use it"},
	{Path: "sites.new_connection", Field: "Site.NewConnection", Kind: KindBool, Default: "false", Section: secSite,
		Desc: "true when the site's interconnection does not exist yet (a new connection): its AI does not count in the gap headline, which counts AI at existing connections"},
	{Path: "sites.time_zone", Field: "Site.TimeZone", Kind: KindString, Unit: "IANA zone", DefaultDoc: "the region's market zone", Section: secSite,
		Desc: "the zone of the site's calendar: contract months and dates, coincident-peak months and the days of its daily series follow it (ERCOT, SPP, MISO, TVA: America/Chicago; PJM, NYISO, ISO-NE, SERC: America/New_York; CAISO: America/Los_Angeles; another region: UTC)"},
	{Path: "sites.settlement", Field: "Site.Settlement", Kind: KindChoice, Choices: []string{"real_time", "day_ahead"}, Default: `"real_time"`, Section: secSite,
		Desc: "real_time settles on grid.prices, day_ahead on grid.day_ahead_prices"},
	{Path: "sites.reserve_max_mw", Field: "Site.ReserveMaxMW", Kind: KindNumber, Unit: "meter MW", DefaultDoc: "no cap", Section: secSite,
		rng: cc(0, maxPowerMW, "meter MW offered as curtailable reserve"), Desc: "the most mining load offered as reserve; 0 turns reserves off"},
	{Path: "sites.temperature", Field: "Site.Temperature", Kind: KindString, DefaultDoc: "node, region, site id", Section: secSite,
		Desc: "the column of grid.temperatures"},

	{Path: "sites.mining.capacity_it_mw", Field: "Site.Mining.CapacityITMW", Kind: KindNumber, Unit: "IT MW", Required: true, Section: secMining,
		rng: cc(0, maxPowerMW, "IT MW of miners"), Desc: "the fleet's IT capacity"},
	{Path: "sites.mining.efficiency_j_per_th", Field: "Site.Mining.EfficiencyJPerTH", Kind: KindNumber, Unit: "J/TH", Required: true, Section: secMining,
		rng: oc(5, 200, "J/TH; an Antminer S21 is 17.5"), Desc: "the fleet's efficiency"},
	{Path: "sites.mining.pue", Field: "Site.Mining.PUE", Kind: KindNumber, Required: true, Section: secMining,
		rng: cc(1, 3, pueNote), Desc: "meter power / IT power"},
	{Path: "sites.mining.opex_usd_per_mwh", Field: "Site.Mining.OpexUSDPerMWh", Kind: KindNumber, Unit: "USD per IT MWh mined", Default: "0", Section: secMining,
		rng: cc(0, maxOpexUSDPerMWh, "USD per IT MWh mined"), Desc: "operating cost of mining, beyond energy"},
	{Path: "sites.mining.fee_usd_per_mw_month", Field: "Site.Mining.Params[fee_usd_per_mw_month]", Kind: KindNumber, Unit: "USD per IT MW-month", Default: "0", Section: secMining, Param: true,
		rng: cc(0, 1e6, "USD per IT MW of fleet a month, e.g. 2500"), Desc: "a monthly fee on the mining fleet kept on site (a hosting, maintenance or site-lease fee per MW), whether it runs or not; the halls' displaces_mining_it_mw stops it (the mining_fee term)"},
	{Path: "sites.mining.pue_temp_slope_per_c", Field: "Site.Mining.PUETemp.SlopePerC", Kind: KindNumber, Unit: "PUE per °C", Default: "0", Section: secMining,
		rng: cc(0, 0.2, noteSlope), Desc: "PUE(t) = pue + slope·max(0, temp − reference)"},
	{Path: "sites.mining.pue_temp_reference_c", Field: "Site.Mining.PUETemp.ReferenceC", Kind: KindNumber, Unit: "°C", Default: "20", Section: secMining,
		rng: cc(-50, 60, "°C"), Desc: "the temperature above which the PUE rises"},
	{Path: "sites.mining.derate_above_c", Field: "Site.Mining.DerateAboveC", Kind: KindNumber, Unit: "°C", Default: "35", Section: secMining,
		rng: cc(-50, 60, "°C"), Desc: "air-cooled fleet: capacity × (1 − derate·max(0, temp − above))"},
	{Path: "sites.mining.derate_per_c", Field: "Site.Mining.DeratePerC", Kind: KindNumber, Unit: "fraction per °C", Default: "0", Section: secMining,
		rng: cc(0, 1, "fraction of capacity lost per °C above derate_above_c"), Desc: "the capacity lost per °C above derate_above_c"},

	{Path: "sites.ai.existing_it_mw", Field: "Site.AI.ExistingITMW", Kind: KindNumber, Unit: "IT MW", Default: "0", Section: secAI,
		rng: cc(0, maxPowerMW, "IT MW"), Desc: "AI capacity already in service"},
	{Path: "sites.ai.existing_pue", Field: "Site.AI.ExistingPUE", Kind: KindNumber, Default: "1.3", DefaultDoc: "1.3 (required if existing_it_mw > 0)", Section: secAI,
		rng: cc(1, 3, pueNote), Desc: "the PUE of the existing AI capacity"},
	{Path: "sites.ai.committed_it_mw", Field: "Site.AI.CommittedITMW", Kind: KindNumber, Unit: "IT MW", Default: "0", Section: secAI,
		rng: cc(0, maxPowerMW, "take-or-pay AI IT MW"), Desc: "take-or-pay AI capacity that must be in service"},
	{Path: "sites.ai.committed_from", Field: "Site.AI.CommittedFrom", Kind: KindDate, DefaultDoc: "the horizon's start", Section: secAI,
		Desc: horizonOnly + ": the commitment holds in every year from the one containing this date"},
	{Path: "sites.ai.power_pass_through", Field: "Site.AI.PowerPassThrough", Kind: KindBool, Default: "true", Section: secAI,
		Desc: "true: the tenant pays for energy"},
	{Path: "sites.ai.utilization", Field: "Site.AI.Utilization", Kind: KindNumber, Unit: "fraction", Default: "0.8", Section: secAI,
		rng: cc(0, 1, "average IT draw / IT capacity"), Desc: "average IT draw / IT capacity (energy, not sizing)"},

	{Path: "sites.conversion.id", Field: "Hall.ID", Kind: KindID, Required: true, Section: secHall,
		Desc: "unique within the site"},
	{Path: "sites.conversion.it_mw", Field: "Hall.ITMW", Kind: KindNumber, Unit: "IT MW", Required: true, Section: secHall,
		rng: oc(0, maxHallITMW, "IT MW"), Desc: "the hall's IT capacity"},
	{Path: "sites.conversion.cooling", Field: "Hall.Cooling", Kind: KindChoice, Choices: []string{"air", "liquid"}, Required: true, Section: secHall,
		Desc: "air or liquid cooling"},
	{Path: "sites.conversion.rack_kw", Field: "Hall.RackKW", Kind: KindNumber, Unit: "kW per rack", DefaultDoc: "not given", Section: secHall,
		rng: cc(0, maxRackKW, "kW per rack; 0 = not given"), Desc: "rack density; air cooling is refused above 40 kW/rack"},
	{Path: "sites.conversion.pue", Field: "Hall.PUE", Kind: KindNumber, Required: true, Section: secHall,
		rng: cc(1, 3, pueNote), Desc: "the energy ratio (meter MWh ÷ IT MWh)"},
	{Path: "sites.conversion.poi_mw_per_it_mw", Field: "Hall.POIMWPerITMW", Kind: KindNumber, Unit: "meter MW per IT MW", DefaultDoc: "the hourly pue", Section: secHall,
		rng: cc(1, 3, "meter MW reserved at the POI per IT MW, e.g. 1.45"), Desc: "at least the hall's highest hourly PUE: what the hall reserves at the POI (its design peak; deals show 1.35–1.5)"},
	{Path: "sites.conversion.capex_usd_per_mw", Field: "Hall.CapexUSDPerMW", Kind: KindNumber, Unit: "USD per IT MW", Required: true, Section: secHall,
		rng: cc(0, maxCapexUSDPerMW, "USD per IT MW, e.g. 10.0e6"), Desc: "the conversion's capital cost"},
	{Path: "sites.conversion.fixed_om_usd_per_mw_year", Field: "Hall.FixedOMUSDPerMWYear", Kind: KindNumber, Unit: "USD per IT MW-year", Default: "0", Section: secHall,
		rng: cc(0, maxFixedOMUSDPerMWYear, "USD per IT MW-year"), Desc: "fixed operations and maintenance"},
	{Path: "sites.conversion.displaces_mining_it_mw", Field: "Hall.DisplacesMiningITMW", Kind: KindNumber, Unit: "IT MW", Default: "0", Section: secHall,
		rng: cc(0, maxPowerMW, "mining IT MW removed to make room"), Desc: "mining IT MW removed to make room, at most the site's fleet"},
	{Path: "sites.conversion.lease_usd_per_kw_month", Field: "Hall.LeaseUSDPerKWMonth", Kind: KindNumber, Unit: "USD per kW-month", DefaultDoc: "the market default", Section: secHall,
		rng: oc(0, maxLeaseUSDPerKWMonth, "USD per kW-month of IT capacity"), Desc: "the hall's own lease"},
	{Path: "sites.conversion.pue_temp_slope_per_c", Field: "Hall.PUETemp.SlopePerC", Kind: KindNumber, Unit: "PUE per °C", Default: "0", Section: secHall,
		rng: cc(0, 0.2, noteSlope), Desc: "the hall's PUE curve (air halls degrade faster)"},
	{Path: "sites.conversion.pue_temp_reference_c", Field: "Hall.PUETemp.ReferenceC", Kind: KindNumber, Unit: "°C", Default: "20", Section: secHall,
		rng: cc(-50, 60, "°C"), Desc: "the temperature above which the hall's PUE rises"},
	{Path: "sites.conversion.lead_time_months", Field: "Hall.LeadTimeMonths", Kind: KindInteger, Unit: "months", Default: "0", Section: secHall,
		rng: cc(0, 240, ""), Desc: horizonOnly + ": the hall can enter service on the first 1 January at least this long after the horizon's start"},
	{Path: "sites.conversion.earliest_online", Field: "Hall.EarliestOnline", Kind: KindDate, Section: secHall,
		Desc: horizonOnly + ", not before its start: nor before this date"},
	{Path: "sites.conversion.service_year", Field: "Hall.ServiceYear", Kind: KindInteger, Unit: "calendar year", DefaultDoc: "the plan chooses", Section: secHall,
		Desc: "within the horizon: a signed deal, in service from 1 January of this year"},
	{Path: "sites.conversion.lease_term_years", Field: "Hall.LeaseTermYears", Kind: KindInteger, Unit: "years", DefaultDoc: "its life", Section: secHall,
		rng: cc(1, 100, ""), Desc: horizonOnly + ": after it the hall re-lets at the market's ai_lease_usd_per_kw_month"},
	{Path: "sites.conversion.life_years", Field: "Hall.LifeYears", Kind: KindInteger, Unit: "years", DefaultDoc: "[finance] life_years", Section: secHall,
		rng: cc(1, 100, ""), Desc: "at least debt_tenor_years: the hall's own economic life, over which its capex is annualized and its pro forma runs"},
	{Path: "sites.conversion.lease_escalator_per_year", Field: "Hall.LeaseEscalatorPerYear", Kind: KindNumber, Unit: "fraction a year", Default: "0", Section: secHall,
		rng: cc(-0.5, 1, "a fraction a year: 0.03 is 3%"), Desc: horizonOnly + ": the hall's lease grows from its first year in service"},
	{Path: "sites.conversion.ai_flexibility", Field: "Hall.Flexibility", Kind: KindChoice, Choices: []string{"firm", "curtailable"}, Default: `"firm"`, Section: secHall,
		Desc: "a curtailable hall keeps only firm_share of its reservation and load in the stress hours"},
	{Path: "sites.conversion.firm_share", Field: "Hall.FirmShare", Kind: KindNumber, Unit: "fraction", Default: "0", Section: secHall,
		rng: cc(0, 1, "the share of its reservation kept in stress hours"), Desc: curtailedOnly},
	{Path: "sites.conversion.max_curtailed_share", Field: "Hall.MaxCurtailedShare", Kind: KindNumber, Unit: "fraction of annual energy", Default: "0.01", Section: secHall,
		rng: cc(0, 0.2, "a share of its annual energy, e.g. 0.005"), Desc: curtailedOnly + "; the loader refuses stress hours that make the hall curtail more, and a share that gives no stress hour in a year"},
	{Path: "sites.conversion.lease_discount_usd_per_kw_month", Field: "Hall.LeaseDiscountUSDPerKWMonth", Kind: KindNumber, Unit: "USD per kW-month", Default: "0", Section: secHall,
		rng: cc(0, maxLeaseUSDPerKWMonth, "USD per kW-month off the lease"), Desc: curtailedOnly + "; below the hall's lease"},
	{Path: "sites.conversion.offer", Field: "Hall.Offer", Kind: KindChoice, Choices: []string{"colocation", "gpu_cloud"}, Default: `"colocation"`, Section: secHall,
		Desc: "colocation (a lease) or gpu_cloud (the miner sells compute on GPUs it buys)"},
	{Path: "sites.conversion.gpu_revenue_usd_per_year", Field: "Hall.GPURevenueUSDPerYear", Kind: KindNumber, Unit: "USD a year", DefaultDoc: "required for gpu_cloud", Section: secHall,
		rng: oc(0, 1e12, "USD a year; "+noteGPU), Desc: "the GPU cloud contract's revenue"},
	{Path: "sites.conversion.gpu_capex_usd", Field: "Hall.GPUCapexUSD", Kind: KindNumber, Unit: "USD", DefaultDoc: "required for gpu_cloud", Section: secHall,
		rng: cc(0, 1e12, "USD of GPUs the miner buys; "+noteGPU), Desc: "the GPUs, annuitized over the term"},
	{Path: "sites.conversion.gpu_term_years", Field: "Hall.GPUTermYears", Kind: KindInteger, Unit: "years; " + noteGPU, DefaultDoc: "required for gpu_cloud", Section: secHall,
		rng: cc(1, 30, ""), Desc: "the contract's term, after which the hall re-lets at the market's lease"},
	{Path: "sites.conversion.contract_value_usd", Field: "Hall.ContractValueUSD", Kind: KindNumber, Unit: "USD", DefaultDoc: "not given", Section: secHall,
		rng: oc(0, 1e12, "USD over lease_term_years, e.g. 7.0e9"), Desc: "a signed colocation deal (with service_year and lease_term_years) instead of lease_usd_per_kw_month: the disclosed total lease over the term; gridflip derives the first-year lease from it, the escalator and the occupancy"},
	{Path: "sites.conversion.noi_margin_disclosed", Field: "Hall.NOIMarginDisclosed", Kind: KindNumber, Unit: "fraction", DefaultDoc: "not given", Section: secHall,
		rng: cc(-1, 1, "a fraction of lease revenue, e.g. 0.85"), Desc: "the operator's disclosed NOI margin, for comparison only (deals.csv)"},
	{Path: "sites.conversion.occupancy_start", Field: "Hall.OccupancyStart", Kind: KindNumber, Unit: "fraction", DefaultDoc: "`occupancy`", Section: secHall,
		rng: oc(0, 1, "a fraction of the IT capacity let, e.g. 0.5"), Desc: "the share let in the first year of service; at most occupancy"},
	{Path: "sites.conversion.occupancy", Field: "Hall.Occupancy", Kind: KindNumber, Unit: "fraction", Default: "1", Section: secHall,
		rng: oc(0, 1, "a fraction of the IT capacity let, e.g. 0.95"), Desc: "the share let once leased up: lease revenue and AI energy scale with it; O&M, the POI reservation and capex do not"},
	{Path: "sites.conversion.lease_up_years", Field: "Hall.LeaseUpYears", Kind: KindInteger, Unit: "years", Default: "0", Section: secHall,
		rng: cc(0, 100, ""), Desc: "L: occupancy rises linearly from occupancy_start in service year 1 to occupancy in year L (L ≤ 1: occupancy from year 1); at most the hall's life"},
	{Path: "sites.conversion.build_months", Field: "Hall.BuildMonths", Kind: KindInteger, Unit: "months", DefaultDoc: "`lead_time_months` (at most 120)", Section: secHall,
		rng: cc(0, maxBuildMonths, ""), Desc: horizonOnly + ": the construction before service: capex is spent in equal monthly parts over it, and the displaced miners stop from its first hour"},
	{Path: "sites.conversion.gpu_debt_share", Field: "Hall.GPUDebtShare", Kind: KindNumber, Unit: "fraction of gpu_capex_usd", DefaultDoc: "[finance] debt_share", Section: secHall,
		rng: cc(0, 1, "a fraction of gpu_capex_usd"), Desc: `offer = "gpu_cloud" only: the share of the GPUs borrowed, repaid in level payments over gpu_debt_tenor_years`},
	{Path: "sites.conversion.gpu_debt_tenor_years", Field: "Hall.GPUDebtTenorYears", Kind: KindInteger, Unit: "years", DefaultDoc: "the lesser of debt_tenor_years and gpu_term_years", Section: secHall,
		rng: cc(1, 30, ""), Desc: `offer = "gpu_cloud" only: at most gpu_term_years`},
	{Path: "sites.conversion.customer_prepayment_share", Field: "Hall.CustomerPrepaymentShare", Kind: KindNumber, Unit: "fraction of the contract's revenue", Default: "0", Section: secHall,
		rng: cc(0, 1, "a fraction of the contract's revenue"), Desc: `offer = "gpu_cloud" only: paid at the contract's start, earned (taxed, in EBITDA) evenly over its term`},
	{Path: "sites.conversion.tenant_funded_capex_share", Field: "Hall.TenantFundedCapexShare", Kind: KindNumber, Unit: "fraction of capex", Default: "0", Section: secHall,
		rng: cc(0, 1, "a fraction of capex_usd_per_mw"), Desc: "the share of capex_usd_per_mw the tenant pays: the owner's capex, the objective's capex annuity and the depreciation basis fall by it"},
	{Path: "sites.conversion.macrs_class_years", Field: "Hall.MACRSClassYears", Kind: KindInteger, Unit: "years", Default: "15", Section: secHall,
		rng: cc(5, 39, ""), Desc: `with [finance] depreciation = "macrs" only: 5, 7, 15 or 20 (half-year convention) or 39 (nonresidential real property, straight line, mid-month, in service in January)`},

	{Path: "sites.contract.id", Field: "Contract.ID", Kind: KindID, Required: true, Section: secContract,
		Desc: "unique within the site"},
	{Path: "sites.contract.mw", Field: "Contract.MW", Kind: KindNumber, Unit: "meter MW", Required: true, Section: secContract,
		rng: oc(0, maxPowerMW, "meter MW bought every hour"), Desc: "a fixed-price block bought every hour of [start, end)"},
	{Path: "sites.contract.price_usd_per_mwh", Field: "Contract.PriceUSDPerMWh", Kind: KindNumber, Unit: "USD/MWh", Required: true, Section: secContract,
		rng: cc(-1000, maxContractPrice, "USD/MWh"), Desc: "the block's fixed price"},
	{Path: "sites.contract.start", Field: "Contract.Start", Kind: KindTimestamp, Required: true, Section: secContract,
		Desc: "the block's first hour"},
	{Path: "sites.contract.end", Field: "Contract.End", Kind: KindTimestamp, Required: true, Section: secContract,
		Desc: "the block's end, after start"},

	{Path: "scenario.id", Field: "Scenario.ID", Kind: KindID, Required: true, Section: secScenario,
		Desc: "unique in the file"},
	{Path: "scenario.probability", Field: "Scenario.Probability", Kind: KindNumber, Unit: "fraction", DefaultDoc: "equal weights", Section: secScenario,
		rng: cc(0, 1, "a probability"), Desc: "the scenario's weight in a stochastic plan: give every scenario one (summing to 1), or none"},
	{Path: "scenario.prices", Field: "Scenario.Prices", Kind: KindString, Unit: "path", Section: secScenario,
		Desc: "replaces grid.prices (relative to the file that defines the scenario)"},
	{Path: "scenario.hashprice", Field: "Scenario.Hashprice", Kind: KindString, Unit: "path", Section: secScenario,
		Desc: "replaces the hashprice series"},
	{Path: "scenario.btc_price", Field: "Scenario.BTCPrice", Kind: KindString, Unit: "path", Section: secScenario,
		Desc: "replaces the BTC price series"},
	{Path: "scenario.risk_weight", Field: "Scenario.RiskWeight", Kind: KindNumber, Unit: "fraction", DefaultDoc: "the case's [risk]", Section: secScenario,
		rng: cc(0, 1, noteRiskW), Desc: "a sweep what-if's λ"},
	{Path: "scenario.hashprice_scale", Field: "Scenario.HashpriceScale", Kind: KindNumber, Unit: "multiplier", Default: "1", Section: secScenario,
		rng: oc(0, 100, noteScale), Desc: "hashprice × this"},
	{Path: "scenario.price_scale", Field: "Scenario.PriceScale", Kind: KindNumber, Unit: "multiplier", Default: "1", Section: secScenario,
		rng: oc(0, 100, noteScale), Desc: "every hourly price becomes price × scale + adder"},
	{Path: "scenario.price_adder_usd_per_mwh", Field: "Scenario.PriceAdderUSDPerMWh", Kind: KindNumber, Unit: "USD/MWh", Default: "0", Section: secScenario,
		rng: cc(-1000, 10000, "USD/MWh added to every hourly price"), Desc: "added to every hourly price after the scale"},
	{Path: "scenario.lease_usd_per_kw_month", Field: "Scenario.LeaseUSDPerKWMonth", Kind: KindNumber, Unit: "USD per kW-month of IT", DefaultDoc: "the case's", Section: secScenario,
		rng: oc(0, maxLeaseUSDPerKWMonth, "USD per kW-month of IT"), Desc: "the default lease for halls without their own"},
	{Path: "scenario.ai_demand_cap_it_mw", Field: "Scenario.AIDemandCapITMW", Kind: KindNumber, Unit: "IT MW", DefaultDoc: "the case's", Section: secScenario,
		rng: cc(0, maxMarketCapITMW, "IT MW; 0 means no new AI"), Desc: "the market cap (a sweep's what-if only)"},
	{Path: "scenario.capex_scale", Field: "Scenario.CapexScale", Kind: KindNumber, Unit: "multiplier", Default: "1", Section: secScenario,
		rng: oc(0, 100, noteScale), Desc: "every hall's capex × this (a sweep's what-if only)"},
	{Path: "scenario.lease_escalator_per_year", Field: "Scenario.LeaseEscalatorPerYear", Kind: KindNumber, Unit: "fraction a year", DefaultDoc: "each hall's", Section: secScenario,
		rng: cc(-0.5, 1, "a fraction a year: 0.03 is 3%"), Desc: horizonOnly + ": the lease escalator of the halls at the market lease (halls without their own lease or contract)"},
	{Path: "scenario.btc_price_growth_per_year", Field: "Scenario.BTCPriceGrowthPerYear", Kind: KindNumber, Unit: "fraction a year", DefaultDoc: "the case's", Section: secScenario,
		rng: cc(-0.9, 10, noteGrowth), Desc: horizonOnly + ", with the fundamentals' btc_price_usd: replaces market.btc_price_growth_per_year"},
	{Path: "scenario.network_hashrate_growth_per_year", Field: "Scenario.NetworkHashrateGrowthPerYear", Kind: KindNumber, Unit: "fraction a year", DefaultDoc: "the case's", Section: secScenario,
		rng: cc(-0.9, 10, noteGrowth), Desc: horizonOnly + ", with the fundamentals: replaces market.network_hashrate_growth_per_year"},
	{Path: "scenario.discount_rate", Field: "Scenario.DiscountRate", Kind: KindNumber, Unit: "fraction", DefaultDoc: "the case's", Section: secScenario,
		rng: co(0, 1, noteFraction), Desc: "replaces finance.discount_rate, the WACC (a sweep's what-if only)"},
	{Path: "scenario.cvar_alpha", Field: "Scenario.CVaRAlpha", Kind: KindNumber, Unit: "fraction", DefaultDoc: "the case's [risk]", Section: secScenario,
		rng: oc(0, 1, "the share of worst outcomes, e.g. 0.1"), Desc: "a sweep what-if's α, for a case with [[scenario]] tables"},
	{Path: "scenario.curtailable_share", Field: "Scenario.CurtailableShare", Kind: KindNumber, Unit: "fraction of annual energy", DefaultDoc: "the halls' own terms", Section: secScenario,
		rng: oc(0, 0.2, "a share of its annual energy, e.g. 0.005"), Desc: "every candidate hall (not a signed deal) curtailable at this share, firm share 0, each site's own stress hours, as `plan --flexible` (a sweep's what-if only)"},

	{Path: "risk.risk_weight", Field: "Risk.Weight", Kind: KindNumber, Unit: "fraction", Default: "0", Section: secRisk,
		rng: cc(0, 1, noteRiskW), Desc: "λ of a stochastic plan: the weight of the CVaR against the expectation"},
	{Path: "risk.cvar_alpha", Field: "Risk.Alpha", Kind: KindNumber, Unit: "fraction", Default: "0.1", Section: secRisk,
		rng: oc(0, 1, "the share of worst outcomes, e.g. 0.1"), Desc: "the share of worst outcomes the CVaR averages"},
	{Path: "risk.commit_years", Field: "Risk.CommitYears", Kind: KindInteger, Unit: "years decided now, before the scenario is known", Default: "2", Section: secRisk,
		rng: cc(1, 50, ""), Desc: "the first-stage years, decided before the scenario is known"},
}
