package model

import (
	"context"
	"fmt"

	"github.com/gridflip/gridflip/solver"
)

// interconnectDuals returns the row duals of the LP with every hall fixed
// at its value in x, for cases with a term that has no closed form (the
// closed form in term_poi.go serves every other case). With the halls
// fixed the LP separates by site (only halls couple sites), so it is
// solved site by site with dual simplex: memory is bounded by one site.
func (m *Model) interconnectDuals(ctx context.Context, sv solver.Solver, x []float64, base solver.Options) ([]float64, float64, error) {
	opts := base
	opts.Method = solver.MethodSimplex // duals from a basis
	opts.MIPRelGap = 0
	opts.MIPLPMethod = solver.MethodAuto
	duals := make([]float64, m.Problem.NumRows())
	var seconds float64
	for s := range m.sites {
		q := m.siteLP(s, x)
		res, err := sv.Solve(ctx, q, opts)
		if err != nil {
			return nil, 0, fmt.Errorf("interconnection value LP of site %q: %w", m.In.Case.Sites[s].ID, err)
		}
		if res.Termination != solver.TerminationOptimal || !res.HasDuals {
			return nil, 0, fmt.Errorf("interconnection value LP of site %q: %s (%s), no duals", m.In.Case.Sites[s].ID, res.Outcome(), res.Detail)
		}
		copy(duals[m.sites[s].firstRow:], res.RowDuals)
		seconds += res.SolveSeconds
	}
	return duals, seconds, nil
}

// siteLP is site s's block of the model as an LP with its halls fixed at
// their values in x. A site's rows hold only its own columns, except the
// coupling rows, which are not part of the block.
func (m *Model) siteLP(s int, x []float64) *solver.Problem {
	p := m.Problem
	ix := &m.sites[s]
	nCols, nRows := ix.endCol-ix.firstCol, ix.endRow-ix.firstRow
	lo, hi := int(p.ColStart[ix.firstCol]), int(p.ColStart[ix.endCol])
	q := solver.NewProblem(fmt.Sprintf("%s site %s (halls fixed)", p.Name, m.In.Case.Sites[s].ID), p.Maximize, nCols, nRows, hi-lo)
	q.RowLower = append(q.RowLower, p.RowLower[ix.firstRow:ix.endRow]...)
	q.RowUpper = append(q.RowUpper, p.RowUpper[ix.firstRow:ix.endRow]...)
	for j := ix.firstCol; j < ix.endCol; j++ {
		start := len(q.RowIndex)
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			if i := int(p.RowIndex[k]); i >= ix.firstRow && i < ix.endRow {
				q.RowIndex = append(q.RowIndex, int32(i-ix.firstRow))
				q.Value = append(q.Value, p.Value[k])
			}
		}
		rows, vals := q.RowIndex[start:], q.Value[start:]
		q.RowIndex, q.Value = q.RowIndex[:start], q.Value[:start]
		q.AddColumn(p.ColCost[j], p.ColLower[j], p.ColUpper[j], false, rows, vals)
	}
	for _, col := range ix.decisionCol {
		j := col - ix.firstCol
		q.ColLower[j], q.ColUpper[j] = x[col], x[col]
	}
	return q
}

// dualValue is site s's interconnection value from LP duals: the sum of
// its POI rows' duals (weighted like the objective) over the weighted
// years, as extractSite averages the closed form's.
func (m *Model) dualValue(s int, duals []float64) float64 {
	var sum, years float64
	for k, b := range m.blocks {
		bx := &m.sites[s].blocks[k]
		for t := range b.T() {
			sum += duals[bx.poiRow+t]
		}
		years += b.Weight * b.yearFraction()
	}
	return sum / years
}
