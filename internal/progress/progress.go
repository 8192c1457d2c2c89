// Package progress shows how far long work has come, on a terminal only.
//
// It draws with mpb (github.com/vbauerster/mpb), the most used Go library
// for several concurrent bars: a sweep runs scenarios in parallel, each
// with its own MILP, and mpb keeps their lines apart without garbling
// logs. A nil *Display is valid and shows nothing, so callers never check;
// the CLI makes one only when stderr is a terminal and --quiet is off, so
// redirected output and --format json stay clean.
package progress

import (
	"fmt"
	"io"
	"math"
	"os"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"
)

// MIPDelay is how long a MILP runs before its progress line appears:
// quick solves never flash a bar.
const MIPDelay = 2 * time.Second

// StageDelay is how long a stage of the fast path runs before its line
// appears.
const StageDelay = time.Second

// Display draws progress lines on one writer.
type Display struct {
	p  *mpb.Progress
	mu sync.Mutex
	// counters are the open counters by name, so that a stage reported
	// from several places (each site's valuation) shares one bar.
	counters map[string]*Counter
	// bars are every bar drawn, ended by Wait if their work did not.
	bars []*mpb.Bar
	// stageDelay is StageDelay (tests shorten it).
	stageDelay time.Duration
}

// IsTerminal reports whether w is a terminal that knows its width (mpb
// draws nothing on one that reports zero columns, as a bare pty does).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false
	}
	width, _, err := term.GetSize(int(f.Fd()))
	return err == nil && width > 0
}

// New returns a Display on w, or nil (which shows nothing) when on is
// false. The CLI passes on = IsTerminal(stderr) && !quiet.
func New(w io.Writer, on bool) *Display {
	if !on {
		return nil
	}
	return newDisplay(w)
}

func newDisplay(w io.Writer, opts ...mpb.ContainerOption) *Display {
	opts = append([]mpb.ContainerOption{mpb.WithOutput(w), mpb.WithWidth(100), mpb.WithRefreshRate(150 * time.Millisecond)}, opts...)
	return &Display{p: mpb.New(opts...), counters: map[string]*Counter{}, stageDelay: StageDelay}
}

// Wait finishes every line and returns when they are drawn. Call it
// before printing results.
func (d *Display) Wait() {
	if d == nil {
		return
	}
	d.mu.Lock()
	for _, b := range d.bars {
		b.Abort(false) // a no-op for a completed bar; an interrupted one stays as it was
	}
	d.mu.Unlock()
	d.p.Wait()
}

// Writer is where a line of text goes while bars are drawn: above them
// (mpb keeps them apart), or fallback when nothing is drawn.
func (d *Display) Writer(fallback io.Writer) io.Writer {
	if d == nil {
		return fallback
	}
	return d.p
}

// Counter is a line with a bar: what is being done, done of total, the
// elapsed time and the time left.
type Counter struct {
	bar   *mpb.Bar
	total int64
	mu    sync.Mutex
	done  int64
	doing string
}

// Counter starts a counter line for name with total steps, or returns the
// open one of that name. The line stays when the count is complete.
func (d *Display) Counter(name string, total int) *Counter {
	return d.counter(name, total)
}

// counter is Counter with extra bar options.
func (d *Display) counter(name string, total int, extra ...mpb.BarOption) *Counter {
	if d == nil || total <= 0 {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if c, ok := d.counters[name]; ok && c.Current() < c.total {
		return c
	}
	c := &Counter{total: int64(total)}
	defer func() { d.bars = append(d.bars, c.bar) }()
	began := time.Now()
	// Every column says what it is: "3/34 done", "elapsed 2s", "left 5s"
	// (or "finished"), then the step under way.
	c.bar = d.p.AddBar(int64(total), append([]mpb.BarOption{
		mpb.PrependDecorators(decor.Name(name, decor.WCSyncSpaceR), decor.CountersNoUnit("%d/%d done", decor.WCSyncSpace)),
		mpb.AppendDecorators(
			decor.Any(func(decor.Statistics) string { return "elapsed " + time.Since(began).Round(time.Second).String() }, decor.WCSyncSpace),
			decor.Any(func(st decor.Statistics) string { return LeftLabel(time.Since(began), st.Current, st.Total) }, decor.WCSyncSpace),
			decor.Any(func(decor.Statistics) string {
				c.mu.Lock()
				defer c.mu.Unlock()
				return c.doing
			}, decor.WCSyncSpace))}, extra...)...)
	d.counters[name] = c
	return c
}

// Add counts n more steps done.
func (c *Counter) Add(n int) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.done += int64(n)
	c.mu.Unlock()
	c.bar.IncrBy(n)
}

// Doing names the step under way (a bench case, a scenario).
func (c *Counter) Doing(what string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.doing = what
	c.mu.Unlock()
}

// Set sets the steps done (a stage that reports its own count).
func (c *Counter) Set(done int) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.done = int64(done)
	c.mu.Unlock()
	c.bar.SetCurrent(int64(done))
}

// Current is the steps done so far.
func (c *Counter) Current() int64 {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done
}

// Stages returns a callback for work that reports its stages by name with
// done of total (optimize.Options.Progress): each stage gets a counter.
//
// A stage's line appears only once that stage has run for StageDelay, and
// goes when the stage completes: a plan that takes a second draws nothing.
func (d *Display) Stages(prefix string) func(stage string, done, total int) {
	doing := d.StagesDoing(prefix)
	if doing == nil {
		return nil
	}
	return func(stage string, done, total int) { doing(stage, "", done, total) }
}

// StagesDoing is Stages whose reports also name the step under way (the
// file being written), shown at the end of the stage's line.
func (d *Display) StagesDoing(prefix string) func(stage, doing string, done, total int) {
	if d == nil {
		return nil
	}
	var mu sync.Mutex
	began := map[string]time.Time{}
	return func(stage, doing string, done, total int) {
		name := prefix + stage
		mu.Lock()
		t0, seen := began[name]
		if !seen || done <= 1 { // a stage's first report, or its next run
			t0 = time.Now()
			began[name] = t0
		}
		late := time.Since(t0) >= d.stageDelay
		mu.Unlock()
		d.mu.Lock()
		c, open := d.counters[name]
		open = open && c.Current() < c.total
		d.mu.Unlock()
		if !late && !open {
			return
		}
		c = d.counter(name, total, mpb.BarRemoveOnComplete())
		c.Doing(doing)
		c.Set(done)
	}
}

// LeftLabel is a counter's time-left column: "left 5s" at the average
// pace so far, "finished" once done of total are, "left ?" before the
// first step.
func LeftLabel(elapsed time.Duration, done, total int64) string {
	switch {
	case total > 0 && done >= total:
		return "finished"
	case done <= 0:
		return "left ?"
	}
	left := time.Duration(float64(elapsed) * float64(total-done) / float64(done))
	return "left " + left.Round(time.Second).String()
}

// MIPState is branch and bound's state, as a solver reports it (the same
// fields as solver.MIPProgress, so a caller converts one to the other).
type MIPState struct {
	Seconds   float64 // time in the solver
	Nodes     int64   // branch-and-bound nodes so far (-1: unknown)
	Incumbent float64 // the best feasible objective (±Inf before one is found)
	Bound     float64 // the best bound on the optimum
	Gap       float64 // relative gap between them (Inf before an incumbent)
}

// MIP returns a callback for a solver's progress reports that shows, once a
// MILP has run for MIPDelay, a line with its time, nodes, incumbent, bound
// and gap. Each call of MIP is one solve; the line ends when the solve
// does (call the returned done).
func (d *Display) MIP(name string) (progress func(MIPState), done func()) {
	if d == nil {
		return nil, func() {}
	}
	var mu sync.Mutex
	var bar *mpb.Bar
	var last MIPState
	progress = func(m MIPState) {
		mu.Lock()
		defer mu.Unlock()
		last = m
		if bar == nil && m.Seconds >= MIPDelay.Seconds() {
			bar = d.p.New(0, mpb.SpinnerStyle(),
				mpb.PrependDecorators(decor.Name(name, decor.WCSyncSpaceR)),
				mpb.AppendDecorators(decor.Any(func(decor.Statistics) string {
					mu.Lock()
					defer mu.Unlock()
					return MIPLine(last)
				})))
			d.mu.Lock()
			d.bars = append(d.bars, bar)
			d.mu.Unlock()
		}
	}
	done = func() {
		mu.Lock()
		defer mu.Unlock()
		if bar != nil {
			bar.SetTotal(-1, true)
		}
	}
	return progress, done
}

// MIPLine describes branch and bound's state in one line.
func MIPLine(m MIPState) string {
	s := fmt.Sprintf("%5.1f s", m.Seconds)
	if m.Nodes >= 0 {
		s += fmt.Sprintf("  %d nodes", m.Nodes)
	}
	if math.IsInf(m.Bound, 0) && (math.IsInf(m.Incumbent, 0) || math.IsNaN(m.Incumbent)) {
		return s + "  solving the root relaxation"
	}
	if math.IsInf(m.Incumbent, 0) || math.IsNaN(m.Incumbent) {
		return s + fmt.Sprintf("  no incumbent yet  bound %.6g", m.Bound)
	}
	return s + fmt.Sprintf("  incumbent %.6g  bound %.6g  gap %.2f%%", m.Incumbent, m.Bound, 100*m.Gap)
}
