// Package sweep runs many market scenarios of one portfolio, split into
// deterministic shards so a sweep can spread over machines (a Kubernetes
// Indexed Job, a Slurm array) without a scheduler of its own, and merges the
// per-scenario results.
package sweep

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/gridflip/gridflip/optimize"
)

// Scenario changes the market of a case. Scales multiply the case's series;
// zero values leave the case as it is.
type Scenario struct {
	ID                  string  `toml:"id" json:"id"`
	HashpriceScale      float64 `toml:"hashprice_scale" json:"hashprice_scale,omitempty"`
	PriceScale          float64 `toml:"price_scale" json:"price_scale,omitempty"`
	PriceAdderUSDPerMWh float64 `toml:"price_adder_usd_per_mwh" json:"price_adder_usd_per_mwh,omitempty"`
	LeaseUSDPerKWMonth  float64 `toml:"lease_usd_per_kw_month" json:"lease_usd_per_kw_month,omitempty"`
	AIDemandCapITMW     float64 `toml:"ai_demand_cap_it_mw" json:"ai_demand_cap_it_mw,omitempty"`
	CapexScale          float64 `toml:"capex_scale" json:"capex_scale,omitempty"`
}

// scenarioFile is the TOML layout of a scenarios file.
type scenarioFile struct {
	Scenario []Scenario `toml:"scenario"`
}

var validID = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// ReadScenarios decodes a scenarios file: [[scenario]] tables with an id and
// any of the keys of Scenario. Unknown keys, duplicate or invalid ids and
// negative scales are errors naming the file and line.
func ReadScenarios(data []byte, file string) ([]Scenario, error) {
	var f scenarioFile
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&f)
	if err != nil {
		var pe toml.ParseError
		if ok := asParseError(err, &pe); ok {
			return nil, fmt.Errorf("%s:%d: not valid TOML: %s", file, pe.Position.Line, pe.Message)
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("%s: unknown key %q (scenario keys: id, hashprice_scale, price_scale, price_adder_usd_per_mwh, lease_usd_per_kw_month, ai_demand_cap_it_mw, capex_scale)", file, und[0].String())
	}
	if len(f.Scenario) == 0 {
		return nil, fmt.Errorf("%s: no [[scenario]] tables", file)
	}
	seen := map[string]bool{}
	for i, s := range f.Scenario {
		if !validID.MatchString(s.ID) {
			return nil, fmt.Errorf("%s: scenario %d: id %q must use only letters, digits, '_', '.' and '-'", file, i+1, s.ID)
		}
		if seen[s.ID] {
			return nil, fmt.Errorf("%s: duplicate scenario id %q", file, s.ID)
		}
		seen[s.ID] = true
		for name, v := range map[string]float64{"hashprice_scale": s.HashpriceScale, "price_scale": s.PriceScale,
			"lease_usd_per_kw_month": s.LeaseUSDPerKWMonth, "ai_demand_cap_it_mw": s.AIDemandCapITMW, "capex_scale": s.CapexScale} {
			if v < 0 {
				return nil, fmt.Errorf("%s: scenario %q: %s = %v must not be negative", file, s.ID, name, v)
			}
		}
	}
	return f.Scenario, nil
}

func asParseError(err error, pe *toml.ParseError) bool {
	p, ok := err.(toml.ParseError)
	if ok {
		*pe = p
	}
	return ok
}

// Shard returns the scenarios of shard i of n: sorted by id, every n-th
// starting at i. The split depends only on the ids, so every machine
// computes the same one.
func Shard(all []Scenario, i, n int) ([]Scenario, error) {
	if n < 1 || i < 0 || i >= n {
		return nil, fmt.Errorf("shard %d/%d: want 0 <= i < n", i, n)
	}
	sorted := append([]Scenario(nil), all...)
	sort.Slice(sorted, func(a, b int) bool { return sorted[a].ID < sorted[b].ID })
	var out []Scenario
	for k := i; k < len(sorted); k += n {
		out = append(out, sorted[k])
	}
	return out, nil
}

// ParseShard reads "i/n".
func ParseShard(s string) (int, int, error) {
	var i, n int
	if _, err := fmt.Sscanf(s, "%d/%d", &i, &n); err != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("--shard %q: want i/n with 0 <= i < n, e.g. 0/4", s)
	}
	return i, n, nil
}

// Apply returns a copy of the inputs with the scenario's changes; the
// case's own structures are copied where changed, never modified.
func Apply(in *optimize.Inputs, s Scenario) *optimize.Inputs {
	out := *in
	c := *in.Case
	out.Case = &c
	if s.HashpriceScale > 0 {
		hp := make([]float64, len(in.HashpriceUSDPerPHDay))
		for t, v := range in.HashpriceUSDPerPHDay {
			hp[t] = v * s.HashpriceScale
		}
		out.HashpriceUSDPerPHDay = hp
	}
	if s.PriceScale > 0 || s.PriceAdderUSDPerMWh != 0 {
		scale := s.PriceScale
		if scale == 0 {
			scale = 1
		}
		out.SitePriceUSDPerMWh = make([][]float64, len(in.SitePriceUSDPerMWh))
		for i, series := range in.SitePriceUSDPerMWh {
			p := make([]float64, len(series))
			for t, v := range series {
				p[t] = v*scale + s.PriceAdderUSDPerMWh
			}
			out.SitePriceUSDPerMWh[i] = p
		}
	}
	if s.AIDemandCapITMW > 0 {
		capMW := s.AIDemandCapITMW
		c.Market.AIDemandCapITMW = &capMW
	}
	if s.LeaseUSDPerKWMonth > 0 || s.CapexScale > 0 {
		c.Sites = append(c.Sites[:0:0], in.Case.Sites...)
		for i := range c.Sites {
			c.Sites[i].Halls = append(c.Sites[i].Halls[:0:0], in.Case.Sites[i].Halls...)
			for h := range c.Sites[i].Halls {
				hall := &c.Sites[i].Halls[h]
				if s.LeaseUSDPerKWMonth > 0 && !hall.LeaseOverridden {
					hall.LeaseUSDPerKWMonth = s.LeaseUSDPerKWMonth
				}
				if s.CapexScale > 0 {
					hall.CapexUSDPerMW *= s.CapexScale
				}
			}
		}
		if s.LeaseUSDPerKWMonth > 0 {
			c.Market.AILeaseUSDPerKWMonth = s.LeaseUSDPerKWMonth
		}
	}
	return &out
}

// Result is what one scenario's plan comes to.
type Result struct {
	Scenario     Scenario            `json:"scenario"`
	Status       string              `json:"status"`
	Method       string              `json:"method"`
	ObjectiveUSD float64             `json:"objective_usd"`
	HallsBuilt   int                 `json:"halls_built"`
	NewAIITMW    float64             `json:"new_ai_it_mw"`
	NewAIMeterMW float64             `json:"new_ai_meter_mw"`
	NewCapexUSD  float64             `json:"new_capex_usd"`
	MiningMWh    float64             `json:"mining_mwh"`
	SiteHalls    map[string][]string `json:"site_halls"`
	Error        string              `json:"error,omitempty"`
}

// NewResult summarizes a plan for the sweep.
func NewResult(s Scenario, p *optimize.Plan) Result {
	r := Result{Scenario: s, Status: p.Status.String(), Method: string(p.Method), ObjectiveUSD: p.ObjectiveUSD,
		HallsBuilt: p.Portfolio.HallsBuilt, NewAIITMW: p.Portfolio.NewAIITMW, NewCapexUSD: p.Portfolio.NewCapexUSD,
		MiningMWh: p.Portfolio.MiningMWh, SiteHalls: map[string][]string{}}
	for _, site := range p.Sites {
		r.SiteHalls[site.ID] = append([]string{}, site.HallsBuilt...)
		for _, h := range site.Halls {
			r.NewAIMeterMW += h.Build * h.MeterMW
		}
	}
	return r
}

// FileName is the result file of a scenario.
func FileName(id string) string { return "scenario-" + id + ".json" }

// Merge reads every scenario-*.json in dir and returns them sorted by
// scenario id. When want is not nil, every wanted scenario must be present.
func Merge(dir string, want []Scenario) ([]Result, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "scenario-*.json"))
	if err != nil {
		return nil, err
	}
	var out []Result
	have := map[string]bool{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var r Result
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if have[r.Scenario.ID] {
			return nil, fmt.Errorf("%s: scenario %q appears twice", p, r.Scenario.ID)
		}
		have[r.Scenario.ID] = true
		out = append(out, r)
	}
	var missing []string
	for _, s := range want {
		if !have[s.ID] {
			missing = append(missing, s.ID)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s: no result for scenario(s) %s", dir, strings.Join(missing, ", "))
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Scenario.ID < out[b].Scenario.ID })
	return out, nil
}

// WriteResult writes one scenario's result file.
func WriteResult(w io.Writer, r Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteMerged writes merged results as JSON.
func WriteMerged(w io.Writer, results []Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(results)
}
