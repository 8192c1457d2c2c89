package report

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/optimize"
)

// TestEveryOutputHoldsEveryStream: the JSON streams, sites.csv and the
// yearly table (CSV and Parquet share its row type) hold each declared
// money stream under its key, and JSON carries each stream's value.
func TestEveryOutputHoldsEveryStream(t *testing.T) {
	var s optimize.Streams
	for i, m := range optimize.MoneyStreams() {
		m.Add(&s, float64(i+1))
	}
	data, err := json.Marshal(streams(s))
	require.NoError(t, err)
	var got map[string]float64
	require.NoError(t, json.Unmarshal(data, &got))
	var keys []string
	for i, m := range optimize.MoneyStreams() {
		require.Equal(t, float64(i+1), got[m.Key()], "JSON %s", m.Key())
		keys = append(keys, m.Key())
	}
	keys = append(keys, "profit_usd")
	var jsonKeys []string
	for k := range got {
		jsonKeys = append(jsonKeys, k)
	}
	sort.Strings(keys)
	sort.Strings(jsonKeys)
	require.Equal(t, keys, jsonKeys, "the JSON streams are exactly the declared ones and the profit")

	sites := strings.Split(SitesCSVHeader(), ",")
	yearly := columnsOf(reflect.TypeOf(YearlyRow{}))
	for _, m := range optimize.MoneyStreams() {
		require.Contains(t, sites, m.Key(), "sites.csv")
		require.Contains(t, yearly, m.Key(), "yearly.csv and yearly.parquet")
	}
}
