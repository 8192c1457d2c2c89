package sites

import (
	"strconv"
	"strings"
)

// Params are the values of a table's term parameters: number keys
// declared with Key.Param, which a model term reads with Get and which
// need no struct field, raw field or checker code of their own
// (docs/adding-a-term.md). Only the keys a file gives are stored.
type Params map[string]float64

// Get is the value of the declared parameter at path (e.g.
// "sites.mining.fee_usd_per_mw_month"), or its declared default when it
// is not given. An undeclared path is a programming error and panics.
func (p Params) Get(path string) float64 {
	k := declaredPath(path)
	if !k.Param {
		panic("sites: key " + path + " is not a term parameter")
	}
	if v, ok := p[k.Name()]; ok {
		return v
	}
	return k.defaultNumber()
}

// params reads the term parameters of table (a declared path such as
// "sites.mining") from the table at sc.path of the document: each in its
// declared range; nil when none is given.
func (c *checker) params(sc scope, table string) Params {
	values := c.tableAt(sc.path)
	var out Params
	for i := range caseKeys {
		k := &caseKeys[i]
		if !k.Param || k.Table() != table {
			continue
		}
		v, given := values[k.Name()]
		if !given {
			continue
		}
		if x, ok := c.num(sc, k.Name(), &leaf{v: v}); ok {
			if out == nil {
				out = Params{}
			}
			out[k.Name()] = x
		}
	}
	return out
}

// tableAt is the document's table at the locator path ("sites.0.mining"),
// or nil.
func (c *checker) tableAt(path string) map[string]any {
	var node any = c.tree
	if path == "" {
		return c.tree
	}
	for _, part := range strings.Split(path, ".") {
		switch n := node.(type) {
		case map[string]any:
			node = n[part]
		case []map[string]any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(n) {
				return nil
			}
			node = n[i]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(n) {
				return nil
			}
			node = n[i]
		default:
			return nil
		}
	}
	m, _ := node.(map[string]any)
	return m
}

// declaredPath is the declaration of the key at path (without indices).
func declaredPath(path string) Key {
	for i := range caseKeys {
		if caseKeys[i].Path == path {
			return caseKeys[i]
		}
	}
	panic("sites: key " + path + " is not declared in caseKeys")
}
