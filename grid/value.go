package grid

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// parseValue parses one value field. It returns a non-empty message when the
// field is empty, not a number, out of range, NaN or infinite.
func parseValue(raw string) (float64, string) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return 0, "empty value: every row needs a number in every column"
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Sprintf("value %q is out of range for a float64", raw)
		}
		return 0, fmt.Sprintf("value %q is not a number", raw)
	}
	if math.IsNaN(v) {
		return 0, fmt.Sprintf("value %q is NaN: fill or drop missing data before loading", raw)
	}
	if math.IsInf(v, 0) {
		return 0, fmt.Sprintf("value %q is infinite", raw)
	}
	return v, ""
}
