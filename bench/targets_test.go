package bench_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/bench"
)

// TestReadSummary takes the members a target needs from a plan's summary
// and skips the rest, nested or not; a summary that is not one JSON object
// is an error.
func TestReadSummary(t *testing.T) {
	full := `{"case":"x","status":"optimal","method":"decomposed","objective_usd":12.5,
		"solver":{"columns":10,"rows":20,"nonzeros":30,"coupling_columns":4,"coupling_rows":5,"cut_rounds":2,"other":[1,{"a":[]}]},
		"sites":[{"id":"a","halls":[{"x":[1,2,[3]]}],"s":"]}"},{"id":"b"}],"notes":[],"empty":{},"n":null,
		"timing":{"read_seconds":0.5,"plan_seconds":1.5,"baseline_seconds":0.25},"last":true}`
	var r bench.TargetResult
	require.NoError(t, r.ReadSummary(strings.NewReader(full)))
	require.Equal(t, "optimal", r.Status)
	require.Equal(t, "decomposed", r.Method)
	require.Equal(t, 12.5, r.ObjectiveUSD)
	require.Equal(t, []int{10, 20, 30, 4, 5, 2}, []int{r.Columns, r.Rows, r.Nonzeros, r.CouplingColumns, r.CouplingRows, r.CutRounds})
	require.Equal(t, []float64{0.5, 1.5, 0.25}, []float64{r.ReadSeconds, r.PlanSeconds, r.BaselineSeconds})

	for _, bad := range []struct{ name, summary string }{
		{"empty", ""},
		{"an array", `[{"status":"optimal"}]`},
		{"truncated", `{"status":"optimal","sites":[{"id":"a"}`},
		{"a wrong type", `{"status":1}`},
		{"not JSON", "gridflip: bad input"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			var r bench.TargetResult
			require.ErrorContains(t, r.ReadSummary(strings.NewReader(bad.summary)), "plan summary")
		})
	}
}

// TestJudge: a target is met when optimal within its seconds and MB.
func TestJudge(t *testing.T) {
	goal := bench.Target{GoalSeconds: 5, GoalMB: 400}
	tests := []struct {
		name   string
		r      bench.TargetResult
		wanted bool
	}{
		{"within", bench.TargetResult{Target: goal, Status: "optimal", TotalSeconds: 4.9, PeakRSSMB: 399}, true},
		{"slow", bench.TargetResult{Target: goal, Status: "optimal", TotalSeconds: 5.1, PeakRSSMB: 100}, false},
		{"large", bench.TargetResult{Target: goal, Status: "optimal", TotalSeconds: 1, PeakRSSMB: 401}, false},
		{"not optimal", bench.TargetResult{Target: goal, Status: "timeout", TotalSeconds: 1, PeakRSSMB: 100}, false},
		{"no memory goal", bench.TargetResult{Target: bench.Target{GoalSeconds: 5}, Status: "optimal", TotalSeconds: 1, PeakRSSMB: 1e6}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.r.Judge()
			require.Equal(t, tc.wanted, tc.r.Met)
		})
	}
}
