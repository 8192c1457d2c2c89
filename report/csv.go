package report

import (
	"bufio"
	"context"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/optimize"
)

// SitesCSVHeader is the header of sites.csv: the site's figures, then one
// column per declared money stream (optimize.MoneyStreams), the profit
// and the hedge.
func SitesCSVHeader() string {
	cols := []string{"site", "region", "node", "interconnect_mw", "halls", "new_ai_it_mw", "existing_ai_it_mw", "ai_it_mw",
		"ai_meter_mw", "new_capex_usd", "mining_capacity_it_mw", "mining_mwh", "curtailed_hours", "interconnect_value_usd_per_mw_year"}
	for _, m := range optimize.MoneyStreams() {
		cols = append(cols, m.Key())
	}
	return strings.Join(append(cols, "profit_usd", "hedge_usd"), ",")
}

// HourlyCSVHeader is the header of hourly.csv.
const HourlyCSVHeader = "site,timestamp,price_usd_mwh,hashprice_usd_ph_day,mining_it_mw,available_mining_it_mw,ai_it_mw,meter_mw,load_mw,reserve_mw"

// WriteSitesCSV writes one row per site (halls built joined by ';').
func WriteSitesCSV(ctx context.Context, w io.Writer, p *optimize.Plan) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(SitesCSVHeader() + "\n")
	var b []byte
	for i, s := range p.Sites {
		if err := checkRow(ctx, i); err != nil {
			return err
		}
		b = b[:0]
		b = appendField(b, s.ID)
		b = appendField(b, s.Region)
		b = appendField(b, s.Node)
		b = appendNum(b, s.InterconnectMW)
		b = appendField(b, strings.Join(s.HallsBuilt, ";"))
		for _, v := range []float64{s.NewAIITMW, s.ExistingAIITMW, s.AIITMW, s.AIMeterMW, s.NewCapexUSD,
			s.MiningCapacityITMW, s.MiningMWh, float64(s.CurtailedHours), s.InterconnectValueUSDPerMWYear} {
			b = appendNum(b, v)
		}
		for _, m := range optimize.MoneyStreams() {
			b = appendNum(b, m.Of(&s.Streams))
		}
		b = appendNum(appendNum(b, s.ProfitUSD), s.HedgeUSD)
		b[len(b)-1] = '\n'
		bw.Write(b)
	}
	return bw.Flush()
}

// WriteHourlyCSV writes the hourly allocation: one row per site and hour.
// Sites are derived and written one at a time, so memory stays bounded by
// one site's year whatever the portfolio's size.
func WriteHourlyCSV(ctx context.Context, w io.Writer, p *optimize.Plan) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(HourlyCSVHeader + "\n")
	stamps := make([]string, len(p.HourTimes))
	for t, ts := range p.HourTimes {
		stamps[t] = ts.UTC().Format(time.RFC3339)
	}
	var b []byte
	err := p.EachSiteHours(func(s int, h optimize.SiteHours) error {
		site := &p.Sites[s]
		for t := range p.HourTimes {
			if err := checkRow(ctx, t); err != nil {
				return err
			}
			b = b[:0]
			b = appendField(b, site.ID)
			b = append(b, stamps[t]...)
			b = append(b, ',')
			b = appendNum(b, h.PriceUSDPerMWh[t])
			b = appendNum(b, p.HashpriceUSDPerPHDay[t])
			b = appendNum(b, h.MiningITMW[t])
			b = appendNum(b, h.AvailableITMW[t])
			b = appendNum(b, h.AIITMW[t])
			b = appendNum(b, h.MeterMW[t])
			b = appendNum(b, h.LoadMW[t])
			reserve := 0.0
			if h.ReserveMW != nil {
				reserve = h.ReserveMW[t]
			}
			b = appendNum(b, reserve)
			b[len(b)-1] = '\n'
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// GridCSVHeader is the header of grid.csv.
const GridCSVHeader = "region,timestamp,before_mw,after_mw,stress_hour"

// WriteGridCSV writes the hourly load of each region (and the portfolio)
// before (no conversion) and after (the plan).
func WriteGridCSV(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(GridCSVHeader + "\n")
	var b []byte
	for _, im := range a.Impact {
		stress := stressSet(im.StressHours, len(a.Plan.HourTimes))
		for t, ts := range a.Plan.HourTimes {
			if err := checkRow(ctx, t); err != nil {
				return err
			}
			b = b[:0]
			b = appendField(b, im.Scope)
			b = append(b, ts.UTC().Format(time.RFC3339)...)
			b = append(b, ',')
			b = appendNum(b, im.LoadBeforeMW[t])
			b = appendNum(b, im.LoadAfterMW[t])
			b = strconv.AppendBool(b, stress[t])
			b = append(b, '\n')
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// ContractsCSVHeader is the header of contracts.csv.
const ContractsCSVHeader = "site,contract,month,block_mwh,used_mwh,power_credit_mwh,power_credit_usd,fixed_cost_usd,hedge_usd"

// WriteContractsCSV writes the monthly settlement of every fixed-price block.
func WriteContractsCSV(ctx context.Context, w io.Writer, p *optimize.Plan) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(ContractsCSVHeader + "\n")
	var b []byte
	for i, s := range p.Sites {
		if err := checkRow(ctx, i); err != nil {
			return err
		}
		for _, k := range s.Contracts {
			b = b[:0]
			b = appendField(b, s.ID)
			b = appendField(b, k.ContractID)
			b = appendField(b, k.Month)
			for _, v := range []float64{k.BlockMWh, k.UsedMWh, k.CreditMWh, k.CreditUSD, k.FixedCostUSD, k.HedgeUSD} {
				b = appendNum(b, v)
			}
			b[len(b)-1] = '\n'
			bw.Write(b)
		}
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

// appendNum appends a number rounded to 6 decimals (no "-0") and a comma.
func appendNum(b []byte, v float64) []byte {
	s := strconv.FormatFloat(v, 'f', 6, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		s = "0"
	}
	b = append(b, s...)
	return append(b, ',')
}

// WriteYearlyCSV writes one row per site and year of the horizon (money
// undiscounted; objective_usd is the year's discounted contribution). A
// plan without a horizon writes the header only.
func WriteYearlyCSV(ctx context.Context, w io.Writer, p *optimize.Plan) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(csvHeader(reflect.TypeOf(YearlyRow{})) + "\n")
	var b []byte
	err := yearlyRows(ctx, p, func(row YearlyRow) error {
		b = appendCSVRow(b[:0], reflect.ValueOf(row))
		_, err := bw.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// CashflowsCSVHeader is the header of cashflows.csv.
const CashflowsCSVHeader = "scope,id,year,capex_usd,revenue_usd,opex_usd,ebitda_usd,depreciation_usd,interest_usd,principal_usd," +
	"tax_usd,cash_flow_project_usd,cash_flow_equity_usd,dscr"

// WriteCashflowsCSV writes the pro formas line by line: the portfolio,
// each site with a hall built, then every hall (id "site/hall"; a hall not
// built as if it entered service in its earliest year). dscr is empty in
// a year without debt service.
func WriteCashflowsCSV(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(CashflowsCSVHeader + "\n")
	if a.Finance == nil {
		return bw.Flush()
	}
	var b []byte
	n := 0 // rows written
	rows := func(scope, id string, lines []finance.Line) error {
		for _, l := range lines {
			n++
			if err := checkRow(ctx, n); err != nil {
				return err
			}
			b = b[:0]
			b = appendField(b, scope)
			b = appendField(b, id)
			b = strconv.AppendInt(b, int64(l.Year), 10)
			b = append(b, ',')
			for _, v := range []float64{l.CapexUSD, l.RevenueUSD, l.OpexUSD, l.EBITDAUSD, l.DepreciationUSD, l.InterestUSD,
				l.PrincipalUSD, l.TaxUSD, l.CashFlowProject, l.CashFlowEquity} {
				b = appendNum(b, v)
			}
			if l.DSCR.OK {
				b = appendNum(b, l.DSCR.Value)
			} else {
				b = append(b, ',')
			}
			b[len(b)-1] = '\n'
			bw.Write(b)
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
	return bw.Flush()
}

// ScenariosCSVHeader is the header of scenarios.csv.
const ScenariosCSVHeader = "scenario,probability,value_usd,perfect_information_value_usd,ev_plan_value_usd,new_ai_it_mw,halls_built"

// WriteScenariosCSV writes one row per scenario of a stochastic plan: its
// value under the plan, with perfect information and under the
// expected-value plan (empty when that plan could not be valued), the new
// AI IT MW in service and the halls built ("site/hall", joined by ';').
// A deterministic plan writes the header only.
func WriteScenariosCSV(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(ScenariosCSVHeader + "\n")
	if a.Risk == nil {
		return bw.Flush()
	}
	r := a.Risk
	var b []byte
	for i, sc := range r.Plan.Scenarios {
		if err := checkRow(ctx, i+1); err != nil {
			return err
		}
		b = b[:0]
		b = appendField(b, sc.ID)
		b = appendNum(b, sc.Probability)
		b = appendNum(b, sc.ValueUSD)
		b = appendNum(b, r.PerfectInformationUSD[i])
		if r.EVPlanError == "" {
			b = appendNum(b, r.EVPlanValueUSD[i])
		} else {
			b = append(b, ',')
		}
		b = appendNum(b, sc.Plan.Portfolio.NewAIITMW)
		var halls []string
		for _, site := range sc.Plan.Sites {
			for _, h := range site.HallsBuilt {
				halls = append(halls, site.ID+"/"+h)
			}
		}
		b = appendField(b, strings.Join(halls, ";"))
		b[len(b)-1] = '\n'
		bw.Write(b)
	}
	return bw.Flush()
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
