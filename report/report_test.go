package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/proforma"
	"github.com/gridflip/gridflip/report"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixturePlan is a hand-made plan with two sites and three hours, so the
// golden files do not depend on the solver or the clock.
func fixturePlan() *optimize.Plan {
	start := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	hours := []time.Time{start, start.Add(time.Hour), start.Add(2 * time.Hour)}
	west := optimize.SitePlan{
		ID: "west", Region: "ERCOT", Node: "HB_WEST", TimeZone: "America/Chicago", InterconnectMW: 700,
		Halls: []optimize.HallPlan{
			{ID: "hall-a", Cooling: "liquid", ITMW: 100, MeterMW: 115, Build: 1, CapexUSD: 1e9, NetUSD: 1.2e6, LeaseUSDPerKWMonth: 140},
			{ID: "hall-b", Cooling: "air", ITMW: 50, MeterMW: 67.5, Build: 0, LeaseUSDPerKWMonth: 115},
		},
		HallsBuilt: []string{"hall-a"}, NewAIITMW: 100, AIITMW: 100, AIMeterMW: 115, NewCapexUSD: 1e9,
		MiningCapacityITMW: 540, MiningMWh: 1080, MiningMeterMWh: 1134, CurtailedHours: 1,
		InterconnectValueUSDPerMWYear: 123456.7,
		Streams: optimize.Streams{MiningRevenueUSD: 96000, MiningEnergyCostUSD: 40000, MiningOpexUSD: 4320,
			AILeaseRevenueUSD: 57534.25, CapexAnnuityUSD: 37579.1, FixedOMUSD: 2054.79, ProfitUSD: 69580.36},
		HedgeUSD: 1500,
		Contracts: []optimize.ContractMonth{{ContractID: "block", Month: "2024-07", BlockMWh: 60, UsedMWh: 60,
			FixedCostUSD: 2400, HedgeUSD: 1500}},
	}
	south := optimize.SitePlan{
		ID: "south, TX", Region: "ERCOT", Node: "HB_SOUTH", TimeZone: "America/Chicago", InterconnectMW: 200,
		Halls:          []optimize.HallPlan{{ID: "x", Cooling: "liquid", ITMW: 40, MeterMW: 46, Build: 0, LeaseUSDPerKWMonth: 121}},
		ExistingAIITMW: 20, AIITMW: 20, AIMeterMW: 26, MiningCapacityITMW: 160, MiningMWh: 320, MiningMeterMWh: 384,
		Streams:            optimize.Streams{MiningRevenueUSD: 20000, MiningEnergyCostUSD: 9000, MiningOpexUSD: 1920, ProfitUSD: 9080},
		ExistingAILeaseUSD: 11506.85,
	}
	hourly := []optimize.SiteHours{
		{MiningITMW: []float64{540, 540, 0}, AvailableITMW: []float64{540, 540, 540}, AIITMW: []float64{100, 100, 100},
			MeterMW: []float64{682, 682, 115}, LoadMW: []float64{659, 659, 92},
			ReserveMW: []float64{50, 0, 0}, PriceUSDPerMWh: []float64{30.5, 41, 2500}},
		{MiningITMW: []float64{160, 160, 0}, AvailableITMW: []float64{160, 160, 160}, AIITMW: []float64{20, 20, 20},
			MeterMW: []float64{218, 218, 26}, LoadMW: []float64{213, 213, 20.8},
			PriceUSDPerMWh: []float64{28, 35, 1900}},
	}
	plan := &optimize.Plan{
		CaseName: "Fixture portfolio", Status: solver.Optimal, Termination: "optimal", Method: optimize.MethodDecomposed,
		ObjectiveUSD: 78660.36, MIPGap: 0.0001, Start: start, Hours: 3, HourTimes: hours,
		HashpriceUSDPerPHDay: []float64{45, 45, 45},
		Solver: optimize.SolverStats{Name: "HiGHS", Version: "1.15.1", Columns: 12, Rows: 14, Nonzeros: 30, IntegerColumns: 3,
			BuildSeconds: 0.001, SolveSeconds: 0.01, InterconnectSolveSeconds: 0.002},
		Sites:  []optimize.SitePlan{west, south},
		Hourly: optimize.HoursFunc(func(s int) (optimize.SiteHours, error) { return hourly[s], nil }),
	}
	plan.Portfolio = optimize.Totals{HallsBuilt: 1, NewAIITMW: 100, AIITMW: 120, AIMeterMW: 141, NewCapexUSD: 1e9,
		MiningCapacityITMW: 700, MiningMWh: 1400, InterconnectMW: 900, ExistingAILeaseUSD: 11506.85,
		Streams: optimize.Streams{MiningRevenueUSD: 116000, MiningEnergyCostUSD: 49000, MiningOpexUSD: 6240,
			AILeaseRevenueUSD: 57534.25, CapexAnnuityUSD: 37579.1, FixedOMUSD: 2054.79, ProfitUSD: 78660.36}}
	return plan
}

// fixtureAnalysis wraps the fixture plan with a hand-made grid impact and gap.
func fixtureAnalysis() *analysis.Analysis {
	plan := fixturePlan()
	before := impact.Metrics{EnergyMWh: 2300, PeakMW: 900, LoadFactor: 0.85, FlexibleMW: 900, StressLoadMW: 20, AvgPriceUSDPerMWh: 35.2, HashrateEHs: 40}
	after := impact.Metrics{EnergyMWh: 1964.8, PeakMW: 872, LoadFactor: 0.75, FirmMW: 141, FlexibleMW: 700, StressLoadMW: 112.8, AvgPriceUSDPerMWh: 36.1, HashrateEHs: 34}
	return &analysis.Analysis{
		Plan: plan,
		Impact: []impact.Impact{
			{Scope: "ERCOT", Before: before, After: after, HashrateRetiredEHs: 6, ShareOfNetwork: 0.0075, ShareOfUS: 0.02, NewAIMeterMW: 115,
				LoadBeforeMW: []float64{900, 900, 500}, LoadAfterMW: []float64{872, 872, 112.8}},
			{Scope: "portfolio", Before: before, After: after, HashrateRetiredEHs: 6, ShareOfNetwork: 0.0075, ShareOfUS: 0.02, NewAIMeterMW: 115,
				LoadBeforeMW: []float64{900, 900, 500}, LoadAfterMW: []float64{872, 872, 112.8}},
		},
		Gap: impact.CloseGap(impact.DefaultGapReferences(), 0.100), // the headline basis of GapBases
		GapBases: impact.GapBases([]impact.GapHall{{ITMW: 100, ReservedMW: 115}, {ITMW: 40, ReservedMW: 52, Signed: true},
			{ITMW: 60, ReservedMW: 75, NewConnection: true}}),
	}
}

// fixtureYearsAnalysis is the fixture plan over a two-year horizon: hall-a
// enters service in 2027, and the finance of the halls comes from
// proforma on a matching case.
func fixtureYearsAnalysis(t *testing.T) *analysis.Analysis {
	a := fixtureAnalysis()
	p := a.Plan
	west := &p.Sites[0]
	hallYears := func(from int) []optimize.HallYear {
		var out []optimize.HallYear
		for y := from; y < from+3; y++ {
			out = append(out, optimize.HallYear{Year: y, Hours: 8760, Modelled: y <= 2027, LeaseUSD: 168e6 * math.Pow(1.02, float64(y-from)),
				OwnLease: true, OpexUSD: 18e6, CapexAnnuityUSD: 110e6})
		}
		return out
	}
	west.Halls[0].ServiceYear, west.Halls[0].Years = 2027, hallYears(2027)
	west.Halls[1].Years, west.Halls[1].YearsAssumed = hallYears(2026), true
	p.Sites[1].Halls[0].Never = "ready 2028-07-01 (its 30-month lead time from 2026-01-01): no 1 January on or after it by 2027, the horizon's last year"
	year := func(y int, df, newIT float64, halls []string, profit float64) optimize.YearPlan {
		return optimize.YearPlan{Year: y, DiscountFactor: df, HallsInService: halls, NewAIITMW: newIT, AIITMW: newIT, MiningCapacityITMW: 640 - newIT,
			MiningMWh: 5e5, LoadMWh: 6e5, Streams: optimize.Streams{MiningRevenueUSD: 4e7, ProfitUSD: profit}, ObjectiveUSD: df * profit}
	}
	west.Years = []optimize.YearPlan{year(2026, 1, 0, nil, 2e7), year(2027, 1/1.07, 100, []string{"hall-a"}, 5e7)}
	p.Sites[1].Years = []optimize.YearPlan{year(2026, 1, 0, nil, 1e7), year(2027, 1/1.07, 0, nil, 1e7)}
	p.Years = []optimize.YearTotals{
		{Year: 2026, DiscountFactor: 1, ObjectiveUSD: 3e7, MiningMWh: 1e6, HashpriceUSDPerPHDay: 41.2, Streams: optimize.Streams{MiningRevenueUSD: 8e7, ProfitUSD: 3e7}},
		{Year: 2027, DiscountFactor: 1 / 1.07, ObjectiveUSD: 6e7 / 1.07, HallsInService: 1, NewAIITMW: 100, AIITMW: 120, MiningMWh: 9e5,
			HashpriceUSDPerPHDay: 37.9, Streams: optimize.Streams{MiningRevenueUSD: 7e7, ProfitUSD: 6e7}},
	}
	c := &sites.Case{Finance: sites.Finance{DiscountRate: 0.07, LifeYears: 3, DebtShare: 0.8, DebtRate: 0.07, DebtTenorYears: 2,
		TaxRate: 0.21, DepreciationYears: 3, TargetEquityIRR: 0.15}, Horizon: &sites.Horizon{StartYear: 2026, Years: 2},
		Sites: []sites.Site{{Halls: []sites.Hall{{CapexUSDPerMW: 10e6, LeaseUSDPerKWMonth: 140}, {CapexUSDPerMW: 8e6, LeaseUSDPerKWMonth: 115}}},
			{Halls: []sites.Hall{{CapexUSDPerMW: 10e6, LeaseUSDPerKWMonth: 121}}}}}
	var err error
	a.Finance, err = proforma.Build(c, p)
	require.NoError(t, err)
	return a
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./report -update to create the golden files")
	require.Equal(t, string(want), string(got))
}

func TestGoldenReports(t *testing.T) {
	tests := []struct {
		file  string
		write func(*bytes.Buffer, *analysis.Analysis) error
	}{
		{"plan.txt", func(b *bytes.Buffer, a *analysis.Analysis) error { return report.WriteText(b, a) }},
		{"summary.json", func(b *bytes.Buffer, a *analysis.Analysis) error { return report.WriteJSON(b, a) }},
		{"sites.csv", func(b *bytes.Buffer, a *analysis.Analysis) error {
			return report.WriteSitesCSV(context.Background(), b, a.Plan)
		}},
		{"hourly.csv", func(b *bytes.Buffer, a *analysis.Analysis) error {
			return report.WriteHourlyCSV(context.Background(), b, a.Plan)
		}},
		{"grid.csv", func(b *bytes.Buffer, a *analysis.Analysis) error {
			return report.WriteGridCSV(context.Background(), b, a)
		}},
		{"contracts.csv", func(b *bytes.Buffer, a *analysis.Analysis) error {
			return report.WriteContractsCSV(context.Background(), b, a.Plan)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, tc.write(&buf, fixtureAnalysis()))
			golden(t, tc.file, buf.Bytes())
		})
	}
	years := []struct {
		file  string
		write func(*bytes.Buffer, *analysis.Analysis) error
	}{
		{"years/plan.txt", func(b *bytes.Buffer, a *analysis.Analysis) error { return report.WriteText(b, a) }},
		{"years/summary.json", func(b *bytes.Buffer, a *analysis.Analysis) error { return report.WriteJSON(b, a) }},
		{"years/yearly.csv", func(b *bytes.Buffer, a *analysis.Analysis) error {
			return report.WriteYearlyCSV(context.Background(), b, a.Plan)
		}},
		{"years/cashflows.csv", func(b *bytes.Buffer, a *analysis.Analysis) error {
			return report.WriteCashflowsCSV(context.Background(), b, a)
		}},
	}
	for _, tc := range years {
		t.Run(tc.file, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, tc.write(&buf, fixtureYearsAnalysis(t)))
			golden(t, tc.file, buf.Bytes())
		})
	}
}

func TestSummaryJSONFields(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.WriteJSON(&buf, fixtureAnalysis()))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	for _, key := range []string{"status", "objective_usd", "hours", "mip_gap", "solver", "portfolio", "sites", "grid_impact", "gap", "notes"} {
		require.Contains(t, doc, key)
	}
	solverDoc := doc["solver"].(map[string]any)
	for _, key := range []string{"name", "version", "build_seconds", "solve_seconds"} {
		require.Contains(t, solverDoc, key)
	}
	site := doc["sites"].([]any)[0].(map[string]any)
	for _, key := range []string{"id", "halls", "ai_it_mw", "ai_meter_mw", "mining_capacity_it_mw", "mining_mwh",
		"curtailed_hours", "interconnect_value_usd_per_mw_year", "profit_usd", "mining_revenue_usd",
		"mining_energy_cost_usd", "mining_opex_usd", "ai_lease_revenue_usd", "ai_energy_cost_usd",
		"capex_annuity_usd", "fixed_om_usd"} {
		require.Contains(t, site, key)
	}
	require.Equal(t, []any{"hall-a"}, site["halls"])
	gap := doc["gap"].([]any)[0].(map[string]any)
	for _, key := range []string{"id", "source", "gap_gw", "closed_gw", "closed_fraction"} {
		require.Contains(t, gap, key)
	}
	// A site without halls built has an empty list, not null.
	require.Equal(t, []any{}, doc["sites"].([]any)[1].(map[string]any)["halls"])
}

func TestCSVsParse(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.WriteHourlyCSV(context.Background(), &buf, fixturePlan()))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+2*3)
	require.Equal(t, []string{"site", "timestamp", "price_usd_mwh", "hashprice_usd_ph_day", "mining_it_mw", "available_mining_it_mw", "ai_it_mw", "meter_mw", "load_mw", "reserve_mw"}, rows[0])
	require.Equal(t, []string{"south, TX", "2024-07-01T02:00:00Z", "1900", "45", "0", "160", "20", "26", "20.8", "0"}, rows[6])

	buf.Reset()
	require.NoError(t, report.WriteSitesCSV(context.Background(), &buf, fixturePlan()))
	rows, err = csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3)
	require.Equal(t, len(rows[0]), len(rows[1]))
}

// TestTextListsHallsNotBuilt: the text lists the halls a plan values but
// does not build, the closest calls first, with what building each would
// change; money below zero reads -$.
func TestTextListsHallsNotBuilt(t *testing.T) {
	a := fixtureAnalysis()
	loss, gain := -8.03e6, 1.5e6
	a.Plan.Sites[0].Halls = append(a.Plan.Sites[0].Halls,
		optimize.HallPlan{ID: "far", ITMW: 100, ValueIfBuiltUSD: &loss},
		optimize.HallPlan{ID: "capped", ITMW: 40, ValueIfBuiltUSD: &gain})
	var b strings.Builder
	require.NoError(t, report.WriteText(&b, a))
	text := b.String()
	i := strings.Index(text, "halls not built")
	require.Positive(t, i)
	capped := strings.Index(text, "/capped (40.0 MW IT): $1.50M (held back by the market cap)")
	far := strings.Index(text, "/far (100.0 MW IT): -$8.03M (the mining and interconnection it takes are worth more)")
	require.Greater(t, capped, i)
	require.Greater(t, far, capped, "the closest call first")
}
