package grid

import (
	"math"
	"math/rand/v2"
	"time"
)

// Constants of the synthetic price model (see SYNTHETIC.md).
const (
	centralOffset    = -6 * time.Hour // clock of the shapes: Central Standard Time
	fastPhi          = 0.60           // hourly AR(1) coefficient, fast noise
	slowPhi          = 0.995          // hourly AR(1) coefficient, slow (multi-day) noise
	slowShare        = 0.6            // share of noise variance in the slow factor
	windPhi          = 0.95           // hourly AR(1) coefficient of the renewable-surplus state
	stressPhi        = 0.70           // daily AR(1) coefficient of the scarcity stress state
	peakSigma        = 1.2            // log-sd of a scarcity day's peak adder
	hourSigma        = 0.4            // log-sd of hourly scarcity noise
	hourCommonShare  = 0.85           // share of hourly scarcity noise variance common to nodes
	coldSnapFactor   = 0.35           // cold-snap peak median relative to ScarcityPeakUSD
	coldSnapMeanDays = 3.0            // expected cold-snap length (2, 3 or 4 days)
	coldSnapFirstDay = 5              // cold snaps start between January 5 ...
	coldSnapWindow   = 45             // ... and 45 days later
	weekendFactor    = 0.92           // ordinary price on Saturdays and Sundays
	depressionBand   = 1.0            // width (in sd of the surplus state) of the price depression before negative prices
	depressionFloor  = 0.15           // ordinary-price factor right at the negative threshold
	offerCapUSD      = 5000.0         // cap of an hourly scarcity adder
	priceFloorUSD    = -250.0         // floor of a negative price
)

// common is the system state in one hour, shared by all nodes.
type common struct {
	hour, month int     // CST clock hour, month 0..11
	season      float64 // normalized seasonal shape value at this hour
	weekday     float64 // weekday factor
	fast, slow  float64 // common noise factors, N(0,1)
	wind        float64 // renewable-surplus state, N(0,1)
	stress      float64 // today's scarcity stress, N(0,1)
	peakEps     float64 // today's scarcity-peak size draw
	coldEps     float64 // today's cold-snap peak size draw
	hourEps     float64 // this hour's common scarcity noise
	cold        bool    // today is in the cold snap
}

// systemState evolves the common factors hour by hour.
type systemState struct {
	rng                 *rand.Rand
	seasonal            *[12]float64 // the market's seasonal shape
	c                   common
	coldFirst, coldLast int // cold-snap day-of-year range of the current year
}

func newSystemState(rng *rand.Rand, seasonal *[12]float64) *systemState {
	s := &systemState{rng: rng, seasonal: seasonal}
	s.c.fast = rng.NormFloat64()
	s.c.slow = rng.NormFloat64()
	s.c.wind = rng.NormFloat64()
	s.c.stress = rng.NormFloat64()
	return s
}

// step advances to the hour whose CST clock reading is local (a time whose
// UTC fields are the CST clock) and returns the hour's common state.
func (s *systemState) step(local time.Time, first bool) common {
	r := s.rng
	hour := local.Hour()
	if first || (hour == 0 && local.YearDay() == 1) {
		s.coldFirst = coldSnapFirstDay + r.IntN(coldSnapWindow)
		s.coldLast = s.coldFirst + 1 + r.IntN(3)
	}
	if first || hour == 0 {
		s.c.stress = ar1(s.c.stress, stressPhi, r.NormFloat64())
		s.c.peakEps = r.NormFloat64()
		s.c.coldEps = r.NormFloat64()
		yd := local.YearDay()
		s.c.cold = yd >= s.coldFirst && yd <= s.coldLast
	}
	s.c.fast = ar1(s.c.fast, fastPhi, r.NormFloat64())
	s.c.slow = ar1(s.c.slow, slowPhi, r.NormFloat64())
	s.c.wind = ar1(s.c.wind, windPhi, r.NormFloat64())
	s.c.hourEps = r.NormFloat64()
	s.c.hour = hour
	s.c.month = int(local.Month()) - 1
	s.c.season = seasonAt(local, s.seasonal)
	s.c.weekday = weekdayFactor(local)
	return s.c
}

// nodeDraw holds one node's random draws for one hour.
type nodeDraw struct {
	fast, slow float64 // node-specific noise factors, N(0,1)
	hourEps    float64 // node-specific scarcity noise
	depth      float64 // Exp(1) draw for the size of a negative price
}

// nodeState evolves one node's own noise.
type nodeState struct {
	rng        *rand.Rand
	fast, slow float64
}

func newNodeState(rng *rand.Rand) nodeState {
	return nodeState{rng: rng, fast: rng.NormFloat64(), slow: rng.NormFloat64()}
}

func (n *nodeState) step() nodeDraw {
	n.fast = ar1(n.fast, fastPhi, n.rng.NormFloat64())
	n.slow = ar1(n.slow, slowPhi, n.rng.NormFloat64())
	return nodeDraw{fast: n.fast, slow: n.slow, hourEps: n.rng.NormFloat64(), depth: n.rng.ExpFloat64()}
}

// seasonAt interpolates a seasonal shape linearly between mid-month anchors.
func seasonAt(local time.Time, shape *[12]float64) float64 {
	days := 365.0
	if y := local.Year(); y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 366
	}
	x := (float64(local.YearDay()-1)+(float64(local.Hour())+0.5)/24)/days*12 - 0.5
	i := math.Floor(x)
	frac := x - i
	k := (int(i) + 12) % 12
	return (1-frac)*shape[k] + frac*shape[(k+1)%12]
}

// weekdayFactor is weekendFactor on Saturday and Sunday, else 1.
func weekdayFactor(local time.Time) float64 {
	switch local.Weekday() {
	case time.Saturday, time.Sunday:
		return weekendFactor
	}
	return 1
}
