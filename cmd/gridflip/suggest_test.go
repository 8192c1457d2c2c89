package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/bench"
)

// TestDidYouMean: an unknown flag or command close to a real one is
// corrected; a CASE that names nothing lists the bundled cases.
func TestDidYouMean(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"flag one letter short", []string{"plan", "--scenario", "x"}, exitUsage, []string{"unknown flag: --scenario; did you mean --scenarios?"}},
		{"global flag", []string{"validate", "--stric"}, exitUsage, []string{"did you mean --strict?"}},
		{"flag typo", []string{"plan", "--fromat", "json"}, exitUsage, []string{"did you mean --format?"}},
		{"nothing close", []string{"plan", "--zzzzzz"}, exitUsage, []string{"unknown flag: --zzzzzz"}},
		{"command", []string{"plna"}, exitUsage, []string{`unknown command "plna"`, "plan"}},
		{"case path typo", []string{"plan", "../../cases/smal"}, exitBadInput, []string{
			"../../cases/smal: no such file or directory", "did you mean ../../cases/small?", "a bundled case: default, small"}},
		{"bundled name typo", []string{"validate", "smal"}, exitBadInput, []string{"smal: no such file or directory", "did you mean small?"}},
		{"no such case", []string{"validate", "qqqq/none"}, exitBadInput, []string{"qqqq/none: no such file or directory\nCASE is a case TOML file, a directory holding case.toml, or a bundled case: default, small"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := gridflip(t, tc.args...)
			require.Equal(t, tc.code, code, errOut)
			require.Empty(t, out)
			for _, w := range tc.want {
				require.Contains(t, errOut, w)
			}
			if tc.name == "nothing close" {
				require.NotContains(t, errOut, "did you mean")
			}
		})
	}
}

// TestClosest: the nearest candidate within two edits, or a prefix.
func TestClosest(t *testing.T) {
	names := []string{"scenarios", "format", "relax", "risk-weight", "out"}
	for typed, want := range map[string]string{
		"scenario": "scenarios", "scenarois": "scenarios", "formt": "format", "risk": "risk-weight",
		"ou": "out", "xyzzy": "", "": "",
	} {
		require.Equal(t, want, closest(typed, names), typed)
	}
}

// TestBenchTargetTypoListsTargets: a --target matching nothing lists the
// targets there are.
func TestBenchTargetTypoListsTargets(t *testing.T) {
	code, _, errOut := gridflip(t, "bench", "--targets", "--target", "10yaers")
	require.Equal(t, exitUsage, code, errOut)
	require.Contains(t, errOut, "--target 10yaers: no target matches; the targets are: ")
	all := bench.Targets()
	require.NotEmpty(t, all)
	for _, tg := range all {
		require.Contains(t, errOut, tg.Name)
	}
	require.Equal(t, 1, strings.Count(errOut, "\n"))
}
