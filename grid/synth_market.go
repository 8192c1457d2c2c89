package grid

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Market is the wholesale market (or region without one) whose system state
// and shapes a synthetic node follows. Nodes of one market share its
// renewable-surplus state, scarcity days and cold snaps and its daily,
// seasonal and scarcity shapes; nodes of different markets draw them
// independently and only share the national fuel-price noise, so regions do
// not spike together. REGIONS.md documents each market's shapes.
type Market string

// The markets of the synthetic price model.
const (
	// MarketERCOT is the calibrated market (SYNTHETIC.md); the zero Market
	// means ERCOT.
	MarketERCOT Market = "ERCOT"
	MarketPJM   Market = "PJM"
	MarketNYISO Market = "NYISO"
	MarketSPP   Market = "SPP"
	MarketMISO  Market = "MISO"
	// MarketSERC is the Southeast without an organized market (TVA,
	// Southern Company): its nodes are regional cost proxies.
	MarketSERC Market = "SERC"
)

// Markets returns the known markets, ERCOT first.
func Markets() []Market {
	return []Market{MarketERCOT, MarketPJM, MarketNYISO, MarketSPP, MarketMISO, MarketSERC}
}

// orERCOT returns m, or MarketERCOT for the zero Market.
func (m Market) orERCOT() Market {
	if m == "" {
		return MarketERCOT
	}
	return m
}

// marketShapes are the shapes and clock of one market.
type marketShapes struct {
	clock          time.Duration // offset of the shapes' clock from UTC (standard time all year)
	daily          [24]float64   // normalized hour-of-day shape of the ordinary price
	seasonal       [12]float64   // normalized mid-month shape of the ordinary price
	scarcityMonths [12]float64   // share of a year's scarcity days in each month (sums to 1)
	summer, winter [24]float64   // scarcity-day hourly shapes, April-October and November-March
}

// shapesOf returns a market's shapes; ERCOT's are the calibrated ones of
// synth_shapes.go, the others are stated assumptions (REGIONS.md).
func shapesOf(m Market) (marketShapes, error) {
	ercot := marketShapes{clock: centralOffset, daily: dailyShape(), seasonal: seasonalShape(),
		scarcityMonths: scarcityMonthWeight(), summer: summerScarcityShape(), winter: winterScarcityShape()}
	switch m.orERCOT() {
	case MarketERCOT:
		return ercot, nil
	case MarketPJM:
		return marketShapes{clock: easternOffset, daily: pjmDailyShape(), seasonal: pjmSeasonalShape(),
			scarcityMonths: pjmScarcityMonths(), summer: summerScarcityShape(), winter: winterScarcityShape()}, nil
	case MarketNYISO:
		return marketShapes{clock: easternOffset, daily: nyisoDailyShape(), seasonal: nyisoSeasonalShape(),
			scarcityMonths: nyisoScarcityMonths(), summer: summerScarcityShape(), winter: winterScarcityShape()}, nil
	case MarketSPP:
		return marketShapes{clock: centralOffset, daily: sppDailyShape(), seasonal: sppSeasonalShape(),
			scarcityMonths: sppScarcityMonths(), summer: summerScarcityShape(), winter: winterScarcityShape()}, nil
	case MarketMISO:
		return marketShapes{clock: centralOffset, daily: misoDailyShape(), seasonal: misoSeasonalShape(),
			scarcityMonths: misoScarcityMonths(), summer: summerScarcityShape(), winter: winterScarcityShape()}, nil
	case MarketSERC:
		return marketShapes{clock: easternOffset, daily: sercDailyShape(), seasonal: sercSeasonalShape(),
			scarcityMonths: sercScarcityMonths(), summer: summerScarcityShape(), winter: winterScarcityShape()}, nil
	}
	names := make([]string, 0, len(Markets()))
	for _, k := range Markets() {
		names = append(names, string(k))
	}
	return marketShapes{}, fmt.Errorf("unknown market %q (known: %s)", m, strings.Join(names, ", "))
}

// easternOffset is Eastern Standard Time, the clock of the eastern markets' shapes.
const easternOffset = -5 * time.Hour

// PJM: a winter morning peak and a summer-afternoon-into-evening peak, a
// shallow midday dip (less solar than ERCOT), a deep night trough.
func pjmDailyShape() [24]float64 {
	return [24]float64{
		-0.55, -0.65, -0.72, -0.74, -0.66, -0.40, -0.02, 0.30, // 00-07
		0.30, 0.18, 0.10, 0.05, 0.02, 0.02, 0.08, 0.22, // 08-15
		0.48, 0.80, 1.00, 0.92, 0.70, 0.40, 0.05, -0.30, // 16-23
	}
}

// PJM: winter gas-constrained January-February and a July-August peak,
// shoulder-month troughs in April-May and October.
func pjmSeasonalShape() [12]float64 {
	return [12]float64{0.90, 0.45, -0.35, -0.80, -0.70, 0.15, 0.75, 0.60, -0.30, -0.60, -0.30, 0.40}
}

// PJM: scarcity in summer heat and winter cold (Winter Storm Elliott, 2022-12).
func pjmScarcityMonths() [12]float64 {
	return [12]float64{0.18, 0.08, 0.02, 0.01, 0.02, 0.10, 0.24, 0.19, 0.04, 0.01, 0.02, 0.09}
}

// NYISO: an early-evening peak, a flat midday.
func nyisoDailyShape() [24]float64 {
	return [24]float64{
		-0.50, -0.62, -0.70, -0.72, -0.66, -0.48, -0.15, 0.15, // 00-07
		0.22, 0.18, 0.12, 0.10, 0.08, 0.08, 0.12, 0.25, // 08-15
		0.52, 0.85, 1.00, 0.85, 0.60, 0.35, 0.05, -0.28, // 16-23
	}
}

// NYISO: winter pipeline constraints make January-February the dearest
// months; a smaller July peak; cheap spring hydro.
func nyisoSeasonalShape() [12]float64 {
	return [12]float64{1.00, 0.70, -0.10, -0.70, -0.80, -0.25, 0.45, 0.35, -0.30, -0.55, -0.25, 0.45}
}

// NYISO: winter and summer scarcity.
func nyisoScarcityMonths() [12]float64 {
	return [12]float64{0.22, 0.12, 0.02, 0.01, 0.01, 0.10, 0.24, 0.17, 0.03, 0.01, 0.02, 0.05}
}

// SPP: wind makes nights cheap and the evening ramp sharp.
func sppDailyShape() [24]float64 {
	return [24]float64{
		-0.60, -0.70, -0.78, -0.80, -0.76, -0.60, -0.30, -0.05, // 00-07
		-0.05, -0.10, -0.08, 0.00, 0.08, 0.16, 0.26, 0.40, // 08-15
		0.60, 0.85, 1.00, 0.95, 0.72, 0.35, -0.05, -0.40, // 16-23
	}
}

// SPP: windy spring lows, a hot August peak, winter cold snaps (February).
func sppSeasonalShape() [12]float64 {
	return [12]float64{0.20, 0.40, -0.60, -1.00, -0.60, 0.10, 0.75, 0.90, 0.25, -0.35, -0.20, 0.15}
}

// SPP: summer heat and winter storms (Uri, 2021-02).
func sppScarcityMonths() [12]float64 {
	return [12]float64{0.10, 0.15, 0.02, 0.01, 0.03, 0.10, 0.22, 0.27, 0.07, 0.01, 0.01, 0.01}
}

// MISO: an afternoon-into-evening peak on the Central clock.
func misoDailyShape() [24]float64 {
	return [24]float64{
		-0.55, -0.66, -0.74, -0.76, -0.70, -0.50, -0.18, 0.10, // 00-07
		0.12, 0.08, 0.06, 0.08, 0.14, 0.24, 0.36, 0.52, // 08-15
		0.75, 0.95, 1.00, 0.85, 0.60, 0.30, -0.05, -0.35, // 16-23
	}
}

// MISO: a July-August peak, January cold, spring and autumn lows.
func misoSeasonalShape() [12]float64 {
	return [12]float64{0.45, 0.25, -0.45, -0.80, -0.55, 0.20, 0.80, 0.75, -0.05, -0.55, -0.30, 0.25}
}

// MISO: mostly summer scarcity, some in January cold.
func misoScarcityMonths() [12]float64 {
	return [12]float64{0.10, 0.05, 0.02, 0.01, 0.03, 0.14, 0.30, 0.26, 0.05, 0.01, 0.01, 0.02}
}

// SERC: summer afternoons (air conditioning) and a winter morning peak
// (electric heating) on the Eastern clock.
func sercDailyShape() [24]float64 {
	return [24]float64{
		-0.50, -0.62, -0.70, -0.72, -0.64, -0.40, 0.00, 0.28, // 00-07
		0.30, 0.20, 0.15, 0.18, 0.28, 0.42, 0.58, 0.76, // 08-15
		0.92, 1.00, 0.92, 0.70, 0.42, 0.15, -0.15, -0.38, // 16-23
	}
}

// SERC: hot summers dominate, with a smaller January heating peak.
func sercSeasonalShape() [12]float64 {
	return [12]float64{0.45, 0.15, -0.45, -0.75, -0.45, 0.30, 0.85, 0.80, 0.10, -0.55, -0.40, 0.10}
}

// SERC: summer peaks and winter cold snaps.
func sercScarcityMonths() [12]float64 {
	return [12]float64{0.16, 0.05, 0.01, 0.01, 0.03, 0.17, 0.28, 0.23, 0.04, 0.01, 0.01, 0.00}
}

// marketStates evolves the system state of every market the nodes use.
// ERCOT's state comes from the generator's original stream, which also
// draws the national fuel-price noise (fast and slow) every market shares,
// so ERCOT series are the same whichever other markets are present; every
// other market draws its surplus, scarcity and cold-snap states from its
// own stream.
type marketStates struct {
	national *systemState   // ERCOT, and the source of the shared noise
	others   []*systemState // markets other than ERCOT, in order of first use
	clocks   []time.Duration
	current  []common // this hour's state per market: ERCOT first, then others
	nodeOf   []int    // index into current of each node's market
}

func newMarketStates(seed uint64, models []nodeModel) *marketStates {
	ercot, _ := shapesOf(MarketERCOT) // ERCOT's shapes always exist
	ms := &marketStates{national: newSystemState(rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), &ercot.seasonal),
		nodeOf: make([]int, len(models))}
	index := map[Market]int{MarketERCOT: 0}
	for i, m := range models {
		k := m.p.Market.orERCOT()
		j, ok := index[k]
		if !ok {
			j = len(ms.others) + 1
			index[k] = j
			ms.others = append(ms.others, newSystemState(rand.New(rand.NewPCG(seed, nameStream("market "+string(k)))), &models[i].ms.seasonal))
			ms.clocks = append(ms.clocks, m.ms.clock)
		}
		ms.nodeOf[i] = j
	}
	ms.current = make([]common, len(ms.others)+1)
	return ms
}

// step advances every market to the hour starting at ts (UTC).
func (ms *marketStates) step(ts time.Time, first bool) {
	ms.current[0] = ms.national.step(ts.Add(centralOffset), first)
	for j, st := range ms.others {
		c := st.step(ts.Add(ms.clocks[j]), first)
		c.fast, c.slow = ms.current[0].fast, ms.current[0].slow
		ms.current[j+1] = c
	}
}

// of returns the current state of node i's market.
func (ms *marketStates) of(i int) *common { return &ms.current[ms.nodeOf[i]] }
