package workbook

import (
	"fmt"
	"math"
	"strings"

	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/proforma"
	"github.com/gridflip/gridflip/sites"
)

// firstCol is the column of the first year (A labels, B figures).
const firstCol = 3

// Labels of the rows the portfolio sums.
const (
	rowYear          = "Year"
	rowRevenue       = "Lease revenue (USD)"
	rowPrepaid       = "  of which paid in advance (USD)"
	rowOpex          = "Opex (USD)"
	rowEBITDA        = "EBITDA (USD)"
	rowCapex         = "Capex (USD)"
	rowSunk          = "  of which spent before the valuation date (USD, out of the NPV)"
	rowDraw          = "Debt draw (USD)"
	rowInterest      = "Interest (USD)"
	rowPrincipal     = "Principal (USD)"
	rowDepreciation  = "Depreciation (USD)"
	rowTax           = "Tax (USD)"
	rowCFADS         = "CFADS (USD)"
	rowPrepayment    = "Prepayment received (USD)"
	rowTerminal      = "Terminal value (USD)"
	rowExitDebt      = "Debt repaid at exit (USD)"
	rowProjectCF     = "Project cash flow (USD)"
	rowEquityCF      = "Equity cash flow (USD)"
	rowDebtService   = "Debt service (USD)"
	rowDSCR          = "DSCR"
	rowDiscount      = "Discount factor at the valuation date (year end)"
	rowPV            = "Present value of the project cash flow (USD)"
	rowServiceYear   = "Year of service"
	rowOwnLease      = "Own lease (1: within the term; 0: re-let at the market's lease) [input: the plan's term]"
	rowHours         = "Hours in the year [input: the plan's hours]"
	rowOccupancy     = "Occupancy"
	rowEnergy        = "Energy and coincident-peak charges at full occupancy (USD) [input: from the hourly dispatch]"
	rowFixedOM       = "Fixed O&M (USD)"
	rowTaxable       = "Taxable income (USD)"
	rowLoss          = "Tax losses carried forward (USD)"
	rowFacilityCapex = "Facility capex, compounded at the WACC to the year end (USD)"
	rowGPUCapex      = "GPU capex (USD)"
)

// sheetRows assigns rows to labels as a sheet is laid out.
type sheetRows struct {
	b     *book
	sheet string
	next  int
	at    map[string]int
}

// row declares the next row with its label and returns its number.
func (s *sheetRows) row(label string) int {
	s.next++
	if _, dup := s.at[label]; dup {
		s.b.fail(fmt.Errorf("sheet %q: row %q twice", s.sheet, label))
	}
	s.at[label] = s.next
	s.b.put(s.sheet, 1, s.next, label)
	return s.next
}

// gap leaves an empty row, or a section title.
func (s *sheetRows) gap(title string) {
	s.next++
	if title != "" {
		s.b.put(s.sheet, 1, s.next, title)
		s.b.fail(s.b.f.SetCellStyle(s.sheet, cell(1, s.next), cell(1, s.next), s.b.styles.bold))
	}
}

// hallSheet is a laid-out hall sheet, for the portfolio's sums.
type hallSheet struct {
	name      string
	built     bool
	firstYear int
	cols      int
	rows      map[string]int
	minDSCR   string // the cell of its Min DSCR
}

// ref is the cell of a row's year on the sheet, "" outside its years.
func (h *hallSheet) ref(label string, year int) string {
	j := year - h.firstYear
	if j < 0 || j >= h.cols {
		return ""
	}
	return quote(h.name) + cell(firstCol+j, h.rows[label])
}

// spendTerm is a part of the facility's capex: its share of the owner's
// capex and the months it compounds to its line's year end; sunk when
// spent before the valuation date.
type spendTerm struct {
	share           string
	monthsToYearEnd int
	sunk            bool
}

// hall writes one hall's sheet.
func (b *book) hall(name string, h hallInput) (*hallSheet, error) {
	spec, res := h.spec, h.res
	pf := &res.ProForma
	if len(pf.Lines) == 0 {
		return nil, fmt.Errorf("no pro forma lines")
	}
	project := proforma.ProjectOf(spec, b.c.Finance, h.hp)
	years := h.hp.Years
	n := len(years)
	first, start := pf.Lines[0].Year, years[0].Year
	cols := len(pf.Lines)
	if start-first+n != cols {
		return nil, fmt.Errorf("%d pro forma lines for %d years from %d, the first line %d", cols, n, start, first)
	}
	gpu := spec.Offer == sites.OfferGPUCloud
	k := func(key string) string { return b.a(HallKey(res.SiteID, res.HallID, key)) }
	R, K0 := b.a("finance.discount_rate"), b.a("horizon.start_year")
	s := &sheetRows{b: b, sheet: name, at: map[string]int{}}
	last := firstCol + cols - 1
	op0 := firstCol + start - first // the column of the first year of service
	eve := op0 - 1
	isOp := func(c int) bool { return c >= op0 }
	col := func(c int) string { return colName(c) }

	// Header and scalars.
	yr := s.row(rowYear)
	for j := range cols {
		b.put(name, firstCol+j, yr, first+j)
	}
	b.fail(b.f.SetCellStyle(name, cell(1, yr), cell(last, yr), b.styles.bold))
	b.put(name, 2, s.row("Hall"), res.SiteID+"/"+res.HallID)
	built := "no: valued as if it entered service in its earliest year"
	if res.Built {
		built = "yes"
	}
	b.put(name, 2, s.row("Built by the plan"), built)
	b.put(name, 2, s.row("Service year"), start)

	// Figures (column B), filled below.
	s.gap("")
	npvRow := s.row(LabelNPV)
	pirrRow := s.row(LabelProjectIRR)
	eirrRow := s.row(LabelEquityIRR)
	dscrRow := s.row(LabelMinDSCR)
	b.style(name, npvRow, 2, 2, b.styles.money)
	b.style(name, pirrRow, 2, 3, b.styles.rate)
	b.style(name, dscrRow, 2, 2, b.styles.ratio)

	// Operations.
	s.gap("Operations")
	svc := s.row(rowServiceYear)
	own := s.row(rowOwnLease)
	hrs := s.row(rowHours)
	occ := s.row(rowOccupancy)
	rev := s.row(rowRevenue)
	pre := s.row(rowPrepaid)
	nrg := s.row(rowEnergy)
	fom := s.row(rowFixedOM)
	opx := s.row(rowOpex)
	ebd := s.row(rowEBITDA)
	s.gap("Construction")
	fcx := s.row(rowFacilityCapex)
	gcx := s.row(rowGPUCapex)
	cpx := s.row(rowCapex)
	snk := s.row(rowSunk)
	drw := s.row(rowDraw)
	prp := s.row(rowPrepayment)
	s.gap("Debt, depreciation and tax")
	itr := s.row(rowInterest)
	prn := s.row(rowPrincipal)
	dep := s.row(rowDepreciation)
	txb := s.row(rowTaxable)
	tax := s.row(rowTax)
	los := s.row(rowLoss)
	s.gap("Cash flows")
	cfa := s.row(rowCFADS)
	dsv := s.row(rowDebtService)
	dsc := s.row(rowDSCR)
	tv := s.row(rowTerminal)
	exd := s.row(rowExitDebt)
	cfp := s.row(rowProjectCF)
	cfe := s.row(rowEquityCF)
	df := s.row(rowDiscount)
	pv := s.row(rowPV)

	// Scalars of construction, debt and depreciation (column B).
	s.gap("Construction and debt at service start (column B)")
	ownerRow := s.row("Owner's facility capex (USD) = capex_usd_per_mw × (1 − tenant_funded_capex_share) × it_mw")
	prinRow := s.row("Facility debt at service start, with interest capitalized monthly (USD)")
	capintRow := s.row("  of which capitalized interest (USD)")
	basisRow := s.row("Facility depreciation basis (USD) = capex spent + capitalized interest")
	payRow := s.row("Facility debt level payment (USD a year)")
	slyRow := s.row("Straight-line depreciation years (at most the hall's life)")
	bonusRow := s.row("MACRS bonus depreciation (USD)")
	gprinRow := s.row("GPU debt (USD)")
	gpayRow := s.row("GPU debt level payment (USD a year)")
	shiftRow := s.row("Operating flows' timing factor (mid_year: √(1+WACC))")
	// Debt sized to a DSCR (debt_sizing = "dscr", fixed when the workbook
	// is written): the loan-to-cost, what the DSCR repays and the scale of
	// the sculpted service. What the DSCR repays reads the CFADS, which
	// reads the interest on that debt: gridflip's value is an input, and a
	// check row recomputes it from the sheet (the two agree until an input
	// changes; Goal Seek on it then restores them).
	sculpted := b.fin.Terms.DebtSizing == finance.SculptedDSCR
	var ltcRow, capRow, checkRow, scaleRow int
	if sculpted {
		ltcRow = s.row("Facility debt at debt_share of the capex, with interest capitalized monthly (USD)")
		capRow = s.row("Debt the DSCR repays (USD) [input: gridflip's, where it equals the check below]")
		checkRow = s.row("  check: the service the DSCR allows at the debt rate, at the end of the interest-only years (USD)")
		scaleRow = s.row("Sculpted service ÷ the service allowed (debt ÷ what the DSCR repays)")
	}
	B := func(row int) string { return "$B$" + fmt.Sprint(row) }
	OWNER, PRIN, BASIS, PAY, SLY, BONUS, GPRIN, GPAY, SHIFT := B(ownerRow), B(prinRow), B(basisRow), B(payRow), B(slyRow), B(bonusRow), B(gprinRow), B(gpayRow), B(shiftRow)

	// Loans and depreciation parts.
	s.gap("Facility debt")
	fOpen := s.row("Facility debt at the start of the year (USD)")
	fInt := s.row("Facility interest (USD)")
	fPrin := s.row("Facility principal (USD)")
	fClose := s.row("Facility debt at the end of the year (USD)")
	s.gap("GPU debt")
	gOpen := s.row("GPU debt at the start of the year (USD)")
	gInt := s.row("GPU interest (USD)")
	gPrin := s.row("GPU principal (USD)")
	gClose := s.row("GPU debt at the end of the year (USD)")
	var allowRow, allowPVRow int
	if sculpted {
		s.gap("Debt sized to the DSCR")
		allowRow = s.row("Service the DSCR allows: CFADS ÷ sizing_dscr − GPU debt service, in the amortizing years (USD)")
		allowPVRow = s.row("  its present value at the debt rate, at the end of the interest-only years (USD)")
	}
	s.gap("Depreciation")
	mRate := s.row("MACRS rate of the hall's class [input: IRS Publication 946 table]")
	fDep := s.row("Facility depreciation (USD)")
	gDep := s.row("GPU depreciation (USD)")

	// The spends of the facility's capex.
	owner := spec.OwnerCapexUSDPerMW() * spec.ITMW
	terms := map[int][]spendTerm{}
	var shares []string
	for _, sp := range project.Capex {
		share := "0"
		if owner != 0 {
			share = shareText(sp.USD/owner, len(project.Capex))
		}
		month := start*12 - sp.MonthsBeforeService
		next := ceilDiv(month, 12) * 12
		line := next/12 - 1
		terms[line] = append(terms[line], spendTerm{share: share, monthsToYearEnd: next - month, sunk: month < b.fin.FirstYear*12})
		shares = append(shares, share)
	}
	compounded := func(ts []spendTerm, onlySunk bool) string {
		var parts []string
		for _, t := range ts {
			if onlySunk && !t.sunk {
				continue
			}
			parts = append(parts, fmt.Sprintf("%s*(1+%s)^(%d/12)", t.share, R, t.monthsToYearEnd))
		}
		if len(parts) == 0 {
			return "0"
		}
		return OWNER + "*(" + strings.Join(parts, "+") + ")"
	}
	spent := OWNER + "*(" + strings.Join(append(shares, "0"), "+") + ")"
	var atService []string
	for _, sp := range project.Capex {
		share := "0"
		if owner != 0 {
			share = shareText(sp.USD/owner, len(project.Capex))
		}
		atService = append(atService, fmt.Sprintf("%s*(1+%s/12)^%d", share, b.a("finance.debt_rate"), sp.MonthsBeforeService))
	}
	DS, DR := b.a("finance.debt_share"), b.a("finance.debt_rate")
	T, IO := b.a("finance.debt_tenor_years"), b.a("finance.interest_only_years")
	b.put(name, 2, ownerRow, fmt.Sprintf("=%s*(1-%s)*%s", k("capex_usd_per_mw"), k("tenant_funded_capex_share"), k("it_mw")))
	loanToCost := fmt.Sprintf("%s*%s*(%s)", DS, OWNER, strings.Join(append(atService, "0"), "+"))
	drawShare := DS // of the facility capex spent
	if sculpted {
		LTC, CAP := B(ltcRow), B(capRow)
		b.put(name, 2, ltcRow, "="+loanToCost)
		b.put(name, 2, capRow, pf.DebtCapacityUSD)
		b.put(name, 2, checkRow, fmt.Sprintf("=SUM(%s:%s)", cell(firstCol, allowPVRow), cell(firstCol+cols-1, allowPVRow)))
		b.style(name, checkRow, 2, 2, b.styles.money)
		b.put(name, 2, prinRow, fmt.Sprintf("=MIN(%s,%s)", LTC, CAP))
		b.put(name, 2, scaleRow, fmt.Sprintf("=IF(%s>0,%s/%s,0)", CAP, PRIN, CAP))
		b.style(name, ltcRow, 2, 2, b.styles.money)
		b.style(name, capRow, 2, 2, b.styles.money)
		drawShare = fmt.Sprintf("IF(%s>0,%s*%s/%s,0)", LTC, DS, PRIN, LTC)
	} else {
		b.put(name, 2, prinRow, "="+loanToCost)
	}
	b.put(name, 2, capintRow, fmt.Sprintf("=%s-%s*%s", PRIN, drawShare, spent))
	b.put(name, 2, basisRow, fmt.Sprintf("=%s+%s", spent, B(capintRow)))
	if sculpted {
		b.put(name, 2, payRow, "none: the service is sculpted (Debt sized to the DSCR, below)")
	} else {
		b.put(name, 2, payRow, levelPayment(PRIN, DR, fmt.Sprintf("(%s-%s)", T, IO)))
	}
	b.put(name, 2, slyRow, fmt.Sprintf("=MIN(%s,%d)", b.a("finance.depreciation_years"), n))
	b.put(name, 2, bonusRow, fmt.Sprintf(`=IF(AND(%s="macrs",%s<=%d),%s*%s,0)`, b.a("finance.depreciation"), k("macrs_class_years"),
		finance.MaxBonusClassYears, b.a("finance.bonus_depreciation_share"), BASIS))
	GPUCAPEX, GDS, GT, GREV, GPRE := "0", "0", "0", "0", "0"
	if gpu {
		GPUCAPEX, GDS, GT = k("gpu_capex_usd"), k("gpu_debt_share"), k("gpu_debt_tenor_years")
		GREV, GPRE = k("gpu_revenue_usd_per_year"), k("customer_prepayment_share")
	}
	b.put(name, 2, gprinRow, fmt.Sprintf("=%s*%s", GDS, GPUCAPEX))
	b.put(name, 2, gpayRow, levelPayment(GPRIN, DR, GT))
	b.put(name, 2, shiftRow, fmt.Sprintf(`=IF(%s="mid_year",SQRT(1+%s),1)`, b.a("finance.cash_flow_timing"), R))
	for _, r := range []int{ownerRow, prinRow, capintRow, basisRow, payRow, bonusRow, gprinRow, gpayRow} {
		b.style(name, r, 2, 2, b.styles.money)
	}

	lease := k("lease_usd_per_kw_month")
	if spec.Flexibility == sites.FlexCurtailable {
		lease = "(" + lease + "-" + k("lease_discount_usd_per_kw_month") + ")"
	}
	ownRevenue := fmt.Sprintf("%s*12000*%s", lease, k("it_mw"))
	if gpu {
		ownRevenue = GREV
	}
	rates := macrsRates(spec.MACRSClass())
	L := k("lease_up_years")
	for c := firstCol; c <= last; c++ {
		C := func(row int) string { return col(c) + fmt.Sprint(row) }
		P := func(row int) string { return col(c-1) + fmt.Sprint(row) } // the year before
		j := c - firstCol
		year := first + j
		if !isOp(c) {
			for _, r := range []int{rev, pre, nrg, fom, opx, ebd, itr, prn, dep, txb, tax, los, cfa, dsv, fInt, fPrin, gInt, gPrin, fDep, gDep} {
				b.put(name, c, r, 0)
			}
			b.put(name, c, dsc, "")
		}
		// Construction (every column: the eve's capex holds the GPUs).
		fc := compounded(terms[year], false)
		b.put(name, c, fcx, "="+fc)
		gc := "0"
		if c == eve && gpu {
			gc = GPUCAPEX
		}
		b.put(name, c, gcx, "="+gc)
		b.put(name, c, cpx, fmt.Sprintf("=%s+%s", C(fcx), C(gcx)))
		sunk := compounded(terms[year], true)
		if c == eve && gpu && start < b.fin.FirstYear {
			sunk += "+" + C(gcx)
		}
		b.put(name, c, snk, "="+sunk)
		b.put(name, c, drw, fmt.Sprintf("=%s*%s+%s*%s", drawShare, C(fcx), GDS, C(gcx)))
		if c == eve {
			b.put(name, c, prp, fmt.Sprintf("=SUM(%s:%s)", cell(op0, pre), cell(last, pre)))
		} else {
			b.put(name, c, prp, 0)
		}
		if !isOp(c) {
			b.put(name, c, tv, 0)
			b.put(name, c, exd, 0)
			b.put(name, c, fOpen, 0)
			b.put(name, c, fClose, 0)
			if sculpted {
				b.put(name, c, allowRow, 0)
				b.put(name, c, allowPVRow, 0)
			}
			b.put(name, c, gOpen, 0)
			b.put(name, c, gClose, 0)
			b.put(name, c, mRate, 0)
		} else {
			i := c - op0
			y := years[i]
			b.put(name, c, svc, i+1)
			ownFlag := 0
			if y.OwnLease {
				ownFlag = 1
			}
			b.put(name, c, own, ownFlag)
			b.put(name, c, hrs, y.Hours)
			b.put(name, c, occ, fmt.Sprintf("=IF(OR(%s<=1,%s>=%s),%s,%s+(%s-%s)*(%s-1)/(%s-1))", L, C(svc), L,
				k("occupancy"), k("occupancy_start"), k("occupancy"), k("occupancy_start"), C(svc), L))
			yearFrac := C(hrs) + "/8760"
			b.put(name, c, rev, fmt.Sprintf("=IF(%s=1,%s*(1+%s)^(%s-1),%s*12000*%s)*%s*%s", C(own), ownRevenue, k("lease_escalator_per_year"), C(svc),
				b.a("market.ai_lease_usd_per_kw_month"), k("it_mw"), yearFrac, C(occ)))
			b.put(name, c, pre, fmt.Sprintf("=IF(%s=1,%s*%s,0)", C(own), GPRE, C(rev)))
			fixedPlan := spec.FixedOMUSDPerMWYear * spec.ITMW * float64(y.Hours) / optimize.HoursPerYear
			occupancy := spec.OccupancyIn(i + 1)
			energy := 0.0
			if occupancy > 0 {
				energy = (y.OpexUSD - fixedPlan) / occupancy
			}
			b.put(name, c, nrg, energy)
			b.put(name, c, fom, fmt.Sprintf("=%s*%s*%s*(1+%s)^(%s-1)", k("fixed_om_usd_per_mw_year"), k("it_mw"), yearFrac,
				b.a("finance.opex_escalator_per_year"), C(svc)))
			b.put(name, c, opx, fmt.Sprintf("=%s*%s+%s", C(nrg), C(occ), C(fom)))
			b.put(name, c, ebd, fmt.Sprintf("=%s-%s", C(rev), C(opx)))
			// Loans.
			if c == op0 {
				b.put(name, c, fOpen, "="+PRIN)
				b.put(name, c, gOpen, "="+GPRIN)
			} else {
				b.put(name, c, fOpen, "="+P(fClose))
				b.put(name, c, gOpen, "="+P(gClose))
			}
			loanRows(b, name, C, C(svc), GT, "0", DR, GPAY, gOpen, gInt, gPrin, gClose)
			if sculpted {
				amortizing := fmt.Sprintf("AND(%s>%s,%s<=%s)", C(svc), IO, C(svc), T)
				b.put(name, c, allowRow, fmt.Sprintf("=IF(%s,MAX(0,%s/%s-%s-%s),0)", amortizing, C(cfa), b.a("finance.sizing_dscr"), C(gInt), C(gPrin)))
				b.put(name, c, allowPVRow, fmt.Sprintf("=%s/(1+%s)^(%s-%s)", C(allowRow), DR, C(svc), IO))
				sculptedLoanRows(b, name, C, C(svc), T, IO, DR, C(allowRow)+"*"+B(scaleRow), fOpen, fInt, fPrin, fClose)
			} else {
				loanRows(b, name, C, C(svc), T, IO, DR, PAY, fOpen, fInt, fPrin, fClose)
			}
			b.put(name, c, itr, fmt.Sprintf("=%s+%s", C(fInt), C(gInt)))
			b.put(name, c, prn, fmt.Sprintf("=%s+%s", C(fPrin), C(gPrin)))
			// Depreciation.
			rate := 0.0
			if i < len(rates) {
				rate = rates[i]
			}
			b.put(name, c, mRate, rate)
			switch {
			case c == last && c == op0: // one year: all of it
				b.put(name, c, fDep, "="+BASIS)
				b.put(name, c, gDep, "="+GPUCAPEX)
			case c == last: // what is left is written off in the last year
				b.put(name, c, fDep, fmt.Sprintf("=%s-SUM(%s:%s)", BASIS, cell(op0, fDep), cell(c-1, fDep)))
				b.put(name, c, gDep, fmt.Sprintf("=%s-SUM(%s:%s)", GPUCAPEX, cell(op0, gDep), cell(c-1, gDep)))
			default:
				b.put(name, c, fDep, fmt.Sprintf(`=IF(%s="macrs",(%s-%s)*%s+IF(%s=1,%s,0),IF(%s<=%s,%s/%s,0))`, b.a("finance.depreciation"),
					BASIS, BONUS, C(mRate), C(svc), BONUS, C(svc), SLY, BASIS, SLY))
				b.put(name, c, gDep, fmt.Sprintf("=IF(%s<=%s,%s/%s,0)", C(svc), b.a("finance.gpu_depreciation_years"), GPUCAPEX, b.a("finance.gpu_depreciation_years")))
			}
			b.put(name, c, dep, fmt.Sprintf("=%s+%s", C(fDep), C(gDep)))
			// Tax, losses carried forward.
			lossPrev := "0"
			if c > op0 {
				lossPrev = P(los)
			}
			b.put(name, c, txb, fmt.Sprintf("=%s-%s-%s", C(ebd), C(dep), C(itr)))
			b.put(name, c, tax, fmt.Sprintf("=IF(%s>%s,%s*(%s-%s),0)", C(txb), lossPrev, b.a("finance.tax_rate"), C(txb), lossPrev))
			b.put(name, c, los, fmt.Sprintf("=IF(%s>%s,0,%s-%s)", C(txb), lossPrev, lossPrev, C(txb)))
			b.put(name, c, cfa, fmt.Sprintf("=%s-%s-%s", C(ebd), C(tax), C(pre)))
			b.put(name, c, dsv, fmt.Sprintf("=%s+%s", C(itr), C(prn)))
			b.put(name, c, dsc, fmt.Sprintf(`=IF(%s>0,%s/%s,"")`, C(dsv), C(cfa), C(dsv)))
			if c == last {
				noi := fmt.Sprintf("(%s-%s)", C(ebd), C(pre))
				b.put(name, c, tv, fmt.Sprintf(`=IF(%s="exit_multiple",MAX(0,%s*%s),IF(%s="perpetuity",MAX(0,%s*(1+%s)/(%s-%s)),0))`,
					b.a("finance.terminal_value"), b.a("finance.exit_multiple"), noi, b.a("finance.terminal_value"), noi,
					b.a("finance.terminal_growth"), R, b.a("finance.terminal_growth")))
				b.put(name, c, exd, fmt.Sprintf("=IF(%s<1E-9*%s,0,%s)+IF(%s<1E-9*%s,0,%s)", C(fClose), PRIN, C(fClose), C(gClose), GPRIN, C(gClose)))
			} else {
				b.put(name, c, tv, 0)
				b.put(name, c, exd, 0)
			}
		}
		b.put(name, c, cfp, fmt.Sprintf("=%s-%s+%s+%s", C(cfa), C(cpx), C(prp), C(tv)))
		b.put(name, c, cfe, fmt.Sprintf("=%s+%s-%s-%s-%s", C(cfp), C(drw), C(itr), C(prn), C(exd)))
		b.put(name, c, df, fmt.Sprintf("=(1+%s)^(-(%s-%s+1))", R, C(yr), K0))
		b.put(name, c, pv, fmt.Sprintf("=IF(%s>=%s-1,(%s-%s+%s+%s)*%s+%s*%s*%s,0)", C(yr), K0,
			C(snk), C(cpx), C(prp), C(tv), C(df), C(cfa), C(df), SHIFT))
	}
	for _, r := range []int{rev, pre, nrg, fom, opx, ebd, fcx, gcx, cpx, snk, drw, prp, itr, prn, dep, txb, tax, los, cfa, dsv, tv, exd, cfp, cfe, pv,
		fOpen, fInt, fPrin, fClose, gOpen, gInt, gPrin, gClose, fDep, gDep} {
		b.style(name, r, firstCol, last, b.styles.money)
	}
	if sculpted {
		b.style(name, allowRow, firstCol, last, b.styles.money)
		b.style(name, allowPVRow, firstCol, last, b.styles.money)
	}
	b.style(name, occ, firstCol, last, b.styles.rate)
	b.style(name, dsc, firstCol, last, b.styles.ratio)

	fig := figureRows{npv: npvRow, projectIRR: pirrRow, equityIRR: eirrRow, minDSCR: dscrRow}
	b.figures(s, fig, cols, flowRows{cfads: cfa, interest: itr, principal: prn, projectCF: cfp, equityCF: cfe, dscr: dsc, pv: pv})
	return &hallSheet{name: name, built: res.Built, firstYear: first, cols: cols, rows: s.at, minDSCR: quote(name) + cell(2, dscrRow)}, nil
}

// loanRows writes a loan's year: interest on the debt outstanding within
// the tenor, level payments after the interest-only years.
func loanRows(b *book, sheet string, C func(int) string, svc, tenor, io, rate, payment string, open, interest, principal, close int) {
	c := C(open)
	b.put(sheet, colOf(c), interest, fmt.Sprintf("=IF(AND(%s<=%s,%s>0),%s*%s,0)", svc, tenor, c, rate, c))
	b.put(sheet, colOf(c), principal, fmt.Sprintf("=IF(AND(%s<=%s,%s>%s,%s>0),MIN(%s,%s-%s),0)", svc, tenor, svc, io, c, c, payment, C(interest)))
	b.put(sheet, colOf(c), close, fmt.Sprintf("=%s-%s", c, C(principal)))
}

// sculptedLoanRows writes a sculpted loan's year: interest on the debt
// outstanding within the tenor, and after the interest-only years a
// principal of the service less the interest (negative, interest
// capitalized, when the service cannot pay it).
func sculptedLoanRows(b *book, sheet string, C func(int) string, svc, tenor, io, rate, service string, open, interest, principal, close int) {
	c := C(open)
	b.put(sheet, colOf(c), interest, fmt.Sprintf("=IF(%s<=%s,%s*%s,0)", svc, tenor, rate, c))
	b.put(sheet, colOf(c), principal, fmt.Sprintf("=IF(AND(%s<=%s,%s>%s),%s-%s,0)", svc, tenor, svc, io, service, C(interest)))
	b.put(sheet, colOf(c), close, fmt.Sprintf("=%s-%s", c, C(principal)))
}

// colOf is the column number of an A1 reference.
func colOf(ref string) int {
	letters := strings.TrimRightFunc(ref, func(r rune) bool { return r >= '0' && r <= '9' })
	n := 0
	for _, r := range letters {
		n = n*26 + int(r-'A'+1)
	}
	return n
}

// levelPayment is the formula of the level payment repaying principal
// over n years at rate (finance.LevelPayment).
func levelPayment(principal, rate, n string) string {
	return fmt.Sprintf("=IF(OR(%s<=0,%s<=0),0,IF(%s=0,%s/%s,%s*%s*(1+%s)^%s/((1+%s)^%s-1)))",
		principal, n, rate, principal, n, principal, rate, rate, n, rate, n)
}

// shareText is a part's share of the owner's capex: "1/n" for the equal
// parts of a build of n months.
func shareText(share float64, parts int) string {
	switch {
	case share == 1:
		return "1"
	case parts > 1 && math.Abs(share*float64(parts)-1) < 1e-12:
		return fmt.Sprintf("1/%d", parts)
	}
	return num(share)
}

// ceilDiv is ⌈a/b⌉ for b > 0 (as package finance books capex).
func ceilDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a > 0 {
		q++
	}
	return q
}
