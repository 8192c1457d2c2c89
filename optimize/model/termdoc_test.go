package model

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCapabilityTableMatchesTheCode: every capability interface of the
// terms has a row in docs/adding-a-term.md's table, whose methods are the
// interface's, signature for signature.
func TestCapabilityTableMatchesTheCode(t *testing.T) {
	code := capabilityInterfaces(t)
	require.GreaterOrEqual(t, len(code), 12, "the capability interfaces were found")
	doc := capabilityTable(t)
	for name, methods := range code {
		row, ok := doc[name]
		require.True(t, ok, "capability %s has no row in docs/adding-a-term.md", name)
		require.Equal(t, methods, row, "capability %s: the guide's methods", name)
	}
	for name := range doc {
		_, ok := code[name]
		require.True(t, ok, "docs/adding-a-term.md lists %s, which the code does not declare", name)
	}
}

// capabilityInterfaces maps every interface the terms implement (the
// interfaces of the package's files) to its methods as Go prints them.
func capabilityInterfaces(t *testing.T) map[string][]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	out := map[string][]string{}
	for _, fn := range files {
		if strings.HasSuffix(fn, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, fn, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			it, ok := ts.Type.(*ast.InterfaceType)
			if !ok {
				return false
			}
			var methods []string
			for _, m := range it.Methods.List {
				var buf bytes.Buffer
				require.NoError(t, printer.Fprint(&buf, fset, m.Type))
				methods = append(methods, m.Names[0].Name+strings.TrimPrefix(buf.String(), "func"))
			}
			sort.Strings(methods)
			out[ts.Name.Name] = methods
			return false
		})
	}
	return out
}

// capabilityTable reads the guide's table: each row's capability (its
// first column's code span) and its methods (the second column's).
func capabilityTable(t *testing.T) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "adding-a-term.md"))
	require.NoError(t, err)
	span := regexp.MustCompile("`([^`]+)`")
	out := map[string][]string{}
	inTable := false
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "| capability |") {
			inTable = true
			continue
		}
		if !inTable || strings.HasPrefix(line, "|---") {
			continue
		}
		if !strings.HasPrefix(line, "|") {
			break
		}
		cols := strings.Split(line, "|")
		require.GreaterOrEqual(t, len(cols), 3, line)
		var methods []string
		for _, m := range span.FindAllStringSubmatch(cols[2], -1) {
			methods = append(methods, m[1])
		}
		for _, c := range span.FindAllStringSubmatch(cols[1], -1) {
			out[c[1]] = append(out[c[1]], methods...)
		}
	}
	for name, methods := range out {
		sort.Strings(methods)
		out[name] = methods
	}
	return out
}
