//go:build unix

package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/bench"
	"github.com/gridflip/gridflip/cases/synth"
	"github.com/gridflip/gridflip/solver/highs"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// EnvSignalFull makes TestSIGINTAtAnyPoint interrupt the real workloads,
// the 1,000-site year and the us-miners stochastic plan (about 4 and 20
// minutes), instead of smaller generated cases of the same kinds.
const EnvSignalFull = "GRIDFLIP_SIGNAL_FULL"

// signalLatency is how soon after SIGINT an interrupted run must exit.
const signalLatency = time.Second

// TestSIGINTAtAnyPoint: issue 15, defect 4. A real SIGINT at ten points
// spread over plan --out, one during report.html, and three during
// gridflip report: each run exits 130 within a second with the previous
// results set intact (its manifest verifies and it is byte-identical), or
// exits 0 having published before the signal.
func TestSIGINTAtAnyPoint(t *testing.T) {
	if testing.Short() {
		t.Skip("runs gridflip plan --out some forty times")
	}
	h := solvertest.HiGHS(t)
	exe := buildGridflip(t)
	env := append(os.Environ(), highs.EnvLib+"="+h.LibraryPath())
	for _, tc := range signalCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			interruptRuns(t, &child{exe: exe, env: env}, tc.args)
		})
	}
}

// signalCase is a plan the signal test interrupts (without --out).
type signalCase struct {
	name string
	args []string
}

// signalCases writes the generated cases: a one-year portfolio and a
// stochastic plan; with EnvSignalFull the 1,000-site year of the bench
// targets and the us-miners case across its 18 scenarios.
func signalCases(t *testing.T) []signalCase {
	dir := t.TempDir()
	if os.Getenv(EnvSignalFull) == "1" {
		i := slices.IndexFunc(bench.Targets(), func(tg bench.Target) bool { return tg.Name == "s1000-h8760-exact" })
		require.GreaterOrEqual(t, i, 0)
		year, _, err := bench.Targets()[i].WriteCase(dir)
		require.NoError(t, err)
		miners, err := filepath.Abs("../../cases/us-miners")
		require.NoError(t, err)
		return []signalCase{
			{"1000-site year", []string{"plan", year}},
			{"us-miners stochastic", []string{"plan", miners, "--scenarios", filepath.Join(miners, "scenarios.toml")}},
		}
	}
	write := func(name string, spec synth.Spec) string {
		in, err := synth.Portfolio(spec)
		require.NoError(t, err)
		path := filepath.Join(dir, name)
		require.NoError(t, synth.WriteCase(path, in))
		return path
	}
	spec := synth.Spec{Hours: 8760, HallsPerSite: 3, Seed: bench.Seed, CommitmentShare: 0.2, CapShare: 0.3}
	year, stochastic := spec, spec
	year.Sites = 40
	stochastic.Sites, stochastic.Scenarios, stochastic.RiskWeight = 12, 4, 0.5
	return []signalCase{
		{"40-site year", []string{"plan", write("year", year)}},
		{"12-site stochastic", []string{"plan", write("stochastic", stochastic)}},
	}
}

// interruptRuns runs the plan once to completion (the previous set),
// then interrupts it at ten points and during report.html, then
// interrupts gridflip report at three points.
func interruptRuns(t *testing.T, c *child, plan []string) {
	out := filepath.Join(t.TempDir(), "out")
	plan = append(plan, "--out", out, "--log-level", "info")
	// Twice: the shorter run (warm caches, less load) measures the
	// duration, so that most signals reach a running process.
	full := c.run(t, plan, trigger{})
	require.Equal(t, exitOK, full.code, full.stderr)
	again := c.run(t, plan, trigger{})
	require.Equal(t, exitOK, again.code, again.stderr)
	if again.took < full.took {
		full = again
	}
	prev := verifySet(t, out)
	html, err := full.phase("file=scenarios.csv", "file=report.html")
	require.NoError(t, err, full.stderr)
	t.Logf("full run %.1f s, report.html %.1f s", full.took.Seconds(), html.Seconds())

	var latencies []time.Duration
	for i := range 10 {
		at := time.Duration((0.05 + 0.1*float64(i)) * float64(full.took))
		r := c.run(t, plan, trigger{after: at})
		prev = checkInterrupted(t, r, out, prev)
		if r.signalled {
			latencies = append(latencies, r.latency)
		}
	}
	require.GreaterOrEqual(t, len(latencies), 5, "most runs still ran at their signal")
	slices.Sort(latencies)
	n := len(latencies)
	t.Logf("plan --out: latency max %v, median %v over the %d runs the signal reached", latencies[n-1].Round(time.Millisecond),
		((latencies[(n-1)/2] + latencies[n/2]) / 2).Round(time.Millisecond), n)
	// During report.html: from halfway into it, sooner when a loaded
	// machine drew the page faster than the measured run did.
	signalled := false
	for _, share := range []float64{0.5, 0.25, 0.1, 0} {
		r := c.run(t, plan, trigger{line: "file=scenarios.csv", after: time.Duration(share * float64(html))})
		prev = checkInterrupted(t, r, out, prev)
		if signalled = r.signalled; signalled {
			break
		}
	}
	require.True(t, signalled, "SIGINT during report.html")

	rebuild := []string{"report", out}
	full = c.run(t, rebuild, trigger{})
	require.Equal(t, exitOK, full.code, full.stderr)
	prev = verifySet(t, out)
	for _, share := range []float64{0.3, 0.6, 0.9} {
		r := c.run(t, rebuild, trigger{after: time.Duration(share * float64(full.took))})
		prev = checkInterrupted(t, r, out, prev)
	}
}

// checkInterrupted checks an interrupted run and returns the set now in
// out: the previous one after exit 130, the new one after exit 0.
func checkInterrupted(t *testing.T, r result, out string, prev map[string]string) map[string]string {
	t.Helper()
	if !r.signalled {
		t.Logf("%s: finished (exit %d) before the signal at %v", r.args[0], r.code, r.trigger.after)
		require.Equal(t, exitOK, r.code, r.stderr)
		return verifySet(t, out)
	}
	t.Logf("%s: SIGINT at %.2f s, exit %d after %v", r.args[0], r.sentAt.Sub(r.began).Seconds(), r.code, r.latency.Round(time.Millisecond))
	require.Less(t, r.latency, signalLatency, "exit within a second of SIGINT")
	switch r.code {
	case exitInterrupted:
		require.Equal(t, prev, verifySet(t, out), "the previous set is intact")
		return prev
	case exitOK:
		info, err := os.Stat(filepath.Join(out, "manifest.json"))
		require.NoError(t, err)
		require.False(t, info.ModTime().After(r.sentAt), "exit 0 after SIGINT only when the set was published before it")
		return verifySet(t, out)
	}
	t.Fatalf("exit %d after SIGINT: %s", r.code, r.stderr)
	return nil
}

// verifySet checks a results set against its manifest (every file listed
// exists with the listed size and SHA-256, and no other file is in the
// directory) and returns each file's SHA-256, the manifest's included.
func verifySet(t *testing.T, dir string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	require.NoError(t, err)
	var m Manifest
	require.NoError(t, json.Unmarshal(data, &m))
	sum := sha256.Sum256(data)
	out := map[string]string{"manifest.json": hex.EncodeToString(sum[:])}
	for _, f := range m.Outputs {
		data, err := os.ReadFile(filepath.Join(dir, f.Name))
		require.NoError(t, err, "a file the manifest lists")
		require.Equal(t, f.Bytes, int64(len(data)), f.Name)
		sum := sha256.Sum256(data)
		require.Equal(t, f.SHA256, hex.EncodeToString(sum[:]), f.Name)
		out[f.Name] = f.SHA256
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			require.Contains(t, out, e.Name(), "a file the manifest does not list")
		}
	}
	return out
}

// buildGridflip builds the command into a temporary directory.
func buildGridflip(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build gridflip with")
	}
	exe := filepath.Join(t.TempDir(), "gridflip")
	build := exec.Command(goTool, "build", "-o", exe, ".")
	outBytes, err := build.CombinedOutput()
	require.NoError(t, err, string(outBytes))
	return exe
}

// child runs the gridflip binary.
type child struct {
	exe string
	env []string
}

// trigger says when to send SIGINT: after a delay from the start, or,
// with line, that long after the first stderr line containing it. The
// zero trigger sends none.
type trigger struct {
	line  string
	after time.Duration
}

// result is one run of the binary.
type result struct {
	args      []string
	trigger   trigger
	code      int
	stderr    string
	lines     []stamped
	began     time.Time
	took      time.Duration
	signalled bool
	sentAt    time.Time
	latency   time.Duration // from SIGINT to exit
}

// stamped is a stderr line and when it was read, from the start.
type stamped struct {
	at   time.Duration
	text string
}

// phase is the time from the first line containing from to the first
// containing to.
func (r result) phase(from, to string) (time.Duration, error) {
	var begin, end time.Duration = -1, -1
	for _, l := range r.lines {
		if begin < 0 && strings.Contains(l.text, from) {
			begin = l.at
		}
		if end < 0 && strings.Contains(l.text, to) {
			end = l.at
		}
	}
	if begin < 0 || end < begin {
		return 0, errors.New("no " + from + " then " + to + " in the log")
	}
	return end - begin, nil
}

// run runs the binary with args and sends SIGINT as tr says.
func (c *child) run(t *testing.T, args []string, tr trigger) result {
	t.Helper()
	cmd := exec.Command(c.exe, args...)
	cmd.Env, cmd.Stdout = c.env, io.Discard
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	r := result{args: args, trigger: tr, began: time.Now()}
	require.NoError(t, cmd.Start())
	fire := make(chan struct{}, 1)
	signalIn := func(d time.Duration) { time.AfterFunc(d, func() { fire <- struct{}{} }) }
	if tr.line == "" && tr.after > 0 {
		signalIn(tr.after)
	}
	exited := make(chan error, 1)
	go func() {
		s := bufio.NewScanner(stderr)
		s.Buffer(nil, 1<<20)
		for matched := false; s.Scan(); {
			r.lines = append(r.lines, stamped{time.Since(r.began), s.Text()})
			if tr.line != "" && !matched && strings.Contains(s.Text(), tr.line) {
				matched = true
				signalIn(tr.after)
			}
		}
		exited <- cmd.Wait() // after the last line: Wait closes the pipe
	}()
	var waitErr error
	for done := false; !done; {
		select {
		case <-fire:
			sent := time.Now()
			if err := cmd.Process.Signal(os.Interrupt); !errors.Is(err, os.ErrProcessDone) {
				require.NoError(t, err)
				r.signalled, r.sentAt = true, sent
			}
		case waitErr = <-exited:
			done = true
		case <-time.After(30 * time.Minute):
			_ = cmd.Process.Kill()
			t.Fatalf("%v: still running after 30 minutes", args)
		}
	}
	end := time.Now()
	r.took = end.Sub(r.began)
	if r.signalled {
		r.latency = end.Sub(r.sentAt)
	}
	var text strings.Builder
	for _, l := range r.lines {
		text.WriteString(l.text + "\n")
	}
	r.stderr = text.String()
	r.code = exitCode(t, cmd, waitErr)
	return r
}

// exitCode is the run's exit code; a process SIGINT killed before gridflip
// installed its handler counts as 130, as shells report it.
func exitCode(t *testing.T, cmd *exec.Cmd, err error) int {
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGINT {
		t.Logf("%v: killed by SIGINT before its handler was installed", cmd.Args[1:])
		return exitInterrupted
	}
	return cmd.ProcessState.ExitCode()
}
