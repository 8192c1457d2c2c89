package sites

import (
	"bytes"
	"strconv"
	"strings"
)

// maxNesting bounds how deeply values (inline tables and arrays) may nest.
// Case files nest a few levels; the limit protects the parser, whose cost
// grows quickly with depth, from pathological input.
const maxNesting = 32

// maxKeyParts bounds the number of dotted parts in one key or table header,
// for the same reason.
const maxKeyParts = 16

// maxRawLen is the longest value text the locator keeps for messages.
const maxRawLen = 48

// locator maps key paths such as "sites.0.mining.pue" to the line where the
// key is first defined. Arrays of tables and array elements are indexed from
// 0 ("sites.1.conversion.2.it_mw"). It is a tolerant scanner, not a parser:
// it runs on any input (Decode also uses it to refuse pathological nesting
// before parsing), and on anything it does not understand it gives up on the
// current line. Its lines matter only for text the TOML parser accepted.
type locator struct {
	lines  map[string]int    // key path -> line (1-based)
	raw    map[string]string // key path -> value as written (short scalars only)
	arrays map[string]int    // array-of-tables path -> elements seen so far

	tooDeep    int // first line nesting values deeper than maxNesting, or 0
	tooManyKey int // first line with a key of more than maxKeyParts parts, or 0

	// stopAt, when positive, ends the scan at element stopAt of the
	// top-level "scenario" array: the file holds too many, and the rest
	// need not be read.
	stopAt  int
	stopped bool
}

// locate scans TOML text and returns its locator. It never fails.
func locate(src []byte) *locator { return locateUpTo(src, 0) }

// locateUpTo is locate, stopping at element maxScenarios of the top-level
// "scenario" array (0: no limit). The locator then knows that element's
// line, and little of what follows.
func locateUpTo(src []byte, maxScenarios int) *locator {
	l := &locator{
		lines:  map[string]int{},
		raw:    map[string]string{},
		arrays: map[string]int{},
		stopAt: maxScenarios,
	}
	s := &scanner{src: src, line: 1, loc: l}
	s.document()
	return l
}

// element records element i of the array at path, on line, and stops the
// scan when it is one scenario too many.
func (l *locator) element(path string, i, line int) string {
	elem := joinPath(path, strconv.Itoa(i))
	l.define(elem, line)
	if path == "scenario" && l.stopAt > 0 && i >= l.stopAt {
		l.stopped = true
	}
	return elem
}

// line returns the line of path, or of its closest enclosing table or key
// that has one, or 1 when nothing matches.
func (l *locator) line(path string) int {
	if l == nil {
		return 1
	}
	for {
		if n, ok := l.lines[path]; ok {
			return n
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			return 1
		}
		path = path[:i]
	}
}

// exact returns the line of path itself, if the locator saw it.
func (l *locator) exact(path string) (int, bool) {
	if l == nil {
		return 0, false
	}
	n, ok := l.lines[path]
	return n, ok
}

// text returns the value of path as written in the file, if known.
func (l *locator) text(path string) (string, bool) {
	if l == nil {
		return "", false
	}
	s, ok := l.raw[path]
	return s, ok
}

// define records the line of path unless it is already known.
func (l *locator) define(path string, line int) {
	if _, ok := l.lines[path]; !ok {
		l.lines[path] = line
	}
}

// joinPath joins key path components with dots.
func joinPath(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

// scanner walks TOML text, tracking the line number.
type scanner struct {
	src  []byte
	pos  int
	line int
	loc  *locator
}

// eof reports whether the whole input has been consumed.
func (s *scanner) eof() bool { return s.pos >= len(s.src) }

// peek returns the byte at pos+off, or 0 past the end.
func (s *scanner) peek(off int) byte {
	if i := s.pos + off; i >= 0 && i < len(s.src) {
		return s.src[i]
	}
	return 0
}

// next consumes one byte, counting newlines.
func (s *scanner) next() {
	if s.eof() {
		return
	}
	if s.src[s.pos] == '\n' {
		s.line++
	}
	s.pos++
}

// hasPrefix reports whether the input at pos starts with p.
func (s *scanner) hasPrefix(p string) bool {
	return bytes.HasPrefix(s.src[min(s.pos, len(s.src)):], []byte(p))
}

// skipSpace skips spaces and tabs.
func (s *scanner) skipSpace() {
	for !s.eof() && (s.src[s.pos] == ' ' || s.src[s.pos] == '\t') {
		s.pos++
	}
}

// skipLine consumes the rest of the current line including its newline.
func (s *scanner) skipLine() {
	for !s.eof() {
		c := s.src[s.pos]
		s.next()
		if c == '\n' {
			return
		}
	}
}

// skipBlank skips whitespace, newlines and comments.
func (s *scanner) skipBlank() {
	for !s.eof() {
		switch s.src[s.pos] {
		case ' ', '\t', '\r', '\n':
			s.next()
		case '#':
			for !s.eof() && s.src[s.pos] != '\n' {
				s.pos++
			}
		default:
			return
		}
	}
}

// document scans top-level statements: table headers and key/value pairs.
func (s *scanner) document() {
	table := ""
	for {
		s.skipBlank()
		if s.eof() || s.loc.stopped {
			return
		}
		start := s.pos
		if s.src[s.pos] == '[' {
			if t, ok := s.header(); ok {
				table = t
			}
		} else {
			s.keyValue(table, 0)
		}
		if s.pos == start {
			s.next()
		}
		s.skipLine()
	}
}

// header scans "[a.b]" or "[[a.b]]" and returns the indexed table path:
// every part that names an array of tables refers to its latest element,
// and a "[[...]]" header starts a new element.
func (s *scanner) header() (string, bool) {
	line := s.line
	s.next()
	array := s.peek(0) == '['
	if array {
		s.next()
	}
	keys, ok := s.key()
	if !ok || s.peek(0) != ']' || (array && s.peek(1) != ']') {
		return "", false
	}
	s.next()
	if array {
		s.next()
	}
	l := s.loc
	path := ""
	for i, k := range keys {
		path = joinPath(path, k)
		last := i == len(keys)-1
		if last && array {
			n := l.arrays[path]
			l.arrays[path] = n + 1
			l.define(path, line)
			path = l.element(path, n, line)
		} else if n := l.arrays[path]; n > 0 {
			path = joinPath(path, strconv.Itoa(n-1))
		}
		l.define(path, line) // also tables created implicitly by the header
	}
	return path, true
}

// keyValue scans "key = value" inside table.
func (s *scanner) keyValue(table string, depth int) {
	line := s.line
	keys, ok := s.key()
	if !ok {
		return
	}
	s.skipSpace()
	if s.peek(0) != '=' {
		return
	}
	s.next()
	path := table
	for _, k := range keys {
		path = joinPath(path, k)
		s.loc.define(path, line)
	}
	s.value(path, depth)
}

// key scans a possibly dotted key made of bare or quoted parts.
func (s *scanner) key() ([]string, bool) {
	var keys []string
	for {
		s.skipSpace()
		part, ok := s.keyPart()
		if !ok {
			return nil, false
		}
		keys = append(keys, part)
		if len(keys) > maxKeyParts {
			if s.loc.tooManyKey == 0 {
				s.loc.tooManyKey = s.line
			}
			return nil, false
		}
		s.skipSpace()
		if s.peek(0) != '.' {
			return keys, true
		}
		s.next()
	}
}

// keyPart scans one bare, "basic" or 'literal' key.
func (s *scanner) keyPart() (string, bool) {
	switch c := s.peek(0); c {
	case '"', '\'':
		start := s.pos
		if !s.shortString(c) {
			return "", false
		}
		text := string(s.src[start:s.pos])
		if c == '"' {
			if u, err := strconv.Unquote(text); err == nil {
				return u, true
			}
		}
		return text[1 : len(text)-1], true
	}
	start := s.pos
	for !s.eof() && isBareKeyByte(s.src[s.pos]) {
		s.pos++
	}
	if s.pos == start {
		return "", false
	}
	return string(s.src[start:s.pos]), true
}

// isBareKeyByte reports whether c may appear in a bare key. Bytes of
// multi-byte UTF-8 sequences are accepted for leniency.
func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c >= 0x80
}

// shortString scans a one-line string opened by quote; it reports whether
// the closing quote was found on the same line.
func (s *scanner) shortString(quote byte) bool {
	s.next()
	for !s.eof() {
		c := s.src[s.pos]
		switch {
		case c == '\n':
			return false
		case c == '\\' && quote == '"':
			s.pos++
			if !s.eof() && s.src[s.pos] != '\n' {
				s.pos++
			}
		case c == quote:
			s.pos++
			return true
		default:
			s.pos++
		}
	}
	return false
}

// longString scans a multi-line string opened by three quotes.
func (s *scanner) longString(quote byte) {
	delim := strings.Repeat(string(quote), 3)
	s.pos += 3
	for !s.eof() {
		if s.hasPrefix(delim) {
			s.pos += 3
			// Up to two quotes may directly precede the closing delimiter.
			for i := 0; i < 2 && s.peek(0) == quote; i++ {
				s.pos++
			}
			return
		}
		if s.src[s.pos] == '\\' && quote == '"' {
			s.next()
		}
		s.next()
	}
}

// value scans one value and records the keys inside inline tables and arrays.
func (s *scanner) value(path string, depth int) {
	s.skipSpace()
	if depth > maxNesting && s.loc.tooDeep == 0 {
		s.loc.tooDeep = s.line
	}
	if s.eof() || depth > maxNesting {
		return
	}
	start := s.pos
	switch c := s.src[s.pos]; {
	case s.hasPrefix(`"""`) || s.hasPrefix(`'''`):
		s.longString(c)
	case c == '"' || c == '\'':
		s.shortString(c)
	case c == '{':
		s.inlineTable(path, depth)
	case c == '[':
		s.array(path, depth)
	default:
		for !s.eof() && !strings.ContainsRune(",]}#\r\n", rune(s.src[s.pos])) {
			s.pos++
		}
	}
	text := strings.TrimSpace(string(s.src[start:s.pos]))
	if text != "" && len(text) <= maxRawLen && !strings.ContainsRune(text, '\n') {
		if _, ok := s.loc.raw[path]; !ok {
			s.loc.raw[path] = text
		}
	}
}

// inlineTable scans "{ k = v, ... }", tolerating newlines and comments.
func (s *scanner) inlineTable(path string, depth int) {
	s.next()
	for {
		s.skipBlank()
		if s.eof() {
			return
		}
		switch s.src[s.pos] {
		case '}':
			s.next()
			return
		case ',':
			s.next()
			continue
		}
		start := s.pos
		s.keyValue(path, depth+1)
		if s.pos == start {
			return
		}
	}
}

// array scans "[ v, ... ]"; element i of path is path.i.
func (s *scanner) array(path string, depth int) {
	s.next()
	for i := 0; ; {
		s.skipBlank()
		if s.eof() || s.loc.stopped {
			return
		}
		switch s.src[s.pos] {
		case ']':
			s.next()
			return
		case ',':
			s.next()
			continue
		}
		elem := s.loc.element(path, i, s.line)
		start := s.pos
		s.value(elem, depth+1)
		i++
		if s.pos == start {
			s.next()
		}
	}
}
