package model

import (
	"errors"
	"fmt"

	"github.com/gridflip/gridflip/optimize/plan"
)

// ErrNoSolution is wrapped when the solver stopped without a feasible point.
var ErrNoSolution = errors.New("no feasible solution")

// ErrUnsupported is wrapped when a method cannot handle a case.
var ErrUnsupported = errors.New("not supported")

// InternalError is a failed self-check: a solution that does not satisfy
// the model it came from, or figures that do not add up. It is a bug.
type InternalError struct{ Msg string }

// Error says it is an internal error, and what failed.
func (e *InternalError) Error() string { return "internal error: " + e.Msg }

// InternalErrorf is an *InternalError with a formatted message.
func InternalErrorf(format string, args ...any) error {
	return &InternalError{Msg: fmt.Sprintf(format, args...)}
}

// decomposableCapability is implemented by terms that have a closed form
// only in some cases; a term without it always has one.
type decomposableCapability interface {
	decomposable(in *Inputs) (ok bool, reason string)
}

// Decomposable reports whether the decomposed fast path supports the case:
// every term must have a closed form for it. reason says which does not.
func Decomposable(in *Inputs, terms []Term) (bool, string) {
	for _, tm := range terms {
		if d, ok := tm.(decomposableCapability); ok {
			if ok, reason := d.decomposable(in); !ok {
				return false, fmt.Sprintf("the %s term has no closed form here: %s", tm.name(), reason)
			}
		}
	}
	return true, ""
}

// ChooseMethod resolves MethodAuto and checks an explicit choice; note
// says why auto fell back to the monolithic model.
func ChooseMethod(in *Inputs, method plan.Method, terms []Term) (plan.Method, string, error) {
	if method == "" {
		method = plan.MethodAuto
	}
	ok, reason := Decomposable(in, terms)
	switch method {
	case plan.MethodAuto:
		if ok {
			return plan.MethodDecomposed, "", nil
		}
		return plan.MethodMonolithic, "monolithic because " + reason, nil
	case plan.MethodMonolithic:
		return method, "", nil
	case plan.MethodDecomposed:
		if !ok {
			return "", "", fmt.Errorf("method decomposed: %s: %w", reason, ErrUnsupported)
		}
		return method, "", nil
	default:
		return "", "", fmt.Errorf("unknown method %q: want auto, monolithic or decomposed: %w", method, ErrUnsupported)
	}
}
