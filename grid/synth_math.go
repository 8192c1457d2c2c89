package grid

import "math"

// normCDF is the standard normal cumulative distribution function.
func normCDF(x float64) float64 {
	return 0.5 * math.Erfc(-x/math.Sqrt2)
}

// normPDF is the standard normal density.
func normPDF(x float64) float64 {
	return math.Exp(-0.5*x*x) / math.Sqrt(2*math.Pi)
}

// upperQuantile returns x with P(Z > x) = p for a standard normal Z:
// +Inf for p <= 0.
func upperQuantile(p float64) float64 {
	if p <= 0 {
		return math.Inf(1)
	}
	return math.Sqrt2 * math.Erfcinv(2*p)
}

// expMinLognormal returns E[min(X, c)] for X lognormal with log-mean mu and
// log-standard deviation s (s > 0, c > 0).
func expMinLognormal(mu, s, c float64) float64 {
	lc := math.Log(c)
	return math.Exp(mu+s*s/2)*normCDF((lc-mu-s*s)/s) + c*(1-normCDF((lc-mu)/s))
}

// ar1 advances a stationary AR(1) process with unit variance by one step.
func ar1(x, phi, eps float64) float64 {
	return phi*x + math.Sqrt(1-phi*phi)*eps
}

// depression is the factor applied to the ordinary price when the common
// renewable-surplus state u approaches the node's negative-price threshold
// thr (u < thr): 1 far below, falling linearly to depressionFloor at thr.
func depression(u, thr float64) float64 {
	f := (thr - u) / depressionBand
	return min(1, max(depressionFloor, f))
}

// expectedDepression returns E[depression(u, thr) * 1{u < thr}] for a
// standard normal u: the mean multiplier of the ordinary price, including
// the hours lost to negative prices.
func expectedDepression(thr float64) float64 {
	if math.IsInf(thr, 1) {
		return 1
	}
	a := thr - depressionBand
	b := thr - depressionFloor*depressionBand
	linear := (thr*(normCDF(b)-normCDF(a)) - normPDF(a) + normPDF(b)) / depressionBand
	return normCDF(a) + linear + depressionFloor*(normCDF(thr)-normCDF(b))
}
