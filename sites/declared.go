package sites

import (
	"strconv"
	"strings"
)

// declared returns the declaration of key in the table of scope sc (its
// indexed path with the indices dropped: "sites.0.mining" is
// "sites.mining"). An undeclared key is a programming error: it panics,
// and TestDeclaredKeysDecode reaches every lookup.
func declared(sc scope, key string) Key {
	var parts []string
	if sc.path != "" {
		parts = stripIndices(strings.Split(sc.path, "."))
	}
	return declaredPath(strings.Join(append(parts, key), "."))
}

// defaultNumber is the key's Default as a number (0 when it has none).
func (k Key) defaultNumber() float64 {
	v, err := strconv.ParseFloat(k.Default, 64)
	if err != nil {
		return 0
	}
	return v
}

// num reads a declared number: required and ranged as declared.
func (c *checker) num(sc scope, key string, l *leaf) (float64, bool) {
	k := declared(sc, key)
	return c.number(sc, key, l, k.Required, k.rng)
}

// needNum reads a declared number that is required here whatever its
// declaration says (a key required by another key's setting).
func (c *checker) needNum(sc scope, key string, l *leaf) (float64, bool) {
	return c.number(sc, key, l, true, declared(sc, key).rng)
}

// optNum reads a declared optional number, returning its declared
// default when it is absent or invalid.
func (c *checker) optNum(sc scope, key string, l *leaf) float64 {
	k := declared(sc, key)
	return c.optNumber(sc, key, l, k.defaultNumber(), k.rng)
}

// numPtr reads a declared optional number into a pointer (nil when absent
// or invalid).
func (c *checker) numPtr(sc scope, key string, l *leaf) *float64 {
	return c.optPointer(sc, key, l, declared(sc, key).rng)
}

// whole reads a declared integer in its declared range.
func (c *checker) whole(sc scope, key string, l *leaf) (int, bool) {
	k := declared(sc, key)
	return c.integer(sc, key, l, int(k.rng.lo), int(k.rng.hi), k.Unit)
}
