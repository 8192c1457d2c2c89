//go:build !cgo

package solver

import (
	"context"
	"errors"
)

// HiGHS is the HiGHS backend. This build has no cgo, so it cannot load the
// library; rebuild with CGO_ENABLED=1 and a C compiler.
type HiGHS struct{}

func openHiGHS(string) (*HiGHS, error) {
	return nil, errors.New("gridflip was built without cgo (CGO_ENABLED=0), so it cannot load HiGHS")
}

// Name returns "HiGHS".
func (h *HiGHS) Name() string { return "HiGHS" }

// Version returns "" in a build without cgo.
func (h *HiGHS) Version() string { return "" }

// LibraryPath returns "" in a build without cgo.
func (h *HiGHS) LibraryPath() string { return "" }

// Solve always fails in a build without cgo.
func (h *HiGHS) Solve(context.Context, *Problem, Options) (*Result, error) {
	return nil, errors.New("gridflip was built without cgo, so it cannot call HiGHS")
}

// FileResult is the outcome of solving a model file with HiGHS alone.
type FileResult struct {
	Status       Status
	Termination  string
	Objective    float64
	NumCols      int
	SolveSeconds float64
	TotalSeconds float64
}

// SolveFile always fails in a build without cgo.
func (h *HiGHS) SolveFile(context.Context, string, Options) (*FileResult, error) {
	return nil, errors.New("gridflip was built without cgo, so it cannot call HiGHS")
}
