package sites

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// baseLines returns a small valid case, one line per element. Tests edit
// single lines in place, so line numbers stay stable; "# spare" lines are
// free slots for extra keys.
func baseLines() []string {
	return []string{
		/* 1 */ `# spare (top level)`,
		/* 2 */ `[grid]`,
		/* 3 */ `prices = "prices.csv"`,
		/* 4 */ `[market]`,
		/* 5 */ `hashprice_usd_per_ph_day = 45.0`,
		/* 6 */ `ai_lease_usd_per_kw_month = 140.0`,
		/* 7 */ `# spare (market)`,
		/* 8 */ `[finance]`,
		/* 9 */ `discount_rate = 0.07`,
		/* 10 */ `life_years = 15`,
		/* 11 */ `[[sites]]`,
		/* 12 */ `id = "rockdale"`,
		/* 13 */ `region = "ERCOT"`,
		/* 14 */ `node = "HB_WEST"`,
		/* 15 */ `interconnect_mw = 700`,
		/* 16 */ `# spare (site)`,
		/* 17 */ `[sites.mining]`,
		/* 18 */ `capacity_it_mw = 650`,
		/* 19 */ `efficiency_j_per_th = 21.0`,
		/* 20 */ `pue = 1.05`,
		/* 21 */ `# spare (mining)`,
		/* 22 */ `[sites.ai]`,
		/* 23 */ `utilization = 0.8`,
		/* 24 */ `# spare (ai)`,
		/* 25 */ `[[sites.conversion]]`,
		/* 26 */ `id = "hall-a"`,
		/* 27 */ `it_mw = 100`,
		/* 28 */ `cooling = "liquid"`,
		/* 29 */ `rack_kw = 120`,
		/* 30 */ `pue = 1.15`,
		/* 31 */ `capex_usd_per_mw = 10.0e6`,
		/* 32 */ `# spare (hall)`,
	}
}

// caseText returns baseLines with edits applied (1-based line -> new text;
// "#" blanks a line) and extra lines appended.
func caseText(edits map[int]string, extra ...string) string {
	lines := baseLines()
	for n, text := range edits {
		lines[n-1] = text
	}
	return strings.Join(append(lines, extra...), "\n") + "\n"
}

func TestBaseCaseIsValid(t *testing.T) {
	require.Len(t, baseLines(), 32)
	c, err := Decode([]byte(caseText(nil)), "case.toml")
	require.NoError(t, err)
	require.Equal(t, "case", c.Name)
	require.Len(t, c.Sites, 1)
}
