package model

import (
	"log/slog"
	"runtime"

	"github.com/gridflip/gridflip/solver"
)

// Settings are what a solve by either method reads of the caller's
// options.
type Settings struct {
	Relax  bool           // continuous hall decisions (LP)
	Solver solver.Options // time limit, MIP gap, threads, log
	Logger *slog.Logger   // progress messages; nil: none
	// Workers is the number of sites valued and verified at once by the
	// decomposed method (0: one per CPU).
	Workers int
	// Progress, when set, hears how far the fast path's stages have come:
	// done of total sites.
	Progress func(stage string, done, total int)
	// Terms replaces the model's terms (tests add the example curfew);
	// nil means DefaultTerms().
	Terms []Term
	// LPDuals forces interconnection values from per-site LP duals (a
	// test oracle for the closed form).
	LPDuals bool
	// YearByYear makes the fast path value every site with a horizon
	// block by block (sets per year or cuts), never assignment by
	// assignment (a test switch: it keeps the sets per year exercised).
	YearByYear bool
	// Unshared makes a stochastic study compute as before its valuations
	// were shared: the fast path values a stochastic plan's sites with
	// decisions made per scenario year by year or by cuts (never
	// assignment by assignment across the scenarios), and the study
	// solves its perfect-information and expected-value plans each on
	// its own (a test switch: the oracle of the shared computation).
	Unshared bool
}

// TermList returns the terms a solve uses.
func (o *Settings) TermList() []Term {
	if o.Terms != nil {
		return o.Terms
	}
	return DefaultTerms()
}

// Stage is the progress callback of one stage over total sites (nil when
// nobody listens).
func (o *Settings) Stage(name string, total int) func(done int) {
	if o.Progress == nil {
		return nil
	}
	return func(done int) { o.Progress(name, done, total) }
}

// WorkerCount is the number of sites processed at once.
func (o *Settings) WorkerCount() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// Log returns the settings' logger, or one that discards.
func (o *Settings) Log() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.New(slog.DiscardHandler)
}
