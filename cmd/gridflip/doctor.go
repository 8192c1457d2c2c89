package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/solver/highs"
)

// highsboxVersion is the highsbox wheel `gridflip setup` installs (the
// version scripts/setup-highs.sh pins).
const highsboxVersion = "1.15.1"

// envPython names the Python that `gridflip setup` runs pip with.
const envPython = "GRIDFLIP_PYTHON"

func (a *app) doctorCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Say where HiGHS was found, or how to install it",
		Long: `doctor tries every place gridflip looks for the HiGHS library, in order, and
says which one loads, its version, and which one plan will use. Without one it
prints how to install HiGHS (gridflip setup does it for you) and exits 4.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			out := a.stdout
			cgo := "on"
			if !cgoEnabled() {
				cgo = "off: this binary cannot load HiGHS; rebuild with CGO_ENABLED=1 and a C compiler"
			}
			fmt.Fprintf(out, "gridflip %s, %s %s/%s, cgo %s\n", buildVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH, cgo)
			fmt.Fprintf(out, "HiGHS: the places gridflip tries, in order")
			if p := os.Getenv(highs.EnvLib); p != "" {
				fmt.Fprintf(out, " ($%s is set, so only it)", highs.EnvLib)
			}
			fmt.Fprintln(out, ":")
			var used *highs.Probe
			probes := highs.ProbeAll()
			for i := range probes {
				p := &probes[i]
				switch {
				case p.Err != nil && brokenLink(p.Path) != "":
					fmt.Fprintf(out, "  no    %s: %s\n", p.Path, brokenLink(p.Path))
				case p.Err != nil:
					fmt.Fprintf(out, "  no    %s: %v\n", p.Path, p.Err)
				default:
					used = p
					fmt.Fprintf(out, "  used  %s: HiGHS %s\n", p.Path, p.Version)
				}
			}
			if os.Getenv(highs.EnvLib) == "" {
				writeLookedAt(out, probes)
			}
			if used == nil {
				return withCode(exitSolver, fmt.Errorf("%w\n%s", highs.ErrNotFound, highs.InstallHint))
			}
			fmt.Fprintf(out, "ready: plan solves with HiGHS %s from %s\n", used.Version, used.Path)
			return nil
		},
	}
}

// localHiGHSLib is where a checkout's `make setup` puts the library,
// looked for in the executable's and the working directory's trees.
const localHiGHSLib = ".highs/lib/libhighs.so"

// writeLookedAt lists the places gridflip looked at but did not try
// (nothing there, or a broken link), and the cache setup installs into,
// so that a library in the wrong place is found from doctor's output.
func writeLookedAt(out io.Writer, tried []highs.Probe) {
	isTried := map[string]bool{}
	for _, p := range tried {
		isTried[p.Path] = true
	}
	fmt.Fprintln(out, "Also looked at, not tried:")
	var starts []string
	if exe, err := os.Executable(); err == nil {
		starts = append(starts, filepath.Dir(exe))
	}
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	for _, dir := range starts {
		for d := dir; ; d = filepath.Dir(d) {
			if p := filepath.Join(d, localHiGHSLib); !isTried[p] && brokenLink(p) != "" {
				fmt.Fprintf(out, "  no    %s: %s\n", p, brokenLink(p))
			}
			if filepath.Dir(d) == d {
				break
			}
		}
		fmt.Fprintf(out, "  %s in %s and its parents\n", localHiGHSLib, dir)
	}
	dir := highs.UserDir()
	if dir == "" {
		fmt.Fprintln(out, "  no user cache directory: neither $XDG_CACHE_HOME nor $HOME is set (gridflip setup then needs --dir)")
		return
	}
	lib := highs.UserLib()
	switch _, err := os.Lstat(lib); {
	case isTried[lib]:
	case brokenLink(lib) != "":
		fmt.Fprintf(out, "  no    %s: %s\n", lib, brokenLink(lib))
	case err != nil:
		fmt.Fprintf(out, "  no    %s: nothing there\n", lib)
	}
	fmt.Fprintf(out, "the cache gridflip setup installs into: %s\n", dir)
}

// brokenLink describes path when it is a symbolic link whose target does
// not exist ("broken link to X"), and is "" otherwise.
func brokenLink(path string) string {
	info, err := os.Lstat(path)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return ""
	}
	if _, err := os.Stat(path); err == nil {
		return ""
	}
	target, err := os.Readlink(path)
	if err != nil {
		return "broken link"
	}
	return "broken link to " + target
}

// buildVersion is the module version the binary was built from ("devel"
// for a checkout build).
func buildVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}

// cgoEnabled reports whether the binary was built with cgo (without it,
// HiGHS cannot be loaded).
func cgoEnabled() bool {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "CGO_ENABLED" {
				return s.Value == "1"
			}
		}
	}
	return true
}

func (a *app) setupCommand() *cobra.Command {
	var dir, version string
	cmd := &cobra.Command{
		Use:   "setup",
		Short: "Install HiGHS (the highsbox wheel) into the user's cache directory",
		Long: `setup installs HiGHS for a gridflip binary that is not in a checkout (go
install): it runs pip (python3, or $GRIDFLIP_PYTHON) to put the highsbox wheel
from PyPI into --dir, links lib/libhighs.so there and loads it to check. gridflip
looks there after a checkout's .highs/. Nothing is changed when the library is
already in place and loads. A failed install leaves the previous one and no
half-installed library (exit 4); a directory that cannot be written exits 1.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			explicit := dir != ""
			if dir == "" {
				if dir = highs.UserDir(); dir == "" {
					return withCode(exitUsage, errors.New("no user cache directory on this system: give --dir"))
				}
			}
			lib := filepath.Join(dir, "lib", "libhighs.so")
			if h, err := highs.LoadFrom(lib); err == nil {
				fmt.Fprintf(a.stdout, "HiGHS %s is already installed at %s\n", h.Version(), lib)
				return nil
			}
			if err := installHighsbox(cmd, dir, version, explicit, a.stderr); err != nil {
				if errors.As(err, new(*exitError)) || isCancel(err) {
					return err
				}
				return withCode(exitSolver, err)
			}
			h, err := highs.LoadFrom(lib)
			if err != nil {
				return withCode(exitSolver, fmt.Errorf("installed, but the library does not load: %w", err))
			}
			fmt.Fprintf(a.stdout, "HiGHS %s installed at %s; gridflip finds it there ('gridflip doctor' shows it)\n", h.Version(), lib)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "install here (default: gridflip/highs in the user's cache directory; gridflip only looks there by default)")
	cmd.Flags().StringVar(&version, "highsbox-version", highsboxVersion, "the highsbox wheel's version")
	pathFlags(cmd, "dir")
	return cmd
}

// installHighsbox pip-installs the wheel into a staging directory inside
// dir, links lib/libhighs.so there to the library inside, checks that it
// loads, and only then moves the package and the link into place. A
// failure leaves dir as it was: no staging directory, no half-installed
// library, and no directory setup created. A dir that cannot be written
// is bad input (exit 1).
func installHighsbox(cmd *cobra.Command, dir, version string, explicitDir bool, log io.Writer) (err error) {
	py := findPython()
	if py == "" {
		return fmt.Errorf("setup needs python3 with pip (or set $%s)\n%s", envPython, highs.InstallHint)
	}
	created, err := mkdirAllCreated(dir)
	if err != nil {
		return unwritable(dir, explicitDir, err)
	}
	defer func() {
		if err != nil && created != "" {
			_ = os.RemoveAll(created)
		}
	}()
	staged, err := os.MkdirTemp(dir, ".setup-staging-")
	if err != nil {
		return unwritable(dir, explicitDir, err)
	}
	defer os.RemoveAll(staged)
	fmt.Fprintf(log, "setup: %s -m pip install highsbox==%s into %s ...\n", py, version, dir)
	pip := exec.CommandContext(cmd.Context(), py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
		"--no-deps", "--target", filepath.Join(staged, "pkg"), "highsbox=="+version)
	pip.Stdout, pip.Stderr = log, log
	if err := pip.Run(); err != nil {
		if cmd.Context().Err() != nil {
			return cmd.Context().Err()
		}
		return fmt.Errorf("pip install highsbox==%s: %w", version, err)
	}
	if err := stageLink(staged, version); err != nil {
		return err
	}
	if _, err := highs.LoadFrom(filepath.Join(staged, "lib", "libhighs.so")); err != nil {
		return fmt.Errorf("the highsbox %s wheel's library does not load, so nothing was installed: %w", version, err)
	}
	return moveIntoPlace(dir, staged)
}

// findPython is $GRIDFLIP_PYTHON, else python3 or python on the PATH.
func findPython() string {
	if py := os.Getenv(envPython); py != "" {
		return py
	}
	for _, name := range []string{"python3", "python"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// stageLink links staged/lib/libhighs.so, relatively, to the library pip
// put under staged/pkg, so that the link stays right once both move.
func stageLink(staged, version string) error {
	pkg := filepath.Join(staged, "pkg")
	var found string
	err := filepath.WalkDir(pkg, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "libhighs.so" && found == "" {
			found = p
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("reading the installed wheel: %w", err)
	}
	if found == "" {
		return fmt.Errorf("the highsbox %s wheel holds no libhighs.so (gridflip setup knows Linux wheels)", version)
	}
	if err := os.Mkdir(filepath.Join(staged, "lib"), 0o755); err != nil {
		return err
	}
	rel := filepath.Join("..", "pkg", strings.TrimPrefix(found, pkg+string(filepath.Separator)))
	return os.Symlink(rel, filepath.Join(staged, "lib", "libhighs.so"))
}

// moveIntoPlace replaces dir/pkg and dir/lib/libhighs.so by the staged
// ones; if a step fails, the previous package is put back.
func moveIntoPlace(dir, staged string) error {
	pkg, old := filepath.Join(dir, "pkg"), filepath.Join(dir, "pkg.old")
	_ = os.RemoveAll(old)
	hadOld := os.Rename(pkg, old) == nil
	restore := func(err error) error {
		_ = os.RemoveAll(pkg)
		if hadOld {
			_ = os.Rename(old, pkg)
		}
		return fmt.Errorf("installing into %s: %w", dir, err)
	}
	if err := os.Rename(filepath.Join(staged, "pkg"), pkg); err != nil {
		return restore(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "lib"), 0o755); err != nil {
		return restore(err)
	}
	if err := os.Rename(filepath.Join(staged, "lib", "libhighs.so"), filepath.Join(dir, "lib", "libhighs.so")); err != nil {
		return restore(err)
	}
	_ = os.RemoveAll(old)
	return nil
}

// mkdirAllCreated is os.MkdirAll that also returns the topmost directory
// it created ("" when dir existed), for removal after a failure.
func mkdirAllCreated(dir string) (string, error) {
	var created string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		created = d
	}
	return created, os.MkdirAll(dir, 0o755)
}

// unwritable is the bad-input error of a setup directory that cannot be
// written; the default one names the variables it comes from.
func unwritable(dir string, explicit bool, err error) error {
	if explicit {
		return withCode(exitBadInput, fmt.Errorf("--dir %s: cannot write there: %w", dir, err))
	}
	return withCode(exitBadInput, fmt.Errorf("cannot write the cache directory %s: %w\n"+
		"It is the user's cache directory ($XDG_CACHE_HOME, else $HOME/.cache; now XDG_CACHE_HOME=%q, HOME=%q) plus gridflip/highs: "+
		"point XDG_CACHE_HOME or HOME at a writable directory, or give --dir", dir, err, os.Getenv("XDG_CACHE_HOME"), os.Getenv("HOME")))
}
