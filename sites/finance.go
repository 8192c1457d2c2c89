package sites

import (
	"slices"
	"strconv"
	"strings"
)

// financeConventions reads the [finance] keys of the pro formas'
// conventions (docs/model.md, "Years and finance").
func (c *checker) financeConventions(sc scope, raw *rawFinance, f *Finance) {
	f.CashFlowTiming = CashFlowTiming(c.choiceIndex(sc, "cash_flow_timing", raw.CashFlowTiming, cashFlowTimings))
	f.OpexEscalatorPerYear = c.optNum(sc, "opex_escalator_per_year", raw.OpexEscalator)
	if raw.InterestOnlyYears != nil {
		if v, ok := c.whole(sc, "interest_only_years", raw.InterestOnlyYears); ok {
			f.InterestOnlyYears = v
			if f.DebtTenorYears > 0 && v >= f.DebtTenorYears {
				c.add(sc, "interest_only_years", "%s: must be fewer than debt_tenor_years = %d (the interest-only years count inside the tenor)",
					c.shown(sc, "interest_only_years", raw.InterestOnlyYears.v), f.DebtTenorYears)
			}
		}
	}
	if v, ok := c.num(sc, "min_dscr", raw.MinDSCR); ok {
		f.MinDSCR = v
	}
	c.debtSizing(sc, raw, f)
	f.Depreciation = Depreciation(c.choiceIndex(sc, "depreciation", raw.Depreciation, depreciations))
	c.onlyWith(sc, f.Depreciation == DepreciationMACRS, `depreciation = "macrs"`, []keyLeaf{{"bonus_depreciation_share", raw.BonusShare}})
	f.BonusDepreciationShare = c.optNum(sc, "bonus_depreciation_share", raw.BonusShare)
	if raw.GPUDepreciation != nil {
		f.GPUDepreciationYears, _ = c.whole(sc, "gpu_depreciation_years", raw.GPUDepreciation)
	}

	f.TerminalValue = TerminalValue(c.choiceIndex(sc, "terminal_value", raw.TerminalValue, terminalValues))
	c.onlyWith(sc, f.TerminalValue == TerminalExitMultiple, `terminal_value = "exit_multiple"`, []keyLeaf{{"exit_multiple", raw.ExitMultiple}})
	c.onlyWith(sc, f.TerminalValue == TerminalPerpetuity, `terminal_value = "perpetuity"`, []keyLeaf{{"terminal_growth", raw.TerminalGrowth}})
	switch f.TerminalValue {
	case TerminalExitMultiple:
		f.ExitMultiple, _ = c.needNum(sc, "exit_multiple", raw.ExitMultiple)
	case TerminalPerpetuity:
		f.TerminalGrowth = c.optNum(sc, "terminal_growth", raw.TerminalGrowth)
		if raw.TerminalGrowth != nil && f.TerminalGrowth >= f.DiscountRate {
			c.add(sc, "terminal_growth", "%s: must be below discount_rate = %s (a perpetuity growing at least as fast as money is discounted has no finite value)",
				c.shown(sc, "terminal_growth", raw.TerminalGrowth.v), formatNumber(f.DiscountRate))
		}
	}
}

// debtSizing reads debt_sizing and sizing_dscr: a sculpted debt needs a
// loan-to-cost to cap it and a DSCR (its own or the covenant's) at least
// the covenant.
func (c *checker) debtSizing(sc scope, raw *rawFinance, f *Finance) {
	f.DebtSizing = DebtSizing(c.choiceIndex(sc, "debt_sizing", raw.DebtSizing, debtSizings))
	c.onlyWith(sc, f.DebtSizing == DebtSizingDSCR, `debt_sizing = "dscr"`, []keyLeaf{{"sizing_dscr", raw.SizingDSCR}})
	if f.DebtSizing != DebtSizingDSCR {
		return
	}
	if raw.DebtShare == nil || f.DebtShare == 0 {
		c.add(sc, "debt_sizing", `%s: needs debt_share above 0, the most of the capex lenders lend (the loan-to-cost the DSCR sizes the debt under)`,
			c.shown(sc, "debt_sizing", raw.DebtSizing.v))
	}
	f.SizingDSCR = f.MinDSCR
	if raw.SizingDSCR == nil {
		if f.MinDSCR == 0 {
			c.add(sc, "debt_sizing", `%s: needs sizing_dscr (the CFADS ÷ debt service the debt is sculpted to, e.g. 1.4) or a min_dscr covenant to size it to`,
				c.shown(sc, "debt_sizing", raw.DebtSizing.v))
		}
		return
	}
	v, ok := c.num(sc, "sizing_dscr", raw.SizingDSCR)
	if !ok {
		return
	}
	f.SizingDSCR = v
	if v < f.MinDSCR {
		c.add(sc, "sizing_dscr", "%s: below min_dscr = %s: debt sized to it would breach the covenant in every amortizing year",
			c.shown(sc, "sizing_dscr", raw.SizingDSCR.v), formatNumber(f.MinDSCR))
	}
}

// hallFinance reads a hall's keys of its pro forma: its MACRS class, the
// tenant-funded share of its capex and a GPU cloud contract's debt and
// prepayment.
func (c *checker) hallFinance(sc scope, raw *rawHall, f Finance, h *Hall) {
	c.onlyFor(sc, f.Depreciation == DepreciationMACRS, `[finance] depreciation = "macrs"`, []keyLeaf{{"macrs_class_years", raw.MACRSClassYears}})
	if f.Depreciation == DepreciationMACRS && raw.MACRSClassYears != nil {
		if v, ok := c.whole(sc, "macrs_class_years", raw.MACRSClassYears); ok {
			if slices.Contains(macrsClasses, v) {
				h.MACRSClassYears = v
			} else {
				c.add(sc, "macrs_class_years", "%s: must be %s (the MACRS classes of IRS Publication 946 gridflip has tables for)",
					c.shown(sc, "macrs_class_years", raw.MACRSClassYears.v), macrsClassList())
			}
		}
	}
	h.TenantFundedCapexShare = c.optNum(sc, "tenant_funded_capex_share", raw.TenantFundedShare)
	gpu := h.Offer == OfferGPUCloud
	c.onlyFor(sc, gpu, `offer = "gpu_cloud"`, []keyLeaf{
		{"gpu_debt_share", raw.GPUDebtShare}, {"gpu_debt_tenor_years", raw.GPUDebtTenorYears}, {"customer_prepayment_share", raw.PrepaymentShare}})
	if !gpu {
		return
	}
	h.GPUDebtShare = c.numPtr(sc, "gpu_debt_share", raw.GPUDebtShare)
	h.CustomerPrepaymentShare = c.optNum(sc, "customer_prepayment_share", raw.PrepaymentShare)
	if raw.GPUDebtTenorYears != nil {
		if v, ok := c.whole(sc, "gpu_debt_tenor_years", raw.GPUDebtTenorYears); ok {
			if h.GPUTermYears > 0 && v > h.GPUTermYears {
				c.add(sc, "gpu_debt_tenor_years", "%s: above gpu_term_years = %d: the GPU debt must be repaid within the contract's term",
					c.shown(sc, "gpu_debt_tenor_years", raw.GPUDebtTenorYears.v), h.GPUTermYears)
			} else {
				h.GPUDebtTenorYears = v
			}
		}
	}
}

// onlyWith refuses [finance] keys that only another key's setting uses.
func (c *checker) onlyWith(sc scope, has bool, setting string, keys []keyLeaf) {
	if has {
		return
	}
	for _, k := range keys {
		if k.l != nil {
			c.add(sc, k.key, "%s: only with %s", c.shown(sc, k.key, k.l.v), setting)
		}
	}
}

// macrsClasses are the MACRS classes with a table (finance.MACRSClasses).
var macrsClasses = []int{5, 7, 15, 20, 39}

// macrsClassList is "5, 7, 15, 20 or 39".
func macrsClassList() string {
	parts := make([]string, len(macrsClasses))
	for i, v := range macrsClasses {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// choiceIndex reads an optional choice key: the index of its value in
// names (0, the default, when absent or invalid).
func (c *checker) choiceIndex(sc scope, key string, l *leaf, names []string) int {
	v := c.choice(sc, key, l, names...)
	return max(0, slices.Index(names, v))
}
