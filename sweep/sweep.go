// Package sweep runs many market scenarios of one portfolio, split into
// deterministic shards so a sweep can spread over machines (a Kubernetes
// Indexed Job, a Slurm array) without a scheduler of its own, and merges the
// per-scenario results.
package sweep

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/scenario"
	"github.com/gridflip/gridflip/sites"
)

// Scenario changes the market of a case (sites.Scenario: read with
// sites.LoadScenarios, every key validated with its line).
type Scenario = sites.Scenario

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
	var rest string
	if k, err := fmt.Sscanf(s, "%d/%d%s", &i, &n, &rest); (err != nil && k != 2) || rest != "" || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("--shard %q: want i/n with 0 <= i < n, e.g. 0/4", s)
	}
	return i, n, nil
}

// Apply returns a copy of the inputs with the scenario's changes (see
// scenario.Apply).
func Apply(in *optimize.Inputs, s Scenario) *optimize.Inputs { return scenario.Apply(in, s) }

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
	// ServiceYears gives, with a horizon, each site's halls built and the
	// year each enters service (absent without a horizon).
	ServiceYears map[string]map[string]int `json:"service_years,omitempty"`
	// For a stochastic case: the risk weight, the expectation and CVaR of
	// the scenarios' values (the objective is then (1−λ)·E + λ·CVaR), and
	// the halls built now for every scenario; the other fields describe
	// the reference (most probable) scenario's plan.
	RiskWeight  *float64 `json:"risk_weight,omitempty"`
	ExpectedUSD *float64 `json:"expected_usd,omitempty"`
	CVaRUSD     *float64 `json:"cvar_usd,omitempty"`
	DecidedNow  []string `json:"decided_now,omitempty"`
	Error       string   `json:"error,omitempty"`
}

// NewResult summarizes a plan for the sweep.
func NewResult(s Scenario, p *optimize.Plan) Result {
	r := Result{Scenario: s, Status: p.Status.String(), Method: string(p.Method), ObjectiveUSD: p.ObjectiveUSD,
		HallsBuilt: p.Portfolio.HallsBuilt, NewAIITMW: p.Portfolio.NewAIITMW, NewCapexUSD: p.Portfolio.NewCapexUSD,
		MiningMWh: p.Portfolio.MiningMWh, NewAIMeterMW: p.Portfolio.NewAIMeterMW, SiteHalls: map[string][]string{}}
	for _, site := range p.Sites {
		r.SiteHalls[site.ID] = append([]string{}, site.HallsBuilt...)
		for _, h := range site.Halls {
			if h.ServiceYear == 0 {
				continue
			}
			if r.ServiceYears == nil {
				r.ServiceYears = map[string]map[string]int{}
			}
			if r.ServiceYears[site.ID] == nil {
				r.ServiceYears[site.ID] = map[string]int{}
			}
			r.ServiceYears[site.ID][h.ID] = h.ServiceYear
		}
	}
	return r
}

// NewStochasticResult summarizes a stochastic plan for the sweep: the
// reference scenario's plan, with the stochastic objective and risk.
func NewStochasticResult(s Scenario, sp *optimize.StochasticPlan, reference int) Result {
	r := NewResult(s, sp.Scenarios[reference].Plan)
	lambda, e, cvar := sp.RiskWeight, sp.ExpectedUSD, sp.CVaRUSD
	r.ObjectiveUSD, r.RiskWeight, r.ExpectedUSD, r.CVaRUSD = sp.ObjectiveUSD, &lambda, &e, &cvar
	r.DecidedNow = []string{}
	for i, site := range sp.Scenarios[reference].Plan.Sites {
		for h, hall := range site.Halls {
			if sp.FirstStage.Start[i][h] >= 0 {
				r.DecidedNow = append(r.DecidedNow, site.ID+"/"+hall.ID)
			}
		}
	}
	return r
}

// FileName is the result file of a scenario.
func FileName(id string) string { return "scenario-" + id + ".json" }

// Bounds on a result file, which merge reads as input: a sweep's files may
// come from other machines, and a damaged or tampered one must not make a
// merged report (README "Limits").
const (
	// MaxResultBytes bounds one result file (a 10,000-site plan's is
	// about 1 MB).
	MaxResultBytes = 64 << 20
	// maxResultLine bounds one line of a result file.
	maxResultLine = 1 << 20
	maxResultUSD  = 1e15 // |USD| of an objective, expectation or capex
	maxResultMW   = 1e9  // MW of a portfolio (a site has at most 1e6)
	maxResultMWh  = 1e15 // MWh of a portfolio over its hours
	maxResultHall = 1e8  // halls built
)

// Merge reads every scenario-*.json in dir and returns them sorted by
// scenario id. When want is not nil, every wanted scenario must be
// present. Every file is checked as input: a regular file within
// MaxResultBytes, no unknown key, its scenario id the one its name gives,
// and physical figures (see checkResult); an error names the file.
func Merge(ctx context.Context, dir string, want []Scenario) ([]Result, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "scenario-*.json"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	o := input.Dir(ctx, dir, input.Limits{MaxFileBytes: MaxResultBytes, MaxLineBytes: maxResultLine}, nil)
	var out []Result
	have := map[string]bool{}
	for _, p := range paths {
		r, err := readResult(o, p)
		if err != nil {
			return nil, err
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

// readResult reads and checks the result file at path.
func readResult(o *input.Opener, path string) (Result, error) {
	var r Result
	f, err := o.Open(filepath.Base(path)) // o resolves it in dir, as path
	if err != nil {
		return r, err // names the file
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, fmt.Errorf("%s: not a result file: %w", path, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return r, fmt.Errorf("%s: not a result file: data after the result", path)
	}
	id := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "scenario-"), ".json")
	if r.Scenario.ID != id {
		return r, fmt.Errorf("%s: holds scenario %q, not %q as its name says", path, r.Scenario.ID, id)
	}
	if err := checkResult(&r); err != nil {
		return r, fmt.Errorf("%s: scenario %q: %w", path, id, err)
	}
	return r, nil
}

// checkResult checks a result's figures: a status, finite figures within
// physical bounds (no negative MW or capex), shares in [0, 1] and service
// years of this era.
func checkResult(r *Result) error {
	if r.Status == "" {
		return errors.New("no status")
	}
	for _, c := range []struct {
		key    string
		v      *float64
		lo, hi float64
	}{
		{"objective_usd", &r.ObjectiveUSD, -maxResultUSD, maxResultUSD},
		{"new_ai_it_mw", &r.NewAIITMW, 0, maxResultMW},
		{"new_ai_meter_mw", &r.NewAIMeterMW, 0, maxResultMW},
		{"new_capex_usd", &r.NewCapexUSD, 0, maxResultUSD},
		{"mining_mwh", &r.MiningMWh, 0, maxResultMWh},
		{"expected_usd", r.ExpectedUSD, -maxResultUSD, maxResultUSD},
		{"cvar_usd", r.CVaRUSD, -maxResultUSD, maxResultUSD},
		{"risk_weight", r.RiskWeight, 0, 1},
		{"scenario.probability", r.Scenario.Probability, 0, 1},
		{"scenario.risk_weight", r.Scenario.RiskWeight, 0, 1},
	} {
		if c.v != nil && !(*c.v >= c.lo && *c.v <= c.hi) { // NaN fails too
			return fmt.Errorf("%s = %g: must be between %g and %g", c.key, *c.v, c.lo, c.hi)
		}
	}
	if r.HallsBuilt < 0 || r.HallsBuilt > maxResultHall {
		return fmt.Errorf("halls_built = %d: must be between 0 and %g", r.HallsBuilt, float64(maxResultHall))
	}
	for site, halls := range r.ServiceYears {
		for hall, year := range halls {
			if year < 2000 || year > 2200 {
				return fmt.Errorf("service_years: %s/%s: service year %d is not a calendar year of a plan (2000-2200)", site, hall, year)
			}
		}
	}
	return nil
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
