package model

import (
	"errors"
	"fmt"
	"math"
)

// SiteSolution is one site's decisions and, per block, its dispatch.
type SiteSolution struct {
	W      []float64 // per decision: 1 taken, 0 not (fractional with Relax)
	Blocks []BlockSolution
}

// BlockSolution is a site's state and dispatch in one block.
type BlockSolution struct {
	// Z holds the levels of the block's state (SiteData.Levels): per hall
	// its level in service, then per construction entry its level.
	Z []float64
	// occ is, per hall, its level in service times its occupancy in that
	// year of service (what its load scales with).
	occ     []float64
	mining  []float64 // IT MW mined per hour
	reserve []float64 // meter MW offered as reserve per hour (nil without reserves)
	Av      availability
	Scratch []float64
	// limitCache keeps a serviceLimiter's limits by the halls in service
	// while the block's states are valued (StateValueOf; cleared by
	// Prepare).
	limitCache map[uint64][]float64
}

// reader reads the term's part of a site's solution from the monolithic
// model's primal values.
type reader interface {
	read(sm *siteModel, x []float64, sol *SiteSolution)
}

// Prepare sizes sol for the site's decisions and blocks.
func (sol *SiteSolution) Prepare(sd *SiteData) {
	sol.W = resize(sol.W, len(sd.Decisions))
	if cap(sol.Blocks) < len(sd.Hours) {
		sol.Blocks = make([]BlockSolution, len(sd.Hours))
	}
	sol.Blocks = sol.Blocks[:len(sd.Hours)]
	for k, shk := range sd.Hours {
		bs := &sol.Blocks[k]
		bs.Z = resize(bs.Z, sd.Levels(k))
		bs.occ = resize(bs.occ, sd.Halls)
		bs.mining = resize(bs.mining, shk.T)
		bs.Scratch = resize(bs.Scratch, shk.T)
		clear(bs.limitCache)
	}
}

// InService sets each block's hall levels from the decisions.
func (sol *SiteSolution) InService(sd *SiteData) {
	for k := range sol.Blocks {
		sd.inService(sol.W, k, sol.Blocks[k].Z)
		sd.occupied(sol.W, k, sol.Blocks[k].occ)
	}
}

// DecisionValue is the money of the decisions taken, apart from what the
// halls do to mining (weighted).
func (sol *SiteSolution) DecisionValue(sd *SiteData) float64 {
	var v float64
	for d, w := range sol.W {
		if w != 0 {
			v += w * sd.Value[d]
		}
	}
	return v
}

// closedForm dispatches every block of a site for the decisions in
// sol.w, hour by hour, completes each term's quantities and returns the
// site's objective value (the blocks' weights applied). It fails, saying
// why, when the decisions break a site row or leave some hour a negative
// limit.
func closedForm(sd *SiteData, terms []Term, sol *SiteSolution) (value float64, err error) {
	if err := RowsError(sd.Rows, sol.W); err != nil {
		return 0, err
	}
	sol.InService(sd)
	for k, shk := range sd.Hours {
		bs := &sol.Blocks[k]
		shk.Available(shk.Lims, bs.Z, &bs.Av, bs.Scratch)
		if err := limitError(shk, &bs.Av); err != nil {
			return 0, err
		}
		v := shk.dispatch(&bs.Av, bs.mining)
		for _, tm := range terms {
			if c, ok := tm.(completer); ok {
				c.complete(shk, bs)
			}
		}
		value += shk.Block.Weight * v
	}
	return value + sol.DecisionValue(sd), nil
}

// RowsError explains the first site row the decisions break, or is nil.
func RowsError(rows []SiteRow, w []float64) error {
	for i := range rows {
		if msg := rows[i].Violation(w); msg != "" {
			return errors.New(msg)
		}
	}
	return nil
}

// limitError explains an hour that leaves mining a negative limit, or is nil.
func limitError(sh *siteHours, av *availability) error {
	if av.Feasible() {
		return nil
	}
	t := av.MinHour
	return fmt.Errorf("at %s %s leaves mining %s IT MW", sh.Block.hours[t].Format("2006-01-02T15:04Z"),
		termName(sh.Lims[av.MinLimiter]), num(av.MinLimit))
}

// termName names a limiter for messages.
func termName(l Limiter) string {
	if tm, ok := l.(Term); ok {
		return "the " + tm.name() + " term"
	}
	return "a limit"
}

// readSolution reads a site's solution from the monolithic model's primal
// values and recomputes its availability (for curtailed hours and the
// interconnection value).
func readSolution(sm *siteModel, terms []Term, x []float64, sol *SiteSolution) {
	sol.Prepare(sm.sd)
	for _, tm := range terms {
		if r, ok := tm.(reader); ok {
			r.read(sm, x, sol)
		}
	}
	sol.InService(sm.sd)
	for k, shk := range sm.sd.Hours {
		bs := &sol.Blocks[k]
		shk.Available(shk.Lims, bs.Z, &bs.Av, bs.Scratch)
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
