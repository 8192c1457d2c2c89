// Package report renders a Plan: a text summary, the summary JSON, and CSV
// tables. It formats what optimize computed and never recomputes economics.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/proforma"
)

// Summary is the JSON document `gridflip plan --format json` prints and
// `--out` writes as summary.json. docs/outputs.md documents every field.
type Summary struct {
	Case         string  `json:"case" doc:"the case name"`
	Status       string  `json:"status" doc:"optimal or time_limit_feasible (plans are only reported with a feasible point)"`
	Termination  string  `json:"termination" doc:"HiGHS's own words for why it stopped"`
	Relaxed      bool    `json:"relaxed" doc:"true with --relax"`
	Method       string  `json:"method" doc:"decomposed or monolithic: the method that ran"`
	MethodNote   string  `json:"method_note,omitempty" doc:"why auto ran the monolithic model; absent otherwise"`
	ObjectiveUSD float64 `json:"objective_usd" unit:"USD" doc:"the objective, recomputed from the primal values"`
	// BaselineObjectiveUSD is the same objective keeping the miners (the
	// no-conversion baseline solved on every run); UpliftUSD the plan's
	// gain over it.
	BaselineObjectiveUSD float64      `json:"baseline_objective_usd" unit:"USD" doc:"the objective of the no-conversion baseline (keeping the miners), on the plan's basis: for a stochastic plan the metric of every scenario's baseline value"`
	UpliftUSD            float64      `json:"uplift_usd" unit:"USD" doc:"objective_usd − baseline_objective_usd: what the plan adds over keeping the miners"`
	Hours                int          `json:"hours" unit:"h" doc:"the hours modelled"`
	Start                time.Time    `json:"start" unit:"RFC 3339" doc:"the first hour"`
	MIPGap               float64      `json:"mip_gap" unit:"fraction" doc:"the relative MIP gap at the end (0 for LPs)"`
	Solver               SolverJSON   `json:"solver" doc:"the model's size and the solve's times"`
	Notes                []string     `json:"notes" doc:"how inputs were prepared (e.g. 15-minute prices averaged to hours)"`
	Portfolio            Portfolio    `json:"portfolio" doc:"the sites' sums, and every money stream (the sites' streams add up to the objective)"`
	Sites                []SiteJSON   `json:"sites" doc:"each site's plan: its halls, capacities, energy, money streams and contracts"`
	GridImpact           []ImpactJSON `json:"grid_impact" doc:"per region, then the portfolio: the load before and after"`
	Gap                  []GapJSON    `json:"gap" doc:"the share of each US power-gap reference the plan closes, on the headline basis"`
	// GapBases is the GW the plan closes on every basis; the gap rows
	// use GapHeadlineBasis.
	GapBases         []GapBasisJSON `json:"gap_bases" unit:"GW" doc:"the plan's new AI on each basis: POI reservation or IT, all or existing connections, all or unsigned halls"`
	GapHeadlineBasis string         `json:"gap_headline_basis" doc:"the basis of gap[]: it_existing_unsigned (new, unsigned AI IT at existing connections)"`
	Timing           TimingJSON     `json:"timing" unit:"s" doc:"wall time reading the case, planning and solving the baseline"`
	// Years is the horizon year by year (absent without a horizon).
	Years []YearJSON `json:"years,omitempty" doc:"with a horizon, each year summed over the portfolio, its streams undiscounted"`
	// Finance is the portfolio's pro forma figures: every hall built
	// (absent when none is).
	Finance *FinanceJSON `json:"finance,omitempty" doc:"the pro forma figures of all halls built (absent when none is)"`
	// Risk and Scenarios describe a stochastic plan (absent otherwise);
	// objective_usd is then (1−λ)·E[V] + λ·CVaR_α[V], and the sites are
	// the reference scenario's plan.
	Risk      *RiskJSON      `json:"risk,omitempty" doc:"a stochastic plan's risk figures (absent otherwise)"`
	Scenarios []ScenarioJSON `json:"scenarios,omitempty" doc:"a stochastic plan's scenarios (absent otherwise)"`
	// Flexibility is the headroom answer per curtailment share (plan or gap
	// --flexible), absent otherwise.
	Flexibility []FlexJSON `json:"flexibility,omitempty" doc:"with --flexible, the new AI the sites host at each curtailment share"`
	// Headroom is each balancing area's headroom before and after the
	// plan (report/headroom_plan.go).
	Headroom            []PlanHeadroomJSON `json:"headroom,omitempty" unit:"MW" doc:"each balancing area with sites in the plan: its curtailment-enabled headroom at each limit before and after the plan, over one reference year of its historical load (docs/headroom.md); absent with --headroom=false"`
	HeadroomNotes       []string           `json:"headroom_notes,omitempty" doc:"what the headroom leaves out (sites without a balancing area, hours the plan does not cover)"`
	HeadroomAttribution string             `json:"headroom_attribution,omitempty" doc:"the load data's attribution (CC BY 4.0), with headroom"`
	// Deals reconcile every hall given by its contract value (absent when
	// none is).
	Deals []DealRow `json:"deals,omitempty" doc:"each hall given by contract_value_usd: its disclosed contract value and NOI margin against the pro forma's (as deals.csv)"`
	// Assumptions are the case's inputs the report's assumptions table
	// shows.
	Assumptions *AssumptionsJSON `json:"assumptions,omitempty" doc:"the inputs behind the figures (lease, escalator, WACC, debt, tax, capex per MW, hashprice by year, BTC and network hashrate and their growth, halvings, price file and years), defaults applied"`
}

// FlexJSON is the headroom answer for one curtailment share.
type FlexJSON struct {
	MaxCurtailedShare float64        `json:"max_curtailed_share"`
	NewAIITMW         float64        `json:"new_ai_it_mw"`
	ClosedGW          float64        `json:"closed_gw"`
	StressHoursLoadMW float64        `json:"stress_hours_load_mw"`
	Gap               []GapJSON      `json:"gap"`
	GapBases          []GapBasisJSON `json:"gap_bases"`
}

// GapBasisJSON is the GW a plan closes on one basis (impact.GapBases).
type GapBasisJSON struct {
	Basis    string  `json:"basis"`
	ClosedGW float64 `json:"closed_gw"`
}

// gapBases converts the bases for JSON.
func gapBases(bases []impact.GapBasis) []GapBasisJSON {
	out := make([]GapBasisJSON, len(bases))
	for i, b := range bases {
		out[i] = GapBasisJSON{Basis: b.Basis, ClosedGW: b.ClosedGW}
	}
	return out
}

// RiskJSON is a stochastic plan's risk figures, USD in the plan's metric.
type RiskJSON struct {
	RiskWeight        float64  `json:"risk_weight"`
	CVaRAlpha         float64  `json:"cvar_alpha"`
	ExpectedUSD       float64  `json:"expected_usd"`
	CVaRUSD           float64  `json:"cvar_usd"`
	WaitAndSeeUSD     float64  `json:"wait_and_see_usd"`
	EVPIUSD           float64  `json:"evpi_usd"`
	EVPlanUSD         *float64 `json:"ev_plan_usd"`
	VSSUSD            *float64 `json:"vss_usd"`
	EVPlanError       string   `json:"ev_plan_error,omitempty"`
	ReferenceScenario string   `json:"reference_scenario"`
	Method            string   `json:"method"`
}

// ScenarioJSON is one scenario of a stochastic plan.
type ScenarioJSON struct {
	ID                         string                    `json:"id"`
	Probability                float64                   `json:"probability"`
	ValueUSD                   float64                   `json:"value_usd"`
	PerfectInformationValueUSD float64                   `json:"perfect_information_value_usd"`
	EVPlanValueUSD             *float64                  `json:"ev_plan_value_usd"`
	NewAIITMW                  float64                   `json:"new_ai_it_mw"`
	HallsBuilt                 map[string][]string       `json:"halls_built"`
	ServiceYears               map[string]map[string]int `json:"service_years,omitempty"`
}

// YearJSON is one year of the horizon, summed over the portfolio; money
// undiscounted except objective_usd.
type YearJSON struct {
	Year                 int          `json:"year"`
	DiscountFactor       float64      `json:"discount_factor"`
	ObjectiveUSD         float64      `json:"objective_usd"`
	HallsInService       int          `json:"halls_in_service"`
	NewAIITMW            float64      `json:"new_ai_it_mw"`
	AIITMW               float64      `json:"ai_it_mw"`
	AIMeterMW            float64      `json:"ai_meter_mw"`
	MiningCapacityITMW   float64      `json:"mining_capacity_it_mw"`
	MiningMWh            float64      `json:"mining_mwh"`
	MiningRevenueUSD     float64      `json:"mining_revenue_usd"`
	HashpriceUSDPerPHDay float64      `json:"hashprice_usd_per_ph_day"`
	ProfitUSD            float64      `json:"profit_usd"`
	Streams              *StreamsJSON `json:"streams"`
}

// FinanceJSON are a pro forma's figures. An IRR, DSCR or payback year
// that does not exist (flows that do not change sign once, no debt, no
// payback within the life) is null. MinDSCR is a hall's own lowest DSCR,
// or for a site or the portfolio the lowest of its built halls' (lenders
// size each hall alone); PooledMinDSCR, of a site or the portfolio only,
// is the lowest DSCR of the summed lines (absent for a hall, and when no
// hall has debt). MinLeaseBinding and NOIMargin are a hall's.
type FinanceJSON struct {
	NPVUSD                 float64  `json:"npv_usd"`
	NPVUSDPerW             float64  `json:"npv_usd_per_w"`
	ProjectIRR             *float64 `json:"project_irr"`
	EquityIRR              *float64 `json:"equity_irr"`
	PaybackYear            *int     `json:"payback_year"`
	MinDSCR                *float64 `json:"min_dscr"`
	PooledMinDSCR          *float64 `json:"pooled_min_dscr,omitempty"`
	TerminalValueUSD       float64  `json:"terminal_value_usd"`
	EnterpriseValueUSDPerW float64  `json:"enterprise_value_usd_per_w"`
	EquityValueUSDPerW     float64  `json:"equity_value_usd_per_w"`
	CapexUSD               float64  `json:"capex_usd"`
	// FacilityDebtUSD is the halls' facility debt at service start
	// (capitalized interest included); DebtSizedByDSCR says the DSCR
	// sized it below the loan-to-cost (of a hall; of a site or the
	// portfolio, of any of its halls).
	FacilityDebtUSD float64  `json:"facility_debt_usd"`
	DebtSizedByDSCR bool     `json:"debt_sized_by_dscr"`
	MinLeaseBinding string   `json:"min_lease_binding,omitempty"`
	NOIMargin       *float64 `json:"noi_margin,omitempty"`
	// Years are the portfolio's pro forma lines (absent for a hall or a
	// site): capex as spent, so the J-curve shows.
	Years []FinanceYearJSON `json:"years,omitempty"`
}

// FinanceYearJSON is one year of the portfolio's pro forma (as
// cashflows.csv): capex, CFADS and the project's and equity's cash flow.
type FinanceYearJSON struct {
	Year                 int     `json:"year"`
	CapexUSD             float64 `json:"capex_usd"`
	CFADSUSD             float64 `json:"cfads_usd"`
	CashFlowProjectUSD   float64 `json:"cash_flow_project_usd"`
	CashFlowEquityUSD    float64 `json:"cash_flow_equity_usd"`
	CumulativeProjectUSD float64 `json:"cumulative_project_usd"`
}

// TimingJSON is where the run's time went, wall seconds: reading the case,
// planning (valuing or building, solving, verifying) and the
// no-conversion baseline.
type TimingJSON struct {
	ReadSeconds     float64 `json:"read_seconds"`
	PlanSeconds     float64 `json:"plan_seconds"`
	BaselineSeconds float64 `json:"baseline_seconds"`
}

// MetricsJSON summarizes a load series (see impact.Metrics).
type MetricsJSON struct {
	EnergyMWh            float64 `json:"energy_mwh"`
	PeakMW               float64 `json:"peak_mw"`
	LoadFactor           float64 `json:"load_factor"`
	FirmMW               float64 `json:"firm_mw"`
	FlexibleMW           float64 `json:"flexible_mw"`
	StressLoadMW         float64 `json:"stress_hours_load_mw"`
	CoincidentPeakLoadMW float64 `json:"coincident_peak_load_mw"`
	AvgPriceUSDPerMWh    float64 `json:"avg_price_usd_per_mwh"`
	HashrateEHs          float64 `json:"hashrate_eh_s"`
}

// ImpactJSON compares before (no conversion) and after (the plan).
type ImpactJSON struct {
	Scope              string      `json:"scope"`
	Before             MetricsJSON `json:"before"`
	After              MetricsJSON `json:"after"`
	HashrateRetiredEHs float64     `json:"hashrate_retired_eh_s"`
	ShareOfNetwork     float64     `json:"hashrate_retired_share_of_network"`
	ShareOfUS          float64     `json:"hashrate_retired_share_of_us"`
	NewAIMeterMW       float64     `json:"new_ai_meter_mw"`
}

// GapJSON is how much of one US power-gap estimate the plan closes.
type GapJSON struct {
	ID             string  `json:"id"`
	Source         string  `json:"source"`
	GapGW          float64 `json:"gap_gw"`
	ClosedGW       float64 `json:"closed_gw"`
	ClosedFraction float64 `json:"closed_fraction"`
}

// ContractJSON settles one fixed-price block for one month.
type ContractJSON struct {
	ID           string  `json:"id"`
	Month        string  `json:"month"`
	BlockMWh     float64 `json:"block_mwh"`
	UsedMWh      float64 `json:"used_mwh"`
	CreditMWh    float64 `json:"power_credit_mwh"`
	CreditUSD    float64 `json:"power_credit_usd"`
	FixedCostUSD float64 `json:"fixed_cost_usd"`
	HedgeUSD     float64 `json:"hedge_usd"`
}

// SolverJSON describes the model size and the solve.
type SolverJSON struct {
	Name                  string  `json:"name"`
	Version               string  `json:"version"`
	Columns               int     `json:"columns"`
	Rows                  int     `json:"rows"`
	Nonzeros              int     `json:"nonzeros"`
	IntegerColumns        int     `json:"integer_columns"`
	BuildSeconds          float64 `json:"build_seconds"`
	SolveSeconds          float64 `json:"solve_seconds"`
	InterconnectLPSeconds float64 `json:"interconnect_lp_seconds"`
	CouplingColumns       int     `json:"coupling_columns"`
	CouplingRows          int     `json:"coupling_rows"`
	VerifySeconds         float64 `json:"verify_seconds"`
	CutRounds             int     `json:"cut_rounds"`
	MaxRowViolation       float64 `json:"max_row_violation"`
}

// StreamsJSON are revenues and costs over the horizon (costs positive).
// In JSON they are one number per declared money stream
// (optimize.MoneyStreams), under its key and in declaration order, then
// profit_usd.
type StreamsJSON struct {
	optimize.Streams
}

// MarshalJSON writes each declared stream, then the profit.
func (s StreamsJSON) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	add := func(key string, v float64) error {
		num, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		b = append(strconv.AppendQuote(b, key), ':')
		b = append(append(b, num...), ',')
		return nil
	}
	for _, m := range optimize.MoneyStreams() {
		if err := add(m.Key(), m.Of(&s.Streams)); err != nil {
			return nil, err
		}
	}
	if err := add("profit_usd", s.ProfitUSD); err != nil {
		return nil, err
	}
	b[len(b)-1] = '}'
	return b, nil
}

// UnmarshalJSON reads each declared stream present in an object (other
// keys are left alone), and the profit.
func (s *StreamsJSON) UnmarshalJSON(data []byte) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}
	get := func(key string) (float64, error) {
		var v float64
		if raw, ok := fields[key]; ok {
			if err := json.Unmarshal(raw, &v); err != nil {
				return 0, fmt.Errorf("%s: %w", key, err)
			}
		}
		return v, nil
	}
	for _, m := range optimize.MoneyStreams() {
		v, err := get(m.Key())
		if err != nil {
			return err
		}
		m.Add(&s.Streams, v-m.Of(&s.Streams))
	}
	var err error
	s.ProfitUSD, err = get("profit_usd")
	return err
}

// withStreams is the JSON object fields (an object) with the streams'
// members appended: a portfolio's or a site's figures, then its streams.
func withStreams(fields any, s StreamsJSON) ([]byte, error) {
	head, err := json.Marshal(fields)
	if err != nil {
		return nil, err
	}
	tail, err := s.MarshalJSON()
	if err != nil {
		return nil, err
	}
	if len(head) > 2 {
		head[len(head)-1] = ','
	} else {
		head = head[:1]
	}
	return append(head, tail[1:]...), nil
}

// Portfolio holds the portfolio totals.
type Portfolio struct {
	HallsBuilt         int     `json:"halls_built"`
	InterconnectMW     float64 `json:"interconnect_mw"`
	NewAIITMW          float64 `json:"new_ai_it_mw"`
	AIITMW             float64 `json:"ai_it_mw"`
	AIMeterMW          float64 `json:"ai_meter_mw"`
	NewCapexUSD        float64 `json:"new_capex_usd"`
	MiningCapacityITMW float64 `json:"mining_capacity_it_mw"`
	MiningMWh          float64 `json:"mining_mwh"`
	ExistingAILeaseUSD float64 `json:"existing_ai_lease_usd"`
	HedgeUSD           float64 `json:"hedge_usd"`
	// Streams follow the fields above in the same JSON object.
	Streams StreamsJSON `json:"-"`
}

// MarshalJSON writes the portfolio's figures, then its streams.
func (p Portfolio) MarshalJSON() ([]byte, error) {
	type plain Portfolio
	return withStreams(plain(p), p.Streams)
}

// UnmarshalJSON reads the portfolio's figures and its streams.
func (p *Portfolio) UnmarshalJSON(data []byte) error {
	type plain Portfolio
	if err := json.Unmarshal(data, (*plain)(p)); err != nil {
		return err
	}
	return p.Streams.UnmarshalJSON(data)
}

// HallJSON is one candidate hall and the decision about it.
type HallJSON struct {
	ID                 string  `json:"id"`
	Cooling            string  `json:"cooling"`
	ITMW               float64 `json:"it_mw"`
	MeterMW            float64 `json:"meter_mw"`
	Build              float64 `json:"build"`
	CapexUSD           float64 `json:"capex_usd"`
	NetUSD             float64 `json:"net_usd"`
	LeaseUSDPerKWMonth float64 `json:"lease_usd_per_kw_month"`
	// ServiceYear is the year the hall enters service (null when it is
	// not built or the case has no horizon); Never says why it cannot.
	ServiceYear *int   `json:"service_year"`
	Never       string `json:"never,omitempty"`
	// DecidedNow is true, in a stochastic plan, for a hall built now for
	// every scenario (a hall not decided now may be built later in some).
	DecidedNow bool `json:"decided_now,omitempty"`
	// Finance is the hall's pro forma figures: as planned when built,
	// else as if it entered service in its earliest year
	// (finance_assumes_earliest); MinLease is the lowest lease at which
	// its equity IRR reaches the target (null when none does).
	Finance                *FinanceJSON `json:"finance,omitempty"`
	FinanceAssumesEarliest bool         `json:"finance_assumes_earliest,omitempty"`
	MinLeaseUSDPerKWMonth  *float64     `json:"min_lease_usd_per_kw_month"`
	// ValueIfBuiltUSD is, for a hall not built, the change of the
	// objective if its site built it, every other site held as planned
	// (optimize.HallPlan.ValueIfBuiltUSD; absent where the fast path does
	// not value the site set by set).
	ValueIfBuiltUSD *float64 `json:"value_if_built_usd,omitempty"`
}

// SiteJSON is one site's plan.
type SiteJSON struct {
	ID     string `json:"id"`
	Region string `json:"region"`
	Node   string `json:"node"`
	// TimeZone is the IANA zone of the site's calendar: report.html's
	// heat maps and dispatch week should show its local hours.
	TimeZone                      string         `json:"time_zone"`
	InterconnectMW                float64        `json:"interconnect_mw"`
	Halls                         []string       `json:"halls"`
	HallDecisions                 []HallJSON     `json:"hall_decisions"`
	NewAIITMW                     float64        `json:"new_ai_it_mw"`
	ExistingAIITMW                float64        `json:"existing_ai_it_mw"`
	AIITMW                        float64        `json:"ai_it_mw"`
	AIMeterMW                     float64        `json:"ai_meter_mw"`
	NewCapexUSD                   float64        `json:"new_capex_usd"`
	MiningCapacityITMW            float64        `json:"mining_capacity_it_mw"`
	MiningMWh                     float64        `json:"mining_mwh"`
	MiningMeterMWh                float64        `json:"mining_meter_mwh"`
	CurtailedHours                int            `json:"curtailed_hours"`
	InterconnectValueUSDPerMWYear float64        `json:"interconnect_value_usd_per_mw_year"`
	ExistingAILeaseUSD            float64        `json:"existing_ai_lease_usd"`
	ExistingAICoincidentPeakUSD   float64        `json:"existing_ai_coincident_peak_usd"`
	HedgeUSD                      float64        `json:"hedge_usd"`
	Contracts                     []ContractJSON `json:"contracts"`
	// Finance sums the site's halls built (absent when none is).
	Finance *FinanceJSON `json:"finance,omitempty"`
	// Streams follow the fields above in the same JSON object.
	Streams StreamsJSON `json:"-"`
}

// MarshalJSON writes the site's figures, then its streams.
func (s SiteJSON) MarshalJSON() ([]byte, error) {
	type plain SiteJSON
	return withStreams(plain(s), s.Streams)
}

// UnmarshalJSON reads the site's figures and its streams.
func (s *SiteJSON) UnmarshalJSON(data []byte) error {
	type plain SiteJSON
	if err := json.Unmarshal(data, (*plain)(s)); err != nil {
		return err
	}
	return s.Streams.UnmarshalJSON(data)
}

func metrics(m impact.Metrics) MetricsJSON {
	return MetricsJSON{
		EnergyMWh: m.EnergyMWh, PeakMW: m.PeakMW, LoadFactor: m.LoadFactor, FirmMW: m.FirmMW, FlexibleMW: m.FlexibleMW,
		StressLoadMW: m.StressLoadMW, CoincidentPeakLoadMW: m.CoincidentPeakLoadMW,
		AvgPriceUSDPerMWh: m.AvgPriceUSDPerMWh, HashrateEHs: m.HashrateEHs,
	}
}

// NewSummary maps an analysis (a plan, its grid impact and gap) onto the
// summary JSON document.
func NewSummary(a *analysis.Analysis) *Summary {
	p := a.Plan
	out := &Summary{
		Notes:      append([]string{}, p.Notes...),
		GridImpact: make([]ImpactJSON, 0, len(a.Impact)),
		Gap:        make([]GapJSON, 0, len(a.Gap)),
		Case:       p.CaseName, Status: p.Status.String(), Termination: p.Termination, Relaxed: p.Relaxed,
		Method: string(p.Method), MethodNote: p.MethodNote, ObjectiveUSD: p.ObjectiveUSD, Hours: p.Hours, Start: p.Start, MIPGap: p.MIPGap,
		Solver: SolverJSON{
			Name: p.Solver.Name, Version: p.Solver.Version,
			Columns: p.Solver.Columns, Rows: p.Solver.Rows, Nonzeros: p.Solver.Nonzeros, IntegerColumns: p.Solver.IntegerColumns,
			BuildSeconds: p.Solver.BuildSeconds, SolveSeconds: p.Solver.SolveSeconds,
			InterconnectLPSeconds: p.Solver.InterconnectSolveSeconds, MaxRowViolation: p.Solver.MaxRowViolation,
			CouplingColumns: p.Solver.CouplingColumns, CouplingRows: p.Solver.CouplingRows,
			VerifySeconds: p.Solver.VerifySeconds, CutRounds: p.Solver.CutRounds,
		},
		Timing: TimingJSON{ReadSeconds: a.ReadSeconds, PlanSeconds: a.PlanSeconds, BaselineSeconds: a.BaselineSeconds},
		Portfolio: Portfolio{
			HallsBuilt: p.Portfolio.HallsBuilt, InterconnectMW: p.Portfolio.InterconnectMW,
			NewAIITMW: p.Portfolio.NewAIITMW, AIITMW: p.Portfolio.AIITMW, AIMeterMW: p.Portfolio.AIMeterMW,
			NewCapexUSD: p.Portfolio.NewCapexUSD, MiningCapacityITMW: p.Portfolio.MiningCapacityITMW,
			MiningMWh: p.Portfolio.MiningMWh, ExistingAILeaseUSD: p.Portfolio.ExistingAILeaseUSD,
			HedgeUSD: p.Portfolio.HedgeUSD,
			Streams:  StreamsJSON{p.Portfolio.Streams},
		},
		Sites: make([]SiteJSON, 0, len(p.Sites)),
	}
	fin := financeIndex(a)
	for _, s := range p.Sites {
		sj := SiteJSON{
			ID: s.ID, Region: s.Region, Node: s.Node, TimeZone: s.TimeZone, InterconnectMW: s.InterconnectMW,
			Halls:     append([]string{}, s.HallsBuilt...),
			NewAIITMW: s.NewAIITMW, ExistingAIITMW: s.ExistingAIITMW, AIITMW: s.AIITMW, AIMeterMW: s.AIMeterMW,
			NewCapexUSD: s.NewCapexUSD, MiningCapacityITMW: s.MiningCapacityITMW,
			MiningMWh: s.MiningMWh, MiningMeterMWh: s.MiningMeterMWh, CurtailedHours: s.CurtailedHours,
			InterconnectValueUSDPerMWYear: s.InterconnectValueUSDPerMWYear,
			ExistingAILeaseUSD:            s.ExistingAILeaseUSD,
			ExistingAICoincidentPeakUSD:   s.ExistingAICoincidentPeakUSD,
			HedgeUSD:                      s.HedgeUSD,
			Contracts:                     make([]ContractJSON, 0, len(s.Contracts)),
			Streams:                       StreamsJSON{s.Streams},
			HallDecisions:                 make([]HallJSON, 0, len(s.Halls)),
		}
		for _, h := range s.Halls {
			hj := HallJSON{
				ID: h.ID, Cooling: h.Cooling, ITMW: h.ITMW, MeterMW: h.MeterMW, Build: h.Build,
				CapexUSD: h.CapexUSD, NetUSD: h.NetUSD, LeaseUSDPerKWMonth: h.LeaseUSDPerKWMonth, Never: h.Never,
				ValueIfBuiltUSD: h.ValueIfBuiltUSD,
			}
			if h.ServiceYear != 0 {
				hj.ServiceYear = &h.ServiceYear
			}
			if hf, ok := fin.halls[s.ID+"/"+h.ID]; ok {
				hj.Finance = financeJSON(hf.ProForma, hf.Figures, hf.CapexUSD)
				hj.Finance.MinLeaseBinding = string(hf.MinLeaseBinding)
				hj.Finance.NOIMargin = rateJSON(hf.NOIMargin)
				hj.FinanceAssumesEarliest = !hf.Built
				if hf.MinLeaseFound {
					hj.MinLeaseUSDPerKWMonth = &hf.MinLeaseUSDPerKWMonth
				}
			}
			sj.HallDecisions = append(sj.HallDecisions, hj)
		}
		if sf, ok := fin.sites[s.ID]; ok {
			sj.Finance = scopeJSON(sf, s.NewCapexUSD)
		}
		for _, k := range s.Contracts {
			sj.Contracts = append(sj.Contracts, ContractJSON{
				ID: k.ContractID, Month: k.Month, BlockMWh: k.BlockMWh, UsedMWh: k.UsedMWh,
				CreditMWh: k.CreditMWh, CreditUSD: k.CreditUSD, FixedCostUSD: k.FixedCostUSD, HedgeUSD: k.HedgeUSD,
			})
		}
		out.Sites = append(out.Sites, sj)
	}
	for _, im := range a.Impact {
		out.GridImpact = append(out.GridImpact, ImpactJSON{
			Scope: im.Scope, Before: metrics(im.Before), After: metrics(im.After),
			HashrateRetiredEHs: im.HashrateRetiredEHs, ShareOfNetwork: im.ShareOfNetwork, ShareOfUS: im.ShareOfUS,
			NewAIMeterMW: im.NewAIMeterMW,
		})
	}
	for _, g := range a.Gap {
		out.Gap = append(out.Gap, GapJSON{ID: g.ID, Source: g.Source, GapGW: g.GapGW, ClosedGW: g.ClosedGW, ClosedFraction: g.ClosedFraction})
	}
	out.GapBases, out.GapHeadlineBasis = gapBases(a.GapBases), impact.GapHeadlineBasis
	out.Deals = dealRows(a)
	for _, y := range p.Years {
		st := StreamsJSON{y.Streams}
		out.Years = append(out.Years, YearJSON{Year: y.Year, DiscountFactor: y.DiscountFactor, ObjectiveUSD: y.ObjectiveUSD,
			HallsInService: y.HallsInService, NewAIITMW: y.NewAIITMW, AIITMW: y.AIITMW, AIMeterMW: y.AIMeterMW,
			MiningCapacityITMW: y.MiningCapacityITMW, MiningMWh: y.MiningMWh, MiningRevenueUSD: y.MiningRevenueUSD,
			HashpriceUSDPerPHDay: y.HashpriceUSDPerPHDay, ProfitUSD: y.ProfitUSD, Streams: &st})
	}
	if a.Finance != nil && len(a.Finance.Sites) > 0 {
		out.Finance = scopeJSON(&a.Finance.Portfolio, p.Portfolio.NewCapexUSD)
		cum := 0.0
		for _, l := range a.Finance.Portfolio.ProForma.Lines {
			cum += l.CashFlowProject
			out.Finance.Years = append(out.Finance.Years, FinanceYearJSON{Year: l.Year, CapexUSD: l.CapexUSD, CFADSUSD: l.CFADSUSD,
				CashFlowProjectUSD: l.CashFlowProject, CashFlowEquityUSD: l.CashFlowEquity, CumulativeProjectUSD: cum})
		}
	}
	if a.Baseline != nil {
		out.BaselineObjectiveUSD = a.Baseline.ObjectiveUSD
	}
	if a.Risk != nil {
		addRisk(out, a.Risk)
		out.BaselineObjectiveUSD = a.Risk.BaselineUSD
	}
	out.Headroom, out.HeadroomNotes, out.HeadroomAttribution = headroomJSON(a)
	out.UpliftUSD = out.ObjectiveUSD - out.BaselineObjectiveUSD
	out.Assumptions = assumptions(a)
	for _, f := range a.Flexibility {
		fj := FlexJSON{MaxCurtailedShare: f.MaxCurtailedShare, NewAIITMW: f.NewAIITMW, ClosedGW: f.ClosedGW, StressHoursLoadMW: f.StressHoursLoadMW,
			GapBases: gapBases(f.GapBases)}
		for _, g := range f.Gap {
			fj.Gap = append(fj.Gap, GapJSON{ID: g.ID, Source: g.Source, GapGW: g.GapGW, ClosedGW: g.ClosedGW, ClosedFraction: g.ClosedFraction})
		}
		out.Flexibility = append(out.Flexibility, fj)
	}
	return out
}

// addRisk adds a stochastic plan's figures and marks the halls decided now.
func addRisk(out *Summary, r *analysis.Risk) {
	sp := r.Plan
	out.ObjectiveUSD = sp.ObjectiveUSD
	out.Method = string(sp.Method)
	out.Risk = &RiskJSON{RiskWeight: sp.RiskWeight, CVaRAlpha: sp.CVaRAlpha, ExpectedUSD: sp.ExpectedUSD, CVaRUSD: sp.CVaRUSD,
		WaitAndSeeUSD: r.WaitAndSeeUSD, EVPIUSD: r.EVPIUSD, EVPlanError: r.EVPlanError,
		ReferenceScenario: sp.Scenarios[r.Reference].ID, Method: string(sp.Method)}
	if r.EVPlanError == "" {
		ev, vss := r.EVPlanUSD, r.VSSUSD
		out.Risk.EVPlanUSD, out.Risk.VSSUSD = &ev, &vss
	}
	for w, sc := range sp.Scenarios {
		sj := ScenarioJSON{ID: sc.ID, Probability: sc.Probability, ValueUSD: sc.ValueUSD,
			PerfectInformationValueUSD: r.PerfectInformationUSD[w], NewAIITMW: sc.Plan.Portfolio.NewAIITMW,
			HallsBuilt: map[string][]string{}}
		if r.EVPlanError == "" {
			v := r.EVPlanValueUSD[w]
			sj.EVPlanValueUSD = &v
		}
		for _, site := range sc.Plan.Sites {
			sj.HallsBuilt[site.ID] = append([]string{}, site.HallsBuilt...)
			for _, h := range site.Halls {
				if h.ServiceYear != 0 {
					if sj.ServiceYears == nil {
						sj.ServiceYears = map[string]map[string]int{}
					}
					if sj.ServiceYears[site.ID] == nil {
						sj.ServiceYears[site.ID] = map[string]int{}
					}
					sj.ServiceYears[site.ID][h.ID] = h.ServiceYear
				}
			}
		}
		out.Scenarios = append(out.Scenarios, sj)
	}
	for s := range out.Sites {
		for h := range out.Sites[s].HallDecisions {
			out.Sites[s].HallDecisions[h].DecidedNow = sp.FirstStage.Start[s][h] >= 0
		}
	}
}

// financeLookup finds the finance of a hall ("site/hall") or a site.
type financeLookup struct {
	halls map[string]*proforma.Hall
	sites map[string]*proforma.Scope
}

func financeIndex(a *analysis.Analysis) financeLookup {
	f := financeLookup{halls: map[string]*proforma.Hall{}, sites: map[string]*proforma.Scope{}}
	if a.Finance == nil {
		return f
	}
	for i := range a.Finance.Halls {
		h := &a.Finance.Halls[i]
		f.halls[h.SiteID+"/"+h.HallID] = h
	}
	for i := range a.Finance.Sites {
		f.sites[a.Finance.Sites[i].ID] = &a.Finance.Sites[i]
	}
	return f
}

// rateJSON is a figure that may not exist, "none" as null.
func rateJSON(r finance.Rate) *float64 {
	if !r.OK {
		return nil
	}
	v := r.Value
	return &v
}

// scopeJSON maps a site's or the portfolio's figures: its minimum DSCR the
// lowest hall's, the summed lines' apart.
func scopeJSON(sc *proforma.Scope, capexUSD float64) *FinanceJSON {
	out := financeJSON(sc.ProForma, sc.Figures, capexUSD)
	out.MinDSCR, out.PooledMinDSCR = rateJSON(sc.MinDSCR), rateJSON(sc.ProForma.MinDSCR)
	return out
}

// financeJSON maps a pro forma's figures, "none" as null.
func financeJSON(pf finance.ProForma, fig proforma.Figures, capexUSD float64) *FinanceJSON {
	out := &FinanceJSON{NPVUSD: pf.NPVUSD, NPVUSDPerW: fig.NPVUSDPerW, ProjectIRR: rateJSON(pf.ProjectIRR), EquityIRR: rateJSON(pf.EquityIRR),
		MinDSCR: rateJSON(pf.MinDSCR), TerminalValueUSD: pf.TerminalValueUSD,
		EnterpriseValueUSDPerW: fig.EnterpriseValueUSDPerW, EquityValueUSDPerW: fig.EquityValueUSDPerW, CapexUSD: capexUSD,
		FacilityDebtUSD: pf.FacilityDebtUSD, DebtSizedByDSCR: pf.DebtSizedByDSCR}
	if pf.PaybackYear != 0 {
		y := pf.PaybackYear
		out.PaybackYear = &y
	}
	return out
}

// WriteJSON writes the summary JSON, indented.
func WriteJSON(w io.Writer, a *analysis.Analysis) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(NewSummary(a))
}
