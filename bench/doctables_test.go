package bench_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/bench"
	"github.com/gridflip/gridflip/cases/synth"
	"github.com/gridflip/gridflip/optimize"
)

// docReport is a report with a finished size, a size whose monolithic run
// hit its time limit, and two targets.
func docReport() *bench.Report {
	run := func(sites, hours int, relax bool, m optimize.Method, status string, total, mb, obj float64) bench.Result {
		c := bench.Case{Sites: sites, Hours: hours, Relax: relax, Method: m}
		return bench.Result{Case: c, Name: c.Name(), Status: status, Columns: sites * 8765, Rows: sites * 17523, Nonzeros: sites * 35051,
			TotalSeconds: total, BuildSeconds: total / 4, SolveSeconds: total / 2, PeakRSSMB: mb, ObjectiveUSD: obj}
	}
	dec, mono := optimize.MethodDecomposed, optimize.MethodMonolithic
	timedOut := run(100, 8760, false, mono, "timeout", 607.349, 3633, 686084984)
	timedOut.MIPGap = 36
	compared := run(1, 8760, false, mono, "optimal", 0.171, 76, 46663468)
	compared.HiGHSAloneStatus, compared.HiGHSAloneSeconds, compared.OverheadRatio = "optimal", 0.212, 0.76
	return &bench.Report{
		Machine: "linux/amd64, 2 CPUs, go1.24.0", Solver: "HiGHS 1.12.0", Date: "2025-12-07T04:20:00Z",
		Command: "gridflip bench --compare --quick", Load: "0.4 at the start, 1.9 at the end",
		Results: []bench.Result{
			run(1, 8760, false, dec, "optimal", 0.011, 18, 46663468), compared,
			run(1, 8760, true, mono, "optimal", 0.439, 56, 46663468),
			run(100, 8760, false, dec, "optimal", 0.156, 29, 16932045381), timedOut,
			run(100, 8760, true, dec, "optimal", 0.164, 29, 16974815773),
		},
		Targets: []bench.TargetResult{
			{Target: bench.Target{Name: "s1000-h8760-exact", Spec: synth.Spec{Sites: 1000, HallsPerSite: 3}, GoalSeconds: 5, GoalMB: 400},
				Status: "optimal", Method: "decomposed", ReadSeconds: 0.38, PlanSeconds: 1.29, TotalSeconds: 2.88, PeakRSSMB: 100, Met: true},
			{Target: bench.Target{Name: "s100-20scenarios-exact", Spec: synth.Spec{Sites: 100, HallsPerSite: 3, Scenarios: 20, GridSide: true}, GoalSeconds: 60},
				Status: "error", Error: "exit 4 | no solution", TotalSeconds: 61},
		},
	}
}

// TestDocSections: each section opens with the date, command and machine;
// the tables carry sizes, times, memory and ratios.
func TestDocSections(t *testing.T) {
	got := bench.DocSections(docReport())
	require.Len(t, got, 3)
	measured := "Measured 2025-12-07 by `gridflip bench --compare --quick` on linux/amd64, 2 CPUs, go1.24.0 (load average 0.4 at the start, 1.9 at the end), HiGHS 1.12.0.\n\n"
	for name, body := range got {
		require.True(t, strings.HasPrefix(body, measured), name)
	}
	tests := []struct {
		section string
		want    []string
	}{
		{bench.SectionSuite, []string{
			"| sites | hours | model | method | columns | rows | nonzeros | integer | build s | solve s | total s | peak MB | objective USD | status | HiGHS alone s | overhead | CBC s |\n",
			"| 1 | 8,760 | MILP | monolithic | 8,765 | 17,523 | 35,051 | 0 | 0.043 | 0.086 | 0.171 | 76 | 46,663,468 | optimal | 0.212 | 0.76 |  |\n",
			"| 100 | 8,760 | MILP | monolithic | 876,500 | 1,752,300 | 3,505,100 | 0 | 151.837 | 303.675 | 607.349 | 3,633 | 686,084,984 (gap 36) | timeout |  |  |  |\n",
		}},
		{bench.SectionMethods, []string{
			"| 1 × 8,760 | 0.011 s, 18 MB | 0.171 s, 76 MB | 16× | not run | 0.439 s, 56 MB |  |\n",
			"| 100 × 8,760 | 0.156 s, 29 MB | timeout after 607 s, 3,633 MB | > 3,893× | 0.164 s, 29 MB | not run |  |\n",
		}},
		{bench.SectionTargets, []string{
			"| s1000-h8760-exact | 1,000 × 3 × 1 | no | — | MILP decomposed | ≤ 5 s, ≤ 400 MB | 0.38 | 1.29 | 2.88 | 100 | yes |\n",
			`| s100-20scenarios-exact | 100 × 3 × 1 | yes | 20 | MILP  | ≤ 60 s | 0.00 | 0.00 | 61.00 | 0 | error: exit 4 \| no solution |` + "\n",
		}},
	}
	for _, tc := range tests {
		for _, w := range tc.want {
			require.Contains(t, got[tc.section], w, tc.section)
		}
		rows := strings.Count(got[tc.section], "\n| ")
		require.Positive(t, rows, tc.section)
	}

	onlySuite := docReport()
	onlySuite.Targets = nil
	require.NotContains(t, bench.DocSections(onlySuite), bench.SectionTargets)
	noCompare := docReport()
	noCompare.Results[1].HiGHSAloneStatus = ""
	require.NotContains(t, bench.DocSections(noCompare)[bench.SectionSuite], "HiGHS alone", "the comparison columns only with --compare")
	require.Empty(t, bench.DocSections(&bench.Report{}), "an empty run measures nothing")
	unknown := bench.DocSections(&bench.Report{Results: docReport().Results})[bench.SectionSuite]
	require.True(t, strings.HasPrefix(unknown, "Measured (unknown) by `gridflip bench` on (unknown), (unknown).\n\n"), unknown)
}
