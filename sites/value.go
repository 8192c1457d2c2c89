package sites

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// rng is an allowed numeric range with an optional explanation.
type rng struct {
	lo, hi         float64
	hasLo, hasHi   bool
	loOpen, hiOpen bool
	note           string
}

// between allows [lo, hi].
func between(lo, hi float64, note string) rng {
	return rng{lo: lo, hi: hi, hasLo: true, hasHi: true, note: note}
}

// contains reports whether v is allowed.
func (r rng) contains(v float64) bool {
	switch {
	case r.hasLo && r.loOpen && v <= r.lo, r.hasLo && !r.loOpen && v < r.lo:
		return false
	case r.hasHi && r.hiOpen && v >= r.hi, r.hasHi && !r.hiOpen && v > r.hi:
		return false
	}
	return true
}

// String describes the range, e.g. "between 0 and 1".
func (r rng) String() string {
	lo, hi := formatNumber(r.lo), formatNumber(r.hi)
	var s string
	switch {
	case r.hasLo && r.hasHi && !r.loOpen && !r.hiOpen:
		s = "between " + lo + " and " + hi
	case r.hasLo && r.hasHi:
		s = lowerWord(r.loOpen) + lo + " and " + upperWord(r.hiOpen) + hi
	case r.hasLo:
		s = lowerWord(r.loOpen) + lo
	case r.hasHi:
		s = upperWord(r.hiOpen) + hi
	default:
		s = "finite"
	}
	if r.note != "" {
		s += " (" + r.note + ")"
	}
	return s
}

// lowerWord phrases a lower bound.
func lowerWord(open bool) string {
	if open {
		return "greater than "
	}
	return "at least "
}

// upperWord phrases an upper bound.
func upperWord(open bool) string {
	if open {
		return "less than "
	}
	return "at most "
}

// formatNumber prints a float the way TOML would accept it back.
func formatNumber(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e16 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// formatValue prints a parsed TOML value for a message.
func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > maxRawLen {
			x = x[:maxRawLen] + "..."
		}
		return strconv.Quote(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return formatNumber(x)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.Format(time.RFC3339)
	case map[string]any:
		return "{...}"
	case []any, []map[string]any:
		return "[...]"
	}
	return fmt.Sprint(v)
}

// typeName names the TOML type of a parsed value, for messages.
func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date/time"
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	}
	return "an unsupported value"
}

// validID reports whether s matches [A-Za-z0-9_.-]+.
func validID(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '_' || c == '.' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// isFinite reports whether v is neither NaN nor infinite.
func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// interval writes the range in interval notation, e.g. "(0, 10⁶]"; ""
// when it has no bound.
func (r rng) interval() string {
	if !r.hasLo && !r.hasHi {
		return ""
	}
	lo, hi, open, shut := "−∞", "∞", "(", ")"
	if r.hasLo {
		lo = docNumber(r.lo)
		if !r.loOpen {
			open = "["
		}
	}
	if r.hasHi {
		hi = docNumber(r.hi)
		if !r.hiOpen {
			shut = "]"
		}
	}
	return open + lo + ", " + hi + shut
}

// docNumber prints a bound for the reference: powers of ten from 10⁴ up
// as 10ⁿ, other numbers as in messages with a true minus sign.
func docNumber(v float64) string {
	if v >= 1e4 && v < 1e16 {
		if e := math.Log10(v); e == math.Trunc(e) {
			return "10" + superscript(int(e))
		}
	}
	return strings.Replace(formatNumber(v), "-", "−", 1)
}

// superscript writes n (0 to 99) in superscript digits.
func superscript(n int) string {
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	d := []rune(digits)
	if n >= 10 {
		return string(d[n/10]) + string(d[n%10])
	}
	return string(d[n])
}
