package decomp

import (
	"math"

	"github.com/gridflip/gridflip/optimize/model"
)

// assignmentTable is one site's assignments (each hall never, or at one
// of its decisions; signed deals taken) that meet its rows, each valued
// exactly in every scenario it fits: the site-by-scenario valuation a
// stochastic plan, its perfect-information plans and its expected-value
// plan all read (docs/model.md, "Scenarios"). It holds one number per
// assignment and scenario, no hourly series.
type assignmentTable struct {
	masks []uint64       // the assignments in the order first met
	index map[uint64]int // mask → its index in masks
	// values[i*W+ω] is assignment i's value in scenario ω, NaN where it
	// does not fit some hour of that scenario.
	values    []float64
	scenarios int
}

// newAssignmentTable is an empty table over that many scenarios.
func newAssignmentTable(scenarios int) *assignmentTable {
	return &assignmentTable{index: map[uint64]int{}, scenarios: scenarios}
}

// add records assignment mask's value in scenario w.
func (t *assignmentTable) add(mask uint64, w int, value float64) {
	i, ok := t.index[mask]
	if !ok {
		i = len(t.masks)
		t.index[mask] = i
		t.masks = append(t.masks, mask)
		for range t.scenarios {
			t.values = append(t.values, math.NaN())
		}
	}
	t.values[i*t.scenarios+w] = value
}

// value is assignment i's value in scenario w (NaN: it does not fit).
func (t *assignmentTable) value(i, w int) float64 { return t.values[i*t.scenarios+w] }

// stageSets groups a site's assignments by their decisions made now
// (first, a mask over the site's decisions): each group becomes a set
// whose mask is those decisions and whose value in each scenario is its
// best completion there (the decisions made per scenario that the group
// allows), the first of equals in the table's order. A group without a
// completion that fits in some scenario is left out. With nothing that
// couples sites, this is exact: the plan's metric rises with each
// scenario's value, and a site's decisions made per scenario change no
// other site's value.
func (t *assignmentTable) stageSets(first uint64) []hallSet {
	W := t.scenarios
	group := map[uint64]int{} // first-stage mask → index in out
	var out []hallSet
	for i, mask := range t.masks {
		now := mask & first
		g, ok := group[now]
		if !ok {
			g = len(out)
			group[now] = g
			set := hallSet{mask: now, value: make([]float64, W), late: make([]uint64, W)}
			for w := range set.value {
				set.value[w] = math.NaN()
			}
			out = append(out, set)
		}
		set := &out[g]
		for w := range W {
			if v := t.value(i, w); !math.IsNaN(v) && (math.IsNaN(set.value[w]) || v > set.value[w]) {
				set.value[w], set.late[w] = v, mask
			}
		}
	}
	kept := out[:0]
	for _, set := range out {
		fits := true
		for _, v := range set.value {
			fits = fits && !math.IsNaN(v)
		}
		if fits {
			kept = append(kept, set)
		}
	}
	return kept
}

// firstStageMask is the mask of a site's decisions made now.
func firstStageMask(late []bool) uint64 {
	var m uint64
	for d, l := range late {
		if !l {
			m |= 1 << d
		}
	}
	return m
}

// stageSetsEligible reports whether a stochastic plan's site may be valued
// assignment by assignment across the scenarios (stageSets): more than one
// scenario, halls that are whole (not relaxed), no row that couples sites,
// at most 64 decisions, and the shared valuation not switched off.
func (r *decomposedRun) stageSetsEligible(decisions int) bool {
	return r.scenarios() > 1 && !r.opts.Relax && !r.opts.Unshared && len(r.couplingRows) == 0 && decisions <= 64
}

// valueStageSets values a site of a stochastic plan assignment by
// assignment in every scenario and returns its sets (stageSets); false
// when it has too many assignments for that. prepare readies scenario w's
// data of the site.
func (r *decomposedRun) valueStageSets(sol *model.SiteSolution, v *siteValuation, prepare func(w int) (*model.SiteData, error)) (bool, error) {
	t := newAssignmentTable(r.scenarios())
	for w := range r.st.Scenarios {
		sd, err := prepare(w)
		if err != nil {
			return false, err
		}
		if !eachAssignment(sd, sol, r.maxAssignments, func(mask uint64, value float64) { t.add(mask, w, value) }) {
			return false, nil
		}
		v.values[w] = append(v.values[w][:0:0], sd.Value...)
	}
	v.kind, v.sets, v.staged = kindSets, t.stageSets(firstStageMask(v.late)), true
	return true, nil
}
