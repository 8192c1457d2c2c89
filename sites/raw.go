package sites

import "strings"

// leaf holds one TOML value exactly as parsed, whatever its type, so that
// type problems are reported by the validator (with key and line) instead
// of stopping the TOML decoder. A nil *leaf is an absent key.
type leaf struct{ v any }

// UnmarshalTOML stores the parsed value; it never fails.
func (l *leaf) UnmarshalTOML(v any) error {
	l.v = v
	return nil
}

// rawCase mirrors the case file; pointers tell absent from zero.
type rawCase struct {
	Name    *leaf       `toml:"name"`
	Horizon *rawHorizon `toml:"horizon"`
	Grid    *rawGrid    `toml:"grid"`
	Market  *rawMarket  `toml:"market"`
	Finance *rawFinance `toml:"finance"`
	Impact  *rawImpact  `toml:"impact"`
	Gap     []rawGap    `toml:"gap"`
	Sites   []rawSite   `toml:"sites"`
	// Scenario and Risk make the case a stochastic plan (the uncertainty
	// set and the risk appetite).
	Scenario []rawScenario `toml:"scenario"`
	Risk     *rawRisk      `toml:"risk"`
}

// rawRisk mirrors [risk].
type rawRisk struct {
	RiskWeight  *leaf `toml:"risk_weight"`
	CVaRAlpha   *leaf `toml:"cvar_alpha"`
	CommitYears *leaf `toml:"commit_years"`
}

// rawHorizon mirrors [horizon].
type rawHorizon struct {
	StartYear              *leaf `toml:"start_year"`
	Years                  *leaf `toml:"years"`
	PriceEscalationPerYear *leaf `toml:"price_escalation_per_year"`
}

// rawGrid mirrors [grid].
type rawGrid struct {
	Prices         *leaf      `toml:"prices"`
	DayAheadPrices *leaf      `toml:"day_ahead_prices"`
	ReservePrices  *leaf      `toml:"reserve_prices"`
	Temperatures   *leaf      `toml:"temperatures"`
	Start          *leaf      `toml:"start"`
	Hours          *leaf      `toml:"hours"`
	HeadroomYear   *leaf      `toml:"headroom_reference_year"`
	CoincidentPeak *rawCP     `toml:"coincident_peak"`
	StressHours    *rawStress `toml:"stress_hours"`
}

// rawStress mirrors [grid.stress_hours].
type rawStress struct {
	Intervals  *leaf `toml:"intervals"`
	SystemLoad *leaf `toml:"system_load"`
	Hours      *leaf `toml:"hours"`
}

// rawCP mirrors [grid.coincident_peak].
type rawCP struct {
	RateUSDPerMWYear *leaf `toml:"rate_usd_per_mw_year"`
	Intervals        *leaf `toml:"intervals"`
	SystemLoad       *leaf `toml:"system_load"`
	Months           *leaf `toml:"months"`
}

// rawImpact mirrors [impact].
type rawImpact struct {
	NetworkHashrateEHs *leaf `toml:"network_hashrate_eh_s"`
	USHashrateShare    *leaf `toml:"us_hashrate_share"`
	StressHours        *leaf `toml:"stress_hours"`
}

// rawGap mirrors one [[gap]] reference.
type rawGap struct {
	ID     *leaf `toml:"id"`
	Source *leaf `toml:"source"`
	GapGW  *leaf `toml:"gap_gw"`
}

// rawContract mirrors one [[sites.contract]] entry.
type rawContract struct {
	ID             *leaf `toml:"id"`
	MW             *leaf `toml:"mw"`
	PriceUSDPerMWh *leaf `toml:"price_usd_per_mwh"`
	Start          *leaf `toml:"start"`
	End            *leaf `toml:"end"`
}

// rawMarket mirrors [market].
type rawMarket struct {
	HashpriceUSDPerPHDay *leaf `toml:"hashprice_usd_per_ph_day"`
	Hashprice            *leaf `toml:"hashprice"`
	BTCPriceUSD          *leaf `toml:"btc_price_usd"`
	NetworkHashrateEHs   *leaf `toml:"network_hashrate_eh_s"`
	FeesBTCPerBlock      *leaf `toml:"fees_btc_per_block"`
	Halving2028          *leaf `toml:"halving_2028"`
	Halvings             *leaf `toml:"halvings"`
	BTCPrice             *leaf `toml:"btc_price"`
	BTCPriceGrowth       *leaf `toml:"btc_price_growth_per_year"`
	HashrateGrowth       *leaf `toml:"network_hashrate_growth_per_year"`
	AILeaseUSDPerKWMonth *leaf `toml:"ai_lease_usd_per_kw_month"`
	AIDemandCapITMW      *leaf `toml:"ai_demand_cap_it_mw"`
}

// rawFinance mirrors [finance].
type rawFinance struct {
	DiscountRate      *leaf `toml:"discount_rate"`
	LifeYears         *leaf `toml:"life_years"`
	DebtShare         *leaf `toml:"debt_share"`
	DebtRate          *leaf `toml:"debt_rate"`
	DebtTenorYears    *leaf `toml:"debt_tenor_years"`
	TaxRate           *leaf `toml:"tax_rate"`
	DepreciationYears *leaf `toml:"depreciation_years"`
	TargetEquityIRR   *leaf `toml:"target_equity_irr"`
	CashFlowTiming    *leaf `toml:"cash_flow_timing"`
	OpexEscalator     *leaf `toml:"opex_escalator_per_year"`
	TerminalValue     *leaf `toml:"terminal_value"`
	ExitMultiple      *leaf `toml:"exit_multiple"`
	TerminalGrowth    *leaf `toml:"terminal_growth"`
	InterestOnlyYears *leaf `toml:"interest_only_years"`
	MinDSCR           *leaf `toml:"min_dscr"`
	DebtSizing        *leaf `toml:"debt_sizing"`
	SizingDSCR        *leaf `toml:"sizing_dscr"`
	Depreciation      *leaf `toml:"depreciation"`
	BonusShare        *leaf `toml:"bonus_depreciation_share"`
	GPUDepreciation   *leaf `toml:"gpu_depreciation_years"`
}

// rawSite mirrors one [[sites]] entry.
type rawSite struct {
	ID             *leaf         `toml:"id"`
	Region         *leaf         `toml:"region"`
	Node           *leaf         `toml:"node"`
	InterconnectMW *leaf         `toml:"interconnect_mw"`
	Settlement     *leaf         `toml:"settlement"`
	ReserveMaxMW   *leaf         `toml:"reserve_max_mw"`
	Temperature    *leaf         `toml:"temperature"`
	NonfirmMW      *leaf         `toml:"nonfirm_interconnect_mw"`
	NewConnection  *leaf         `toml:"new_connection"`
	BalancingArea  *leaf         `toml:"balancing_area"`
	TimeZone       *leaf         `toml:"time_zone"`
	Mining         *rawMining    `toml:"mining"`
	AI             *rawAI        `toml:"ai"`
	Conversion     []rawHall     `toml:"conversion"`
	Contract       []rawContract `toml:"contract"`
}

// rawMining mirrors [sites.mining].
type rawMining struct {
	CapacityITMW     *leaf `toml:"capacity_it_mw"`
	EfficiencyJPerTH *leaf `toml:"efficiency_j_per_th"`
	PUE              *leaf `toml:"pue"`
	OpexUSDPerMWh    *leaf `toml:"opex_usd_per_mwh"`
	PUETempSlope     *leaf `toml:"pue_temp_slope_per_c"`
	PUETempReference *leaf `toml:"pue_temp_reference_c"`
	DerateAboveC     *leaf `toml:"derate_above_c"`
	DeratePerC       *leaf `toml:"derate_per_c"`
}

// rawAI mirrors [sites.ai].
type rawAI struct {
	ExistingITMW     *leaf `toml:"existing_it_mw"`
	ExistingPUE      *leaf `toml:"existing_pue"`
	CommittedITMW    *leaf `toml:"committed_it_mw"`
	PowerPassThrough *leaf `toml:"power_pass_through"`
	Utilization      *leaf `toml:"utilization"`
	CommittedFrom    *leaf `toml:"committed_from"`
}

// rawHall mirrors one [[sites.conversion]] entry.
type rawHall struct {
	ID                  *leaf `toml:"id"`
	ITMW                *leaf `toml:"it_mw"`
	Cooling             *leaf `toml:"cooling"`
	RackKW              *leaf `toml:"rack_kw"`
	PUE                 *leaf `toml:"pue"`
	CapexUSDPerMW       *leaf `toml:"capex_usd_per_mw"`
	FixedOMUSDPerMWYear *leaf `toml:"fixed_om_usd_per_mw_year"`
	DisplacesMiningITMW *leaf `toml:"displaces_mining_it_mw"`
	LeaseUSDPerKWMonth  *leaf `toml:"lease_usd_per_kw_month"`
	PUETempSlope        *leaf `toml:"pue_temp_slope_per_c"`
	PUETempReference    *leaf `toml:"pue_temp_reference_c"`
	LeadTimeMonths      *leaf `toml:"lead_time_months"`
	EarliestOnline      *leaf `toml:"earliest_online"`
	LeaseTermYears      *leaf `toml:"lease_term_years"`
	LifeYears           *leaf `toml:"life_years"`
	LeaseEscalator      *leaf `toml:"lease_escalator_per_year"`
	ServiceYear         *leaf `toml:"service_year"`
	POIMWPerITMW        *leaf `toml:"poi_mw_per_it_mw"`
	Flexibility         *leaf `toml:"ai_flexibility"`
	FirmShare           *leaf `toml:"firm_share"`
	MaxCurtailedShare   *leaf `toml:"max_curtailed_share"`
	LeaseDiscount       *leaf `toml:"lease_discount_usd_per_kw_month"`
	Offer               *leaf `toml:"offer"`
	GPURevenue          *leaf `toml:"gpu_revenue_usd_per_year"`
	GPUCapex            *leaf `toml:"gpu_capex_usd"`
	GPUTermYears        *leaf `toml:"gpu_term_years"`
	ContractValueUSD    *leaf `toml:"contract_value_usd"`
	NOIMarginDisclosed  *leaf `toml:"noi_margin_disclosed"`
	OccupancyStart      *leaf `toml:"occupancy_start"`
	Occupancy           *leaf `toml:"occupancy"`
	LeaseUpYears        *leaf `toml:"lease_up_years"`
	BuildMonths         *leaf `toml:"build_months"`
	MACRSClassYears     *leaf `toml:"macrs_class_years"`
	TenantFundedShare   *leaf `toml:"tenant_funded_capex_share"`
	GPUDebtShare        *leaf `toml:"gpu_debt_share"`
	GPUDebtTenorYears   *leaf `toml:"gpu_debt_tenor_years"`
	PrepaymentShare     *leaf `toml:"customer_prepayment_share"`
}

// nodeKind says what a schema key holds.
type nodeKind int

// Kinds of schema keys.
const (
	kindLeaf  nodeKind = iota // a value
	kindTable                 // a table: [name]
	kindArray                 // an array of tables: [[name]]
)

// schema describes the keys a table accepts, built from the key
// declarations (caseKeys); TestDeclarationsMatchDecoding checks them
// against the raw structs, so the accepted keys and the decoded keys
// cannot drift apart.
type schema struct {
	kind     nodeKind
	keys     []string // in declaration order
	children map[string]*schema
}

// caseSchema is the schema of a whole case file.
func caseSchema() *schema { return schemaFor("") }

// scenariosSchema is the schema of a scenarios file: its [[scenario]]
// tables.
func scenariosSchema() *schema { return schemaFor("scenario") }

// schemaFor builds the schema of the declared keys under prefix (every
// key when prefix is "", else the table prefix and its keys).
func schemaFor(prefix string) *schema {
	root := &schema{kind: kindTable, children: map[string]*schema{}}
	for _, k := range caseKeys {
		if prefix != "" && k.Path != prefix && !strings.HasPrefix(k.Path, prefix+".") {
			continue
		}
		parts := strings.Split(k.Path, ".")
		node := root
		for i, name := range parts {
			kind := kindLeaf
			if i < len(parts)-1 {
				kind = tableKind(strings.Join(parts[:i+1], "."))
			}
			node = node.child(name, kind)
		}
	}
	return root
}

// child returns the child name of s, adding it with kind if it is new.
func (s *schema) child(name string, kind nodeKind) *schema {
	if c, ok := s.children[name]; ok {
		return c
	}
	c := &schema{kind: kind, children: map[string]*schema{}}
	s.keys = append(s.keys, name)
	s.children[name] = c
	return c
}

// tableKind says whether table path is a table or an array of tables.
func tableKind(path string) nodeKind {
	for _, a := range arrayTables {
		if a == path {
			return kindArray
		}
	}
	return kindTable
}
