// Package solver holds a solver-neutral sparse LP/MIP problem type, MPS
// export, the result of a solve (why it stopped, apart from whether it
// returned a point) and the checks every solution passes before anyone
// uses it; its HiGHS backend is solver/highs. It knows nothing about
// mining, AI or sites.
package solver

import (
	"errors"
	"fmt"
	"math"
)

// Inf is the value used for a missing bound (HiGHS treats any value at or
// beyond 1e20 as infinite too).
const Inf = math.MaxFloat64

// Problem is a linear program, optionally with integer columns:
//
//	optimize  Offset + Σ_j ColCost[j]·x[j]
//	subject to RowLower[i] ≤ Σ_j A[i,j]·x[j] ≤ RowUpper[i]
//	           ColLower[j] ≤ x[j] ≤ ColUpper[j]
//	           x[j] integer where Integer[j]
//
// The matrix A is stored in compressed sparse column form: the entries of
// column j are RowIndex[ColStart[j]:ColStart[j+1]] and
// Value[ColStart[j]:ColStart[j+1]]. Build it with [Problem.AddRows] and
// [Problem.AddColumn], which append to flat arrays and never allocate per
// nonzero once [Problem.Reserve] has sized them.
type Problem struct {
	Name     string
	Maximize bool
	Offset   float64

	ColCost  []float64
	ColLower []float64
	ColUpper []float64
	Integer  []bool // nil for an LP; else one flag per column

	RowLower []float64
	RowUpper []float64

	ColStart []int32 // len NumCols()+1, ColStart[0] == 0
	RowIndex []int32
	Value    []float64

	ColNames []string // optional: nil, or one per column
	RowNames []string // optional: nil, or one per row
}

// NewProblem returns an empty problem with storage reserved for the given
// numbers of columns, rows and nonzeros.
func NewProblem(name string, maximize bool, cols, rows, nonzeros int) *Problem {
	p := &Problem{Name: name, Maximize: maximize}
	p.Reserve(cols, rows, nonzeros)
	return p
}

// Reserve grows the backing arrays so that adding up to the given numbers of
// columns, rows and nonzeros allocates nothing.
func (p *Problem) Reserve(cols, rows, nonzeros int) {
	if len(p.ColStart) == 0 {
		p.ColStart = append(make([]int32, 0, cols+1), 0)
	} else {
		p.ColStart = grow(p.ColStart, cols)
	}
	p.ColCost = grow(p.ColCost, cols)
	p.ColLower = grow(p.ColLower, cols)
	p.ColUpper = grow(p.ColUpper, cols)
	p.RowLower = grow(p.RowLower, rows)
	p.RowUpper = grow(p.RowUpper, rows)
	p.RowIndex = grow(p.RowIndex, nonzeros)
	p.Value = grow(p.Value, nonzeros)
}

func grow[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	out := make([]T, len(s), len(s)+n)
	copy(out, s)
	return out
}

// NumCols is the number of columns (variables).
func (p *Problem) NumCols() int { return len(p.ColCost) }

// NumRows is the number of rows (constraints).
func (p *Problem) NumRows() int { return len(p.RowLower) }

// NumNonzeros is the number of stored matrix entries.
func (p *Problem) NumNonzeros() int { return len(p.Value) }

// NumIntegers is the number of integer columns.
func (p *Problem) NumIntegers() int {
	n := 0
	for _, b := range p.Integer {
		if b {
			n++
		}
	}
	return n
}

// IsMIP reports whether any column is integer.
func (p *Problem) IsMIP() bool { return p.NumIntegers() > 0 }

// AddRows appends n rows with the same bounds and returns the index of the
// first.
func (p *Problem) AddRows(n int, lower, upper float64) int {
	first := len(p.RowLower)
	for range n {
		p.RowLower = append(p.RowLower, lower)
		p.RowUpper = append(p.RowUpper, upper)
	}
	return first
}

// AddRow appends one row and returns its index.
func (p *Problem) AddRow(lower, upper float64) int {
	p.RowLower = append(p.RowLower, lower)
	p.RowUpper = append(p.RowUpper, upper)
	return len(p.RowLower) - 1
}

// AddColumn appends a column with its objective coefficient, bounds,
// integrality and matrix entries (rows[k], values[k]) and returns its index.
// Rows must already exist; entries are copied, so callers may reuse the
// slices.
func (p *Problem) AddColumn(cost, lower, upper float64, integer bool, rows []int32, values []float64) int {
	j := len(p.ColCost)
	p.ColCost = append(p.ColCost, cost)
	p.ColLower = append(p.ColLower, lower)
	p.ColUpper = append(p.ColUpper, upper)
	if integer && p.Integer == nil {
		p.Integer = make([]bool, j, cap(p.ColCost))
	}
	if p.Integer != nil {
		p.Integer = append(p.Integer, integer)
	}
	p.RowIndex = append(p.RowIndex, rows...)
	p.Value = append(p.Value, values...)
	p.ColStart = append(p.ColStart, int32(len(p.Value)))
	return j
}

// Validate checks the problem's internal consistency: array lengths, sorted
// in-range row indices, finite coefficients, and bounds that are not
// crossed. It does not decide feasibility.
func (p *Problem) Validate() error {
	n, m := p.NumCols(), p.NumRows()
	if len(p.ColLower) != n || len(p.ColUpper) != n {
		return fmt.Errorf("problem %q: %d costs but %d lower and %d upper column bounds", p.Name, n, len(p.ColLower), len(p.ColUpper))
	}
	if p.Integer != nil && len(p.Integer) != n {
		return fmt.Errorf("problem %q: %d integrality flags for %d columns", p.Name, len(p.Integer), n)
	}
	if len(p.RowUpper) != m {
		return fmt.Errorf("problem %q: %d lower and %d upper row bounds", p.Name, m, len(p.RowUpper))
	}
	if len(p.ColStart) != n+1 || p.ColStart[0] != 0 || int(p.ColStart[n]) != len(p.Value) {
		return fmt.Errorf("problem %q: column starts do not match %d columns and %d nonzeros", p.Name, n, len(p.Value))
	}
	if len(p.RowIndex) != len(p.Value) {
		return fmt.Errorf("problem %q: %d row indices for %d values", p.Name, len(p.RowIndex), len(p.Value))
	}
	if p.ColNames != nil && len(p.ColNames) != n {
		return fmt.Errorf("problem %q: %d column names for %d columns", p.Name, len(p.ColNames), n)
	}
	if p.RowNames != nil && len(p.RowNames) != m {
		return fmt.Errorf("problem %q: %d row names for %d rows", p.Name, len(p.RowNames), m)
	}
	if math.IsNaN(p.Offset) || math.IsInf(p.Offset, 0) {
		return fmt.Errorf("problem %q: objective offset is %v", p.Name, p.Offset)
	}
	for j := range n {
		if c := p.ColCost[j]; math.IsNaN(c) || math.IsInf(c, 0) {
			return fmt.Errorf("problem %q: column %s has cost %v", p.Name, p.colName(j), c)
		}
		if lo, hi := p.ColLower[j], p.ColUpper[j]; math.IsNaN(lo) || math.IsNaN(hi) || lo > hi {
			return fmt.Errorf("problem %q: column %s has bounds [%v, %v]", p.Name, p.colName(j), lo, hi)
		}
		start, end := p.ColStart[j], p.ColStart[j+1]
		if end < start {
			return fmt.Errorf("problem %q: column %s has a negative length", p.Name, p.colName(j))
		}
		prev := int32(-1)
		for k := start; k < end; k++ {
			i := p.RowIndex[k]
			if i < 0 || int(i) >= m {
				return fmt.Errorf("problem %q: column %s refers to row %d of %d", p.Name, p.colName(j), i, m)
			}
			if i <= prev {
				return fmt.Errorf("problem %q: column %s has row indices out of order or repeated at row %d", p.Name, p.colName(j), i)
			}
			prev = i
			if v := p.Value[k]; math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("problem %q: column %s row %s has coefficient %v", p.Name, p.colName(j), p.rowName(int(i)), v)
			}
		}
	}
	for i := range m {
		if lo, hi := p.RowLower[i], p.RowUpper[i]; math.IsNaN(lo) || math.IsNaN(hi) || lo > hi {
			return fmt.Errorf("problem %q: row %s has bounds [%v, %v]", p.Name, p.rowName(i), lo, hi)
		}
	}
	return nil
}

// ErrEmpty is returned when asked to solve a problem without columns.
var ErrEmpty = errors.New("problem has no columns")

func (p *Problem) colName(j int) string {
	if p.ColNames != nil && p.ColNames[j] != "" {
		return p.ColNames[j]
	}
	return fmt.Sprintf("c%d", j)
}

func (p *Problem) rowName(i int) string {
	if p.RowNames != nil && p.RowNames[i] != "" {
		return p.RowNames[i]
	}
	return fmt.Sprintf("r%d", i)
}

// Objective returns Offset + Σ ColCost[j]·x[j].
func (p *Problem) Objective(x []float64) float64 {
	sum := p.Offset
	for j, c := range p.ColCost {
		sum += c * x[j]
	}
	return sum
}

// RowActivity returns A·x.
func (p *Problem) RowActivity(x []float64) []float64 {
	act := make([]float64, p.NumRows())
	for j := range p.ColCost {
		xj := x[j]
		if xj == 0 {
			continue
		}
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			act[p.RowIndex[k]] += p.Value[k] * xj
		}
	}
	return act
}
