package grid

import (
	"fmt"
	"math"
	"time"
)

// nodeModel holds a node's profile and the quantities derived from it.
type nodeModel struct {
	p          NodeProfile
	ms         marketShapes    // the node's market's shapes and clock
	level      float64         // L: ordinary-price level solved from MeanUSDPerMWh
	daily      [24]float64     // 1 + DailyAmplitude * dailyShape
	negProb    [12][24]float64 // probability of a negative hour by month and hour
	negThr     [12][24]float64 // threshold of the surplus state for a negative hour
	scarceThr  [12]float64     // threshold of the stress state for a scarcity day
	scarceProb [12]float64     // probability that a day in the month is a scarcity day
	shapes     [2][24]float64  // summer and winter scarcity shapes
	cs, ci     float64         // sqrt of the common and idiosyncratic variance shares
}

// newNodeModel derives the model of one node and solves its level so that
// the long-run mean price over a canonical year is MeanUSDPerMWh.
func newNodeModel(p NodeProfile) (nodeModel, error) {
	ms, err := shapesOf(p.Market)
	if err != nil {
		return nodeModel{}, fmt.Errorf("node %q: %w", p.Name, err)
	}
	m := nodeModel{p: p, ms: ms, cs: math.Sqrt(p.CommonShare), ci: math.Sqrt(1 - p.CommonShare)}
	m.shapes[0], m.shapes[1] = ms.summer, ms.winter
	ds := ms.daily
	for h := range 24 {
		m.daily[h] = 1 + p.DailyAmplitude*ds[h]
	}
	hw, mw := negativeHourWeight(), negativeMonthWeight()
	sw := ms.scarcityMonths
	for mo := range 12 {
		for h := range 24 {
			q := min(0.95, p.NegativeShare*hw[h]*mw[mo])
			m.negProb[mo][h] = q
			m.negThr[mo][h] = upperQuantile(q)
		}
		days := float64(daysIn(mo, 2023))
		m.scarceProb[mo] = min(0.9, p.ScarcityDaysPerYear*sw[mo]/days)
		m.scarceThr[mo] = upperQuantile(m.scarceProb[mo])
	}
	level, err := m.solveLevel()
	if err != nil {
		return nodeModel{}, err
	}
	m.level = level
	return m, nil
}

// solveLevel returns L such that the expected mean price over the canonical
// year 2023 (CST clock) is MeanUSDPerMWh.
func (m *nodeModel) solveLevel() (float64, error) {
	var dep [12][24]float64
	for mo := range 12 {
		for h := range 24 {
			dep[mo][h] = expectedDepression(m.negThr[mo][h])
		}
	}
	p := m.p
	negMean := 0.0
	if p.NegativeDepthUSD > 0 {
		negMean = p.NegativeDepthUSD * (1 - math.Exp(priceFloorUSD/p.NegativeDepthUSD))
	}
	var base, neg float64
	t0 := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	const hours = 8760
	for t := range hours {
		lt := t0.Add(time.Duration(t) * time.Hour)
		mo, h := int(lt.Month())-1, lt.Hour()
		base += (1 + p.SeasonalAmplitude*seasonAt(lt, &m.ms.seasonal)) * m.daily[h] * weekdayFactor(lt) * dep[mo][h]
		neg += m.negProb[mo][h]
	}
	adder := 0.0
	for mo := range 12 {
		adder += m.scarceProb[mo] * float64(daysIn(mo, 2023)) * m.expectedDayAdder(m.shapes[shapeIndex(mo)], p.ScarcityPeakUSD)
	}
	adder += coldSnapMeanDays * m.expectedDayAdder(m.shapes[1], coldSnapFactor*p.ScarcityPeakUSD)
	other := (adder - neg*negMean) / hours
	level := (p.MeanUSDPerMWh*hours + neg*negMean - adder) / base
	if !(level > 0) || math.IsInf(level, 0) {
		return 0, fmt.Errorf("node %q: MeanUSDPerMWh = %g is too low: scarcity and negative hours alone average %.2f USD/MWh; raise it or lower ScarcityDaysPerYear/ScarcityPeakUSD",
			p.Name, p.MeanUSDPerMWh, other)
	}
	return level, nil
}

// expectedDayAdder returns the expected sum over a day of the hourly
// scarcity adders for the given shape and median peak.
func (m *nodeModel) expectedDayAdder(shape [24]float64, median float64) float64 {
	if median <= 0 {
		return 0
	}
	s := math.Sqrt(peakSigma*peakSigma + hourSigma*hourSigma)
	sum := 0.0
	for _, w := range shape {
		if w > 0 {
			sum += expMinLognormal(math.Log(median*w)-hourSigma*hourSigma/2, s, offerCapUSD)
		}
	}
	return sum
}

// price returns the node's price in the hour described by c and d.
func (m *nodeModel) price(c *common, d nodeDraw) float64 {
	p := m.p
	var energy float64
	thr := m.negThr[c.month][c.hour]
	if c.wind > thr {
		energy = -min(-priceFloorUSD, p.NegativeDepthUSD*d.depth)
	} else {
		fast := m.cs*c.fast + m.ci*d.fast
		slow := m.cs*c.slow + m.ci*d.slow
		z := math.Sqrt(1-slowShare)*fast + math.Sqrt(slowShare)*slow
		sig := p.Volatility
		energy = m.level * (1 + p.SeasonalAmplitude*c.season) * m.daily[c.hour] * c.weekday *
			depression(c.wind, thr) * math.Exp(sig*z-sig*sig/2)
	}
	return energy + m.adder(c, d)
}

// adder returns the node's scarcity adder in the hour described by c and d.
func (m *nodeModel) adder(c *common, d nodeDraw) float64 {
	if m.p.ScarcityPeakUSD <= 0 {
		return 0
	}
	var peak float64
	var shape *[24]float64
	switch {
	case c.cold:
		peak = coldSnapFactor * m.p.ScarcityPeakUSD * math.Exp(peakSigma*c.coldEps)
		shape = &m.shapes[1]
	case c.stress > m.scarceThr[c.month]:
		peak = m.p.ScarcityPeakUSD * math.Exp(peakSigma*c.peakEps)
		shape = &m.shapes[shapeIndex(c.month)]
	default:
		return 0
	}
	w := shape[c.hour]
	if w == 0 {
		return 0
	}
	eps := hourSigma*(math.Sqrt(hourCommonShare)*c.hourEps+math.Sqrt(1-hourCommonShare)*d.hourEps) - hourSigma*hourSigma/2
	return min(offerCapUSD, peak*w*math.Exp(eps))
}

// shapeIndex selects the summer (0, April-October) or winter (1) scarcity shape.
func shapeIndex(month int) int {
	if month <= 2 || month >= 10 {
		return 1
	}
	return 0
}

// daysIn returns the number of days in month (0-based) of year.
func daysIn(month, year int) int {
	return time.Date(year, time.Month(month+2), 0, 0, 0, 0, 0, time.UTC).Day()
}
