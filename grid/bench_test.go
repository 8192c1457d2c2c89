package grid

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// yearCSV returns a year of hourly data with ncol columns.
func yearCSV(tb testing.TB, ncol int) []byte {
	tb.Helper()
	s := &Series{File: "bench", Step: time.Hour, Times: make([]time.Time, 8784), Columns: make([]string, ncol), Values: make([][]float64, ncol)}
	for i := range s.Times {
		s.Times[i] = utc(2024, 1, 1, 0).Add(time.Duration(i) * time.Hour)
	}
	for c := range ncol {
		s.Columns[c] = fmt.Sprintf("node_%03d", c)
		s.Values[c] = make([]float64, len(s.Times))
		for i := range s.Values[c] {
			s.Values[c][i] = float64((i*31+c*17)%10000)/100 - 10
		}
	}
	var buf bytes.Buffer
	require.NoError(tb, WriteCSV(&buf, s))
	return buf.Bytes()
}

func TestReadYear100Columns(t *testing.T) {
	data := yearCSV(t, 100)
	start := time.Now()
	s, err := ReadHourly(bytes.NewReader(data), "year.csv")
	require.NoError(t, err)
	require.Equal(t, 8784, s.Len())
	require.Len(t, s.Values, 100)
	require.Less(t, time.Since(start), 5*time.Second, "a year of 100 hourly columns must load fast")
	for _, col := range s.Values {
		require.Equal(t, len(col), cap(col), "columns are exactly sized")
	}
}

func BenchmarkReadHourlyYear100Columns(b *testing.B) {
	data := yearCSV(b, 100)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadHourly(bytes.NewReader(data), "year.csv"); err != nil {
			b.Fatal(err)
		}
	}
}
