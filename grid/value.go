package grid

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gridflip/gridflip/internal/input"
)

// maxShownValue is the most characters of a field quoted in a message.
const maxShownValue = 40

// shown quotes a field for a message, cut to maxShownValue characters,
// control characters escaped; a field of binary data is described, not
// quoted.
func shown(raw string) string {
	if input.Binary([]byte(raw)) {
		return fmt.Sprintf("(binary data, %d bytes)", len(raw))
	}
	if utf8.RuneCountInString(raw) <= maxShownValue {
		return strconv.Quote(raw)
	}
	runes := []rune(raw)
	return strconv.Quote(string(runes[:maxShownValue])) + fmt.Sprintf("… (%d characters)", len(runes))
}

// parseValue parses one value field written as a plain decimal number
// (digits, a point, an exponent). It returns a non-empty message when the
// field is empty, not such a number, out of range, NaN or infinite.
func parseValue(raw string) (float64, string) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return 0, "empty value: every row needs a number in every column"
	}
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err == nil && !plainNumber(s):
		if math.IsNaN(v) {
			return 0, fmt.Sprintf("value %s is NaN: fill or drop missing data before loading", shown(raw))
		}
		if math.IsInf(v, 0) {
			return 0, fmt.Sprintf("value %s is infinite", shown(raw))
		}
		return 0, fmt.Sprintf("value %s is not a plain decimal number (hexadecimal and digit separators are refused): write digits, a point and an optional exponent, e.g. 1000 or 1.5e3", shown(raw))
	case err == nil:
		return v, ""
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Sprintf("value %s is out of range for a float64", shown(raw))
	default:
		return 0, fmt.Sprintf("value %s is not a number", shown(raw))
	}
}

// plainNumber reports whether s is [+-]digits[.digits][(e|E)[+-]digits]
// with at least one digit before the exponent.
func plainNumber(s string) bool {
	i, digits := 0, 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}
