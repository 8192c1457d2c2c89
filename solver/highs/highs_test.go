package highs_test

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// dense builds a problem from a dense row-major matrix.
func dense(maximize bool, cost, colLo, colHi []float64, a [][]float64, rowLo, rowHi []float64, integer []bool) *solver.Problem {
	p := solver.NewProblem("dense", maximize, len(cost), len(a), 0)
	for i := range a {
		p.AddRow(rowLo[i], rowHi[i])
	}
	for j := range cost {
		var rows []int32
		var vals []float64
		for i := range a {
			if a[i][j] != 0 {
				rows = append(rows, int32(i))
				vals = append(vals, a[i][j])
			}
		}
		p.AddColumn(cost[j], colLo[j], colHi[j], integer != nil && integer[j], rows, vals)
	}
	return p
}

func TestHiGHSLPValuesAndDuals(t *testing.T) {
	h := solvertest.HiGHS(t)
	inf := solver.Inf
	tests := []struct {
		name     string
		p        *solver.Problem
		method   solver.Method
		wantObj  float64
		wantX    []float64
		wantDual []float64
	}{
		{
			// max 3x+2y, x+y<=4, x+3y<=6: optimum (4,0) = 12; the first row is
			// worth 3 per unit, the second nothing.
			name:     "max with binding row",
			p:        dense(true, []float64{3, 2}, []float64{0, 0}, []float64{inf, inf}, [][]float64{{1, 1}, {1, 3}}, []float64{-inf, -inf}, []float64{4, 6}, nil),
			wantObj:  12,
			wantX:    []float64{4, 0},
			wantDual: []float64{3, 0},
		},
		{
			name:     "max with simplex",
			p:        dense(true, []float64{3, 2}, []float64{0, 0}, []float64{inf, inf}, [][]float64{{1, 1}, {1, 3}}, []float64{-inf, -inf}, []float64{4, 6}, nil),
			method:   solver.MethodSimplex,
			wantObj:  12,
			wantX:    []float64{4, 0},
			wantDual: []float64{3, 0},
		},
		{
			name:     "max with interior point",
			p:        dense(true, []float64{3, 2}, []float64{0, 0}, []float64{inf, inf}, [][]float64{{1, 1}, {1, 3}}, []float64{-inf, -inf}, []float64{4, 6}, nil),
			method:   solver.MethodIPM,
			wantObj:  12,
			wantX:    []float64{4, 0},
			wantDual: []float64{3, 0},
		},
		{
			// min x+y, x+2y>=4: y=2; raising the bound by 1 costs 0.5.
			name:     "min with binding lower bound",
			p:        dense(false, []float64{1, 1}, []float64{0, 0}, []float64{inf, inf}, [][]float64{{1, 2}}, []float64{4}, []float64{inf}, nil),
			wantObj:  2,
			wantX:    []float64{0, 2},
			wantDual: []float64{0.5},
		},
		{
			name:    "no rows",
			p:       dense(true, []float64{1, -1}, []float64{0, -2}, []float64{5, 3}, nil, nil, nil, nil),
			wantObj: 7,
			wantX:   []float64{5, -2},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := h.Solve(context.Background(), tc.p, solver.Options{Method: tc.method})
			require.NoError(t, err)
			require.Equal(t, solver.TerminationOptimal, res.Termination, res.Detail)
			require.True(t, res.HasSolution())
			require.InDelta(t, tc.wantObj, res.Objective, 1e-9)
			require.InDeltaSlice(t, tc.wantX, res.X, 1e-7)
			if tc.wantDual != nil {
				require.True(t, res.HasDuals)
				require.InDeltaSlice(t, tc.wantDual, res.RowDuals, 1e-7)
			}
			require.True(t, res.Check.OK())
			require.NotEmpty(t, res.Version)
		})
	}
}

// TestHiGHSDualsMatchFiniteDifferences checks the dual sign convention on
// random LPs: raising a row's upper bound by a small step changes the
// optimum by dual·step.
func TestHiGHSDualsMatchFiniteDifferences(t *testing.T) {
	h := solvertest.HiGHS(t)
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := range 10 {
		n, m := 6, 4
		cost := make([]float64, n)
		lo, hi := make([]float64, n), make([]float64, n)
		for j := range n {
			cost[j] = rng.Float64()*10 - 2
			hi[j] = 5 + rng.Float64()*5
		}
		a := make([][]float64, m)
		rl, ru := make([]float64, m), make([]float64, m)
		for i := range m {
			a[i] = make([]float64, n)
			for j := range n {
				a[i][j] = rng.Float64() * 3
			}
			rl[i] = -solver.Inf
			ru[i] = 5 + rng.Float64()*10
		}
		for _, maximize := range []bool{true, false} {
			c := cost
			if !maximize {
				c = make([]float64, n)
				for j := range n {
					c[j] = -cost[j]
				}
			}
			p := dense(maximize, c, lo, hi, a, rl, ru, nil)
			base, err := h.Solve(context.Background(), p, solver.Options{Method: solver.MethodSimplex})
			require.NoError(t, err)
			require.True(t, base.HasDuals)
			const step = 1e-4
			for i := range m {
				ru2 := append([]float64(nil), ru...)
				ru2[i] += step
				moved, err := h.Solve(context.Background(), dense(maximize, c, lo, hi, a, rl, ru2, nil), solver.Options{Method: solver.MethodSimplex})
				require.NoError(t, err)
				fd := (moved.Objective - base.Objective) / step
				require.InDelta(t, fd, base.RowDuals[i], 1e-4, "trial %d maximize=%v row %d", trial, maximize, i)
			}
		}
	}
}

// TestHiGHSMIPAgainstBruteForce solves random binary knapsacks with two
// constraints and compares with enumeration of all 2^n choices.
func TestHiGHSMIPAgainstBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 20 {
		n := 10
		value, w1, w2 := make([]float64, n), make([]float64, n), make([]float64, n)
		for j := range n {
			value[j] = math.Round(rng.Float64()*100) - 10
			w1[j] = math.Round(rng.Float64()*40) + 1
			w2[j] = math.Round(rng.Float64()*40) + 1
		}
		c1, c2 := 100.0, 120.0
		best := math.Inf(-1)
		for mask := range 1 << n {
			var v, a, b float64
			for j := range n {
				if mask&(1<<j) != 0 {
					v += value[j]
					a += w1[j]
					b += w2[j]
				}
			}
			if a <= c1 && b <= c2 && v > best {
				best = v
			}
		}
		lo, hi, integer := make([]float64, n), make([]float64, n), make([]bool, n)
		for j := range n {
			hi[j], integer[j] = 1, true
		}
		p := dense(true, value, lo, hi, [][]float64{w1, w2}, []float64{-solver.Inf, -solver.Inf}, []float64{c1, c2}, integer)
		res, err := h.Solve(context.Background(), p, solver.Options{MIPRelGap: 1e-9})
		require.NoError(t, err)
		require.Equal(t, solver.TerminationOptimal, res.Termination)
		require.InDelta(t, best, res.Objective, 1e-6, "trial %d", trial)
		require.False(t, res.HasDuals, "a MIP has no duals")
		require.LessOrEqual(t, res.MIPGap, 1e-9)
	}
}

func TestHiGHSInfeasibleAndUnbounded(t *testing.T) {
	h := solvertest.HiGHS(t)
	inf := solver.Inf
	infeasible := dense(true, []float64{1}, []float64{0}, []float64{10}, [][]float64{{1}}, []float64{20}, []float64{inf}, nil)
	unbounded := dense(true, []float64{1, 1}, []float64{0, 0}, []float64{inf, inf}, [][]float64{{1, -1}}, []float64{-inf}, []float64{3}, nil)
	intInfeasible := dense(true, []float64{1}, []float64{0}, []float64{10}, [][]float64{{2}}, []float64{3}, []float64{3}, []bool{true})
	for _, tc := range []struct {
		name string
		p    *solver.Problem
		want solver.Termination
	}{
		{"infeasible LP", infeasible, solver.TerminationInfeasible},
		{"unbounded LP", unbounded, solver.TerminationUnbounded},
		{"infeasible MIP (2x = 3)", intInfeasible, solver.TerminationInfeasible},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := h.Solve(context.Background(), tc.p, solver.Options{})
			require.NoError(t, err)
			require.Equal(t, tc.want, res.Termination, res.Detail)
			require.False(t, res.HasSolution())
		})
	}
}

// marketSplit returns a hard feasibility MIP (Cornuéjols–Dawande market
// split): branch and bound needs far longer than any test runs.
func marketSplit(seed uint64, m, n int) *solver.Problem {
	rng := rand.New(rand.NewPCG(seed, 99))
	a := make([][]float64, m)
	rhs := make([]float64, m)
	for i := range m {
		a[i] = make([]float64, n)
		var sum float64
		for j := range n {
			a[i][j] = float64(rng.IntN(100))
			sum += a[i][j]
		}
		rhs[i] = math.Floor(sum / 2)
	}
	// slack columns s+ and s- per row make it feasible; minimize their sum.
	cost := make([]float64, n+2*m)
	lo, hi, integer := make([]float64, n+2*m), make([]float64, n+2*m), make([]bool, n+2*m)
	for j := range n {
		hi[j], integer[j] = 1, true
	}
	full := make([][]float64, m)
	for i := range m {
		full[i] = append(append([]float64(nil), a[i]...), make([]float64, 2*m)...)
		full[i][n+2*i], full[i][n+2*i+1] = 1, -1
		cost[n+2*i], cost[n+2*i+1] = 1, 1
		hi[n+2*i], hi[n+2*i+1] = solver.Inf, solver.Inf
	}
	return dense(false, cost, lo, hi, full, rhs, rhs, integer)
}

func TestHiGHSTimeLimitKeepsIncumbent(t *testing.T) {
	h := solvertest.HiGHS(t)
	p := marketSplit(3, 6, 60)
	res, err := h.Solve(context.Background(), p, solver.Options{TimeLimitSeconds: 0.5, Threads: 1})
	require.NoError(t, err)
	require.Equal(t, solver.TerminationTimeLimit, res.Termination, res.Detail)
	require.Equal(t, "time limit", res.Detail)
	if res.Primal == solver.FeasiblePoint {
		require.True(t, res.HasSolution())
		require.True(t, res.Check.OK(), "the incumbent was verified")
		require.Greater(t, res.MIPGap, 0.0)
	}
}

func TestHiGHSContextCancelInterrupts(t *testing.T) {
	h := solvertest.HiGHS(t)
	p := marketSplit(4, 6, 60)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	res, err := h.Solve(ctx, p, solver.Options{Threads: 1})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Equal(t, solver.TerminationInterrupted, res.Termination, res.Detail)
}

func TestHiGHSLogGoesToWriter(t *testing.T) {
	h := solvertest.HiGHS(t)
	var buf bytes.Buffer
	p := dense(true, []float64{1}, []float64{0}, []float64{4}, nil, nil, nil, nil)
	_, err := h.Solve(context.Background(), p, solver.Options{Log: &buf})
	require.NoError(t, err)
	require.Contains(t, buf.String(), "HiGHS")
}

// TestMPSRoundTripThroughHiGHS writes problems as MPS, has HiGHS read and
// solve the file alone, and compares the optimum with solving in memory.
func TestMPSRoundTripThroughHiGHS(t *testing.T) {
	h := solvertest.HiGHS(t)
	inf := solver.Inf
	problems := map[string]*solver.Problem{
		"lp max ranged": dense(true, []float64{3, 2, -1}, []float64{0, -1, -inf}, []float64{inf, 4, 2},
			[][]float64{{1, 1, 0}, {1, 3, 1}, {0, 1, 1}}, []float64{-inf, 1, -2}, []float64{4, 6, 3}, nil),
		"mip min equality": dense(false, []float64{2, 3, 1}, []float64{0, 0, 0}, []float64{inf, 5, 1},
			[][]float64{{1, 1, 1}, {1, -1, 0}}, []float64{7, -1}, []float64{7, -1}, []bool{true, true, false}),
	}
	dir := t.TempDir()
	for name, p := range problems {
		t.Run(name, func(t *testing.T) {
			direct, err := h.Solve(context.Background(), p, solver.Options{})
			require.NoError(t, err)
			require.Equal(t, solver.TerminationOptimal, direct.Termination)
			path := filepath.Join(dir, "model.mps")
			var buf bytes.Buffer
			require.NoError(t, solver.WriteMPS(&buf, p))
			require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
			alone, err := h.SolveFile(context.Background(), path, solver.Options{})
			require.NoError(t, err)
			require.Equal(t, solver.Optimal, alone.Outcome, alone.Detail)
			require.Equal(t, p.NumCols(), alone.NumCols)
			require.InDelta(t, direct.Objective, alone.Objective, 1e-9)
		})
	}
}

// TestHiGHSReportsMIPProgress: a MIP that runs past a second reports
// branch and bound's state from HiGHS's callback: time rising, a bound
// that never is worse than the incumbent (minimization: bound ≤
// incumbent), and a gap in [0, 1] once there is an incumbent. The final
// report agrees with the result's bound.
func TestHiGHSReportsMIPProgress(t *testing.T) {
	h := solvertest.HiGHS(t)
	p := marketSplit(5, 6, 60)
	var reports []solver.MIPProgress
	res, err := h.Solve(context.Background(), p, solver.Options{TimeLimitSeconds: 1.2, Threads: 1,
		Progress: func(m solver.MIPProgress) { reports = append(reports, m) }})
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(reports), 2, "about four reports a second")
	t.Logf("first %+v last %+v (%d reports)", reports[0], reports[len(reports)-1], len(reports))
	for i, r := range reports {
		if i > 0 {
			require.GreaterOrEqual(t, r.Seconds, reports[i-1].Seconds)
			require.GreaterOrEqual(t, r.Nodes, reports[i-1].Nodes)
		}
		if !math.IsInf(r.Incumbent, 0) {
			require.LessOrEqual(t, r.Bound, r.Incumbent+1e-9)
			require.GreaterOrEqual(t, r.Gap, 0.0)
			require.LessOrEqual(t, r.Gap, 1.0+1e-9)
		}
	}
	require.LessOrEqual(t, reports[len(reports)-1].Bound, res.MIPDualBound+1e-6)

	// An LP reports nothing.
	reports = nil
	lp := dense(true, []float64{1}, []float64{0}, []float64{4}, nil, nil, nil, nil)
	_, err = h.Solve(context.Background(), lp, solver.Options{Progress: func(m solver.MIPProgress) { reports = append(reports, m) }})
	require.NoError(t, err)
	require.Empty(t, reports)
}
