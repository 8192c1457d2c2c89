package optimize

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"time"

	"github.com/gridflip/gridflip/market"
	"github.com/gridflip/gridflip/solver"
)

// Options tune a planning run.
type Options struct {
	Relax  bool           // continuous hall decisions (LP)
	Method Method         // auto (default), monolithic or decomposed
	Solver solver.Options // time limit, MIP gap, threads, log
	Logger *slog.Logger   // progress messages; nil: none
}

// Plan is the verified, revenue-maximizing plan for a portfolio. Every money
// figure is USD over the modeled horizon unless its name says otherwise.
type Plan struct {
	CaseName     string
	Status       solver.Status
	Termination  string
	Relaxed      bool
	Method       Method // the method that ran
	ObjectiveUSD float64
	MIPGap       float64
	Start        time.Time
	Hours        int
	Solver       SolverStats
	Sites        []SitePlan
	Portfolio    Totals
	HourTimes    []time.Time // the modeled hours
	// HashpriceUSDPerPHDay is the hourly hashprice the plan was solved with.
	HashpriceUSDPerPHDay []float64
	// Notes say how the inputs were prepared.
	Notes []string
}

// SolverStats describes the solve.
type SolverStats struct {
	Name                       string
	Version                    string
	Columns, Rows, Nonzeros    int
	IntegerColumns             int
	BuildSeconds               float64
	SolveSeconds               float64
	InterconnectSolveSeconds   float64 // the fixed-hall LP for the duals
	MaxRowViolation            float64 // scaled, from solver.Verify
	ObjectiveRecomputedUSD     float64
	StreamsMatchObjectiveRelTo float64 // |Σ site profits − objective| / max(1, |objective|)
	// CouplingColumns and CouplingRows size the decomposed method's coupling
	// problem (0 for the monolithic method).
	CouplingColumns, CouplingRows int
}

// HallPlan is one candidate hall and the decision about it.
type HallPlan struct {
	ID                 string
	Cooling            string
	ITMW               float64
	MeterMW            float64 // IT MW × hall PUE
	Build              float64 // 1 built, 0 not; fractional only with Relax
	CapexUSD           float64 // up-front capex if built (× Build)
	NetUSD             float64 // its objective contribution over the horizon (× Build), excluding displaced mining
	LeaseUSDPerKWMonth float64
}

// Streams are a site's revenues and costs over the horizon. Costs are
// positive numbers; ProfitUSD = revenues − costs.
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
	ProfitUSD             float64
}

func (s *Streams) add(o Streams) {
	s.MiningRevenueUSD += o.MiningRevenueUSD
	s.MiningEnergyCostUSD += o.MiningEnergyCostUSD
	s.MiningOpexUSD += o.MiningOpexUSD
	s.AILeaseRevenueUSD += o.AILeaseRevenueUSD
	s.AIEnergyCostUSD += o.AIEnergyCostUSD
	s.CapexAnnuityUSD += o.CapexAnnuityUSD
	s.FixedOMUSD += o.FixedOMUSD
	s.ReserveRevenueUSD += o.ReserveRevenueUSD
	s.CoincidentPeakCostUSD += o.CoincidentPeakCostUSD
	s.ProfitUSD += o.ProfitUSD
}

// SitePlan is the plan for one site.
type SitePlan struct {
	ID, Region, Node   string
	InterconnectMW     float64
	Halls              []HallPlan // every candidate, built or not
	HallsBuilt         []string   // ids with Build ≥ 0.5
	NewAIITMW          float64    // from halls built
	ExistingAIITMW     float64
	AIITMW             float64 // existing + new: firm AI IT MW in service
	AIMeterMW          float64 // its reserved meter MW
	NewCapexUSD        float64
	MiningCapacityITMW float64 // fleet left after halls displace miners
	MiningMWh          float64 // IT MWh mined over the horizon
	MiningMeterMWh     float64
	CurtailedHours     int // hours mining ran below what fleet and POI allowed
	// InterconnectValueUSDPerMWYear is the marginal value of one more MW of
	// interconnection: the sum of the POI duals of the LP with the halls
	// fixed, scaled to a year.
	InterconnectValueUSDPerMWYear float64
	Streams
	// ExistingAILeaseUSD values existing AI capacity at the market's default
	// lease; a constant reported outside the objective.
	ExistingAILeaseUSD float64
	// ExistingAICoincidentPeakUSD is the coincident-peak charge on existing
	// AI load; a constant reported outside the objective.
	ExistingAICoincidentPeakUSD float64
	// Contracts settle the site's fixed-price power blocks month by month.
	Contracts []ContractMonth
	// HedgeUSD is the sum of the contracts' HedgeUSD (outside the objective).
	HedgeUSD float64
	// Hourly allocation.
	MiningITMW []float64 // per hour
	ReserveMW  []float64 // per hour: meter MW offered as curtailable reserve (nil without reserves)
	MeterMW    []float64 // per hour: pue·mining + reserved AI meter MW (the POI row's left side)
	LoadMW     []float64 // per hour: what the site draws: pue·mining + AI IT × utilization × PUE
	// FlexibleMW is the meter MW of mining that can curtail within the hour
	// (the fleet left, at its base PUE).
	FlexibleMW float64
	// HashrateEHs is the hashrate of the fleet left, in EH/s.
	HashrateEHs float64
	// PriceUSDPerMWh is the hourly price at the site's node (an input, kept
	// so reports can show it beside the allocation).
	PriceUSDPerMWh []float64
}

// Totals are portfolio sums.
type Totals struct {
	HallsBuilt         int
	NewAIITMW          float64
	AIITMW             float64
	AIMeterMW          float64
	NewCapexUSD        float64
	MiningCapacityITMW float64
	MiningMWh          float64
	InterconnectMW     float64
	ExistingAILeaseUSD float64
	HedgeUSD           float64
	Streams
}

// ContractMonth settles one fixed-price block for one month. The site pays
// the fixed price for the whole block; energy it used is worth the hourly
// price, unused block energy is sold back at the hourly price (power
// credits). HedgeUSD = spot value of the block − its fixed cost: what the
// contract saved against buying the same energy at hourly prices.
type ContractMonth struct {
	ContractID   string
	Month        string // YYYY-MM
	BlockMWh     float64
	UsedMWh      float64 // block energy the site consumed
	CreditMWh    float64 // block energy sold back
	CreditUSD    float64 // power credits: CreditMWh at hourly prices
	FixedCostUSD float64
	HedgeUSD     float64
}

// ErrNoSolution is wrapped when the solver stopped without a feasible point.
var ErrNoSolution = errors.New("no feasible solution")

// Solve builds the model, solves it, verifies the solution and returns the
// plan. An infeasible case returns an *InfeasibleError explaining why.
func Solve(ctx context.Context, sv solver.Solver, in *Inputs, opts Options) (*Plan, error) {
	if conflicts := Diagnose(in); len(conflicts) > 0 {
		return nil, &InfeasibleError{Conflicts: conflicts}
	}
	method, err := chooseMethod(in, opts)
	if err != nil {
		return nil, err
	}
	m, err := Build(in, BuildOptions{Relax: opts.Relax})
	if err != nil {
		return nil, err
	}
	if method == MethodDecomposed {
		log := opts.Logger
		if log == nil {
			log = slog.New(slog.DiscardHandler)
		}
		return m.solveDecomposed(ctx, sv, opts, log)
	}
	return m.Solve(ctx, sv, opts)
}

// LargeModelColumns is the size from which Solve switches HiGHS's LP
// algorithm to interior point when the caller left it on auto: on the
// 10-site year (87,650 columns) interior point solved the LP relaxation in
// 23 s against 43 s for dual simplex, and the MILP in 30 s against 69 s
// with interior point for the LPs inside branch and bound (README,
// "Choosing the LP algorithm"). Small models stay on dual simplex.
const LargeModelColumns = 20000

// TunedOptions fills in the LP algorithm for the problem's size when unset:
// the options Solve hands HiGHS.
func TunedOptions(o solver.Options, p *solver.Problem) solver.Options {
	if p.NumCols() < LargeModelColumns {
		return o
	}
	if p.IsMIP() && o.MIPLPMethod == solver.MethodAuto {
		o.MIPLPMethod = solver.MethodIPM
	}
	if !p.IsMIP() && o.Method == solver.MethodAuto {
		o.Method = solver.MethodIPM
	}
	return o
}

// Solve solves a built model and returns the verified plan.
func (m *Model) Solve(ctx context.Context, sv solver.Solver, opts Options) (*Plan, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	p := m.Problem
	log.Info("solving", "columns", p.NumCols(), "rows", p.NumRows(), "nonzeros", p.NumNonzeros(), "integer", p.NumIntegers())
	res, err := sv.Solve(ctx, p, TunedOptions(opts.Solver, p))
	if err != nil {
		return nil, fmt.Errorf("solving %q: %w", p.Name, err)
	}
	switch res.Status {
	case solver.StatusOptimal, solver.StatusTimeLimitFeasible:
	case solver.StatusInfeasible:
		return nil, &InfeasibleError{Conflicts: Diagnose(m.In)}
	default:
		return nil, fmt.Errorf("solving %q: %s (%s): %w", p.Name, res.Status, res.Termination, ErrNoSolution)
	}
	if !res.HasSolution {
		return nil, fmt.Errorf("solving %q: %s without a solution: %w", p.Name, res.Status, ErrNoSolution)
	}
	x := res.X
	if !m.Relaxed {
		x = m.roundHalls(res.X)
	}
	duals, dualSeconds, err := m.interconnectDuals(ctx, sv, x, opts.Solver)
	if err != nil {
		return nil, err
	}
	plan := m.plan(res, x, duals)
	plan.Method = MethodMonolithic
	plan.Solver.InterconnectSolveSeconds = dualSeconds
	if plan.Solver.StreamsMatchObjectiveRelTo > solver.CheckTolerance {
		return nil, fmt.Errorf("internal error: site profits add up to %.2f USD but the objective is %.2f USD",
			plan.Portfolio.ProfitUSD, plan.ObjectiveUSD)
	}
	log.Info("solved", "status", res.Status, "objective_usd", plan.ObjectiveUSD, "seconds", res.SolveSeconds)
	return plan, nil
}

// roundHalls snaps the integer hall columns to exact 0/1 (they are within
// the integrality tolerance, verified by the solver package).
func (m *Model) roundHalls(x []float64) []float64 {
	out := append([]float64(nil), x...)
	for _, ix := range m.sites {
		for _, col := range ix.hallCol {
			out[col] = math.Round(out[col])
		}
	}
	return out
}

// interconnectDuals returns the POI row duals (the hourly value of one
// more MW) of the LP with every hall fixed at its value in x. With the halls
// fixed that LP separates by site (the market cap and commitments involve
// only halls), so it is solved site by site with dual simplex: the same
// duals, with memory bounded by one site.
func (m *Model) interconnectDuals(ctx context.Context, sv solver.Solver, x []float64, base solver.Options) ([]float64, float64, error) {
	opts := base
	opts.Method = solver.MethodSimplex // duals from a basis; presolve empties most of each LP
	opts.MIPRelGap = 0
	opts.MIPLPMethod = solver.MethodAuto
	duals := make([]float64, m.Problem.NumRows())
	var seconds float64
	for s := range m.sites {
		q := m.siteLP(s, x)
		res, err := sv.Solve(ctx, q, opts)
		if err != nil {
			return nil, 0, fmt.Errorf("interconnection value LP of site %q: %w", m.In.Case.Sites[s].ID, err)
		}
		if res.Status != solver.StatusOptimal || !res.HasDuals {
			return nil, 0, fmt.Errorf("interconnection value LP of site %q: %s (%s), no duals", m.In.Case.Sites[s].ID, res.Status, res.Termination)
		}
		copy(duals[m.sites[s].firstRow:], res.RowDuals)
		seconds += res.SolveSeconds
	}
	return duals, seconds, nil
}

// siteLP is site s's block of the model as an LP with its halls fixed at
// their values in x. A site's rows hold only its own columns, except the
// market-cap row, which is not part of the block.
func (m *Model) siteLP(s int, x []float64) *solver.Problem {
	p := m.Problem
	ix := &m.sites[s]
	nCols, nRows := ix.endCol-ix.firstCol, ix.endRow-ix.firstRow
	lo, hi := int(p.ColStart[ix.firstCol]), int(p.ColStart[ix.endCol])
	q := solver.NewProblem(fmt.Sprintf("%s site %s (halls fixed)", p.Name, m.In.Case.Sites[s].ID), p.Maximize, nCols, nRows, hi-lo)
	q.RowLower = append(q.RowLower, p.RowLower[ix.firstRow:ix.endRow]...)
	q.RowUpper = append(q.RowUpper, p.RowUpper[ix.firstRow:ix.endRow]...)
	for j := ix.firstCol; j < ix.endCol; j++ {
		start := len(q.RowIndex)
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			if i := int(p.RowIndex[k]); i >= ix.firstRow && i < ix.endRow {
				q.RowIndex = append(q.RowIndex, int32(i-ix.firstRow))
				q.Value = append(q.Value, p.Value[k])
			}
		}
		rows, vals := q.RowIndex[start:], q.Value[start:]
		q.RowIndex, q.Value = q.RowIndex[:start], q.Value[:start]
		q.AddColumn(p.ColCost[j], p.ColLower[j], p.ColUpper[j], false, rows, vals)
	}
	for _, col := range ix.hallCol {
		j := col - ix.firstCol
		q.ColLower[j], q.ColUpper[j] = x[col], x[col]
	}
	return q
}

// plan turns primal values and POI duals into a Plan. All economics are
// computed here, once; report only formats them.
func (m *Model) plan(res *solver.Result, x, duals []float64) *Plan {
	in := m.In
	c := in.Case
	T := in.T()
	p := m.Problem
	plan := &Plan{
		CaseName:    c.Name,
		Status:      res.Status,
		Termination: res.Termination,
		Relaxed:     m.Relaxed,
		MIPGap:      res.MIPGap,
		Hours:       T,
		Start:       in.Hours[0],
		HourTimes:   in.Hours,

		HashpriceUSDPerPHDay: in.HashpriceUSDPerPHDay,
		Notes:                in.Notes,
		Solver: SolverStats{
			Name: res.Solver, Version: res.Version,
			Columns: p.NumCols(), Rows: p.NumRows(), Nonzeros: p.NumNonzeros(), IntegerColumns: p.NumIntegers(),
			BuildSeconds: m.BuildSeconds, SolveSeconds: res.SolveSeconds,
			MaxRowViolation: res.Check.MaxRowViolation,
		},
	}
	plan.ObjectiveUSD = p.Objective(x)
	plan.Solver.ObjectiveRecomputedUSD = plan.ObjectiveUSD
	yearScale := HoursPerYear / float64(T)
	for s := range c.Sites {
		sp := m.sitePlan(s, x, duals)
		sp.InterconnectValueUSDPerMWYear *= yearScale
		tot := &plan.Portfolio
		tot.HallsBuilt += len(sp.HallsBuilt)
		tot.NewAIITMW += sp.NewAIITMW
		tot.AIITMW += sp.AIITMW
		tot.AIMeterMW += sp.AIMeterMW
		tot.NewCapexUSD += sp.NewCapexUSD
		tot.MiningCapacityITMW += sp.MiningCapacityITMW
		tot.MiningMWh += sp.MiningMWh
		tot.InterconnectMW += sp.InterconnectMW
		tot.ExistingAILeaseUSD += sp.ExistingAILeaseUSD
		tot.HedgeUSD += sp.HedgeUSD
		tot.Streams.add(sp.Streams)
		plan.Sites = append(plan.Sites, sp)
	}
	plan.Solver.StreamsMatchObjectiveRelTo = math.Abs(plan.Portfolio.ProfitUSD-plan.ObjectiveUSD) / math.Max(1, math.Abs(plan.ObjectiveUSD))
	return plan
}

// sitePlan computes one site's decisions, streams and hourly series. The
// interconnection value is returned as the plain sum of the hourly duals.
func (m *Model) sitePlan(s int, x, duals []float64) SitePlan {
	in := m.In
	site := &in.Case.Sites[s]
	ix := &m.sites[s]
	T := in.T()
	sp := SitePlan{
		ID: site.ID, Region: site.Region, Node: site.Node,
		InterconnectMW: site.InterconnectMW,
		ExistingAIITMW: site.AI.ExistingITMW,
		MiningITMW:     make([]float64, T),
		MeterMW:        make([]float64, T),
		LoadMW:         make([]float64, T),
		PriceUSDPerMWh: in.SitePriceUSDPerMWh[s],
	}
	if ix.reserveCol != nil {
		sp.ReserveMW = make([]float64, T)
	}
	built := make([]float64, m.halls(s))
	newMeter := 0.0
	for h := range built {
		hall := &site.Halls[h]
		y := x[ix.hallCol[h]]
		built[h] = y
		e := in.hallTerms(s, h)
		sp.Halls = append(sp.Halls, HallPlan{
			ID: hall.ID, Cooling: string(hall.Cooling), ITMW: hall.ITMW, MeterMW: hall.ITMW * hall.PUE,
			Build: y, CapexUSD: y * hall.CapexUSDPerMW * hall.ITMW, NetUSD: y * e.netUSD(),
			LeaseUSDPerKWMonth: hall.LeaseUSDPerKWMonth,
		})
		if y >= 0.5 {
			sp.HallsBuilt = append(sp.HallsBuilt, hall.ID)
		}
		sp.NewAIITMW += y * hall.ITMW
		newMeter += y * hall.ITMW * hall.PUE
		sp.NewCapexUSD += y * hall.CapexUSDPerMW * hall.ITMW
		sp.MiningCapacityITMW -= y * hall.DisplacesMiningITMW
		sp.AILeaseRevenueUSD += y * e.LeaseRevenueUSD
		sp.CapexAnnuityUSD += y * e.CapexAnnuityUSD
		sp.FixedOMUSD += y * e.FixedOMUSD
		sp.AIEnergyCostUSD += y * e.EnergyCostUSD
		sp.CoincidentPeakCostUSD += y * e.CoincidentPeakUSD
	}
	sp.MiningCapacityITMW += site.Mining.CapacityITMW
	sp.AIITMW = sp.ExistingAIITMW + sp.NewAIITMW
	existing := existingMeterMW(site)
	sp.AIMeterMW = existing + newMeter
	sp.FlexibleMW = sp.MiningCapacityITMW * site.Mining.PUE
	sp.HashrateEHs = market.HashrateEHs(sp.MiningCapacityITMW, site.Mining.EfficiencyJPerTH)
	util := site.AI.Utilization
	var dualSum float64
	for t := range T {
		mine := x[ix.miningCol+t]
		pue := in.miningPUE(s, t)
		aiMeter := existing // reserved meter MW of AI this hour
		aiLoad := existing * util
		for h, y := range built {
			hp := in.hallPUE(s, h, t) * site.Halls[h].ITMW * y
			aiMeter += hp
			aiLoad += hp * util
		}
		sp.MiningITMW[t] = mine
		sp.MeterMW[t] = pue*mine + aiMeter
		sp.LoadMW[t] = pue*mine + aiLoad
		sp.MiningMWh += mine
		sp.MiningMeterMWh += pue * mine
		rev, energy, opex, cp := in.miningTerms(s, t)
		sp.MiningRevenueUSD += rev * mine
		sp.MiningEnergyCostUSD += energy * mine
		sp.MiningOpexUSD += opex * mine
		sp.CoincidentPeakCostUSD += cp * mine
		if sp.ReserveMW != nil && ix.reserveCol[t] >= 0 {
			r := x[ix.reserveCol[t]]
			sp.ReserveMW[t] = r
			sp.ReserveRevenueUSD += in.reservePrice(s, t) * r
		}
		available := math.Max(0, math.Min(in.fleetAvailability(s, t)*sp.MiningCapacityITMW, (site.InterconnectMW-aiMeter)/pue))
		if available > 1e-6 && mine < available-1e-6*math.Max(1, available) {
			sp.CurtailedHours++
		}
		dualSum += duals[ix.poiRow+t]
	}
	sp.InterconnectValueUSDPerMWYear = dualSum
	sp.ProfitUSD = sp.MiningRevenueUSD - sp.MiningEnergyCostUSD - sp.MiningOpexUSD +
		sp.AILeaseRevenueUSD - sp.AIEnergyCostUSD - sp.CapexAnnuityUSD - sp.FixedOMUSD +
		sp.ReserveRevenueUSD - sp.CoincidentPeakCostUSD
	sp.ExistingAILeaseUSD = market.LeaseUSDPerMWYear(in.Case.Market.AILeaseUSDPerKWMonth) * site.AI.ExistingITMW * in.YearFraction()
	sp.ExistingAICoincidentPeakUSD = float64(len(in.CoincidentPeakHours)) * in.cpUSDPerMW() * existing * util
	sp.Contracts, sp.HedgeUSD = settleContracts(in, s, sp.LoadMW, sp.MiningITMW)
	return sp
}

// settleContracts settles site s's fixed-price blocks month by month
// against the energy the site pays for: its mining load, plus its AI load
// when power is not passed through to the tenant.
func settleContracts(in *Inputs, s int, load, mining []float64) ([]ContractMonth, float64) {
	site := &in.Case.Sites[s]
	if len(site.Contracts) == 0 {
		return nil, 0
	}
	var out []ContractMonth
	var hedge float64
	for _, k := range site.Contracts {
		byMonth := map[string]*ContractMonth{}
		var order []string
		for t, h := range in.Hours {
			if h.Before(k.Start) || !h.Before(k.End) {
				continue
			}
			month := h.Format("2006-01")
			cm := byMonth[month]
			if cm == nil {
				cm = &ContractMonth{ContractID: k.ID, Month: month}
				byMonth[month] = cm
				order = append(order, month)
			}
			price := in.SitePriceUSDPerMWh[s][t]
			paid := in.miningPUE(s, t) * mining[t]
			if !site.AI.PowerPassThrough {
				paid = load[t]
			}
			used := math.Min(k.MW, paid)
			cm.BlockMWh += k.MW
			cm.UsedMWh += used
			cm.CreditMWh += k.MW - used
			cm.CreditUSD += (k.MW - used) * price
			cm.FixedCostUSD += k.MW * k.PriceUSDPerMWh
			cm.HedgeUSD += k.MW * (price - k.PriceUSDPerMWh)
		}
		for _, month := range order {
			out = append(out, *byMonth[month])
			hedge += byMonth[month].HedgeUSD
		}
	}
	return out, hedge
}
