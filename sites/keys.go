package sites

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// maxSuggestLen bounds the key length for which suggestions are computed.
const maxSuggestLen = 64

// checkShapes reports known keys that hold the wrong kind of TOML value
// for a table or an array of tables, e.g. "[sites]" instead of "[[sites]]".
// path is the indexed path of m.
func (c *checker) checkShapes(m map[string]any, sch *schema, path []string) {
	c.checkFoldedTables(m, sch, path)
	for _, key := range sch.keys {
		child := sch.children[key]
		v, ok := m[key]
		if !ok || child.kind == kindLeaf {
			continue
		}
		here := append(append([]string(nil), path...), key)
		header := strings.Join(stripIndices(here), ".")
		switch child.kind {
		case kindTable:
			if sub, ok := v.(map[string]any); ok {
				c.checkShapes(sub, child, here)
				continue
			}
			c.pathIssue(here, "%s must be a table, written [%s], not %s", header, header, typeName(v))
		case kindArray:
			elems, ok := asTables(v)
			if !ok {
				c.pathIssue(here, "%s must be an array of tables, written [[%s]], not %s", header, header, describeShape(v))
				continue
			}
			for i, e := range elems {
				c.checkShapes(e, child, append(here[:len(here):len(here)], strconv.Itoa(i)))
			}
		}
	}
}

// checkFoldedTables reports keys that differ only in case from a table or
// array key ("[Grid]"). The TOML decoder would match them case-insensitively
// and fail on their shape with an unhelpful message, so they are reported
// here, before decoding into structs.
func (c *checker) checkFoldedTables(m map[string]any, sch *schema, path []string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, exact := sch.children[k]; exact {
			continue
		}
		for _, known := range sch.keys {
			if sch.children[known].kind != kindLeaf && strings.EqualFold(k, known) {
				here := append(append([]string(nil), path...), k)
				c.pathIssue(here, "unknown key %q (did you mean %s?)",
					toml.Key(stripIndices(here)).String(), known)
			}
		}
	}
}

// describeShape names the kind of v for structure errors.
func describeShape(v any) string {
	if _, ok := v.(map[string]any); ok {
		return "a single table"
	}
	return typeName(v)
}

// asTables returns v as an array of tables, if it is one.
func asTables(v any) ([]map[string]any, bool) {
	switch x := v.(type) {
	case []map[string]any:
		return x, true
	case []any:
		out := make([]map[string]any, len(x))
		for i, e := range x {
			m, ok := e.(map[string]any)
			if !ok {
				return nil, false
			}
			out[i] = m
		}
		return out, true
	}
	return nil, false
}

// stripIndices drops array indices from an indexed path.
func stripIndices(path []string) []string {
	out := make([]string, 0, len(path))
	for i, p := range path {
		if i > 0 && isIndex(p) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// isIndex reports whether s is a decimal array index.
func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// checkUnknown reports keys that are not in the schema: those the decoder
// left undecoded, and those it matched only case-insensitively.
func (c *checker) checkUnknown(md toml.MetaData, sch *schema) {
	seen := map[string]bool{}
	report := func(key toml.Key) {
		n := firstUnknown(sch, key)
		if n < 0 {
			return
		}
		key = key[:n+1]
		if seen[key.String()] {
			return
		}
		seen[key.String()] = true
		hint := suggest(sch, key)
		paths := expand(c.tree, key, nil)
		if len(paths) == 0 {
			paths = [][]string{key}
		}
		for _, p := range paths {
			c.pathIssue(p, "unknown key %q%s", key.String(), hint)
		}
	}
	for _, k := range md.Undecoded() {
		report(k)
	}
	for _, k := range md.Keys() {
		report(k)
	}
}

// firstUnknown returns the index of the first component of key that the
// schema does not know, or -1 when the key is known or lies inside a value.
func firstUnknown(sch *schema, key toml.Key) int {
	node := sch
	for i, k := range key {
		if node.kind == kindLeaf {
			return -1
		}
		child, ok := node.children[k]
		if !ok {
			return i
		}
		node = child
	}
	return -1
}

// expand finds the indexed paths of key in the document, descending into
// every element of arrays of tables.
func expand(node any, key, prefix []string) [][]string {
	m, ok := node.(map[string]any)
	if !ok || len(key) == 0 {
		return nil
	}
	child, ok := m[key[0]]
	if !ok {
		return nil
	}
	here := append(prefix[:len(prefix):len(prefix)], key[0])
	if len(key) == 1 {
		return [][]string{here}
	}
	if elems, ok := asTables(child); ok {
		var out [][]string
		for i, e := range elems {
			out = append(out, expand(e, key[1:], append(here[:len(here):len(here)], strconv.Itoa(i)))...)
		}
		return out
	}
	return expand(child, key[1:], here)
}

// pathIssue records an issue about the indexed key path p, attributing it
// to the site and hall it lies in.
func (c *checker) pathIssue(p []string, format string, args ...any) {
	issue := Issue{File: c.file, Line: c.loc.line(joinPath(p...)), Field: joinPath(p...), Msg: fmt.Sprintf(format, args...)}
	if len(p) >= 2 && p[0] == "sites" && isIndex(p[1]) {
		si, _ := strconv.Atoi(p[1])
		site := c.treeElem("sites", si)
		issue.Site = label(idOf(site), si)
		issue.Field = joinPath(p[2:]...)
		if len(p) >= 4 && p[2] == "conversion" && isIndex(p[3]) {
			hi, _ := strconv.Atoi(p[3])
			halls, _ := asTables(site["conversion"])
			var hall map[string]any
			if hi < len(halls) {
				hall = halls[hi]
			}
			issue.Hall = label(idOf(hall), hi)
			issue.Field = joinPath(p[4:]...)
		}
	}
	if issue.Field == "" {
		issue.Field = joinPath(p...)
	}
	c.issues = append(c.issues, issue)
}

// treeElem returns element i of the top-level array of tables key.
func (c *checker) treeElem(key string, i int) map[string]any {
	elems, _ := asTables(c.tree[key])
	if i < 0 || i >= len(elems) {
		return nil
	}
	return elems[i]
}

// idOf returns the string "id" of a table, or "".
func idOf(m map[string]any) string {
	s, _ := m["id"].(string)
	return s
}

// suggest proposes the known key closest to the last component of key,
// as " (did you mean x?)", or "" when nothing is close.
func suggest(sch *schema, key toml.Key) string {
	node := sch
	for _, k := range key[:len(key)-1] {
		node = node.children[k]
		if node == nil {
			return ""
		}
	}
	name := strings.ToLower(key[len(key)-1])
	if len(name) > maxSuggestLen {
		return ""
	}
	best, bestDist := "", -1
	consider := func(candidate, last string) {
		d := editDistance(name, last)
		if d <= maxTypos(len(last)) && (bestDist < 0 || d < bestDist) {
			best, bestDist = candidate, d
		}
	}
	for _, k := range node.keys {
		consider(k, k)
	}
	// A key written one table too high: "pue" in [[sites]] is mining.pue.
	for _, k := range node.keys {
		if child := node.children[k]; child.kind != kindLeaf {
			for _, ck := range child.keys {
				consider(k+"."+ck, ck)
			}
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}

// maxTypos is the edit distance tolerated for a key of length n.
func maxTypos(n int) int {
	switch {
	case n <= 4:
		return 1
	case n <= 10:
		return 2
	}
	return 3
}

// editDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and adjacent transpositions.
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
