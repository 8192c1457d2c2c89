package isoprices

import (
	"bytes"
	"context"
	"math"
	"testing"
	"time"

	"github.com/gridflip/gridflip/grid"
)

// FuzzImport feeds arbitrary bytes to every layout: Import must return an
// error or an hourly, gap-free, finite table whose rows a case can load.
// The seed corpus is in testdata/fuzz/FuzzImport.
func FuzzImport(f *testing.F) {
	f.Add(uint8(0), []byte(pjmRTHeader+"\n1/1/2024 5:00:00 AM,1/1/2024 12:00:00 AM,1,A,,,HUB,,1,20.5,0,0,TRUE,1\n"))
	f.Add(uint8(2), []byte(nyisoHeader+"\n\"11/03/2024 01:00\",\"WEST\",1,20,0,0\n\"11/03/2024 01:00\",\"WEST\",1,21,0,0\n"))
	f.Add(uint8(3), []byte(sppHeader+"\n01/01/2024 00:05:00,01/01/2024 06:05:00,N,N,21.5,0.1,0,21.4\n"))
	f.Add(uint8(4), []byte(eiaNYTitle+eiaNYHeader+"\n2024-11-03 06:00:00,2024-11-03 01:00:00,2024-11-03 01:00:00,2024-11-03,2,20,21,0,0,0,0\n2024-11-03 07:00:00,2024-11-03 01:00:00,2024-11-03 02:00:00,2024-11-03,3,22,23,0,0,0,0\n"))
	f.Add(uint8(5), []byte(ercotDAMHeader+"\n11/03/2024,02:00,N,HB_WEST,20.5\n11/03/2024,02:00,Y,HB_WEST,21.5\n"))
	f.Add(uint8(5), []byte(ercotRTMHeader+"\n03/10/2024,3,1,N,HB_NORTH,HU,20\n03/10/2024,3,2,N,HB_NORTH,HU,21\n03/10/2024,3,3,N,HB_NORTH,HU,22\n03/10/2024,3,4,N,HB_NORTH,HU,23\n"))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		iso := ISOs()[int(which)%len(ISOs())]
		opt := Options{ISO: iso, MaxPrices: 100_000}
		if which >= 128 { // the high bit fills gaps
			opt.Fill = FillMethods()[int(which>>4)%len(FillMethods())]
		}
		s, err := Import(context.Background(), []Input{Reader("20240101_fuzz.csv", bytes.NewReader(data))}, opt)
		if err != nil {
			return
		}
		if s.Step != time.Hour || s.Len() == 0 || len(s.Columns) != len(s.Values) {
			t.Fatalf("shape: step %v, %d rows, %d columns, %d value columns", s.Step, s.Len(), len(s.Columns), len(s.Values))
		}
		for k := 1; k < s.Len(); k++ {
			if !s.Times[k].Equal(s.Times[k-1].Add(time.Hour)) {
				t.Fatalf("row %d: %v is not an hour after %v", k, s.Times[k], s.Times[k-1])
			}
		}
		for c, col := range s.Values {
			if len(col) != s.Len() {
				t.Fatalf("column %q: %d values for %d rows", s.Columns[c], len(col), s.Len())
			}
			for _, v := range col {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("column %q: non-finite %v", s.Columns[c], v)
				}
			}
		}
		var b bytes.Buffer
		if err := grid.WriteCSV(&b, s); err != nil {
			t.Fatalf("an imported table cannot be written: %v", err)
		}
	})
}
