package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSweepMergeRefusesTamperedResultsExit1: a result file whose id is not
// its name's, or with negative MW, is bad input (exit 1) naming the file,
// and nothing is written.
func TestSweepMergeRefusesTamperedResultsExit1(t *testing.T) {
	for name, text := range map[string]string{
		"another id": `{"scenario": {"id": "y"}, "status": "optimal", "method": "decomposed", "objective_usd": 1, "halls_built": 0,
  "new_ai_it_mw": 0, "new_ai_meter_mw": 0, "new_capex_usd": 0, "mining_mwh": 0, "site_halls": {}}`,
		"negative MW": `{"scenario": {"id": "x"}, "status": "optimal", "method": "decomposed", "objective_usd": 1, "halls_built": 0,
  "new_ai_it_mw": -5, "new_ai_meter_mw": 0, "new_capex_usd": 0, "mining_mwh": 0, "site_halls": {}}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "scenario-x.json")
			require.NoError(t, os.WriteFile(file, []byte(text), 0o644))
			out := filepath.Join(t.TempDir(), "merged.json")
			code, stdout, stderr := gridflip(t, "sweep", "merge", dir, "--out", out)
			require.Equal(t, exitBadInput, code, stderr)
			require.Contains(t, stderr, file+": ")
			require.Empty(t, stdout)
			require.NoFileExists(t, out)
		})
	}
}
