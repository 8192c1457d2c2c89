package optimize

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"time"

	"github.com/gridflip/gridflip/solver"
)

// Method selects how Solve works.
type Method string

// The solution methods.
const (
	// MethodAuto uses the decomposed fast path when the case allows it
	// (a MILP with at most MaxDecomposedHallsPerSite halls per site) and the
	// monolithic model otherwise.
	MethodAuto Method = "auto"
	// MethodMonolithic solves the whole hourly model (DESIGN.md §4) at once.
	MethodMonolithic Method = "monolithic"
	// MethodDecomposed values every hall combination of every site exactly,
	// hour by hour in closed form, and solves only the small coupling
	// problem (one combination per site, market cap) with HiGHS.
	MethodDecomposed Method = "decomposed"
)

// MaxDecomposedHallsPerSite bounds the combinations the fast path
// enumerates per site (2^12 = 4,096).
const MaxDecomposedHallsPerSite = 12

// chooseMethod resolves MethodAuto and checks an explicit choice.
func chooseMethod(in *Inputs, opts Options) (Method, error) {
	method := opts.Method
	if method == "" {
		method = MethodAuto
	}
	fits := !opts.Relax
	for _, s := range in.Case.Sites {
		if len(s.Halls) > MaxDecomposedHallsPerSite {
			fits = false
		}
	}
	switch method {
	case MethodAuto:
		if fits {
			return MethodDecomposed, nil
		}
		return MethodMonolithic, nil
	case MethodMonolithic:
		return method, nil
	case MethodDecomposed:
		if !fits {
			return "", fmt.Errorf("method decomposed needs a MILP (no --relax) with at most %d halls per site", MaxDecomposedHallsPerSite)
		}
		return method, nil
	default:
		return "", fmt.Errorf("unknown method %q: want auto, monolithic or decomposed", method)
	}
}

// hourChoice is the closed-form dispatch of one site-hour.
type hourChoice struct {
	mining, reserve, value float64
}

// dispatchHour returns the best mining IT MW (and reserve) in hour t of site
// s when K IT MW of miners are available: the value of m is
// g·m + ρ·min(pue·m, reserve cap), concave and piecewise linear, so the best
// m is 0, K, or the breakpoint where the reserve cap binds.
func (in *Inputs) dispatchHour(s, t int, k float64) hourChoice {
	rev, energy, opex, cp := in.miningTerms(s, t)
	g := rev - energy - opex - cp
	pue := in.miningPUE(s, t)
	rho := 0.0
	reserveCap := math.Inf(1)
	site := &in.Case.Sites[s]
	if reserveOffered(site) {
		rho = in.reservePrice(s, t)
		if site.ReserveMaxMW != nil {
			reserveCap = *site.ReserveMaxMW
		}
	}
	best := hourChoice{}
	for _, m := range [...]float64{k, math.Min(k, reserveCap/pue)} {
		c := hourChoice{mining: m, value: g * m}
		if rho > 0 {
			c.reserve = math.Min(pue*m, reserveCap)
			c.value += rho * c.reserve
		}
		if c.value > best.value {
			best = c
		}
	}
	return best
}

// combo is one combination of a site's halls.
type combo struct {
	mask     uint32
	newITMW  float64
	valueUSD float64 // exact objective contribution of the site with these halls
}

// siteCombos values every feasible combination of site s's halls.
func (in *Inputs) siteCombos(s int) []combo {
	site := &in.Case.Sites[s]
	H := len(site.Halls)
	T := in.T()
	existing := existingMeterMW(site)
	hallValue := make([]float64, H)
	for h := range H {
		hallValue[h] = in.hallTerms(s, h).netUSD()
	}
	var out []combo
	for mask := uint32(0); mask < 1<<H; mask++ {
		var it, displaced, value float64
		for h := range H {
			if mask&(1<<h) != 0 {
				it += site.Halls[h].ITMW
				displaced += site.Halls[h].DisplacesMiningITMW
				value += hallValue[h]
			}
		}
		if displaced > site.Mining.CapacityITMW+1e-9 || site.AI.ExistingITMW+it < site.AI.CommittedITMW-1e-9 {
			continue
		}
		feasible := true
		for t := range T {
			aiMeter := existing
			for h := range H {
				if mask&(1<<h) != 0 {
					aiMeter += in.hallPUE(s, h, t) * site.Halls[h].ITMW
				}
			}
			headroom := site.InterconnectMW - aiMeter
			if headroom < -1e-9 {
				feasible = false
				break
			}
			k := math.Max(0, math.Min(in.fleetAvailability(s, t)*(site.Mining.CapacityITMW-displaced), headroom/in.miningPUE(s, t)))
			value += in.dispatchHour(s, t, k).value
		}
		if feasible {
			out = append(out, combo{mask: mask, newITMW: it, valueUSD: value})
		}
	}
	return out
}

// solveDecomposed is the exact fast path: per-site combination values in
// closed form, a small coupling MILP, then the full primal point rebuilt in
// the monolithic model's space, verified there, and planned like any solve.
func (m *Model) solveDecomposed(ctx context.Context, sv solver.Solver, opts Options, log *slog.Logger) (*Plan, error) {
	in := m.In
	c := in.Case
	began := time.Now()
	combos := make([][]combo, len(c.Sites))
	for s := range c.Sites {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("valuing hall combinations: %w", err)
		}
		combos[s] = in.siteCombos(s)
		if len(combos[s]) == 0 {
			return nil, &InfeasibleError{Conflicts: Diagnose(in)}
		}
	}
	// The coupling problem: one combination per site, the market cap.
	var n int
	for _, cs := range combos {
		n += len(cs)
	}
	rows := len(c.Sites)
	if c.Market.AIDemandCapITMW != nil {
		rows++
	}
	q := solver.NewProblem(c.Name+" (coupling)", true, n, rows, 2*n)
	q.AddRows(len(c.Sites), 1, 1)
	capRow := -1
	if capMW := c.Market.AIDemandCapITMW; capMW != nil {
		capRow = q.AddRow(-solver.Inf, *capMW)
	}
	first := make([]int, len(c.Sites))
	for s, cs := range combos {
		first[s] = q.NumCols()
		for _, k := range cs {
			rowsIdx := []int32{int32(s)}
			vals := []float64{1}
			if capRow >= 0 {
				rowsIdx = append(rowsIdx, int32(capRow))
				vals = append(vals, k.newITMW)
			}
			q.AddColumn(k.valueUSD, 0, 1, true, rowsIdx, vals)
		}
	}
	valueSeconds := time.Since(began).Seconds()
	qopts := opts.Solver
	qopts.Method, qopts.MIPLPMethod = solver.MethodAuto, solver.MethodAuto
	if qopts.MIPRelGap == 0 {
		qopts.MIPRelGap = 1e-12 // the coupling problem is small: solve it exactly
	}
	res, err := sv.Solve(ctx, q, qopts)
	if err != nil {
		return nil, fmt.Errorf("solving the coupling problem: %w", err)
	}
	switch res.Status {
	case solver.StatusOptimal, solver.StatusTimeLimitFeasible:
	case solver.StatusInfeasible:
		return nil, &InfeasibleError{Conflicts: Diagnose(in)}
	default:
		return nil, fmt.Errorf("coupling problem: %s (%s): %w", res.Status, res.Termination, ErrNoSolution)
	}
	log.Info("coupling problem solved", "columns", q.NumCols(), "rows", q.NumRows(), "seconds", res.SolveSeconds)

	// Rebuild the full primal point in the monolithic model's space.
	x := make([]float64, m.Problem.NumCols())
	for s, cs := range combos {
		chosen := cs[0]
		for k := range cs {
			if res.X[first[s]+k] > 0.5 {
				chosen = cs[k]
			}
		}
		m.fillSite(s, chosen.mask, x)
	}
	check, err := solver.Verify(m.Problem, x, m.Problem.Objective(x))
	if err != nil {
		return nil, fmt.Errorf("internal error: the decomposed solution does not satisfy the full model: %w", err)
	}
	if rel := math.Abs(m.Problem.Objective(x)-res.Objective) / math.Max(1, math.Abs(res.Objective)); rel > 1e-9 {
		return nil, fmt.Errorf("internal error: the full model values the decomposed plan at %.6f USD, the coupling problem at %.6f", m.Problem.Objective(x), res.Objective)
	}
	duals, dualSeconds, err := m.interconnectDuals(ctx, sv, x, opts.Solver)
	if err != nil {
		return nil, err
	}
	res.Check = check
	res.SolveSeconds += valueSeconds
	plan := m.plan(res, x, duals)
	plan.Method = MethodDecomposed
	plan.Solver.InterconnectSolveSeconds = dualSeconds
	plan.Solver.CouplingColumns, plan.Solver.CouplingRows = q.NumCols(), q.NumRows()
	if plan.Solver.StreamsMatchObjectiveRelTo > solver.CheckTolerance {
		return nil, fmt.Errorf("internal error: site profits add up to %.2f USD but the objective is %.2f USD",
			plan.Portfolio.ProfitUSD, plan.ObjectiveUSD)
	}
	return plan, nil
}

// fillSite writes site s's closed-form solution for the halls in mask into
// x: hall columns, the auxiliary A_s and D_s, mining and reserve per hour.
func (m *Model) fillSite(s int, mask uint32, x []float64) {
	in := m.In
	site := &in.Case.Sites[s]
	ix := &m.sites[s]
	existing := existingMeterMW(site)
	var aiMeterBase, displaced float64
	for h := range m.halls(s) {
		if mask&(1<<h) == 0 {
			continue
		}
		x[ix.hallCol[h]] = 1
		aiMeterBase += site.Halls[h].PUE * site.Halls[h].ITMW
		displaced += site.Halls[h].DisplacesMiningITMW
	}
	if ix.aiMeterCol >= 0 {
		x[ix.aiMeterCol] = aiMeterBase
	}
	if ix.displaceCol >= 0 {
		x[ix.displaceCol] = displaced
	}
	for t := range in.T() {
		aiMeter := existing
		for h := range m.halls(s) {
			if mask&(1<<h) != 0 {
				aiMeter += in.hallPUE(s, h, t) * site.Halls[h].ITMW
			}
		}
		k := math.Max(0, math.Min(in.fleetAvailability(s, t)*(site.Mining.CapacityITMW-displaced), (site.InterconnectMW-aiMeter)/in.miningPUE(s, t)))
		d := in.dispatchHour(s, t, k)
		x[ix.miningCol+t] = d.mining
		if ix.reserveCol != nil && ix.reserveCol[t] >= 0 {
			x[ix.reserveCol[t]] = d.reserve
		}
	}
}
