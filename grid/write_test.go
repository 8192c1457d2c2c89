package grid

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestWriteCSVRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		s    *Series
		want string
	}{
		{
			name: "hourly",
			s: &Series{File: "x", Step: time.Hour,
				Times:   []time.Time{utc(2024, 1, 1, 0), utc(2024, 1, 1, 1)},
				Columns: []string{"HB_WEST", "odd, \"name\""},
				Values:  [][]float64{{12.34, -0.5}, {math.Copysign(0, -1), 1e-7}}},
			want: "timestamp,HB_WEST,\"odd, \"\"name\"\"\"\n2024-01-01T00:00:00Z,12.34,0\n2024-01-01T01:00:00Z,-0.5,0.0000001\n",
		},
		{
			name: "daily, non-UTC times written in UTC",
			s: &Series{File: "x", Step: Day,
				Times:   []time.Time{utc(2024, 1, 1, 0).In(time.FixedZone("CST", -6*3600)), utc(2024, 1, 2, 0)},
				Columns: []string{"hp"},
				Values:  [][]float64{{50, 51.25}}},
			want: "timestamp,hp\n2024-01-01T00:00:00Z,50\n2024-01-02T00:00:00Z,51.25\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteCSV(&buf, tc.s))
			require.Equal(t, tc.want, buf.String())
			back, err := ReadSeries(strings.NewReader(buf.String()), "back.csv")
			require.NoError(t, err)
			require.Equal(t, tc.s.Step, back.Step)
			require.Equal(t, tc.s.Columns, back.Columns)
			for i := range tc.s.Times {
				require.True(t, tc.s.Times[i].Equal(back.Times[i]))
			}
			for c := range tc.s.Values {
				for i, v := range tc.s.Values[c] {
					require.Equal(t, v, back.Values[c][i]+0) // +0 folds -0
				}
			}
		})
	}
}

func TestWriteCSVErrors(t *testing.T) {
	times := []time.Time{utc(2024, 1, 1, 0)}
	tests := []struct {
		name string
		s    *Series
		err  string
	}{
		{"nil", nil, "nil series"},
		{"no columns", &Series{File: "p", Times: times}, "write p: no value columns"},
		{"ragged names", &Series{File: "p", Times: times, Columns: []string{"a"}, Values: [][]float64{{1}, {2}}}, "1 column names but 2 value columns"},
		{"no rows", &Series{File: "p", Columns: []string{"a"}, Values: [][]float64{{}}}, "no rows"},
		{"short column", &Series{File: "p", Times: times, Columns: []string{"a"}, Values: [][]float64{{}}}, `column "a" has 0 values for 1 timestamps`},
		{"NaN", &Series{File: "p", Times: times, Columns: []string{"a"}, Values: [][]float64{{math.NaN()}}}, `column "a": value at 2024-01-01T00:00:00Z is NaN`},
		{"empty name", &Series{File: "p", Times: times, Columns: []string{""}, Values: [][]float64{{1}}}, "empty name"},
		{"duplicate name", &Series{File: "p", Times: times, Columns: []string{"a", "a"}, Values: [][]float64{{1}, {1}}}, `duplicate column name "a"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorContains(t, WriteCSV(&bytes.Buffer{}, tc.s), tc.err)
		})
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteCSVWriterError(t *testing.T) {
	s := &Series{File: "p", Times: []time.Time{utc(2024, 1, 1, 0)}, Columns: []string{"a"}, Values: [][]float64{{1}}}
	require.ErrorContains(t, WriteCSV(failWriter{}, s), "write p: disk full")
}
