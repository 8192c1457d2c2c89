package sites

import (
	"path"
	"strings"
	"time"
)

// Case is a decoded and validated case file.
type Case struct {
	File string // path the case was read from, used in messages
	Name string // "name"; defaults to the file's base name without extension
	// Horizon is [horizon]: the case is planned over calendar years; nil
	// means one window of hours (the v1 model).
	Horizon *Horizon
	Grid    GridSpec
	Market  MarketSpec
	Finance Finance
	Impact  ImpactSpec
	Gap     []GapReference // [[gap]]: references that override or add to the defaults
	Sites   []Site
	// Scenarios are the case's [[scenario]] tables: the uncertainty set of
	// a stochastic plan (nil: a deterministic plan). Checked with
	// CheckUncertaintySet.
	Scenarios []Scenario
	// Risk is [risk]: the risk appetite of a stochastic plan.
	Risk Risk

	loc *locator // key path -> line, for messages about this case
	// placed are keys whose issues go elsewhere than the case file (see
	// PlaceKey); never modified in place, so copies may share it.
	placed map[string]KeyPlace
}

// Horizon is the [horizon] table.
type Horizon struct {
	StartYear int // "start_year": year 1 of the plan, 2000..2100 (required)
	Years     int // "years": 1..50 (required)
	// PriceEscalationPerYear is "price_escalation_per_year": when the
	// price file covers one year, it repeats, scaled by (1+e)^(k−1) in year
	// k; nil when not given (the price file must then cover every year).
	PriceEscalationPerYear *float64
}

// Risk is the [risk] table.
type Risk struct {
	// Weight is "risk_weight" λ in [0, 1], default 0: the objective is
	// (1−λ)·E[V] + λ·CVaR_α[V].
	Weight float64
	// Alpha is "cvar_alpha" α in (0, 1], default 0.1: the share of worst
	// outcomes CVaR averages.
	Alpha float64
	// CommitYears is "commit_years", default 2: with a horizon, halls whose
	// service starts within this many years are decided now, for every
	// scenario; later starts are chosen per scenario.
	CommitYears int
}

// YearStart is 00:00 UTC of 1 January of year k (1-based) of the horizon.
func (h *Horizon) YearStart(k int) time.Time {
	return time.Date(h.StartYear+k-1, 1, 1, 0, 0, 0, 0, time.UTC)
}

// GridSpec is the [grid] table: where the hourly electricity prices are.
type GridSpec struct {
	// Prices is "prices": CSV path relative to the case file, with a
	// timestamp column and one USD/MWh column per node (required). Sites
	// settle on it unless they say "day_ahead". Sub-hourly rows are averaged
	// to hours; extra columns are ignored.
	Prices string
	// DayAheadPrices is "day_ahead_prices": an optional second series with
	// the same layout, for sites with settlement = "day_ahead".
	DayAheadPrices string
	// ReservePrices is "reserve_prices": optional hourly reserve prices in
	// USD per MW-h, one column per node or region.
	ReservePrices string
	// Temperatures is "temperatures": optional hourly temperatures in °C,
	// one column per node, region or site id.
	Temperatures string
	// Start and Hours are "start" (RFC 3339) and "hours": an optional window
	// of the price series to model; zero values mean from the first row to
	// the last.
	Start time.Time
	Hours int
	// HeadroomReferenceYear is "headroom_reference_year": the local
	// calendar year of the areas' historical load the plan's headroom
	// before and after is measured over (0: the data's latest counted
	// year).
	HeadroomReferenceYear int
	// CoincidentPeak is [grid.coincident_peak]; nil when absent.
	CoincidentPeak *CoincidentPeakSpec
	// StressHours is [grid.stress_hours]: the hours in which curtailable AI
	// drops to its firm share (nil: each site's highest-price hours).
	StressHours *StressSpec
}

// StressSpec is [grid.stress_hours]: the stress hours of every site, one
// set per calendar year, listed, or the highest hours of a system-load
// series.
type StressSpec struct {
	Intervals  []time.Time // "intervals": hour starts (RFC 3339)
	SystemLoad string      // "system_load": CSV with one value column (MW)
	// Hours is "hours": with system_load, how many of each year's highest
	// hours (default: the most the site's curtailable halls allow).
	Hours int
}

// CoincidentPeakSpec is [grid.coincident_peak]: a transmission charge (ERCOT's
// 4CP) on a site's average meter load in the system's peak intervals. The
// intervals are listed, or picked as each listed month's peak hour of a
// system-load series.
type CoincidentPeakSpec struct {
	RateUSDPerMWYear float64     // "rate_usd_per_mw_year": > 0 (required)
	Intervals        []time.Time // "intervals": hour starts (RFC 3339)
	SystemLoad       string      // "system_load": CSV with one value column (MW)
	Months           []int       // "months": 1..12, with system_load (default 6, 7, 8, 9)
}

// ImpactSpec is [impact]: parameters of the grid-impact report.
type ImpactSpec struct {
	// NetworkHashrateEHs is "network_hashrate_eh_s"; 0 when not given (the
	// market fundamentals' value is then used, if any).
	NetworkHashrateEHs float64
	USHashrateShare    float64 // "us_hashrate_share": in (0, 1], default 0.375
	StressHours        int     // "stress_hours": the highest-price hours measured, default 100
}

// GapReference is one [[gap]] entry: an estimate of the US data-center power gap.
type GapReference struct {
	ID     string  // "id": required; a default reference with this id is replaced
	Source string  // "source": who estimated it (required)
	GapGW  float64 // "gap_gw": > 0 (required)
}

// Contract is one [[sites.contract]] entry: a fixed-price power block
// (hedge or PPA). The site buys MW every hour of [Start, End) at
// PriceUSDPerMWh; block energy it does not use is sold back at the hourly
// price (power credits). It changes economics, not dispatch.
type Contract struct {
	ID             string    // "id": required, unique within the site
	MW             float64   // "mw": > 0 (meter MW)
	PriceUSDPerMWh float64   // "price_usd_per_mwh": the fixed price
	Start, End     time.Time // "start", "end": dates or timestamps, End after Start
}

// Settlement names the price series a site settles on.
type Settlement string

// Settlement series.
const (
	SettlementRealTime Settlement = "real_time" // grid.prices (default)
	SettlementDayAhead Settlement = "day_ahead" // grid.day_ahead_prices
)

// TempCurve is PUE(t) = PUE + SlopePerC·max(0, temperature − ReferenceC).
type TempCurve struct {
	SlopePerC  float64 // "pue_temp_slope_per_c": >= 0, default 0 (no temperature effect)
	ReferenceC float64 // "pue_temp_reference_c": default 20
}

// MarketSpec is the [market] table. Exactly one hashprice source is set:
// HashpriceUSDPerPHDay, Hashprice, or the fundamentals BTCPriceUSD and
// NetworkHashrateEHs (with FeesBTCPerBlock, which is then never nil).
type MarketSpec struct {
	HashpriceUSDPerPHDay *float64 // "hashprice_usd_per_ph_day": constant hashprice, > 0
	Hashprice            string   // "hashprice": CSV path (daily or hourly series, USD/PH/day)
	BTCPriceUSD          *float64 // "btc_price_usd": fundamentals, > 0
	NetworkHashrateEHs   *float64 // "network_hashrate_eh_s": fundamentals, > 0
	FeesBTCPerBlock      *float64 // "fees_btc_per_block": >= 0, defaults to 0 with fundamentals
	Halving2028          string   // "halving_2028": optional YYYY-MM-DD overriding the 2028 halving date
	// Halvings is "halvings": the halving dates after April 2024, in
	// order (nil: halving_2028, or the defaults 2028-04-15 and 2032-04-12).
	Halvings []time.Time
	// BTCPrice is "btc_price": a BTC price series (USD), hourly, daily or
	// yearly (rows on 1 January), each row holding until the next, in
	// place of btc_price_usd.
	BTCPrice string
	// BTCPriceGrowthPerYear and NetworkHashrateGrowthPerYear are
	// "btc_price_growth_per_year" and "network_hashrate_growth_per_year":
	// with a horizon, year k's fundamentals are the given ones × (1+g)^(k−1).
	BTCPriceGrowthPerYear        float64
	NetworkHashrateGrowthPerYear float64
	// AIDemandCapITMWByYear is "ai_demand_cap_it_mw" given as a list, one
	// cap per year of the horizon (nil otherwise).
	AIDemandCapITMWByYear []float64
	AILeaseUSDPerKWMonth  float64  // "ai_lease_usd_per_kw_month": default lease for new halls, > 0 (required)
	AIDemandCapITMW       *float64 // "ai_demand_cap_it_mw": optional cap on new AI IT MW, >= 0
}

// Finance is the [finance] table.
type Finance struct {
	DiscountRate float64 // "discount_rate": a fraction in [0, 1): the pre-tax nominal WACC (required)
	LifeYears    int     // "life_years": 1..100 (required)
	// The rest finance the halls' pro formas (reported; they never change
	// the plan).
	DebtShare         float64 // "debt_share": of capex, in [0, 1], default 0
	DebtRate          float64 // "debt_rate": in [0, 1), default 0
	DebtTenorYears    int     // "debt_tenor_years": 1..life_years, default life_years
	TaxRate           float64 // "tax_rate": in [0, 1), default 0
	DepreciationYears int     // "depreciation_years": 1..100, default life_years
	TargetEquityIRR   float64 // "target_equity_irr": in (-1, 1], default 0.15
	// CashFlowTiming is "cash_flow_timing": when a year's operating flows
	// fall, in the objective's discount factors and the pro formas.
	CashFlowTiming CashFlowTiming
	// OpexEscalatorPerYear is "opex_escalator_per_year", in [-0.5, 1],
	// default 0: fixed O&M grows from a hall's first year of service.
	OpexEscalatorPerYear float64
	// TerminalValue is "terminal_value", with ExitMultiple
	// ("exit_multiple", > 0, required with TerminalExitMultiple) or
	// TerminalGrowth ("terminal_growth", below discount_rate, default 0,
	// with TerminalPerpetuity).
	TerminalValue  TerminalValue
	ExitMultiple   float64
	TerminalGrowth float64
	// InterestOnlyYears is "interest_only_years", default 0: the first
	// years of the tenor pay interest only (fewer than debt_tenor_years).
	InterestOnlyYears int
	// MinDSCR is "min_dscr", > 0: the lenders' covenant the minimum lease
	// must also meet in every year; 0 when not given (none).
	MinDSCR float64
	// DebtSizing is "debt_sizing": the debt is debt_share of the capex
	// repaid in level payments, or the lesser of that and what a service
	// sculpted to CFADS ÷ SizingDSCR repays ("sizing_dscr", > 0 and at
	// least min_dscr; default min_dscr; with DebtSizingDSCR only).
	DebtSizing DebtSizing
	SizingDSCR float64
	// Depreciation is "depreciation", with BonusDepreciationShare
	// ("bonus_depreciation_share", in [0, 1], default 0, with MACRS).
	Depreciation           Depreciation
	BonusDepreciationShare float64
	// GPUDepreciationYears is "gpu_depreciation_years", 1..100: GPU cloud
	// halls' GPUs depreciate straight line over it, apart from the hall;
	// 0 when not given (GPUDepreciationYears()).
	GPUDepreciationYears int
}

// DefaultGPUDepreciationYears is gpu_depreciation_years when not given.
const DefaultGPUDepreciationYears = 5

// GPUDepreciationPeriod is gpu_depreciation_years, or its default.
func (f Finance) GPUDepreciationPeriod() int {
	if f.GPUDepreciationYears > 0 {
		return f.GPUDepreciationYears
	}
	return DefaultGPUDepreciationYears
}

// CashFlowTiming says when a year's operating flows fall.
type CashFlowTiming int

// Cash-flow timings ("cash_flow_timing"), the zero value the default.
const (
	TimingEndOfYear CashFlowTiming = iota // "end_of_year": year k's flows discounted by (1+r)^−k
	TimingMidYear                         // "mid_year": by (1+r)^−(k−½)
)

// TerminalValue says how a hall's value after its life is set.
type TerminalValue int

// Terminal values ("terminal_value"), the zero value the default.
const (
	TerminalNone         TerminalValue = iota // "none"
	TerminalExitMultiple                      // "exit_multiple": exit_multiple × the last year's NOI
	TerminalPerpetuity                        // "perpetuity": NOI·(1+g)/(r−g)
)

// DebtSizing is how the halls' facility debt is sized.
type DebtSizing int

// Debt sizings ("debt_sizing"), the zero value the default.
const (
	DebtSizingLoanToCost DebtSizing = iota // "loan_to_cost": debt_share of the capex, level payments
	DebtSizingDSCR                         // "dscr": at most that, sculpted to CFADS ÷ sizing_dscr
)

// Depreciation is the tax depreciation of the halls.
type Depreciation int

// Depreciation methods ("depreciation"), the zero value the default.
const (
	DepreciationStraightLine Depreciation = iota // "straight_line" over depreciation_years
	DepreciationMACRS                            // "macrs": the hall's macrs_class_years table
)

// Names of the choices, in the order of their constants.
var (
	cashFlowTimings = []string{"end_of_year", "mid_year"}
	terminalValues  = []string{"none", "exit_multiple", "perpetuity"}
	depreciations   = []string{"straight_line", "macrs"}
	debtSizings     = []string{"loan_to_cost", "dscr"}
)

// String is the sizing as written in case files.
func (d DebtSizing) String() string { return choiceName(debtSizings, int(d)) }

// String is the timing as written in case files.
func (t CashFlowTiming) String() string { return choiceName(cashFlowTimings, int(t)) }

// String is the terminal value as written in case files.
func (t TerminalValue) String() string { return choiceName(terminalValues, int(t)) }

// String is the method as written in case files.
func (d Depreciation) String() string { return choiceName(depreciations, int(d)) }

// choiceName is names[i], or a placeholder for a value outside them.
func choiceName(names []string, i int) string {
	if i >= 0 && i < len(names) {
		return names[i]
	}
	return "unknown"
}

// Site is one [[sites]] entry: a mining site that may be converted.
type Site struct {
	ID             string  // "id": required, [A-Za-z0-9_.-]+, unique in the case
	Region         string  // "region": required, e.g. "ERCOT"
	Node           string  // "node": required, a column of the grid price file
	InterconnectMW float64 // "interconnect_mw": meter MW at the POI, > 0
	// Settlement is "settlement": "real_time" (default) or "day_ahead".
	Settlement Settlement
	// ReserveMaxMW is "reserve_max_mw": the most meter MW of mining offered
	// as curtailable reserve in an hour; nil means no cap.
	ReserveMaxMW *float64
	// Temperature is "temperature": the column of grid.temperatures for
	// this site; empty means the node, else the region, else the site id.
	Temperature string
	// NonfirmInterconnectMW is "nonfirm_interconnect_mw": meter MW the POI
	// takes above interconnect_mw outside the stress hours (non-firm
	// service), default 0.
	NonfirmInterconnectMW float64
	// NewConnection is "new_connection": the site's interconnection does
	// not exist yet (default false: an existing connection).
	NewConnection bool
	// BalancingArea is "balancing_area": the EIA-930 code of the site's
	// balancing area as given ("" when absent: the plan's headroom takes
	// it from Region).
	BalancingArea string
	// TimeZone is "time_zone": the IANA zone of the site's calendar
	// (contract months, coincident-peak months, daily series); empty
	// means its region's market zone (Location).
	TimeZone  string
	Mining    Mining     // [sites.mining]
	AI        AI         // [sites.ai] (optional table)
	Halls     []Hall     // [[sites.conversion]] (may be empty)
	Contracts []Contract // [[sites.contract]] (may be empty)
	// Params are the site's term parameters (Key.Param keys of [[sites]]).
	Params Params
}

// Mining is a site's [sites.mining] table: the existing bitcoin fleet.
type Mining struct {
	CapacityITMW     float64 // "capacity_it_mw": >= 0 (required)
	EfficiencyJPerTH float64 // "efficiency_j_per_th": in (5, 200] (required)
	PUE              float64 // "pue": in [1, 3] (required)
	OpexUSDPerMWh    float64 // "opex_usd_per_mwh": per IT MWh mined, >= 0, default 0
	PUETemp          TempCurve
	// DerateAboveC and DeratePerC derate an air-cooled fleet: above
	// DerateAboveC (°C) capacity falls by DeratePerC (a fraction) per °C.
	// DeratePerC = 0 (default) disables it.
	DerateAboveC float64 // "derate_above_c", default 35
	DeratePerC   float64 // "derate_per_c": in [0, 1], default 0
	// Params are the fleet's term parameters (Key.Param keys of
	// [sites.mining]).
	Params Params
}

// AI is a site's [sites.ai] table: existing and committed AI load.
type AI struct {
	ExistingITMW     float64 // "existing_it_mw": >= 0, default 0
	ExistingPUE      float64 // "existing_pue": in [1, 3]; required when ExistingITMW > 0, default 1.3
	CommittedITMW    float64 // "committed_it_mw": take-or-pay AI IT MW that must be in service, >= 0, default 0
	PowerPassThrough bool    // "power_pass_through": the tenant pays the energy bill, default true
	Utilization      float64 // "utilization": average IT draw / IT capacity in [0, 1], default 0.8
	// CommittedFrom is "committed_from": with a horizon, the commitment
	// holds in every year starting on or after it (zero: the horizon start).
	CommittedFrom time.Time
}

// Cooling is the cooling technology of a hall.
type Cooling string

// Cooling technologies accepted in "cooling".
const (
	CoolingAir    Cooling = "air"    // air or hybrid cooling, limited to MaxAirRackKW per rack
	CoolingLiquid Cooling = "liquid" // direct-to-chip or immersion liquid cooling
)

// MaxAirRackKW is the highest rack density (kW per rack) accepted with air
// cooling; denser racks (e.g. GB200 NVL72 at about 120 kW) need liquid.
const MaxAirRackKW = 40.0

// Hall is one [[sites.conversion]] entry: a candidate AI conversion project.
type Hall struct {
	ID                  string  // "id": required, [A-Za-z0-9_.-]+, unique within the site
	ITMW                float64 // "it_mw": > 0 (required)
	Cooling             Cooling // "cooling": CoolingAir or CoolingLiquid (required)
	RackKW              float64 // "rack_kw": >= 0, 0 when not given; air allows at most MaxAirRackKW
	PUE                 float64 // "pue": in [1, 3] (required)
	CapexUSDPerMW       float64 // "capex_usd_per_mw": per IT MW, >= 0 (required)
	FixedOMUSDPerMWYear float64 // "fixed_om_usd_per_mw_year": >= 0, default 0
	DisplacesMiningITMW float64 // "displaces_mining_it_mw": >= 0, at most the site's mining capacity, default 0
	LeaseUSDPerKWMonth  float64 // "lease_usd_per_kw_month": > 0; the market default when not given
	LeaseOverridden     bool    // true when the hall gave its own lease
	PUETemp             TempCurve
	// Timing, with a horizon only.
	LeadTimeMonths int       // "lead_time_months": 0..240 from the horizon start to service, default 0
	EarliestOnline time.Time // "earliest_online": a date at or after the horizon start (zero: none)
	LeaseTermYears int       // "lease_term_years": 1..100; after it the hall re-lets at the market's lease (0: its life)
	// LifeYears is "life_years": 1..100, the hall's economic life, over
	// which its capex is annualized and its pro forma runs; 0 when not
	// given (the case's [finance] life_years; Hall.Life).
	LifeYears             int
	LeaseEscalatorPerYear float64 // "lease_escalator_per_year": in [-0.5, 1], from the first year of service, default 0
	ServiceYear           int     // "service_year": the year a signed deal enters service (0: the plan chooses)
	// POIMWPerITMW is "poi_mw_per_it_mw": the meter MW the hall reserves
	// at the POI per IT MW, at its design peak, in [pue, 3]; 0 when not
	// given (then pue × IT MW, hour by hour, as its PUE curve says).
	POIMWPerITMW float64
	// Flexibility is "ai_flexibility": FlexFirm (default) or
	// FlexCurtailable, with FirmShare ("firm_share", in [0, 1], default
	// 0: the share of its reservation it keeps in stress hours),
	// MaxCurtailedShare ("max_curtailed_share", in [0, 0.2], default 0.01:
	// the most of its annual energy it curtails) and
	// LeaseDiscountUSDPerKWMonth ("lease_discount_usd_per_kw_month", in
	// [0, lease), default 0: what the tenant pays less for it).
	Flexibility                Flexibility
	FirmShare                  float64
	MaxCurtailedShare          float64
	LeaseDiscountUSDPerKWMonth float64
	// Offer is "offer": OfferColocation (default: the lease) or
	// OfferGPUCloud, a GPU cloud contract with GPURevenueUSDPerYear
	// ("gpu_revenue_usd_per_year"), GPUCapexUSD ("gpu_capex_usd", the GPUs
	// the miner buys, spread over the term) and GPUTermYears
	// ("gpu_term_years"); after the term the hall re-lets at the market's
	// lease.
	Offer                Offer
	GPURevenueUSDPerYear float64
	GPUCapexUSD          float64
	GPUTermYears         int
	// ContractValueUSD is "contract_value_usd": a signed deal's disclosed
	// total lease over LeaseTermYears (0: not given). When given,
	// LeaseUSDPerKWMonth is the first-year lease derived from it
	// (FirstYearLease) and LeaseFromContract is true.
	ContractValueUSD  float64
	LeaseFromContract bool
	// NOIMarginDisclosed is "noi_margin_disclosed" (nil: not given), for
	// comparison only.
	NOIMarginDisclosed *float64
	// OccupancyStart ("occupancy_start", default Occupancy), Occupancy
	// ("occupancy", in (0, 1], default 1) and LeaseUpYears
	// ("lease_up_years", default 0) give the share of the hall let in
	// each service year (Hall.OccupancyIn).
	OccupancyStart float64
	Occupancy      float64
	LeaseUpYears   int
	// BuildMonths is "build_months": 0..120 months of construction ending
	// at service start (default LeadTimeMonths).
	BuildMonths int
	// Params are the hall's term parameters (Key.Param keys of
	// [[sites.conversion]]).
	Params Params
	// Finance of the hall's pro forma. MACRSClassYears is
	// "macrs_class_years" (5, 7, 15, 20 or 39, with depreciation =
	// "macrs"; 0 when not given: 15); TenantFundedCapexShare is
	// "tenant_funded_capex_share" (in [0, 1], default 0: the share of
	// capex_usd_per_mw the tenant pays). A GPU cloud contract's
	// GPUDebtShare is "gpu_debt_share" (in [0, 1]; nil when not given:
	// [finance] debt_share), GPUDebtTenorYears "gpu_debt_tenor_years"
	// (1..gpu_term_years; 0 when not given: the lesser of debt_tenor_years
	// and gpu_term_years) and CustomerPrepaymentShare
	// "customer_prepayment_share" (in [0, 1], default 0: the share of the
	// contract's revenue paid at its start).
	MACRSClassYears         int
	TenantFundedCapexShare  float64
	GPUDebtShare            *float64
	GPUDebtTenorYears       int
	CustomerPrepaymentShare float64
}

// DefaultMACRSClassYears is macrs_class_years when not given.
const DefaultMACRSClassYears = 15

// MACRSClass is the hall's macrs_class_years, or its default.
func (h *Hall) MACRSClass() int {
	if h.MACRSClassYears > 0 {
		return h.MACRSClassYears
	}
	return DefaultMACRSClassYears
}

// OwnerCapexUSDPerMW is the capex per IT MW the owner pays: capex_usd_per_mw
// less the tenant-funded share.
func (h *Hall) OwnerCapexUSDPerMW() float64 {
	return h.CapexUSDPerMW * (1 - h.TenantFundedCapexShare)
}

// GPUDebt is a GPU cloud contract's debt: its share of the GPUs and its
// tenor in years, the defaults filled in from f.
func (h *Hall) GPUDebt(f Finance) (share float64, tenorYears int) {
	share, tenorYears = f.DebtShare, h.GPUDebtTenorYears
	if h.GPUDebtShare != nil {
		share = *h.GPUDebtShare
	}
	if tenorYears == 0 {
		tenorYears = f.DebtTenorYears
		if tenorYears == 0 {
			tenorYears = f.LifeYears
		}
		tenorYears = min(tenorYears, h.GPUTermYears)
	}
	return share, tenorYears
}

// Flexibility says whether a hall's AI load is firm or curtailable.
type Flexibility string

// Flexibility kinds.
const (
	FlexFirm        Flexibility = "firm"
	FlexCurtailable Flexibility = "curtailable"
)

// Offer says what a hall sells.
type Offer string

// Offers.
const (
	OfferColocation Offer = "colocation"
	OfferGPUCloud   Offer = "gpu_cloud"
)

// defaultName is the base name of file without its extension.
func defaultName(file string) string {
	if file == "" {
		return ""
	}
	base := path.Base(strings.ReplaceAll(file, `\`, "/"))
	if ext := path.Ext(base); ext != "" && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

// Life is the hall's economic life in years: its own life_years, or the
// case's [finance] life_years.
func (h *Hall) Life(f Finance) int {
	if h.LifeYears > 0 {
		return h.LifeYears
	}
	return f.LifeYears
}
