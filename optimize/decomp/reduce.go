package decomp

import (
	"math"
	"sort"

	"github.com/gridflip/gridflip/optimize/model"
)

// reduceByLP shrinks the coupling problem before HiGHS sees it, exactly,
// when sites are coupled by one row Σ coef·y ≤ cap with coef ≥ 0 (the
// market cap) and every site's hall sets are enumerated: a
// multiple-choice knapsack. Its LP relaxation is solved by the greedy
// algorithm of Sinha and Zoltners (each site's sets on their upper concave
// hull, increments taken by falling value per MW); rounding the one
// fractional site down and filling what is left gives a feasible plan. A
// set whose LP reduced cost rc (value − λ·coef, less the site's best at
// the cap's multiplier λ) is below −(UB − LB) cannot be in a plan worth
// more than the feasible one (weak duality: fixing it bounds the optimum
// by UB + rc), so it is dropped; sites left with one set are fixed and
// HiGHS solves the coupling problem over the sites still open. It returns
// false when the case is not of that form.
func (r *decomposedRun) reduceByLP(rows []model.HallRow) bool {
	if len(rows) != 1 || !r.knapsackForm(&rows[0]) {
		return false
	}
	row := &rows[0]
	sets := make([][]hallSet, len(r.sites))
	for s := range r.sites {
		sets[s] = r.sites[s].sets
	}
	incs, baseW, baseP := hullIncrements(sets, row)
	left := row.Upper - baseW
	if left < 0 {
		return false // the LP is infeasible: let HiGHS say so
	}
	lambda, ub, lb := greedyKnapsackLP(incs, len(sets), left, baseP)
	margin := (ub - lb) + 1e-9*math.Max(1, math.Abs(ub))
	for s := range r.sites {
		r.sites[s].sets = fixByReducedCost(sets[s], row, s, lambda, margin)
	}
	return true
}

// knapsackForm reports whether row is a ≤ row with non-negative
// coefficients over sites whose sets are all valued whole (kindSets).
func (r *decomposedRun) knapsackForm(row *model.HallRow) bool {
	if row.Lower > -inf || row.Upper >= inf {
		return false
	}
	for s, v := range r.sites {
		if v.kind != kindSets {
			return false
		}
		for _, c := range row.Coef[s] {
			if c < 0 {
				return false
			}
		}
	}
	return true
}

// increment is one step along a site's upper concave hull of (weight,
// value) points: dw more MW for dp more USD.
type increment struct {
	s, step int
	dw, dp  float64
}

// hullIncrements returns every site's hull steps and the weight and value
// of all sites' lightest sets (the LP's starting point).
func hullIncrements(sets [][]hallSet, row *model.HallRow) (incs []increment, baseW, baseP float64) {
	type point struct{ w, p float64 }
	for s := range sets {
		pts := make([]point, len(sets[s]))
		for k, set := range sets[s] {
			pts[k] = point{w: setCoupling(row, s, set.mask), p: set.value[0]}
		}
		sort.Slice(pts, func(a, b int) bool {
			if pts[a].w != pts[b].w {
				return pts[a].w < pts[b].w
			}
			return pts[a].p > pts[b].p
		})
		var hull []point
		for _, q := range pts {
			if len(hull) > 0 && (q.w == hull[len(hull)-1].w || q.p <= hull[len(hull)-1].p) {
				continue // heavier and worth no more: off the hull
			}
			for len(hull) >= 2 {
				a, b := hull[len(hull)-2], hull[len(hull)-1]
				if (b.p-a.p)*(q.w-b.w) > (q.p-b.p)*(b.w-a.w) {
					break
				}
				hull = hull[:len(hull)-1] // b lies under the chord a–q
			}
			hull = append(hull, q)
		}
		baseW += hull[0].w
		baseP += hull[0].p
		for i := 1; i < len(hull); i++ {
			incs = append(incs, increment{s: s, step: i, dw: hull[i].w - hull[i-1].w, dp: hull[i].p - hull[i-1].p})
		}
	}
	sort.SliceStable(incs, func(a, b int) bool { return incs[a].dp*incs[b].dw > incs[b].dp*incs[a].dw })
	return incs, baseW, baseP
}

// greedyKnapsackLP takes the increments (sorted by falling value per MW)
// while they fit in left: the LP optimum ub, whose last, fractional
// increment sets the cap's multiplier λ; then keeps taking every
// worthwhile increment that still fits and follows its site's last step,
// a feasible plan worth lb.
func greedyKnapsackLP(incs []increment, sites int, left, base float64) (lambda, ub, lb float64) {
	steps := make([]int, sites)
	ub, lb = base, base
	next := len(incs)
	for i, inc := range incs {
		if inc.dp <= 0 {
			next = i
			break
		}
		if inc.dw <= left {
			left -= inc.dw
			steps[inc.s] = inc.step
			ub += inc.dp
			lb += inc.dp
			continue
		}
		lambda = inc.dp / inc.dw
		ub += inc.dp * left / inc.dw
		next = i + 1
		break
	}
	for _, inc := range incs[next:] {
		if inc.dp > 0 && inc.dw <= left && steps[inc.s] == inc.step-1 {
			left -= inc.dw
			steps[inc.s] = inc.step
			lb += inc.dp
		}
	}
	return lambda, ub, lb
}

// fixByReducedCost keeps a site's sets whose reduced cost at λ is within
// margin of its best.
func fixByReducedCost(sets []hallSet, row *model.HallRow, s int, lambda, margin float64) []hallSet {
	best := math.Inf(-1)
	for _, set := range sets {
		best = math.Max(best, set.value[0]-lambda*setCoupling(row, s, set.mask))
	}
	var keep []hallSet
	for _, set := range sets {
		if rc := set.value[0] - lambda*setCoupling(row, s, set.mask) - best; rc >= -margin {
			keep = append(keep, set)
		}
	}
	return keep
}
