package model

import "math"

// availability is what the limiters leave for mining in each hour of a
// block, for one state of the halls. It is computed in one place,
// siteHours.available, for both methods: the closed-form dispatch uses k,
// the interconnection value and the supergradients use which limiter binds.
type availability struct {
	K       []float64 // mining IT MW available: the smallest limit, at least 0
	Binding []int8    // index of the limiter that sets k
	second  []float64 // the next-smallest limit (+Inf with one limiter)
	// MinLimit is the smallest limit of any hour before clipping at 0; a
	// negative value means the state is infeasible (at minHour, by the
	// limiter minLimiter).
	MinLimit   float64
	MinHour    int
	MinLimiter int
}

// limitersOf returns the terms that limit mining.
func limitersOf(terms []Term) []Limiter {
	var out []Limiter
	for _, tm := range terms {
		if l, ok := tm.(Limiter); ok {
			out = append(out, l)
		}
	}
	return out
}

// Available computes, for halls in service at levels z, every limiter's
// limit on mining in every hour and keeps the smallest (scratch is T long).
// With detail it also records which limiter binds and the next-smallest
// limit (for the interconnection value and supergradients).
func (sh *siteHours) Available(lims []Limiter, z []float64, av *availability, scratch []float64) {
	sh.AvailableDetail(lims, z, av, scratch, true)
}

// AvailableDetail is Available that records which limiter binds and the
// next-smallest limit only with detail (valuing a set needs neither).
func (sh *siteHours) AvailableDetail(lims []Limiter, z []float64, av *availability, scratch []float64, detail bool) {
	T := sh.T
	av.K = resize(av.K, T)
	if detail {
		av.Binding = resize(av.Binding, T)
		av.second = resize(av.second, T)
	}
	if len(lims) == 0 {
		for t := range T {
			av.K[t] = math.Inf(1)
			if detail {
				av.second[t], av.Binding[t] = math.Inf(1), -1
			}
		}
	}
	for i, l := range lims {
		if i == 0 {
			l.Limits(sh, z, av.K)
			if detail {
				for t := range T {
					av.second[t], av.Binding[t] = math.Inf(1), 0
				}
			}
			continue
		}
		l.Limits(sh, z, scratch[:T])
		k := av.K[:T]
		if !detail {
			for t, v := range scratch[:T] {
				if v < k[t] {
					k[t] = v
				}
			}
			continue
		}
		for t, v := range scratch[:T] {
			switch {
			case v < k[t]:
				av.second[t], k[t], av.Binding[t] = k[t], v, int8(i)
			case v < av.second[t]:
				av.second[t] = v
			}
		}
	}
	av.MinLimit, av.MinHour, av.MinLimiter = math.Inf(1), -1, -1
	for t, v := range av.K {
		if v < av.MinLimit {
			av.MinLimit, av.MinHour = v, t
		}
		if v < 0 {
			av.K[t] = 0
		}
	}
	if av.MinHour >= 0 && detail {
		av.MinLimiter = int(av.Binding[av.MinHour])
	}
}

// FeasibilityTolerance is how far below 0 a limit may fall (rounding) before
// the state counts as infeasible.
const FeasibilityTolerance = 1e-9

// Feasible reports whether every hour leaves a non-negative limit.
func (av *availability) Feasible() bool { return av.MinLimit >= -FeasibilityTolerance }

// valueAt is the value (USD) of mining m IT MW in hour t: the linear margin
// plus every concave piece.
func (sh *siteHours) valueAt(t int, m float64) float64 {
	v := sh.marginUSDPerMWh[t] * m
	for i := range sh.pieces {
		p := &sh.pieces[i]
		c := p.capITMW[t]
		if m < c {
			c = m
		}
		v += p.valueUSDPerMWh[t] * c
	}
	return v
}

// BestAt returns the mining IT MW that maximizes hour t's value when k IT
// MW are available, and that value. The value is concave and piecewise
// linear in m, so the best m is 0, k, or a piece's cap below k; ties go to
// the smaller m.
func (sh *siteHours) BestAt(t int, k float64) (m, value float64) {
	g := sh.marginUSDPerMWh[t]
	switch len(sh.pieces) {
	case 0:
		if v := g * k; v > 0 {
			return k, v
		}
		return 0, 0
	case 1:
		p := &sh.pieces[0]
		rho, c := p.valueUSDPerMWh[t], p.capITMW[t]
		if k <= c {
			if v := (g + rho) * k; v > 0 {
				return k, v
			}
			return 0, 0
		}
		// Up to c the piece pays too; beyond it only the margin.
		if vc := (g + rho) * c; vc > 0 {
			m, value = c, vc
		}
		if vk := g*k + rho*c; vk > value {
			m, value = k, vk
		}
		return m, value
	}
	if v := sh.valueAt(t, k); v > value {
		m, value = k, v
	}
	for i := range sh.pieces {
		if c := sh.pieces[i].capITMW[t]; c < k && c > 0 {
			if v := sh.valueAt(t, c); v > value || (v == value && c < m) {
				m, value = c, v
			}
		}
	}
	return m, value
}

// SlopeAbove is the right derivative of hour t's best value with respect to
// the IT MW available, at k, when the best dispatch there is m: zero unless
// mining uses everything available and one more MW would earn.
func (sh *siteHours) SlopeAbove(t int, k, m float64) float64 {
	if m < k-1e-9*math.Max(1, k) {
		return 0
	}
	d := sh.marginUSDPerMWh[t]
	for i := range sh.pieces {
		if sh.pieces[i].capITMW[t] > k {
			d += sh.pieces[i].valueUSDPerMWh[t]
		}
	}
	return math.Max(0, d)
}

// dispatch writes the best mining of every hour for availability av into
// mining (T long) and returns the hours' total value (USD, unweighted).
func (sh *siteHours) dispatch(av *availability, mining []float64) float64 {
	var total float64
	for t := range sh.T {
		m, v := sh.BestAt(t, av.K[t])
		mining[t] = m
		total += v
	}
	return total
}

// DispatchValue is dispatch without keeping the hourly mining.
func (sh *siteHours) DispatchValue(av *availability) float64 {
	var total float64
	for t := range sh.T {
		_, v := sh.BestAt(t, av.K[t])
		total += v
	}
	return total
}

// uniformLimiter is a Limiter that can say that its limit is the same in
// every hour of each of a block's segments (siteHours.segments), for
// every state of the halls, and give it at one hour: a block where every
// limiter is uniform and mining has no concave piece is valued a segment
// at a time (siteHours.StateValue).
type uniformLimiter interface {
	uniform(sh *siteHours) bool
	limitAt(sh *siteHours, z []float64, t int) float64
}

// setUniform records whether the block's value can be computed segment
// by segment, and the running sums of the positive margins it then uses
// (after every preparer has run).
func (sh *siteHours) setUniform() {
	sh.uniform = len(sh.pieces) == 0 && len(sh.Lims) > 0
	for _, l := range sh.Lims {
		u, ok := l.(uniformLimiter)
		sh.uniform = sh.uniform && ok && u.uniform(sh)
	}
	if !sh.uniform {
		return
	}
	sh.gainPrefix = resize(sh.gainPrefix, sh.T+1)
	sh.gainPrefix[0] = 0
	for t, g := range sh.marginUSDPerMWh {
		sh.gainPrefix[t+1] = sh.gainPrefix[t] + max(0, g)
	}
}

// StateValue is the block's best mining value (USD, unweighted) for
// halls at levels z, and whether every hour leaves mining a non-negative
// limit: in a uniform block one limit per segment times the segment's
// positive margins, else hour by hour (scratch T long).
func (sh *siteHours) StateValue(z []float64, av *availability, scratch []float64) (float64, bool) {
	if !sh.uniform {
		sh.AvailableDetail(sh.Lims, z, av, scratch, false)
		if !av.Feasible() {
			return 0, false
		}
		return sh.DispatchValue(av), true
	}
	var value float64
	for i, from := range sh.segments {
		to := sh.T
		if i+1 < len(sh.segments) {
			to = sh.segments[i+1]
		}
		k := math.Inf(1)
		for _, l := range sh.Lims {
			k = min(k, l.(uniformLimiter).limitAt(sh, z, from))
		}
		if k < -FeasibilityTolerance {
			return 0, false
		}
		if k > 0 {
			value += k * (sh.gainPrefix[to] - sh.gainPrefix[from])
		}
	}
	return value, true
}

// serviceLimiter is a Limiter whose limit depends only on the levels of
// the halls in service, never on construction entries (the POI: a hall
// under construction reserves nothing), so that its limits can be kept
// by the set of halls in service while the states of a block are valued
// (StateValueOf).
type serviceLimiter interface {
	serviceOnly() bool
}

// StateValueOf is StateValue for the state mask of block k (bit i: level
// i at 1), keeping in bs the limits of every serviceLimiter by the halls
// in service, so that a block's states that differ only in their
// construction entries compute them once.
func (sd *SiteData) StateValueOf(k int, mask uint64, bs *BlockSolution) (float64, bool) {
	sh := sd.Hours[k]
	for i := range bs.Z {
		bs.Z[i] = float64(mask >> i & 1)
	}
	if sh.uniform || len(sh.Lims) == 0 {
		return sh.StateValue(bs.Z, &bs.Av, bs.Scratch)
	}
	T := sh.T
	K := resize(bs.Av.K, T)
	bs.Av.K = K
	service := mask & (1<<sd.Halls - 1)
	for i, l := range sh.Lims {
		var lim []float64
		if so, ok := l.(serviceLimiter); ok && so.serviceOnly() {
			if bs.limitCache == nil {
				bs.limitCache = map[uint64][]float64{}
			}
			if lim = bs.limitCache[service]; lim == nil {
				lim = make([]float64, T)
				l.Limits(sh, bs.Z, lim)
				bs.limitCache[service] = lim
			}
		} else {
			lim = bs.Scratch[:T]
			if i == 0 {
				lim = K
			}
			l.Limits(sh, bs.Z, lim)
		}
		switch {
		case i == 0:
			if &lim[0] != &K[0] {
				copy(K, lim)
			}
		default:
			for t, v := range lim {
				if v < K[t] {
					K[t] = v
				}
			}
		}
	}
	var value float64
	for t, k := range K {
		if k < -FeasibilityTolerance {
			return 0, false
		}
		_, v := sh.BestAt(t, max(k, 0))
		value += v
	}
	return value, true
}
