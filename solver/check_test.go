package solver_test

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/solver"
)

func smallProblem() *solver.Problem {
	// max x + 2y, x + y <= 4 (row "cap"), 0 <= x <= 3, y integer in [0, 2]
	p := solver.NewProblem("small", true, 2, 1, 2)
	p.AddRow(-solver.Inf, 4)
	p.AddColumn(1, 0, 3, false, []int32{0}, []float64{1})
	p.AddColumn(2, 0, 2, true, []int32{0}, []float64{1})
	p.RowNames = []string{"cap"}
	return p
}

func TestVerify(t *testing.T) {
	p := smallProblem()
	tests := []struct {
		name    string
		x       []float64
		obj     float64
		wantErr string
	}{
		{"feasible optimum", []float64{2, 2}, 6, ""},
		{"tiny tolerated residual", []float64{2 + 1e-9, 2}, 6, ""},
		{"bound violated", []float64{3.5, 0}, 3.5, "violates its bounds"},
		{"row violated", []float64{3, 2}, 7, "row cap activity 5 violates"},
		{"fractional integer", []float64{1, 1.5}, 4, "is fractional"},
		{"objective misreported", []float64{2, 2}, 6.1, "objective recomputed"},
		{"wrong length", []float64{1}, 1, "1 values for 2 columns"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := solver.Verify(p, tc.x, tc.obj)
			if tc.wantErr == "" {
				require.NoError(t, err)
				require.True(t, c.OK())
				return
			}
			require.ErrorContains(t, err, tc.wantErr)
			require.False(t, c.OK())
		})
	}
}

func TestValidateRejectsBrokenProblems(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(p *solver.Problem)
		wantErr string
	}{
		{"crossed column bounds", func(p *solver.Problem) { p.ColLower[0] = 5 }, "has bounds [5, 3]"},
		{"row index out of range", func(p *solver.Problem) { p.RowIndex[1] = 7 }, "refers to row 7"},
		{"NaN cost", func(p *solver.Problem) { p.ColCost[1] = p.ColCost[1] * nan() }, "has cost NaN"},
		{"crossed row bounds", func(p *solver.Problem) { p.RowLower[0] = 10 }, "row cap has bounds"},
		{"short integrality", func(p *solver.Problem) { p.Integer = p.Integer[:1] }, "1 integrality flags"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := smallProblem()
			tc.mutate(p)
			require.ErrorContains(t, p.Validate(), tc.wantErr)
		})
	}
}

func nan() float64 {
	zero := 0.0
	return zero / zero
}

func TestProblemCounts(t *testing.T) {
	p := smallProblem()
	require.Equal(t, 2, p.NumCols())
	require.Equal(t, 1, p.NumRows())
	require.Equal(t, 2, p.NumNonzeros())
	require.Equal(t, 1, p.NumIntegers())
	require.True(t, p.IsMIP())
	require.Equal(t, []float64{5}, p.RowActivity([]float64{3, 2}))
	require.NoError(t, p.Validate())
}

func TestWriteMPS(t *testing.T) {
	p := smallProblem()
	p.ColNames = []string{"x", "y with space"}
	var buf bytes.Buffer
	require.NoError(t, solver.WriteMPS(&buf, p))
	want := `NAME small
OBJSENSE
    MAX
ROWS
 N  OBJ
 L  cap
COLUMNS
    x OBJ 1
    x cap 1
    MARKER 'MARKER' 'INTORG'
    y_with_space OBJ 2
    y_with_space cap 1
    MARKER 'MARKER' 'INTEND'
RHS
    RHS cap 4
RANGES
BOUNDS
 UP BND x 3
 LO BND y_with_space 0
 UP BND y_with_space 2
ENDATA
`
	require.Equal(t, want, buf.String())
	require.False(t, strings.Contains(buf.String(), "y with"))
}

func TestAddColumnDoesNotAllocateWhenReserved(t *testing.T) {
	p := solver.NewProblem("alloc", true, 2000, 10, 4000)
	p.AddRows(10, -solver.Inf, 1)
	rows := []int32{1, 5}
	vals := []float64{1, 2}
	allocs := testing.AllocsPerRun(1, func() {
		for range 1000 {
			p.AddColumn(1, 0, 1, false, rows, vals)
		}
	})
	require.Zero(t, allocs)
}

// TestCheckRowsMatchesVerify builds random problems twice, once storing
// the rows and once checking each against the point as it is added
// (Builder.CheckRows), and requires the same Check and the same error
// from Verify — feasible points and points that break a row alike.
func TestCheckRowsMatchesVerify(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var broken, feasible int
	stored, checked := solver.NewBuilder("p", true, false), solver.NewBuilder("p", true, false)
	for range 400 {
		n, m := 1+rng.IntN(8), 1+rng.IntN(12)
		type row struct {
			lower, upper float64
			cols         []int32
			vals         []float64
		}
		rows := make([]row, m)
		for i := range rows {
			for j := range n {
				if rng.IntN(2) == 0 {
					rows[i].cols = append(rows[i].cols, int32(j))
					rows[i].vals = append(rows[i].vals, rng.NormFloat64()*math.Pow(10, float64(rng.IntN(5))))
				}
			}
			rows[i].lower, rows[i].upper = -solver.Inf, solver.Inf
			switch rng.IntN(3) {
			case 0:
				rows[i].upper = rng.NormFloat64() * 3
			case 1:
				rows[i].lower = rng.NormFloat64() * 3
			default:
				rows[i].lower = -1 - rng.Float64()
				rows[i].upper = 1 + rng.Float64()
			}
		}
		x := make([]float64, n)
		for j := range x {
			x[j] = rng.Float64() * 0.3
		}
		cost := make([]float64, n)
		for j := range cost {
			cost[j] = rng.NormFloat64()
		}
		for _, b := range []*solver.Builder{stored, checked} {
			b.Reset("p", true, false)
			for _, c := range cost {
				b.AddColumn(c, 0, 1, false)
			}
		}
		checked.CheckRows(x)
		for _, r := range rows {
			require.Equal(t, stored.AddRow(r.lower, r.upper, r.cols, r.vals), checked.AddRow(r.lower, r.upper, r.cols, r.vals))
		}
		require.Equal(t, stored.NumRows(), checked.NumRows())
		require.Equal(t, stored.NumNonzeros(), checked.NumNonzeros())
		want, wantErr := stored.Verify(x, 0)
		got, gotErr := checked.Verify(x, 0)
		require.Equal(t, want, got)
		if want.MaxRowViolation > solver.CheckTolerance {
			broken++
			require.Error(t, wantErr)
			require.EqualError(t, gotErr, wantErr.Error())
		} else {
			feasible++
		}
	}
	// Guards: the comparison saw both kinds of point.
	require.Greater(t, broken, 50)
	require.Greater(t, feasible, 10)
}

// TestCheckRowsRefusesWhatItCannotCheck: a row over a column the point
// has no value for, a column declared after rows began to be checked,
// another point at Verify, and a problem built from checked rows.
func TestCheckRowsRefusesWhatItCannotCheck(t *testing.T) {
	tests := []struct {
		name    string
		build   func(b *solver.Builder, x []float64) []float64
		wantErr string
	}{
		{"row beyond the point", func(b *solver.Builder, x []float64) []float64 {
			b.AddRow(0, 1, []int32{2}, []float64{1})
			return x
		}, "refers to column 2 of 2"},
		{"column after the first checked row", func(b *solver.Builder, x []float64) []float64 {
			b.AddRow(0, 1, []int32{0}, []float64{1})
			b.AddColumn(0, 0, 1, false)
			return x
		}, "column 2 was declared after rows began to be checked"},
		{"another point", func(b *solver.Builder, x []float64) []float64 {
			b.AddRow(0, 1, []int32{0}, []float64{1})
			return append([]float64(nil), x...)
		}, "checked against another point"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := solver.NewBuilder("p", true, false)
			b.AddColumn(1, 0, 1, false)
			b.AddColumn(1, 0, 1, false)
			x := []float64{0.5, 0.5}
			b.CheckRows(x)
			_, err := b.Verify(tc.build(b, x), 1)
			require.ErrorContains(t, err, tc.wantErr)
		})
	}
	b := solver.NewBuilder("p", true, false)
	b.AddColumn(1, 0, 1, false)
	b.CheckRows([]float64{1})
	b.AddRow(0, 1, []int32{0}, []float64{1})
	_, err := b.Problem()
	require.ErrorContains(t, err, "were checked, not stored")
	b.Reset("p", true, false) // a reset builder stores rows again
	b.AddColumn(1, 0, 1, false)
	b.AddRow(0, 1, []int32{0}, []float64{1})
	_, err = b.Problem()
	require.NoError(t, err)
}
