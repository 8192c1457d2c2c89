package sites

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/gridflip/gridflip/internal/input"
)

// Scenario is one [[scenario]] table of a scenarios file: a change of the
// market applied to a case. A nil field leaves the case as it is; a set
// one (even 0, for the market cap) replaces or scales its part.
type Scenario struct {
	ID   string `json:"id"` // "id": required, [A-Za-z0-9_.-]+, unique in the file
	Line int    `json:"-"`  // the line of its [[scenario]] header, for messages
	// HashpriceScale is "hashprice_scale": hashprice × this, in (0, 100].
	HashpriceScale *float64 `json:"hashprice_scale,omitempty"`
	// PriceScale and PriceAdderUSDPerMWh are "price_scale" (in (0, 100])
	// and "price_adder_usd_per_mwh" (USD/MWh, in [-1000, 10000]): every
	// hourly price becomes price × scale + adder.
	PriceScale          *float64 `json:"price_scale,omitempty"`
	PriceAdderUSDPerMWh *float64 `json:"price_adder_usd_per_mwh,omitempty"`
	// LeaseUSDPerKWMonth is "lease_usd_per_kw_month": the default lease
	// for halls without their own, in (0, 10000].
	LeaseUSDPerKWMonth *float64 `json:"lease_usd_per_kw_month,omitempty"`
	// AIDemandCapITMW is "ai_demand_cap_it_mw": the market cap, IT MW in
	// [0, 1e7] (0 means no new AI).
	AIDemandCapITMW *float64 `json:"ai_demand_cap_it_mw,omitempty"`
	// CapexScale is "capex_scale": every hall's capex × this, in (0, 100].
	CapexScale *float64 `json:"capex_scale,omitempty"`
}

// rawScenarioFile mirrors a scenarios file.
type rawScenarioFile struct {
	Scenario []rawScenario `toml:"scenario"`
}

// rawScenario mirrors one [[scenario]] table.
type rawScenario struct {
	ID                  *leaf `toml:"id"`
	HashpriceScale      *leaf `toml:"hashprice_scale"`
	PriceScale          *leaf `toml:"price_scale"`
	PriceAdderUSDPerMWh *leaf `toml:"price_adder_usd_per_mwh"`
	LeaseUSDPerKWMonth  *leaf `toml:"lease_usd_per_kw_month"`
	AIDemandCapITMW     *leaf `toml:"ai_demand_cap_it_mw"`
	CapexScale          *leaf `toml:"capex_scale"`
}

// DecodeScenarios parses and validates a scenarios file: [[scenario]]
// tables. Every problem is reported with file and line, as Issues.
func DecodeScenarios(data []byte, file string) ([]Scenario, error) {
	var out []Scenario
	raw := &rawScenarioFile{}
	err := decodeDocument(data, file, schemaOf(reflect.TypeOf(rawScenarioFile{}), kindTable), raw, func(c *checker, _ any) {
		out = c.scenarios(raw.Scenario)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// LoadScenarios reads a scenarios file with o and decodes it.
func LoadScenarios(o *input.Opener, name string) ([]Scenario, error) {
	data, display, err := o.ReadAll(name)
	if err != nil {
		return nil, fmt.Errorf("scenarios file: %w", err)
	}
	return DecodeScenarios(data, display)
}

// scenarios validates the [[scenario]] tables.
func (c *checker) scenarios(raws []rawScenario) []Scenario {
	if len(raws) == 0 {
		c.add(scope{}, "scenario", "no [[scenario]] tables: add at least one, with an id")
		return nil
	}
	out := make([]Scenario, len(raws))
	first := map[string]int{}
	for i := range raws {
		path := joinPath("scenario", strconv.Itoa(i))
		before := len(c.issues)
		sc := scope{path: path}
		s := &out[i]
		s.ID, _ = c.id(sc, "id", raws[i].ID, `"hashprice-low"`)
		s.Line = c.loc.line(path)
		r := &raws[i]
		scale := rng{lo: 0, hi: 100, hasLo: true, hasHi: true, loOpen: true, note: "a multiplier"}
		s.HashpriceScale = c.optPointer(sc, "hashprice_scale", r.HashpriceScale, scale)
		s.PriceScale = c.optPointer(sc, "price_scale", r.PriceScale, scale)
		s.PriceAdderUSDPerMWh = c.optPointer(sc, "price_adder_usd_per_mwh", r.PriceAdderUSDPerMWh, between(-1000, 10000, "USD/MWh added to every hourly price"))
		s.LeaseUSDPerKWMonth = c.optPointer(sc, "lease_usd_per_kw_month", r.LeaseUSDPerKWMonth, rng{lo: 0, hi: maxLeaseUSDPerKWMonth, hasLo: true, hasHi: true, loOpen: true, note: "USD per kW-month of IT"})
		s.AIDemandCapITMW = c.optPointer(sc, "ai_demand_cap_it_mw", r.AIDemandCapITMW, between(0, maxMarketCapITMW, "IT MW; 0 means no new AI"))
		s.CapexScale = c.optPointer(sc, "capex_scale", r.CapexScale, scale)
		if s.ID != "" {
			if line, dup := first[s.ID]; dup {
				c.add(sc, "id", "duplicate scenario id %q (first defined on line %d)", s.ID, line)
			} else {
				first[s.ID] = c.idLine(path)
			}
		}
		label := label(s.ID, i)
		for k := before; k < len(c.issues); k++ {
			c.issues[k].Msg = "scenario " + quoteLabel(label) + ": " + c.issues[k].Msg
		}
	}
	return out
}

// optPointer reads an optional number into a pointer (nil when absent or
// invalid; invalid values are reported).
func (c *checker) optPointer(sc scope, key string, l *leaf, r rng) *float64 {
	if v, ok := c.number(sc, key, l, false, r); ok {
		return &v
	}
	return nil
}
