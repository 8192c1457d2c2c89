package solver

import (
	"fmt"
	"math"
)

// Builder assembles a Problem row by row. Columns are declared with their
// cost and bounds; each row lists its entries by column index, so the code
// that owns a constraint writes the whole of it in one place. Problem (or
// BuildInto, which reuses storage) converts the rows into the
// compressed-column form that Solve, Verify and WriteMPS take.
//
// Sizes counted in advance with Reserve make the builder allocate nothing
// while rows and columns are added.
type Builder struct {
	name     string
	maximize bool

	colCost, colLower, colUpper []float64
	integer                     []bool // nil until an integer column is added
	colNames                    []string

	rowLower, rowUpper []float64
	rowStart           []int32 // len rows+1
	rowCol             []int32
	rowVal             []float64
	rowNames           []string

	names bool // keep names (SetColumnName and SetRowName are no-ops otherwise)

	// check, when set (CheckRows), receives each row as it is added
	// instead of the row storage.
	check    *rowCheck
	checking rowCheck // check's storage, reused from problem to problem
}

// rowCheck is what a builder that checks rows as they come (CheckRows)
// keeps of them: their count and the worst violation by the point x.
type rowCheck struct {
	x         []float64
	rows, nnz int
	worst     int     // index of the row with the largest scaled violation, -1 if none
	viol      float64 // its scaled violation
	act       float64 // its activity
	lower     float64
	upper     float64
	err       error // a row that refers to a column x has no value for
}

// NewBuilder returns an empty builder. With names, SetColumnName and
// SetRowName record names (for MPS export); otherwise they do nothing, which
// saves memory on large models.
func NewBuilder(name string, maximize, names bool) *Builder {
	b := &Builder{}
	b.Reset(name, maximize, names)
	return b
}

// Reset empties the builder for a new problem, keeping its storage.
func (b *Builder) Reset(name string, maximize, names bool) {
	b.name, b.maximize, b.names = name, maximize, names
	b.colCost, b.colLower, b.colUpper = b.colCost[:0], b.colLower[:0], b.colUpper[:0]
	b.integer = nil
	b.colNames, b.rowNames = b.colNames[:0], b.rowNames[:0]
	b.rowLower, b.rowUpper = b.rowLower[:0], b.rowUpper[:0]
	b.rowStart = append(b.rowStart[:0], 0)
	b.rowCol, b.rowVal = b.rowCol[:0], b.rowVal[:0]
	b.check = nil
}

// CheckRows makes the builder check every row added from now on against
// the point x instead of storing it: its activity Σ vals[k]·x[cols[k]] and
// its scaled violation, as Verify measures them. Verify (with the same x)
// then reports the checked rows with the stored ones; Problem and
// BuildInto refuse a builder that checked rows. It is the cheap way to
// verify a model built only to be checked, when every column — and x —
// is known before the first row: nothing of the rows is kept but their
// count and the worst one. x must not change until Verify.
func (b *Builder) CheckRows(x []float64) {
	b.checking = rowCheck{x: x, worst: -1}
	b.check = &b.checking
}

// Reserve grows the storage so that adding up to the given numbers of
// columns, rows and nonzeros allocates nothing.
func (b *Builder) Reserve(cols, rows, nonzeros int) {
	b.colCost = grow(b.colCost, cols)
	b.colLower = grow(b.colLower, cols)
	b.colUpper = grow(b.colUpper, cols)
	b.rowLower = grow(b.rowLower, rows)
	b.rowUpper = grow(b.rowUpper, rows)
	b.rowStart = grow(b.rowStart, rows)
	b.rowCol = grow(b.rowCol, nonzeros)
	b.rowVal = grow(b.rowVal, nonzeros)
	if b.names {
		b.colNames = grow(b.colNames, cols)
		b.rowNames = grow(b.rowNames, rows)
	}
}

// NumCols is the number of columns declared so far.
func (b *Builder) NumCols() int { return len(b.colCost) }

// NumRows is the number of rows added so far (checked ones included).
func (b *Builder) NumRows() int {
	if b.check != nil {
		return len(b.rowLower) + b.check.rows
	}
	return len(b.rowLower)
}

// NumIntegers is the number of integer columns declared so far.
func (b *Builder) NumIntegers() int {
	n := 0
	for _, v := range b.integer {
		if v {
			n++
		}
	}
	return n
}

// NumNonzeros is the number of entries added so far (checked rows' included).
func (b *Builder) NumNonzeros() int {
	if b.check != nil {
		return len(b.rowVal) + b.check.nnz
	}
	return len(b.rowVal)
}

// AddColumn declares a column with its objective coefficient, bounds and
// integrality, and returns its index.
func (b *Builder) AddColumn(cost, lower, upper float64, integer bool) int {
	j := len(b.colCost)
	if c := b.check; c != nil && c.err == nil && j >= len(c.x) {
		c.err = fmt.Errorf("column %d was declared after rows began to be checked against a point of %d values", j, len(c.x))
	}
	b.colCost = append(b.colCost, cost)
	b.colLower = append(b.colLower, lower)
	b.colUpper = append(b.colUpper, upper)
	if integer && b.integer == nil {
		b.integer = make([]bool, j, cap(b.colCost))
	}
	if b.integer != nil {
		b.integer = append(b.integer, integer)
	}
	if b.names {
		b.colNames = append(b.colNames, "")
	}
	return j
}

// AddCost adds delta to the objective coefficient of column j: terms of
// the objective that fall on columns declared elsewhere add their part.
func (b *Builder) AddCost(j int, delta float64) { b.colCost[j] += delta }

// Cost returns the objective coefficient of column j as built so far.
func (b *Builder) Cost(j int) float64 { return b.colCost[j] }

// AddRow appends a row lower ≤ Σ vals[k]·x[cols[k]] ≤ upper and returns its
// index. The entries are copied; every column must already exist and appear
// once.
func (b *Builder) AddRow(lower, upper float64, cols []int32, vals []float64) int {
	if b.check != nil {
		return b.checkRow(lower, upper, cols, vals)
	}
	i := len(b.rowLower)
	b.rowLower = append(b.rowLower, lower)
	b.rowUpper = append(b.rowUpper, upper)
	b.rowCol = append(b.rowCol, cols...)
	b.rowVal = append(b.rowVal, vals...)
	b.rowStart = append(b.rowStart, int32(len(b.rowCol)))
	if b.names {
		b.rowNames = append(b.rowNames, "")
	}
	return i
}

// checkRow measures a row against the checked point (CheckRows), as
// Verify measures a stored row, and returns its index.
func (b *Builder) checkRow(lower, upper float64, cols []int32, vals []float64) int {
	c := b.check
	i := len(b.rowLower) + c.rows
	c.rows++
	c.nnz += len(cols)
	var sum float64
	for k, j := range cols {
		if j < 0 || int(j) >= len(c.x) {
			if c.err == nil {
				c.err = fmt.Errorf("row r%d refers to column %d of %d", i, j, len(c.x))
			}
			return i
		}
		sum += vals[k] * c.x[j]
	}
	if sum >= lower && sum <= upper {
		return i // within its bounds: no violation, whatever the row's scale
	}
	var big float64 // the largest |a_ij·x_j|, which scales a violation
	for k, j := range cols {
		big = max(big, math.Abs(vals[k]*c.x[j]))
	}
	if viol := rowViolation(sum, lower, upper, big); viol > c.viol {
		c.viol, c.worst, c.act, c.lower, c.upper = viol, i, sum, lower, upper
	}
	return i
}

// SetColumnName names column j (kept only when the builder keeps names).
func (b *Builder) SetColumnName(j int, name string) {
	if b.names {
		b.colNames[j] = name
	}
}

// SetRowName names row i (kept only when the builder keeps names).
func (b *Builder) SetRowName(i int, name string) {
	if b.names {
		b.rowNames[i] = name
	}
}

// KeepsNames reports whether the builder records names.
func (b *Builder) KeepsNames() bool { return b.names }

// Problem converts what was added into a new Problem in compressed-column
// form and validates it.
func (b *Builder) Problem() (*Problem, error) { return b.BuildInto(nil) }

// BuildInto is Problem reusing the storage of dst (which must not be in use
// any more) when it is not nil.
func (b *Builder) BuildInto(dst *Problem) (*Problem, error) {
	if b.check != nil && b.check.rows > 0 {
		return nil, fmt.Errorf("problem %q: %d rows were checked, not stored (CheckRows): it cannot be solved", b.name, b.check.rows)
	}
	n, m, nnz := len(b.colCost), len(b.rowLower), len(b.rowVal)
	if int64(nnz) > int64(highsIndexLimit) || n > highsIndexLimit || m > highsIndexLimit {
		return nil, fmt.Errorf("problem %q: %d columns, %d rows, %d nonzeros exceed the 32-bit index limit", b.name, n, m, nnz)
	}
	p := dst
	if p == nil {
		p = &Problem{}
	}
	p.Name, p.Maximize, p.Offset = b.name, b.maximize, 0
	p.ColCost = append(p.ColCost[:0], b.colCost...)
	p.ColLower = append(p.ColLower[:0], b.colLower...)
	p.ColUpper = append(p.ColUpper[:0], b.colUpper...)
	if b.integer != nil {
		p.Integer = append(p.Integer[:0], b.integer...)
	} else {
		p.Integer = nil
	}
	p.RowLower = append(p.RowLower[:0], b.rowLower...)
	p.RowUpper = append(p.RowUpper[:0], b.rowUpper...)
	p.ColNames, p.RowNames = nil, nil
	if b.names {
		p.ColNames = append([]string(nil), b.colNames...)
		p.RowNames = append([]string(nil), b.rowNames...)
	}
	// Counting sort of the entries by column; rows are visited in order, so
	// the row indices of every column come out sorted.
	p.ColStart = resize(p.ColStart, n+1)
	clear(p.ColStart)
	for _, j := range b.rowCol {
		if j < 0 || int(j) >= n {
			return nil, fmt.Errorf("problem %q: a row refers to column %d of %d", b.name, j, n)
		}
		p.ColStart[j+1]++
	}
	for j := range n {
		p.ColStart[j+1] += p.ColStart[j]
	}
	p.RowIndex = resize(p.RowIndex, nnz)
	p.Value = resize(p.Value, nnz)
	next := make([]int32, n)
	copy(next, p.ColStart[:n])
	for i := range m {
		for k := b.rowStart[i]; k < b.rowStart[i+1]; k++ {
			j := b.rowCol[k]
			at := next[j]
			p.RowIndex[at] = int32(i)
			p.Value[at] = b.rowVal[k]
			next[j]++
		}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// highsIndexLimit is the largest count a 32-bit HighsInt index can hold.
const highsIndexLimit = 1<<31 - 1

// resize returns s with length n, reusing its storage when large enough.
func resize[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}
