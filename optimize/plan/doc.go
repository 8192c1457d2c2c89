// Package plan holds the result types of a planning run, which every layer
// above the model reads: Plan and its sites, halls and years, the money
// streams (declared once, streams.go), the solution methods' names, and the
// stochastic plan with its risk figures. It knows no solver beyond the
// status it reports, and computes nothing but sums of its own figures.
package plan
