// Package report renders a Plan: a text summary, the summary JSON, and CSV
// tables. It formats what optimize computed and never recomputes economics.
package report

import (
	"encoding/json"
	"io"
	"time"

	"github.com/gridflip/gridflip/optimize"
)

// Summary is the JSON document `gridflip plan --format json` prints and
// `--out` writes as summary.json. README.md documents every field.
type Summary struct {
	Case         string     `json:"case"`
	Status       string     `json:"status"`
	Termination  string     `json:"termination"`
	Relaxed      bool       `json:"relaxed"`
	ObjectiveUSD float64    `json:"objective_usd"`
	Hours        int        `json:"hours"`
	Start        time.Time  `json:"start"`
	MIPGap       float64    `json:"mip_gap"`
	Solver       SolverJSON `json:"solver"`
	Portfolio    Portfolio  `json:"portfolio"`
	Sites        []SiteJSON `json:"sites"`
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
	MaxRowViolation       float64 `json:"max_row_violation"`
}

// StreamsJSON are revenues and costs over the horizon (costs positive).
type StreamsJSON struct {
	MiningRevenueUSD    float64 `json:"mining_revenue_usd"`
	MiningEnergyCostUSD float64 `json:"mining_energy_cost_usd"`
	MiningOpexUSD       float64 `json:"mining_opex_usd"`
	AILeaseRevenueUSD   float64 `json:"ai_lease_revenue_usd"`
	AIEnergyCostUSD     float64 `json:"ai_energy_cost_usd"`
	CapexAnnuityUSD     float64 `json:"capex_annuity_usd"`
	FixedOMUSD          float64 `json:"fixed_om_usd"`
	ProfitUSD           float64 `json:"profit_usd"`
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
	StreamsJSON
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
}

// SiteJSON is one site's plan.
type SiteJSON struct {
	ID                            string     `json:"id"`
	Region                        string     `json:"region"`
	Node                          string     `json:"node"`
	InterconnectMW                float64    `json:"interconnect_mw"`
	Halls                         []string   `json:"halls"`
	HallDecisions                 []HallJSON `json:"hall_decisions"`
	NewAIITMW                     float64    `json:"new_ai_it_mw"`
	ExistingAIITMW                float64    `json:"existing_ai_it_mw"`
	AIITMW                        float64    `json:"ai_it_mw"`
	AIMeterMW                     float64    `json:"ai_meter_mw"`
	NewCapexUSD                   float64    `json:"new_capex_usd"`
	MiningCapacityITMW            float64    `json:"mining_capacity_it_mw"`
	MiningMWh                     float64    `json:"mining_mwh"`
	MiningMeterMWh                float64    `json:"mining_meter_mwh"`
	CurtailedHours                int        `json:"curtailed_hours"`
	InterconnectValueUSDPerMWYear float64    `json:"interconnect_value_usd_per_mw_year"`
	ExistingAILeaseUSD            float64    `json:"existing_ai_lease_usd"`
	StreamsJSON
}

func streams(s optimize.Streams) StreamsJSON {
	return StreamsJSON{
		MiningRevenueUSD: s.MiningRevenueUSD, MiningEnergyCostUSD: s.MiningEnergyCostUSD, MiningOpexUSD: s.MiningOpexUSD,
		AILeaseRevenueUSD: s.AILeaseRevenueUSD, AIEnergyCostUSD: s.AIEnergyCostUSD,
		CapexAnnuityUSD: s.CapexAnnuityUSD, FixedOMUSD: s.FixedOMUSD, ProfitUSD: s.ProfitUSD,
	}
}

// NewSummary maps a plan onto the summary JSON document.
func NewSummary(p *optimize.Plan) *Summary {
	out := &Summary{
		Case: p.CaseName, Status: p.Status.String(), Termination: p.Termination, Relaxed: p.Relaxed,
		ObjectiveUSD: p.ObjectiveUSD, Hours: p.Hours, Start: p.Start, MIPGap: p.MIPGap,
		Solver: SolverJSON{
			Name: p.Solver.Name, Version: p.Solver.Version,
			Columns: p.Solver.Columns, Rows: p.Solver.Rows, Nonzeros: p.Solver.Nonzeros, IntegerColumns: p.Solver.IntegerColumns,
			BuildSeconds: p.Solver.BuildSeconds, SolveSeconds: p.Solver.SolveSeconds,
			InterconnectLPSeconds: p.Solver.InterconnectSolveSeconds, MaxRowViolation: p.Solver.MaxRowViolation,
		},
		Portfolio: Portfolio{
			HallsBuilt: p.Portfolio.HallsBuilt, InterconnectMW: p.Portfolio.InterconnectMW,
			NewAIITMW: p.Portfolio.NewAIITMW, AIITMW: p.Portfolio.AIITMW, AIMeterMW: p.Portfolio.AIMeterMW,
			NewCapexUSD: p.Portfolio.NewCapexUSD, MiningCapacityITMW: p.Portfolio.MiningCapacityITMW,
			MiningMWh: p.Portfolio.MiningMWh, ExistingAILeaseUSD: p.Portfolio.ExistingAILeaseUSD,
			StreamsJSON: streams(p.Portfolio.Streams),
		},
		Sites: make([]SiteJSON, 0, len(p.Sites)),
	}
	for _, s := range p.Sites {
		sj := SiteJSON{
			ID: s.ID, Region: s.Region, Node: s.Node, InterconnectMW: s.InterconnectMW,
			Halls:     append([]string{}, s.HallsBuilt...),
			NewAIITMW: s.NewAIITMW, ExistingAIITMW: s.ExistingAIITMW, AIITMW: s.AIITMW, AIMeterMW: s.AIMeterMW,
			NewCapexUSD: s.NewCapexUSD, MiningCapacityITMW: s.MiningCapacityITMW,
			MiningMWh: s.MiningMWh, MiningMeterMWh: s.MiningMeterMWh, CurtailedHours: s.CurtailedHours,
			InterconnectValueUSDPerMWYear: s.InterconnectValueUSDPerMWYear,
			ExistingAILeaseUSD:            s.ExistingAILeaseUSD,
			StreamsJSON:                   streams(s.Streams),
			HallDecisions:                 make([]HallJSON, 0, len(s.Halls)),
		}
		for _, h := range s.Halls {
			sj.HallDecisions = append(sj.HallDecisions, HallJSON{
				ID: h.ID, Cooling: h.Cooling, ITMW: h.ITMW, MeterMW: h.MeterMW, Build: h.Build,
				CapexUSD: h.CapexUSD, NetUSD: h.NetUSD, LeaseUSDPerKWMonth: h.LeaseUSDPerKWMonth,
			})
		}
		out.Sites = append(out.Sites, sj)
	}
	return out
}

// WriteJSON writes the summary JSON, indented.
func WriteJSON(w io.Writer, p *optimize.Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(NewSummary(p))
}
