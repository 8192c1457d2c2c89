package cases_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases"
)

// flexTOML is the small case with a curtailable hall at alpha and the
// given [grid.stress_hours] table.
func flexTOML(t *testing.T, stress string) string {
	toml := smallTOML(t)
	toml = strings.Replace(toml, "  displaces_mining_it_mw = 44\n", "  displaces_mining_it_mw = 44\n  ai_flexibility = \"curtailable\"\n  max_curtailed_share = 0.02\n", 1)
	toml = strings.Replace(toml, "prices = \"prices.csv\"\n", "prices = \"prices.csv\"\n"+stress, 1)
	return toml
}

func TestStressHoursLoading(t *testing.T) {
	// The listed hours, in model order.
	path := writeFiles(t, map[string]string{"prices.csv": smallPrices(t),
		"case.toml": flexTOML(t, "[grid.stress_hours]\nintervals = [\"2024-07-01T20:00:00Z\", \"2024-07-01T05:00:00Z\"]\n")})
	in, err := cases.Load(context.Background(), path, cases.Options{})
	require.NoError(t, err)
	require.Equal(t, []int{5, 20}, in.StressHours)

	// The highest hours of a system load: 2% of 168 hours = 3 (floor).
	var load strings.Builder
	load.WriteString("timestamp,load_mw\n")
	start := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	for h := range 168 {
		v := 1000 + h%24
		if h == 40 || h == 90 || h == 130 || h == 150 {
			v = 5000 + h
		}
		fmt.Fprintf(&load, "%s,%d\n", start.Add(time.Duration(h)*time.Hour).Format(time.RFC3339), v)
	}
	path = writeFiles(t, map[string]string{"prices.csv": smallPrices(t), "load.csv": load.String(),
		"case.toml": flexTOML(t, "[grid.stress_hours]\nsystem_load = \"load.csv\"\n")})
	in, err = cases.Load(context.Background(), path, cases.Options{})
	require.NoError(t, err)
	require.Equal(t, []int{90, 130, 150}, in.StressHours, "the three highest of 168 hours at a 2% share")
}

// TestStressHoursBadInput: stress hours outside the horizon, and more
// stress hours than a curtailable hall's share allows, are file:line
// errors naming the key.
func TestStressHoursBadInput(t *testing.T) {
	for _, tc := range []struct{ name, stress, want string }{
		{"outside the horizon", "[grid.stress_hours]\nintervals = [\"2025-07-01T20:00:00Z\"]\n",
			"case.toml:10: intervals: stress hour 2025-07-01T20:00:00Z is not a model hour (2024-07-01T00:00:00Z to 2024-07-07T23:00:00Z)"},
		{"more hours than the share", "[grid.stress_hours]\nintervals = [\"2024-07-01T01:00:00Z\", \"2024-07-01T02:00:00Z\", \"2024-07-01T03:00:00Z\", \"2024-07-01T04:00:00Z\"]\n",
			"max_curtailed_share = 0.02: the hall would curtail 2.38% of its energy in the 4 stress hours"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFiles(t, map[string]string{"prices.csv": smallPrices(t), "case.toml": flexTOML(t, tc.stress)})
			_, err := cases.Load(context.Background(), path, cases.Options{})
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
			require.Contains(t, err.Error(), "case.toml:")
		})
	}
}
