package bench

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// The marker lines around a generated section of a Markdown file (see
// docs/performance.md). Each stands on a line of its own; markers inside
// fenced code blocks are text, not markers. Any other line that opens an
// HTML comment naming gridflip is taken for a mistyped marker.
const (
	docBeginPrefix = "<!-- gridflip bench:"
	docBeginSuffix = "-->"
	docEnd         = "<!-- end gridflip bench -->"
)

// The sections `gridflip bench --docs` writes.
const (
	// SectionSuite is the table of the suite's runs.
	SectionSuite = "suite"
	// SectionMethods compares the methods size by size.
	SectionMethods = "methods"
	// SectionTargets is the table of the fast path's targets.
	SectionTargets = "targets"
)

// SectionNames lists the sections a Markdown file may mark.
func SectionNames() []string { return []string{SectionSuite, SectionMethods, SectionTargets} }

// DocSection is a marked section of a Markdown file.
type DocSection struct {
	Name string
	Line int // the begin marker's, 1-based

	bodyStart, bodyEnd int    // byte offsets of what lies between the markers
	eol                string // the begin marker's line ending
}

// ParseDocSections finds the marked sections of a Markdown file: each a
// line `<!-- gridflip bench: NAME -->` and, further down, a line
// `<!-- end gridflip bench -->`. A marker that is malformed, unpaired,
// nested, of an unknown or repeated name, or a file without any section,
// is an error naming path and line.
func ParseDocSections(path string, doc []byte) ([]DocSection, error) {
	var out []DocSection
	var open *DocSection
	fence := ""
	seen := map[string]int{}
	for line, off := 1, 0; off < len(doc); line++ {
		next := len(doc)
		if i := bytes.IndexByte(doc[off:], '\n'); i >= 0 {
			next = off + i + 1
		}
		text := string(doc[off:next])
		start := off
		off = next
		if run := fenceRun(text); run != "" {
			fence = fenceAfter(fence, run, text)
			continue
		}
		if fence != "" {
			continue
		}
		trimmed := strings.TrimSpace(text)
		if !strings.HasPrefix(trimmed, "<!--") || !strings.Contains(strings.ToLower(trimmed), "gridflip") {
			continue // not a marker, nor an attempt at one
		}
		switch {
		case trimmed == docEnd:
			if open == nil {
				return nil, fmt.Errorf("%s:%d: %s without a begin marker before it", path, line, docEnd)
			}
			open.bodyEnd = start
			out = append(out, *open)
			open = nil
		case strings.HasPrefix(trimmed, docBeginPrefix) && strings.HasSuffix(trimmed, docBeginSuffix):
			name := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(trimmed, docBeginPrefix), docBeginSuffix))
			if open != nil {
				return nil, fmt.Errorf("%s:%d: section %q begins inside section %q (line %d): end that one first with %s", path, line, name, open.Name, open.Line, docEnd)
			}
			if !known(name) {
				return nil, fmt.Errorf("%s:%d: unknown section %q: want one of %s", path, line, name, strings.Join(SectionNames(), ", "))
			}
			if first, ok := seen[name]; ok {
				return nil, fmt.Errorf("%s:%d: section %q is marked twice (first at line %d)", path, line, name, first)
			}
			seen[name] = line
			eol := "\n"
			if strings.HasSuffix(text, "\r\n") {
				eol = "\r\n"
			}
			open = &DocSection{Name: name, Line: line, bodyStart: next, eol: eol}
		default:
			return nil, fmt.Errorf("%s:%d: malformed marker %q: want %s NAME %s or %s", path, line, trimmed, docBeginPrefix, docBeginSuffix, docEnd)
		}
	}
	if open != nil {
		return nil, fmt.Errorf("%s:%d: section %q has no end marker %s", path, open.Line, open.Name, docEnd)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no generated section: mark one with a line %s suite %s and a line %s below it", path, docBeginPrefix, docBeginSuffix, docEnd)
	}
	return out, nil
}

// known reports whether name is a section bench writes.
func known(name string) bool {
	for _, n := range SectionNames() {
		if n == name {
			return true
		}
	}
	return false
}

// fenceAfter is the fenced code block open after a line that starts
// with the fence run: it opens one when none is open, and closes the open
// one when it is a bare run of the same character at least as long.
func fenceAfter(open, run, line string) string {
	switch {
	case open == "":
		return run
	case run[0] == open[0] && len(run) >= len(open) && strings.TrimSpace(strings.TrimLeft(line, " ")[len(run):]) == "":
		return ""
	}
	return open
}

// fenceRun is the run of three or more backticks or tildes a line opens
// with (after up to three spaces), or "".
func fenceRun(line string) string {
	trimmed := strings.TrimLeft(line, " ")
	if len(line)-len(trimmed) > 3 || len(trimmed) < 3 || (trimmed[0] != '`' && trimmed[0] != '~') {
		return ""
	}
	n := 0
	for n < len(trimmed) && trimmed[n] == trimmed[0] {
		n++
	}
	if n < 3 {
		return ""
	}
	return trimmed[:n]
}

// RewriteDocSections returns doc with the body of each marked section
// that bodies names replaced: a blank line, the body, a blank line, in
// the line endings of the section's begin marker. Every byte outside those
// bodies, the markers included, is kept; sections bodies does not name
// are kept whole. It is an error (naming path) when no marked section is
// in bodies, as well as any error of ParseDocSections. Called with empty
// bodies, it checks a file before a long run.
func RewriteDocSections(path string, doc []byte, bodies map[string]string) ([]byte, error) {
	sections, err := ParseDocSections(path, doc)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Grow(len(doc))
	last, wrote := 0, 0
	for _, s := range sections {
		body, ok := bodies[s.Name]
		if !ok {
			continue
		}
		out.Write(doc[last:s.bodyStart])
		out.WriteString(s.eol)
		if body != "" {
			body = strings.TrimRight(body, "\n") + "\n"
			out.WriteString(strings.ReplaceAll(body, "\n", s.eol))
			out.WriteString(s.eol)
		}
		last = s.bodyEnd
		wrote++
	}
	if wrote == 0 {
		var marked, measured []string
		for _, s := range sections {
			marked = append(marked, fmt.Sprintf("%s (line %d)", s.Name, s.Line))
		}
		for name := range bodies {
			measured = append(measured, name)
		}
		sort.Strings(measured)
		return nil, fmt.Errorf("%s: this run measures no section the file marks: it marks %s; the run measures %s",
			path, strings.Join(marked, ", "), orNothing(measured))
	}
	out.Write(doc[last:])
	return out.Bytes(), nil
}

// orNothing joins names, or says "nothing".
func orNothing(names []string) string {
	if len(names) == 0 {
		return "nothing"
	}
	return strings.Join(names, ", ")
}
