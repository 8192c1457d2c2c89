package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// yearOfPrices is an hourly price file over 2025 for the small case's nodes.
func yearOfPrices() string {
	var b strings.Builder
	b.WriteString("timestamp,HB_WEST,HB_NORTH\n")
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 8760 {
		h := start.Add(time.Duration(i) * time.Hour)
		fmt.Fprintf(&b, "%s,%d,%d\n", h.Format(time.RFC3339), 20+(i*7)%40, 25+(i*11)%35)
	}
	return b.String()
}

// TestPlanWithHorizon plans the small case over 2026-2030 end to end: the
// text says when each site converts, the JSON has the years and the
// finance, and --out writes yearly.csv and cashflows.csv.
func TestPlanWithHorizon(t *testing.T) {
	solvertest.HiGHS(t)
	path := writeCase(t, func(s string) string {
		s = replace("[market]", "[horizon]\nstart_year = 2026\nyears = 5\nprice_escalation_per_year = 0.02\n\n[market]")(s)
		s = replace("fees_btc_per_block = 0.03", "fees_btc_per_block = 0.03\nbtc_price_growth_per_year = 0.05\nnetwork_hashrate_growth_per_year = 0.25")(s)
		s = replace("life_years = 15", "life_years = 15\ndebt_share = 0.8\ndebt_rate = 0.07\ndebt_tenor_years = 10\ntax_rate = 0.21")(s)
		s = replace(`  id = "a1"`, "  id = \"a1\"\n  lead_time_months = 18\n  lease_term_years = 10\n  lease_escalator_per_year = 0.02")(s)
		return s
	}, func(string) string { return yearOfPrices() })
	out := t.TempDir()
	code, text, errOut := gridflip(t, "plan", path, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, text, "when to convert (2026-2030)")
	require.Contains(t, text, "halls: when, and each as a project")

	var summary struct {
		Years []struct {
			Year           int     `json:"year"`
			DiscountFactor float64 `json:"discount_factor"`
			ObjectiveUSD   float64 `json:"objective_usd"`
		} `json:"years"`
		ObjectiveUSD float64 `json:"objective_usd"`
		Finance      *struct {
			NPVUSD float64 `json:"npv_usd"`
		} `json:"finance"`
		Sites []struct {
			HallDecisions []struct {
				ID          string          `json:"id"`
				ServiceYear *int            `json:"service_year"`
				Finance     json.RawMessage `json:"finance"`
				MinLease    *float64        `json:"min_lease_usd_per_kw_month"`
			} `json:"hall_decisions"`
		} `json:"sites"`
	}
	data, err := os.ReadFile(filepath.Join(out, "summary.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &summary))
	require.Len(t, summary.Years, 5)
	var sum float64
	for k, y := range summary.Years {
		require.Equal(t, 2026+k, y.Year)
		sum += y.ObjectiveUSD
	}
	require.InEpsilon(t, summary.ObjectiveUSD, sum, 1e-9, "the years add up to the objective")
	a1 := summary.Sites[0].HallDecisions[0]
	require.Equal(t, "a1", a1.ID)
	require.NotEmpty(t, a1.Finance)
	if a1.ServiceYear != nil {
		require.GreaterOrEqual(t, *a1.ServiceYear, 2028, "18 months from 2026-01-01")
	}

	rows := readCSV(t, filepath.Join(out, "yearly.csv"))
	require.Len(t, rows, 1+2*5, "header, two sites x five years")
	require.Equal(t, "site", rows[0][0])
	flows := readCSV(t, filepath.Join(out, "cashflows.csv"))
	require.Equal(t, "scope", flows[0][0])
	halls := 0
	for _, r := range flows[1:] {
		if r[0] == "hall" {
			halls++
		}
	}
	require.Positive(t, halls, "every hall's pro forma")
	requireSamePairColumns(t, out, 3)
	requireDeclaredFiles(t, out, "plan")
}

// requireSamePairColumns checks that every Parquet file of a results set
// has a CSV file of the same name with exactly its columns, in the same
// order (the guard: at least pairs of them), and that yearly's hold every
// declared money stream.
func requireSamePairColumns(t *testing.T, dir string, pairs int) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.parquet"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), pairs, "the guard: the Parquet files of %s", dir)
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".parquet")
		pq, err := os.Open(path)
		require.NoError(t, err)
		st, err := pq.Stat()
		require.NoError(t, err)
		f, err := parquet.OpenFile(pq, st.Size())
		require.NoError(t, err)
		var columns []string
		for _, field := range f.Schema().Fields() {
			columns = append(columns, field.Name())
		}
		pq.Close()
		header := readCSV(t, filepath.Join(dir, name+".csv"))[0]
		require.Equal(t, header, columns, "%s.csv and %s.parquet have the same columns in the same order", name, name)
		if name == "yearly" {
			for _, m := range optimize.MoneyStreams() {
				require.Contains(t, columns, m.Key(), "yearly holds every declared stream")
			}
		}
	}
}

// requireDeclaredFiles checks that a results set holds exactly the files
// its declaration lists (docs/reference/outputs.md): a set written with
// every option.
func requireDeclaredFiles(t *testing.T, dir, set string) {
	t.Helper()
	var want []string
	for _, f := range declaredSets()[set] {
		want = append(want, f.name)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	require.ElementsMatch(t, want, got, "the files of the %s set are the declared ones", set)
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return rows
}
