package loader_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/loader"
)

// TestHeadroomKeysBadInput: an unknown balancing_area and a
// headroom_reference_year the bundled load does not count are refused,
// naming the case file's line, the site and the key; valid values load.
func TestHeadroomKeysBadInput(t *testing.T) {
	for _, tc := range []struct{ name, from, to, want string }{
		{"unknown area", "region = \"ERCOT\"\n", "region = \"ERCOT\"\nbalancing_area = \"ERCOT\"\n",
			`case.toml:23: site "alpha": balancing_area = "ERCOT" is not a balancing area of the bundled load data: want one of AZPS, BPAT, CISO`},
		{"year not counted", "prices = \"prices.csv\"\n", "prices = \"prices.csv\"\nheadroom_reference_year = 2025\n",
			"case.toml:9: headroom_reference_year = 2025 is not a counted year of the bundled load data: want a year from 2016 to 2024"},
		{"year before the data", "prices = \"prices.csv\"\n", "prices = \"prices.csv\"\nheadroom_reference_year = 2015\n",
			"case.toml:9: headroom_reference_year = 2015 is not a counted year"},
		{"valid", "region = \"ERCOT\"\n", "region = \"ERCOT\"\nbalancing_area = \"SWPP\"\n", ""},
		{"valid year", "prices = \"prices.csv\"\n", "prices = \"prices.csv\"\nheadroom_reference_year = 2016\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			toml := smallTOML(t)
			require.Contains(t, toml, tc.from)
			toml = strings.Replace(toml, tc.from, tc.to, 1)
			path := writeFiles(t, map[string]string{"prices.csv": smallPrices(t), "case.toml": toml})
			in, err := loader.Load(context.Background(), path, loader.Options{})
			if tc.want == "" {
				require.NoError(t, err)
				require.NotNil(t, in)
				return
			}
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}
