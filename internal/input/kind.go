package input

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// Kind names what b (the first bytes of a file, or one field) looks like,
// for a message about data that is not what was expected, without quoting
// any of it: "no data", "binary data" (a NUL byte, other control bytes
// than tab, CR and LF, or invalid UTF-8; a sequence cut at the end of b
// is allowed) or "text".
func Kind(b []byte) string {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if len(b) == 0 {
		return "no data"
	}
	if Binary(b) {
		return "binary data"
	}
	return "text"
}

// Binary reports whether b holds a NUL byte, another control byte than
// tab, CR and LF, or invalid UTF-8 (a sequence cut at the end of b is
// allowed): bytes no CSV, TOML or JSON file gridflip reads contains.
func Binary(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return utf8.FullRune(b)
		}
		if r != '\t' && r != '\r' && r != '\n' && unicode.IsControl(r) {
			return true
		}
		b = b[size:]
	}
	return false
}
