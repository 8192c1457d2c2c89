package main

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/optimize"
)

// TestAnyErrorAfterCancelExits130: issue 15, defect 3. Once the context is
// cancelled, whatever error a command returns (a writer's, wrapped as bad
// input; a solver's; an infeasible case's) exits 130, "interrupted".
func TestAnyErrorAfterCancelExits130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		err  error
	}{
		{"a writer's error as bad input", badInput(fmt.Errorf("hourly.csv: %w", context.Canceled))},
		{"an unrelated bad input", withCode(exitBadInput, errors.New("disk full"))},
		{"a solver failure", withCode(exitSolver, errors.New("HiGHS: interrupted"))},
		{"an infeasible case", &optimize.InfeasibleError{}},
		{"a usage error", errors.New("unknown flag")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, msg := classify(ctx, tc.err)
			require.Equal(t, exitInterrupted, code)
			require.Equal(t, "interrupted", msg)
		})
	}
}
