package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/bench"
)

// writtenCase is what `bench write-case` prints: the case directory and
// its size on disk.
type writtenCase struct {
	Dir     string  `json:"dir"`
	InputMB float64 `json:"input_mb"`
}

// newBenchWriteCaseCommand writes one target's case. bench runs it in a
// child process so that generating a large portfolio does not grow the
// bench process itself: on Linux each child it starts counts the bench
// process's peak memory as its own (docs/performance.md).
func newBenchWriteCaseCommand(stdout io.Writer) *cobra.Command {
	var name, dir string
	cmd := &cobra.Command{
		Use:    "write-case --target NAME --cases-dir DIR",
		Short:  "Write one target's case (used by bench --targets)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, t := range bench.Targets() {
				if t.Name != name {
					continue
				}
				caseDir, size, err := t.WriteCase(dir)
				if err != nil {
					return withCode(exitBadInput, fmt.Errorf("target %s: %w", name, err))
				}
				return json.NewEncoder(stdout).Encode(writtenCase{Dir: caseDir, InputMB: size})
			}
			return withCode(exitUsage, fmt.Errorf("--target %q: no such target", name))
		},
	}
	cmd.Flags().StringVar(&name, "target", "", "the target's name")
	cmd.Flags().StringVar(&dir, "cases-dir", "", "where to write its case")
	return cmd
}

// writeCaseInChild writes a target's case by `gridflip bench write-case`.
func writeCaseInChild(cmd *cobra.Command, t bench.Target, casesDir string) (writtenCase, error) {
	exe, err := os.Executable()
	if err != nil {
		return writtenCase{}, err
	}
	child := exec.CommandContext(cmd.Context(), exe, "bench", "write-case", "--target", t.Name, "--cases-dir", casesDir)
	var out, errOut bytes.Buffer
	child.Stdout, child.Stderr = &out, &errOut
	runErr := child.Run()
	if err := cmd.Context().Err(); err != nil {
		return writtenCase{}, err
	}
	var w writtenCase
	if runErr != nil || json.Unmarshal(out.Bytes(), &w) != nil {
		return writtenCase{}, withCode(exitBadInput, fmt.Errorf("target %s: writing its case: %v: %s", t.Name, runErr, strings.TrimSpace(errOut.String())))
	}
	return w, nil
}
