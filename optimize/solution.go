package optimize

import (
	"errors"
	"fmt"
	"math"
)

// siteSolution is one site's decisions and, per block, its dispatch.
type siteSolution struct {
	build  []float64 // per hall: the decision (1 built, 0 not; fractional with Relax)
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

// prepareSolution sizes sol for the site's blocks.
func (sol *siteSolution) prepare(sh []*siteHours) {
	nHalls := len(sh[0].halls)
	sol.build = resize(sol.build, nHalls)
	if cap(sol.blocks) < len(sh) {
		sol.blocks = make([]blockSolution, len(sh))
	}
	sol.blocks = sol.blocks[:len(sh)]
	for k, shk := range sh {
		bs := &sol.blocks[k]
		bs.z = resize(bs.z, nHalls)
		bs.mining = resize(bs.mining, shk.T)
		bs.scratch = resize(bs.scratch, shk.T)
	}
}

// inService sets each block's hall levels from the decisions: a hall
// built is in service in every block.
func (sol *siteSolution) inService() {
	for k := range sol.blocks {
		copy(sol.blocks[k].z, sol.build)
	}
}

// closedForm dispatches every block of a site for the decisions in
// sol.build, hour by hour, completes each term's quantities and returns
// the site's objective value (the blocks' weights applied). It fails,
// saying why, when the decisions break a site row or leave some hour a
// negative limit.
func closedForm(sh []*siteHours, terms []term, rows []siteRow, sol *siteSolution) (value float64, err error) {
	if err := rowsError(rows, sol.build); err != nil {
		return 0, err
	}
	sol.inService()
	for k, shk := range sh {
		bs := &sol.blocks[k]
		shk.available(shk.lims, bs.z, &bs.av, bs.scratch)
		if err := limitError(shk, &bs.av); err != nil {
			return 0, err
		}
		v := shk.dispatch(&bs.av, bs.mining) + shk.hallValue(bs.z)
		for _, tm := range terms {
			if c, ok := tm.(completer); ok {
				c.complete(shk, bs)
			}
		}
		value += shk.b.weight * v
	}
	return value, nil
}

// rowsError explains the first site row the decisions break, or is nil.
func rowsError(rows []siteRow, build []float64) error {
	for i := range rows {
		if msg := rows[i].violation(build); msg != "" {
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
	sol.prepare(sm.sh)
	for _, tm := range terms {
		if r, ok := tm.(reader); ok {
			r.read(sm, x, sol)
		}
	}
	sol.inService()
	for k, shk := range sm.sh {
		bs := &sol.blocks[k]
		shk.available(shk.lims, bs.z, &bs.av, bs.scratch)
	}
}

// roundDecisions snaps integer decisions to exact 0/1 (they are within the
// integrality tolerance, verified by the solver package).
func roundDecisions(build []float64) {
	for h, y := range build {
		build[h] = math.Round(y)
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
