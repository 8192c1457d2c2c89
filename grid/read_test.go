package grid

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func utc(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, time.UTC)
}

func TestReadSeriesValid(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		step    time.Duration
		times   []time.Time
		columns []string
		values  [][]float64
	}{
		{
			name:    "hourly UTC",
			in:      "timestamp,HB_WEST,HB_NORTH\n2024-01-01T00:00:00Z,10.5,11\n2024-01-01T01:00:00Z,-2,3e1\n",
			step:    time.Hour,
			times:   []time.Time{utc(2024, 1, 1, 0), utc(2024, 1, 1, 1)},
			columns: []string{"HB_WEST", "HB_NORTH"},
			values:  [][]float64{{10.5, -2}, {11, 30}},
		},
		{
			name:    "offsets converted to UTC across DST",
			in:      "time,p\n2024-03-10T01:00:00-06:00,1\n2024-03-10T03:00:00-05:00,2\n2024-03-10T09:00:00+00:00,3\n",
			step:    time.Hour,
			times:   []time.Time{utc(2024, 3, 10, 7), utc(2024, 3, 10, 8), utc(2024, 3, 10, 9)},
			columns: []string{"p"},
			values:  [][]float64{{1, 2, 3}},
		},
		{
			name:    "space separator, missing seconds, compact offset, lower-case z",
			in:      "t,p\n2024-01-01 00:00Z,1\n2024-01-01 01:00+0000,2\n2024-01-01t02:00:00z,3\n",
			step:    time.Hour,
			times:   []time.Time{utc(2024, 1, 1, 0), utc(2024, 1, 1, 1), utc(2024, 1, 1, 2)},
			columns: []string{"p"},
			values:  [][]float64{{1, 2, 3}},
		},
		{
			name:    "daily dates",
			in:      "date,hashprice\n2024-02-28,50\n2024-02-29,51\n2024-03-01,52\n",
			step:    Day,
			times:   []time.Time{utc(2024, 2, 28, 0), utc(2024, 2, 29, 0), utc(2024, 3, 1, 0)},
			columns: []string{"hashprice"},
			values:  [][]float64{{50, 51, 52}},
		},
		{
			name:    "single row is hourly",
			in:      "timestamp,a\n2024-01-01T00:00:00Z,1\n",
			step:    time.Hour,
			times:   []time.Time{utc(2024, 1, 1, 0)},
			columns: []string{"a"},
			values:  [][]float64{{1}},
		},
		{
			name:    "BOM, CRLF, quoted names, spaces, blank trailing lines, empty timestamp header",
			in:      "\ufeff,\"HB WEST\", b \r\n2024-01-01T00:00:00Z, 1 ,2\r\n2024-01-01T01:00:00Z,3, 4\r\n\r\n\n",
			step:    time.Hour,
			times:   []time.Time{utc(2024, 1, 1, 0), utc(2024, 1, 1, 1)},
			columns: []string{"HB WEST", "b"},
			values:  [][]float64{{1, 3}, {2, 4}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ReadSeries(strings.NewReader(tc.in), "prices.csv")
			require.NoError(t, err)
			require.Equal(t, "prices.csv", s.File)
			require.Equal(t, tc.step, s.Step)
			require.Equal(t, tc.times, s.Times)
			require.Equal(t, tc.columns, s.Columns)
			require.Equal(t, tc.values, s.Values)
			require.Equal(t, len(tc.times), s.Len())
		})
	}
}

// badInputs lists one case per class of bad input, with the line and
// column the error must name.
func badInputs() []struct {
	name   string
	in     string
	line   int
	column string
	msg    string
} {
	const h = "timestamp,HB_WEST,HB_NORTH\n"
	const r1 = "2024-03-10T07:00:00Z,1,2\n"
	const r2 = "2024-03-10T08:00:00Z,1,2\n"
	return []struct {
		name   string
		in     string
		line   int
		column string
		msg    string
	}{
		{"empty file", "", 1, "", "empty file"},
		{"only blank lines", "\n\n\r\n", 1, "", "empty file"},
		{"not CSV (JSON)", "{\"time\": \"2024-01-01\", \"p\": 1}\n", 1, "", "invalid CSV"},
		{"not CSV (unterminated quote)", h + r1 + "2024-03-10T08:00:00Z,\"1,2\n", 3, "", "invalid CSV"},
		{"missing header", r1 + r2, 1, "", "missing header row"},
		{"header without value columns", "timestamp\n2024-03-10T07:00:00Z\n", 1, "", "no value columns"},
		{"empty column name", "timestamp,,HB_NORTH\n" + r1, 1, "", "header field 2 is empty"},
		{"duplicate column name", "timestamp,HB_WEST,HB_WEST\n" + r1, 1, "HB_WEST", "duplicate column name"},
		{"no data rows", h, 2, "", "no data rows"},
		{"too few fields", h + r1 + "2024-03-10T08:00:00Z,1\n", 3, "", "has 2 fields, the header has 3"},
		{"too many fields", h + r1 + "2024-03-10T08:00:00Z,1,2,3\n", 3, "", "has 4 fields, the header has 3"},
		{"non-numeric", h + r1 + "2024-03-10T08:00:00Z,1,abc\n", 3, "HB_NORTH", `value "abc" is not a number`},
		{"NaN", h + r1 + "2024-03-10T08:00:00Z,NaN,2\n", 3, "HB_WEST", `value "NaN" is NaN`},
		{"+Inf", h + r1 + "2024-03-10T08:00:00Z,+Inf,2\n", 3, "HB_WEST", `value "+Inf" is infinite`},
		{"-Inf", h + r1 + "2024-03-10T08:00:00Z,1,-inf\n", 3, "HB_NORTH", `value "-inf" is infinite`},
		{"out of range", h + r1 + "2024-03-10T08:00:00Z,1e999,2\n", 3, "HB_WEST", "out of range"},
		{"empty value", h + r1 + "2024-03-10T08:00:00Z,1,\n", 3, "HB_NORTH", "empty value"},
		{"blank value", h + "2024-03-10T07:00:00Z,  ,2\n", 2, "HB_WEST", "empty value"},
		{"naive timestamp", h + r1 + "2024-03-10T08:00:00,1,2\n", 3, "timestamp", "no time zone: add Z"},
		{"naive timestamp with space", h + "2024-03-10 07:00,1,2\n", 2, "timestamp", "no time zone"},
		{"garbage timestamp", h + r1 + "yesterday,1,2\n", 3, "timestamp", "not an RFC 3339 time"},
		{"bad date", h + "2024-02-30,1,2\n", 2, "timestamp", "not a valid date"},
		{"gap", h + r1 + r2 + "2024-03-10T10:00:00Z,1,2\n", 4, "", "gap: expected 2024-03-10T09:00:00Z, got 2024-03-10T10:00:00Z (1 hour(s) missing)"},
		{"gap shown with offset", h + r1 + r2 + "2024-03-10T05:00:00-05:00,1,2\n", 4, "", `gap: expected 2024-03-10T09:00:00Z, got 2024-03-10T10:00:00Z ("2024-03-10T05:00:00-05:00")`},
		{"irregular step", h + r1 + r2 + "2024-03-10T09:30:00Z,1,2\n", 4, "", "irregular step: expected 2024-03-10T09:00:00Z"},
		{"duplicate", h + r1 + r2 + r2, 4, "", "duplicate timestamp 2024-03-10T08:00:00Z (already on line 3)"},
		{"duplicate in first two rows", h + r1 + r1, 3, "", "duplicate timestamp"},
		{"disorder", h + r1 + r2 + r1, 4, "", "out of order: 2024-03-10T07:00:00Z is earlier than 2024-03-10T08:00:00Z on line 3"},
		{"disorder in first two rows", h + r2 + r1, 3, "", "out of order"},
		{"step 30 minutes", h + r1 + "2024-03-10T07:30:00Z,1,2\n", 3, "", "is 30m; it must be 1h (hourly) or 24h (daily)"},
		{"step 2 hours", h + r1 + "2024-03-10T09:00:00Z,1,2\n", 3, "", "is 2h; it must be"},
		{"daily gap", "date,p\n2024-01-01,1\n2024-01-02,1\n2024-01-05,1\n", 4, "", "gap: expected 2024-01-03, got 2024-01-05 (2 day(s) missing)"},
		{"line numbers count blank lines", h + r1 + "\n" + "2024-03-10T08:00:00Z,x,2\n", 4, "HB_WEST", `value "x" is not a number`},
	}
}

func TestReadSeriesBadInput(t *testing.T) {
	for _, tc := range badInputs() {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ReadSeries(strings.NewReader(tc.in), "prices.csv")
			require.Error(t, err)
			require.Nil(t, s)
			var le *LineError
			require.True(t, errors.As(err, &le), "want *LineError, got %T: %v", err, err)
			require.Equal(t, "prices.csv", le.File)
			require.Equal(t, tc.line, le.Line, err.Error())
			require.Equal(t, tc.column, le.Column, err.Error())
			prefix := fmt.Sprintf("prices.csv:%d: ", tc.line)
			if tc.column != "" {
				prefix += fmt.Sprintf("column %q: ", tc.column)
			}
			require.True(t, strings.HasPrefix(err.Error(), prefix), "%q does not start with %q", err.Error(), prefix)
			require.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestReadHourly(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int
		msg  string
	}{
		{"hourly ok", "timestamp,a\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,2\n", 0, ""},
		{"daily dates rejected", "date,a\n2024-01-01,1\n2024-01-02,2\n", 3, "prices.csv:3: daily series (24h step between lines 2 and 3); an hourly series is required"},
		{"daily timestamps rejected", "t,a\n2024-01-01T06:00:00Z,1\n2024-01-02T06:00:00Z,2\n", 3, "daily series"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ReadHourly(strings.NewReader(tc.in), "prices.csv")
			if tc.msg == "" {
				require.NoError(t, err)
				require.Equal(t, time.Hour, s.Step)
				return
			}
			var le *LineError
			require.ErrorAs(t, err, &le)
			require.Equal(t, tc.line, le.Line)
			require.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestReadSeriesColumns(t *testing.T) {
	const in = "hour_start_utc,hour_start_central,HB_NORTH,HB_WEST,n_intervals\n" +
		"2023-01-01T06:00:00Z,2023-01-01T00:00:00-06:00,-2.1175,-2.0850,4\n" +
		"2023-01-01T07:00:00Z,2023-01-01T01:00:00-06:00,-1.15,-1.06,4\n"
	tests := []struct {
		name    string
		want    []string
		columns []string
		values  [][]float64
		err     string
	}{
		{"subset in requested order", []string{"HB_WEST", "HB_NORTH"}, []string{"HB_WEST", "HB_NORTH"}, [][]float64{{-2.085, -1.06}, {-2.1175, -1.15}}, ""},
		{"single", []string{"n_intervals"}, []string{"n_intervals"}, [][]float64{{4, 4}}, ""},
		{"text column requested", []string{"hour_start_central"}, nil, nil, `prices.csv:2: column "hour_start_central": value "2023-01-01T00:00:00-06:00" is not a number`},
		{"missing column", []string{"HB_SOUTH"}, nil, nil, `prices.csv:1: column "HB_SOUTH": not found in the header (have: hour_start_central, HB_NORTH, HB_WEST, n_intervals)`},
		{"timestamp column is not a value column", []string{"hour_start_utc"}, nil, nil, "not found in the header"},
		{"nothing requested", nil, nil, nil, "no columns requested"},
		{"requested twice", []string{"HB_WEST", "HB_WEST"}, nil, nil, `column "HB_WEST" requested twice`},
		{"empty name", []string{""}, nil, nil, "empty column name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ReadSeriesColumns(strings.NewReader(in), "prices.csv", tc.want)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				require.Contains(t, err.Error(), "prices.csv")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.columns, s.Columns)
			require.Equal(t, tc.values, s.Values)
		})
	}
}

func TestReadSeriesColumnsAmbiguous(t *testing.T) {
	in := "t,a,a,b\n2024-01-01T00:00:00Z,1,2,3\n"
	_, err := ReadSeriesColumns(strings.NewReader(in), "x.csv", []string{"a"})
	require.ErrorContains(t, err, `x.csv:1: column "a": ambiguous`)
	s, err := ReadSeriesColumns(strings.NewReader(in), "x.csv", []string{"b"})
	require.NoError(t, err)
	require.Equal(t, []float64{3}, s.Values[0])
}

func TestReadSeriesNilAndNames(t *testing.T) {
	_, err := ReadSeries(nil, "x.csv")
	require.ErrorContains(t, err, "x.csv")
	_, err = ReadSeries(strings.NewReader("t,a\n2024-01-01T00:00:00Z,z\n"), "")
	require.ErrorContains(t, err, "<input>:2:")
}

// errReader fails after returning its data.
type errReader struct{ data string }

func (e *errReader) Read(p []byte) (int, error) {
	if e.data == "" {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, e.data)
	e.data = e.data[n:]
	return n, nil
}

func TestReadSeriesIOError(t *testing.T) {
	_, err := ReadSeries(&errReader{data: "t,a\n2024-01-01T00:00:00Z,1\n"}, "prices.csv")
	require.ErrorContains(t, err, "read prices.csv: disk on fire")
}

func TestSeriesColumnAndLen(t *testing.T) {
	s := &Series{Times: []time.Time{utc(2024, 1, 1, 0)}, Columns: []string{"a", "b"}, Values: [][]float64{{1}, {2}}}
	tests := []struct {
		name string
		s    *Series
		col  string
		want []float64
		ok   bool
		n    int
	}{
		{"present", s, "b", []float64{2}, true, 1},
		{"absent", s, "c", nil, false, 1},
		{"nil series", nil, "a", nil, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.s.Column(tc.col)
			require.Equal(t, tc.ok, ok)
			require.Equal(t, tc.want, got)
			require.Equal(t, tc.n, tc.s.Len())
		})
	}
}

func TestLineErrorFormat(t *testing.T) {
	tests := []struct {
		err  LineError
		want string
	}{
		{LineError{File: "prices.csv", Line: 17, Column: "HB_WEST", Msg: `value "abc" is not a number`}, `prices.csv:17: column "HB_WEST": value "abc" is not a number`},
		{LineError{File: "prices.csv", Line: 3, Msg: "gap"}, "prices.csv:3: gap"},
		{LineError{File: "prices.csv", Msg: "broken"}, "prices.csv: broken"},
		{LineError{Line: 2, Msg: "broken"}, "<input>:2: broken"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			require.Equal(t, tc.want, tc.err.Error())
		})
	}
}
