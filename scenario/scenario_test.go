package scenario_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases"
	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/scenario"
	"github.com/gridflip/gridflip/sites"
)

// smallOnDisk writes the bundled small case into dir and loads it.
func smallOnDisk(t *testing.T, dir, extra string) string {
	t.Helper()
	toml, err := cases.BundledFile("small", "case.toml")
	require.NoError(t, err)
	prices, err := cases.BundledFile("small", "prices.csv")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "case.toml"), append(toml, []byte(extra)...), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "prices.csv"), prices, 0o644))
	return filepath.Join(dir, "case.toml")
}

func TestScenarioFilesAndScales(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := smallOnDisk(t, dir, "")
	base, err := loader.Load(ctx, path, loader.Options{})
	require.NoError(t, err)

	// A scenario's own prices, in another directory, then its scales.
	other := t.TempDir()
	prices, err := cases.BundledFile("small", "prices.csv")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(prices)), "\n")
	var b strings.Builder
	b.WriteString(lines[0] + "\n")
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		b.WriteString(f[0] + ",100,200\n")
	}
	require.NoError(t, os.WriteFile(filepath.Join(other, "flat.csv"), []byte(b.String()), 0o644))
	scen := "[[scenario]]\nid = \"flat\"\nprobability = 0.25\nprices = \"flat.csv\"\nprice_scale = 0.5\nprice_adder_usd_per_mwh = 3\nhashprice_scale = 2\n" +
		"[[scenario]]\nid = \"base\"\nprobability = 0.75\n"
	require.NoError(t, os.WriteFile(filepath.Join(other, "s.toml"), []byte(scen), 0o644))
	data, err := os.ReadFile(filepath.Join(other, "s.toml"))
	require.NoError(t, err)
	list, err := sites.DecodeScenarios(data, filepath.Join(other, "s.toml"))
	require.NoError(t, err)
	st, err := scenario.Set(ctx, base, list, loader.Options{})
	require.NoError(t, err)
	require.Len(t, st.Scenarios, 2)
	flat := st.Scenarios[0].In
	require.Equal(t, 100*0.5+3, flat.SitePriceUSDPerMWh[0][5], "the scenario's file, then price × 0.5 + 3")
	require.Equal(t, 200*0.5+3, flat.SitePriceUSDPerMWh[1][5])
	require.Equal(t, 2*base.HashpriceUSDPerPHDay[5], flat.HashpriceUSDPerPHDay[5])
	require.Equal(t, base.SitePriceUSDPerMWh[0][5], st.Scenarios[1].In.SitePriceUSDPerMWh[0][5], "the base is untouched")

	mean := scenario.Mean(st)
	require.InDelta(t, 0.25*53+0.75*base.SitePriceUSDPerMWh[0][5], mean.SitePriceUSDPerMWh[0][5], 1e-9)
	require.InDelta(t, 0.25*2*base.HashpriceUSDPerPHDay[5]+0.75*base.HashpriceUSDPerPHDay[5], mean.HashpriceUSDPerPHDay[5], 1e-9)
	require.NoError(t, mean.Check())
}

func TestScenarioBadInput(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	base, err := loader.Load(ctx, smallOnDisk(t, dir, ""), loader.Options{})
	require.NoError(t, err)
	short := "timestamp,HB_WEST,HB_NORTH\n2024-07-01T00:00:00Z,1,2\n2024-07-01T01:00:00Z,1,2\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "short.csv"), []byte(short), 0o644))
	decode := func(text string) []sites.Scenario {
		list, err := sites.DecodeScenarios([]byte(text), filepath.Join(dir, "s.toml"))
		require.NoError(t, err)
		return list
	}
	_, err = scenario.Set(ctx, base, decode("[[scenario]]\nid = \"short\"\nprices = \"short.csv\"\n"), loader.Options{})
	require.ErrorContains(t, err, `s.toml:3: scenario "short"`, "the line of its prices key")
	require.ErrorContains(t, err, "a scenario's prices must cover the case's hours")

	_, err = scenario.Set(ctx, base, decode("[[scenario]]\nid = \"a\"\nprobability = 0.3\n[[scenario]]\nid = \"b\"\nprobability = 0.3\n"), loader.Options{})
	require.ErrorContains(t, err, "s.toml:3: scenario \"a\": the probabilities sum to 0.6, not 1")

	_, err = scenario.Set(ctx, base, nil, loader.Options{})
	require.ErrorContains(t, err, "no scenarios")

	what := decode("[[scenario]]\nid = \"w\"\nprices = \"short.csv\"\n")[0]
	_, err = scenario.SetWith(ctx, base, decode("[[scenario]]\nid = \"a\"\n"), loader.Options{}, &what)
	require.ErrorContains(t, err, "what-if \"w\" has files of its own")
}

// TestScenarioFileErrorAtItsKey: a scenario's own file that cannot be
// read is reported at the scenarios file's line of that key, not at the
// case's grid.prices or market.hashprice line.
func TestScenarioFileErrorAtItsKey(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	base, err := loader.Load(ctx, smallOnDisk(t, dir, ""), loader.Options{})
	require.NoError(t, err)
	other := t.TempDir()
	for _, tc := range []struct{ name, text, want string }{
		{"prices", "[[scenario]]\nid = \"x\"\n\nprices = \"nope.csv\"\n", "s.toml:4: scenario \"x\": prices: "},
		{"hashprice after prices", "[[scenario]]\nid = \"x\"\nprices = \"../" + filepath.Base(dir) + "/prices.csv\"\nhashprice = \"nope.csv\"\n", "s.toml:4: scenario \"x\": hashprice: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list, err := sites.DecodeScenarios([]byte(tc.text), filepath.Join(other, "s.toml"))
			require.NoError(t, err)
			_, err = scenario.Set(ctx, base, list, loader.Options{})
			require.ErrorContains(t, err, filepath.Join(other, tc.want))
			require.ErrorContains(t, err, "nope.csv: file does not exist")
			require.NotContains(t, err.Error(), "case.toml", "not the case's line")
		})
	}
}
