package synth

import (
	"bufio"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gridflip/gridflip/sites"
)

// tomlWriter writes a case file key by key. Each key is looked up in the
// case-key declarations (sites.Keys) by its path and written as its
// declared kind asks, so a key that is renamed or removed there, a value
// of the wrong Go type for its kind, a choice not declared, or a key
// outside the table open is an error (which the writer's round-trip tests
// reach), never a file the loader refuses.
type tomlWriter struct {
	w      *bufio.Writer
	keys   map[string]sites.Key
	table  string          // the table open ("" at the top)
	arrays map[string]bool // the arrays of tables opened
	err    error           // the first error
}

func newTOMLWriter(w io.Writer) *tomlWriter {
	keys := map[string]sites.Key{}
	for _, k := range sites.Keys() {
		keys[k.Path] = k
	}
	return &tomlWriter{w: bufio.NewWriterSize(w, 1<<20), keys: keys, arrays: map[string]bool{}}
}

// fail keeps the first error.
func (t *tomlWriter) fail(format string, args ...any) {
	if t.err == nil {
		t.err = fmt.Errorf("write case: "+format, args...)
	}
}

// comment writes a comment line.
func (t *tomlWriter) comment(s string) { fmt.Fprintf(t.w, "# %s\n", s) }

// open starts table path: [path], or [[path]] for a new element of an
// array of tables. A table nested in an array of tables is indented.
func (t *tomlWriter) open(path string, array bool) {
	t.table = path
	header := "[" + path + "]"
	if array {
		t.arrays[path] = true
		header = "[" + header + "]"
	}
	if t.indent() == "" {
		t.w.WriteString("\n")
	}
	t.w.WriteString(t.indent() + header + "\n")
}

// indent is the indentation of the open table's lines.
func (t *tomlWriter) indent() string {
	if parent, _, ok := strings.Cut(t.table, "."); ok && t.arrays[parent] {
		return "  "
	}
	return ""
}

// set writes the key at path, in the table open, as path's declaration
// says: a number a float64 (or, where a list is allowed, []float64), an
// integer an int, text, an id or a choice a string (or a string type), a
// boolean a bool, a date or a timestamp a time.Time, a list a []float64,
// []int, []string or []time.Time.
func (t *tomlWriter) set(path string, v any) {
	k, ok := t.keys[path]
	if !ok {
		t.fail("%s is not a declared case key (sites/schema_keys.go)", path)
		return
	}
	if k.Table() != t.table {
		t.fail("%s written in [%s]", path, t.table)
		return
	}
	text, err := formatValue(k, v)
	if err != nil {
		t.fail("%s: %v", path, err)
		return
	}
	fmt.Fprintf(t.w, "%s%s = %s\n", t.indent(), k.Name(), text)
}

// flush writes what is buffered, or returns the first error.
func (t *tomlWriter) flush() error {
	if t.err != nil {
		return t.err
	}
	return t.w.Flush()
}

// formatValue writes v as a TOML value of k's kind.
func formatValue(k sites.Key, v any) (string, error) {
	rv := reflect.ValueOf(v)
	wrong := func() (string, error) { return "", fmt.Errorf("declared kind %s, given a Go %T", k.Kind, v) }
	switch k.Kind {
	case sites.KindNumber:
		if list, ok := v.([]float64); ok {
			return formatList(list, formatNumber), nil
		}
		if f, ok := v.(float64); ok {
			return formatNumber(f), nil
		}
	case sites.KindInteger:
		if n, ok := v.(int); ok {
			return strconv.Itoa(n), nil
		}
	case sites.KindString, sites.KindID:
		if rv.Kind() == reflect.String {
			return tomlQuote(rv.String()), nil
		}
	case sites.KindChoice:
		if rv.Kind() == reflect.String {
			if !slices.Contains(k.Choices, rv.String()) {
				return "", fmt.Errorf("%q is not one of %s", rv.String(), strings.Join(k.Choices, ", "))
			}
			return tomlQuote(rv.String()), nil
		}
	case sites.KindBool:
		if b, ok := v.(bool); ok {
			return strconv.FormatBool(b), nil
		}
	case sites.KindDate:
		if d, ok := v.(time.Time); ok {
			return d.UTC().Format(time.DateOnly), nil
		}
	case sites.KindTimestamp:
		if ts, ok := v.(time.Time); ok {
			return tomlQuote(ts.UTC().Format(time.RFC3339)), nil
		}
	case sites.KindList:
		switch list := v.(type) {
		case []float64:
			return formatList(list, formatNumber), nil
		case []int:
			return formatList(list, strconv.Itoa), nil
		case []string:
			return formatList(list, tomlQuote), nil
		case []time.Time:
			return formatList(list, func(ts time.Time) string { return tomlQuote(ts.UTC().Format(time.RFC3339)) }), nil
		}
	}
	return wrong()
}

// formatNumber writes a float exactly (the shortest form that reads back
// the same).
func formatNumber(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// formatList writes a TOML array.
func formatList[T any](list []T, format func(T) string) string {
	parts := make([]string, len(list))
	for i, x := range list {
		parts[i] = format(x)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// tomlQuote writes s as a TOML basic string: quotes, backslashes and
// control characters escaped (TOML has no \x escape, unlike Go's).
func tomlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
