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

	"github.com/gridflip/gridflip/solver"
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
			if p := os.Getenv(solver.EnvHiGHSLib); p != "" {
				fmt.Fprintf(out, " ($%s is set, so only it)", solver.EnvHiGHSLib)
			}
			fmt.Fprintln(out, ":")
			var used *solver.Probe
			probes := solver.ProbeHiGHS()
			for i := range probes {
				p := &probes[i]
				switch {
				case p.Err != nil:
					fmt.Fprintf(out, "  no    %s: %v\n", p.Path, p.Err)
				default:
					used = p
					fmt.Fprintf(out, "  used  %s: HiGHS %s\n", p.Path, p.Version)
				}
			}
			if dir := solver.UserHiGHSDir(); dir != "" {
				fmt.Fprintf(out, "gridflip setup installs into %s\n", dir)
			}
			if used == nil {
				return withCode(exitSolver, fmt.Errorf("%w\n%s", solver.ErrHiGHSNotFound, solver.InstallHint))
			}
			fmt.Fprintf(out, "ready: plan solves with HiGHS %s from %s\n", used.Version, used.Path)
			return nil
		},
	}
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
already in place and loads; a failed install leaves the previous one.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dir == "" {
				if dir = solver.UserHiGHSDir(); dir == "" {
					return withCode(exitUsage, errors.New("no user cache directory on this system: give --dir"))
				}
			}
			lib := filepath.Join(dir, "lib", "libhighs.so")
			if h, err := solver.LoadHiGHSFrom(lib); err == nil {
				fmt.Fprintf(a.stdout, "HiGHS %s is already installed at %s\n", h.Version(), lib)
				return nil
			}
			if err := installHighsbox(cmd, dir, version, a.stderr); err != nil {
				return withCode(exitSolver, err)
			}
			h, err := solver.LoadHiGHSFrom(lib)
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

// installHighsbox pip-installs the wheel into dir/pkg (staged beside it,
// then renamed) and links dir/lib/libhighs.so to the library inside.
func installHighsbox(cmd *cobra.Command, dir, version string, log io.Writer) error {
	py := os.Getenv(envPython)
	if py == "" {
		for _, name := range []string{"python3", "python"} {
			if p, err := exec.LookPath(name); err == nil {
				py = p
				break
			}
		}
	}
	if py == "" {
		return fmt.Errorf("setup needs python3 with pip (or set $%s)\n%s", envPython, solver.InstallHint)
	}
	if err := os.MkdirAll(filepath.Join(dir, "lib"), 0o755); err != nil {
		return err
	}
	staged, err := os.MkdirTemp(dir, "pkg-staging-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(staged)
	fmt.Fprintf(log, "setup: %s -m pip install highsbox==%s into %s ...\n", py, version, dir)
	pip := exec.CommandContext(cmd.Context(), py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
		"--no-deps", "--target", staged, "highsbox=="+version)
	pip.Stdout, pip.Stderr = log, log
	if err := pip.Run(); err != nil {
		if cmd.Context().Err() != nil {
			return cmd.Context().Err()
		}
		return fmt.Errorf("pip install highsbox==%s: %w", version, err)
	}
	var found string
	err = filepath.WalkDir(staged, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "libhighs.so" && found == "" {
			found = p
		}
		return err
	})
	if err != nil {
		return err
	}
	if found == "" {
		return fmt.Errorf("the highsbox %s wheel holds no libhighs.so (gridflip setup knows Linux wheels)", version)
	}
	pkg := filepath.Join(dir, "pkg")
	old := pkg + ".old"
	_ = os.RemoveAll(old)
	if _, err := os.Stat(pkg); err == nil {
		if err := os.Rename(pkg, old); err != nil {
			return err
		}
	}
	if err := os.Rename(staged, pkg); err != nil {
		return err
	}
	if err := os.Chmod(pkg, 0o755); err != nil { // MkdirTemp made it private
		return err
	}
	_ = os.RemoveAll(old)
	rel := filepath.Join("..", "pkg", strings.TrimPrefix(found, staged+string(filepath.Separator)))
	link := filepath.Join(dir, "lib", "libhighs.so")
	tmp := link + ".new"
	_ = os.Remove(tmp)
	if err := os.Symlink(rel, tmp); err != nil {
		return err
	}
	return os.Rename(tmp, link)
}
