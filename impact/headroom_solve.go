package impact

import (
	"math"
	"slices"
	"sort"
)

// yearSlack holds one year's slacks (threshold less load) of the hours
// with a load, sorted, and their prefix sums: the year's curtailment at an
// added load L is k·L − prefix[k], k the number of slacks below L.
type yearSlack struct {
	sorted []float64
	prefix []float64 // prefix[k] = sum of the k smallest slacks
	hours  float64   // the hours with a load (the rate's denominator)
}

// slackSet is the years the rate averages.
type slackSet []yearSlack

// slacks builds the sorted slacks of load over the given years.
func (p *prepared) slacks(load []float64, ys []yearSpan) slackSet {
	out := make(slackSet, 0, len(ys))
	for _, y := range ys {
		s := make([]float64, 0, y.present)
		for i := y.lo; i < y.hi; i++ {
			if v := load[i]; !math.IsNaN(v) {
				s = append(s, p.threshold(i)-v)
			}
		}
		slices.Sort(s)
		prefix := make([]float64, len(s)+1)
		for k, x := range s {
			prefix[k+1] = prefix[k] + x
		}
		out = append(out, yearSlack{sorted: s, prefix: prefix, hours: float64(len(s))})
	}
	return out
}

// below is the number of slacks below L.
func (y *yearSlack) below(L float64) int { return sort.SearchFloat64s(y.sorted, L) }

// excess is F(L) = Σ_y curtailment_y(L)/hours_y − limit·N·L: zero where the
// mean yearly rate equals the limit, negative below it.
func (s slackSet) excess(L, limit float64) float64 {
	var f float64
	for i := range s {
		y := &s[i]
		k := y.below(L)
		f += (float64(k)*L - y.prefix[k]) / y.hours
	}
	return f - limit*float64(len(s))*L
}

// slope is dF/dL just above L.
func (s slackSet) slope(L, limit float64) float64 {
	var d float64
	for i := range s {
		y := &s[i]
		k := sort.Search(len(y.sorted), func(j int) bool { return y.sorted[j] > L })
		d += float64(k) / y.hours
	}
	return d - limit*float64(len(s))
}

// Rate is the mean yearly curtailment rate at added load L > 0.
func (s slackSet) Rate(L float64) float64 {
	return s.excess(L, 0) / (float64(len(s)) * L)
}

// solve returns the largest added load whose mean curtailment rate is
// within limit, rounded down to 1 MW (0 when there is none). F is convex
// and piecewise linear: the root is bracketed by bisection until no slack
// lies between the bracket's ends, then solved on that linear piece.
func (s slackSet) solve(limit float64) float64 {
	return math.Floor(s.solveExact(limit) + 1e-6)
}

// solveExact is solve before rounding.
func (s slackSet) solveExact(limit float64) float64 {
	hi := 1.0
	for _, y := range s {
		if n := len(y.sorted); n > 0 {
			hi = max(hi, 2*math.Abs(y.sorted[n-1]))
		}
	}
	for s.excess(hi, limit) <= 0 {
		hi *= 2
	}
	// The minimum of F: where its slope turns positive.
	lo, top := 0.0, hi
	for range 200 {
		mid := (lo + top) / 2
		if mid == lo || mid == top {
			break
		}
		if s.slope(mid, limit) > 0 {
			top = mid
		} else {
			lo = mid
		}
	}
	if s.excess(top, limit) > 0 {
		return 0 // the rate exceeds the limit at every added load
	}
	lo = top
	for range 200 {
		if s.samePiece(lo, hi) {
			break
		}
		mid := (lo + hi) / 2
		if mid == lo || mid == hi {
			break
		}
		if s.excess(mid, limit) <= 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return s.root(lo, limit)
}

// samePiece reports whether no slack lies in (lo, hi]: F is linear on
// [lo, hi].
func (s slackSet) samePiece(lo, hi float64) bool {
	for i := range s {
		if s[i].below(lo) != s[i].below(hi) {
			return false
		}
	}
	return true
}

// root solves F(L) = 0 on the linear piece that holds lo (F(L) = a·L − b).
func (s slackSet) root(lo, limit float64) float64 {
	var a, b float64
	for i := range s {
		y := &s[i]
		k := y.below(lo)
		// Slacks equal to lo count as below just above it.
		for k < len(y.sorted) && y.sorted[k] <= lo {
			k++
		}
		a += float64(k) / y.hours
		b += y.prefix[k] / y.hours
	}
	a -= limit * float64(len(s))
	if a <= 0 {
		return lo
	}
	return max(lo, b/a)
}

// maxCurvePoints bounds an area's curve.
const maxCurvePoints = 200

// curve samples the rate in steps of 0.25 % of the peak up to 1.25 times
// the largest headroom.
func (s slackSet) curve(peak float64, results []LimitResult) []CurvePoint {
	var top float64
	for _, r := range results {
		top = max(top, r.HeadroomMW)
	}
	step := 0.0025 * peak
	if step <= 0 || top <= 0 {
		return nil
	}
	n := min(int(math.Ceil(1.25*top/step)), maxCurvePoints)
	step = max(step, 1.25*top/float64(maxCurvePoints))
	out := make([]CurvePoint, 0, n)
	for i := 1; i <= n; i++ {
		L := float64(i) * step
		out = append(out, CurvePoint{AddedMW: L, Rate: s.Rate(L)})
	}
	return out
}
