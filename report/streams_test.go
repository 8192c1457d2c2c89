package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/report"
)

// fakeStream is the stream TestEveryOutputHoldsEveryStream declares: its
// key and label are in no output unless the output loops over the
// declarations.
const (
	fakeStream      = "test_fee"
	fakeStreamLabel = "test fee"
	fakeStreamUSD   = 1234567.0
)

// TestEveryOutputHoldsEveryStream declares one more stream than the
// model has, then checks that every output of the report package that
// holds money streams holds it too, with its value: the summary JSON (the
// portfolio, each site and each year), sites.csv, yearly.csv,
// yearly.parquet and the text's stream table. report/html checks the
// charts the same way.
func TestEveryOutputHoldsEveryStream(t *testing.T) {
	a := fixtureYearsAnalysis(t)
	v := fakeStreamUSD
	restore := optimize.WithTestStream(fakeStream, fakeStreamLabel, &v)
	defer restore()
	key := fakeStream + "_usd"
	ctx := context.Background()

	var js bytes.Buffer
	require.NoError(t, report.WriteJSON(&js, a))
	var doc struct {
		Portfolio map[string]any   `json:"portfolio"`
		Sites     []map[string]any `json:"sites"`
		Years     []struct {
			Streams map[string]any `json:"streams"`
		} `json:"years"`
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
	objects := []map[string]any{doc.Portfolio}
	objects = append(objects, doc.Sites...)
	for _, y := range doc.Years {
		objects = append(objects, y.Streams)
	}
	require.Len(t, objects, 1+len(a.Plan.Sites)+len(a.Plan.Years), "the guard: every object was read")
	for i, o := range objects {
		require.Equal(t, fakeStreamUSD, o[key], "JSON object %d", i)
	}
	var back report.Summary
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))

	for name, write := range map[string]func(*bytes.Buffer) error{
		"sites.csv":  func(b *bytes.Buffer) error { return report.WriteSitesCSV(ctx, b, a.Plan) },
		"yearly.csv": func(b *bytes.Buffer) error { return report.WriteYearlyCSV(ctx, b, a.Plan) },
	} {
		var b bytes.Buffer
		require.NoError(t, write(&b))
		rows, err := csv.NewReader(&b).ReadAll()
		require.NoError(t, err, name)
		require.Greater(t, len(rows), 1, "%s: the guard: rows were written", name)
		col := indexOf(rows[0], key)
		require.GreaterOrEqual(t, col, 0, "%s has no column %s", name, key)
		for _, r := range rows[1:] {
			require.Equal(t, strconv.FormatFloat(fakeStreamUSD, 'f', -1, 64), r[col], name)
		}
	}

	var pq bytes.Buffer
	require.NoError(t, report.WriteYearlyParquet(ctx, &pq, a.Plan))
	names, rows := readParquetRows(t, pq.Bytes())
	col := indexOf(names, key)
	require.GreaterOrEqual(t, col, 0, "yearly.parquet has no column %s", key)
	require.NotEmpty(t, rows, "the guard: rows were written")
	for _, r := range rows {
		require.Equal(t, fakeStreamUSD, r[col].Double())
	}

	var text strings.Builder
	require.NoError(t, report.WriteText(&text, a))
	_, table, ok := strings.Cut(text.String(), "revenue and cost by stream")
	require.True(t, ok, "the text has its stream table")
	lines := strings.Split(table, "\n")
	require.Contains(t, lines[1], fakeStreamLabel, "the stream table's header")
	for _, l := range lines[2 : 2+len(a.Plan.Sites)+1] {
		f := strings.Fields(l)
		require.Equal(t, "1.23", f[len(f)-2], "the stream's $M before the profit: %s", l)
	}
}

// TestStreamsJSONKeepsItsOrder: the streams in JSON are the declared
// ones, in declaration order, then the profit, and read back the same.
func TestStreamsJSONKeepsItsOrder(t *testing.T) {
	var s report.StreamsJSON
	var keys []string
	for i, m := range optimize.MoneyStreams() {
		m.Add(&s.Streams, float64(i+1))
		keys = append(keys, m.Key())
	}
	s.ProfitUSD = -1
	data, err := json.Marshal(s)
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(data))
	var got []string
	_, err = dec.Token()
	require.NoError(t, err)
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		got = append(got, tok.(string))
		_, err = dec.Token()
		require.NoError(t, err)
	}
	require.Equal(t, append(keys, "profit_usd"), got)
	var back report.StreamsJSON
	require.NoError(t, json.Unmarshal(data, &back))
	require.Equal(t, s, back)
	require.Error(t, json.Unmarshal([]byte(`{"mining_revenue_usd": "x"}`), &back), "a stream that is not a number")
}

// readParquetRows reads a Parquet file's column names and rows, each row
// holding column j's first value at j (null for an empty list).
func readParquetRows(t *testing.T, data []byte) ([]string, []parquet.Row) {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var names []string
	for _, field := range f.Schema().Fields() {
		names = append(names, field.Name())
	}
	var rows []parquet.Row
	for _, rg := range f.RowGroups() {
		r := rg.Rows()
		buf := make([]parquet.Row, 64)
		for {
			n, err := r.ReadRows(buf)
			for _, row := range buf[:n] {
				byColumn := make(parquet.Row, len(names))
				seen := make([]bool, len(names))
				for _, v := range row {
					if c := v.Column(); !seen[c] {
						byColumn[c], seen[c] = v.Clone(), true
					}
				}
				rows = append(rows, byColumn)
			}
			if err != nil {
				break
			}
		}
		require.NoError(t, r.Close())
	}
	return names, rows
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
