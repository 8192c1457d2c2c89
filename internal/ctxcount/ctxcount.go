// Package ctxcount is a test helper: a context that counts how often its
// Err is asked and cancels itself at a given call, as Ctrl-C would between
// two checks of a long loop.
package ctxcount

import (
	"context"
	"sync/atomic"
)

// Counter is a context that counts the calls to Err and cancels itself at
// call CancelAt (never when 0).
type Counter struct {
	context.Context
	cancel   context.CancelFunc
	cancelAt int64
	calls    atomic.Int64
}

// New returns a Counter that cancels itself at the cancelAt-th call of Err
// (never when 0).
func New(cancelAt int64) *Counter {
	ctx, cancel := context.WithCancel(context.Background())
	return &Counter{Context: ctx, cancel: cancel, cancelAt: cancelAt}
}

// Err counts the call, cancels at the chosen one, and reports the
// context's state.
func (c *Counter) Err() error {
	if c.calls.Add(1) == c.cancelAt {
		c.cancel()
	}
	return c.Context.Err()
}

// Calls is how often Err was asked.
func (c *Counter) Calls() int64 { return c.calls.Load() }
