package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases"
	"github.com/gridflip/gridflip/solver/solvertest"
)

const threeFutures = `
[risk]
risk_weight = 0.5
cvar_alpha = 0.3

[[scenario]]
id = "bust"
probability = 0.3
hashprice_scale = 0.3

[[scenario]]
id = "base"
probability = 0.5

[[scenario]]
id = "boom"
probability = 0.2
hashprice_scale = 2.5
lease_usd_per_kw_month = 190
`

// TestPlanAcrossScenarios plans the small case across its own scenarios:
// the text, the JSON's risk and scenarios, and scenarios.csv.
func TestPlanAcrossScenarios(t *testing.T) {
	solvertest.HiGHS(t)
	path := writeCase(t, func(s string) string { return s + threeFutures }, nil)
	out := t.TempDir()
	code, text, errOut := gridflip(t, "plan", path, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, text, "scenarios: one plan for 3 futures")
	require.Contains(t, text, "over the horizon, across 3 scenarios\n", "the status line gives the stochastic objective")
	require.Contains(t, text, "the tables below show scenario")
	require.Contains(t, text, "built now, for every scenario:")
	var doc struct {
		ObjectiveUSD float64 `json:"objective_usd"`
		Risk         struct {
			RiskWeight  float64  `json:"risk_weight"`
			ExpectedUSD float64  `json:"expected_usd"`
			CVaRUSD     float64  `json:"cvar_usd"`
			EVPIUSD     float64  `json:"evpi_usd"`
			VSSUSD      *float64 `json:"vss_usd"`
		} `json:"risk"`
		Scenarios []struct {
			ID          string  `json:"id"`
			Probability float64 `json:"probability"`
			ValueUSD    float64 `json:"value_usd"`
		} `json:"scenarios"`
	}
	data, err := os.ReadFile(filepath.Join(out, "summary.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &doc))
	require.Equal(t, 0.5, doc.Risk.RiskWeight)
	require.InEpsilon(t, 0.5*doc.Risk.ExpectedUSD+0.5*doc.Risk.CVaRUSD, doc.ObjectiveUSD, 1e-9)
	require.GreaterOrEqual(t, doc.Risk.EVPIUSD, -1e-6, "perfect information is worth something")
	require.NotNil(t, doc.Risk.VSSUSD)
	require.Len(t, doc.Scenarios, 3)
	require.Equal(t, "bust", doc.Scenarios[0].ID)
	rows := readCSV(t, filepath.Join(out, "scenarios.csv"))
	require.Len(t, rows, 4)

	// --risk-weight overrides [risk]; --scenarios replaces the case's set.
	file := filepath.Join(t.TempDir(), "two.toml")
	require.NoError(t, os.WriteFile(file, []byte("[[scenario]]\nid = \"low\"\nhashprice_scale = 0.5\n[[scenario]]\nid = \"high\"\nhashprice_scale = 1.5\n"), 0o644))
	code, text, errOut = gridflip(t, "plan", path, "--scenarios", file, "--risk-weight", "0", "--format", "json")
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, text, `"risk_weight": 0,`)
	require.Contains(t, text, `"id": "high"`)

	// Bad input: λ outside [0, 1], a first-stage key in the uncertainty set.
	code, _, errOut = gridflip(t, "plan", path, "--risk-weight", "1.5")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "--risk-weight 1.5: want λ in [0, 1]")
	bad := filepath.Join(t.TempDir(), "bad.toml")
	require.NoError(t, os.WriteFile(bad, []byte("[[scenario]]\nid = \"x\"\ncapex_scale = 2\n"), 0o644))
	code, _, errOut = gridflip(t, "plan", path, "--scenarios", bad)
	require.Equal(t, exitBadInput, code)
	require.Contains(t, errOut, "bad.toml:3")
	require.Contains(t, errOut, "capex_scale")
}

// TestSweepRiskWeight sweeps λ over a stochastic case: each what-if
// re-solves the whole plan.
func TestSweepRiskWeight(t *testing.T) {
	solvertest.HiGHS(t)
	path := writeCase(t, func(s string) string { return s + threeFutures }, nil)
	file := filepath.Join(t.TempDir(), "lambda.toml")
	var b strings.Builder
	for _, l := range []string{"0", "0.5", "1"} {
		b.WriteString("[[scenario]]\nid = \"lambda-" + l + "\"\nrisk_weight = " + l + "\n")
	}
	require.NoError(t, os.WriteFile(file, []byte(b.String()), 0o644))
	out := t.TempDir()
	code, _, errOut := gridflip(t, "sweep", path, "--scenarios", file, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	for _, l := range []string{"0", "0.5", "1"} {
		data, err := os.ReadFile(filepath.Join(out, "scenario-lambda-"+l+".json"))
		require.NoError(t, err)
		var r struct {
			RiskWeight *float64 `json:"risk_weight"`
			CVaRUSD    *float64 `json:"cvar_usd"`
		}
		require.NoError(t, json.Unmarshal(data, &r))
		require.NotNil(t, r.RiskWeight)
		require.NotNil(t, r.CVaRUSD)
	}
}

// TestBundledScenariosChangeWithRisk: the small case's bundled scenarios
// give a plan that builds more halls now as λ rises.
func TestBundledScenariosChangeWithRisk(t *testing.T) {
	solvertest.HiGHS(t)
	path := writeCase(t, nil, nil)
	data, err := cases.BundledFile("small", "scenarios.toml")
	require.NoError(t, err)
	file := filepath.Join(filepath.Dir(path), "scenarios.toml")
	require.NoError(t, os.WriteFile(file, data, 0o644))
	now := func(lambda string) []string {
		code, out, errOut := gridflip(t, "plan", path, "--scenarios", file, "--risk-weight", lambda, "--format", "json")
		require.Equal(t, exitOK, code, errOut)
		var doc struct {
			Sites []struct {
				ID            string `json:"id"`
				HallDecisions []struct {
					ID         string `json:"id"`
					DecidedNow bool   `json:"decided_now"`
				} `json:"hall_decisions"`
			} `json:"sites"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &doc))
		var built []string
		for _, s := range doc.Sites {
			for _, h := range s.HallDecisions {
				if h.DecidedNow {
					built = append(built, s.ID+"/"+h.ID)
				}
			}
		}
		return built
	}
	require.Equal(t, []string{"beta/b1"}, now("0"))
	require.Equal(t, []string{"alpha/a1", "beta/b1", "beta/b2"}, now("1"))
}
