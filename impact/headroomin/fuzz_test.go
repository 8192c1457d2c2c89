package headroomin

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gridflip/gridflip/impact"
)

// FuzzReadLoad (seeds in testdata/fuzz/FuzzReadLoad): any bytes give a table or an error, never a panic; a
// table has a regular axis, one column per header name, and loads that
// are missing (NaN) or at least 0.
func FuzzReadLoad(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := readText(string(data))
		if err != nil {
			if tab != nil {
				t.Fatal("table returned with an error")
			}
			return
		}
		n := tab.Hours()
		if n < 1 || n > maxHours || len(tab.Values) != len(tab.Columns) {
			t.Fatalf("%d hours, %d columns, %d value columns", n, len(tab.Columns), len(tab.Values))
		}
		for _, col := range tab.Values {
			if len(col) != n {
				t.Fatal("ragged columns")
			}
			for _, v := range col {
				if !math.IsNaN(v) && (v < 0 || math.IsInf(v, 0)) {
					t.Fatalf("load %v", v)
				}
			}
		}
		if !tab.Start.Equal(tab.Start.UTC()) || tab.Start.Location() != time.UTC {
			t.Fatal("start not in UTC")
		}
	})
}

// FuzzParseConfig (seeds in testdata/fuzz/FuzzParseConfig): any bytes give settings or an error with a line,
// never a panic; settings always validate.
func FuzzParseConfig(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig(data, "fuzz.toml")
		if err != nil {
			if cfg != nil {
				t.Fatal("settings returned with an error")
			}
			if !strings.HasPrefix(err.Error(), "fuzz.toml") {
				t.Fatalf("error without the file name: %v", err)
			}
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("the decoder panicked: %v", err)
			}
			return
		}
		for id, c := range cfg {
			if err := c.Apply(impact.AreaSettings{}).Validate(); err != nil {
				t.Fatalf("area %q: %v", id, err)
			}
		}
	})
}

// FuzzDecodeCompact: corrupt copies give an error, never a panic or a
// huge allocation.
func FuzzDecodeCompact(f *testing.F) {
	tab := &Table{Start: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Columns: []string{"A"}, Values: [][]float64{{1, 2, 3}}}
	var b bytes.Buffer
	if err := EncodeCompact(&b, tab); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := DecodeCompact(bytes.NewReader(data), "fuzz")
		if err == nil && got.Hours() < 1 {
			t.Fatal("empty table")
		}
	})
}
