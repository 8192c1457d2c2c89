package scenario_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/scenario"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// usMinersStochastic loads the us-miners case with its 18 scenarios: 34
// sites with curtailable halls over a horizon, whose per-scenario
// preparation (stress hours, flexible-AI shares) takes seconds.
func usMinersStochastic(t *testing.T) *optimize.Stochastic {
	t.Helper()
	ctx := context.Background()
	base, err := loader.Load(ctx, "../cases/us-miners/case.toml", loader.Options{})
	require.NoError(t, err)
	list, err := sites.LoadScenarios(input.Dir(ctx, "../cases/us-miners", input.Limits{}, nil), "scenarios.toml")
	require.NoError(t, err)
	st, err := scenario.Set(ctx, base, list, loader.Options{})
	require.NoError(t, err)
	return st
}

// TestStochasticPreparationHonoursCancel: issue 15, defect 1. Ctrl-C at
// any moment of a stochastic plan's preparation (checking the scenarios,
// diagnosing them, the values outside the decisions, valuing the sites)
// returns context.Canceled within a fraction of a second; it used to be
// ignored for 10 to 20 s.
func TestStochasticPreparationHonoursCancel(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the us-miners case's 18 scenarios")
	}
	sv := solvertest.HiGHS(t)
	st := usMinersStochastic(t)
	tests := []struct {
		name  string
		after time.Duration // cancel this long after the start
	}{
		{"cancelled before", 0},
		{"while checking and diagnosing", 300 * time.Millisecond},
		{"while preparing the scenarios", 2 * time.Second},
		{"while valuing the sites", 5 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.after == 0 {
				cancel()
			} else {
				time.AfterFunc(tc.after, cancel)
			}
			began := time.Now()
			_, err := optimize.SolveStochastic(ctx, sv, st, optimize.Options{})
			late := time.Since(began) - tc.after
			t.Logf("returned %v after the cancel", late.Round(time.Millisecond))
			require.ErrorIs(t, err, context.Canceled)
			// The work between two checks is a few milliseconds; the bound
			// leaves room for a loaded machine.
			require.Less(t, late, 500*time.Millisecond, "returned long after the cancel")
		})
	}
}
