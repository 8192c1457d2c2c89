package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestPlausibilityWarnings: a unit slip is a warning on stderr, never on
// stdout (whose JSON stays clean); --strict turns it into an error, exit 1.
func TestPlausibilityWarnings(t *testing.T) {
	path := writeCase(t, replace("capex_usd_per_mw = 10.0e6", "capex_usd_per_mw = 10"), nil)
	line := lineOf(t, "case.toml", "capex_usd_per_mw = 10.0e6")
	want := path + ":" + itoa(line) + `: site "alpha" hall "a1": capex_usd_per_mw = 10: below 0.5 M USD per IT MW`

	code, out, errOut := gridflip(t, "validate", path)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, "ok: ")
	require.NotContains(t, out, "warning")
	require.Contains(t, errOut, "gridflip: warning: "+want)

	code, out, errOut = gridflip(t, "validate", "--strict", path)
	require.Equal(t, exitBadInput, code, errOut)
	require.Empty(t, out)
	require.Contains(t, errOut, "--strict: 1 plausibility warnings:\n"+want)

	solvertest.HiGHS(t)
	code, out, errOut = gridflip(t, "plan", "--format", "json", path)
	require.Equal(t, exitOK, code, errOut)
	require.True(t, json.Valid([]byte(out)), "stdout is the JSON alone")
	require.NotContains(t, out, "warning")
	require.Equal(t, 1, strings.Count(errOut, "gridflip: warning: "), errOut)
}

// TestBundledCasesArePlausible: no bundled case draws a warning, so a
// warning on the user's case is news.
func TestBundledCasesArePlausible(t *testing.T) {
	for _, name := range []string{"default", "small"} {
		code, _, errOut := gridflip(t, "validate", "--strict", name)
		require.Equal(t, exitOK, code, errOut)
		require.Empty(t, errOut)
	}
}
