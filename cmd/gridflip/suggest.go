package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gridflip/gridflip/cases"
)

// maxSuggestDistance is the largest edit distance a suggestion may be
// from what was typed.
const maxSuggestDistance = 2

// flagError is the root's FlagErrorFunc: a usage error, with a "did you
// mean" for an unknown flag close to one the command has.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	name, ok := strings.CutPrefix(msg, "unknown flag: --")
	if ok {
		var names []string
		visit := func(f *pflag.Flag) { names = append(names, f.Name) }
		cmd.Flags().VisitAll(visit)
		cmd.InheritedFlags().VisitAll(visit)
		if s := closest(name, names); s != "" {
			return withCode(exitUsage, fmt.Errorf("%w; did you mean --%s?", err, s))
		}
	}
	return withCode(exitUsage, err)
}

// closest is the candidate nearest to typed (within maxSuggestDistance
// edits, or one it is a prefix of), or "".
func closest(typed string, candidates []string) string {
	best, bestD := "", maxSuggestDistance+1
	for _, c := range candidates {
		d := editDistance(typed, c)
		if strings.HasPrefix(c, typed) && len(typed) >= 3 {
			d = min(d, 1)
		}
		if d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if bestD > maxSuggestDistance {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// missingCase explains a CASE argument that names nothing: the forms CASE
// takes, the bundled cases, and a near name beside it when there is one.
func missingCase(path string, err error) error {
	if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	hint := ""
	dir, base := filepath.Split(filepath.Clean(path))
	if entries, rerr := os.ReadDir(filepath.Join(".", dir)); rerr == nil {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if s := closest(base, names); s != "" {
			hint = fmt.Sprintf("did you mean %s? ", filepath.Join(dir, s))
		}
	}
	if hint == "" {
		if s := closest(path, cases.Bundled()); s != "" {
			hint = fmt.Sprintf("did you mean %s? ", s)
		}
	}
	bundled := cases.Bundled()
	sort.Strings(bundled)
	return fmt.Errorf("%s: no such file or directory\n%sCASE is a case TOML file, a directory holding case.toml, or a bundled case: %s", path, hint, strings.Join(bundled, ", "))
}
