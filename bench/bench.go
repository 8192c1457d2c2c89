// Package bench is gridflip's deterministic scaling suite: generated
// portfolios of 1 to 1000 sites over a week to a year, solved as MILP (with
// the monolithic model and the decomposed fast path) and as LP, each under a
// time limit, with sizes, times, memory and objectives recorded so runs can
// be compared by ratio and checked for agreement.
package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gridflip/gridflip/cases/synth"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/highs"
)

// Seed is the suite's generator seed.
const Seed = 1

// Case is one run of the suite.
type Case struct {
	Sites  int             `json:"sites"`
	Hours  int             `json:"hours"`
	Relax  bool            `json:"relax"`
	Method optimize.Method `json:"method"`
}

// Name identifies the run, e.g. "s10-h8760-milp-decomposed".
func (c Case) Name() string {
	kind := "milp"
	if c.Relax {
		kind = "lp"
	}
	return fmt.Sprintf("s%d-h%d-%s-%s", c.Sites, c.Hours, kind, c.Method)
}

// Suite lists the runs: sites × hours, each as MILP with both methods and
// as LP. quick keeps the sizes that finish in about a minute: 1, 10 and
// 100 sites over a week, 1 and 10 over a quarter.
func Suite(quick bool) []Case {
	sites, hours := []int{1, 10, 100, 1000}, []int{168, 2190, 8760}
	if quick {
		sites, hours = []int{1, 10, 100}, []int{168, 2190}
	}
	var out []Case
	for _, s := range sites {
		for _, h := range hours {
			if quick && s*h > 10*2190 {
				continue // the 100-site quarter takes minutes
			}
			out = append(out,
				Case{Sites: s, Hours: h, Method: optimize.MethodDecomposed},
				Case{Sites: s, Hours: h, Method: optimize.MethodMonolithic},
				Case{Sites: s, Hours: h, Relax: true, Method: optimize.MethodDecomposed},
				Case{Sites: s, Hours: h, Relax: true, Method: optimize.MethodMonolithic},
			)
		}
	}
	return out
}

// Kinds are the run kinds Filter accepts.
var Kinds = []string{"milp-decomposed", "milp-monolithic", "lp-decomposed", "lp-monolithic"}

// Filter keeps the cases whose sites, hours and kind are listed (nil keeps
// all). It refuses sizes and kinds the suite does not have, and a
// selection that leaves no run.
func Filter(all []Case, sites, hours []int, kinds []string) ([]Case, error) {
	in := func(v int, list []int) bool {
		if list == nil {
			return true
		}
		for _, x := range list {
			if x == v {
				return true
			}
		}
		return false
	}
	have := map[string]bool{}
	haveSites, haveHours := map[int]bool{}, map[int]bool{}
	for _, c := range all {
		haveSites[c.Sites], haveHours[c.Hours] = true, true
	}
	for _, k := range Kinds {
		have[k] = true
	}
	for _, k := range kinds {
		if !have[k] {
			return nil, fmt.Errorf("--kinds %q: want %s", k, strings.Join(Kinds, ", "))
		}
	}
	for _, n := range sites {
		if !haveSites[n] {
			return nil, fmt.Errorf("--sites %d: the suite has %s", n, sizes(haveSites))
		}
	}
	for _, n := range hours {
		if !haveHours[n] {
			return nil, fmt.Errorf("--hours %d: the suite has %s", n, sizes(haveHours))
		}
	}
	var out []Case
	for _, c := range all {
		kind := strings.TrimPrefix(c.Name(), fmt.Sprintf("s%d-h%d-", c.Sites, c.Hours))
		keep := kinds == nil
		for _, k := range kinds {
			keep = keep || k == kind
		}
		if keep && in(c.Sites, sites) && in(c.Hours, hours) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the selection (--sites, --hours, --kinds, --quick) leaves no run")
	}
	return out, nil
}

// sizes lists the keys of a set, sorted.
func sizes(set map[int]bool) string {
	var v []int
	for k := range set {
		v = append(v, k)
	}
	sort.Ints(v)
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

// Inputs generates the portfolio of a case: three halls per site, 20% of
// sites with a commitment, a market cap at 30% of the candidate IT MW.
func Inputs(c Case) (*optimize.Inputs, error) {
	return synth.Portfolio(synth.Spec{
		Sites: c.Sites, Hours: c.Hours, HallsPerSite: 3, Seed: Seed, CommitmentShare: 0.2, CapShare: 0.3,
	})
}

// Result is one run's measurements.
type Result struct {
	Case
	Name            string  `json:"name"`
	Status          string  `json:"status"` // solver status, "timeout" or "error"
	Error           string  `json:"error,omitempty"`
	Columns         int     `json:"columns"`
	Rows            int     `json:"rows"`
	Nonzeros        int     `json:"nonzeros"`
	IntegerColumns  int     `json:"integer_columns"`
	CouplingColumns int     `json:"coupling_columns"`
	BuildSeconds    float64 `json:"build_seconds"`
	SolveSeconds    float64 `json:"solve_seconds"`
	TotalSeconds    float64 `json:"total_seconds"`
	PeakRSSMB       float64 `json:"peak_rss_mb"`
	ObjectiveUSD    float64 `json:"objective_usd"`
	MIPGap          float64 `json:"mip_gap"`

	// With Options.Compare, monolithic runs are also exported to MPS and
	// solved by HiGHS alone (reading the file, same options) and by CBC.
	HiGHSAloneSeconds float64 `json:"highs_alone_seconds,omitempty"`
	HiGHSAloneStatus  string  `json:"highs_alone_status,omitempty"`
	// OverheadRatio is gridflip's model build + main solve ÷ HiGHS alone.
	OverheadRatio float64 `json:"overhead_ratio,omitempty"`
	CBCSeconds    float64 `json:"cbc_seconds,omitempty"`
	CBCStatus     string  `json:"cbc_status,omitempty"`
	CBCObjective  float64 `json:"cbc_objective_usd,omitempty"`
}

// Options tune a run.
type Options struct {
	TimeLimitSeconds float64
	// Compare also solves monolithic runs' MPS export with HiGHS alone and,
	// when CBCPath is set, with CBC.
	Compare bool
	CBCPath string
	TempDir string
}

// Run solves one case in this process and measures it (PeakRSSMB is left
// for the caller, who may run each case in its own process).
func Run(ctx context.Context, sv *highs.Solver, c Case, opts Options) Result {
	r := Result{Case: c, Name: c.Name()}
	began := time.Now()
	in, err := Inputs(c)
	if err != nil {
		r.Status, r.Error = "error", err.Error()
		return r
	}
	solverOpts := solver.Options{TimeLimitSeconds: opts.TimeLimitSeconds, MIPRelGap: 1e-9}
	plan, err := optimize.Solve(ctx, sv, in, optimize.Options{Relax: c.Relax, Method: c.Method, Solver: solverOpts})
	r.TotalSeconds = time.Since(began).Seconds()
	if err != nil {
		r.Status, r.Error = "error", err.Error()
		if errors.Is(err, optimize.ErrNoSolution) {
			r.Status = "timeout"
		}
		return r
	}
	r.Status = plan.Status.String()
	if plan.Status.Termination == solver.TerminationTimeLimit {
		r.Status = "timeout"
	}
	s := plan.Solver
	r.Columns, r.Rows, r.Nonzeros, r.IntegerColumns = s.Columns, s.Rows, s.Nonzeros, s.IntegerColumns
	r.CouplingColumns = s.CouplingColumns
	r.BuildSeconds = s.BuildSeconds
	r.SolveSeconds = s.SolveSeconds + s.InterconnectSolveSeconds
	r.ObjectiveUSD, r.MIPGap = plan.ObjectiveUSD, plan.MIPGap
	if opts.Compare && c.Method == optimize.MethodMonolithic {
		if err := compareSolvers(ctx, sv, in, c, solverOpts, plan, opts, &r); err != nil {
			r.Error = "comparison: " + err.Error()
		}
	}
	return r
}

// compareSolvers exports the run's model to MPS and times HiGHS alone and
// CBC on it.
func compareSolvers(ctx context.Context, sv *highs.Solver, in *optimize.Inputs, c Case, so solver.Options,
	plan *optimize.Plan, opts Options, r *Result) error {
	m, err := optimize.Build(in, optimize.BuildOptions{Relax: c.Relax})
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(opts.TempDir, "gridflip-bench-*.mps")
	if err != nil {
		return err
	}
	path := f.Name()
	defer os.Remove(path)
	if err := solver.WriteMPS(f, m.Problem); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	tuned := optimize.TunedOptions(so, m.Problem)
	if m.Problem.IsMIP() {
		tuned.Method = solver.MethodAuto
	}
	alone, err := sv.SolveFile(ctx, path, tuned)
	if err != nil {
		return err
	}
	r.HiGHSAloneSeconds, r.HiGHSAloneStatus = alone.TotalSeconds, alone.Outcome.String()
	if alone.TotalSeconds > 0 {
		r.OverheadRatio = (plan.Solver.BuildSeconds + plan.Solver.SolveSeconds) / alone.TotalSeconds
	}
	if opts.CBCPath == "" {
		return nil
	}
	return runCBC(ctx, opts, path, m.Problem.IsMIP(), r)
}

// cbcGraceSeconds is how long past the time limit CBC may run before it is
// stopped.
const cbcGraceSeconds = 60

// runCBC solves the MPS file with CBC. CBC ignores the OBJSENSE section, so
// the direction is passed on its command line.
func runCBC(ctx context.Context, opts Options, path string, mip bool, r *Result) error {
	args := []string{path, "-max"}
	if opts.TimeLimitSeconds > 0 {
		args = append(args, "-sec", strconv.FormatFloat(opts.TimeLimitSeconds, 'f', -1, 64))
	}
	if mip {
		args = append(args, "-ratio", "1e-9")
	}
	args = append(args, "-solve", "-quit")
	if opts.TimeLimitSeconds > 0 {
		// CBC checks -sec only in branch and bound; its root LP can run on.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration((opts.TimeLimitSeconds+cbcGraceSeconds)*float64(time.Second)))
		defer cancel()
	}
	began := time.Now()
	out, err := exec.CommandContext(ctx, opts.CBCPath, args...).CombinedOutput()
	r.CBCSeconds = time.Since(began).Seconds()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		r.CBCStatus = "timeout (stopped)"
		return nil
	}
	if err != nil {
		return fmt.Errorf("cbc: %v", err)
	}
	text := string(out)
	switch {
	case strings.Contains(text, "Result - Optimal solution found"), strings.Contains(text, "\nOptimal objective "):
		r.CBCStatus = "optimal"
	case strings.Contains(text, "Stopped on time"):
		r.CBCStatus = "timeout"
	case strings.Contains(text, "infeasible"):
		r.CBCStatus = "infeasible"
	default:
		r.CBCStatus = "unknown"
	}
	if m := cbcObjective.FindStringSubmatch(text); m != nil {
		r.CBCObjective, _ = strconv.ParseFloat(m[1], 64)
	} else if m := cbcLPObjective.FindStringSubmatch(text); m != nil {
		r.CBCObjective, _ = strconv.ParseFloat(m[1], 64)
	}
	return nil
}

// CBC prints a MIP's result as "Objective value: X" and an LP's as
// "Optimal objective X - N iterations".
var (
	cbcObjective   = regexp.MustCompile(`Objective value:\s+(\S+)`)
	cbcLPObjective = regexp.MustCompile(`\nOptimal objective (\S+)`)
)

// Report is a suite run.
type Report struct {
	// Machine is the system, CPU count and Go version, e.g. "linux/amd64,
	// 2 CPUs, go1.24.0".
	Machine string `json:"machine"`
	Solver  string `json:"solver"`
	// Date is when the run began (UTC, RFC 3339), and Command the command
	// line that reproduces it; both are shown in the generated docs.
	Date    string `json:"date,omitempty"`
	Command string `json:"command,omitempty"`
	// Load is the system's load average at the start and the end of the
	// run, e.g. "0.4 at the start, 1.9 at the end" ("" where unknown): the
	// machine may be shared, and times grow with its load.
	Load    string         `json:"load,omitempty"`
	Results []Result       `json:"results"`
	Targets []TargetResult `json:"targets,omitempty"`
}

// Check verifies the runs agree: on every size where both finished, the
// monolithic and decomposed MILPs have the same objective (1e-7 relative),
// and the LP relaxation is at least the MILP optimum. It never looks at
// times.
func Check(results []Result) error {
	type key struct{ sites, hours int }
	milp := map[key]map[optimize.Method]Result{}
	lp := map[key]Result{}
	lpByMethod := map[key]map[optimize.Method]Result{}
	for _, r := range results {
		k := key{r.Sites, r.Hours}
		if r.Status != "optimal" {
			continue
		}
		if r.Relax {
			lp[k] = r
			if lpByMethod[k] == nil {
				lpByMethod[k] = map[optimize.Method]Result{}
			}
			lpByMethod[k][r.Method] = r
			continue
		}
		if milp[k] == nil {
			milp[k] = map[optimize.Method]Result{}
		}
		milp[k][r.Method] = r
	}
	var problems []string
	for k, byMethod := range milp {
		mono, okM := byMethod[optimize.MethodMonolithic]
		dec, okD := byMethod[optimize.MethodDecomposed]
		if okM && okD {
			if rel := math.Abs(mono.ObjectiveUSD-dec.ObjectiveUSD) / math.Max(1, math.Abs(mono.ObjectiveUSD)); rel > 1e-7 {
				problems = append(problems, fmt.Sprintf("%d sites x %d h: monolithic %.2f USD, decomposed %.2f USD (relative %.2g)", k.sites, k.hours, mono.ObjectiveUSD, dec.ObjectiveUSD, rel))
			}
		}
		if l, ok := lp[k]; ok {
			for _, r := range byMethod {
				if l.ObjectiveUSD < r.ObjectiveUSD*(1-1e-9)-1e-6 {
					problems = append(problems, fmt.Sprintf("%d sites x %d h: LP relaxation %.2f USD below the MILP's %.2f USD", k.sites, k.hours, l.ObjectiveUSD, r.ObjectiveUSD))
				}
			}
		}
	}
	for k, byMethod := range lpByMethod {
		mono, okM := byMethod[optimize.MethodMonolithic]
		dec, okD := byMethod[optimize.MethodDecomposed]
		if okM && okD {
			if rel := math.Abs(mono.ObjectiveUSD-dec.ObjectiveUSD) / math.Max(1, math.Abs(mono.ObjectiveUSD)); rel > 1e-7 {
				problems = append(problems, fmt.Sprintf("%d sites x %d h LP: monolithic %.2f USD, decomposed %.2f USD (relative %.2g)", k.sites, k.hours, mono.ObjectiveUSD, dec.ObjectiveUSD, rel))
			}
		}
	}
	for _, r := range results {
		if r.CBCStatus == "optimal" && r.Status == "optimal" {
			if rel := math.Abs(r.CBCObjective-r.ObjectiveUSD) / math.Max(1, math.Abs(r.ObjectiveUSD)); rel > 1e-6 {
				problems = append(problems, fmt.Sprintf("%s: CBC %.2f USD, HiGHS %.2f USD", r.Name, r.CBCObjective, r.ObjectiveUSD))
			}
		}
		if r.Status == "error" {
			problems = append(problems, fmt.Sprintf("%s: %s", r.Name, r.Error))
		}
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		return fmt.Errorf("benchmark runs disagree:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// ReadJSON reads a report written by WriteJSON.
func ReadJSON(rd io.Reader) (*Report, error) {
	var r Report
	if err := json.NewDecoder(rd).Decode(&r); err != nil {
		return nil, fmt.Errorf("bench report: %w", err)
	}
	return &r, nil
}

// WriteMarkdown writes the results as a Markdown table, with the fast
// path's speedup over the monolithic MILP where both finished.
func WriteMarkdown(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "| sites | hours | model | method | columns | rows | nonzeros | integer | build s | solve s | total s | peak MB | objective USD | gap | status | speedup | HiGHS alone s | overhead | CBC s | CBC objective USD |\n")
	fmt.Fprintf(w, "|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n")
	mono := map[[2]int]Result{}
	for _, res := range r.Results {
		if !res.Relax && res.Method == optimize.MethodMonolithic {
			mono[[2]int{res.Sites, res.Hours}] = res
		}
	}
	for _, res := range r.Results {
		kind := "MILP"
		if res.Relax {
			kind = "LP"
		}
		speedup := ""
		if m, ok := mono[[2]int{res.Sites, res.Hours}]; ok && res.Method == optimize.MethodDecomposed && !res.Relax && res.TotalSeconds > 0 {
			ratio := m.TotalSeconds / res.TotalSeconds
			speedup = fmt.Sprintf("%.0fx", ratio)
			if m.Status == "timeout" {
				speedup = "> " + speedup
			}
		}
		alone, overhead, cbcS, cbcObj := "", "", "", ""
		if res.HiGHSAloneSeconds > 0 {
			alone, overhead = fmt.Sprintf("%.3f", res.HiGHSAloneSeconds), fmt.Sprintf("%.2f", res.OverheadRatio)
		}
		if res.CBCStatus != "" {
			cbcS, cbcObj = fmt.Sprintf("%.3f (%s)", res.CBCSeconds, res.CBCStatus), fmt.Sprintf("%.0f", res.CBCObjective)
		}
		fmt.Fprintf(w, "| %d | %d | %s | %s | %d | %d | %d | %d | %.3f | %.3f | %.3f | %.0f | %.0f | %.1e | %s | %s | %s | %s | %s | %s |\n",
			res.Sites, res.Hours, kind, res.Method, res.Columns, res.Rows, res.Nonzeros, res.IntegerColumns,
			res.BuildSeconds, res.SolveSeconds, res.TotalSeconds, res.PeakRSSMB, res.ObjectiveUSD, res.MIPGap, res.Status, speedup,
			alone, overhead, cbcS, cbcObj)
	}
	return nil
}

// Ratio compares one run with its baseline.
type Ratio struct {
	Name      string
	Baseline  float64 // total seconds
	Current   float64
	Ratio     float64 // current ÷ baseline
	Objective float64 // relative objective difference
}

// Compare matches runs by name and returns current ÷ baseline total time,
// for runs that finished optimally in both.
func Compare(baseline, current *Report) []Ratio {
	base := map[string]Result{}
	for _, r := range baseline.Results {
		base[r.Name] = r
	}
	var out []Ratio
	for _, r := range current.Results {
		b, ok := base[r.Name]
		if !ok || b.Status != "optimal" || r.Status != "optimal" || b.TotalSeconds <= 0 {
			continue
		}
		out = append(out, Ratio{
			Name: r.Name, Baseline: b.TotalSeconds, Current: r.TotalSeconds, Ratio: r.TotalSeconds / b.TotalSeconds,
			Objective: math.Abs(r.ObjectiveUSD-b.ObjectiveUSD) / math.Max(1, math.Abs(b.ObjectiveUSD)),
		})
	}
	return out
}
