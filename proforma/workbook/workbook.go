// Package workbook writes a plan's pro formas as an Excel workbook of live
// formulas (proforma.xlsx, docs/outputs.md): an Index, the Assumptions
// (every input the formulas read, key and value), one sheet per hall and
// one for the portfolio, years as columns and lines as rows. The sheets
// lay out the arithmetic of package finance on the inputs of package
// proforma, so that a spreadsheet recalculates gridflip's NPV, IRRs and
// DSCRs, and a changed lease, WACC, debt term or tax rate moves them.
// What depends on the hourly dispatch (the energy and coincident-peak
// charges, the hours of each year) is written as values, labelled as
// inputs; the construction schedule's shape (which months the capex is
// spent in) and the MACRS table are values too.
package workbook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/proforma"
	"github.com/gridflip/gridflip/sites"
)

// Sheet names and the labels of the figure rows (column B holds the
// figure) that scripts read.
const (
	IndexSheet       = "Index"
	AssumptionsSheet = "Assumptions"
	PortfolioSheet   = "portfolio"

	LabelNPV        = "NPV"
	LabelProjectIRR = "Project IRR"
	LabelEquityIRR  = "Equity IRR"
	LabelMinDSCR    = "Min DSCR"
)

// HallKey is the Assumptions key of a hall's input: "<site>/<hall>:<key>".
func HallKey(siteID, hallID, key string) string { return siteID + "/" + hallID + ":" + key }

// Write writes the workbook of the pro formas fin of plan, computed from
// case c, to w; it stops with ctx's error between sheets.
func Write(ctx context.Context, w io.Writer, c *sites.Case, plan *optimize.Plan, fin *proforma.Result) error {
	b, err := build(ctx, c, plan, fin)
	if err != nil {
		return err
	}
	defer b.f.Close()
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := b.f.WriteTo(w); err != nil {
		return fmt.Errorf("proforma.xlsx: %w", err)
	}
	return nil
}

// hallInput is a hall of the finance with its case spec and plan.
type hallInput struct {
	res  *proforma.Hall
	spec *sites.Hall
	hp   *optimize.HallPlan
}

// book is a workbook being written.
type book struct {
	f      *excelize.File
	c      *sites.Case
	fin    *proforma.Result
	assume map[string]string // key → absolute reference on the Assumptions sheet
	arow   int
	styles styles
	errs   []error
}

// styles are the number formats.
type styles struct{ money, rate, ratio, bold int }

// build lays out the workbook.
func build(ctx context.Context, c *sites.Case, plan *optimize.Plan, fin *proforma.Result) (*book, error) {
	if c == nil || plan == nil || fin == nil {
		return nil, errors.New("proforma.xlsx: a plan with its case and finance is needed")
	}
	halls, err := match(c, plan, fin)
	if err != nil {
		return nil, err
	}
	b := &book{f: excelize.NewFile(), c: c, fin: fin, assume: map[string]string{}}
	if err := b.f.SetSheetName("Sheet1", IndexSheet); err != nil {
		return nil, err
	}
	if err := b.makeStyles(); err != nil {
		return nil, err
	}
	if _, err := b.f.NewSheet(AssumptionsSheet); err != nil {
		return nil, err
	}
	b.globals()
	names := sheetNames(halls)
	for i := range halls {
		b.hallAssumptions(halls[i])
	}
	if _, err := b.f.NewSheet(PortfolioSheet); err != nil {
		return nil, err
	}
	hallSheets := make([]*hallSheet, len(halls))
	for i, h := range halls {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if _, err := b.f.NewSheet(names[i]); err != nil {
			return nil, fmt.Errorf("proforma.xlsx: sheet %q: %w", names[i], err)
		}
		hs, err := b.hall(names[i], h)
		if err != nil {
			return nil, fmt.Errorf("proforma.xlsx: site %q hall %q: %w", h.res.SiteID, h.res.HallID, err)
		}
		hallSheets[i] = hs
	}
	b.portfolio(hallSheets)
	b.index(halls, names)
	b.widths(append([]string{IndexSheet, AssumptionsSheet, PortfolioSheet}, names...))
	if err := errors.Join(b.errs...); err != nil {
		return nil, fmt.Errorf("proforma.xlsx: %w", err)
	}
	return b, nil
}

// match pairs the finance's halls with their specs and plans (in plan
// order, as proforma.Build lists them).
func match(c *sites.Case, plan *optimize.Plan, fin *proforma.Result) ([]hallInput, error) {
	var out []hallInput
	for s := range plan.Sites {
		sp := &plan.Sites[s]
		if s >= len(c.Sites) || len(c.Sites[s].Halls) != len(sp.Halls) {
			return nil, fmt.Errorf("proforma.xlsx: site %q of the plan is not the case's", sp.ID)
		}
		for h := range sp.Halls {
			if len(sp.Halls[h].Years) == 0 {
				continue
			}
			i := len(out)
			if i >= len(fin.Halls) || fin.Halls[i].SiteID != sp.ID || fin.Halls[i].HallID != sp.Halls[h].ID {
				return nil, fmt.Errorf("proforma.xlsx: site %q hall %q: the finance does not follow the plan", sp.ID, sp.Halls[h].ID)
			}
			out = append(out, hallInput{res: &fin.Halls[i], spec: &c.Sites[s].Halls[h], hp: &sp.Halls[h]})
		}
	}
	if len(out) != len(fin.Halls) {
		return nil, errors.New("proforma.xlsx: the finance holds halls the plan does not")
	}
	return out, nil
}

// makeStyles declares the number formats.
func (b *book) makeStyles() error {
	var err error
	fmtStyle := func(code string) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = b.f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		return id
	}
	b.styles.money = fmtStyle("#,##0")
	b.styles.rate = fmtStyle("0.00%")
	b.styles.ratio = fmtStyle("0.000")
	if err != nil {
		return err
	}
	b.styles.bold, err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	return err
}

// fail records an error of the layout.
func (b *book) fail(err error) {
	if err != nil {
		b.errs = append(b.errs, err)
	}
}

// put writes a value (or, with a string starting "=", a formula) to a cell.
func (b *book) put(sheet string, col, row int, v any) {
	ref := cell(col, row)
	if s, ok := v.(string); ok && strings.HasPrefix(s, "=") {
		b.fail(b.f.SetCellFormula(sheet, ref, s[1:]))
		return
	}
	b.fail(b.f.SetCellValue(sheet, ref, v))
}

// style sets a row's number format from column from to column to.
func (b *book) style(sheet string, row, from, to, style int) {
	b.fail(b.f.SetCellStyle(sheet, cell(from, row), cell(to, row), style))
}

// setAssumption appends key = value (with a note in column C) and
// remembers its reference.
func (b *book) setAssumption(key string, value any, note string) {
	if _, dup := b.assume[key]; dup {
		b.fail(fmt.Errorf("assumption %q declared twice", key))
		return
	}
	b.arow++
	b.put(AssumptionsSheet, 1, b.arow, key)
	b.put(AssumptionsSheet, 2, b.arow, value)
	if note != "" {
		b.put(AssumptionsSheet, 3, b.arow, note)
	}
	b.assume[key] = AssumptionsSheet + "!$B$" + strconv.Itoa(b.arow)
}

// a is the reference of an assumption.
func (b *book) a(key string) string {
	ref, ok := b.assume[key]
	if !ok {
		b.fail(fmt.Errorf("no assumption %q", key))
		return "0"
	}
	return ref
}

// globals writes the case-wide inputs.
func (b *book) globals() {
	f, t := b.c.Finance, b.fin.Terms
	b.setAssumption("horizon.start_year", b.fin.FirstYear, "the valuation date is 1 January of this year (without a horizon, the first price year)")
	b.setAssumption("market.ai_lease_usd_per_kw_month", b.c.Market.AILeaseUSDPerKWMonth, "USD per kW-month: the lease a hall re-lets at after its term")
	b.setAssumption("finance.discount_rate", f.DiscountRate, "pre-tax nominal WACC: discounts the project's flows and compounds the construction spend")
	b.setAssumption("finance.cash_flow_timing", timingName(f.CashFlowTiming), "end_of_year or mid_year: when a year's operating flows fall")
	b.setAssumption("finance.debt_share", f.DebtShare, "of the facility's capex, drawn with each part of it")
	b.setAssumption("finance.debt_rate", f.DebtRate, "interest on the debt; monthly compounding during construction is capitalized")
	b.setAssumption("finance.debt_tenor_years", t.DebtTenorYears, "years from service start")
	b.setAssumption("finance.interest_only_years", f.InterestOnlyYears, "the first years of the tenor pay interest only, the rest level payments")
	b.setAssumption("finance.tax_rate", f.TaxRate, "on EBITDA − depreciation − interest; losses carried forward")
	b.setAssumption("finance.depreciation", depreciationName(f.Depreciation), "straight_line or macrs")
	b.setAssumption("finance.depreciation_years", t.DepreciationYears, "straight line (at most a hall's life)")
	b.setAssumption("finance.bonus_depreciation_share", f.BonusDepreciationShare, "with macrs, for classes of at most 20 years")
	b.setAssumption("finance.opex_escalator_per_year", f.OpexEscalatorPerYear, "grows fixed O&M from each hall's first year of service")
	b.setAssumption("finance.terminal_value", terminalName(f.TerminalValue), "none, exit_multiple or perpetuity: received at the end of the last year, untaxed")
	b.setAssumption("finance.exit_multiple", f.ExitMultiple, "× the last year's NOI")
	b.setAssumption("finance.terminal_growth", f.TerminalGrowth, "the perpetuity's growth")
	b.setAssumption("finance.target_equity_irr", f.TargetEquityIRR, "the hurdle of the minimum lease (reported by gridflip, not recomputed here)")
	b.setAssumption("finance.min_dscr", f.MinDSCR, "the lenders' covenant (reported by gridflip, not recomputed here)")
	if t.DebtSizing == finance.SculptedDSCR {
		b.setAssumption("finance.sizing_dscr", t.SizingDSCR, "debt_sizing = \"dscr\": each hall's debt is the lesser of debt_share of its capex and what CFADS ÷ this repays, its service sculpted to it")
	}
	b.setAssumption("finance.gpu_depreciation_years", f.GPUDepreciationPeriod(), "GPU cloud halls' GPUs, straight line")
}

// hallAssumptions writes a hall's inputs.
func (b *book) hallAssumptions(h hallInput) {
	s := h.spec
	k := func(key string) string { return HallKey(h.res.SiteID, h.res.HallID, key) }
	b.setAssumption(k("it_mw"), s.ITMW, "IT MW")
	b.setAssumption(k("lease_usd_per_kw_month"), s.LeaseUSDPerKWMonth, "USD per kW-month of IT in the first year, escalated after (the market's default when the hall sets none)")
	if s.Flexibility == sites.FlexCurtailable {
		b.setAssumption(k("lease_discount_usd_per_kw_month"), s.LeaseDiscountUSDPerKWMonth, "a curtailable hall's discount off the lease")
	}
	b.setAssumption(k("lease_escalator_per_year"), s.LeaseEscalatorPerYear, "grows the lease (or contract revenue) from the first year of service")
	b.setAssumption(k("capex_usd_per_mw"), s.CapexUSDPerMW, "USD per IT MW")
	b.setAssumption(k("tenant_funded_capex_share"), s.TenantFundedCapexShare, "of capex, paid by the tenant")
	b.setAssumption(k("fixed_om_usd_per_mw_year"), s.FixedOMUSDPerMWYear, "USD per IT MW-year")
	occ := s.Occupancy
	if occ == 0 {
		occ = 1
	}
	start := s.OccupancyStart
	if start == 0 {
		start = occ
	}
	b.setAssumption(k("occupancy"), occ, "the share let once leased up")
	b.setAssumption(k("occupancy_start"), start, "the share let in the first year of service")
	b.setAssumption(k("lease_up_years"), s.LeaseUpYears, "occupancy rises linearly from occupancy_start to occupancy in this year of service")
	b.setAssumption(k("macrs_class_years"), s.MACRSClass(), "with macrs: the class whose IRS table the hall sheet holds")
	if s.Offer == sites.OfferGPUCloud {
		share, tenor := s.GPUDebt(b.c.Finance)
		b.setAssumption(k("gpu_revenue_usd_per_year"), s.GPURevenueUSDPerYear, "USD a year over the contract's term")
		b.setAssumption(k("gpu_capex_usd"), s.GPUCapexUSD, "USD, bought at service start")
		b.setAssumption(k("customer_prepayment_share"), s.CustomerPrepaymentShare, "of the contract's revenue, paid at its start")
		b.setAssumption(k("gpu_debt_share"), share, "of gpu_capex_usd")
		b.setAssumption(k("gpu_debt_tenor_years"), tenor, "level payments, no interest-only years")
	}
}

// index writes the Index sheet.
func (b *book) index(halls []hallInput, names []string) {
	b.put(IndexSheet, 1, 1, PortfolioSheet)
	b.put(IndexSheet, 2, 1, PortfolioSheet)
	for i, h := range halls {
		b.put(IndexSheet, 1, i+2, names[i])
		b.put(IndexSheet, 2, i+2, h.res.SiteID+"/"+h.res.HallID)
	}
}

// widths widens column A of every sheet for its labels.
func (b *book) widths(sheets []string) {
	for _, s := range sheets {
		b.fail(b.f.SetColWidth(s, "A", "A", 58))
		b.fail(b.f.SetColWidth(s, "B", "B", 16))
	}
	b.fail(b.f.SetColWidth(AssumptionsSheet, "C", "C", 90))
}

// sheetNames are the halls' sheet names: "<site>-<hall>" made valid
// (at most 31 characters, none of []:*?/\) and unique.
func sheetNames(halls []hallInput) []string {
	used := map[string]bool{strings.ToLower(IndexSheet): true, strings.ToLower(AssumptionsSheet): true, strings.ToLower(PortfolioSheet): true}
	out := make([]string, len(halls))
	for i, h := range halls {
		base := strings.Map(func(r rune) rune {
			if strings.ContainsRune(`[]:*?/\'`, r) {
				return '_'
			}
			return r
		}, h.res.SiteID+"-"+h.res.HallID)
		base = truncate(base, 31)
		name := base
		for n := 2; used[strings.ToLower(name)]; n++ {
			suffix := "~" + strconv.Itoa(n)
			name = truncate(base, 31-len(suffix)) + suffix
		}
		used[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// truncate cuts s to at most n runes.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// cell is the A1 reference of column col, row row (both from 1).
func cell(col, row int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name + strconv.Itoa(row)
}

// colName is a column's letters.
func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// quote is a sheet name as a formula references it.
func quote(sheet string) string { return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" }

// num renders a number for a formula, exactly.
func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// timingName, depreciationName and terminalName are the case's choices.
func timingName(t sites.CashFlowTiming) string {
	if t == sites.TimingMidYear {
		return "mid_year"
	}
	return "end_of_year"
}

func depreciationName(d sites.Depreciation) string {
	if d == sites.DepreciationMACRS {
		return "macrs"
	}
	return "straight_line"
}

func terminalName(t sites.TerminalValue) string {
	switch t {
	case sites.TerminalExitMultiple:
		return "exit_multiple"
	case sites.TerminalPerpetuity:
		return "perpetuity"
	}
	return "none"
}

// macrsRates is the MACRS table of a class, none for an unknown one.
func macrsRates(class int) []float64 {
	r, err := finance.MACRSRates(class)
	if err != nil {
		return nil
	}
	return r
}
