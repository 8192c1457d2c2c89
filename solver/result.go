package solver

import (
	"context"
	"io"
)

// Status is why the solver stopped, kept apart from whether it returned a
// usable point (as MathOptInterface does): a MIP stopped by its time limit
// with an incumbent is a usable result with a gap, not an error.
type Status int

// The termination statuses a backend reports.
const (
	StatusUnknown             Status = iota
	StatusOptimal                    // proven optimal (within the MIP gap)
	StatusInfeasible                 // proven infeasible
	StatusUnbounded                  // unbounded, or infeasible-or-unbounded
	StatusTimeLimitFeasible          // time limit hit with a feasible point
	StatusTimeLimitNoSolution        // time limit hit with no feasible point
	StatusInterrupted                // interrupted (context cancelled)
	StatusError                      // the solver failed
)

// String names the status as in reports and JSON.
func (s Status) String() string {
	switch s {
	case StatusOptimal:
		return "optimal"
	case StatusInfeasible:
		return "infeasible"
	case StatusUnbounded:
		return "unbounded"
	case StatusTimeLimitFeasible:
		return "time_limit_feasible"
	case StatusTimeLimitNoSolution:
		return "time_limit_no_solution"
	case StatusInterrupted:
		return "interrupted"
	case StatusError:
		return "error"
	default:
		return "unknown"
	}
}

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
	Status      Status
	Termination string // the backend's own words for why it stopped

	// HasSolution reports a primal point that the backend calls feasible; only
	// then are X and Objective meaningful.
	HasSolution bool
	X           []float64
	Objective   float64

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

// Solver solves problems. Implementations verify every primal solution with
// [Verify] before returning it and return an error when that check fails.
type Solver interface {
	Solve(ctx context.Context, p *Problem, opts Options) (*Result, error)
	Name() string
	Version() string
}
