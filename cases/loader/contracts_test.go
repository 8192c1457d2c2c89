package loader_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/loader"
)

// TestContractsOutsideTheHoursAreRefused: a contract whose term lies
// wholly outside the run's hours would settle nothing; it is refused at its
// line. One that overlaps the hours at all is accepted. Dates are
// midnight in the site's zone (ERCOT: Central time), so a contract ending
// 2024-07-01 ends at 05:00 UTC, after the run's first hours.
func TestContractsOutsideTheHoursAreRefused(t *testing.T) {
	for _, tc := range []struct{ name, start, end, want string }{
		{"before the hours", "2020-01-01", "2021-01-01",
			`case.toml:36: site "alpha": contract "k": 2020-01-01T00:00-06:00 to 2021-01-01T00:00-06:00 (the site's time, America/Chicago) lies wholly outside the run's hours (2024-07-01T00:00Z to 2024-07-07T23:00Z)`},
		{"after the hours", "2024-07-08", "2024-08-01", `contract "k": 2024-07-08T00:00-05:00 to 2024-08-01T00:00-05:00 (the site's time, America/Chicago) lies wholly outside`},
		{"ending as the hours begin", "2024-06-01", "2024-07-01T00:00:00Z", `contract "k": 2024-06-01T00:00-05:00 to 2024-06-30T19:00-05:00 (the site's time, America/Chicago) lies wholly outside`},
		{"ending at local midnight, after the UTC hours begin", "2024-06-01", "2024-07-01", ""},
		{"overlapping the last hour", "2024-07-07T23:00:00Z", "2024-08-01", ""},
		{"covering the hours", "2024-01-01", "2025-01-01", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			contract := "\n  [[sites.contract]]\n  id = \"k\"\n  mw = 5\n  price_usd_per_mwh = 30\n  start = " + tc.start + "\n  end = " + tc.end + "\n"
			toml := strings.Replace(smallTOML(t), "  opex_usd_per_mwh = 3.0\n", "  opex_usd_per_mwh = 3.0\n"+contract, 1)
			path := writeFiles(t, map[string]string{"prices.csv": smallPrices(t), "case.toml": toml})
			_, err := loader.Load(context.Background(), path, loader.Options{})
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.want)
		})
	}
}
