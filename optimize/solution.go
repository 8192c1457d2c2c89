package optimize

import (
	"errors"
	"fmt"
	"math"
)

// siteSolution is one site's decisions and, per block, its dispatch.
type siteSolution struct {
	w      []float64 // per decision: 1 taken, 0 not (fractional with Relax)
	blocks []blockSolution
}

// blockSolution is a site's state and dispatch in one block.
type blockSolution struct {
	z       []float64 // per hall: level in service
	mining  []float64 // IT MW mined per hour
	reserve []float64 // meter MW offered as reserve per hour (nil without reserves)
	av      availability
	scratch []float64
}

// reader reads the term's part of a site's solution from the monolithic
// model's primal values.
type reader interface {
	read(sm *siteModel, x []float64, sol *siteSolution)
}

// prepare sizes sol for the site's decisions and blocks.
func (sol *siteSolution) prepare(sd *siteData) {
	sol.w = resize(sol.w, len(sd.decisions))
	if cap(sol.blocks) < len(sd.hours) {
		sol.blocks = make([]blockSolution, len(sd.hours))
	}
	sol.blocks = sol.blocks[:len(sd.hours)]
	for k, shk := range sd.hours {
		bs := &sol.blocks[k]
		bs.z = resize(bs.z, sd.halls)
		bs.mining = resize(bs.mining, shk.T)
		bs.scratch = resize(bs.scratch, shk.T)
	}
}

// inService sets each block's hall levels from the decisions.
func (sol *siteSolution) inService(sd *siteData) {
	for k := range sol.blocks {
		sd.inService(sol.w, k, sol.blocks[k].z)
	}
}

// decisionValue is the money of the decisions taken, apart from what the
// halls do to mining (weighted).
func (sol *siteSolution) decisionValue(sd *siteData) float64 {
	var v float64
	for d, w := range sol.w {
		if w != 0 {
			v += w * sd.value[d]
		}
	}
	return v
}

// closedForm dispatches every block of a site for the decisions in
// sol.w, hour by hour, completes each term's quantities and returns the
// site's objective value (the blocks' weights applied). It fails, saying
// why, when the decisions break a site row or leave some hour a negative
// limit.
func closedForm(sd *siteData, terms []term, sol *siteSolution) (value float64, err error) {
	if err := rowsError(sd.rows, sol.w); err != nil {
		return 0, err
	}
	sol.inService(sd)
	for k, shk := range sd.hours {
		bs := &sol.blocks[k]
		shk.available(shk.lims, bs.z, &bs.av, bs.scratch)
		if err := limitError(shk, &bs.av); err != nil {
			return 0, err
		}
		v := shk.dispatch(&bs.av, bs.mining)
		for _, tm := range terms {
			if c, ok := tm.(completer); ok {
				c.complete(shk, bs)
			}
		}
		value += shk.b.weight * v
	}
	return value + sol.decisionValue(sd), nil
}

// rowsError explains the first site row the decisions break, or is nil.
func rowsError(rows []siteRow, w []float64) error {
	for i := range rows {
		if msg := rows[i].violation(w); msg != "" {
			return errors.New(msg)
		}
	}
	return nil
}

// limitError explains an hour that leaves mining a negative limit, or is nil.
func limitError(sh *siteHours, av *availability) error {
	if av.feasible() {
		return nil
	}
	t := av.minHour
	return fmt.Errorf("at %s %s leaves mining %s IT MW", sh.b.hours[t].Format("2006-01-02T15:04Z"),
		termName(sh.lims[av.minLimiter]), num(av.minLimit))
}

// termName names a limiter for messages.
func termName(l limiter) string {
	if tm, ok := l.(term); ok {
		return "the " + tm.name() + " term"
	}
	return "a limit"
}

// readSolution reads a site's solution from the monolithic model's primal
// values and recomputes its availability (for curtailed hours and the
// interconnection value).
func readSolution(sm *siteModel, terms []term, x []float64, sol *siteSolution) {
	sol.prepare(sm.sd)
	for _, tm := range terms {
		if r, ok := tm.(reader); ok {
			r.read(sm, x, sol)
		}
	}
	sol.inService(sm.sd)
	for k, shk := range sm.sd.hours {
		bs := &sol.blocks[k]
		shk.available(shk.lims, bs.z, &bs.av, bs.scratch)
	}
}

// roundDecisions snaps integer decisions to exact 0/1 (they are within the
// integrality tolerance, verified by the solver package).
func roundDecisions(w []float64) {
	for d, y := range w {
		w[d] = math.Round(y)
	}
}

// num formats a figure compactly for messages.
func num(v float64) string {
	s := fmt.Sprintf("%.3f", v)
	for len(s) > 1 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}
