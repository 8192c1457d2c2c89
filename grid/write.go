package grid

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
)

// WriteCSV writes s in the format ReadSeries reads: a header
// "timestamp,<columns>", then one row per time step with an RFC 3339 UTC
// timestamp and the values formatted with strconv 'f' and the shortest
// precision that reads back exactly (so a series rounded to cents prints
// at most 2 decimals). Values must be finite and every column must have
// s.Len() values.
func WriteCSV(w io.Writer, s *Series) error {
	if s == nil {
		return fmt.Errorf("write series: nil series")
	}
	name := displayName(s.File)
	if err := checkWritable(s); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	rec := make([]string, 1+len(s.Columns))
	rec[0] = "timestamp"
	copy(rec[1:], s.Columns)
	if err := cw.Write(rec); err != nil {
		return fmt.Errorf("write %s: header: %w", name, err)
	}
	var buf []byte
	for t, ts := range s.Times {
		rec[0] = formatTime(ts)
		for c, col := range s.Values {
			buf = strconv.AppendFloat(buf[:0], normZero(col[t]), 'f', -1, 64)
			rec[c+1] = string(buf)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write %s: row %d: %w", name, t+1, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// checkWritable verifies that s can be written and read back.
func checkWritable(s *Series) error {
	if len(s.Columns) == 0 {
		return fmt.Errorf("no value columns")
	}
	if len(s.Values) != len(s.Columns) {
		return fmt.Errorf("%d column names but %d value columns", len(s.Columns), len(s.Values))
	}
	if len(s.Times) == 0 {
		return fmt.Errorf("no rows")
	}
	seen := make(map[string]bool, len(s.Columns))
	for c, name := range s.Columns {
		if name == "" {
			return fmt.Errorf("column %d has an empty name", c+1)
		}
		if seen[name] {
			return fmt.Errorf("duplicate column name %q", name)
		}
		seen[name] = true
		if len(s.Values[c]) != len(s.Times) {
			return fmt.Errorf("column %q has %d values for %d timestamps", name, len(s.Values[c]), len(s.Times))
		}
		for t, v := range s.Values[c] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("column %q: value at %s is %v; only finite values can be written", name, formatTime(s.Times[t]), v)
			}
		}
	}
	return nil
}

// normZero turns -0 into 0 so that it prints as "0".
func normZero(v float64) float64 {
	if v == 0 {
		return 0
	}
	return v
}
