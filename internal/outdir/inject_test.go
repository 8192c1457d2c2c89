package outdir

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// failingOps make the n-th file-system step of a publish fail (counting
// from 1), and count the steps.
type failingOps struct {
	osOps
	failAt int
	steps  []string
}

var errInjected = errors.New("injected failure")

func (f *failingOps) step(name string) error {
	f.steps = append(f.steps, name)
	if len(f.steps) == f.failAt {
		return fmt.Errorf("%s: %w", name, errInjected)
	}
	return nil
}

func (f *failingOps) Link(a, b string) error {
	if err := f.step("link " + filepath.Base(b)); err != nil {
		return err
	}
	return f.osOps.Link(a, b)
}

func (f *failingOps) Symlink(a, b string) error {
	if err := f.step("symlink " + filepath.Base(b)); err != nil {
		return err
	}
	return f.osOps.Symlink(a, b)
}

func (f *failingOps) Rename(a, b string) error {
	if err := f.step("rename"); err != nil {
		return err
	}
	return f.osOps.Rename(a, b)
}

func (f *failingOps) Exchange(a, b string) error {
	if err := f.step("exchange"); err != nil {
		return err
	}
	return f.osOps.Exchange(a, b)
}

func (f *failingOps) Remove(p string) error {
	if err := f.step("remove " + filepath.Base(p)); err != nil {
		return err
	}
	return f.osOps.Remove(p)
}

func (f *failingOps) RemoveAll(p string) error {
	if err := f.step("remove previous set"); err != nil {
		return err
	}
	return f.osOps.RemoveAll(p)
}

func (f *failingOps) WriteFile(p string, data []byte) error {
	if err := f.step("write " + filepath.Base(p)); err != nil {
		return err
	}
	return f.osOps.WriteFile(p, data)
}

func (f *failingOps) Chmod(p string, m os.FileMode) error {
	if err := f.step("chmod"); err != nil {
		return err
	}
	return f.osOps.Chmod(p, m)
}

func (f *failingOps) SyncDir(p string) error {
	if err := f.step("sync"); err != nil {
		return err
	}
	return f.osOps.SyncDir(p)
}

type testManifest struct {
	Run     string `json:"run"`
	Outputs []File `json:"outputs"`
}

// publishWith publishes one run's files through ops.
func publishWith(ctx context.Context, ops fileOps, dir, run string, names ...string) (Published, error) {
	set, err := stage(dir, ops)
	if err != nil {
		return Published{}, err
	}
	for _, name := range names {
		if err := set.Write(name, func(w io.Writer) error { _, err := fmt.Fprintf(w, "%s:%s", run, name); return err }); err != nil {
			set.Abort()
			return Published{}, err
		}
	}
	return set.Publish(ctx, func(files []File) any { return testManifest{Run: run, Outputs: files} })
}

// snapshot reads every entry of dir (names and contents), to compare sets
// byte for byte.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		out[e.Name()] = string(data)
	}
	return out
}

// requireNoStages checks that no staging directory is left beside dir.
func requireNoStages(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dir))
	require.NoError(t, err)
	for _, e := range entries {
		require.False(t, strings.HasPrefix(e.Name(), stagePrefix), "staging directory %s left", e.Name())
	}
}

// verifiesAs checks that dir holds one complete set, of run.
func verifiesAs(t *testing.T, dir, run string) {
	t.Helper()
	var m testManifest
	require.NoError(t, ReadManifest(context.Background(), dir, &m))
	require.Equal(t, run, m.Run)
}

// TestAFailureAtAnyStepLeavesOneCompleteSet makes each file-system step
// of a publish fail in turn (with the user's own file and link to carry
// over): a failure before the switch leaves the previous set byte for
// byte; one after it leaves the new set, complete, and says what it left
// behind. Publish and Replace alike.
func TestAFailureAtAnyStepLeavesOneCompleteSet(t *testing.T) {
	for _, replace := range []bool{false, true} {
		t.Run(fmt.Sprintf("replace=%v", replace), func(t *testing.T) {
			// A run with no failure lists the steps.
			all := &failingOps{}
			runPublish(t, all, replace)
			switchedAt := indexOf(all.steps, "exchange")
			require.Greater(t, switchedAt, 2, "the carry-over steps come before the switch: %v", all.steps)
			for n := 1; n <= len(all.steps); n++ {
				ops := &failingOps{failAt: n}
				dir, before, pub, err := runPublish(t, ops, replace)
				step := all.steps[n-1]
				if n <= switchedAt+1 {
					require.ErrorIs(t, err, errInjected, "step %d (%s)", n, step)
					require.Contains(t, err.Error(), "left as it was")
					require.Equal(t, before, snapshot(t, dir), "a failure at step %d (%s) leaves the previous set byte for byte", n, step)
					verifiesAs(t, dir, "a")
					requireNoStages(t, dir)
					continue
				}
				require.NoError(t, err, "after the switch the set is published: step %d (%s)", n, step)
				got := snapshot(t, dir)
				require.Equal(t, "b:report.html", got["report.html"])
				require.Equal(t, "mine", got["notes.txt"], "the user's file is carried over")
				target, err := os.Readlink(filepath.Join(dir, "link"))
				require.NoError(t, err)
				require.Equal(t, "notes.txt", target, "the user's link is carried over")
				var m testManifest
				require.NoError(t, ReadManifest(context.Background(), dir, &m), "one complete set that verifies")
				if step == "remove previous set" {
					require.Contains(t, pub.LeftBehind, "could not be removed")
				} else {
					requireNoStages(t, dir)
				}
			}
		})
	}
}

// runPublish publishes set a, adds the user's file and link, then
// publishes set b (or replaces a's report.html) through ops.
func runPublish(t *testing.T, ops *failingOps, replace bool) (dir string, before map[string]string, pub Published, err error) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "out")
	_, err = publishWith(context.Background(), osOps{}, dir, "a", "summary.json", "hourly.csv", "report.html")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600))
	require.NoError(t, os.Symlink("notes.txt", filepath.Join(dir, "link")))
	before = snapshot(t, dir)
	if !replace {
		pub, err = publishWith(context.Background(), ops, dir, "b", "summary.json", "hourly.csv", "report.html")
		return dir, before, pub, err
	}
	e, err := open(context.Background(), dir, ops, nil, "report.html")
	require.NoError(t, err)
	defer e.Close()
	pub, err = e.Replace(context.Background(), "report.html", func(w io.Writer) error { _, err := io.WriteString(w, "b:report.html"); return err })
	return dir, before, pub, err
}

func indexOf(steps []string, name string) int {
	for i, s := range steps {
		if s == name {
			return i
		}
	}
	return -1
}

// TestCancelledBeforeTheSwitchPublishesNothing: a context done by the
// last moment before the switch leaves the previous set.
func TestCancelledBeforeTheSwitchPublishesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	_, err := publishWith(context.Background(), osOps{}, dir, "a", "summary.json")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	ops := &cancellingOps{cancel: cancel}
	_, err = publishWith(ctx, ops, dir, "b", "summary.json")
	require.ErrorIs(t, err, context.Canceled)
	verifiesAs(t, dir, "a")
	requireNoStages(t, dir)
}

// cancellingOps cancel the context at the last step before the switch
// (removing the stage's marker).
type cancellingOps struct {
	osOps
	cancel func()
}

func (c *cancellingOps) Remove(p string) error {
	if filepath.Base(p) == markerName {
		c.cancel()
	}
	return c.osOps.Remove(p)
}
