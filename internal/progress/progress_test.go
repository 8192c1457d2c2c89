package progress

import (
	"bytes"
	"io"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vbauerster/mpb/v8"
)

// TestNilDisplayShowsNothing: the Display of a run that is not on a
// terminal is nil, and every call on it is a no-op.
func TestNilDisplayShowsNothing(t *testing.T) {
	var buf bytes.Buffer
	d := New(&buf, false)
	require.Nil(t, d)
	c := d.Counter("valuing sites", 10)
	c.Add(3)
	c.Set(5)
	require.Zero(t, c.Current())
	require.Nil(t, d.Stages("plan: "))
	p, done := d.MIP("coupling MILP")
	require.Nil(t, p)
	done()
	d.Wait()
	require.Zero(t, buf.Len())
	require.False(t, IsTerminal(&buf), "a buffer is not a terminal")
}

// TestCounterDraws: a counter draws its name and done/total.
func TestCounterDraws(t *testing.T) {
	var buf bytes.Buffer
	d := newDisplay(&buf, mpb.WithAutoRefresh()) // a buffer is no terminal: refresh anyway
	c := d.Counter("bench", 3)
	for range 3 {
		c.Add(1)
	}
	d.Wait()
	out := buf.String()
	require.Contains(t, out, "bench")
	require.Contains(t, out, "3/3")
}

// TestStagesAppearOnlyWhenSlow: a quick stage draws nothing; one that has
// run StageDelay shares one line per stage and name.
func TestStagesAppearOnlyWhenSlow(t *testing.T) {
	var buf bytes.Buffer
	d := newDisplay(&buf, mpb.WithAutoRefresh())
	stage := d.Stages("plan: ")
	for i := 1; i <= 4; i++ {
		stage("valuing sites", i, 4)
	}
	d.Wait()
	require.NotContains(t, buf.String(), "valuing sites", "a quick stage draws nothing")
	require.Empty(t, d.counters)

	buf.Reset()
	d = newDisplay(&buf, mpb.WithAutoRefresh())
	d.stageDelay = 0
	stage = d.Stages("plan: ")
	for i := 1; i <= 3; i++ {
		stage("valuing sites", i, 4)
	}
	time.Sleep(300 * time.Millisecond) // at least one refresh
	stage("valuing sites", 4, 4)
	stage("verifying sites", 1, 4)
	d.Wait()
	require.Contains(t, buf.String(), "plan: valuing sites")
	require.Contains(t, buf.String(), "3/4")
	require.Len(t, d.counters, 2)
}

// TestMIPLineAppearsAfterTheDelay: a MILP's line is drawn only once it has
// run MIPDelay, and then says incumbent, bound and gap.
func TestMIPLineAppearsAfterTheDelay(t *testing.T) {
	var buf bytes.Buffer
	d := newDisplay(&buf, mpb.WithAutoRefresh())
	progress, done := d.MIP("coupling MILP")
	progress(MIPState{Seconds: 0.5, Nodes: 3, Incumbent: math.Inf(-1), Bound: 10, Gap: math.Inf(1)})
	done()
	d.Wait()
	require.NotContains(t, buf.String(), "coupling MILP", "a quick MILP shows nothing")

	buf.Reset()
	d = newDisplay(&buf, mpb.WithAutoRefresh())
	progress, done = d.MIP("coupling MILP")
	progress(MIPState{Seconds: MIPDelay.Seconds() + 0.1, Nodes: 718, Incumbent: 95, Bound: 100, Gap: 0.05})
	time.Sleep(400 * time.Millisecond) // at least one refresh
	done()
	d.Wait()
	require.Contains(t, buf.String(), "coupling MILP")
	require.Contains(t, buf.String(), "incumbent 95  bound 100  gap 5.00%")
}

func TestMIPLine(t *testing.T) {
	for _, tc := range []struct {
		m    MIPState
		want string
	}{
		{MIPState{Seconds: 2.5, Nodes: 12, Incumbent: math.Inf(1), Bound: 0, Gap: math.Inf(1)}, "  2.5 s  12 nodes  no incumbent yet  bound 0"},
		{MIPState{Seconds: 9.2, Nodes: 0, Incumbent: math.Inf(-1), Bound: math.Inf(1), Gap: math.Inf(1)}, "  9.2 s  0 nodes  solving the root relaxation"},
		{MIPState{Seconds: 61, Nodes: -1, Incumbent: 1.5e9, Bound: 1.6e9, Gap: 0.0625}, " 61.0 s  incumbent 1.5e+09  bound 1.6e+09  gap 6.25%"},
	} {
		require.Equal(t, tc.want, MIPLine(tc.m))
	}
}

// TestWriterKeepsLinesApart: text written while bars are drawn goes
// through the display; without one, to the fallback.
func TestWriterKeepsLinesApart(t *testing.T) {
	var buf, fallback bytes.Buffer
	var none *Display
	require.Same(t, &fallback, none.Writer(&fallback))
	d := newDisplay(&buf, mpb.WithAutoRefresh())
	c := d.Counter("sweep", 2)
	c.Doing("scenario lease-115")
	_, err := io.WriteString(d.Writer(&fallback), "scenario base done\n")
	require.NoError(t, err)
	c.Add(2)
	d.Wait()
	require.Zero(t, fallback.Len())
	require.Contains(t, buf.String(), "scenario base done")
	require.Contains(t, buf.String(), "2/2")
}
