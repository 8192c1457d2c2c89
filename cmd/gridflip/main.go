// Command gridflip plans the conversion of bitcoin-mining sites into AI
// data-center capacity. See README.md.
//
//	gridflip plan [CASE] [--out DIR] [--format text|json] [--relax] ...
//	gridflip validate CASE
//	gridflip export [CASE] --mps FILE
//
// Exit codes: 0 success, 1 bad input, 2 usage, 3 infeasible, 4 solver
// failure or no feasible solution within the time limit.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes.
const (
	exitOK         = 0
	exitBadInput   = 1
	exitUsage      = 2
	exitInfeasible = 3
	exitSolver     = 4
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
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line and returns the exit code. It never panics
// on user input: every failure becomes a message on stderr and a code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCommand(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		fmt.Fprintf(stderr, "gridflip: %v\n", ee.err)
		return ee.code
	}
	// Anything cobra itself rejected (unknown command or flag, wrong
	// number of arguments) is a usage error.
	fmt.Fprintf(stderr, "gridflip: %v\nRun 'gridflip --help' for usage.\n", err)
	return exitUsage
}
