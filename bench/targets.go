package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/gridflip/gridflip/cases/synth"
	"github.com/gridflip/gridflip/optimize"
)

// Target is one of the fast path's performance targets: a generated
// portfolio written to disk as a case and planned by a separate
// `gridflip plan CASE --format json` process, the way a user runs it
// (reading the files included). Each is measured on the suite's synthetic
// portfolio and on its grid-side variant, whose halls each have their own
// temperature-dependent PUE, so that no set of halls is valued in O(1).
type Target struct {
	Name  string     `json:"name"`
	Spec  synth.Spec `json:"spec"`
	Relax bool       `json:"relax"`
	// Method is passed to plan as --method ("": auto).
	Method optimize.Method `json:"method,omitempty"`
	// GoalSeconds and GoalMB are the target (0: a run for comparison,
	// without a goal).
	GoalSeconds float64 `json:"goal_seconds"`
	GoalMB      float64 `json:"goal_mb,omitempty"`
}

// Targets lists the targets: 1,000 and 10,000 sites over a year exactly,
// the LP relaxation of 100 sites, 100 sites with 16 candidate halls, and
// 100 sites with 5 halls over 10 years (with the generator's lead times
// as builds, and with a 12-month build on every hall); for the speedup, 10 sites with 5
// halls over 10 years by both methods; and stochastic plans (λ = 0.5, the
// market cap binding) of 100 sites over 20 scenarios and of 10 sites over
// 10 years and 10 scenarios.
func Targets() []Target {
	var out []Target
	for _, grid := range []bool{false, true} {
		suffix := ""
		if grid {
			suffix = "-grid"
		}
		spec := func(sites, halls int) synth.Spec {
			return synth.Spec{Sites: sites, Hours: 8760, HallsPerSite: halls, Seed: Seed, CommitmentShare: 0.2, CapShare: 0.3, GridSide: grid}
		}
		out = append(out,
			Target{Name: "s1000-h8760-exact" + suffix, Spec: spec(1000, 3), GoalSeconds: 5, GoalMB: 400},
			Target{Name: "s10000-h8760-exact" + suffix, Spec: spec(10000, 3), GoalSeconds: 60},
			Target{Name: "s100-h8760-relax" + suffix, Spec: spec(100, 3), Relax: true, GoalSeconds: 10},
			Target{Name: "s100-h8760-16halls-exact" + suffix, Spec: spec(100, 16), GoalSeconds: 60},
			Target{Name: "s100-5halls-10years-exact" + suffix, Spec: years(spec(100, 5)), GoalSeconds: 60, GoalMB: 2048},
			build12(grid, suffix, years(spec(100, 5))),
		)
		if !grid {
			out = append(out,
				Target{Name: "s10-5halls-10years-decomposed", Spec: years(spec(10, 5)), Method: optimize.MethodDecomposed},
				Target{Name: "s10-5halls-10years-monolithic", Spec: years(spec(10, 5)), Method: optimize.MethodMonolithic},
				Target{Name: "s100-20scenarios-exact", Spec: scenarios(spec(100, 3), 20), GoalSeconds: 60, GoalMB: 2048},
				Target{Name: "s10-5halls-10years-10scenarios-exact", Spec: scenarios(years(spec(10, 5)), 10), GoalSeconds: 60},
			)
		}
	}
	return out
}

// scenarios makes a target's portfolio a stochastic plan over n
// scenarios at risk weight 0.5.
func scenarios(s synth.Spec, n int) synth.Spec {
	s.Scenarios, s.RiskWeight = n, 0.5
	return s
}

// build12 is the 100-site, 10-year target with a 12-month build on every
// hall: at most 15 s and 1 GB (issue 17); its grid-side variant, whose
// states are valued hour by hour, has the 10-year targets' 60 s and 2 GB.
func build12(grid bool, suffix string, s synth.Spec) Target {
	t := Target{Name: "s100-5halls-10years-build12-exact" + suffix, Spec: build(s, 12), GoalSeconds: 15, GoalMB: 1024}
	if grid {
		t.GoalSeconds, t.GoalMB = 60, 2048
	}
	return t
}

// build gives every hall of a target's portfolio over years a
// construction period of that many months (issue 17: construction must
// not cost the fast path its edge).
func build(s synth.Spec, months int) synth.Spec {
	s.BuildMonths = months
	return s
}

// years plans a target's portfolio over 10 years (2026-2035).
func years(s synth.Spec) synth.Spec {
	s.Years = 10
	return s
}

// SelectTargets keeps the targets whose name contains one of the words
// (all of them when words is empty).
func SelectTargets(all []Target, words []string) ([]Target, error) {
	if len(words) == 0 {
		return all, nil
	}
	var out []Target
	for _, t := range all {
		for _, w := range words {
			if strings.Contains(t.Name, w) {
				out = append(out, t)
				break
			}
		}
	}
	if len(out) == 0 {
		names := make([]string, len(all))
		for i, t := range all {
			names[i] = t.Name
		}
		return nil, fmt.Errorf("--target %s: no target matches; the targets are: %s", strings.Join(words, ","), strings.Join(names, ", "))
	}
	return out, nil
}

// TargetResult is one target's measurement.
type TargetResult struct {
	Target
	Status          string  `json:"status"`
	Method          string  `json:"method"`
	Error           string  `json:"error,omitempty"`
	ReadSeconds     float64 `json:"read_seconds"`
	PlanSeconds     float64 `json:"plan_seconds"`
	BaselineSeconds float64 `json:"baseline_seconds"`
	TotalSeconds    float64 `json:"total_seconds"` // the whole process, wall time
	PeakRSSMB       float64 `json:"peak_rss_mb"`
	ObjectiveUSD    float64 `json:"objective_usd"`
	Columns         int     `json:"columns"`
	Rows            int     `json:"rows"`
	Nonzeros        int     `json:"nonzeros"`
	CouplingColumns int     `json:"coupling_columns"`
	CouplingRows    int     `json:"coupling_rows"`
	CutRounds       int     `json:"cut_rounds"`
	InputMB         float64 `json:"input_mb"`
	Met             bool    `json:"met"`
}

// WriteCase writes the target's case into dir (unless the same spec is
// already there) and returns the case directory and its size on disk.
func (t Target) WriteCase(dir string) (string, float64, error) {
	caseDir := filepath.Join(dir, t.Name)
	stamp := filepath.Join(caseDir, "spec.json")
	want, _ := json.Marshal(t.Spec)
	if have, err := os.ReadFile(stamp); err != nil || string(have) != string(want) {
		in, err := synth.Portfolio(t.Spec)
		if err != nil {
			return "", 0, err
		}
		if err := synth.WriteCase(caseDir, in); err != nil {
			return "", 0, err
		}
		if err := os.WriteFile(stamp, want, 0o644); err != nil {
			return "", 0, err
		}
	}
	var size int64
	entries, err := os.ReadDir(caseDir)
	if err != nil {
		return "", 0, err
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && e.Name() != "spec.json" {
			size += info.Size()
		}
	}
	return caseDir, float64(size) / (1 << 20), nil
}

// planSummary holds the members of a plan's summary JSON a target needs.
type planSummary struct {
	Status       string  `json:"status"`
	Method       string  `json:"method"`
	ObjectiveUSD float64 `json:"objective_usd"`
	Solver       struct {
		Columns         int `json:"columns"`
		Rows            int `json:"rows"`
		Nonzeros        int `json:"nonzeros"`
		CouplingColumns int `json:"coupling_columns"`
		CouplingRows    int `json:"coupling_rows"`
		CutRounds       int `json:"cut_rounds"`
	} `json:"solver"`
	Timing struct {
		Read     float64 `json:"read_seconds"`
		Plan     float64 `json:"plan_seconds"`
		Baseline float64 `json:"baseline_seconds"`
	} `json:"timing"`
}

// ReadSummary sets the result from a plan's summary JSON as `plan
// --format json` prints it. The members it needs are decoded; the others
// (the per-site results: tens of MB at 10,000 sites) are skipped token by
// token, never held, so that the bench process stays small: on Linux
// every process it starts afterwards counts its peak memory as their own.
func (r *TargetResult) ReadSummary(rd io.Reader) error {
	var s planSummary
	dec := json.NewDecoder(rd)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("plan summary: want a JSON object (%v)", err)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return fmt.Errorf("plan summary: %w", err)
		}
		var into any
		switch key {
		case "status":
			into = &s.Status
		case "method":
			into = &s.Method
		case "objective_usd":
			into = &s.ObjectiveUSD
		case "solver":
			into = &s.Solver
		case "timing":
			into = &s.Timing
		}
		if into == nil {
			err = skipValue(dec)
		} else {
			err = dec.Decode(into)
		}
		if err != nil {
			return fmt.Errorf("plan summary: %v: %w", key, err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("plan summary: %w", err)
	}
	r.Status, r.Method, r.ObjectiveUSD = s.Status, s.Method, s.ObjectiveUSD
	r.Columns, r.Rows, r.Nonzeros = s.Solver.Columns, s.Solver.Rows, s.Solver.Nonzeros
	r.CouplingColumns, r.CouplingRows, r.CutRounds = s.Solver.CouplingColumns, s.Solver.CouplingRows, s.Solver.CutRounds
	r.ReadSeconds, r.PlanSeconds, r.BaselineSeconds = s.Timing.Read, s.Timing.Plan, s.Timing.Baseline
	return nil
}

// Judge sets Met once the total time and peak memory are known: the plan
// is optimal within the goal's seconds and MB.
func (r *TargetResult) Judge() {
	r.Met = r.Status == "optimal" && (r.GoalSeconds == 0 || r.TotalSeconds <= r.GoalSeconds) && (r.GoalMB == 0 || r.PeakRSSMB <= r.GoalMB)
}

// skipValue reads past the next JSON value, one token at a time.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

// WriteTargetsMarkdown writes the targets as a Markdown table.
func WriteTargetsMarkdown(w io.Writer, results []TargetResult) error {
	fmt.Fprintf(w, "| target | sites × halls × years | grid-side | model | method | input MB | read s | plan s | baseline s | total s | peak MB | goal | met | full model rows | nonzeros | coupling | rounds | objective USD |\n")
	fmt.Fprintf(w, "|---|---:|---|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		kind := "MILP"
		if r.Relax {
			kind = "LP"
		}
		goal := fmt.Sprintf("≤ %g s", r.GoalSeconds)
		if r.GoalMB > 0 {
			goal += fmt.Sprintf(", ≤ %g MB", r.GoalMB)
		}
		met := "yes"
		if !r.Met {
			met = "no"
		}
		if r.GoalSeconds == 0 {
			goal, met = "(comparison)", "—"
		}
		if r.Error != "" {
			met = "error: " + r.Error
		}
		years := max(1, r.Spec.Years)
		fmt.Fprintf(w, "| %s | %d × %d × %d | %v | %s | %s | %.0f | %.2f | %.2f | %.2f | %.2f | %.0f | %s | %s | %d | %d | %d × %d | %d | %.0f |\n",
			r.Name, r.Spec.Sites, r.Spec.HallsPerSite, years, r.Spec.GridSide, kind, r.Method, r.InputMB, r.ReadSeconds, r.PlanSeconds, r.BaselineSeconds,
			r.TotalSeconds, r.PeakRSSMB, goal, met, r.Rows, r.Nonzeros, r.CouplingColumns, r.CouplingRows, r.CutRounds, r.ObjectiveUSD)
	}
	return nil
}

// CheckTargets compares each exact target's objective with the suite's
// in-process run of the same portfolio, where both exist (1e-7 relative).
func CheckTargets(targets []TargetResult, suite []Result) error {
	for _, t := range targets {
		if t.Status != "optimal" || t.Relax || t.Spec.GridSide || t.Spec.HallsPerSite != 3 || t.Spec.Years != 0 {
			continue
		}
		for _, r := range suite {
			if r.Sites == t.Spec.Sites && r.Hours == t.Spec.Hours && !r.Relax && r.Status == "optimal" {
				if rel := math.Abs(r.ObjectiveUSD-t.ObjectiveUSD) / math.Max(1, math.Abs(r.ObjectiveUSD)); rel > 1e-7 {
					return fmt.Errorf("%s: planned from disk %.2f USD, in process (%s) %.2f USD", t.Name, t.ObjectiveUSD, r.Name, r.ObjectiveUSD)
				}
			}
		}
	}
	return nil
}
