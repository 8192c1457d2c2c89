//go:build !cgo

package highs

import (
	"context"
	"errors"

	"github.com/gridflip/gridflip/solver"
)

// HiGHS is the HiGHS backend. This build has no cgo, so it cannot load the
// library; rebuild with CGO_ENABLED=1 and a C compiler.
type Solver struct{}

func openHiGHS(string) (*Solver, error) {
	return nil, errors.New("gridflip was built without cgo (CGO_ENABLED=0), so it cannot load HiGHS")
}

// Name returns "HiGHS".
func (h *Solver) Name() string { return "HiGHS" }

// Version returns "" in a build without cgo.
func (h *Solver) Version() string { return "" }

// LibraryPath returns "" in a build without cgo.
func (h *Solver) LibraryPath() string { return "" }

// Solve always fails in a build without cgo.
func (h *Solver) Solve(context.Context, *solver.Problem, solver.Options) (*solver.Result, error) {
	return nil, errors.New("gridflip was built without cgo, so it cannot call HiGHS")
}

// FileResult is the outcome of solving a model file with HiGHS alone.
type FileResult struct {
	Outcome      solver.Outcome
	Detail       string
	Objective    float64
	NumCols      int
	SolveSeconds float64
	TotalSeconds float64
}

// SolveFile always fails in a build without cgo.
func (h *Solver) SolveFile(context.Context, string, solver.Options) (*FileResult, error) {
	return nil, errors.New("gridflip was built without cgo, so it cannot call HiGHS")
}
