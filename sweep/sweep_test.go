package sweep_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/cases/synth"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/sweep"
)

func scenarios(t *testing.T) []sweep.Scenario {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "scenarios.toml"))
	require.NoError(t, err)
	s, err := sites.DecodeScenarios(data, "scenarios.toml")
	require.NoError(t, err)
	return s
}

func TestShardsPartitionDeterministically(t *testing.T) {
	all := scenarios(t)
	require.Len(t, all, 6)
	for n := 1; n <= 7; n++ {
		seen := map[string]int{}
		for i := range n {
			shard, err := sweep.Shard(all, i, n)
			require.NoError(t, err)
			again, _ := sweep.Shard(all, i, n)
			require.Equal(t, shard, again, "deterministic")
			for _, s := range shard {
				seen[s.ID]++
			}
		}
		require.Len(t, seen, len(all), "n=%d covers every scenario", n)
		for id, k := range seen {
			require.Equal(t, 1, k, "n=%d: %s in exactly one shard", n, id)
		}
	}
	_, err := sweep.Shard(all, 3, 3)
	require.Error(t, err)
	i, n, err := sweep.ParseShard("2/5")
	require.NoError(t, err)
	require.Equal(t, [2]int{2, 5}, [2]int{i, n})
	for _, bad := range []string{"5/5", "-1/2", "a/b", "1"} {
		_, _, err := sweep.ParseShard(bad)
		require.Error(t, err, bad)
	}
}

func TestReadScenariosRejectsBadFiles(t *testing.T) {
	tests := map[string]struct{ text, want string }{
		"unknown key":  {"[[scenario]]\nid = \"a\"\ncolour = 2\n", `s.toml:3: unknown key "scenario.colour"`},
		"duplicate id": {"[[scenario]]\nid = \"a\"\n[[scenario]]\nid = \"a\"\n", `s.toml:4: scenario "a": duplicate scenario id "a" (first defined on line 2)`},
		"bad id":       {"[[scenario]]\nid = \"a b\"\n", "s.toml:2: scenario #1: id = \"a b\": must use only letters"},
		"negative":     {"[[scenario]]\nid = \"a\"\nprice_scale = -1\n", `s.toml:3: scenario "a": price_scale = -1: must be greater than 0 and at most 100`},
		"NaN":          {"[[scenario]]\nid = \"a\"\nhashprice_scale = nan\n", `s.toml:3: scenario "a": hashprice_scale = nan: must be a finite number`},
		"infinite":     {"[[scenario]]\nid = \"a\"\nlease_usd_per_kw_month = inf\n", `s.toml:3: scenario "a": lease_usd_per_kw_month = inf: must be a finite number`},
		"not TOML":     {"[[scenario\n", "s.toml:1: not valid TOML"},
		"no scenarios": {"# nothing\n", "s.toml:1: no [[scenario]] tables"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := sites.DecodeScenarios([]byte(tc.text), "s.toml")
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestApplyLeavesTheCaseAlone(t *testing.T) {
	in, err := loader.LoadBundled(context.Background(), "small", loader.Options{})
	require.NoError(t, err)
	hp0, price0, lease0 := in.HashpriceUSDPerPHDay[0], in.SitePriceUSDPerMWh[0][0], in.Case.Sites[0].Halls[0].LeaseUSDPerKWMonth
	capex0 := in.Case.Sites[0].Halls[0].CapexUSDPerMW
	f := func(v float64) *float64 { return &v }
	out := sweep.Apply(in, sweep.Scenario{ID: "x", HashpriceScale: f(2), PriceScale: f(0.5), PriceAdderUSDPerMWh: f(1),
		LeaseUSDPerKWMonth: f(99), CapexScale: f(1.5), AIDemandCapITMW: f(7)})
	require.Equal(t, 2*hp0, out.HashpriceUSDPerPHDay[0])
	require.Equal(t, 0.5*price0+1, out.SitePriceUSDPerMWh[0][0])
	require.Equal(t, 99.0, out.Case.Sites[0].Halls[0].LeaseUSDPerKWMonth)
	require.Equal(t, 1.5*capex0, out.Case.Sites[0].Halls[0].CapexUSDPerMW)
	require.Equal(t, 7.0, *out.Case.Market.AIDemandCapITMW)
	// The original is untouched.
	require.Equal(t, hp0, in.HashpriceUSDPerPHDay[0])
	require.Equal(t, price0, in.SitePriceUSDPerMWh[0][0])
	require.Equal(t, lease0, in.Case.Sites[0].Halls[0].LeaseUSDPerKWMonth)
	require.Equal(t, capex0, in.Case.Sites[0].Halls[0].CapexUSDPerMW)
	require.Nil(t, in.Case.Market.AIDemandCapITMW)
	require.NoError(t, out.Check())
}

// TestZeroCapMeansNoNewAI: a scenario's ai_demand_cap_it_mw = 0 is a cap of
// zero, not "unchanged".
func TestZeroCapMeansNoNewAI(t *testing.T) {
	in, err := loader.LoadBundled(context.Background(), "small", loader.Options{})
	require.NoError(t, err)
	zero := 0.0
	out := sweep.Apply(in, sweep.Scenario{ID: "none", AIDemandCapITMW: &zero})
	require.NotNil(t, out.Case.Market.AIDemandCapITMW)
	require.Zero(t, *out.Case.Market.AIDemandCapITMW)
	same := sweep.Apply(in, sweep.Scenario{ID: "same"})
	require.Equal(t, in.Case.Market.AIDemandCapITMW, same.Case.Market.AIDemandCapITMW)
}

// TestApplyChangesEveryYear: with a horizon, the scenario scales every
// year's hashprice and prices, and leaves the inputs alone.
func TestApplyChangesEveryYear(t *testing.T) {
	in, err := synth.Portfolio(synth.Spec{Sites: 3, Hours: 8760, HallsPerSite: 2, Seed: 2, Years: 3, CapShare: 0.3})
	require.NoError(t, err)
	in.Case.Market.AIDemandCapITMW = nil
	in.Case.Market.AIDemandCapITMWByYear = []float64{10, 20, 30}
	f := func(v float64) *float64 { return &v }
	out := sweep.Apply(in, sweep.Scenario{ID: "x", HashpriceScale: f(2), PriceScale: f(0.5), PriceAdderUSDPerMWh: f(1), AIDemandCapITMW: f(7)})
	require.NoError(t, out.Check())
	for k := range in.Years {
		last := len(in.Years[k].Hours) - 1
		require.Equal(t, 2*in.Years[k].HashpriceUSDPerPHDay[last], out.Years[k].HashpriceUSDPerPHDay[last], "year %d", k)
		require.Equal(t, 0.5*in.Years[k].SitePriceUSDPerMWh[1][last]+1, out.Years[k].SitePriceUSDPerMWh[1][last], "year %d", k)
		require.NotEqual(t, in.Years[k].HashpriceUSDPerPHDay[last], out.Years[k].HashpriceUSDPerPHDay[last], "the inputs are untouched")
	}
	require.Equal(t, 7.0, *out.Case.Market.AIDemandCapITMW)
	require.Nil(t, out.Case.Market.AIDemandCapITMWByYear, "a scenario's cap replaces the yearly list")
	require.Equal(t, []float64{10, 20, 30}, in.Case.Market.AIDemandCapITMWByYear)
}
