// Synthetic ERCOT-like hourly prices.
//
// No real price data may be shipped with gridflip, so the bundled cases use
// series generated here. The model (details in SYNTHETIC.md) is, for node n
// and hour t, in USD/MWh:
//
//	price = energy + scarcity adder
//	energy = -depth*Exp(1)                               in a renewable-surplus hour
//	       = L_n * season(day) * daily(hour) * weekday
//	         * depression(u_t) * exp(sigma*Z_t - sigma^2/2) otherwise
//
// where Z_t mixes fast (hours) and slow (days) AR(1) factors, each a common
// part shared by all nodes plus a node-specific part; u_t is a common AR(1)
// "wind" state whose node- and hour-dependent threshold sets the share of
// negative hours; the scarcity adder is a late-afternoon (summer) or
// morning/evening (winter) peak on days picked by a common, clustered daily
// stress state plus one winter cold snap per year, lognormal in size and
// capped at the 5,000 USD/MWh offer cap. L_n is solved so that the long-run
// mean over a canonical year equals NodeProfile.MeanUSDPerMWh. Clock hours and
// months are Central Standard Time (UTC-6, no daylight saving).
//
// Calibration (ERCOTLikeProfiles) against ERCOT real-time hub prices
// (hourly means of 15-minute SPPs, 2023-2024 pooled, 17,544 h; computed from
// ercot-hubs-2023-2024 of the real-data folder, which is not shipped). "1y" is the
// bundled default case: seed 20240101, 8760 h from 2024-01-01T00:00Z, a
// mild-scarcity year like real 2024 (real 2023 had mean 48, 2024 mean 26 at
// HB_NORTH). "30y" is seed 7, 262,800 h. USD/MWh; neg% is the share of hours
// below 0, >1k% the share above 1000 USD/MWh. Reprint with
// `go test ./grid -run TestSyntheticCalibration -v`; tolerances are in that
// test, the derivation in SYNTHETIC.md.
//
//	hub         series   mean  median    std      p1    p99   p99.9  neg%  >1k%     max
//	HB_WEST     real    38.43  20.98  171.8  -10.59  313.2  3046.7  9.03  0.40  5257.6
//	            1y      28.96  19.65   97.9  -10.08  172.8  1458.8  9.77  0.23  4176.4
//	            30y     36.95  20.91  175.2  -10.50  301.8  3044.6  8.60  0.39  5125.3
//	HB_NORTH    real    37.08  20.02  172.0   -1.26  282.9  3085.9  1.79  0.42  5229.8
//	            1y      26.55  17.50   89.1   -2.03  176.8  1520.6  2.49  0.24  2754.1
//	            30y     35.46  19.17  174.1   -0.98  309.1  3010.1  1.61  0.38  5110.5
//	HB_HOUSTON  real    38.22  20.95  170.1   -0.57  285.5  3088.8  1.44  0.42  5117.9
//	            1y      27.45  18.09   91.8   -1.30  172.1  1416.8  1.99  0.22  3557.0
//	            30y     36.49  19.94  176.1   -0.46  310.1  3100.4  1.25  0.39  5156.5
//	HB_SOUTH    real    36.57  20.62  156.2   -2.59  261.1  2842.3  2.21  0.35  4850.8
//	            1y      26.21  18.13   79.1   -3.87  163.1  1276.6  2.98  0.16  2460.5
//	            30y     35.18  19.97  163.9   -2.37  278.8  2759.4  1.98  0.35  5123.7

package grid

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"
)

// NodeProfile parameterizes the synthetic price of one grid node (a hub or
// a settlement point). ERCOTLikeProfiles returns calibrated examples.
type NodeProfile struct {
	Name string // column name in the generated series
	// Market is the market whose system state and shapes the node follows
	// (see Market); empty means ERCOT.
	Market Market

	// MeanUSDPerMWh is the long-run average price, spikes and negative hours
	// included (over a canonical year; any one sampled year varies with its
	// scarcity days, as real years do).
	MeanUSDPerMWh float64

	// DailyAmplitude scales the hour-of-day shape (evening peak): 0 is flat,
	// about 0.5 matches ERCOT hubs. Range [0, 2].
	DailyAmplitude float64
	// SeasonalAmplitude scales the month shape (summer peak, spring trough):
	// 0 is flat, about 0.35 matches ERCOT hubs. Range [0, 0.95].
	SeasonalAmplitude float64
	// Volatility is the standard deviation of the log of the ordinary price
	// noise. Range [0, 1.5].
	Volatility float64
	// CommonShare is the share of the noise variance that is common to all
	// nodes (1 = nodes move together). Range [0, 1].
	CommonShare float64

	// NegativeShare is the long-run share of hours with a negative price
	// (renewable surplus). Range [0, 0.5].
	NegativeShare float64
	// NegativeDepthUSD is the mean size, in USD/MWh, of a negative price
	// (exponentially distributed, floored at -250). Range (0, 250] when
	// NegativeShare > 0.
	NegativeDepthUSD float64

	// ScarcityDaysPerYear is the expected number of scarcity days per year,
	// besides the winter cold snap. Range [0, 200].
	ScarcityDaysPerYear float64
	// ScarcityPeakUSD is the median peak-hour scarcity adder on a scarcity
	// day, in USD/MWh (lognormal, wide; hourly adders are capped at 5,000).
	// 0 disables scarcity. Range [0, 5000].
	ScarcityPeakUSD float64
}

// SynthConfig configures SyntheticPrices.
type SynthConfig struct {
	Seed  int64         // same seed and config give the same series
	Start time.Time     // first hour; must be on the hour
	Hours int           // number of hours, 1 .. MaxSynthHours
	Nodes []NodeProfile // one column per node, in this order
}

const (
	// MaxSynthHours bounds SynthConfig.Hours (30 years).
	MaxSynthHours = 30 * 8784
	// maxSynthValues bounds Hours times the number of nodes.
	maxSynthValues = 50_000_000
)

// SyntheticPrices returns an hourly Series (File "synthetic") with one
// column per node, in USD/MWh rounded to cents. It is deterministic for a
// given config: the common factors come from a PCG stream seeded by Seed,
// each node's own noise from a stream seeded by Seed and the node's name, so
// a node's column does not change when other nodes are added or removed.
func SyntheticPrices(cfg SynthConfig) (*Series, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("synthetic prices: %w", err)
	}
	models := make([]nodeModel, len(cfg.Nodes))
	for i, p := range cfg.Nodes {
		m, err := newNodeModel(p)
		if err != nil {
			return nil, fmt.Errorf("synthetic prices: %w", err)
		}
		models[i] = m
	}
	seed := uint64(cfg.Seed)
	markets := newMarketStates(seed, models)
	nodes := make([]nodeState, len(models))
	for i := range models {
		nodes[i] = newNodeState(rand.New(rand.NewPCG(seed, nameStream(models[i].p.Name))))
	}

	s := &Series{
		File:    "synthetic",
		Step:    time.Hour,
		Times:   make([]time.Time, cfg.Hours),
		Columns: make([]string, len(models)),
		Values:  make([][]float64, len(models)),
	}
	block := make([]float64, cfg.Hours*len(models))
	for i, m := range models {
		s.Columns[i] = m.p.Name
		s.Values[i] = block[i*cfg.Hours : (i+1)*cfg.Hours : (i+1)*cfg.Hours]
	}
	start := cfg.Start.UTC()
	for t := range cfg.Hours {
		ts := start.Add(time.Duration(t) * time.Hour)
		s.Times[t] = ts
		markets.step(ts, t == 0)
		for i := range models {
			s.Values[i][t] = roundCents(models[i].price(markets.of(i), nodes[i].step()))
		}
	}
	return s, nil
}

// validate checks the configuration; messages name the node and field.
func (cfg SynthConfig) validate() error {
	if cfg.Start.IsZero() {
		return fmt.Errorf("start time is required")
	}
	if !cfg.Start.Truncate(time.Hour).Equal(cfg.Start) {
		return fmt.Errorf("start %s is not on the hour", cfg.Start.Format(time.RFC3339Nano))
	}
	if cfg.Hours < 1 || cfg.Hours > MaxSynthHours {
		return fmt.Errorf("hours = %d, must be in [1, %d]", cfg.Hours, MaxSynthHours)
	}
	if len(cfg.Nodes) == 0 {
		return fmt.Errorf("no nodes")
	}
	if cfg.Hours*len(cfg.Nodes) > maxSynthValues {
		return fmt.Errorf("%d hours x %d nodes is too many values (max %d)", cfg.Hours, len(cfg.Nodes), maxSynthValues)
	}
	seen := make(map[string]bool, len(cfg.Nodes))
	for i, p := range cfg.Nodes {
		if err := p.Validate(); err != nil {
			return fmt.Errorf("node %d: %w", i+1, err)
		}
		if seen[p.Name] {
			return fmt.Errorf("node %q appears twice", p.Name)
		}
		seen[p.Name] = true
	}
	return nil
}

// nameStream derives a PCG stream number from a node name.
func nameStream(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}

// roundCents rounds to 2 decimals and turns -0 into 0.
func roundCents(v float64) float64 {
	r := math.Round(v*100) / 100
	if r == 0 {
		return 0
	}
	return r
}
