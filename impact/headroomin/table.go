// Package headroomin reads the inputs of a headroom run: an hourly load
// table (CSV, or the compact encoding of the bundled copy) and the
// areas' settings (TOML), with errors that name the file and line.
package headroomin

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/internal/input"
)

// Table is the hourly load of several areas on one regular axis: hour i
// starts at Start + i hours; Values[c][i] is area Columns[c]'s load in
// MW, NaN where the file has none.
type Table struct {
	File    string
	Start   time.Time
	Columns []string
	Values  [][]float64
}

// Hours is the length of the axis.
func (t *Table) Hours() int {
	if t == nil || len(t.Values) == 0 {
		return 0
	}
	return len(t.Values[0])
}

// maxHours bounds a table's axis (about 114 years of hours): a file whose
// first and last rows are further apart is refused before the axis is
// allocated.
const maxHours = 1_000_000

// ReadLoad reads a load CSV with o: a timestamp column (UTC or with an
// offset), then one column of MW per area; rows in order, an hour apart
// or skipping missing hours; an empty value is a missing one. Negative
// loads, non-numbers, duplicate columns and duplicate or out-of-order
// hours are errors naming file:line (and the column).
func ReadLoad(o *input.Opener, name string) (*Table, error) {
	s, err := grid.LoadHourlyGaps(o, name)
	if err != nil {
		return nil, err
	}
	return fromSeries(s)
}

// fromSeries places a series' rows on a regular axis and checks the loads.
func fromSeries(s *grid.Series) (*Table, error) {
	n := int(s.Times[len(s.Times)-1].Sub(s.Times[0])/time.Hour) + 1
	if n > maxHours {
		return nil, &grid.LineError{File: s.File, Line: s.LineOf(len(s.Times) - 1),
			Msg: fmt.Sprintf("the rows span %d hours from %s: at most %d are read", n, s.Times[0].Format(time.RFC3339), maxHours)}
	}
	t := &Table{File: s.File, Start: s.Times[0], Columns: s.Columns, Values: make([][]float64, len(s.Columns))}
	at := make([]int, len(s.Times))
	for i, tm := range s.Times {
		at[i] = int(tm.Sub(t.Start) / time.Hour)
	}
	for c, col := range s.Values {
		v := make([]float64, n)
		for i := range v {
			v[i] = math.NaN()
		}
		for i, x := range col {
			if x < 0 {
				return nil, &grid.LineError{File: s.File, Line: s.LineOf(i), Column: s.Columns[c], Msg: fmt.Sprintf("negative load %v MW: a load is at least 0", x)}
			}
			v[at[i]] = x
		}
		t.Values[c] = v
	}
	return t, nil
}

// Areas pairs each column of t with its settings: settings[id] when
// given, else fallback. A settings entry naming no column is an error.
func Areas(t *Table, settings map[string]impact.AreaSettings, fallback impact.AreaSettings) ([]impact.AreaLoad, error) {
	have := map[string]bool{}
	out := make([]impact.AreaLoad, len(t.Columns))
	for c, id := range t.Columns {
		have[id] = true
		s, ok := settings[id]
		if !ok {
			s = fallback
		}
		out[c] = impact.AreaLoad{ID: id, Start: t.Start, LoadMW: t.Values[c], Settings: s}
	}
	var missing []string
	for id := range settings {
		if !have[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("settings name areas that %s has no column for: %s (its columns: %s)", t.File, strings.Join(missing, ", "), strings.Join(t.Columns, ", "))
	}
	return out, nil
}
