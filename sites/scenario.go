package sites

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/gridflip/gridflip/internal/input"
)

// Scenario is one [[scenario]] table of a scenarios file: a change of the
// market applied to a case. A nil field leaves the case as it is; a set
// one (even 0, for the market cap) replaces or scales its part.
type Scenario struct {
	ID   string `json:"id"` // "id": required, [A-Za-z0-9_.-]+, unique in the file
	Line int    `json:"-"`  // the line of its [[scenario]] header, for messages
	File string `json:"-"`  // the file it was read from, for messages
	// Probability is "probability" in [0, 1]: its weight in a stochastic
	// plan (nil: every scenario of the set weighs the same).
	Probability *float64 `json:"probability,omitempty"`
	// Prices, Hashprice and BTCPrice are "prices", "hashprice" and
	// "btc_price": files of the scenario's own (paths relative to the file
	// that defines the scenario) that replace the case's series before the
	// scales apply.
	Prices    string `json:"prices,omitempty"`
	Hashprice string `json:"hashprice,omitempty"`
	BTCPrice  string `json:"btc_price,omitempty"`
	// RiskWeight is "risk_weight": in a sweep, the what-if's λ in [0, 1]
	// (the case's [risk] otherwise).
	RiskWeight *float64 `json:"risk_weight,omitempty"`
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
	// LeaseEscalatorPerYear is "lease_escalator_per_year": with a
	// horizon, the escalator of the halls at the market lease, in
	// [-0.5, 1].
	LeaseEscalatorPerYear *float64 `json:"lease_escalator_per_year,omitempty"`
	// BTCPriceGrowthPerYear and NetworkHashrateGrowthPerYear are
	// "btc_price_growth_per_year" and "network_hashrate_growth_per_year"
	// (each in [-0.9, 10]): with a horizon and the fundamentals, the
	// case's growth of the BTC price and of the network hashrate.
	BTCPriceGrowthPerYear        *float64 `json:"btc_price_growth_per_year,omitempty"`
	NetworkHashrateGrowthPerYear *float64 `json:"network_hashrate_growth_per_year,omitempty"`
	// DiscountRate is "discount_rate": the WACC, in [0, 1).
	DiscountRate *float64 `json:"discount_rate,omitempty"`
	// CVaRAlpha is "cvar_alpha": in a sweep, the what-if's α in (0, 1]
	// (the case's [risk] otherwise).
	CVaRAlpha *float64 `json:"cvar_alpha,omitempty"`
	// CurtailableShare is "curtailable_share": every candidate hall (not
	// a signed deal) curtailable at this share of its energy, in (0, 0.2]
	// (as plan --flexible).
	CurtailableShare *float64 `json:"curtailable_share,omitempty"`

	// lines are the file lines of the keys given, for later checks.
	lines map[string]int
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
	Probability         *leaf `toml:"probability"`
	Prices              *leaf `toml:"prices"`
	Hashprice           *leaf `toml:"hashprice"`
	BTCPrice            *leaf `toml:"btc_price"`
	RiskWeight          *leaf `toml:"risk_weight"`
	LeaseEscalator      *leaf `toml:"lease_escalator_per_year"`
	BTCPriceGrowth      *leaf `toml:"btc_price_growth_per_year"`
	HashrateGrowth      *leaf `toml:"network_hashrate_growth_per_year"`
	DiscountRate        *leaf `toml:"discount_rate"`
	CVaRAlpha           *leaf `toml:"cvar_alpha"`
	CurtailableShare    *leaf `toml:"curtailable_share"`
}

// DecodeScenarios parses and validates a scenarios file: at most
// MaxWhatIfs [[scenario]] tables. Every problem is reported with file and line, as Issues.
func DecodeScenarios(data []byte, file string) ([]Scenario, error) {
	var out []Scenario
	raw := &rawScenarioFile{}
	err := decodeDocument(data, file, MaxWhatIfs, scenariosSchema(), raw, func(c *checker, _ any) {
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
		s.HashpriceScale = c.numPtr(sc, "hashprice_scale", r.HashpriceScale)
		s.PriceScale = c.numPtr(sc, "price_scale", r.PriceScale)
		s.PriceAdderUSDPerMWh = c.numPtr(sc, "price_adder_usd_per_mwh", r.PriceAdderUSDPerMWh)
		s.LeaseUSDPerKWMonth = c.numPtr(sc, "lease_usd_per_kw_month", r.LeaseUSDPerKWMonth)
		s.AIDemandCapITMW = c.numPtr(sc, "ai_demand_cap_it_mw", r.AIDemandCapITMW)
		s.CapexScale = c.numPtr(sc, "capex_scale", r.CapexScale)
		s.Probability = c.numPtr(sc, "probability", r.Probability)
		s.RiskWeight = c.numPtr(sc, "risk_weight", r.RiskWeight)
		s.LeaseEscalatorPerYear = c.numPtr(sc, "lease_escalator_per_year", r.LeaseEscalator)
		s.BTCPriceGrowthPerYear = c.numPtr(sc, "btc_price_growth_per_year", r.BTCPriceGrowth)
		s.NetworkHashrateGrowthPerYear = c.numPtr(sc, "network_hashrate_growth_per_year", r.HashrateGrowth)
		s.DiscountRate = c.numPtr(sc, "discount_rate", r.DiscountRate)
		s.CVaRAlpha = c.numPtr(sc, "cvar_alpha", r.CVaRAlpha)
		s.CurtailableShare = c.numPtr(sc, "curtailable_share", r.CurtailableShare)
		s.Prices = c.scenarioFile(sc, "prices", r.Prices)
		s.Hashprice = c.scenarioFile(sc, "hashprice", r.Hashprice)
		s.BTCPrice = c.scenarioFile(sc, "btc_price", r.BTCPrice)
		s.File = c.file
		s.lines = map[string]int{}
		for key, l := range map[string]*leaf{"probability": r.Probability, "capex_scale": r.CapexScale,
			"ai_demand_cap_it_mw": r.AIDemandCapITMW, "risk_weight": r.RiskWeight,
			"prices": r.Prices, "hashprice": r.Hashprice, "btc_price": r.BTCPrice,
			"discount_rate": r.DiscountRate, "cvar_alpha": r.CVaRAlpha, "curtailable_share": r.CurtailableShare,
			"lease_escalator_per_year": r.LeaseEscalator, "btc_price_growth_per_year": r.BTCPriceGrowth,
			"network_hashrate_growth_per_year": r.HashrateGrowth} {
			if l != nil {
				s.lines[key] = c.loc.line(joinPath(path, key))
			}
		}
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

// scenarioFile reads a scenario's file key: a non-empty path.
func (c *checker) scenarioFile(sc scope, key string, l *leaf) string {
	v, ok := c.str(sc, key, l, false, `"prices-2023.csv"`)
	if ok && l != nil && v == "" {
		c.add(sc, key, "%s = \"\": must name a CSV file", key)
	}
	return v
}

// risk validates [risk].
func (c *checker) risk(raw *rawRisk) Risk {
	if raw == nil {
		raw = &rawRisk{}
	}
	sc := scope{path: "risk", field: "risk"}
	r := Risk{CommitYears: 2}
	r.Weight = c.optNum(sc, "risk_weight", raw.RiskWeight)
	r.Alpha = c.optNum(sc, "cvar_alpha", raw.CVaRAlpha)
	if raw.CommitYears != nil {
		r.CommitYears, _ = c.whole(sc, "commit_years", raw.CommitYears)
	}
	return r
}

// uncertaintySet checks scenarios used as the uncertainty set of a
// stochastic plan (the case's own): see CheckUncertaintySet.
func (c *checker) uncertaintySet(list []Scenario) {
	var is Issues
	if err := CheckUncertaintySet(list); err != nil {
		errors.As(err, &is)
	}
	c.issues = append(c.issues, is...)
}

// CheckUncertaintySet checks scenarios as the uncertainty set of a
// stochastic plan: first-stage quantities (capex_scale,
// ai_demand_cap_it_mw) cannot vary by scenario, λ is the case's, and the
// probabilities are all given and sum to 1 (±1e-9), or none is (every
// scenario then weighs the same); there are at most MaxScenarios. Problems
// are Issues at file and line.
func CheckUncertaintySet(list []Scenario) error {
	if len(list) > MaxScenarios {
		s := &list[MaxScenarios]
		return Issues{{File: s.File, Line: s.Line, Field: "scenario",
			Msg: fmt.Sprintf("more than %d scenarios in one stochastic plan: each copies the case's hourly series (README \"Limits\")", MaxScenarios)}}
	}
	var out Issues
	issue := func(s *Scenario, key, format string, args ...any) {
		line := s.Line
		if l, ok := s.lines[key]; ok {
			line = l
		}
		out = append(out, Issue{File: s.File, Line: line, Field: key,
			Msg: fmt.Sprintf("scenario %q: ", s.ID) + fmt.Sprintf(format, args...)})
	}
	given, sum := 0, 0.0
	for i := range list {
		s := &list[i]
		if s.CapexScale != nil {
			issue(s, "capex_scale", "capex_scale: the halls are built before the scenario is known, so their capex cannot vary by scenario (use it in a sweep's what-if)")
		}
		if s.AIDemandCapITMW != nil {
			issue(s, "ai_demand_cap_it_mw", "ai_demand_cap_it_mw: the market cap bounds the halls built, which are decided before the scenario is known (use it in a sweep's what-if)")
		}
		if s.RiskWeight != nil {
			issue(s, "risk_weight", "risk_weight: λ is the plan's, set in [risk] (a sweep's what-if may vary it)")
		}
		if s.CVaRAlpha != nil {
			issue(s, "cvar_alpha", "cvar_alpha: α is the plan's, set in [risk] (a sweep's what-if may vary it)")
		}
		if s.DiscountRate != nil {
			issue(s, "discount_rate", "discount_rate: the WACC is the plan's, set in [finance] (a sweep's what-if may vary it)")
		}
		if s.CurtailableShare != nil {
			issue(s, "curtailable_share", "curtailable_share: the halls' terms are decided before the scenario is known (use it in a sweep's what-if)")
		}
		if s.Probability != nil {
			given++
			sum += *s.Probability
		}
	}
	switch {
	case given > 0 && given < len(list):
		for i := range list {
			if list[i].Probability == nil {
				issue(&list[i], "probability", "no probability: give every scenario one, or none (equal weights)")
			}
		}
	case given > 0 && math.Abs(sum-1) > 1e-9:
		issue(&list[0], "probability", "the probabilities sum to %.12g, not 1 (within 1e-9)", sum)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Weights returns the scenarios' probabilities: as given, or equal when
// none is (call CheckUncertaintySet first).
func Weights(list []Scenario) []float64 {
	out := make([]float64, len(list))
	for i, s := range list {
		if s.Probability != nil {
			out[i] = *s.Probability
		} else {
			out[i] = 1 / float64(len(list))
		}
	}
	return out
}

// Changes lists the what-if keys the scenario sets, as "key=value" in
// the schema's order ("prices=FILE" for its own files). The probability
// is not a change: it weighs a scenario, it does not alter it.
func (s Scenario) Changes() []string {
	var out []string
	num := func(key string, v *float64) {
		if v != nil {
			out = append(out, key+"="+strconv.FormatFloat(*v, 'g', -1, 64))
		}
	}
	file := func(key, v string) {
		if v != "" {
			out = append(out, key+"="+v)
		}
	}
	num("hashprice_scale", s.HashpriceScale)
	num("price_scale", s.PriceScale)
	num("price_adder_usd_per_mwh", s.PriceAdderUSDPerMWh)
	num("lease_usd_per_kw_month", s.LeaseUSDPerKWMonth)
	num("ai_demand_cap_it_mw", s.AIDemandCapITMW)
	num("capex_scale", s.CapexScale)
	num("risk_weight", s.RiskWeight)
	num("lease_escalator_per_year", s.LeaseEscalatorPerYear)
	num("btc_price_growth_per_year", s.BTCPriceGrowthPerYear)
	num("network_hashrate_growth_per_year", s.NetworkHashrateGrowthPerYear)
	num("discount_rate", s.DiscountRate)
	num("cvar_alpha", s.CVaRAlpha)
	num("curtailable_share", s.CurtailableShare)
	file("prices", s.Prices)
	file("hashprice", s.Hashprice)
	file("btc_price", s.BTCPrice)
	return out
}

// KeyLine is the file line of the scenario's key (probability,
// capex_scale, ai_demand_cap_it_mw, risk_weight, prices, hashprice,
// btc_price or one of the keys added with the what-ifs of serve), or of its [[scenario]] header when the key is not given.
func (s Scenario) KeyLine(key string) int {
	if l, ok := s.lines[key]; ok {
		return l
	}
	return s.Line
}

// FilesLine is the line of the first of the scenario's own files (prices,
// hashprice, btc_price), for messages about them.
func (s Scenario) FilesLine() int {
	for _, k := range []string{"prices", "hashprice", "btc_price"} {
		if l, ok := s.lines[k]; ok {
			return l
		}
	}
	return s.Line
}
