package grid

import (
	"fmt"
	"math"
	"slices"
)

// summary holds the calibration statistics of a price series.
type summary struct {
	N                       int
	Mean, Median, Std       float64
	P1, P99, P999           float64
	NegShare, Over1000Share float64
	Max, Min                float64
}

// summarize computes the calibration statistics; percentiles interpolate
// linearly between order statistics.
func summarize(x []float64) summary {
	s := summary{N: len(x)}
	if len(x) == 0 {
		return s
	}
	sorted := slices.Clone(x)
	slices.Sort(sorted)
	sum := 0.0
	neg, hi := 0, 0
	for _, v := range x {
		sum += v
		if v < 0 {
			neg++
		}
		if v > 1000 {
			hi++
		}
	}
	s.Mean = sum / float64(len(x))
	ss := 0.0
	for _, v := range x {
		ss += (v - s.Mean) * (v - s.Mean)
	}
	s.Std = math.Sqrt(ss / float64(len(x)))
	s.Median = percentile(sorted, 50)
	s.P1 = percentile(sorted, 1)
	s.P99 = percentile(sorted, 99)
	s.P999 = percentile(sorted, 99.9)
	s.NegShare = float64(neg) / float64(len(x))
	s.Over1000Share = float64(hi) / float64(len(x))
	s.Min, s.Max = sorted[0], sorted[len(sorted)-1]
	return s
}

func percentile(sorted []float64, p float64) float64 {
	pos := p / 100 * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(sorted)-1)
	return sorted[lo] + (sorted[hi]-sorted[lo])*(pos-float64(lo))
}

// row formats the summary like the calibration tables in synth.go and SYNTHETIC.md.
func (s summary) row() string {
	return fmt.Sprintf("%7.2f %6.2f %6.1f %7.2f %6.1f %7.1f %5.2f %5.2f %7.1f",
		s.Mean, s.Median, s.Std, s.P1, s.P99, s.P999, 100*s.NegShare, 100*s.Over1000Share, s.Max)
}
