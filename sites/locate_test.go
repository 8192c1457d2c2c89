package sites

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLocate(t *testing.T) {
	src := `# a comment with key = "value" and [table]
name = "a # not a comment" # a comment
title = 'it''s = fine'
[grid] # trailing comment
prices = "p.csv"

[[sites]]
id = "one"
mining.pue = 1.05
"quoted key" = 1
ai = { utilization = 0.5, existing = { pue = 1.2 } }
notes = """
id = "fake"
[[sites]]
"""
lit = '''
[sites.mining] # not a header
'''
[sites.mining]
capacity_it_mw = 650
[[sites.conversion]]
id = "h0"
[[sites.conversion]]
id = "h1"
tags = [
  "x", # comment ] inside
  { id = "inline" },
]

[ sites . ai ]
utilization=0.8
[[sites]]
id = "two"
conversion = [ { id = "c0" },
  { id = "c1", pue = 1.1 } ]
escaped = "a \" # = b"
[market]
hashprice_usd_per_ph_day = 45
`
	l := locate([]byte(src))
	for path, want := range map[string]int{
		"name":                            2,
		"title":                           3,
		"grid":                            4,
		"grid.prices":                     5,
		"sites":                           7,
		"sites.0":                         7,
		"sites.0.id":                      8,
		"sites.0.mining":                  9, // first defined by the dotted key
		"sites.0.mining.pue":              9,
		"sites.0.quoted key":              10,
		"sites.0.ai":                      11,
		"sites.0.ai.utilization":          11,
		"sites.0.ai.existing.pue":         11,
		"sites.0.notes":                   12,
		"sites.0.lit":                     16,
		"sites.0.mining.capacity_it_mw":   20,
		"sites.0.conversion":              21,
		"sites.0.conversion.0":            21,
		"sites.0.conversion.0.id":         22,
		"sites.0.conversion.1":            23,
		"sites.0.conversion.1.id":         24,
		"sites.0.conversion.1.tags":       25,
		"sites.0.conversion.1.tags.1.id":  27,
		"sites.0.ai.utilization.x":        11, // fallback to the closest known key
		"sites.1":                         32,
		"sites.1.id":                      33,
		"sites.1.conversion.0.id":         34,
		"sites.1.conversion.1.pue":        35,
		"sites.1.escaped":                 36,
		"market.hashprice_usd_per_ph_day": 38,
		"sites.1.mining.pue":              32, // absent: the site's header
		"finance.life_years":              1,  // absent table: line 1
	} {
		require.Equal(t, want, l.line(path), path)
	}
	_, ok := l.exact("sites.2")
	require.False(t, ok, "the fake [[sites]] inside a string must not count")

	for path, want := range map[string]string{
		"name":                     `"a # not a comment"`,
		"sites.0.ai.utilization":   "0.5",
		"sites.0.mining.pue":       "1.05",
		"sites.1.escaped":          `"a \" # = b"`,
		"sites.1.conversion.1.pue": "1.1",
	} {
		got, ok := l.text(path)
		require.True(t, ok, path)
		require.Equal(t, want, got, path)
	}
}

func TestLocateSurvivesGarbage(t *testing.T) {
	for _, src := range []string{
		"",
		"[",
		"[[",
		"[[a",
		"a = \"unterminated",
		"a = '''never closed",
		"a = \"\"\"never closed \\",
		"a = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1",
		"a = {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
		"a = { b = [ { c = ",
		"= = =\n]]]\n\"\x00\xff",
		"\"key\\",
		"a.b.c.\n[x.]\n[[.]]",
	} {
		l := locate([]byte(src))
		require.NotNil(t, l)
		require.GreaterOrEqual(t, l.line("a.b"), 1)
	}
	var nilLoc *locator
	require.Equal(t, 1, nilLoc.line("x"))
}
