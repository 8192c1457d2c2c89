package sweep_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases"
	"github.com/gridflip/gridflip/sweep"
)

func scenarios(t *testing.T) []sweep.Scenario {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "scenarios.toml"))
	require.NoError(t, err)
	s, err := sweep.ReadScenarios(data, "scenarios.toml")
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
	tests := map[string]string{
		"unknown key":  "[[scenario]]\nid = \"a\"\nhashprice = 2\n",
		"duplicate id": "[[scenario]]\nid = \"a\"\n[[scenario]]\nid = \"a\"\n",
		"bad id":       "[[scenario]]\nid = \"a b\"\n",
		"negative":     "[[scenario]]\nid = \"a\"\nprice_scale = -1\n",
		"not TOML":     "[[scenario\n",
		"no scenarios": "# nothing\n",
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := sweep.ReadScenarios([]byte(text), "s.toml")
			require.Error(t, err)
			require.Contains(t, err.Error(), "s.toml")
		})
	}
}

func TestApplyLeavesTheCaseAlone(t *testing.T) {
	in, err := cases.LoadBundled("small")
	require.NoError(t, err)
	hp0, price0, lease0 := in.HashpriceUSDPerPHDay[0], in.SitePriceUSDPerMWh[0][0], in.Case.Sites[0].Halls[0].LeaseUSDPerKWMonth
	capex0 := in.Case.Sites[0].Halls[0].CapexUSDPerMW
	out := sweep.Apply(in, sweep.Scenario{ID: "x", HashpriceScale: 2, PriceScale: 0.5, PriceAdderUSDPerMWh: 1, LeaseUSDPerKWMonth: 99, CapexScale: 1.5, AIDemandCapITMW: 7})
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
