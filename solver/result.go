package solver

import (
	"context"
	"io"
)

// Termination is why the solver stopped, apart from whether it returned a
// point (MathOptInterface's TerminationStatus; the point is PrimalStatus):
// a MIP stopped by its time limit with an incumbent is a usable result with
// a gap, not an error.
type Termination int

// The reasons a backend stops.
const (
	TerminationUnknown     Termination = iota
	TerminationOptimal                 // proven optimal (within the MIP gap)
	TerminationInfeasible              // proven infeasible
	TerminationUnbounded               // unbounded, or infeasible-or-unbounded
	TerminationTimeLimit               // the time limit
	TerminationInterrupted             // interrupted (context cancelled)
	TerminationError                   // the solver failed
)

// String names the termination.
func (t Termination) String() string {
	switch t {
	case TerminationOptimal:
		return "optimal"
	case TerminationInfeasible:
		return "infeasible"
	case TerminationUnbounded:
		return "unbounded"
	case TerminationTimeLimit:
		return "time_limit"
	case TerminationInterrupted:
		return "interrupted"
	case TerminationError:
		return "error"
	default:
		return "unknown"
	}
}

// PrimalStatus says whether the solver returned a point it calls feasible
// (MathOptInterface's PrimalStatus); only then are X and Objective
// meaningful.
type PrimalStatus int

// The primal statuses.
const (
	NoSolution    PrimalStatus = iota // no point
	FeasiblePoint                     // a point the backend calls feasible
)

// Outcome is a solve's termination with its primal status, as reports and
// JSON name it ("optimal", "time_limit_feasible", "infeasible", ...).
type Outcome struct {
	Termination Termination
	Primal      PrimalStatus
}

// String names the outcome: the termination, and for a time limit whether
// a point came with it.
func (o Outcome) String() string {
	if o.Termination == TerminationTimeLimit {
		if o.Primal == FeasiblePoint {
			return "time_limit_feasible"
		}
		return "time_limit_no_solution"
	}
	return o.Termination.String()
}

// Usable reports a point to plan with: optimal, or stopped by the time limit
// with a feasible point.
func (o Outcome) Usable() bool {
	return o.Primal == FeasiblePoint && (o.Termination == TerminationOptimal || o.Termination == TerminationTimeLimit)
}

// Optimal is the outcome of a proven optimum.
var Optimal = Outcome{Termination: TerminationOptimal, Primal: FeasiblePoint}

// Method picks the LP algorithm. MIPs always use branch and bound; the
// method then only applies to LP relaxations chosen by the solver itself.
type Method string

// The LP methods.
const (
	MethodAuto    Method = ""        // the solver's choice
	MethodSimplex Method = "simplex" // dual simplex: a basis and exact duals
	MethodIPM     Method = "ipm"     // interior point (with crossover)
)

// Options tune a solve. The zero value means the solver's defaults, no log,
// no time limit.
type Options struct {
	TimeLimitSeconds float64   // 0: none
	MIPRelGap        float64   // 0: solver default (HiGHS 1e-4)
	Threads          int       // 0: solver default
	Presolve         *bool     // nil: solver default (on)
	Method           Method    // LP algorithm; ignored for MIPs
	MIPLPMethod      Method    // algorithm for the LPs inside branch and bound (HiGHS mip_lp_solver)
	Log              io.Writer // nil: logging off
	// Progress, when set, receives branch and bound's state from HiGHS's
	// callback at most every 250 ms while a MIP solves (nothing for LPs).
	// It runs on the solver's thread and must return quickly.
	Progress func(MIPProgress)
}

// MIPProgress is branch and bound's state during a solve, in the
// problem's own sense (for a maximization the incumbent is below the
// bound).
type MIPProgress struct {
	Seconds   float64 // time in the solver
	Nodes     int64   // branch-and-bound nodes so far (-1: unknown)
	Incumbent float64 // the best feasible objective (±Inf before one is found)
	Bound     float64 // the best bound on the optimum
	Gap       float64 // relative gap between them (Inf before an incumbent)
}

// Result is what a solve returned.
type Result struct {
	Termination Termination
	Detail      string // the backend's own words for why it stopped

	// Primal says whether X and Objective hold a point the backend calls
	// feasible.
	Primal    PrimalStatus
	X         []float64
	Objective float64

	// HasDuals reports valid row duals (LPs only). Sign convention: the
	// change of the objective per unit increase of the row's active bound,
	// so for a maximization a binding ≤ row has a dual ≥ 0.
	HasDuals bool
	RowDuals []float64

	MIPGap       float64 // relative gap for MIPs (0 for LPs)
	MIPDualBound float64 // best bound for MIPs
	SolveSeconds float64 // wall time inside the solver
	Solver       string  // e.g. "HiGHS"
	Version      string  // e.g. "1.15.1"
	Check        Check   // the verification of X (see Verify)
}

// HasSolution reports a primal point.
func (r *Result) HasSolution() bool { return r.Primal == FeasiblePoint }

// Outcome is the result's termination with its primal status.
func (r *Result) Outcome() Outcome { return Outcome{Termination: r.Termination, Primal: r.Primal} }

// Solver solves problems. Implementations verify every primal solution with
// [Verify] before returning it and return an error when that check fails.
type Solver interface {
	Solve(ctx context.Context, p *Problem, opts Options) (*Result, error)
	Name() string
	Version() string
}
