package report

import (
	"bufio"
	"context"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/optimize"
)

// SitesCSVHeader is the header of sites.csv: the site's figures, then one
// column per declared money stream (optimize.MoneyStreams), the profit
// and the hedge.
func SitesCSVHeader() string { return CSVHeader(SitesRow{}) }

// SitesRow is one row of sites.csv: one site's plan.
type SitesRow struct {
	Site               string           `parquet:"site" doc:"the site's id"`
	Region             string           `parquet:"region" doc:"its region"`
	Node               string           `parquet:"node" doc:"its price node"`
	InterconnectMW     float64          `parquet:"interconnect_mw" unit:"meter MW" doc:"its interconnection at the POI"`
	Halls              []string         `parquet:"halls,list" doc:"the halls built (a list in Parquet, joined by ; in CSV)"`
	NewAIITMW          float64          `parquet:"new_ai_it_mw" unit:"IT MW" doc:"AI capacity built"`
	ExistingAIITMW     float64          `parquet:"existing_ai_it_mw" unit:"IT MW" doc:"AI capacity there before the plan"`
	AIITMW             float64          `parquet:"ai_it_mw" unit:"IT MW" doc:"AI capacity in service (existing and built)"`
	AIMeterMW          float64          `parquet:"ai_meter_mw" unit:"meter MW" doc:"interconnection AI reserves every hour"`
	NewCapexUSD        float64          `parquet:"new_capex_usd" unit:"USD" doc:"up-front capex of the halls built"`
	MiningCapacityITMW float64          `parquet:"mining_capacity_it_mw" unit:"IT MW" doc:"the fleet left after halls displace miners"`
	MiningMWh          float64          `parquet:"mining_mwh" unit:"IT MWh" doc:"energy mined over the horizon"`
	CurtailedHours     int              `parquet:"curtailed_hours" unit:"h" doc:"hours mining ran below what the fleet and the POI allowed"`
	InterconnectValue  float64          `parquet:"interconnect_value_usd_per_mw_year" unit:"USD/MW-yr" doc:"the marginal value of interconnection"`
	Streams            optimize.Streams `parquet:"-" doc:"over the horizon"`
	HedgeUSD           float64          `parquet:"hedge_usd" unit:"USD" doc:"the fixed-price contracts' result against hourly prices, outside the objective"`
}

// WriteSitesCSV writes one row per site (halls built joined by ';').
func WriteSitesCSV(ctx context.Context, w io.Writer, p *optimize.Plan) error {
	return writeCSV(w, func(add func(*SitesRow) error) error { return sitesRows(ctx, p, add) })
}

// sitesRows adds each site of the plan as a SitesRow, the one source of
// sites.csv and sites.parquet.
func sitesRows(ctx context.Context, p *optimize.Plan, add func(*SitesRow) error) error {
	for i := range p.Sites {
		if err := checkRow(ctx, i); err != nil {
			return err
		}
		s := &p.Sites[i]
		err := add(&SitesRow{Site: s.ID, Region: s.Region, Node: s.Node, InterconnectMW: s.InterconnectMW, Halls: s.HallsBuilt,
			NewAIITMW: s.NewAIITMW, ExistingAIITMW: s.ExistingAIITMW, AIITMW: s.AIITMW, AIMeterMW: s.AIMeterMW, NewCapexUSD: s.NewCapexUSD,
			MiningCapacityITMW: s.MiningCapacityITMW, MiningMWh: s.MiningMWh, CurtailedHours: s.CurtailedHours,
			InterconnectValue: s.InterconnectValueUSDPerMWYear, Streams: s.Streams, HedgeUSD: s.HedgeUSD})
		if err != nil {
			return err
		}
	}
	return nil
}

// WriteHourlyCSV writes the hourly allocation: one row per site and hour.
// Sites are derived and written one at a time, so memory stays bounded by
// one site's year whatever the portfolio's size.
func WriteHourlyCSV(ctx context.Context, w io.Writer, p *optimize.Plan) error {
	return writeCSV(w, func(add func(*HourlyRow) error) error { return hourlyRows(ctx, p, add) })
}

// WriteGridCSV writes the hourly load of each region (and the portfolio)
// before (no conversion) and after (the plan).
func WriteGridCSV(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
	return writeCSV(w, func(add func(*GridRow) error) error { return gridRows(ctx, a, add) })
}

// ContractRow is one row of contracts.csv: one fixed-price block's
// settlement in one month.
type ContractRow struct {
	Site         string  `parquet:"site" doc:"the site's id"`
	Contract     string  `parquet:"contract" doc:"the contract's id"`
	Month        string  `parquet:"month" unit:"YYYY-MM" doc:"the month, in the market's local time"`
	BlockMWh     float64 `parquet:"block_mwh" unit:"MWh" doc:"the block's energy in the month"`
	UsedMWh      float64 `parquet:"used_mwh" unit:"MWh" doc:"block energy the site consumed"`
	CreditMWh    float64 `parquet:"power_credit_mwh" unit:"MWh" doc:"block energy sold back"`
	CreditUSD    float64 `parquet:"power_credit_usd" unit:"USD" doc:"power credits: the energy sold back at hourly prices"`
	FixedCostUSD float64 `parquet:"fixed_cost_usd" unit:"USD" doc:"the block at its fixed price"`
	HedgeUSD     float64 `parquet:"hedge_usd" unit:"USD" doc:"the block's result against hourly prices, outside the objective"`
}

// WriteContractsCSV writes the monthly settlement of every fixed-price block.
func WriteContractsCSV(ctx context.Context, w io.Writer, p *optimize.Plan) error {
	return writeCSV(w, func(add func(*ContractRow) error) error { return contractRows(ctx, p, add) })
}

// contractRows adds each block's month as a ContractRow, the one source
// of contracts.csv and contracts.parquet.
func contractRows(ctx context.Context, p *optimize.Plan, add func(*ContractRow) error) error {
	for i, s := range p.Sites {
		if err := checkRow(ctx, i); err != nil {
			return err
		}
		for _, k := range s.Contracts {
			err := add(&ContractRow{Site: s.ID, Contract: k.ContractID, Month: k.Month, BlockMWh: k.BlockMWh, UsedMWh: k.UsedMWh,
				CreditMWh: k.CreditMWh, CreditUSD: k.CreditUSD, FixedCostUSD: k.FixedCostUSD, HedgeUSD: k.HedgeUSD})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// writeCSV writes a table's CSV file: its header, then each row that
// each adds, as its row type declares them.
func writeCSV[T any](w io.Writer, each func(add func(*T) error) error) error {
	tb := tableOf(reflect.TypeFor[T]())
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(tb.header() + "\n")
	var b []byte
	err := each(func(row *T) error {
		b = tb.appendCSV(b[:0], reflect.ValueOf(row).Elem())
		_, err := bw.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// appendField appends a CSV field and a comma, quoting when needed.
func appendField(b []byte, s string) []byte {
	if strings.ContainsAny(s, ",\"\n\r") {
		b = append(b, '"')
		b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
		b = append(b, '"')
	} else {
		b = append(b, s...)
	}
	return append(b, ',')
}

// appendNum appends a number rounded to 6 decimals (no trailing zeros,
// no "-0") and a comma.
func appendNum(b []byte, v float64) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, v, 'f', 6, 64) // always holds a '.'
	n := len(b)
	for b[n-1] == '0' {
		n--
	}
	if b[n-1] == '.' {
		n--
	}
	b = b[:n]
	if string(b[start:]) == "-0" {
		b = append(b[:start], '0')
	}
	return append(b, ',')
}

// WriteYearlyCSV writes one row per site and year of the horizon (money
// undiscounted; objective_usd is the year's discounted contribution). A
// plan without a horizon writes the header only.
func WriteYearlyCSV(ctx context.Context, w io.Writer, p *optimize.Plan) error {
	return writeCSV(w, func(add func(*YearlyRow) error) error { return yearlyRows(ctx, p, add) })
}

// CashflowRow is one row of cashflows.csv: one year of a pro forma.
type CashflowRow struct {
	Scope           string   `parquet:"scope" doc:"portfolio, site or hall"`
	ID              string   `parquet:"id" doc:"portfolio, the site's id, or site/hall"`
	Year            int      `parquet:"year" unit:"calendar year" doc:"the first line of each pro forma is its construction year (capex, debt drawn)"`
	CapexUSD        float64  `parquet:"capex_usd" unit:"USD" doc:"capex spent"`
	RevenueUSD      float64  `parquet:"revenue_usd" unit:"USD" doc:"lease or contract revenue"`
	OpexUSD         float64  `parquet:"opex_usd" unit:"USD" doc:"operating costs"`
	EBITDAUSD       float64  `parquet:"ebitda_usd" unit:"USD" doc:"revenue − opex"`
	DepreciationUSD float64  `parquet:"depreciation_usd" unit:"USD" doc:"straight-line depreciation"`
	InterestUSD     float64  `parquet:"interest_usd" unit:"USD" doc:"interest on the debt"`
	PrincipalUSD    float64  `parquet:"principal_usd" unit:"USD" doc:"debt repaid"`
	TaxUSD          float64  `parquet:"tax_usd" unit:"USD" doc:"tax on EBITDA − depreciation − interest, losses carried forward"`
	CashFlowProject float64  `parquet:"cash_flow_project_usd" unit:"USD" doc:"EBITDA − tax − capex"`
	CashFlowEquity  float64  `parquet:"cash_flow_equity_usd" unit:"USD" doc:"the project's cash flow + debt drawn − interest − principal"`
	DSCR            *float64 `parquet:"dscr" doc:"cash flow available for debt service ÷ debt service; empty in a year without debt service"`
}

// WriteCashflowsCSV writes the pro formas line by line: the portfolio,
// each site with a hall built, then every hall (id "site/hall"; a hall not
// built as if it entered service in its earliest year). dscr is empty in
// a year without debt service.
func WriteCashflowsCSV(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return writeCSV(w, func(add func(*CashflowRow) error) error { return cashflowRows(ctx, a, add) })
}

// cashflowRows adds every pro forma line as a CashflowRow, the one source
// of cashflows.csv and cashflows.parquet.
func cashflowRows(ctx context.Context, a *analysis.Analysis, add func(*CashflowRow) error) error {
	if a.Finance == nil {
		return nil
	}
	n := 0 // rows written
	rows := func(scope, id string, lines []finance.Line) error {
		for _, l := range lines {
			n++
			if err := checkRow(ctx, n); err != nil {
				return err
			}
			row := CashflowRow{Scope: scope, ID: id, Year: l.Year, CapexUSD: l.CapexUSD, RevenueUSD: l.RevenueUSD, OpexUSD: l.OpexUSD,
				EBITDAUSD: l.EBITDAUSD, DepreciationUSD: l.DepreciationUSD, InterestUSD: l.InterestUSD, PrincipalUSD: l.PrincipalUSD,
				TaxUSD: l.TaxUSD, CashFlowProject: l.CashFlowProject, CashFlowEquity: l.CashFlowEquity}
			if l.DSCR.OK {
				row.DSCR = &l.DSCR.Value
			}
			if err := add(&row); err != nil {
				return err
			}
		}
		return nil
	}
	f := a.Finance
	if len(f.Sites) > 0 {
		if err := rows("portfolio", "portfolio", f.Portfolio.ProForma.Lines); err != nil {
			return err
		}
	}
	for _, s := range f.Sites {
		if err := rows("site", s.ID, s.ProForma.Lines); err != nil {
			return err
		}
	}
	for _, h := range f.Halls {
		if err := rows("hall", h.SiteID+"/"+h.HallID, h.ProForma.Lines); err != nil {
			return err
		}
	}
	return nil
}

// ScenarioRow is one row of scenarios.csv: one scenario of a stochastic
// plan.
type ScenarioRow struct {
	Scenario                   string   `parquet:"scenario" doc:"the scenario's id"`
	Probability                float64  `parquet:"probability" unit:"fraction" doc:"its weight"`
	ValueUSD                   float64  `parquet:"value_usd" unit:"USD" doc:"its value under the plan"`
	PerfectInformationValueUSD float64  `parquet:"perfect_information_value_usd" unit:"USD" doc:"its value under its own perfect-information plan"`
	EVPlanValueUSD             *float64 `parquet:"ev_plan_value_usd" unit:"USD" doc:"its value under the expected-value plan; empty when that plan could not be valued"`
	NewAIITMW                  float64  `parquet:"new_ai_it_mw" unit:"IT MW" doc:"new AI in service"`
	HallsBuilt                 []string `parquet:"halls_built,list" doc:"the halls built, site/hall (a list in Parquet, joined by ; in CSV)"`
}

// WriteScenariosCSV writes one row per scenario of a stochastic plan: its
// value under the plan, with perfect information and under the
// expected-value plan (empty when that plan could not be valued), the new
// AI IT MW in service and the halls built ("site/hall", joined by ';').
// A deterministic plan writes the header only.
func WriteScenariosCSV(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return writeCSV(w, func(add func(*ScenarioRow) error) error { return scenarioRows(ctx, a, add) })
}

// scenarioRows adds each scenario of a stochastic plan as a ScenarioRow,
// the one source of scenarios.csv and scenarios.parquet.
func scenarioRows(ctx context.Context, a *analysis.Analysis, add func(*ScenarioRow) error) error {
	if a.Risk == nil {
		return nil
	}
	r := a.Risk
	for i, sc := range r.Plan.Scenarios {
		if err := checkRow(ctx, i+1); err != nil {
			return err
		}
		row := ScenarioRow{Scenario: sc.ID, Probability: sc.Probability, ValueUSD: sc.ValueUSD,
			PerfectInformationValueUSD: r.PerfectInformationUSD[i], NewAIITMW: sc.Plan.Portfolio.NewAIITMW}
		if r.EVPlanError == "" {
			row.EVPlanValueUSD = &r.EVPlanValueUSD[i]
		}
		for _, site := range sc.Plan.Sites {
			for _, h := range site.HallsBuilt {
				row.HallsBuilt = append(row.HallsBuilt, site.ID+"/"+h)
			}
		}
		if err := add(&row); err != nil {
			return err
		}
	}
	return nil
}

// DealRow is one row of deals.csv: a signed hall given by its contract
// value, reconciled with its pro forma.
type DealRow struct {
	Site                      string   `json:"site" parquet:"site" doc:"the site's id"`
	Hall                      string   `json:"hall" parquet:"hall" doc:"the hall's id"`
	ServiceYear               int      `json:"service_year" parquet:"service_year" unit:"calendar year" doc:"the deal's first year of service"`
	LeaseTermYears            int      `json:"lease_term_years" parquet:"lease_term_years" unit:"years" doc:"the years the contract value covers"`
	ContractValueUSDDisclosed float64  `json:"contract_value_usd_disclosed" parquet:"contract_value_usd_disclosed" unit:"USD" doc:"contract_value_usd, as disclosed"`
	ContractValueUSDModelled  float64  `json:"contract_value_usd_modelled" parquet:"contract_value_usd_modelled" unit:"USD" doc:"the pro forma's revenue lines summed over the lease term"`
	Ratio                     float64  `json:"ratio" parquet:"ratio" unit:"fraction" doc:"modelled ÷ disclosed"`
	NOIMarginDisclosed        *float64 `json:"noi_margin_disclosed" parquet:"noi_margin_disclosed" unit:"fraction" doc:"noi_margin_disclosed; empty when not given"`
	NOIMarginModelled         *float64 `json:"noi_margin_modelled" parquet:"noi_margin_modelled" unit:"fraction" doc:"(lease − fixed O&M − energy the owner pays) ÷ lease in service year max(1, lease_up_years); empty without revenue"`
}

// dealRows are the plan's deals as rows.
func dealRows(a *analysis.Analysis) []DealRow {
	if a.Finance == nil {
		return nil
	}
	out := make([]DealRow, len(a.Finance.Deals))
	for i, d := range a.Finance.Deals {
		out[i] = DealRow{Site: d.SiteID, Hall: d.HallID, ServiceYear: d.ServiceYear, LeaseTermYears: d.LeaseTermYears,
			ContractValueUSDDisclosed: d.DisclosedUSD, ContractValueUSDModelled: d.ModelledUSD, Ratio: d.Ratio,
			NOIMarginDisclosed: d.NOIMarginDisclosed}
		if d.NOIMarginModelled.OK {
			v := d.NOIMarginModelled.Value
			out[i].NOIMarginModelled = &v
		}
	}
	return out
}

// WriteDealsCSV writes one row per hall given by its contract value: the
// disclosed contract value and NOI margin beside the pro forma's. A plan
// without such halls writes the header only.
func WriteDealsCSV(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return writeCSV(w, func(add func(*DealRow) error) error { return eachDeal(ctx, a, add) })
}

// eachDeal adds each deal as a DealRow, the one source of deals.csv and
// deals.parquet.
func eachDeal(ctx context.Context, a *analysis.Analysis, add func(*DealRow) error) error {
	for i, row := range dealRows(a) {
		if err := checkRow(ctx, i+1); err != nil {
			return err
		}
		if err := add(&row); err != nil {
			return err
		}
	}
	return nil
}

// stressSet marks the stress hours among n hours.
func stressSet(hours []int, n int) []bool {
	out := make([]bool, n)
	for _, t := range hours {
		if t >= 0 && t < n {
			out[t] = true
		}
	}
	return out
}

// checkRows is how many rows a writer writes between two checks of its
// context: a few milliseconds of work.
const checkRows = 4096

// checkRow returns ctx.Err() at every checkRows-th row i (from row 0),
// so a cancelled write stops within a few milliseconds.
func checkRow(ctx context.Context, i int) error {
	if i%checkRows != 0 {
		return nil
	}
	return ctx.Err()
}
