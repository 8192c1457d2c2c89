// Command gridflip plans the conversion of bitcoin-mining sites into AI
// data-center capacity. See README.md.
//
//	gridflip plan [CASE] [--out DIR] [--format text|json] [--relax] ...
//	gridflip validate [CASE]
//	gridflip gap [CASE]
//	gridflip headroom [LOAD.csv] [--limits ...] [--time-zone ZONE | --config FILE]
//	gridflip export [CASE] --mps FILE
//	gridflip sweep [CASE] --scenarios FILE
//	gridflip bench
//
// Exit codes: 0 success, 1 bad input (or an output that cannot be
// written), 2 usage, 3 infeasible, 4 solver failure or no feasible
// solution within the time limit, 5 resource limit (the run needs more
// memory than the process may use), 130 interrupted.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/internal/memlimit"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// Exit codes.
const (
	exitOK          = 0
	exitBadInput    = 1
	exitUsage       = 2
	exitInfeasible  = 3
	exitSolver      = 4
	exitResource    = 5   // the run needs more memory than the process may use
	exitInterrupted = 130 // 128 + SIGINT, as shells report it
)

// exitError carries the exit code an error maps to.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: code, err: err}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal, a second one ends the process at once.
		<-ctx.Done()
		stop()
	}()
	softMemoryLimit()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// softMemoryLimit makes the Go collector work harder as the process nears
// the memory it may use (90% of it, unless GOMEMLIMIT says otherwise), so
// a run within its estimate does not die of garbage not yet collected.
func softMemoryLimit() {
	l, err := memlimit.Default().Limit()
	if err != nil || l.Bytes == 0 || os.Getenv("GOMEMLIMIT") != "" {
		return // a bad override is reported by the command
	}
	debug.SetMemoryLimit(int64(min(max(l.Bytes/10*9, 64<<20), 1<<62)))
}

// run executes the command line and returns the exit code. It never panics
// on user input: every failure becomes a message on stderr and a code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	out := &checkedWriter{w: stdout}
	root, a := newRootCommand(out, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	a.endProgress() // an error or an interrupt leaves the lines as they were
	if out.err != nil && ctx.Err() == nil {
		// Whatever the command returned, it failed because stdout did.
		err = withCode(exitBadInput, fmt.Errorf("writing to standard output: %w", out.err))
	}
	if err == nil {
		return exitOK
	}
	code, msg := classify(ctx, err)
	fmt.Fprintf(stderr, "gridflip: %s\n", msg)
	if code == exitUsage && !errors.As(err, new(*exitError)) {
		fmt.Fprintln(stderr, "Run 'gridflip --help' for usage.")
	}
	return code
}

// classify maps an error to its exit code and message.
func classify(ctx context.Context, err error) (int, string) {
	var ee *exitError
	var inf *optimize.InfeasibleError
	var issues sites.Issues
	var lineErr *grid.LineError
	switch {
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		return exitInterrupted, "interrupted"
	case errors.As(err, &inf):
		return exitInfeasible, err.Error()
	case errors.Is(err, memlimit.ErrResource), errors.Is(err, syscall.ENOMEM):
		// Whatever code a caller gave it: a resource failure is never usage.
		return exitResource, err.Error()
	case errors.As(err, &ee):
		return ee.code, ee.err.Error()
	case errors.Is(err, optimize.ErrUnsupported):
		return exitUsage, err.Error()
	case errors.As(err, &issues), errors.As(err, &lineErr), errors.Is(err, input.ErrLimit):
		return exitBadInput, err.Error()
	default:
		// Errors cobra raised itself (unknown command, wrong arguments).
		return exitUsage, err.Error()
	}
}

// checkedWriter remembers the first write error, so a full disk or a
// closed pipe on stdout is reported (exit 1) instead of ignored.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err != nil {
		c.err = err
	}
	return n, err
}
