package optimize

import (
	"math"
	"sort"
)

// reduceByLP shrinks the coupling problem before HiGHS sees it, exactly,
// when sites are coupled by one row Σ coef·y ≤ cap with coef ≥ 0 (the
// market cap) and every site's hall sets are enumerated: a
// multiple-choice knapsack. Its LP relaxation is solved by the greedy
// algorithm of Sinha and Zoltners (each site's sets on their upper concave
// hull, increments taken by falling value per MW); rounding the one
// fractional site down gives a feasible plan. A set whose LP reduced cost
// rc (value − λ·coef, less the site's best at the cap's multiplier λ) is
// below −(UB − LB) cannot be in a plan worth more than the feasible one
// (weak duality: fixing it bounds the optimum by UB + rc), so it is
// dropped; sites left with one set are fixed. HiGHS then solves the
// coupling problem over the sites still open, with the cap reduced by the
// fixed ones. It returns false when the case is not of that form.
func (r *decomposedRun) reduceByLP(rows []hallRow) bool {
	if len(rows) != 1 {
		return false
	}
	row := &rows[0]
	if row.lower > -inf || row.upper >= inf {
		return false
	}
	for s, e := range r.enumerate {
		if !e {
			return false
		}
		for _, c := range row.coef[s] {
			if c < 0 {
				return false
			}
		}
	}
	S := len(r.sets)
	type point struct {
		w, p float64
		k    int // index in r.sets[s]
	}
	hulls := make([][]point, S)
	type increment struct {
		s, step int
		dw, dp  float64
	}
	var incs []increment
	var baseW, baseP float64
	for s, sets := range r.sets {
		pts := make([]point, len(sets))
		for k, set := range sets {
			pts[k] = point{w: setCoupling(row, s, set.mask), p: set.value, k: k}
		}
		sort.Slice(pts, func(a, b int) bool {
			if pts[a].w != pts[b].w {
				return pts[a].w < pts[b].w
			}
			return pts[a].p > pts[b].p
		})
		// Upper concave hull from the lightest set, rising in value.
		var hull []point
		for _, q := range pts {
			if len(hull) > 0 && (q.w == hull[len(hull)-1].w || q.p <= hull[len(hull)-1].p) {
				continue
			}
			for len(hull) >= 2 {
				a, b := hull[len(hull)-2], hull[len(hull)-1]
				if (b.p-a.p)*(q.w-b.w) <= (q.p-b.p)*(b.w-a.w) {
					hull = hull[:len(hull)-1]
					continue
				}
				break
			}
			hull = append(hull, q)
		}
		hulls[s] = hull
		baseW += hull[0].w
		baseP += hull[0].p
		for i := 1; i < len(hull); i++ {
			incs = append(incs, increment{s: s, step: i, dw: hull[i].w - hull[i-1].w, dp: hull[i].p - hull[i-1].p})
		}
	}
	left := row.upper - baseW
	if left < 0 {
		return false // the LP is infeasible: let HiGHS say so
	}
	sort.SliceStable(incs, func(a, b int) bool { return incs[a].dp*incs[b].dw > incs[b].dp*incs[a].dw })
	steps := make([]int, S) // hull steps taken whole
	ub, lb := baseP, baseP
	lambda := 0.0
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
	// A better feasible plan: keep taking, in the same order, every
	// worthwhile increment that still fits and follows its site's last step.
	for _, inc := range incs[next:] {
		if inc.dp > 0 && inc.dw <= left && steps[inc.s] == inc.step-1 {
			left -= inc.dw
			steps[inc.s] = inc.step
			lb += inc.dp
		}
	}
	// Reduced-cost fixing against the rounded-down plan's value lb.
	margin := (ub - lb) + 1e-9*math.Max(1, math.Abs(ub))
	for s, sets := range r.sets {
		best := math.Inf(-1)
		for k, set := range sets {
			best = math.Max(best, set.value-lambda*setCoupling(row, s, sets[k].mask))
		}
		var keep []hallSet
		for _, set := range sets {
			if rc := set.value - lambda*setCoupling(row, s, set.mask) - best; rc >= -margin {
				keep = append(keep, set)
			}
		}
		if len(keep) == 0 { // cannot happen: the best set has rc = 0
			keep = sets
		}
		r.sets[s] = keep
	}
	return true
}
