package htmlreport

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/report"
)

// Row is one row of the assumptions table: what it is, its value as
// shown, and where its raw value sits in summary.json (Key, a dotted
// path; Raw, the value as JSON) so that a script can check the page.
type Row struct {
	Label, Value, Key, Raw, Note string
}

// DealView is one signed deal's reconciliation, formatted.
type DealView struct {
	Hall, ServiceYear, Term, Disclosed, Modelled, Ratio, NOIDisclosed, NOIModelled string
}

// raw is v as JSON: the data-value of a card or row ("null" for a
// figure that does not exist).
func raw(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

// card is a headline figure tied to its summary.json path.
func card(id, label, value, detail, key string, v any) Card {
	return Card{ID: id, Label: label, Value: value, Detail: detail, Key: key, Raw: raw(v)}
}

// valueCards open the page: the plan's value, keeping the miners', and
// the difference.
func valueCards(s *report.Summary) []Card {
	basis := "over the run"
	if len(s.Years) > 0 {
		basis = "over the horizon, discounted to 1 January of its first year"
	}
	if s.Risk != nil {
		basis = fmt.Sprintf("(1−λ)·E[V] + λ·CVaR, across %d scenarios", len(s.Scenarios))
	}
	return []Card{
		card("card-objective", "plan value", usd(s.ObjectiveUSD), "revenue less cost of the plan "+basis, "objective_usd", s.ObjectiveUSD),
		card("card-baseline", "keeping the miners", usd(s.BaselineObjectiveUSD), "the same sites with no conversion, on the same basis", "baseline_objective_usd", s.BaselineObjectiveUSD),
		card("card-uplift", "uplift", signedUSD(s.UpliftUSD), "plan value − keeping the miners", "uplift_usd", s.UpliftUSD),
	}
}

// financeCards are the portfolio's pro forma figures (every hall built);
// none when no hall is built.
func financeCards(s *report.Summary) []Card {
	f := s.Finance
	if f == nil {
		return nil
	}
	dscr := "no debt"
	if f.MinDSCR != nil {
		dscr = fixed(*f.MinDSCR, 2) + "×"
	}
	payback := "not within the life"
	if f.PaybackYear != nil {
		payback = fmt.Sprint(*f.PaybackYear)
	}
	return []Card{
		card("card-npv", "NPV", usd(f.NPVUSD), "the halls built, over their life, at the WACC", "finance.npv_usd", f.NPVUSD),
		card("card-project-irr", "project IRR", rate(f.ProjectIRR), "before debt", "finance.project_irr", f.ProjectIRR),
		card("card-equity-irr", "equity IRR", rate(f.EquityIRR), "after debt service", "finance.equity_irr", f.EquityIRR),
		card("card-payback", "payback", payback, "the first year the cumulative project cash flow is ≥ 0", "finance.payback_year", f.PaybackYear),
		card("card-capex", "capex", usd(f.CapexUSD), "the halls built", "finance.capex_usd", f.CapexUSD),
		card("card-min-dscr", "minimum DSCR", dscr, "the lowest of any hall's own, any year (lenders size each hall alone)", "finance.min_dscr", f.MinDSCR),
		card("card-ev-per-w", "EV per W", "$"+fixed(f.EnterpriseValueUSDPerW, 2)+"/W", "enterprise value per W of IT at service start", "finance.enterprise_value_usd_per_w", f.EnterpriseValueUSDPerW),
	}
}

// otherCards are the plan's size and what it does to mining.
func otherCards(s *report.Summary) []Card {
	out := []Card{card("card-new-ai", "new AI IT load", thousands(s.Portfolio.NewAIITMW)+" MW",
		fmt.Sprintf("%d halls built; %s MW reserved at the POIs", s.Portfolio.HallsBuilt, thousands(newAIMeter(s))),
		"portfolio.new_ai_it_mw", s.Portfolio.NewAIITMW)}
	for i, im := range s.GridImpact {
		if im.Scope == impact.PortfolioScope {
			out = append(out, card("card-hashrate", "hashrate retired", fixed(im.HashrateRetiredEHs, 2)+" EH/s",
				fixed(100*im.ShareOfUS, 1)+"% of the US's", fmt.Sprintf("grid_impact.%d.hashrate_retired_eh_s", i), im.HashrateRetiredEHs))
		}
	}
	return out
}

// riskCards are a stochastic plan's risk figures.
func riskCards(s *report.Summary) []Card {
	r := s.Risk
	if r == nil {
		return nil
	}
	out := []Card{
		card("card-expected", "expected value", usd(r.ExpectedUSD), "E[V] across the scenarios", "risk.expected_usd", r.ExpectedUSD),
		card("card-cvar", "CVaR", usd(r.CVaRUSD), fmt.Sprintf("the mean of the worst %s of outcomes", pct(r.CVaRAlpha)), "risk.cvar_usd", r.CVaRUSD),
		card("card-evpi", "EVPI", usd(r.EVPIUSD), "what knowing the future in advance would add", "risk.evpi_usd", r.EVPIUSD),
	}
	vss := card("card-vss", "VSS", "not known", r.EVPlanError, "risk.vss_usd", r.VSSUSD)
	if r.VSSUSD != nil {
		vss.Value, vss.Detail = usd(*r.VSSUSD), "what planning for the scenarios adds over planning for their mean"
	}
	return append(out, vss,
		card("card-lambda", "risk weight λ", fixed(r.RiskWeight, 2), "0: expectation only; 1: CVaR only", "risk.risk_weight", r.RiskWeight),
		card("card-alpha", "CVaR α", pct(r.CVaRAlpha), "the share of worst outcomes CVaR averages", "risk.cvar_alpha", r.CVaRAlpha))
}

// assumptionRows are the inputs behind the figures, each with its path in
// summary.json.
func assumptionRows(s *report.Summary) []Row {
	a := s.Assumptions
	if a == nil {
		return nil
	}
	var out []Row
	add := func(label, value, key string, v any, note string) {
		out = append(out, Row{Label: label, Value: value, Key: "assumptions." + key, Raw: raw(v), Note: note})
	}
	span := func(r *report.RangeJSON, f func(float64) string) string {
		if r.Min == r.Max {
			return f(r.Min)
		}
		return f(r.Min) + " to " + f(r.Max)
	}
	perKW := func(v float64) string { return "$" + fixed(v, 2) + "/kW-month" }
	add("AI lease, market default", perKW(a.LeaseUSDPerKWMonth), "lease_usd_per_kw_month", a.LeaseUSDPerKWMonth, "first year, per kW of IT")
	if a.HallLeaseUSDPerKWMonth != nil {
		add("AI lease, the candidate halls", span(a.HallLeaseUSDPerKWMonth, perKW), "hall_lease_usd_per_kw_month", a.HallLeaseUSDPerKWMonth, "their own or the default; a signed deal's from its contract value")
		add("lease escalator", span(a.LeaseEscalatorPerYear, pctYear), "lease_escalator_per_year", a.LeaseEscalatorPerYear, "from each hall's first year of service")
		add("capex per MW of IT", span(a.CapexUSDPerMW, func(v float64) string { return usd(v) }), "capex_usd_per_mw", a.CapexUSDPerMW, "")
		add("fixed O&M per MW-year", span(a.FixedOMUSDPerMWYear, func(v float64) string { return "$" + thousands(v) }), "fixed_om_usd_per_mw_year", a.FixedOMUSDPerMWYear, "")
	}
	add("discount rate (WACC)", pct(a.DiscountRate), "discount_rate", a.DiscountRate, "pre-tax nominal; discounts the objective and every NPV")
	add("life", fmt.Sprintf("%d years", a.LifeYears), "life_years", a.LifeYears, "each hall's pro forma")
	add("debt share of capex", pct(a.DebtShare), "debt_share", a.DebtShare, "")
	if a.SizingDSCR != nil {
		add("debt sized to a DSCR", fixed(*a.SizingDSCR, 2)+"×", "sizing_dscr", a.SizingDSCR, "the lesser of the debt share and what CFADS ÷ it repays; the service sculpted to it")
	}
	if a.DebtShare > 0 {
		add("debt rate", pct(a.DebtRate), "debt_rate", a.DebtRate, "")
		repayment := "level repayment after the interest-only years"
		if a.SizingDSCR != nil {
			repayment = "sculpted repayment after the interest-only years"
		}
		add("debt tenor", fmt.Sprintf("%d years", a.DebtTenorYears), "debt_tenor_years", a.DebtTenorYears, repayment)
		add("interest-only years", fmt.Sprint(a.InterestOnlyYears), "interest_only_years", a.InterestOnlyYears, "")
	}
	if a.MinDSCRCovenant != nil {
		add("DSCR covenant", fixed(*a.MinDSCRCovenant, 2)+"×", "min_dscr_covenant", a.MinDSCRCovenant, "the minimum lease keeps every year at or above it")
	}
	add("tax rate", pct(a.TaxRate), "tax_rate", a.TaxRate, "losses carried forward")
	add("depreciation", strings.ReplaceAll(a.Depreciation, "_", " "), "depreciation", a.Depreciation, "")
	add("depreciation years", fmt.Sprintf("%d years", a.DepreciationYears), "depreciation_years", a.DepreciationYears, "straight line")
	add("opex escalator", pctYear(a.OpexEscalatorPerYear), "opex_escalator_per_year", a.OpexEscalatorPerYear, "")
	add("target equity IRR", pct(a.TargetEquityIRR), "target_equity_irr", a.TargetEquityIRR, "for the minimum lease and the equity value")
	add("hashprice source", a.HashpriceSource, "hashprice_source", a.HashpriceSource, "")
	for i, y := range a.HashpriceUSDPerPHDayYears {
		add(fmt.Sprintf("hashprice %d", y.Year), "$"+fixed(y.Value, 2)+"/PH/day", fmt.Sprintf("hashprice_usd_per_ph_day_by_year.%d.value", i), y.Value, "the year's mean")
	}
	if a.BTCPriceUSD != nil {
		add("BTC price", "$"+thousands(*a.BTCPriceUSD), "btc_price_usd", a.BTCPriceUSD, "in the first year")
	}
	if a.BTCPriceFile != "" {
		add("BTC price series", a.BTCPriceFile, "btc_price_file", a.BTCPriceFile, "")
	}
	if a.BTCPriceGrowthPerYear != nil {
		add("BTC price growth", pctYear(*a.BTCPriceGrowthPerYear), "btc_price_growth_per_year", a.BTCPriceGrowthPerYear, "")
	}
	if a.NetworkHashrateEHs != nil {
		add("network hashrate", fixed(*a.NetworkHashrateEHs, 1)+" EH/s", "network_hashrate_eh_s", a.NetworkHashrateEHs, "in the first year")
	}
	if a.NetworkHashrateGrowth != nil {
		add("network hashrate growth", pctYear(*a.NetworkHashrateGrowth), "network_hashrate_growth_per_year", a.NetworkHashrateGrowth, "")
	}
	if a.FeesBTCPerBlock != nil {
		add("fees per block", fixed(*a.FeesBTCPerBlock, 3)+" BTC", "fees_btc_per_block", a.FeesBTCPerBlock, "")
	}
	if len(a.Halvings) > 0 {
		add("halvings", strings.Join(a.Halvings, ", "), "halvings", a.Halvings, "the subsidy halves on each date, then every four years")
	}
	add("price file", a.PriceFile, "price_file", a.PriceFile, "hourly energy prices at the sites' nodes")
	years := make([]string, len(a.PriceDataYears))
	for i, y := range a.PriceDataYears {
		years[i] = fmt.Sprint(y)
	}
	note := ""
	if a.HorizonStartYear != nil && len(a.PriceDataYears) == 1 && a.PriceEscalationPerYear != nil {
		note = fmt.Sprintf("repeated over every year of the horizon, escalated %s", pctYear(*a.PriceEscalationPerYear))
	}
	add("price data years", strings.Join(years, ", "), "price_data_years", a.PriceDataYears, note)
	if a.PriceEscalationPerYear != nil {
		add("price escalation", pctYear(*a.PriceEscalationPerYear), "price_escalation_per_year", a.PriceEscalationPerYear, "")
	}
	if a.HorizonStartYear != nil && a.HorizonYears != nil {
		add("horizon start", fmt.Sprint(*a.HorizonStartYear), "horizon_start_year", a.HorizonStartYear, "")
		add("horizon years", fmt.Sprint(*a.HorizonYears), "horizon_years", a.HorizonYears, "")
	}
	return out
}

// dealViews are the signed deals against the pro forma, formatted.
func dealViews(s *report.Summary) []DealView {
	out := make([]DealView, len(s.Deals))
	for i, d := range s.Deals {
		out[i] = DealView{Hall: d.Site + "/" + d.Hall, ServiceYear: fmt.Sprint(d.ServiceYear), Term: fmt.Sprintf("%d years", d.LeaseTermYears),
			Disclosed: usd(d.ContractValueUSDDisclosed), Modelled: usd(d.ContractValueUSDModelled), Ratio: fixed(d.Ratio, 3),
			NOIDisclosed: optPct(d.NOIMarginDisclosed), NOIModelled: optPct(d.NOIMarginModelled)}
	}
	return out
}

// gapSentence says, on the headline basis, how much of the gap the plan
// closes, in one sentence.
func gapSentence(s *report.Summary) string {
	if len(s.Gap) == 0 {
		return ""
	}
	lo, hi := s.Gap[0], s.Gap[0]
	for _, g := range s.Gap {
		if g.ClosedFraction < lo.ClosedFraction {
			lo = g
		}
		if g.ClosedFraction > hi.ClosedFraction {
			hi = g
		}
	}
	return fmt.Sprintf("Counting new AI IT in unsigned halls at existing connections (the headline basis, %s), the plan closes %s GW: from %s of the %s GW estimate to %s of the %s GW one.",
		s.GapHeadlineBasis, fixed(lo.ClosedGW, 3), pct1(lo.ClosedFraction), fixed(lo.GapGW, 1), pct1(hi.ClosedFraction), fixed(hi.GapGW, 1))
}

// firmWhy explains firm MW above the load drawn in stress hours.
func firmWhy(s *report.Summary) string {
	for _, im := range s.GridImpact {
		if im.Scope == impact.PortfolioScope && im.After.FirmMW > im.After.StressLoadMW {
			return fmt.Sprintf("Why %s MW firm but %s MW drawn in stress hours: firm MW is the interconnection reserved for AI every hour (its design peak), while the sites draw what AI uses (utilization × PUE) and the mining that still runs.",
				thousands(im.After.FirmMW), thousands(im.After.StressLoadMW))
		}
	}
	return ""
}

// siteWhy explains a site's AI IT MW against the halls it builds.
func siteWhy(site *report.SiteJSON) string {
	if site.ExistingAIITMW <= 0 {
		return ""
	}
	return fmt.Sprintf("AI in service: %s MW of IT = %s MW existing + %s MW in the halls built (the halls' own IT MW in the plan table).",
		mwText(site.AIITMW), mwText(site.ExistingAIITMW), mwText(site.NewAIITMW))
}

// hallWhy explains a hall whose value to the plan and NPV as a project
// differ in sign.
func hallWhy(value float64, npv *float64) string {
	switch {
	case npv == nil:
		return ""
	case value > 0 && *npv < 0:
		return "why: the plan counts the years of the run with capex as an annuity; the project pays all its capex (GPUs too) up front over its life"
	case value < 0 && *npv > 0:
		return "why: as a project it pays; in the plan it gives up the mining and interconnection it takes"
	}
	return ""
}

// signedUSD is usd with a plus sign on gains.
func signedUSD(v float64) string {
	if v > 0 {
		return "+" + usd(v)
	}
	return usd(v)
}

// rate formats a rate that may not exist.
func rate(r *float64) string {
	if r == nil {
		return "none"
	}
	return pct(*r)
}

// pct formats a fraction as a percentage to 0.01 %, trailing zeros cut.
func pct(v float64) string {
	s := strings.TrimRight(strings.TrimRight(fixed(100*v, 2), "0"), ".")
	return s + "%"
}

// pct1 formats a share to 0.1 %, or 0.01 % below 1 %.
func pct1(v float64) string {
	if math.Abs(v) < 0.01 {
		return fixed(100*v, 2) + "%"
	}
	return fixed(100*v, 1) + "%"
}

// pctYear is a growth rate a year.
func pctYear(v float64) string { return pct(v) + " a year" }

// optPct formats a share that may be missing.
func optPct(v *float64) string {
	if v == nil {
		return "—"
	}
	return pct1(*v)
}

// mwText formats MW to 0.1 with thousands separators.
func mwText(v float64) string { return grouped(fixed(v, 1)) }

// grouped puts thousands separators into a formatted number.
func grouped(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}
