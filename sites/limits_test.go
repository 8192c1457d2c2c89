package sites

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDecodeRefusesPathologicalNesting covers inputs the TOML parser would
// take very long on; they are refused up front with a located issue.
func TestDecodeRefusesPathologicalNesting(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		line       int
		msg        string
	}{
		{"deep inline tables", "# x\na = " + strings.Repeat("{b=", 10000), 2, "nested more than 32 levels"},
		{"deep arrays", "a = " + strings.Repeat("[", 10000), 1, "nested more than 32 levels"},
		{"long dotted key", "\n\n" + strings.Repeat("a.", 10000) + "b = 1", 3, "more than 16 dotted parts"},
		{"long table header", "[" + strings.Repeat("a.", 10000) + "b]", 1, "more than 16 dotted parts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.text), "case.toml")
			var issues Issues
			require.ErrorAs(t, err, &issues)
			require.Len(t, issues, 1)
			require.Equal(t, tc.line, issues[0].Line)
			require.Contains(t, issues[0].Error(), tc.msg)
		})
	}

	// Nesting within the limits is left to the parser and the schema.
	_, err := Decode([]byte("a = "+strings.Repeat("[", 30)+strings.Repeat("]", 30)), "case.toml")
	require.ErrorContains(t, err, `unknown key "a"`)
}
