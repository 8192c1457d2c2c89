package impact

import "math"

// stats measures the curtailment of an added load L over the given
// years: curtailed hours a year, the mean event length and the shares of
// curtailed hours that keep most of the load. An event is a run of
// consecutive curtailed hours; an hour without a load ends it.
func (p *prepared) stats(load []float64, ys []yearSpan, L float64) LimitResult {
	r := LimitResult{HeadroomMW: L}
	if L <= 0 || len(ys) == 0 {
		return r
	}
	var hours, events, keep50, keep75, keep90 int
	for _, y := range ys {
		in := false
		for i := y.lo; i < y.hi; i++ {
			v := load[i]
			c := v + L - p.threshold(i)
			if math.IsNaN(v) || c <= 0 {
				in = false
				continue
			}
			hours++
			if !in {
				events++
				in = true
			}
			if c <= 0.5*L {
				keep50++
			}
			if c <= 0.25*L {
				keep75++
			}
			if c <= 0.1*L {
				keep90++
			}
		}
	}
	r.CurtailedHoursPerYear = float64(hours) / float64(len(ys))
	if hours > 0 {
		h := float64(hours)
		r.MeanEventHours = h / float64(events)
		r.ShareKeeping50, r.ShareKeeping75, r.ShareKeeping90 = float64(keep50)/h, float64(keep75)/h, float64(keep90)/h
	}
	return r
}
