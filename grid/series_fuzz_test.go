package grid

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// checkSeriesInvariants fails t when a successfully read series breaks the
// reader's guarantees.
func checkSeriesInvariants(t *testing.T, s *Series, hourly bool) {
	t.Helper()
	if s == nil {
		t.Fatal("nil series without error")
	}
	if s.Step != time.Hour && (hourly || s.Step != Day) {
		t.Fatalf("step %v", s.Step)
	}
	if s.Len() == 0 || len(s.Columns) == 0 || len(s.Columns) != len(s.Values) {
		t.Fatalf("shape: %d rows, %d columns, %d value columns", s.Len(), len(s.Columns), len(s.Values))
	}
	for i, ts := range s.Times {
		if ts.Location() != time.UTC {
			t.Fatalf("row %d: time %v not in UTC", i, ts)
		}
		if i > 0 && !ts.Equal(s.Times[i-1].Add(s.Step)) {
			t.Fatalf("row %d: %v is not one step (%v) after %v", i, ts, s.Step, s.Times[i-1])
		}
	}
	for c, col := range s.Values {
		if len(col) != s.Len() {
			t.Fatalf("column %q has %d values, want %d", s.Columns[c], len(col), s.Len())
		}
		for i, v := range col {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("column %q row %d: non-finite %v", s.Columns[c], i, v)
			}
		}
	}
}

// checkMessage: an error never carries the file's raw bytes: no control
// character, no invalid UTF-8, no quoted value over maxShownValue.
func checkMessage(t *testing.T, err error) {
	msg := err.Error()
	if !utf8.ValidString(msg) {
		t.Fatalf("message is not UTF-8: %q", msg)
	}
	if strings.IndexFunc(msg, unicode.IsControl) >= 0 {
		t.Fatalf("message holds a control character: %q", msg)
	}
	if len(msg) > 2000 {
		t.Fatalf("message of %d bytes", len(msg))
	}
}

// addSeeds adds a few inputs besides the stored corpus in testdata/fuzz.
func addSeeds(f *testing.F) {
	f.Add([]byte("timestamp,a,b\n2024-01-01T00:00:00Z,1,2\n2024-01-01T01:00:00Z,3,4\n"))
	f.Add([]byte("date,hp\n2024-01-01,50\n2024-01-02,51\n"))
	f.Add([]byte("t,a\n2024-01-01 00:00-06:00,1e3\n2024-01-01 01:00-06:00,\"-2\"\n"))
	f.Add([]byte(""))
}

// FuzzReadSeries checks that ReadSeries never panics and that whatever it
// accepts is a regular, finite, rectangular series.
func FuzzReadSeries(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadSeries(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			if s != nil {
				t.Fatal("series returned with an error")
			}
			checkMessage(t, err)
			return
		}
		checkSeriesInvariants(t, s, false)
	})
}

// FuzzReadHourly is FuzzReadSeries for ReadHourly (the target `make fuzz` runs).
func FuzzReadHourly(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadHourly(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			checkMessage(t, err)
			return
		}
		checkSeriesInvariants(t, s, true)
	})
}
