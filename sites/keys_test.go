package sites

import (
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/stretchr/testify/require"
)

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"pue", "", 3},
		{"", "pue", 3},
		{"pue", "pue", 0},
		{"peu", "pue", 1}, // adjacent transposition
		{"effciency_j_per_th", "efficiency_j_per_th", 1},
		{"capacity_mw", "capacity_it_mw", 3},
		{"kitten", "sitting", 3},
	} {
		require.Equal(t, tc.want, editDistance(tc.a, tc.b), "%q vs %q", tc.a, tc.b)
	}
}

func TestSuggest(t *testing.T) {
	sch := caseSchema()
	for _, tc := range []struct {
		key  toml.Key
		want string
	}{
		{toml.Key{"sites", "mining", "effciency_j_per_th"}, " (did you mean efficiency_j_per_th?)"},
		{toml.Key{"sites", "conversion", "PUE"}, " (did you mean pue?)"},
		{toml.Key{"sites", "pue"}, " (did you mean mining.pue?)"},
		{toml.Key{"sites", "capacity_mw"}, " (did you mean mining.capacity_it_mw?)"},
		{toml.Key{"markets"}, " (did you mean market?)"},
		{toml.Key{"sites", "xylophone"}, ""},
		{toml.Key{"zzz", "pue"}, ""},
		{toml.Key{"sites", string(make([]byte, 200))}, ""},
	} {
		require.Equal(t, tc.want, suggest(sch, tc.key), tc.key.String())
	}
}

func TestSchemaMatchesRawStructs(t *testing.T) {
	sch := caseSchema()
	require.Equal(t, []string{"name", "horizon", "grid", "market", "finance", "impact", "gap", "sites", "scenario", "risk"}, sch.keys)
	sites := sch.children["sites"]
	require.Equal(t, kindArray, sites.kind)
	require.Equal(t, kindTable, sites.children["mining"].kind)
	require.Equal(t, kindArray, sites.children["conversion"].kind)
	require.Len(t, sites.children["conversion"].keys, 37)
	require.Equal(t, kindLeaf, sites.children["conversion"].children["pue"].kind)
	require.Equal(t, kindArray, sites.children["contract"].kind)
	require.Equal(t, kindTable, sch.children["grid"].children["coincident_peak"].kind)
}
