package sites

import (
	"fmt"
	"math"
	"time"
)

// checker collects the issues of one case file.
type checker struct {
	file   string
	loc    *locator
	tree   map[string]any // the document as generic TOML values
	issues Issues
}

// scope says where fields live: path is the locator path of their table
// ("sites.0.mining"), field the prefix of Issue.Field ("mining"), and
// site/hall the labels of the site and hall they belong to.
type scope struct {
	path, field string
	site, hall  string
}

// in returns the scope of sub-table name.
func (s scope) in(name string) scope {
	return scope{path: joinPath(s.path, name), field: joinPath(s.field, name), site: s.site, hall: s.hall}
}

// add records an issue about key in scope.
func (c *checker) add(sc scope, key, format string, args ...any) {
	c.issues = append(c.issues, Issue{
		File:  c.file,
		Line:  c.loc.line(joinPath(sc.path, key)),
		Site:  sc.site,
		Hall:  sc.hall,
		Field: joinPath(sc.field, key),
		Msg:   fmt.Sprintf(format, args...),
	})
}

// shown is "name = value" for key in scope, with the value as written.
func (c *checker) shown(sc scope, key string, v any) string {
	text, ok := c.loc.text(joinPath(sc.path, key))
	if !ok {
		text = formatValue(v)
	}
	return joinPath(sc.field, key) + " = " + text
}

// missing records that a required key is absent.
func (c *checker) missing(sc scope, key, expected string) {
	c.add(sc, key, "missing required key %q: expected %s", joinPath(sc.field, key), expected)
}

// number reads a numeric key. It returns ok = false when the key is absent
// (after reporting it if required) or invalid (after reporting why).
func (c *checker) number(sc scope, key string, l *leaf, required bool, r rng) (float64, bool) {
	if l == nil {
		if required {
			c.missing(sc, key, "a number "+r.String())
		}
		return 0, false
	}
	var v float64
	switch x := l.v.(type) {
	case int64:
		v = float64(x)
	case float64:
		v = x
	default:
		c.add(sc, key, "%s: must be a number %s, not %s", c.shown(sc, key, l.v), r, typeName(l.v))
		return 0, false
	}
	if !isFinite(v) {
		c.add(sc, key, "%s: must be a finite number %s", c.shown(sc, key, l.v), r)
		return 0, false
	}
	if !r.contains(v) {
		c.add(sc, key, "%s: must be %s", c.shown(sc, key, l.v), r)
		return v, false
	}
	return v, true
}

// optNumber reads an optional numeric key, returning def when it is absent.
func (c *checker) optNumber(sc scope, key string, l *leaf, def float64, r rng) float64 {
	if v, ok := c.number(sc, key, l, false, r); ok {
		return v
	}
	return def
}

// integer reads a whole number in [lo, hi]; integral floats are accepted.
func (c *checker) integer(sc scope, key string, l *leaf, lo, hi int, unit string) (int, bool) {
	expected := fmt.Sprintf("a whole number of %s between %d and %d", unit, lo, hi)
	if l == nil {
		c.missing(sc, key, expected)
		return 0, false
	}
	var v float64
	switch x := l.v.(type) {
	case int64:
		v = float64(x)
	case float64:
		v = x
	default:
		c.add(sc, key, "%s: must be %s, not %s", c.shown(sc, key, l.v), expected, typeName(l.v))
		return 0, false
	}
	if !isFinite(v) || v != math.Trunc(v) || v < float64(lo) || v > float64(hi) {
		c.add(sc, key, "%s: must be %s", c.shown(sc, key, l.v), expected)
		return 0, false
	}
	return int(v), true
}

// str reads a string key; required keys must also be non-empty.
func (c *checker) str(sc scope, key string, l *leaf, required bool, example string) (string, bool) {
	if l == nil {
		if required {
			c.missing(sc, key, "a string such as "+example)
		}
		return "", false
	}
	s, ok := l.v.(string)
	if !ok {
		c.add(sc, key, "%s: must be a string such as %s, not %s", c.shown(sc, key, l.v), example, typeName(l.v))
		return "", false
	}
	if s == "" && required {
		c.add(sc, key, "%s: must not be empty (e.g. %s)", c.shown(sc, key, l.v), example)
		return "", false
	}
	return s, true
}

// boolean reads a boolean key, returning def when it is absent.
func (c *checker) boolean(sc scope, key string, l *leaf, def bool) bool {
	if l == nil {
		return def
	}
	b, ok := l.v.(bool)
	if !ok {
		c.add(sc, key, "%s: must be true or false, not %s", c.shown(sc, key, l.v), typeName(l.v))
		return def
	}
	return b
}

// id reads an id key: required, matching [A-Za-z0-9_.-]+, at most
// MaxIDLen bytes.
func (c *checker) id(sc scope, key string, l *leaf, example string) (string, bool) {
	s, ok := c.str(sc, key, l, true, example)
	if !ok {
		return "", false
	}
	if len(s) > MaxIDLen {
		c.add(sc, key, "%s = %q… (%d characters): an id is at most %d characters (e.g. %s)",
			joinPath(sc.field, key), s[:16], len(s), MaxIDLen, example)
		return "", false
	}
	if !validID(s) {
		c.add(sc, key, "%s: must use only letters, digits, '_', '.' and '-' (e.g. %s)", c.shown(sc, key, l.v), example)
		return "", false
	}
	return s, true
}

// date reads an optional YYYY-MM-DD date, given as a string or a TOML date.
func (c *checker) date(sc scope, key string, l *leaf) string {
	if l == nil {
		return ""
	}
	const layout = "2006-01-02"
	switch x := l.v.(type) {
	case string:
		if t, err := time.Parse(layout, x); err == nil {
			return t.Format(layout)
		}
	case time.Time:
		if tomlZone(x) == "date-local" {
			return x.Format(layout)
		}
	}
	c.add(sc, key, "%s: must be a date written YYYY-MM-DD, e.g. \"2028-04-17\"", c.shown(sc, key, l.v))
	return ""
}

// idLine is the line where the id of the element at path is defined.
func (c *checker) idLine(path string) int {
	if n, ok := c.loc.exact(joinPath(path, "id")); ok {
		return n
	}
	return c.loc.line(path)
}
