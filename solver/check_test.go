package solver_test

import (
	"bytes"
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
