package grid

import "time"

// Series is a regular time series table: a timestamp column then named value columns.
type Series struct {
	File    string        // name used in error messages
	Step    time.Duration // time.Hour, Day, or Year (calendar years)
	Times   []time.Time   // UTC, strictly regular with Step (whole hours apart from LoadHourlyGaps)
	Columns []string      // header names after the timestamp column
	Values  [][]float64   // Values[c][t] (NaN for a missing value from LoadHourlyGaps)
	// AveragedFrom is the original step of a sub-hourly file that
	// ReadHourlyColumns averaged to hours; 0 otherwise.
	AveragedFrom time.Duration
	// Lines[i] is the file line of row i (of an hour's first row when
	// averaged), for messages about values.
	Lines []int32
}

// LineOf returns the file line of row i (0 when unknown).
func (s *Series) LineOf(i int) int {
	if s == nil || i < 0 || i >= len(s.Lines) {
		return 0
	}
	return int(s.Lines[i])
}

// Len returns the number of time steps (rows) in s. A nil Series has length 0.
func (s *Series) Len() int {
	if s == nil {
		return 0
	}
	return len(s.Times)
}

// Column returns the values of the column with the given header name and
// whether it exists. The returned slice is shared with s, not copied.
func (s *Series) Column(name string) ([]float64, bool) {
	if s == nil {
		return nil, false
	}
	for i, c := range s.Columns {
		if c == name && i < len(s.Values) {
			return s.Values[i], true
		}
	}
	return nil, false
}
