package plan

import "reflect"

// MoneyStream declares one money stream of a plan (docs/model.md,
// "Objective"): its name in every output, its sign, its label and chart
// colour, and the term that fills it. Totals, the JSON summary, the CSV
// and Parquet tables, the text tables, the charts and the test oracles
// loop over MoneyStreams, so a stream is declared here once.
type MoneyStream struct {
	// Name is snake_case; the JSON key and the CSV/Parquet column are
	// Name + "_usd".
	Name string
	// Sign is +1 for a revenue and −1 for a cost; Streams stores costs as
	// positive numbers.
	Sign   float64
	Label  string // in text tables and chart legends
	Colour string // in charts, #rrggbb
	Term   string // the model term that fills it (term.name())
	value  func(*Streams) *float64
}

// Key is the stream's JSON key and CSV/Parquet column.
func (m MoneyStream) Key() string { return m.Name + "_usd" }

// Of is the stream's value in s, as stored (costs positive).
func (m MoneyStream) Of(s *Streams) float64 { return *m.value(s) }

// Signed is the stream's contribution to profit: Sign × Of.
func (m MoneyStream) Signed(s *Streams) float64 { return m.Sign * m.Of(s) }

// Add adds v (as stored: costs positive) to the stream in s.
func (m MoneyStream) Add(s *Streams, v float64) { *m.value(s) += v }

// Streams are revenues and costs over the horizon, one field per declared
// MoneyStream (streams.go). Costs are positive numbers; ProfitUSD =
// revenues − costs.
type Streams struct {
	MiningRevenueUSD    float64
	MiningEnergyCostUSD float64
	MiningOpexUSD       float64
	AILeaseRevenueUSD   float64
	AIEnergyCostUSD     float64 // 0 when the tenant pays for power
	CapexAnnuityUSD     float64
	FixedOMUSD          float64
	// ReserveRevenueUSD is what mining load earns offered as curtailable reserve.
	ReserveRevenueUSD float64
	// CoincidentPeakCostUSD is the transmission charge on load in the
	// coincident-peak intervals (mining that ran, new AI halls).
	CoincidentPeakCostUSD float64
	// MiningFeeUSD is the monthly fee on the mining fleet kept on site
	// (mining_fee term).
	MiningFeeUSD float64
	ProfitUSD    float64
}

// moneyStreams is the declaration of every stream, in output order.
var moneyStreams = []MoneyStream{
	{Name: "mining_revenue", Sign: +1, Label: "mining revenue", Colour: "#f2a900", Term: "mining",
		value: func(s *Streams) *float64 { return &s.MiningRevenueUSD }},
	{Name: "mining_energy_cost", Sign: -1, Label: "mining energy", Colour: "#b35806", Term: "mining",
		value: func(s *Streams) *float64 { return &s.MiningEnergyCostUSD }},
	{Name: "mining_opex", Sign: -1, Label: "mining opex", Colour: "#e08214", Term: "mining",
		value: func(s *Streams) *float64 { return &s.MiningOpexUSD }},
	{Name: "ai_lease_revenue", Sign: +1, Label: "AI lease", Colour: "#2166ac", Term: "halls",
		value: func(s *Streams) *float64 { return &s.AILeaseRevenueUSD }},
	{Name: "ai_energy_cost", Sign: -1, Label: "AI energy", Colour: "#762a83", Term: "halls",
		value: func(s *Streams) *float64 { return &s.AIEnergyCostUSD }},
	{Name: "capex_annuity", Sign: -1, Label: "capex annuity", Colour: "#542788", Term: "halls",
		value: func(s *Streams) *float64 { return &s.CapexAnnuityUSD }},
	{Name: "fixed_om", Sign: -1, Label: "fixed O&M", Colour: "#8073ac", Term: "halls",
		value: func(s *Streams) *float64 { return &s.FixedOMUSD }},
	{Name: "reserve_revenue", Sign: +1, Label: "reserves", Colour: "#1b7837", Term: "reserve",
		value: func(s *Streams) *float64 { return &s.ReserveRevenueUSD }},
	{Name: "coincident_peak_cost", Sign: -1, Label: "coincident peak", Colour: "#d6604d", Term: "coincident_peak",
		value: func(s *Streams) *float64 { return &s.CoincidentPeakCostUSD }},
	{Name: "mining_fee", Sign: -1, Label: "mining fee", Colour: "#a6611a", Term: "mining_fee",
		value: func(s *Streams) *float64 { return &s.MiningFeeUSD }},
}

// MoneyStreams lists the declared streams in output order.
func MoneyStreams() []MoneyStream { return append([]MoneyStream(nil), moneyStreams...) }

// WithTestStream declares, until restore is called, one more revenue
// stream after the others, named name and labelled label, whose value in
// every Streams is *v: a stand-in for a new declaration, with which tests
// check that each output loops over the declarations. For tests only: it
// changes what MoneyStreams returns package-wide, so the test using it
// must not run in parallel with others.
func WithTestStream(name, label string, v *float64) (restore func()) {
	saved := moneyStreams
	moneyStreams = append(MoneyStreams(), MoneyStream{Name: name, Sign: +1, Label: label, Colour: "#000000", Term: "test",
		value: func(*Streams) *float64 { return v }})
	return func() { moneyStreams = saved }
}

// streamFieldCount is the number of float fields of Streams besides
// ProfitUSD (checked against the declarations by a test).
func streamFieldCount() int {
	t := reflect.TypeOf(Streams{})
	n := 0
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.Type.Kind() == reflect.Float64 && f.Name != "ProfitUSD" {
			n++
		}
	}
	return n
}
