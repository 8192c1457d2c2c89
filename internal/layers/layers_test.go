package layers

import (
	"bytes"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const module = "github.com/gridflip/gridflip/"

// layer ranks every package of the module: a package may import only
// packages of a lower layer. A new package must be ranked here.
var layer = map[string]int{
	// pure arithmetic and utilities, knowing nothing of the domain around them
	"finance": 0, "impact": 0, "solver": 0,
	"internal/input": 0, "internal/outdir": 1, "internal/atomicfile": 0, "internal/rusage": 0,
	"internal/shareddata": 0, "internal/progress": 0, "internal/memlimit": 0, "internal/ctxcount": 0,
	"grid/localtime": 0,
	// the solver backend; the inputs read and validated; the bundled data
	"solver/highs": 1, "grid": 1, "sites": 1, "cases": 1, "cases/starter": 1,
	"market": 2, "solver/solvertest": 2, "grid/isoprices": 2, "cases/gen": 2, "impact/headroomin": 2,
	"cases/headroom": 3,
	// the model: the result types; the inputs, terms and monolithic model;
	// the fast path; the scenario layer; the entry that picks the method
	"optimize/plan": 3, "optimize/model": 4, "optimize/decomp": 5, "optimize/stochastic": 6,
	"optimize": 7,
	// what assembles a case for the model, and maps plans onto finance
	"cases/loader": 8, "proforma": 8, "internal/fixture": 8,
	"cases/synth": 9, "scenario": 9, "proforma/workbook": 9,
	// studies: a plan with its baseline; many plans
	"analysis": 10, "sweep": 10,
	// renderers and the benchmark suite
	"report": 11, "bench": 11,
	"report/html": 12,
	// the what-if server
	"serve": 13,
	// the user interface
	"cmd/gridflip": 14, "scripts/headroom-data": 14,
	"internal/layers": 15,
}

// testHelpers may be imported by any package's tests.
var testHelpers = map[string]bool{"internal/ctxcount": true, "internal/fixture": true, "solver/solvertest": true, "internal/shareddata": true}

type pkg struct {
	path                         string
	imports, tests, externalTest []string
}

// listPackages runs go list over the module.
func listPackages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \",\"}}|{{join .TestImports \",\"}}|{{join .XTestImports \",\"}}", module+"...")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	require.NoError(t, cmd.Run(), errOut.String())
	var pkgs []pkg
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		f := strings.Split(line, "|")
		require.Len(t, f, 4, line)
		pkgs = append(pkgs, pkg{path: strings.TrimPrefix(f[0], module), imports: own(f[1]), tests: own(f[2]), externalTest: own(f[3])})
	}
	return pkgs
}

// own keeps the module's own packages of a comma-separated list.
func own(list string) []string {
	var out []string
	for _, p := range strings.Split(list, ",") {
		if strings.HasPrefix(p, module) {
			out = append(out, strings.TrimPrefix(p, module))
		}
	}
	return out
}

// TestImportsRunDownward: every package is ranked, and each of its imports
// (its tests' too) is of a lower layer; tests may also import the test
// helpers. The guard: the module's packages were all listed.
func TestImportsRunDownward(t *testing.T) {
	pkgs := listPackages(t)
	require.GreaterOrEqual(t, len(pkgs), 25, "the module's packages were listed")
	var bad []string
	for _, p := range pkgs {
		from, ok := layer[p.path]
		if !ok {
			bad = append(bad, p.path+": not ranked in layers_test.go")
			continue
		}
		check := func(imports []string, test bool) {
			for _, to := range imports {
				if to == p.path || (test && testHelpers[to]) {
					continue
				}
				if layer[to] >= from {
					bad = append(bad, p.path+" imports "+to+" (upward or sideways)")
				}
			}
		}
		check(p.imports, false)
		check(p.tests, true)
		check(p.externalTest, true)
	}
	sort.Strings(bad)
	require.Empty(t, bad)
}
