package grid

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// ReadSeries parses a CSV series; name is used in error messages.
// Every column after the timestamp column is read and must hold finite
// numbers; the header names must be non-empty and unique. Errors that point
// into the file are *LineError values.
func ReadSeries(r io.Reader, name string) (*Series, error) {
	return readSeries(r, name, nil, false)
}

// ReadHourly is ReadSeries plus the requirement Step == time.Hour.
func ReadHourly(r io.Reader, name string) (*Series, error) {
	return readSeries(r, name, nil, true)
}

// ReadSeriesColumns is ReadSeries restricted to the value columns named in
// want (by header name), returned in the order of want. Other columns are
// not parsed, so they may hold text, but every row must still have as many
// fields as the header. A wanted column missing from the header is an error
// that lists the columns the header has.
func ReadSeriesColumns(r io.Reader, name string, want []string) (*Series, error) {
	if len(want) == 0 {
		return nil, fmt.Errorf("read %s: no columns requested", displayName(name))
	}
	seen := make(map[string]bool, len(want))
	for _, w := range want {
		if strings.TrimSpace(w) == "" {
			return nil, fmt.Errorf("read %s: empty column name requested", displayName(name))
		}
		if seen[w] {
			return nil, fmt.Errorf("read %s: column %q requested twice", displayName(name), w)
		}
		seen[w] = true
	}
	return readSeries(r, name, want, false)
}

func readHourlyColumns(r io.Reader, name string, o readOptions) (*Series, error) {
	s, err := readSeriesOpts(r, name, o)
	if err != nil {
		return nil, err
	}
	if s.Step >= time.Hour {
		return s, nil
	}
	return AverageToHours(s)
}

// AverageToHours averages a sub-hourly series (a step that divides an hour)
// to hourly means. The series must start on the hour and end with a whole hour.
func AverageToHours(s *Series) (*Series, error) {
	if s == nil || s.Len() == 0 || s.Step <= 0 || s.Step >= time.Hour || time.Hour%s.Step != 0 {
		return nil, fmt.Errorf("average to hours: need a non-empty series whose step divides an hour")
	}
	per := int(time.Hour / s.Step)
	first := s.Times[0]
	if !first.Equal(first.Truncate(time.Hour)) {
		return nil, &LineError{File: s.File, Line: 2, Msg: fmt.Sprintf("a %s series must start on the hour to be averaged to hours, it starts at %s", s.Step, formatTime(first))}
	}
	if len(s.Times)%per != 0 {
		return nil, &LineError{File: s.File, Line: len(s.Times) + 1, Msg: fmt.Sprintf("the last hour is incomplete: %d of %d %s rows", len(s.Times)%per, per, s.Step)}
	}
	n := len(s.Times) / per
	out := &Series{File: s.File, Step: time.Hour, Columns: s.Columns, AveragedFrom: s.Step,
		Times: make([]time.Time, n), Values: make([][]float64, len(s.Values)), Lines: make([]int32, n)}
	for h := range n {
		out.Times[h] = s.Times[h*per]
		out.Lines[h] = s.Lines[h*per]
	}
	for c, col := range s.Values {
		avg := make([]float64, n)
		for h := range n {
			var sum float64
			for _, v := range col[h*per : (h+1)*per] {
				sum += v
			}
			avg[h] = sum / float64(per)
		}
		out.Values[c] = avg
	}
	return out, nil
}

// displayName returns name, or a placeholder when it is empty.
func displayName(name string) string {
	if name == "" {
		return "<input>"
	}
	return name
}

// readOptions say which columns to read and which steps to accept.
type readOptions struct {
	want    []string                                // the columns to read; nil: all
	choose  func(header []string) ([]string, error) // picks want from the header when set
	hourly  bool                                    // refuse a daily step
	subHour bool                                    // accept steps that divide an hour
	yearly  bool                                    // accept a calendar-year step
	gaps    bool                                    // hourly rows that may skip hours
	missing bool                                    // an empty value is NaN (missing), not an error
}

// readSeries is the shared implementation: want == nil reads all columns,
// hourly rejects daily files.
func readSeries(r io.Reader, name string, want []string, hourly bool) (*Series, error) {
	return readSeriesOpts(r, name, readOptions{want: want, hourly: hourly})
}

// readSeriesOpts reads a series as o says.
func readSeriesOpts(r io.Reader, name string, o readOptions) (*Series, error) {
	name = displayName(name)
	if r == nil {
		return nil, fmt.Errorf("read %s: nil reader", name)
	}
	size := sizeHint(r)
	cr := csv.NewReader(skipBOM(r))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1

	rec, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &LineError{File: name, Line: 1, Msg: "empty file: expected a header row (a timestamp column, then one column per series)"}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	headerLine, _ := cr.FieldPos(0)
	want := o.want
	if o.choose != nil {
		names, err := parseHeader(name, headerLine, rec, nil)
		if err != nil {
			return nil, err
		}
		if want, err = o.choose(names.names); err != nil {
			return nil, err
		}
	}
	hdr, err := parseHeader(name, headerLine, rec, want)
	if err != nil {
		return nil, err
	}
	headerEnd := cr.InputOffset()

	ncol := len(hdr.names)
	var times []time.Time
	var lines []int32
	var flat []float64 // row-major values, transposed into columns at the end
	tc := timeChecker{file: name, hourly: o.hourly, subHour: o.subHour, yearly: o.yearly, gaps: o.gaps}
	for {
		rec, err = cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != hdr.fields {
			return nil, &LineError{File: name, Line: line, Msg: fmt.Sprintf("has %d fields, the header has %d", len(rec), hdr.fields)}
		}
		t, err := parseTimestamp(rec[0])
		if err != nil {
			return nil, &LineError{File: name, Line: line, Column: hdr.timeName, Msg: err.Error()}
		}
		if err := tc.add(t, line, rec[0]); err != nil {
			return nil, err
		}
		if times == nil {
			rows := estimateRows(size, cr.InputOffset()-headerEnd, ncol)
			times, flat, lines = make([]time.Time, 0, rows), make([]float64, 0, rows*ncol), make([]int32, 0, rows)
		}
		times = append(times, t)
		lines = append(lines, int32(line))
		for j, c := range hdr.index {
			if o.missing && strings.TrimSpace(rec[c]) == "" {
				flat = append(flat, math.NaN())
				continue
			}
			v, msg := parseValue(rec[c])
			if msg != "" {
				vline, _ := cr.FieldPos(c)
				return nil, &LineError{File: name, Line: vline, Column: hdr.names[j], Msg: msg}
			}
			flat = append(flat, v)
		}
	}
	if len(times) == 0 {
		return nil, &LineError{File: name, Line: headerLine + 1, Msg: "no data rows after the header"}
	}
	if err := tc.finish(); err != nil {
		return nil, err
	}
	step := tc.step
	if step == 0 {
		step = time.Hour // a single row: hourly by convention
	}
	return &Series{File: name, Step: step, Times: times, Columns: hdr.names, Values: columns(flat, len(times), ncol), Lines: lines}, nil
}

// skipBOM drops a UTF-8 byte-order mark at the start of r, before the CSV
// reader sees it: a mark before a quoted header ("\ufeff\"timestamp\"")
// would otherwise be a bare quote in an unquoted field. An error reading
// the first bytes is kept for the CSV reader to return.
func skipBOM(r io.Reader) io.Reader {
	head := make([]byte, len(bom))
	n, err := io.ReadFull(r, head)
	switch {
	case err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF):
		return io.MultiReader(bytes.NewReader(head[:n]), failed{err})
	case string(head[:n]) == bom:
		return r
	}
	return io.MultiReader(bytes.NewReader(head[:n]), r)
}

// failed is a reader that returns err.
type failed struct{ err error }

func (f failed) Read([]byte) (int, error) { return 0, f.err }

// bom is the UTF-8 byte-order mark.
const bom = "\ufeff"

// csvError converts an encoding/csv error into a LineError when it has a position.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &LineError{File: name, Line: pe.Line, Msg: fmt.Sprintf("invalid CSV (character %d): %v", pe.Column, pe.Err)}
	}
	return fmt.Errorf("read %s: %w", name, err)
}
