package workbook_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/proforma"
	"github.com/gridflip/gridflip/proforma/workbook"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// EnvRequireLibreOffice makes a missing LibreOffice a failure (as CI=true
// does) instead of a skip.
const EnvRequireLibreOffice = "GRIDFLIP_REQUIRE_LIBREOFFICE"

// soffice finds LibreOffice: skipped locally when it is missing, a
// failure in CI.
func soffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" || os.Getenv(EnvRequireLibreOffice) == "1" {
		t.Fatalf("LibreOffice (soffice) is not on PATH: install it with `make setup-libreoffice`")
	}
	t.Skip("LibreOffice (soffice) is not on PATH (`make setup-libreoffice`; CI=true makes this a failure)")
	return ""
}

// recalc opens path in headless LibreOffice, which computes every
// formula (the workbook holds none of their values), saves it as xlsx
// with the values and returns it.
func recalc(t *testing.T, path string) *excelize.File {
	t.Helper()
	bin := soffice(t)
	dir := t.TempDir()
	profile := "file://" + filepath.Join(dir, "profile")
	out := filepath.Join(dir, "out")
	cmd := exec.Command(bin, "-env:UserInstallation="+profile, "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", out, path)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	require.NoError(t, cmd.Run(), "soffice: %s", log.String())
	f, err := excelize.OpenFile(filepath.Join(out, filepath.Base(path)))
	require.NoError(t, err, "soffice wrote no workbook: %s", log.String())
	t.Cleanup(func() { f.Close() })
	return f
}

// figures are a sheet's figures as the workbook holds them: a number or
// "none".
type figures map[string]string

// readFigures reads the Index and each listed sheet's figure rows.
func readFigures(t *testing.T, f *excelize.File) map[string]figures {
	t.Helper()
	index, err := f.GetRows(workbook.IndexSheet)
	require.NoError(t, err)
	out := map[string]figures{}
	for _, r := range index {
		require.Len(t, r, 2, "Index rows: sheet name, scope")
		rows, err := f.GetRows(r[0], excelize.Options{RawCellValue: true})
		require.NoError(t, err, "sheet %q", r[0])
		fig := figures{}
		for _, row := range rows {
			if len(row) >= 2 {
				switch row[0] {
				case workbook.LabelNPV, workbook.LabelProjectIRR, workbook.LabelEquityIRR, workbook.LabelMinDSCR:
					fig[row[0]] = row[1]
				}
			}
		}
		require.Len(t, fig, 4, "sheet %q holds the four figures", r[0])
		out[r[1]] = fig
	}
	return out
}

// solved is a case solved and its finance.
type solved struct {
	in   *optimize.Inputs
	plan *optimize.Plan
	fin  *proforma.Result
}

// solve plans the case at path as `gridflip plan` does.
func solve(t *testing.T, in *optimize.Inputs) solved {
	t.Helper()
	h := solvertest.HiGHS(t)
	plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{})
	require.NoError(t, err)
	fin, err := proforma.Build(in.Case, plan)
	require.NoError(t, err)
	return solved{in: in, plan: plan, fin: fin}
}

// load reads a case file.
func load(t *testing.T, path string) *optimize.Inputs {
	t.Helper()
	in, err := loader.Load(context.Background(), path, loader.Options{})
	require.NoError(t, err)
	return in
}

// write writes the workbook of s to a temporary file.
func write(t *testing.T, s solved) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "proforma.xlsx")
	var buf bytes.Buffer
	require.NoError(t, workbook.Write(context.Background(), &buf, s.in.Case, s.plan, s.fin))
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	return path
}

// counts tallies the figures compared, against a vacuous pass.
type counts struct{ npv, irr, dscr, none int }

// sameRate checks a workbook figure against gridflip's rate.
func sameRate(t *testing.T, what, got string, want finance.Rate, n *counts, dscr bool) {
	t.Helper()
	if !want.OK {
		require.Equal(t, "none", got, "%s: gridflip has none", what)
		n.none++
		return
	}
	sameNumber(t, what, got, want.Value)
	if dscr {
		n.dscr++
	} else {
		n.irr++
	}
}

// sameNumber checks a workbook figure within 1e-6 relative.
func sameNumber(t *testing.T, what, got string, want float64) {
	t.Helper()
	v, err := strconv.ParseFloat(got, 64)
	require.NoError(t, err, "%s: %q is not a number", what, got)
	require.InDelta(t, want, v, 1e-6*math.Max(math.Abs(want), 1e-3), "%s", what)
}

// compare checks every hall's and the portfolio's figures.
func compare(t *testing.T, got map[string]figures, fin *proforma.Result) counts {
	t.Helper()
	var n counts
	require.Len(t, got, len(fin.Halls)+1, "a sheet per hall and the portfolio")
	for _, h := range fin.Halls {
		scope := h.SiteID + "/" + h.HallID
		fig, ok := got[scope]
		require.True(t, ok, "a sheet for %s", scope)
		sameNumber(t, scope+" NPV", fig[workbook.LabelNPV], h.ProForma.NPVUSD)
		n.npv++
		sameRate(t, scope+" project IRR", fig[workbook.LabelProjectIRR], h.ProForma.ProjectIRR, &n, false)
		sameRate(t, scope+" equity IRR", fig[workbook.LabelEquityIRR], h.ProForma.EquityIRR, &n, false)
		sameRate(t, scope+" min DSCR", fig[workbook.LabelMinDSCR], h.ProForma.MinDSCR, &n, true)
	}
	p := got[workbook.PortfolioSheet]
	sameNumber(t, "portfolio NPV", p[workbook.LabelNPV], fin.Portfolio.ProForma.NPVUSD)
	sameRate(t, "portfolio project IRR", p[workbook.LabelProjectIRR], fin.Portfolio.ProForma.ProjectIRR, &n, false)
	sameRate(t, "portfolio equity IRR", p[workbook.LabelEquityIRR], fin.Portfolio.ProForma.EquityIRR, &n, false)
	sameRate(t, "portfolio min DSCR", p[workbook.LabelMinDSCR], fin.Portfolio.MinDSCR, &n, true)
	return n
}

// horizonCase writes the default case over a three-year horizon with
// project finance that exercises every part of the arithmetic: debt with
// interest-only years, MACRS with bonus, tax, mid-year timing, an exit
// multiple, an opex escalator, a lease escalator, a lease-up and a build
// whose capex compounds.
func horizonCase(t *testing.T, timing, depreciation, terminal string, finance ...string) string {
	t.Helper()
	root := filepath.Join("..", "..", "cases", "default")
	raw, err := os.ReadFile(filepath.Join(root, "case.toml"))
	require.NoError(t, err)
	prices, err := os.ReadFile(filepath.Join(root, "prices.csv"))
	require.NoError(t, err)
	text := string(raw)
	fin := "[finance]\ndiscount_rate = 0.07125   # project debt rate\nlife_years = 15\n"
	require.Contains(t, text, fin, "the default case's finance block")
	extra := map[string]string{"macrs": "bonus_depreciation_share = 0.4\n", "straight_line": "depreciation_years = 10\n",
		"exit_multiple": "exit_multiple = 9\n", "perpetuity": "terminal_growth = 0.02\n"}
	text = strings.Replace(text, fin, fmt.Sprintf(`[finance]
discount_rate = 0.09
life_years = 12
debt_share = 0.6
debt_rate = 0.07
debt_tenor_years = 8
interest_only_years = 2
tax_rate = 0.21
depreciation = %q
cash_flow_timing = %q
terminal_value = %q
opex_escalator_per_year = 0.025
target_equity_irr = 0.14
%s%s%s
[horizon]
start_year = 2026
years = 3
`, depreciation, timing, terminal, extra[depreciation], extra[terminal], strings.Join(finance, "\n")), 1)
	hall := "  id = \"hall-a\"\n"
	require.Contains(t, text, hall)
	text = strings.Replace(text, hall, hall+"  lease_escalator_per_year = 0.02\n  lease_up_years = 3\n  occupancy_start = 0.5\n  occupancy = 0.95\n  build_months = 14\n  lead_time_months = 14\n", 1)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "case.toml"), []byte(text), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "prices.csv"), overYears(t, prices, 2026, 3), 0o644))
	return filepath.Join(dir, "case.toml")
}

// overYears repeats a prices file's hours over years full calendar years
// from first (the bundled file is one 8,760-hour year).
func overYears(t *testing.T, prices []byte, first, years int) []byte {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(string(prices)), "\n")
	require.Greater(t, len(lines), 8000)
	header, rows := lines[0], lines[1:]
	var out strings.Builder
	out.WriteString(header + "\n")
	i := 0
	for at := time.Date(first, 1, 1, 0, 0, 0, 0, time.UTC); at.Year() < first+years; at = at.Add(time.Hour) {
		_, values, ok := strings.Cut(rows[i%len(rows)], ",")
		require.True(t, ok)
		out.WriteString(at.Format(time.RFC3339) + "," + values + "\n")
		i++
	}
	return []byte(out.String())
}

// TestWorkbookRecalculatesGridflipsFigures: LibreOffice recalculating the
// workbook gives every hall's and the portfolio's NPV, IRRs and minimum
// DSCR as gridflip computes them, within 1e-6 relative.
func TestWorkbookRecalculatesGridflipsFigures(t *testing.T) {
	soffice(t)
	for _, tc := range []struct {
		name string
		path func(t *testing.T) string
		// wantDebt: some hall has debt service (a DSCR to compare).
		wantDebt bool
		// wantSizedByDSCR: some hall's debt is sized by the DSCR, below
		// its loan-to-cost.
		wantSizedByDSCR bool
	}{
		{"default", func(*testing.T) string { return filepath.Join("..", "..", "cases", "default", "case.toml") }, false, false},
		{"horizon, mid-year, MACRS, exit multiple", func(t *testing.T) string {
			return horizonCase(t, "mid_year", "macrs", "exit_multiple")
		}, true, false},
		{"horizon, end of year, straight line, perpetuity", func(t *testing.T) string {
			return horizonCase(t, "end_of_year", "straight_line", "perpetuity")
		}, true, false},
		{"horizon, mid-year, MACRS, debt sized to a DSCR of 1.6", func(t *testing.T) string {
			return horizonCase(t, "mid_year", "macrs", "exit_multiple", `debt_sizing = "dscr"`, "sizing_dscr = 1.6", "min_dscr = 1.3")
		}, true, true},
		{"us-miners", func(*testing.T) string { return filepath.Join("..", "..", "cases", "us-miners", "case.toml") }, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := solve(t, load(t, tc.path(t)))
			require.NotEmpty(t, s.fin.Halls, "the case has halls to value")
			sized := 0
			for _, h := range s.fin.Halls {
				if h.ProForma.DebtSizedByDSCR {
					sized++
				}
			}
			if tc.wantSizedByDSCR {
				require.Positive(t, sized, "some hall's debt is sized by the DSCR")
			}
			got := readFigures(t, recalc(t, write(t, s)))
			n := compare(t, got, s.fin)
			t.Logf("compared %+v over %d halls (%d with debt sized by the DSCR)", n, len(s.fin.Halls), sized)
			require.Positive(t, n.npv)
			require.Positive(t, n.irr, "some IRR exists to compare")
			if tc.wantDebt {
				require.Positive(t, n.dscr, "some DSCR exists to compare")
			}
		})
	}
}

// TestChangingTheLeaseInTheWorkbook: a CFO who changes a hall's lease in
// the Assumptions sheet gets, once LibreOffice recalculates, the NPV (and
// IRRs) gridflip computes for a case with that lease.
func TestChangingTheLeaseInTheWorkbook(t *testing.T) {
	soffice(t)
	path := horizonCase(t, "mid_year", "macrs", "exit_multiple")
	base := solve(t, load(t, path))
	var hall *proforma.Hall
	for i := range base.fin.Halls {
		if base.fin.Halls[i].Built {
			hall = &base.fin.Halls[i]
			break
		}
	}
	require.NotNil(t, hall, "the plan builds a hall")
	scope := hall.SiteID + "/" + hall.HallID
	key := workbook.HallKey(hall.SiteID, hall.HallID, "lease_usd_per_kw_month")

	// gridflip with the new lease.
	in := load(t, path)
	var newLease float64
	for s := range in.Case.Sites {
		for h := range in.Case.Sites[s].Halls {
			spec := &in.Case.Sites[s].Halls[h]
			if in.Case.Sites[s].ID == hall.SiteID && spec.ID == hall.HallID {
				newLease = spec.LeaseUSDPerKWMonth + 15
				spec.LeaseUSDPerKWMonth, spec.LeaseOverridden = newLease, true
			}
		}
	}
	require.Positive(t, newLease)
	again := solve(t, in)
	var want *proforma.Hall
	for i := range again.fin.Halls {
		if h := &again.fin.Halls[i]; h.SiteID == hall.SiteID && h.HallID == hall.HallID {
			want = h
		}
	}
	require.NotNil(t, want)
	require.True(t, want.Built, "the hall is still built at the higher lease")
	require.Equal(t, hall.ServiceYear, want.ServiceYear, "and enters service in the same year")
	require.Greater(t, math.Abs(want.ProForma.NPVUSD-hall.ProForma.NPVUSD), 1e-3*math.Abs(hall.ProForma.NPVUSD), "the lease moves the NPV")

	// The workbook at the first lease, the lease changed in Assumptions.
	f, err := excelize.OpenFile(write(t, base))
	require.NoError(t, err)
	rows, err := f.GetRows(workbook.AssumptionsSheet)
	require.NoError(t, err)
	found := false
	for i, r := range rows {
		if len(r) > 1 && r[0] == key {
			require.NoError(t, f.SetCellValue(workbook.AssumptionsSheet, fmt.Sprintf("B%d", i+1), newLease))
			found = true
		}
	}
	require.True(t, found, "Assumptions holds %s", key)
	changed := filepath.Join(t.TempDir(), "proforma.xlsx")
	require.NoError(t, f.SaveAs(changed))
	require.NoError(t, f.Close())
	got := readFigures(t, recalc(t, changed))[scope]
	sameNumber(t, scope+" NPV at the new lease", got[workbook.LabelNPV], want.ProForma.NPVUSD)
	var n counts
	sameRate(t, scope+" project IRR at the new lease", got[workbook.LabelProjectIRR], want.ProForma.ProjectIRR, &n, false)
	sameRate(t, scope+" equity IRR at the new lease", got[workbook.LabelEquityIRR], want.ProForma.EquityIRR, &n, false)
	sameRate(t, scope+" min DSCR at the new lease", got[workbook.LabelMinDSCR], want.ProForma.MinDSCR, &n, true)
}
