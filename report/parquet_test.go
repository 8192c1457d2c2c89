package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/report"
)

// readParquet reads every row of a file written by report.
func readParquet[T any](t *testing.T, data []byte) []T {
	t.Helper()
	rows, err := parquet.Read[T](bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	return rows
}

// TestParquetMatchesCSV: hourly.parquet and grid.parquet hold the CSVs'
// rows, typed: every value read back equals the CSV's.
func TestParquetMatchesCSV(t *testing.T) {
	a := fixtureAnalysis()
	var pq, cv bytes.Buffer
	require.NoError(t, report.WriteHourlyParquet(context.Background(), &pq, a.Plan))
	require.NoError(t, report.WriteHourlyCSV(context.Background(), &cv, a.Plan))
	rows := readParquet[report.HourlyRow](t, pq.Bytes())
	records, err := csv.NewReader(&cv).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, len(records)-1)
	for i, r := range rows {
		rec := records[i+1]
		require.Equal(t, rec[0], r.Site)
		ts, err := time.Parse(time.RFC3339, rec[1])
		require.NoError(t, err)
		require.True(t, ts.Equal(r.Timestamp), "row %d", i)
		for j, v := range []float64{r.PriceUSDPerMWh, r.HashpriceUSDPerPHDay, r.MiningITMW, r.AvailableMiningITMW, r.AIITMW, r.MeterMW, r.LoadMW, r.ReserveMW} {
			want, err := strconv.ParseFloat(rec[j+2], 64)
			require.NoError(t, err)
			require.Equal(t, want, v, "row %d column %d", i, j+2)
		}
	}

	pq.Reset()
	cv.Reset()
	require.NoError(t, report.WriteGridParquet(context.Background(), &pq, a))
	require.NoError(t, report.WriteGridCSV(context.Background(), &cv, a))
	grid := readParquet[report.GridRow](t, pq.Bytes())
	records, err = csv.NewReader(&cv).ReadAll()
	require.NoError(t, err)
	require.Len(t, grid, len(records)-1)
	for i, r := range grid {
		rec := records[i+1]
		require.Equal(t, rec[0], r.Region)
		require.Equal(t, rec[4], strconv.FormatBool(r.StressHour))
		after, err := strconv.ParseFloat(rec[3], 64)
		require.NoError(t, err)
		require.Equal(t, after, r.AfterMW)
	}
}

// TestYearlyParquet: yearly.parquet holds yearly.csv's columns and
// values (its stream columns made at run time from the declarations),
// and the plan's site-years.
func TestYearlyParquet(t *testing.T) {
	a := fixtureYearsAnalysis(t)
	var pq, cv bytes.Buffer
	require.NoError(t, report.WriteYearlyParquet(context.Background(), &pq, a.Plan))
	require.NoError(t, report.WriteYearlyCSV(context.Background(), &cv, a.Plan))
	names, rows, _ := parquetCells(t, pq.Bytes())
	records, err := csv.NewReader(&cv).ReadAll()
	require.NoError(t, err)
	require.Equal(t, records[0], names)
	require.Equal(t, records[1:], rows)
	typed := readParquet[report.YearlyRow](t, pq.Bytes())
	n := 0
	for _, sp := range a.Plan.Sites {
		for _, y := range sp.Years {
			require.Equal(t, sp.ID, typed[n].Site)
			require.Equal(t, int32(y.Year), typed[n].Year)
			require.Equal(t, y.ObjectiveUSD, typed[n].ObjectiveUSD)
			n++
		}
	}
	require.Equal(t, n, len(typed))
	require.Positive(t, n)
}

// TestParquetReadByPyArrow reads the files with a reader that is not ours
// (pyarrow) and checks the schema docs/outputs.md documents: UTC microsecond
// timestamps, dictionary-encoded ids, float64 MW, zstd compression. make
// test installs pyarrow (scripts/setup-pyarrow.sh) and sets
// GRIDFLIP_REQUIRE_PYARROW=1, so there it fails rather than skips.
func TestParquetReadByPyArrow(t *testing.T) {
	python := pyarrowPython(t)
	dir := t.TempDir()
	a := fixtureAnalysis()
	var pq bytes.Buffer
	require.NoError(t, report.WriteHourlyParquet(context.Background(), &pq, a.Plan))
	path := filepath.Join(dir, "hourly.parquet")
	require.NoError(t, os.WriteFile(path, pq.Bytes(), 0o644))
	script := `
import sys, pyarrow.parquet as pq
f = pq.ParquetFile(sys.argv[1])
s = f.schema_arrow
assert str(s.field("timestamp").type) == "timestamp[us, tz=UTC]", s.field("timestamp").type
assert str(s.field("mining_it_mw").type) == "double", s.field("mining_it_mw").type
md = f.metadata.row_group(0)
site = md.column(0)
assert site.compression == "ZSTD", site.compression
assert any("DICTIONARY" in e for e in site.encodings), site.encodings
t = f.read()
rows = t.to_pylist()
print(len(rows), rows[0]["site"], rows[0]["timestamp"].isoformat(), rows[5]["site"], rows[5]["mining_it_mw"], rows[5]["available_mining_it_mw"], rows[0]["reserve_mw"])
`
	out, err := exec.Command(python, "-c", script, path).CombinedOutput()
	require.NoError(t, err, string(out))
	require.Equal(t, "6 west 2024-07-01T00:00:00+00:00 south, TX 0.0 160.0 50.0\n", string(out))

	// yearly.parquet, whose stream columns are made at run time: the
	// columns of yearly.csv, in order, with its values.
	pq.Reset()
	var cv bytes.Buffer
	ya := fixtureYearsAnalysis(t)
	require.NoError(t, report.WriteYearlyParquet(context.Background(), &pq, ya.Plan))
	require.NoError(t, report.WriteYearlyCSV(context.Background(), &cv, ya.Plan))
	path = filepath.Join(dir, "yearly.parquet")
	require.NoError(t, os.WriteFile(path, pq.Bytes(), 0o644))
	script = `
import sys, pyarrow.parquet as pq
t = pq.read_table(sys.argv[1])
print(",".join(t.column_names))
for r in t.to_pylist():
    print(r["site"], r["year"], r["mining_revenue_usd"], r["profit_usd"])
`
	out, err = exec.Command(python, "-c", script, path).CombinedOutput()
	require.NoError(t, err, string(out))
	records, err := csv.NewReader(&cv).ReadAll()
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	require.Equal(t, strings.Join(records[0], ","), lines[0])
	require.Len(t, lines, len(records))
	for i, rec := range records[1:] {
		f := strings.Fields(strings.TrimPrefix(lines[i+1], rec[0]+" "))
		require.Equal(t, rec[1], f[0], "year")
		for j, col := range []string{"mining_revenue_usd", "profit_usd"} {
			want, err := strconv.ParseFloat(rec[indexOf(records[0], col)], 64)
			require.NoError(t, err)
			got, err := strconv.ParseFloat(f[j+1], 64)
			require.NoError(t, err)
			require.Equal(t, want, got, "row %d %s", i, col)
		}
	}
}

// pyarrowPython returns a python3 that imports pyarrow (with the
// project's .pydeps on its path), failing when GRIDFLIP_REQUIRE_PYARROW=1
// and skipping otherwise.
func pyarrowPython(t *testing.T) string {
	t.Helper()
	deps, err := filepath.Abs(filepath.Join("..", ".pydeps"))
	require.NoError(t, err)
	if old := os.Getenv("PYTHONPATH"); old != "" {
		deps += string(os.PathListSeparator) + old
	}
	t.Setenv("PYTHONPATH", deps)
	python, err := exec.LookPath("python3")
	if err == nil {
		err = exec.Command(python, "-c", "import pyarrow").Run()
	}
	if err != nil {
		if os.Getenv("GRIDFLIP_REQUIRE_PYARROW") == "1" {
			t.Fatalf("pyarrow is required (GRIDFLIP_REQUIRE_PYARROW=1) but python3 cannot import it: %v; run scripts/setup-pyarrow.sh", err)
		}
		t.Skipf("python3 with pyarrow not found (%v); make test installs it", err)
	}
	return python
}
