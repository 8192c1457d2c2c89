package solver

import (
	"fmt"
	"math"
)

// CheckTolerance is the largest scaled residual Verify accepts: bound and row
// violations are divided by max(1, |bound|, largest |a_ij·x_j| in the row),
// integrality violations are absolute, and the objective is compared
// relative to max(1, |objective|).
const CheckTolerance = 1e-6

// Check is the outcome of verifying a primal point against a problem.
type Check struct {
	MaxBoundViolation       float64 // scaled
	MaxRowViolation         float64 // scaled
	MaxIntegralityViolation float64
	WorstColumn             int // column with the largest bound or integrality violation, -1 if none
	WorstRow                int // row with the largest violation, -1 if none
	ObjectiveRecomputed     float64
	ObjectiveReported       float64
	ObjectiveRelDiff        float64
}

// OK reports whether every measure is within CheckTolerance.
func (c Check) OK() bool {
	return c.MaxBoundViolation <= CheckTolerance &&
		c.MaxRowViolation <= CheckTolerance &&
		c.MaxIntegralityViolation <= CheckTolerance &&
		c.ObjectiveRelDiff <= CheckTolerance
}

// Verify recomputes the row activities and the objective of x from the
// problem data and measures every violation. It returns an error when x has
// the wrong length or any measure exceeds CheckTolerance; the Check is
// returned either way.
func Verify(p *Problem, x []float64, reportedObjective float64) (Check, error) {
	return verify(verifyInput{
		name: p.Name, offset: p.Offset, cost: p.ColCost, colLower: p.ColLower, colUpper: p.ColUpper, integer: p.Integer,
		rowLower: p.RowLower, rowUpper: p.RowUpper, colName: p.colName, rowName: p.rowName,
		activity: func(x, act, scale []float64) {
			for j := range p.ColCost {
				xj := x[j]
				if xj == 0 {
					continue
				}
				for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
					i := p.RowIndex[k]
					t := p.Value[k] * xj
					act[i] += t
					if a := math.Abs(t); a > scale[i] {
						scale[i] = a
					}
				}
			}
		},
	}, x, reportedObjective)
}

// Verify checks x against the rows and columns added so far, as
// solver.Verify does for a Problem, reading the rows as they were added
// (no conversion): the cheap way to verify a model that is built only to
// be checked.
func (b *Builder) Verify(x []float64, reportedObjective float64) (Check, error) {
	n := len(b.colCost)
	if c := b.check; c != nil {
		if len(x) != len(c.x) || (len(x) > 0 && &x[0] != &c.x[0]) {
			return Check{WorstColumn: -1, WorstRow: -1}, fmt.Errorf("verify %q: the rows were checked against another point than the one verified", b.name)
		}
		if c.err != nil {
			return Check{WorstColumn: -1, WorstRow: -1}, fmt.Errorf("verify %q: %w", b.name, c.err)
		}
	}
	for _, j := range b.rowCol {
		if j < 0 || int(j) >= n {
			return Check{WorstColumn: -1, WorstRow: -1}, fmt.Errorf("verify %q: a row refers to column %d of %d", b.name, j, n)
		}
	}
	name := func(names []string, prefix string, i int) string {
		if i < len(names) && names[i] != "" {
			return names[i]
		}
		return fmt.Sprintf("%s%d", prefix, i)
	}
	return verify(verifyInput{
		name: b.name, cost: b.colCost, colLower: b.colLower, colUpper: b.colUpper, integer: b.integer,
		rowLower: b.rowLower, rowUpper: b.rowUpper,
		colName: func(j int) string { return name(b.colNames, "c", j) },
		rowName: func(i int) string { return name(b.rowNames, "r", i) },
		activity: func(x, act, scale []float64) {
			for i := range b.rowLower {
				var sum, big float64
				for k := b.rowStart[i]; k < b.rowStart[i+1]; k++ {
					t := b.rowVal[k] * x[b.rowCol[k]]
					sum += t
					if a := math.Abs(t); a > big {
						big = a
					}
				}
				act[i], scale[i] = sum, big
			}
		},
		checked: b.check,
	}, x, reportedObjective)
}

// verifyInput is a problem as verify reads it.
type verifyInput struct {
	name                     string
	offset                   float64
	cost, colLower, colUpper []float64
	integer                  []bool
	rowLower, rowUpper       []float64
	colName, rowName         func(int) string
	activity                 func(x, act, scale []float64)
	// checked, when not nil, are rows checked as they were added
	// (Builder.CheckRows), numbered after the stored ones.
	checked *rowCheck
}

// rowViolation is a row's scaled violation: its distance outside
// [lower, upper] divided by max(1, |bound|, big), where big is the largest
// |a_ij·x_j| in the row.
func rowViolation(act, lower, upper, big float64) float64 {
	switch {
	case act < lower:
		return (lower - act) / math.Max(math.Max(1, math.Abs(lower)), big)
	case act > upper:
		return (act - upper) / math.Max(math.Max(1, math.Abs(upper)), big)
	}
	return 0
}

func verify(p verifyInput, x []float64, reportedObjective float64) (Check, error) {
	c := Check{WorstColumn: -1, WorstRow: -1, ObjectiveReported: reportedObjective}
	if len(x) != len(p.cost) {
		c.MaxBoundViolation = math.Inf(1)
		return c, fmt.Errorf("verify %q: solution has %d values for %d columns", p.name, len(x), len(p.cost))
	}
	objective := p.offset
	for j, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			c.MaxBoundViolation, c.WorstColumn = math.Inf(1), j
			return c, fmt.Errorf("verify %q: column %s has value %v", p.name, p.colName(j), v)
		}
		objective += p.cost[j] * v
		lo, hi := p.colLower[j], p.colUpper[j]
		var viol float64
		switch {
		case v < lo:
			viol = (lo - v) / math.Max(1, math.Abs(lo))
		case v > hi:
			viol = (v - hi) / math.Max(1, math.Abs(hi))
		}
		if viol > c.MaxBoundViolation {
			c.MaxBoundViolation, c.WorstColumn = viol, j
		}
		if p.integer != nil && p.integer[j] {
			if d := math.Abs(v - math.Round(v)); d > c.MaxIntegralityViolation {
				c.MaxIntegralityViolation = d
				if d > CheckTolerance {
					c.WorstColumn = j
				}
			}
		}
	}
	act := make([]float64, len(p.rowLower))
	scale := make([]float64, len(p.rowLower))
	p.activity(x, act, scale)
	for i, a := range act {
		if viol := rowViolation(a, p.rowLower[i], p.rowUpper[i], scale[i]); viol > c.MaxRowViolation {
			c.MaxRowViolation, c.WorstRow = viol, i
		}
	}
	worstAct := func() (float64, float64, float64) { // the worst row's activity and bounds
		i := c.WorstRow
		return act[i], p.rowLower[i], p.rowUpper[i]
	}
	if rc := p.checked; rc != nil && rc.viol > c.MaxRowViolation {
		c.MaxRowViolation, c.WorstRow = rc.viol, rc.worst
		worstAct = func() (float64, float64, float64) { return rc.act, rc.lower, rc.upper }
	}
	c.ObjectiveRecomputed = objective
	c.ObjectiveRelDiff = math.Abs(c.ObjectiveRecomputed-reportedObjective) / math.Max(1, math.Abs(c.ObjectiveRecomputed))

	switch {
	case c.MaxBoundViolation > CheckTolerance:
		j := c.WorstColumn
		return c, fmt.Errorf("verify %q: column %s = %g violates its bounds [%g, %g] (scaled %.3g > %g)",
			p.name, p.colName(j), x[j], p.colLower[j], p.colUpper[j], c.MaxBoundViolation, CheckTolerance)
	case c.MaxRowViolation > CheckTolerance:
		a, lo, hi := worstAct()
		return c, fmt.Errorf("verify %q: row %s activity %g violates its bounds [%g, %g] (scaled %.3g > %g)",
			p.name, p.rowName(c.WorstRow), a, lo, hi, c.MaxRowViolation, CheckTolerance)
	case c.MaxIntegralityViolation > CheckTolerance:
		j := c.WorstColumn
		return c, fmt.Errorf("verify %q: integer column %s = %g is fractional", p.name, p.colName(j), x[j])
	case c.ObjectiveRelDiff > CheckTolerance:
		return c, fmt.Errorf("verify %q: objective recomputed from the primal values is %.10g, solver reported %.10g (relative difference %.3g)",
			p.name, c.ObjectiveRecomputed, reportedObjective, c.ObjectiveRelDiff)
	}
	return c, nil
}
