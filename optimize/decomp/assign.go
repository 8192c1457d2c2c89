package decomp

import (
	"encoding/binary"
	"math"

	"github.com/gridflip/gridflip/optimize/model"
)

// MaxAssignments is the most assignments of a site (each hall never, or
// entering service in one of its years; a signed deal in its year) the
// fast path enumerates one by one for a deterministic plan with a
// horizon. Each assignment is valued exactly from its blocks' states
// (the halls in service and those under construction, each state valued
// once per block), and the site enters the coupling problem with, for
// each distinct footprint in the rows that couple sites, its best
// assignment: one column per footprint, a set like any other
// (docs/model.md, "The exact fast path"). Sites with more assignments are
// valued block by block (sets per year) or by cuts.
const MaxAssignments = 1 << 18

// maxFootprints is the most distinct footprints in the coupling rows a
// site may bring as sets before it is valued block by block instead.
const maxFootprints = 4096

// assignmentSets enumerates every assignment of a prepared site that
// meets its rows and fits every hour, valued exactly, and returns for
// each footprint in the coupling rows the best one as a set (its bits the
// decisions taken), with, per decision, the best value of an assignment
// that takes it (bestWith, −Inf when none does). ok is false when the
// site has more than max assignments, more than 64 decisions or more
// than maxFootprints footprints (it is then valued another way).
//
// states, when not nil, holds each block's state values already known
// (a Session's, from an earlier plan of the same hours): the walk reads
// them there and adds the states it values.
func assignmentSets(sd *model.SiteData, sol *model.SiteSolution, coupling []model.HallRow, s, max int,
	record func(mask uint64, value float64), states []map[uint64]float64) (sets []hallSet, bestWith []float64, ok bool) {
	a, ok := newAssigner(sd, sol, coupling, s, max)
	if !ok {
		return nil, nil, false
	}
	if len(states) == len(a.cache) {
		a.cache = states
	}
	a.record, a.keep = record, true
	a.walk(0, 0, 0)
	if a.tooMany {
		return nil, nil, false
	}
	return a.sets, a.bestWith, true
}

// eachAssignment hands every assignment of a prepared site that meets its
// rows and fits every hour to record, with its exact value, in the order
// assignmentSets walks them (each hall's decisions in order, then never).
// It returns false, recording nothing, when the site has more than max
// assignments or more than 64 decisions.
func eachAssignment(sd *model.SiteData, sol *model.SiteSolution, max int, record func(mask uint64, value float64)) bool {
	a, ok := newAssigner(sd, sol, nil, 0, max)
	if !ok {
		return false
	}
	a.record = record
	a.walk(0, 0, 0)
	return true
}

// newAssigner prepares the walk over a site's assignments; false when the
// site has more than max assignments or more than 64 decisions.
func newAssigner(sd *model.SiteData, sol *model.SiteSolution, coupling []model.HallRow, s, max int) (*assigner, bool) {
	D, H, K := len(sd.Decisions), sd.Halls, len(sd.Blocks)
	if D > 64 {
		return nil, false
	}
	// options[h]: the decisions hall h may take, -1 for never.
	options := make([][]int, H)
	signed := make([]bool, H)
	for d, dec := range sd.Decisions {
		options[dec.Hall] = append(options[dec.Hall], d)
		signed[dec.Hall] = signed[dec.Hall] || dec.Fixed
	}
	count := 1
	for h := range options {
		if !signed[h] {
			options[h] = append(options[h], -1)
		}
		if count *= len(options[h]); count > max {
			return nil, false
		}
	}
	// The coupling rows this site has a coefficient in.
	var rows []*model.HallRow
	for i := range coupling {
		for _, c := range coupling[i].Coef[s] {
			if c != 0 {
				rows = append(rows, &coupling[i])
				break
			}
		}
	}
	sol.Prepare(sd)
	a := &assigner{sd: sd, sol: sol, rows: rows, s: s, options: options, masks: make([]uint64, K),
		rowSums: make([][]float64, H+1), footprint: make([][]float64, H+1),
		cache: make([]map[uint64]float64, K), best: map[string]int{}, bestWith: make([]float64, D)}
	for h := range H + 1 {
		a.rowSums[h], a.footprint[h] = make([]float64, len(sd.Rows)), make([]float64, len(rows))
	}
	for k := range a.cache {
		a.cache[k] = map[uint64]float64{}
	}
	for d := range a.bestWith {
		a.bestWith[d] = math.Inf(-1)
	}
	return a, true
}

// assigner is the state of the walk over a site's assignments.
type assigner struct {
	sd      *model.SiteData
	sol     *model.SiteSolution
	rows    []*model.HallRow
	s       int
	options [][]int
	// masks[k] is block k's state of the halls chosen so far; rowSums[h]
	// and footprint[h] the site's rows and coupling rows over the
	// decisions of the halls before h.
	masks     []uint64
	rowSums   [][]float64
	footprint [][]float64
	// cache[k] holds block k's weighted mining value by state (infeasible
	// states as infeasibleValue).
	cache    []map[uint64]float64
	best     map[string]int // footprint → index in sets
	sets     []hallSet
	bestWith []float64
	taken    []int
	key      []byte
	tooMany  bool
	// record, when set, hears every feasible assignment; keep says the
	// best per footprint is kept as well (else record alone hears them:
	// eachAssignment).
	record func(mask uint64, value float64)
	keep   bool
}

// infeasibleValue marks a state that leaves some hour a negative limit.
const infeasibleValue = -1e308

// walk chooses hall h's option, given the halls before it, with mask the
// decisions taken and value their own money.
func (a *assigner) walk(h int, mask uint64, value float64) {
	if a.tooMany {
		return
	}
	sd := a.sd
	if h == sd.Halls {
		a.leaf(mask, value)
		return
	}
	for _, d := range a.options[h] {
		copy(a.rowSums[h+1], a.rowSums[h])
		copy(a.footprint[h+1], a.footprint[h])
		if d < 0 {
			a.walk(h+1, mask, value)
			continue
		}
		a.toggle(d)
		for i := range sd.Rows {
			a.rowSums[h+1][i] += sd.Rows[i].Coef[d]
		}
		for i, row := range a.rows {
			a.footprint[h+1][i] += row.Coef[a.s][d]
		}
		a.taken = append(a.taken, d)
		a.walk(h+1, mask|1<<d, value+sd.Value[d])
		a.taken = a.taken[:len(a.taken)-1]
		a.toggle(d)
	}
}

// toggle takes decision d into, or out of, the state of every block.
func (a *assigner) toggle(d int) {
	for k := range a.masks {
		if i := a.sd.LevelOf(k, d); i >= 0 {
			a.masks[k] ^= 1 << i // one decision per hall: the bit is free
		}
	}
}

// leaf values a complete assignment and keeps it when it is the best of
// its footprint.
func (a *assigner) leaf(mask uint64, value float64) {
	sd := a.sd
	for i, sum := range a.rowSums[sd.Halls] {
		if outsideRow(sum, sd.Rows[i].Lower, sd.Rows[i].Upper) {
			return
		}
	}
	for k, m := range a.masks {
		v, ok := a.cache[k][m]
		if !ok {
			var fits bool
			if v, fits = blockSetValue(sd, k, m, &a.sol.Blocks[k]); !fits {
				v = infeasibleValue
			}
			a.cache[k][m] = v
		}
		if v == infeasibleValue {
			return
		}
		value += v
	}
	if a.record != nil {
		a.record(mask, value)
		if !a.keep {
			return
		}
	}
	for _, d := range a.taken {
		a.bestWith[d] = math.Max(a.bestWith[d], value)
	}
	a.key = a.key[:0]
	for _, f := range a.footprint[sd.Halls] {
		a.key = binary.LittleEndian.AppendUint64(a.key, math.Float64bits(f+0)) // +0: one key for ±0
	}
	if i, ok := a.best[string(a.key)]; ok {
		if value > a.sets[i].value[0] {
			a.sets[i] = hallSet{mask: mask, value: []float64{value}}
		}
		return
	}
	if len(a.sets) == maxFootprints {
		a.tooMany = true
		return
	}
	a.best[string(a.key)] = len(a.sets)
	a.sets = append(a.sets, hallSet{mask: mask, value: []float64{value}})
}

// outsideRow reports whether v breaks lower ≤ v ≤ upper by more than a
// relative 1e-9 of the bound (as the site's rows are checked).
func outsideRow(v, lower, upper float64) bool {
	return (lower > -inf && v < lower-1e-9*math.Max(1, math.Abs(lower))) ||
		(upper < inf && v > upper+1e-9*math.Max(1, math.Abs(upper)))
}
