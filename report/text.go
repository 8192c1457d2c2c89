package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/proforma"
)

// WriteText prints a readable summary: the headline, one row per site with
// portfolio totals, the revenue and cost streams, and (when measured) the
// grid impact and the share of the US power gap closed.
func WriteText(w io.Writer, a *analysis.Analysis) error {
	p := a.Plan
	bw := bufio.NewWriter(w)
	kind := "MILP"
	if p.Relaxed {
		kind = "LP relaxation"
	}
	fmt.Fprintf(bw, "gridflip plan: %s\n", Clean(p.CaseName))
	fmt.Fprintf(bw, "status %s (%s", p.Status, kind)
	if p.Method != "" {
		fmt.Fprintf(bw, ", %s", p.Method)
	}
	if !p.Relaxed {
		fmt.Fprintf(bw, ", MIP gap %s", percent(p.MIPGap))
	}
	if r := a.Risk; r != nil {
		// The stochastic objective first; the tables are one scenario's.
		fmt.Fprintf(bw, "); %d hours from %s; objective %s over the horizon, across %d scenarios\n",
			p.Hours, p.Start.Format("2006-01-02 15:04 MST"), usdM(r.Plan.ObjectiveUSD), len(r.Plan.Scenarios))
		fmt.Fprintf(bw, "the tables below show scenario %q (the most probable), whose plan is worth %s\n",
			r.Plan.Scenarios[r.Reference].ID, usdM(p.ObjectiveUSD))
	} else {
		fmt.Fprintf(bw, "); %d hours from %s; objective %s over the horizon\n",
			p.Hours, p.Start.Format("2006-01-02 15:04 MST"), usdM(p.ObjectiveUSD))
	}
	fmt.Fprintf(bw, "%s %s: full model %s columns, %s rows, %s nonzeros, %d integer", p.Solver.Name, p.Solver.Version,
		thousands(p.Solver.Columns), thousands(p.Solver.Rows), thousands(p.Solver.Nonzeros), p.Solver.IntegerColumns)
	switch {
	case p.Method == optimize.MethodDecomposed && p.Solver.CouplingRows == 0:
		fmt.Fprintf(bw, "; nothing couples the sites: each takes its best set of halls")
	case p.Method == optimize.MethodDecomposed:
		fmt.Fprintf(bw, "; coupling problem %s x %s", thousands(p.Solver.CouplingColumns), thousands(p.Solver.CouplingRows))
		if p.Solver.CutRounds > 1 {
			fmt.Fprintf(bw, ", %d rounds", p.Solver.CutRounds)
		}
	}
	fmt.Fprintf(bw, "\nread %.2f s, plan %.2f s (build or value %.2f s, solve %.2f s, verify %.2f s), baseline %.2f s\n\n",
		a.ReadSeconds, a.PlanSeconds, p.Solver.BuildSeconds, p.Solver.SolveSeconds+p.Solver.InterconnectSolveSeconds, p.Solver.VerifySeconds, a.BaselineSeconds)

	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "site\tregion\thalls built\tAI IT MW\tAI meter MW\tmining IT MW\tmining GWh\tcurtailed h\tPOI value $/MW-yr\tcapex $M\tprofit $M\t")
	for _, s := range p.Sites {
		built := strings.Join(s.HallsBuilt, ",")
		if built == "" {
			built = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t\n",
			s.ID, Clean(s.Region), built, mw(s.AIITMW), mw(s.AIMeterMW), mw(s.MiningCapacityITMW),
			mw(s.MiningMWh/1000), s.CurtailedHours, thousands(int(math.Round(s.InterconnectValueUSDPerMWYear))),
			money(s.NewCapexUSD), money(s.ProfitUSD))
	}
	t := p.Portfolio
	fmt.Fprintf(tw, "portfolio\t\t%d halls\t%s\t%s\t%s\t%s\t\t\t%s\t%s\t\n",
		t.HallsBuilt, mw(t.AIITMW), mw(t.AIMeterMW), mw(t.MiningCapacityITMW), mw(t.MiningMWh/1000),
		money(t.NewCapexUSD), money(t.ProfitUSD))
	if err := tw.Flush(); err != nil {
		return err
	}
	writeNotBuilt(bw, p)

	fmt.Fprintf(bw, "\nrevenue and cost by stream, $M over the horizon\n")
	tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
	streams := optimize.MoneyStreams()
	fmt.Fprint(tw, "site\t")
	for _, m := range streams {
		fmt.Fprintf(tw, "%s\t", m.Label)
	}
	fmt.Fprintln(tw, "profit\t")
	row := func(name string, s optimize.Streams) {
		fmt.Fprintf(tw, "%s\t", name)
		for _, m := range streams {
			fmt.Fprintf(tw, "%s\t", money(m.Signed(&s)))
		}
		fmt.Fprintf(tw, "%s\t\n", money(s.ProfitUSD))
	}
	for _, s := range p.Sites {
		row(s.ID, s.Streams)
	}
	row("portfolio", t.Streams)
	if err := tw.Flush(); err != nil {
		return err
	}
	if t.ExistingAILeaseUSD != 0 {
		fmt.Fprintf(bw, "\nexisting AI capacity (outside the objective): lease %s at the market's default rate\n", usdM(t.ExistingAILeaseUSD))
	}
	if t.HedgeUSD != 0 {
		fmt.Fprintf(bw, "fixed-price contracts (outside the objective): %s against hourly prices\n", usdM(t.HedgeUSD))
	}
	if a.Risk != nil {
		if err := writeRisk(bw, a.Risk); err != nil {
			return err
		}
	}
	if len(p.Years) > 0 {
		if err := writeWhenToConvert(bw, p); err != nil {
			return err
		}
	}
	if a.Finance != nil && len(a.Finance.Halls) > 0 {
		if err := writeFinance(bw, a); err != nil {
			return err
		}
	}
	if p.MethodNote != "" {
		fmt.Fprintf(bw, "method: %s\n", p.MethodNote)
	}
	for _, n := range p.Notes {
		fmt.Fprintf(bw, "note: %s\n", Clean(n))
	}
	if len(a.Impact) > 0 {
		if err := writeImpact(bw, a); err != nil {
			return err
		}
	}
	if len(a.Gap) > 0 {
		if err := WriteGapTable(bw, a); err != nil {
			return err
		}
	}
	if err := WriteFlexibility(bw, a); err != nil {
		return err
	}
	if err := WritePlanHeadroom(bw, a); err != nil {
		return err
	}
	return bw.Flush()
}

// writeImpact prints the before/after grid-impact table.
func writeImpact(w io.Writer, a *analysis.Analysis) error {
	fmt.Fprintf(w, "\ngrid impact: before (no conversion) -> after (the plan)\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scope\tenergy GWh\tpeak MW\tload factor\tfirm MW\tflexible MW\tstress-hour MW\tcoinc. peak MW\tavg $/MWh\tretired EH/s\t% of US hashrate\t")
	for _, im := range a.Impact {
		b, f := im.Before, im.After
		fmt.Fprintf(tw, "%s\t%s -> %s\t%s -> %s\t%.2f -> %.2f\t%s -> %s\t%s -> %s\t%s -> %s\t%s -> %s\t%.1f -> %.1f\t%.2f\t%s\t\n", Clean(im.Scope),
			mw(b.EnergyMWh/1000), mw(f.EnergyMWh/1000), mw(b.PeakMW), mw(f.PeakMW), b.LoadFactor, f.LoadFactor,
			mw(b.FirmMW), mw(f.FirmMW), mw(b.FlexibleMW), mw(f.FlexibleMW), mw(b.StressLoadMW), mw(f.StressLoadMW),
			mw(b.CoincidentPeakLoadMW), mw(f.CoincidentPeakLoadMW), b.AvgPriceUSDPerMWh, f.AvgPriceUSDPerMWh,
			im.HashrateRetiredEHs, percentOrDash(im.ShareOfUS))
	}
	return tw.Flush()
}

// WriteFlexibility prints the headroom answer beside the firm one: the new
// AI the same points of interconnection host if it accepts each
// curtailment share, the share of each gap reference it closes, and the
// portfolio's load in the stress hours.
func WriteFlexibility(w io.Writer, a *analysis.Analysis) error {
	if len(a.Flexibility) == 0 {
		return nil
	}
	port := a.Impact[len(a.Impact)-1]
	fmt.Fprintf(w, "\nflexible AI: the same interconnections if the new AI curtails in its sites' stress hours (their highest-price hours)\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "curtailed share\tnew AI IT MW\tclosed GW (headline)\t")
	for _, g := range a.Gap {
		fmt.Fprintf(tw, "%% of %g GW\t", g.GapGW)
	}
	fmt.Fprintln(tw, "stress-hour load MW\t")
	row := func(label string, it, closed float64, gaps []impact.GapRow, stress float64) {
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t", label, mw(it), closed)
		for _, g := range gaps {
			fmt.Fprintf(tw, "%s\t", percent(g.ClosedFraction))
		}
		fmt.Fprintf(tw, "%s\t\n", mw(stress))
	}
	row("firm (the plan)", a.Plan.Portfolio.NewAIITMW, impact.ClosedOn(a.GapBases, impact.GapHeadlineBasis), a.Gap, port.After.StressLoadMW)
	for _, f := range a.Flexibility {
		row(percent(f.MaxCurtailedShare), f.NewAIITMW, f.ClosedGW, f.Gap, f.StressHoursLoadMW)
	}
	return tw.Flush()
}

// WriteGapTable prints how much of each US power-gap estimate the plan
// closes, with the new AI meter MW by region.
func WriteGapTable(w io.Writer, a *analysis.Analysis) error {
	fmt.Fprintf(w, "\nUS data-center power gap: new AI at converted sites, GW closed on each basis (headline: %s)\n", impact.GapHeadlineBasis)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  counted as\tall connections\texisting only\texisting, unsigned only\t")
	for _, kind := range []struct{ label, all, existing, unsigned string }{
		{"POI reservation GW", impact.BasisPOIAll, impact.BasisPOIExisting, impact.BasisPOIExistingUnsigned},
		{"IT GW", impact.BasisITAll, impact.BasisITExisting, impact.BasisITExistingUnsigned},
	} {
		fmt.Fprintf(tw, "  %s\t%.3f\t%.3f\t%.3f\t\n", kind.label, impact.ClosedOn(a.GapBases, kind.all),
			impact.ClosedOn(a.GapBases, kind.existing), impact.ClosedOn(a.GapBases, kind.unsigned))
	}
	for _, im := range a.Impact {
		fmt.Fprintf(tw, "  %s: new AI meter MW\t%s\t\t\t\n", Clean(im.Scope), mw(im.NewAIMeterMW))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "reference\tgap GW\tclosed GW\tclosed\tsource\t")
	for _, g := range a.Gap {
		fmt.Fprintf(tw, "%s\t%.1f\t%.3f\t%s\t%s\t\n", g.ID, g.GapGW, g.ClosedGW, percent(g.ClosedFraction), Clean(g.Source))
	}
	return tw.Flush()
}

func percentOrDash(v float64) string {
	if v == 0 {
		return "-"
	}
	return percent(v)
}

func percent(v float64) string { return strconv.FormatFloat(100*v, 'f', 3, 64) + "%" }

// usdM formats USD as "$12.34M".
func usdM(v float64) string {
	if s := money(v); strings.HasPrefix(s, "-") {
		return "-$" + s[1:] + "M"
	}
	return "$" + money(v) + "M"
}

// money formats USD in millions with two decimals.
func money(v float64) string {
	m := v / 1e6
	if math.Abs(m) < 0.005 {
		m = 0
	}
	return strconv.FormatFloat(m, 'f', 2, 64)
}

// mw formats megawatts (or GWh) with one decimal.
func mw(v float64) string {
	if math.Abs(v) < 0.05 {
		v = 0
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// thousands formats an integer with comma separators.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Clean escapes control characters (and other non-printing runes) in free
// text from a case (a name, a region) so that it cannot break a table or
// drive the terminal: each becomes \xNN or \uNNNN.
func Clean(s string) string {
	clean := true
	for _, r := range s {
		if !unicode.IsPrint(r) && r != ' ' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsPrint(r) || r == ' ':
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// writeWhenToConvert prints one timeline per site: the new AI IT MW in
// service each year, and the year's hashprice.
func writeWhenToConvert(w io.Writer, p *optimize.Plan) error {
	first, last := p.Years[0].Year, p.Years[len(p.Years)-1].Year
	fmt.Fprintf(w, "\nwhen to convert (%d-%d): new AI IT MW in service each year (- mines only)\n", first, last)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "site\t")
	for _, y := range p.Years {
		fmt.Fprintf(tw, "%d\t", y.Year)
	}
	fmt.Fprintln(tw)
	cell := func(v float64) string {
		if v < 0.05 {
			return "-"
		}
		return mw(v)
	}
	for _, s := range p.Sites {
		fmt.Fprintf(tw, "%s\t", s.ID)
		for _, y := range s.Years {
			fmt.Fprintf(tw, "%s\t", cell(y.NewAIITMW))
		}
		fmt.Fprintln(tw)
	}
	fmt.Fprint(tw, "portfolio\t")
	for _, y := range p.Years {
		fmt.Fprintf(tw, "%s\t", cell(y.NewAIITMW))
	}
	fmt.Fprint(tw, "\nhashprice $/PH/day\t")
	for _, y := range p.Years {
		fmt.Fprintf(tw, "%.1f\t", y.HashpriceUSDPerPHDay)
	}
	fmt.Fprint(tw, "\nprofit $M\t")
	for _, y := range p.Years {
		fmt.Fprintf(tw, "%s\t", money(y.ProfitUSD))
	}
	fmt.Fprintln(tw)
	return tw.Flush()
}

// writeFinance prints every hall's service year and pro forma figures,
// and the portfolio's; its minimum DSCR is its lowest hall's, the pooled
// one apart.
func writeFinance(w io.Writer, a *analysis.Analysis) error {
	f := a.Finance
	fmt.Fprintf(w, "\nhalls: when, and each as a project over its %d-year life: lease against capex and opex, without the mining it displaces\n"+
		"(valued at 1 January %d, %s; discount %s, debt %s at %s over %d years%s, tax %s, %s%s, equity target %s%s; a hall not built is valued from its earliest year)\n",
		lifeYears(f.Halls[0].ProForma), f.FirstYear, timingText(f.Terms.Timing), pct(f.Terms.DiscountRate), debtSizeText(f.Terms), pct(f.Terms.DebtRate),
		f.Terms.DebtTenorYears, interestOnlyText(f.Terms.InterestOnlyYears), pct(f.Terms.TaxRate), depreciationText(f.Terms), opexText(f.Terms),
		pct(f.Terms.TargetEquityIRR), covenantText(f.Terms))
	if tv := terminalText(f.Terms); tv != "" {
		fmt.Fprintf(w, "(terminal value: %s, at the end of each hall's life, untaxed; in NPV, IRRs and values, not in the plan's objective)\n", tv)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	sculpted := f.Terms.DebtSizing == finance.SculptedDSCR
	debtHeader := ""
	if sculpted {
		debtHeader = "debt $M (sized by)\t"
	}
	fmt.Fprintln(tw, "hall\tservice\tIT MW\tcapex $M\t"+debtHeader+"NPV $M\tproject IRR\tequity IRR\tpayback\tmin DSCR\tNOI margin\tNPV $/W\tEV $/W\tmin lease $/kW-mo\t")
	for _, h := range f.Halls {
		service := strconv.Itoa(h.ServiceYear)
		if !h.Built {
			service = fmt.Sprintf("not built (from %d)", h.ServiceYear)
		}
		debt := ""
		if sculpted {
			debt = debtCell(h.ProForma) + "\t"
		}
		fmt.Fprintf(tw, "%s/%s\t%s\t%s\t%s\t%s%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%.2f\t%s\t\n", h.SiteID, h.HallID, service, mw(h.ITMW),
			money(h.CapexUSD), debt, money(h.ProForma.NPVUSD), rate(h.ProForma.ProjectIRR), rate(h.ProForma.EquityIRR), payback(h.ProForma.PaybackYear),
			dscr(h.ProForma.MinDSCR), rate(h.NOIMargin), h.Figures.NPVUSDPerW, h.Figures.EnterpriseValueUSDPerW, minLease(h))
	}
	if len(f.Sites) > 0 {
		pf := f.Portfolio.ProForma
		debt := ""
		if sculpted {
			debt = debtCell(pf) + "\t"
		}
		fmt.Fprintf(tw, "portfolio (built)\t\t%s\t%s\t%s%s\t%s\t%s\t%s\t%s\t\t%.2f\t%.2f\t\t\n", mw(f.Portfolio.Figures.ITMW),
			money(a.Plan.Portfolio.NewCapexUSD), debt, money(pf.NPVUSD), rate(pf.ProjectIRR), rate(pf.EquityIRR), payback(pf.PaybackYear), dscr(f.Portfolio.MinDSCR),
			f.Portfolio.Figures.NPVUSDPerW, f.Portfolio.Figures.EnterpriseValueUSDPerW)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(f.Sites) > 0 && f.Portfolio.MinDSCR.OK {
		fmt.Fprintf(w, "min DSCR: each hall's own, the portfolio's its lowest built hall's (%s); pooled over the built halls' lines %s\n",
			dscr(f.Portfolio.MinDSCR), dscr(f.Portfolio.ProForma.MinDSCR))
	}
	for _, s := range a.Plan.Sites {
		for _, h := range s.Halls {
			if h.Never != "" {
				fmt.Fprintf(w, "%s/%s never: %s\n", s.ID, h.ID, h.Never)
			}
		}
	}
	return writeDeals(w, a)
}

// writeDeals reconciles the halls given by their contract value with their
// pro formas (deals.csv).
func writeDeals(w io.Writer, a *analysis.Analysis) error {
	rows := dealRows(a)
	if len(rows) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nsigned deals: the disclosed contract value against the pro forma's lease revenue over the term\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "hall\tservice\tterm\tdisclosed $M\tmodelled $M\tratio\tNOI margin disclosed\tmodelled\t")
	for _, d := range rows {
		disclosed, modelled := "-", "-"
		if d.NOIMarginDisclosed != nil {
			disclosed = pct(*d.NOIMarginDisclosed)
		}
		if d.NOIMarginModelled != nil {
			modelled = pct(*d.NOIMarginModelled)
		}
		fmt.Fprintf(tw, "%s/%s\t%d\t%d\t%s\t%s\t%.4f\t%s\t%s\t\n", d.Site, d.Hall, d.ServiceYear, d.LeaseTermYears,
			money(d.ContractValueUSDDisclosed), money(d.ContractValueUSDModelled), d.Ratio, disclosed, modelled)
	}
	return tw.Flush()
}

// lifeYears is the years of service of a hall's pro forma.
func lifeYears(pf finance.ProForma) int {
	if len(pf.Lines) == 0 {
		return 0
	}
	return pf.Lines[len(pf.Lines)-1].Year - pf.ServiceYear + 1
}

// timingText says when operating flows fall.
func timingText(t finance.Timing) string {
	if t == finance.MidYear {
		return "operating flows mid-year"
	}
	return "flows at the end of each year"
}

// interestOnlyText is the interest-only years of the debt, if any.
func interestOnlyText(years int) string {
	if years == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d interest-only)", years)
}

// depreciationText is the depreciation method.
func depreciationText(t finance.Terms) string {
	if t.Depreciation == finance.MACRS {
		if t.BonusDepreciationShare > 0 {
			return fmt.Sprintf("MACRS with %s bonus", pct(t.BonusDepreciationShare))
		}
		return "MACRS"
	}
	return fmt.Sprintf("straight-line depreciation over %d years", t.DepreciationYears)
}

// opexText is the fixed O&M's escalator, if any.
func opexText(t finance.Terms) string {
	if t.OpexEscalatorPerYear == 0 {
		return ""
	}
	return fmt.Sprintf(", fixed O&M +%s a year", pct(t.OpexEscalatorPerYear))
}

// debtSizeText is how the debt is sized: a share of the capex, or the
// lesser of that and what a DSCR repays.
func debtSizeText(t finance.Terms) string {
	if t.DebtSizing == finance.SculptedDSCR {
		return fmt.Sprintf("the lesser of %s of capex and what CFADS ÷ %.2f repays (sculpted)", pct(t.DebtShare), t.SizingDSCR)
	}
	return pct(t.DebtShare) + " of capex"
}

// debtCell is a pro forma's facility debt and what sized it.
func debtCell(pf finance.ProForma) string {
	if pf.DebtSizedByDSCR {
		return money(pf.FacilityDebtUSD) + " (DSCR)"
	}
	return money(pf.FacilityDebtUSD) + " (cost)"
}

// covenantText is the DSCR covenant, if any.
func covenantText(t finance.Terms) string {
	if t.MinDSCR == 0 {
		return ""
	}
	return fmt.Sprintf(", DSCR covenant %.2f", t.MinDSCR)
}

// terminalText is the terminal value's rule ("" without one).
func terminalText(t finance.Terms) string {
	switch t.TerminalValue {
	case finance.ExitMultiple:
		return fmt.Sprintf("%g× the last year's NOI", t.ExitMultiple)
	case finance.Perpetuity:
		return fmt.Sprintf("the last year's NOI as a perpetuity growing %s a year", pct(t.TerminalGrowth))
	}
	return ""
}

// pct formats a fraction as a percentage with one decimal.
func pct(v float64) string { return strconv.FormatFloat(100*v, 'f', 1, 64) + "%" }

// rate formats a rate that may not exist.
func rate(r finance.Rate) string {
	if !r.OK {
		return "none"
	}
	return pct(r.Value)
}

func payback(year int) string {
	if year == 0 {
		return "none"
	}
	return strconv.Itoa(year)
}

func dscr(r finance.Rate) string {
	if !r.OK {
		return "none"
	}
	return fmt.Sprintf("%.2f", r.Value)
}

// minLease is a hall's minimum lease, marked when the DSCR covenant sets
// it.
func minLease(h proforma.Hall) string {
	if !h.MinLeaseFound {
		return "none"
	}
	if h.MinLeaseBinding == proforma.BindingDSCR {
		return fmt.Sprintf("%.0f (DSCR)", h.MinLeaseUSDPerKWMonth)
	}
	return fmt.Sprintf("%.0f", h.MinLeaseUSDPerKWMonth)
}

// writeRisk prints a stochastic plan: the metric and its benchmarks, each
// scenario's value, and which halls are built now for every scenario and
// which only in some.
func writeRisk(w io.Writer, r *analysis.Risk) error {
	sp := r.Plan
	fmt.Fprintf(w, "\nscenarios: one plan for %d futures, objective (1-%.2g)·E + %.2g·CVaR(%.0f%% worst) = %s\n",
		len(sp.Scenarios), sp.RiskWeight, sp.RiskWeight, 100*sp.CVaRAlpha, usdM(sp.ObjectiveUSD))
	fmt.Fprintf(w, "expected %s, CVaR %s; with perfect information %s (EVPI %s)", usdM(sp.ExpectedUSD), usdM(sp.CVaRUSD),
		usdM(r.WaitAndSeeUSD), usdM(r.EVPIUSD))
	if r.EVPlanError == "" {
		fmt.Fprintf(w, "; the expected-value plan %s (VSS %s)\n", usdM(r.EVPlanUSD), usdM(r.VSSUSD))
	} else {
		fmt.Fprintf(w, "; %s\n", r.EVPlanError)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tprobability\tvalue $M\tperfect information $M\texpected-value plan $M\tnew AI IT MW\t")
	for i, sc := range sp.Scenarios {
		ev := "-"
		if r.EVPlanError == "" {
			ev = money(r.EVPlanValueUSD[i])
		}
		ref := ""
		if i == r.Reference {
			ref = " (shown above)"
		}
		fmt.Fprintf(tw, "%s%s\t%.3f\t%s\t%s\t%s\t%s\t\n", sc.ID, ref, sc.Probability, money(sc.ValueUSD),
			money(r.PerfectInformationUSD[i]), ev, mw(sc.Plan.Portfolio.NewAIITMW))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	now, some := robustHalls(sp)
	if len(now) == 0 {
		now = []string{"none"}
	}
	fmt.Fprintf(w, "built now, for every scenario: %s\n", strings.Join(now, ", "))
	if len(some) > 0 {
		fmt.Fprintf(w, "decided later, per scenario (probability of each service year):\n  %s\n", strings.Join(some, "\n  "))
	}
	return nil
}

// robustHalls lists the halls built now (first stage) and, for the halls
// built later in some scenarios only, in how much probability they start
// each year ("2028 60%, never 25%": the probability of the scenarios).
func robustHalls(sp *optimize.StochasticPlan) (now, some []string) {
	first := sp.Scenarios[0].Plan
	for s, site := range first.Sites {
		for h, hall := range site.Halls {
			name := site.ID + "/" + hall.ID
			if sp.FirstStage.Start[s][h] >= 0 {
				now = append(now, name)
				continue
			}
			byYear := map[int]float64{}
			built := false
			for _, sc := range sp.Scenarios {
				hp := sc.Plan.Sites[s].Halls[h]
				year := -1 // never
				if hp.Build >= 0.5 {
					year, built = hp.ServiceYear, true
				}
				byYear[year] += sc.Probability
			}
			if !built {
				continue
			}
			years := make([]int, 0, len(byYear))
			for y := range byYear {
				years = append(years, y)
			}
			sort.Ints(years)
			var parts []string
			for _, y := range years {
				label := strconv.Itoa(y)
				switch y {
				case -1:
					continue
				case 0:
					label = "built"
				}
				parts = append(parts, fmt.Sprintf("%s %.0f%%", label, 100*byYear[y]))
			}
			if p := byYear[-1]; p > 0 {
				parts = append(parts, fmt.Sprintf("never %.0f%%", 100*p))
			}
			some = append(some, fmt.Sprintf("%s (%s)", name, strings.Join(parts, ", ")))
		}
	}
	return now, some
}

// maxNotBuiltLines bounds the text's list of halls not built.
const maxNotBuiltLines = 10

// writeNotBuilt lists the halls not built that the plan values
// (HallPlan.ValueIfBuiltUSD), the closest calls first: what building each
// would change.
func writeNotBuilt(w io.Writer, p *optimize.Plan) {
	type line struct {
		site, hall string
		itMW, usd  float64
	}
	var lines []line
	for _, s := range p.Sites {
		for _, h := range s.Halls {
			if h.Build < 0.5 && h.ValueIfBuiltUSD != nil {
				lines = append(lines, line{s.ID, h.ID, h.ITMW, *h.ValueIfBuiltUSD})
			}
		}
	}
	if len(lines) == 0 {
		return
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].usd > lines[j].usd })
	fmt.Fprintf(w, "\nhalls not built: what building each would change (its site's best with it, the rest as planned)\n")
	for i, l := range lines {
		if i == maxNotBuiltLines {
			fmt.Fprintf(w, "  ... and %d more (summary.json, value_if_built_usd)\n", len(lines)-i)
			break
		}
		why := "the mining and interconnection it takes are worth more"
		if l.usd > 0 {
			why = "held back by the market cap"
		}
		fmt.Fprintf(w, "  %s/%s (%s MW IT): %s (%s)\n", l.site, l.hall, mw(l.itMW), usdM(l.usd), why)
	}
}
