package grid

import (
	"strconv"
	"strings"

	"github.com/gridflip/gridflip/internal/input"
)

// LineError locates a problem in a series file: the file name, the 1-based
// line number (the header is line 1) and, when the problem is in one value
// column, that column's header name.
type LineError struct {
	File   string // file name as given to the reader
	Line   int    // 1-based line number in the file; 0 when unknown
	Column string // header name of the offending column; empty when not column-specific
	Msg    string // what is wrong
}

// Error formats the problem as `prices.csv:17: column "HB_WEST": value "abc" is not a number`.
// The line is omitted when it is 0 and the column part when Column is empty.
func (e *LineError) Error() string {
	var b strings.Builder
	file := e.File
	if file == "" {
		file = "<input>"
	}
	b.WriteString(file)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Column != "" {
		b.WriteString("column ")
		b.WriteString(input.Token(e.Column))
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}
