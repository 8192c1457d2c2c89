package grid

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gridflip/gridflip/internal/input"
)

// header describes the columns selected from a series file's header row.
type header struct {
	fields   int      // number of fields every row must have
	timeName string   // name of the timestamp column (may be empty)
	names    []string // selected value column names, in output order
	index    []int    // field index of each selected column
}

// parseHeader validates the header record and selects the value columns:
// all of them when want is nil, else the ones named in want.
func parseHeader(file string, line int, rec []string, want []string) (header, error) {
	fields := make([]string, len(rec))
	for i, f := range rec {
		fields[i] = strings.TrimSpace(f)
	}
	fields[0] = strings.TrimPrefix(fields[0], "\ufeff")
	if msg := headerKind(fields); msg != "" {
		return header{}, &LineError{File: file, Line: line, Msg: "not a CSV header: " + msg}
	}
	if _, err := parseTimestamp(fields[0]); err == nil {
		return header{}, &LineError{File: file, Line: line, Msg: fmt.Sprintf(
			"missing header row: the first row starts with the timestamp %s; add a header such as timestamp,HB_WEST", shown(rec[0]))}
	}
	if len(fields) < 2 {
		return header{}, &LineError{File: file, Line: line, Msg: fmt.Sprintf(
			"header %s has no value columns: need a timestamp column, then at least one named value column", shown(strings.Join(rec, ",")))}
	}
	h := header{fields: len(fields), timeName: fields[0]}
	if want == nil {
		return selectAll(file, line, h, fields)
	}
	return selectWanted(file, line, h, fields, want)
}

// maxTimeName and maxColumnName bound the header's names, in characters.
const (
	maxTimeName   = 64
	maxColumnName = 256
)

// headerKind says why a header row is not one (a password file, an
// environment, a binary given as a CSV), without quoting it: "" when its
// first field can name a timestamp column and the others value columns.
func headerKind(fields []string) string {
	first := fields[0]
	switch {
	case input.Binary([]byte(first)):
		return "expected a timestamp column first, then value columns; the first line is binary data"
	case !timeColumnName(first):
		if _, err := parseTimestamp(first); err == nil {
			return "" // a data row: the caller says a header is missing
		}
		return "expected a timestamp column first, then value columns; the first line is text, not column names"
	}
	for i, f := range fields[1:] {
		switch {
		case input.Binary([]byte(f)):
			return fmt.Sprintf("header field %d is binary data, not a column name", i+2)
		case utf8.RuneCountInString(f) > maxColumnName:
			return fmt.Sprintf("header field %d is %d characters long, over the %d of a column name", i+2, utf8.RuneCountInString(f), maxColumnName)
		}
	}
	return ""
}

// timeColumnName reports whether s can name a timestamp column: empty (a
// pandas index), or at most maxTimeName letters, digits, spaces and
// _ - . / ( ) [ ] # % + &. A line of a password or environment file
// (root:$6$…, PATH=/usr/bin) cannot.
func timeColumnName(s string) bool {
	if utf8.RuneCountInString(s) > maxTimeName {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ' ' && !strings.ContainsRune("_-./()[]#%+&", r) {
			return false
		}
	}
	return true
}

// selectAll selects every value column; names must be non-empty and unique.
func selectAll(file string, line int, h header, fields []string) (header, error) {
	first := make(map[string]int, len(fields))
	for i := 1; i < len(fields); i++ {
		n := fields[i]
		if n == "" {
			return header{}, &LineError{File: file, Line: line, Msg: fmt.Sprintf("header field %d is empty: every value column needs a name", i+1)}
		}
		if j, dup := first[n]; dup {
			return header{}, &LineError{File: file, Line: line, Column: n, Msg: fmt.Sprintf("duplicate column name (header fields %d and %d)", j+1, i+1)}
		}
		first[n] = i
		h.names = append(h.names, n)
		h.index = append(h.index, i)
	}
	return h, nil
}

// selectWanted selects the columns named in want, in that order.
func selectWanted(file string, line int, h header, fields []string, want []string) (header, error) {
	for _, w := range want {
		w = strings.TrimSpace(w)
		at := -1
		for i := 1; i < len(fields); i++ {
			if fields[i] != w {
				continue
			}
			if at >= 0 {
				return header{}, &LineError{File: file, Line: line, Column: w, Msg: fmt.Sprintf("ambiguous: the header names it twice (fields %d and %d)", at+1, i+1)}
			}
			at = i
		}
		if at < 0 {
			return header{}, &LineError{File: file, Line: line, Column: w, Msg: fmt.Sprintf("not found in the header (have: %s)", listNames(fields[1:]))}
		}
		h.names = append(h.names, w)
		h.index = append(h.index, at)
	}
	return h, nil
}

// listNames lists header names for a message, at most ten of them.
func listNames(names []string) string {
	if len(names) <= 10 {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:10], ", ") + fmt.Sprintf(" and %d more", len(names)-10)
}
