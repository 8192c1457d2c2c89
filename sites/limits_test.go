package sites

import (
	"fmt"
	"strings"
	"testing"
	"time"

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

// manyScenarios is a scenarios file of n [[scenario]] tables.
func manyScenarios(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[[scenario]]\nid = \"s%d\"\nprice_scale = 1.1\n\n", i)
	}
	return []byte(b.String())
}

// TestDecodeRefusesTooManyScenarios checks the documented counts: a
// scenarios file holds at most MaxWhatIfs tables, a case (and an
// uncertainty set) at most MaxScenarios, refused at the first table too
// many before any per-scenario work, so even 100,000 take well under a
// second.
func TestDecodeRefusesTooManyScenarios(t *testing.T) {
	huge := manyScenarios(100_000)
	began := time.Now()
	_, err := DecodeScenarios(huge, "s.toml")
	elapsed := time.Since(began)
	var issues Issues
	require.ErrorAs(t, err, &issues)
	require.Len(t, issues, 1)
	require.Equal(t, 4*MaxWhatIfs+1, issues[0].Line, "the first [[scenario]] too many")
	require.Contains(t, issues[0].Error(), "more than 10000 [[scenario]] tables")
	require.Less(t, elapsed, time.Second, "refused before per-scenario work")
	t.Logf("100,000 scenarios refused in %v", elapsed)

	inline := "scenario = [" + strings.Repeat(`{id = "x"}, `, MaxWhatIfs+1) + "]\n"
	_, err = DecodeScenarios([]byte(inline), "s.toml")
	require.ErrorContains(t, err, "more than 10000 [[scenario]] tables")

	list, err := DecodeScenarios(manyScenarios(MaxScenarios+1), "s.toml")
	require.NoError(t, err, "a sweep may run that many what-ifs")
	require.ErrorContains(t, CheckUncertaintySet(list),
		fmt.Sprintf("s.toml:%d: more than 1000 scenarios in one stochastic plan", 4*MaxScenarios+1))

	text := caseText(nil) + "\n" + string(manyScenarios(MaxScenarios+1))
	_, err = Decode([]byte(text), "case.toml")
	require.ErrorAs(t, err, &issues)
	require.Len(t, issues, 1)
	require.Contains(t, issues[0].Error(), "more than 1000 [[scenario]] tables")
}

// TestDecodeRefusesLongIDs: an id names files (a sweep's
// scenario-<id>.json) and table rows, so it is at most MaxIDLen bytes,
// refused at its line.
func TestDecodeRefusesLongIDs(t *testing.T) {
	long := strings.Repeat("x", 5000)
	for _, tc := range []struct {
		name      string
		scenarios bool
		text      string
		line      int
	}{
		{"site", false, caseText(map[int]string{12: `id = "` + long + `"`}), 12},
		{"hall", false, caseText(map[int]string{26: `id = "` + long + `"`}), 26},
		{"case scenario", false, caseText(nil, "[[scenario]]", `id = "`+long+`"`), 34},
		{"sweep what-if", true, "[[scenario]]\nid = \"ok\"\n[[scenario]]\nid = \"" + long + "\"\n", 4},
		{"just too long", true, "[[scenario]]\nid = \"" + strings.Repeat("a", MaxIDLen+1) + "\"\n", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.scenarios {
				_, err = DecodeScenarios([]byte(tc.text), "f.toml")
			} else {
				_, err = Decode([]byte(tc.text), "f.toml")
			}
			var issues Issues
			require.ErrorAs(t, err, &issues)
			require.Len(t, issues, 1)
			require.Equal(t, tc.line, issues[0].Line)
			require.Contains(t, issues[0].Error(), fmt.Sprintf("at most %d characters", MaxIDLen))
			require.Less(t, len(issues[0].Error()), 400, "the message does not repeat the whole id")
		})
	}
	_, err := DecodeScenarios([]byte("[[scenario]]\nid = \""+strings.Repeat("a", MaxIDLen)+"\"\n"), "f.toml")
	require.NoError(t, err)
}
