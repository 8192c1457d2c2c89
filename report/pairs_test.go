package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/finance"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/proforma"
	"github.com/gridflip/gridflip/report"
)

// tablePair is one table written as CSV and as Parquet.
type tablePair struct {
	name         string
	csv, parquet func(ctx context.Context, w io.Writer, a *analysis.Analysis) error
}

// tablePairs are every table of a results set that is written both ways.
func tablePairs() []tablePair {
	plan := func(f func(context.Context, io.Writer, *optimize.Plan) error) func(context.Context, io.Writer, *analysis.Analysis) error {
		return func(ctx context.Context, w io.Writer, a *analysis.Analysis) error { return f(ctx, w, a.Plan) }
	}
	return []tablePair{
		{"hourly", plan(report.WriteHourlyCSV), plan(report.WriteHourlyParquet)},
		{"grid", report.WriteGridCSV, report.WriteGridParquet},
		{"yearly", plan(report.WriteYearlyCSV), plan(report.WriteYearlyParquet)},
		{"sites", plan(report.WriteSitesCSV), plan(report.WriteSitesParquet)},
		{"contracts", plan(report.WriteContractsCSV), plan(report.WriteContractsParquet)},
		{"cashflows", report.WriteCashflowsCSV, report.WriteCashflowsParquet},
		{"scenarios", report.WriteScenariosCSV, report.WriteScenariosParquet},
		{"deals", report.WriteDealsCSV, report.WriteDealsParquet},
		{"grid_headroom", report.WriteGridHeadroomCSV, report.WriteGridHeadroomParquet},
	}
}

// fixtureEveryTable is the horizon fixture with a scenario, a deal and an
// area's headroom (with a --flexible plan's) added, so that every table
// has rows.
func fixtureEveryTable(t *testing.T) *analysis.Analysis {
	a := fixtureYearsAnalysis(t)
	p := a.Plan
	a.Risk = &analysis.Risk{
		Plan: &optimize.StochasticPlan{Scenarios: []optimize.ScenarioPlan{
			{ID: "low", Probability: 0.4, Plan: p, ValueUSD: 1.5e6},
			{ID: "high", Probability: 0.6, Plan: &optimize.Plan{}, ValueUSD: 2.5e6},
		}},
		PerfectInformationUSD: []float64{1.6e6, 2.5e6},
		EVPlanValueUSD:        []float64{1.4e6, 2.4e6},
	}
	a.Flexibility = append(a.Flexibility, analysis.FlexRow{MaxCurtailedShare: 0.1})
	a.Headroom = []analysis.AreaHeadroom{{Area: "ERCO", Name: "ERCOT", Sites: []string{"west"}, ReferenceYear: 2024,
		Results: []analysis.AreaHeadroomResult{{CurtailmentLimit: 0.005, BeforeMW: 4354.25, AfterMW: 1200.5, AfterFlexibleMW: []float64{2100.75}},
			{CurtailmentLimit: 0.05, BeforeMW: 18900, AfterMW: 12100}}}}
	margin := 0.7
	a.Finance.Deals = []proforma.Deal{
		{SiteID: "west", HallID: "hall-a", ServiceYear: 2026, LeaseTermYears: 15, DisclosedUSD: 3e9, ModelledUSD: 2.9e9, Ratio: 2.9 / 3,
			NOIMarginDisclosed: &margin, NOIMarginModelled: finance.Rate{Value: 0.68, OK: true}},
		{SiteID: "west", HallID: "hall-b", ServiceYear: 2027, LeaseTermYears: 10, DisclosedUSD: 1e9, ModelledUSD: 1e9, Ratio: 1},
	}
	return a
}

// TestEveryParquetFileIsItsCSV: each Parquet file holds exactly its CSV
// file's columns, in the same order, and the same rows (list columns as
// Parquet lists, joined by ";" in CSV; nulls empty); created_by names
// the version and the table.
func TestEveryParquetFileIsItsCSV(t *testing.T) {
	a := fixtureEveryTable(t)
	ctx := context.Background()
	for _, tp := range tablePairs() {
		t.Run(tp.name, func(t *testing.T) {
			var cv, pq bytes.Buffer
			require.NoError(t, tp.csv(ctx, &cv, a))
			require.NoError(t, tp.parquet(ctx, &pq, a))
			records, err := csv.NewReader(&cv).ReadAll()
			require.NoError(t, err)
			names, rows, createdBy := parquetCells(t, pq.Bytes())
			require.Equal(t, records[0], names, "the columns and their order")
			require.Greater(t, len(records), 1, "the guard: the fixture gives %s rows", tp.name)
			require.Equal(t, records[1:], rows)
			require.Equal(t, "gridflip version "+report.Version()+" (build "+tp.name+")", createdBy)
		})
	}
}

// TestListColumnsAreParquetLists: the halls columns are LIST columns of
// strings, not joined strings.
func TestListColumnsAreParquetLists(t *testing.T) {
	a := fixtureEveryTable(t)
	ctx := context.Background()
	for _, tc := range []struct {
		column string
		write  func(io.Writer) error
	}{
		{"halls", func(w io.Writer) error { return report.WriteSitesParquet(ctx, w, a.Plan) }},
		{"halls_in_service", func(w io.Writer) error { return report.WriteYearlyParquet(ctx, w, a.Plan) }},
		{"halls_built", func(w io.Writer) error { return report.WriteScenariosParquet(ctx, w, a) }},
	} {
		var pq bytes.Buffer
		require.NoError(t, tc.write(&pq))
		f, err := parquet.OpenFile(bytes.NewReader(pq.Bytes()), int64(pq.Len()))
		require.NoError(t, err)
		fd := fieldNamed(f, tc.column)
		require.NotNil(t, fd, tc.column)
		require.True(t, isList(fd), "%s is a LIST column (got %v)", tc.column, fd.Type().LogicalType())
	}
}

// fieldNamed is the file's top-level field name.
func fieldNamed(f *parquet.File, name string) parquet.Field {
	for _, fd := range f.Schema().Fields() {
		if fd.Name() == name {
			return fd
		}
	}
	return nil
}

// parquetCells reads a Parquet file as CSV would show it: its top-level
// column names, each row's cells as text (numbers as the CSV writer
// rounds them, lists joined by ";", nulls empty), and its created-by.
func parquetCells(t *testing.T, data []byte) ([]string, [][]string, string) {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	fields := f.Schema().Fields()
	var names []string
	for _, fd := range fields {
		names = append(names, fd.Name())
	}
	var out [][]string
	for _, rg := range f.RowGroups() {
		r := rg.Rows()
		buf := make([]parquet.Row, 64)
		for {
			n, err := r.ReadRows(buf)
			for _, row := range buf[:n] {
				cells := make([][]parquet.Value, len(fields))
				for _, v := range row {
					cells[v.Column()] = append(cells[v.Column()], v)
				}
				text := make([]string, len(fields))
				for j, fd := range fields {
					text[j] = cellText(fd, cells[j])
				}
				out = append(out, text)
			}
			if err != nil {
				break
			}
		}
		require.NoError(t, r.Close())
	}
	return names, out, f.Metadata().CreatedBy
}

// cellText is one column's values in a row as CSV text.
func cellText(fd parquet.Field, vs []parquet.Value) string {
	if isList(fd) {
		var parts []string
		for _, v := range vs {
			if !v.IsNull() {
				parts = append(parts, string(v.ByteArray()))
			}
		}
		return strings.Join(parts, ";")
	}
	v := vs[0]
	switch {
	case v.IsNull():
		return ""
	case v.Kind() == parquet.ByteArray:
		return string(v.ByteArray())
	case v.Kind() == parquet.Boolean:
		return strconv.FormatBool(v.Boolean())
	case v.Kind() == parquet.Int32:
		return strconv.Itoa(int(v.Int32()))
	case v.Kind() == parquet.Int64 && isTimestamp(fd):
		return time.UnixMicro(v.Int64()).UTC().Format(time.RFC3339)
	case v.Kind() == parquet.Int64:
		return strconv.FormatInt(v.Int64(), 10)
	default:
		s := strconv.FormatFloat(v.Double(), 'f', 6, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		if s == "-0" {
			s = "0"
		}
		return s
	}
}

// isList reports a LIST column.
func isList(fd parquet.Field) bool {
	lt := fd.Type().LogicalType()
	if lt == nil {
		return false
	}
	_, ok := lt.Value.(*format.ListType)
	return ok
}

// isTimestamp reports a TIMESTAMP column.
func isTimestamp(fd parquet.Field) bool {
	lt := fd.Type().LogicalType()
	if lt == nil {
		return false
	}
	_, ok := lt.Value.(*format.TimestampType)
	return ok
}
