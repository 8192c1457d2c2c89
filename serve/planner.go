package serve

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/scenario"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
)

// Planner plans a case under what-ifs, as `plan` plans the case and a
// sweep its what-ifs: it keeps the loaded case (its aligned series) and
// the last no-conversion baseline, which a what-if that changes no
// series, no discount rate and no stress hours (the lease, its
// escalator, capex, the market cap, λ, α) reuses.
type Planner struct {
	base *optimize.Inputs
	sv   solver.Solver
	opts optimize.Options
	load loader.Options // reads the case's own scenarios' files

	mu          sync.Mutex
	baselineKey string
	baseline    *optimize.Plan

	// session keeps the sites prepared from what-if to what-if (one plan
	// at a time: sessionMu); last is the what-if it last planned, ok
	// whether that plan succeeded.
	sessionMu sync.Mutex
	session   *optimize.Session
	last      sites.Scenario
	ok        bool
}

// NewPlanner plans the case in with sv and opts; load reads its
// scenarios' files (a stochastic case).
func NewPlanner(in *optimize.Inputs, sv solver.Solver, opts optimize.Options, load loader.Options) *Planner {
	return &Planner{base: in, sv: sv, opts: opts, load: load, session: optimize.NewSession(opts)}
}

// Inputs are the case as loaded.
func (p *Planner) Inputs() *optimize.Inputs { return p.base }

// Plan plans the case with the what-if applied and measures the plan
// against its baseline: analysis.Run of scenario.Apply (a case with
// [[scenario]] tables: analysis.RunStochastic of scenario.SetWith), as
// `plan` and a one-scenario `sweep` do. A what-if that does not apply to
// the case is a *RequestError (400) naming its key.
func (p *Planner) Plan(ctx context.Context, w sites.Scenario) (*analysis.Analysis, error) {
	if err := scenario.CheckWhatIf(p.base.Case, w); err != nil {
		if is, ok := err.(sites.Issues); ok && len(is) > 0 {
			return nil, badRequest(is[0].Field, "%s", is[0].Msg)
		}
		return nil, badRequest("", "%v", err)
	}
	if len(p.base.Case.Scenarios) > 0 {
		st, err := scenario.SetWith(ctx, p.base, nil, p.load, &w)
		if err != nil {
			return nil, err
		}
		return analysis.RunStochastic(ctx, p.sv, st, scenario.Mean(st), p.opts)
	}
	in := scenario.Apply(p.base, w)
	began := time.Now()
	plan, err := p.solve(ctx, in, w)
	if err != nil {
		return nil, err
	}
	planned := time.Now()
	base, err := p.baselineFor(ctx, in, w)
	if err != nil {
		return nil, err
	}
	baselined := time.Now() // 0 s when the baseline is reused
	an, err := analysis.Measure(in, plan, base)
	if err != nil {
		return nil, err
	}
	an.PlanSeconds, an.BaselineSeconds = planned.Sub(began).Seconds(), baselined.Sub(planned).Seconds()
	return an, nil
}

// solve plans in, the case with the what-if w applied, in the planner's
// session: over the sites kept from the last plan when w differs from
// the last what-if only in the halls' money (moneyOnly).
func (p *Planner) solve(ctx context.Context, in *optimize.Inputs, w sites.Scenario) (*optimize.Plan, error) {
	p.sessionMu.Lock()
	defer p.sessionMu.Unlock()
	plan, err := p.session.Solve(ctx, p.sv, in, p.ok && moneyOnly(p.last, w))
	p.last, p.ok = w, err == nil
	return plan, err
}

// moneyOnly reports whether two what-ifs differ at most in the halls'
// money — the lease, its escalator, capex — and the market cap: keys
// that change no series, no discount rate and no stress hours, so that a
// plan of one re-values no dispatch of the other's sites. Any other key,
// a new one included, counts as a change.
func moneyOnly(a, b sites.Scenario) bool {
	strip := func(w sites.Scenario) sites.Scenario {
		w.LeaseUSDPerKWMonth, w.LeaseEscalatorPerYear, w.CapexScale, w.AIDemandCapITMW = nil, nil, nil, nil
		w.ID, w.Line, w.File = "", 0, ""
		return w
	}
	return reflect.DeepEqual(strip(a), strip(b))
}

// baselineFor returns the no-conversion baseline of in (the what-if w
// applied): the kept one when w changes nothing the baseline depends on.
func (p *Planner) baselineFor(ctx context.Context, in *optimize.Inputs, w sites.Scenario) (*optimize.Plan, error) {
	key := baselineKey(w)
	p.mu.Lock()
	if p.baseline != nil && p.baselineKey == key {
		b := p.baseline
		p.mu.Unlock()
		return b, nil
	}
	p.mu.Unlock()
	b, err := optimize.SolveBaseline(ctx, p.sv, in, p.opts)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.baselineKey, p.baseline = key, b
	p.mu.Unlock()
	return b, nil
}

// baselineKey is what of a what-if the baseline (the mining fleet kept,
// no hall) depends on: the series (hashprice and its growths, prices),
// the discount rate and the stress hours (curtailable_share). The lease,
// its escalator, capex, the market cap, λ and α bear only on halls.
func baselineKey(w sites.Scenario) string {
	v := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("hp=%s pr=%s add=%s btc=%s hr=%s r=%s cs=%s", v(w.HashpriceScale), v(w.PriceScale), v(w.PriceAdderUSDPerMWh),
		v(w.BTCPriceGrowthPerYear), v(w.NetworkHashrateGrowthPerYear), v(w.DiscountRate), v(w.CurtailableShare))
}
