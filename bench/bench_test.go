package bench_test

import (
	"bytes"
	"context"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/bench"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver/solvertest"
)

func TestSuiteShape(t *testing.T) {
	full := bench.Suite(false)
	require.Len(t, full, 4*3*4)
	quick := bench.Suite(true)
	require.Len(t, quick, 5*4)
	names := map[string]bool{}
	for _, c := range full {
		require.False(t, names[c.Name()], "unique names")
		names[c.Name()] = true
	}
	require.True(t, names["s100-h8760-milp-decomposed"])
	require.True(t, names["s1000-h168-lp-monolithic"])
	picked, err := bench.Filter(full, []int{100}, []int{8760}, []string{"milp-decomposed", "lp-monolithic"})
	require.NoError(t, err)
	require.Equal(t, []string{"s100-h8760-milp-decomposed", "s100-h8760-lp-monolithic"}, []string{picked[0].Name(), picked[1].Name()})
	lp, err := bench.Filter(full, []int{10}, []int{168}, []string{"lp-decomposed"})
	require.NoError(t, err)
	require.Equal(t, "s10-h168-lp-decomposed", lp[0].Name())
	all, err := bench.Filter(full, nil, nil, nil)
	require.NoError(t, err)
	require.Len(t, all, len(full))
	for _, bad := range []struct {
		sites, hours []int
		kinds        []string
		want         string
	}{
		{nil, nil, []string{"foo"}, `--kinds "foo"`},
		{[]int{0}, nil, nil, "--sites 0"},
		{nil, []int{-5}, nil, "--hours -5"},
	} {
		_, err := bench.Filter(full, bad.sites, bad.hours, bad.kinds)
		require.ErrorContains(t, err, bad.want)
	}
	_, err = bench.Filter(quick, []int{1000}, nil, nil)
	require.ErrorContains(t, err, "--sites 1000")
}

func TestRunAndCheckSmallSizes(t *testing.T) {
	h := solvertest.HiGHS(t)
	var results []bench.Result
	for _, c := range bench.Suite(true)[:8] { // 1 site: a week and a quarter
		r := bench.Run(context.Background(), h, c, bench.Options{TimeLimitSeconds: 60, Compare: true, CBCPath: cbcPath(), TempDir: t.TempDir()})
		require.Equal(t, "optimal", r.Status, r.Error)
		require.Positive(t, r.Columns)
		results = append(results, r)
	}
	require.NoError(t, bench.Check(results))
	mono := results[1]
	require.Equal(t, "optimal", mono.HiGHSAloneStatus, "HiGHS alone solved the exported model")
	require.Positive(t, mono.OverheadRatio)
	if cbcPath() != "" {
		require.Equal(t, "optimal", mono.CBCStatus)
		require.InEpsilon(t, mono.ObjectiveUSD, mono.CBCObjective, 1e-6, "CBC agrees")
	}
	require.InEpsilon(t, results[0].ObjectiveUSD, results[1].ObjectiveUSD, 1e-7, "the methods agree")

	var md bytes.Buffer
	require.NoError(t, bench.WriteMarkdown(&md, &bench.Report{Results: results}))
	require.Contains(t, md.String(), "| 1 | 168 | MILP | decomposed |")

	var js bytes.Buffer
	require.NoError(t, bench.WriteJSON(&js, &bench.Report{Results: results}))
	back, err := bench.ReadJSON(&js)
	require.NoError(t, err)
	ratios := bench.Compare(back, &bench.Report{Results: results})
	require.Len(t, ratios, len(results))
	for _, r := range ratios {
		require.InDelta(t, 1, r.Ratio, 1e-12)
		require.Zero(t, r.Objective)
	}
}

// cbcPath is Debian's cbc when installed (docs/performance.md: it is optional).
func cbcPath() string {
	p, err := exec.LookPath("cbc")
	if err != nil {
		return ""
	}
	return p
}

func TestCheckCatchesDisagreement(t *testing.T) {
	base := []bench.Result{
		{Case: bench.Case{Sites: 10, Hours: 168, Method: optimize.MethodMonolithic}, Status: "optimal", ObjectiveUSD: 100},
		{Case: bench.Case{Sites: 10, Hours: 168, Method: optimize.MethodDecomposed}, Status: "optimal", ObjectiveUSD: 100},
		{Case: bench.Case{Sites: 10, Hours: 168, Relax: true, Method: optimize.MethodMonolithic}, Status: "optimal", ObjectiveUSD: 101},
	}
	require.NoError(t, bench.Check(base))
	bad := append([]bench.Result(nil), base...)
	bad[1].ObjectiveUSD = 100.001
	require.ErrorContains(t, bench.Check(bad), "monolithic 100.00 USD, decomposed 100.00 USD")
	bad = append([]bench.Result(nil), base...)
	bad[2].ObjectiveUSD = 99
	require.ErrorContains(t, bench.Check(bad), "LP relaxation 99.00 USD below")
	lp := append(append([]bench.Result(nil), base...),
		bench.Result{Case: bench.Case{Sites: 10, Hours: 168, Relax: true, Method: optimize.MethodDecomposed}, Status: "optimal", ObjectiveUSD: 101.01})
	require.ErrorContains(t, bench.Check(lp), "LP: monolithic 101.00 USD, decomposed 101.01 USD")
	timedOut := append([]bench.Result(nil), base...)
	timedOut[0].Status, timedOut[0].ObjectiveUSD = "timeout", 0
	require.NoError(t, bench.Check(timedOut), "a timed-out run is not compared")
}
