// Package stochastic is the scenario layer: it plans a case across its
// scenarios (the uncertainty set, model.Stochastic) with the method that
// every scenario supports, and reads a deterministic plan's first stage.
// The monolithic method's extensive form is built by package model, the
// fast path across scenarios by package decomp (docs/model.md,
// "Scenarios").
package stochastic
