package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestGapFlexible: with non-firm capacity at a site, gap --flexible prints
// the firm answer and one row per share, and its JSON carries
// flexibility[] with the fields docs/outputs.md documents.
func TestGapFlexible(t *testing.T) {
	solvertest.HiGHS(t)
	path := writeCase(t, replace("interconnect_mw = 120\n", "interconnect_mw = 120\nnonfirm_interconnect_mw = 60\n"), nil)
	code, out, stderr := gridflip(t, "gap", path, "--flexible", "0.0025,0.01")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "flexible AI: the same interconnections")
	assert.Contains(t, out, "firm (the plan)")
	assert.Contains(t, out, "0.250%")
	assert.Contains(t, out, "1.000%")

	code, out, stderr = gridflip(t, "gap", path, "--flexible", "0.0025,0.01", "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	var summary struct {
		Portfolio struct {
			NewAIITMW float64 `json:"new_ai_it_mw"`
		} `json:"portfolio"`
		Flexibility []struct {
			Share     float64 `json:"max_curtailed_share"`
			NewAIITMW float64 `json:"new_ai_it_mw"`
			ClosedGW  float64 `json:"closed_gw"`
			StressMW  float64 `json:"stress_hours_load_mw"`
			Gap       []struct {
				ID       string  `json:"id"`
				Fraction float64 `json:"closed_fraction"`
			} `json:"gap"`
		} `json:"flexibility"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &summary))
	require.Len(t, summary.Flexibility, 2)
	assert.Equal(t, 0.0025, summary.Flexibility[0].Share)
	assert.Equal(t, 0.01, summary.Flexibility[1].Share)
	for _, f := range summary.Flexibility {
		assert.GreaterOrEqual(t, f.NewAIITMW, summary.Portfolio.NewAIITMW-1e-6, "curtailable AI hosts at least the firm answer")
		assert.Positive(t, f.ClosedGW)
		assert.Positive(t, f.StressMW)
		require.NotEmpty(t, f.Gap)
		checked := false
		for _, g := range f.Gap {
			if g.ID == "morgan-stanley-44gw" {
				assert.InDelta(t, f.ClosedGW/44, g.Fraction, 1e-9)
				checked = true
			}
		}
		assert.True(t, checked, "the 44 GW reference is in the answer")
	}
}

func TestFlexibleUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"gap", "small", "--flexible", "0.3"},
		{"gap", "small", "--flexible", "0"},
		{"plan", "small", "--flexible", "-0.01"},
	} {
		code, _, stderr := gridflip(t, args...)
		assert.Equal(t, exitUsage, code, "%v: %s", args, stderr)
		assert.Contains(t, stderr, "each share must be in (0, 0.2]")
	}
}
