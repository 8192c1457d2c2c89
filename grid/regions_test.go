package grid

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRegionProfiles(t *testing.T) {
	ercot, err := ERCOTLikeProfiles()
	require.NoError(t, err)
	all := append([]string{}, "HB_WEST", "HB_NORTH", "HB_HOUSTON", "HB_SOUTH",
		"PJM_WEST", "NYISO_A", "SPP_SOUTH", "SPP_NORTH", "MISO_SOUTH", "MISO_CENTRAL", "ND_MISO", "TVA", "GA_SOUTHERN")
	tests := []struct {
		name  string
		in    []string
		names []string
		err   string
	}{
		{"all by default", nil, all, ""},
		{"requested order, ERCOT and regions mixed", []string{"TVA", "HB_SOUTH", "PJM_WEST"}, []string{"TVA", "HB_SOUTH", "PJM_WEST"}, ""},
		{"one region node", []string{"ND_MISO"}, []string{"ND_MISO"}, ""},
		{"unknown", []string{"PJM_WEST", "LZ_WEST"}, nil, `unknown ERCOT hub "LZ_WEST" or region node (known: ` + strings.Join(all, ", ") + ")"},
		{"case matters", []string{"pjm_west"}, nil, `unknown ERCOT hub "pjm_west"`},
		{"twice", []string{"TVA", "HB_WEST", "TVA"}, nil, `node "TVA" requested twice`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := RegionProfiles(tc.in...)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				require.Nil(t, got)
				return
			}
			require.NoError(t, err)
			var names []string
			for _, p := range got {
				names = append(names, p.Name)
				for _, h := range ercot {
					if h.Name == p.Name {
						require.Equal(t, h, p, "ERCOT hubs are ERCOTLikeProfiles' own")
					}
				}
			}
			require.Equal(t, tc.names, names)
		})
	}
	require.Equal(t, all, RegionNames())
}

// TestRegionProfilesValid checks every profile: field ranges, UPPER_SNAKE
// names, a solvable price level, and the documented relations between
// regions (the wind-rich nodes have the most negative hours, the markets
// without nodal prices none).
func TestRegionProfilesValid(t *testing.T) {
	profiles, err := RegionProfiles()
	require.NoError(t, err)
	byName := map[string]NodeProfile{}
	for _, p := range profiles {
		t.Run(p.Name, func(t *testing.T) {
			require.NoError(t, p.Validate())
			require.Regexp(t, `^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`, p.Name)
			m, err := newNodeModel(p)
			require.NoError(t, err)
			require.Greater(t, m.level, 0.0)
		})
		byName[p.Name] = p
	}
	require.Len(t, byName, len(profiles), "names are unique")
	for _, windy := range []string{"SPP_NORTH", "ND_MISO", "SPP_SOUTH"} {
		for _, thermal := range []string{"PJM_WEST", "MISO_SOUTH", "TVA", "GA_SOUTHERN"} {
			require.Greater(t, byName[windy].NegativeShare, byName[thermal].NegativeShare, "%s vs %s", windy, thermal)
		}
	}
	for _, n := range []string{"TVA", "GA_SOUTHERN"} {
		require.Zero(t, byName[n].NegativeShare, "%s has no wholesale market passing negative prices through", n)
	}
}

func TestRegionPricesDeterministic(t *testing.T) {
	nodes, err := RegionProfiles()
	require.NoError(t, err)
	cfg := SynthConfig{Seed: 2025, Start: utc(2025, 1, 1, 0), Hours: 8760, Nodes: nodes}
	a, err := SyntheticPrices(cfg)
	require.NoError(t, err)
	b, err := SyntheticPrices(cfg)
	require.NoError(t, err)
	require.Equal(t, a, b, "same config, same year")

	// A node's column does not depend on the other nodes requested.
	sub, err := RegionProfiles("TVA", "HB_WEST")
	require.NoError(t, err)
	cfg2 := cfg
	cfg2.Nodes = sub
	c, err := SyntheticPrices(cfg2)
	require.NoError(t, err)
	for i, name := range c.Columns {
		col, ok := a.Column(name)
		require.True(t, ok)
		require.Equal(t, col, c.Values[i], name)
	}

	cfg.Seed++
	d, err := SyntheticPrices(cfg)
	require.NoError(t, err)
	for i := range a.Values {
		require.NotEqual(t, a.Values[i], d.Values[i], "column %s changes with the seed", a.Columns[i])
	}
}

// TestRegionPricesMeans checks that each node's generated annual mean,
// averaged over a few seeded years, is within 10% of its MeanUSDPerMWh (single
// years vary more: scarcity hours dominate the mean, see SYNTHETIC.md).
func TestRegionPricesMeans(t *testing.T) {
	nodes, err := RegionProfiles()
	require.NoError(t, err)
	seeds := []int64{1, 2, 3, 4, 5}
	sums := make([]float64, len(nodes))
	for _, seed := range seeds {
		s, err := SyntheticPrices(SynthConfig{Seed: seed, Start: utc(2025, 1, 1, 0), Hours: 8760, Nodes: nodes})
		require.NoError(t, err)
		for i, col := range s.Values {
			sum := 0.0
			for _, v := range col {
				require.False(t, math.IsNaN(v) || math.IsInf(v, 0))
				sum += v
			}
			sums[i] += sum / float64(len(col))
		}
	}
	for i, p := range nodes {
		t.Run(p.Name, func(t *testing.T) {
			got := sums[i] / float64(len(seeds))
			require.InEpsilon(t, p.MeanUSDPerMWh, got, 0.10, fmt.Sprintf("mean over %d years %.2f, target %.2f", len(seeds), got, p.MeanUSDPerMWh))
		})
	}
}

// TestUSMinersPricesFile checks that cases/us-miners/prices.csv is what the
// command documented in its case.toml writes (go run ./cases/gen -seed 2025
// -start 2025-01-01T00:00:00Z -hours 8760 -nodes <its columns>), except the
// real PJM, MISO and NYISO columns (scripts/us-miners-real-prices.sh), and
// stays under 1.5 MB.
func TestUSMinersPricesFile(t *testing.T) {
	committed, err := os.ReadFile(filepath.Join("..", "cases", "us-miners", "prices.csv"))
	require.NoError(t, err, "cases/us-miners/prices.csv is committed; regenerate it with the command in its case.toml")
	require.Less(t, len(committed), 1536*1024)
	header, _, ok := bytes.Cut(committed, []byte("\n"))
	require.True(t, ok)
	cols := strings.Split(strings.TrimSpace(string(header)), ",")
	require.Equal(t, "timestamp", cols[0])
	nodes, err := RegionProfiles(cols[1:]...)
	require.NoError(t, err)
	s, err := SyntheticPrices(SynthConfig{Seed: 2025, Start: utc(2025, 1, 1, 0), Hours: 8760, Nodes: nodes})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, s))
	real := map[string]bool{"PJM_WEST": true, "NYISO_A": true, "MISO_SOUTH": true, "MISO_CENTRAL": true, "ND_MISO": true}
	got := strings.Split(strings.TrimSpace(string(committed)), "\n")
	want := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Equal(t, len(want), len(got))
	synthetic := 0
	for k := range want {
		g, w := strings.Split(got[k], ","), strings.Split(want[k], ",")
		require.Equal(t, len(w), len(g), "line %d", k+1)
		for c := range w {
			if real[cols[c]] {
				continue
			}
			synthetic++
			require.Equal(t, w[c], g[c], "cases/us-miners/prices.csv line %d column %s is stale: rerun the go run ./cases/gen command in its case.toml, then scripts/us-miners-real-prices.sh", k+1, cols[c])
		}
	}
	require.Equal(t, 8761*(len(cols)-len(real)), synthetic, "every synthetic column is compared")
}

// TestMarketsDoNotSpikeTogether checks that markets draw their scarcity days
// independently: over ten seeded years, the days on which both HB_NORTH
// (ERCOT) and PJM_WEST spike above 250 USD/MWh are about what independence
// predicts, not PJM's every spike day (as when all nodes shared ERCOT's
// stress state). Nodes of one market still spike together.
func TestMarketsDoNotSpikeTogether(t *testing.T) {
	nodes, err := RegionProfiles("HB_NORTH", "HB_WEST", "PJM_WEST")
	require.NoError(t, err)
	var ercot, pjm, both, sameMarket, days int
	for seed := int64(1); seed <= 10; seed++ {
		s, err := SyntheticPrices(SynthConfig{Seed: seed, Start: utc(2025, 1, 1, 6), Hours: 8760, Nodes: nodes})
		require.NoError(t, err)
		for d := 0; d+24 <= s.Len(); d += 24 {
			spike := func(c int) bool { return slices.Max(s.Values[c][d:d+24]) > 250 }
			n, w, p := spike(0), spike(1), spike(2)
			days++
			if n {
				ercot++
			}
			if p {
				pjm++
			}
			if n && p {
				both++
			}
			if n && w {
				sameMarket++
			}
		}
	}
	independent := float64(ercot) * float64(pjm) / float64(days)
	t.Logf("%d days: ERCOT spikes %d, PJM %d, both %d (independence predicts %.1f), HB_NORTH and HB_WEST both %d", days, ercot, pjm, both, independent, sameMarket)
	require.Greater(t, pjm, 50, "PJM must spike for the test to mean anything")
	assert.Less(t, float64(both), independent+3*math.Sqrt(independent)+3, "ERCOT and PJM spike days coincide more than chance")
	assert.Greater(t, float64(sameMarket), 0.5*float64(ercot), "nodes of one market share its scarcity days")
}

// TestMarketShapes checks each market's shape tables: scarcity shares sum
// to 1, daily shapes peak at 1, and PJM's seasonal shape is not ERCOT's
// (winter-dear where ERCOT's February is its cheapest month).
func TestMarketShapes(t *testing.T) {
	for _, m := range Markets() {
		ms, err := shapesOf(m)
		require.NoError(t, err, m)
		sum := 0.0
		for _, w := range ms.scarcityMonths {
			require.GreaterOrEqual(t, w, 0.0)
			sum += w
		}
		assert.InDelta(t, 1, sum, 1e-9, "%s scarcity months", m)
		assert.InDelta(t, 1, slices.Max(ms.daily[:]), 1e-9, "%s daily peak", m)
	}
	ercot, err := shapesOf("")
	require.NoError(t, err)
	pjm, err := shapesOf(MarketPJM)
	require.NoError(t, err)
	assert.Negative(t, ercot.seasonal[1])
	assert.Positive(t, pjm.seasonal[1])
	_, err = shapesOf("CAISO")
	assert.ErrorContains(t, err, `unknown market "CAISO"`)
	bad := NodeProfile{Name: "X", Market: "CAISO", MeanUSDPerMWh: 30}
	assert.ErrorContains(t, bad.Validate(), `node "X": Market: unknown market "CAISO"`)
}
