package workbook

import (
	"fmt"
	"strings"
)

// figureRows are the rows whose column B holds a sheet's figures.
type figureRows struct{ npv, projectIRR, equityIRR, minDSCR int }

// flowRows are the rows the figures are computed from.
type flowRows struct{ cfads, interest, principal, projectCF, equityCF, dscr, pv int }

// figures writes a sheet's NPV, IRRs and minimum DSCR over its cols
// years, and the rows the IRRs need: the flows in half-year slots from
// the start of the first year (a year's operating flows in its middle
// with mid_year timing, the rest at its end) and the count of sign
// changes of the years' flows (an IRR only when they change sign once,
// as package finance reports it).
func (b *book) figures(s *sheetRows, fig figureRows, cols int, fl flowRows) {
	name := s.sheet
	last := firstCol + cols - 1
	row := func(r int) string { return fmt.Sprintf("%s:%s", cell(firstCol, r), cell(last, r)) }
	b.put(name, 2, fig.npv, fmt.Sprintf("=SUM(%s)", row(fl.pv)))
	if fig.minDSCR > 0 {
		b.put(name, 2, fig.minDSCR, fmt.Sprintf(`=IF(COUNT(%s)=0,"none",MIN(%s))`, row(fl.dscr), row(fl.dscr)))
	}
	mid := fmt.Sprintf(`%s="mid_year"`, b.a("finance.cash_flow_timing"))
	irr := func(what string, cf int, op func(c int) string, out int) {
		s.gap("IRR of the " + what + " cash flow")
		sign := s.row("Sign of the " + what + " cash flow's last nonzero year")
		changes := s.row("Sign changes of the " + what + " cash flow so far (an IRR only with exactly 1)")
		slots := s.row("The " + what + " cash flow in half-year slots from the start of the first year (columns C on: 0, then each year's middle and end)")
		b.put(name, firstCol, slots, 0)
		for j := range cols {
			c := firstCol + j
			C := func(r int) string { return cell(c, r) }
			if j == 0 {
				b.put(name, c, sign, fmt.Sprintf("=SIGN(%s)", C(cf)))
				b.put(name, c, changes, 0)
			} else {
				prev := cell(c-1, sign)
				b.put(name, c, sign, fmt.Sprintf("=IF(SIGN(%s)<>0,SIGN(%s),%s)", C(cf), C(cf), prev))
				b.put(name, c, changes, fmt.Sprintf("=%s+IF(AND(SIGN(%s)<>0,%s<>0,SIGN(%s)<>%s),1,0)", cell(c-1, changes), C(cf), prev, C(cf), prev))
			}
			o := op(c)
			b.put(name, firstCol+2*j+1, slots, fmt.Sprintf("=IF(%s,%s,0)", mid, o))
			b.put(name, firstCol+2*j+2, slots, fmt.Sprintf("=%s-(%s)+IF(%s,0,%s)", C(cf), o, mid, o))
		}
		b.style(name, slots, firstCol, firstCol+2*cols, b.styles.money)
		b.put(name, 2, out, fmt.Sprintf(`=IF(%s=1,(1+IRR(%s:%s))^2-1,"none")`, cell(last, changes),
			cell(firstCol, slots), cell(firstCol+2*cols, slots)))
	}
	irr("project", fl.projectCF, func(c int) string { return cell(c, fl.cfads) }, fig.projectIRR)
	irr("equity", fl.equityCF, func(c int) string {
		return fmt.Sprintf("%s-%s-%s", cell(c, fl.cfads), cell(c, fl.interest), cell(c, fl.principal))
	}, fig.equityIRR)
}

// portfolio writes the portfolio sheet: the built halls' lines summed
// year by year, and the figures of the sum; its Min DSCR is the lowest of
// the halls' own (lenders size each hall alone).
func (b *book) portfolio(halls []*hallSheet) {
	name := PortfolioSheet
	var built []*hallSheet
	first, end := 0, 0
	for _, h := range halls {
		if !h.built {
			continue
		}
		if len(built) == 0 || h.firstYear < first {
			first = h.firstYear
		}
		end = max(end, h.firstYear+h.cols)
		built = append(built, h)
	}
	s := &sheetRows{b: b, sheet: name, at: map[string]int{}}
	yr := s.row(rowYear)
	b.put(name, 2, s.row("Scope"), "portfolio: every hall the plan builds")
	s.gap("")
	fig := figureRows{npv: s.row(LabelNPV), projectIRR: s.row(LabelProjectIRR), equityIRR: s.row(LabelEquityIRR), minDSCR: s.row(LabelMinDSCR)}
	pooled := s.row("Pooled min DSCR (of the summed lines)")
	b.style(name, fig.npv, 2, 2, b.styles.money)
	b.style(name, fig.projectIRR, 2, 3, b.styles.rate)
	b.style(name, fig.minDSCR, 2, 2, b.styles.ratio)
	if len(built) == 0 {
		b.put(name, 2, fig.npv, 0)
		for _, r := range []int{fig.projectIRR, fig.equityIRR, fig.minDSCR, pooled} {
			b.put(name, 2, r, "none")
		}
		b.put(name, 1, s.next+2, "The plan builds no hall.")
		return
	}
	cols := end - first
	last := firstCol + cols - 1
	for j := range cols {
		b.put(name, firstCol+j, yr, first+j)
	}
	b.fail(b.f.SetCellStyle(name, cell(1, yr), cell(last, yr), b.styles.bold))
	s.gap("The built halls' lines, summed")
	summed := map[string]int{}
	for _, label := range []string{rowRevenue, rowPrepaid, rowOpex, rowEBITDA, rowCapex, rowSunk, rowDraw, rowPrepayment,
		rowInterest, rowPrincipal, rowDepreciation, rowTax, rowCFADS, rowTerminal, rowExitDebt, rowProjectCF, rowEquityCF} {
		r := s.row(label)
		summed[label] = r
		for j := range cols {
			var refs []string
			for _, h := range built {
				if ref := h.ref(label, first+j); ref != "" {
					refs = append(refs, ref)
				}
			}
			b.put(name, firstCol+j, r, "="+strings.Join(append(refs, "0"), "+"))
		}
		b.style(name, r, firstCol, last, b.styles.money)
	}
	s.gap("The portfolio's figures")
	dsv, dsc, df, pv := s.row(rowDebtService), s.row(rowDSCR), s.row(rowDiscount), s.row(rowPV)
	R, K0 := b.a("finance.discount_rate"), b.a("horizon.start_year")
	shift := fmt.Sprintf(`IF(%s="mid_year",SQRT(1+%s),1)`, b.a("finance.cash_flow_timing"), R)
	for j := range cols {
		c := firstCol + j
		C := func(label string) string { return cell(c, summed[label]) }
		b.put(name, c, dsv, fmt.Sprintf("=%s+%s", C(rowInterest), C(rowPrincipal)))
		b.put(name, c, dsc, fmt.Sprintf(`=IF(%s>0,%s/%s,"")`, cell(c, dsv), C(rowCFADS), cell(c, dsv)))
		b.put(name, c, df, fmt.Sprintf("=(1+%s)^(-(%s-%s+1))", R, cell(c, yr), K0))
		b.put(name, c, pv, fmt.Sprintf("=IF(%s>=%s-1,(%s-%s+%s+%s)*%s+%s*%s*%s,0)", cell(c, yr), K0,
			C(rowSunk), C(rowCapex), C(rowPrepayment), C(rowTerminal), cell(c, df), C(rowCFADS), cell(c, df), shift))
	}
	b.style(name, dsv, firstCol, last, b.styles.money)
	b.style(name, pv, firstCol, last, b.styles.money)
	b.style(name, dsc, firstCol, last, b.styles.ratio)
	b.figures(s, figureRows{npv: fig.npv, projectIRR: fig.projectIRR, equityIRR: fig.equityIRR}, cols,
		flowRows{cfads: summed[rowCFADS], interest: summed[rowInterest], principal: summed[rowPrincipal],
			projectCF: summed[rowProjectCF], equityCF: summed[rowEquityCF], dscr: dsc, pv: pv})
	b.put(name, 2, pooled, fmt.Sprintf(`=IF(COUNT(%s:%s)=0,"none",MIN(%s:%s))`, cell(firstCol, dsc), cell(last, dsc), cell(firstCol, dsc), cell(last, dsc)))
	s.gap("")
	own := s.row("Each built hall's own Min DSCR (columns C on)")
	for i, h := range built {
		b.put(name, firstCol+i, own, "="+h.minDSCR)
	}
	span := fmt.Sprintf("%s:%s", cell(firstCol, own), cell(firstCol+len(built)-1, own))
	b.put(name, 2, fig.minDSCR, fmt.Sprintf(`=IF(COUNT(%s)=0,"none",MIN(%s))`, span, span))
}
