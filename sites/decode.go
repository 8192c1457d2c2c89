package sites

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"

	"github.com/gridflip/gridflip/internal/input"
)

// Decode parses and validates a case file. file is the name used in
// messages and in Case.File (for Resolve). When anything is wrong it
// returns a nil Case and an error of type Issues listing every problem,
// in file order, each with file and line.
func Decode(data []byte, file string) (*Case, error) {
	return decode(data, file)
}

// decode implements Decode.
func decode(data []byte, file string) (*Case, error) {
	var cs *Case
	err := decodeDocument(data, file, MaxScenarios, caseSchema(), &rawCase{}, func(c *checker, raw any) {
		cs = c.build(raw.(*rawCase))
	})
	if err != nil {
		return nil, err
	}
	return cs, nil
}

// decodeDocument parses a TOML document strictly against sch, decodes it
// into raw (a pointer to the raw struct sch was derived from) and calls
// build to validate it. A document of more than maxScenarios [[scenario]]
// tables is refused before it is parsed. It returns every issue found,
// sorted, and turns any panic into an Issue.
func decodeDocument(data []byte, file string, maxScenarios int, sch *schema, raw any, build func(c *checker, raw any)) (err error) {
	defer func() {
		// The TOML library is third-party code: never let a bug in it (or
		// here) crash a caller. The fuzz test fails on this message.
		if r := recover(); r != nil {
			err = Issues{{File: file, Line: 1,
				Msg: fmt.Sprintf("internal error while decoding (please report this file): %v", r)}}
		}
	}()
	c := &checker{file: file, loc: locateUpTo(data, maxScenarios)}
	if limit := c.checkLimits(maxScenarios); limit != nil {
		return limit
	}
	text := string(data)

	// Pass 1: syntax, and the document as generic values for structure
	// checks and for locating unknown keys by array index.
	if _, perr := toml.Decode(text, &c.tree); perr != nil {
		return Issues{c.syntaxIssue(perr, data)}
	}
	if c.checkShapes(c.tree, sch, nil); len(c.issues) > 0 {
		c.issues.Sort()
		return c.issues
	}

	// Pass 2: into the raw structs. Leaves accept any TOML type and tables
	// have the right shape, so this cannot fail on valid TOML.
	md, derr := toml.Decode(text, raw)
	if derr != nil {
		return Issues{c.syntaxIssue(derr, data)}
	}
	c.checkUnknown(md, sch)
	build(c, raw)
	if len(c.issues) > 0 {
		c.issues.Sort()
		return c.issues
	}
	return nil
}

// Load reads the case file name with o (a regular file within the input
// limits, cancelled with o's context) and decodes it; Case.File is the
// name o shows in messages.
func Load(o *input.Opener, name string) (*Case, error) {
	data, display, err := o.ReadAll(name)
	if err != nil {
		return nil, fmt.Errorf("case file: %w", err)
	}
	return Decode(data, display)
}

// checkLimits refuses input nested too deeply for the TOML parser to
// handle quickly (no case file comes near these limits), and more than
// maxScenarios [[scenario]] tables, at the first one too many. It runs on
// the locator's scan alone, before the document is parsed.
func (c *checker) checkLimits(maxScenarios int) Issues {
	extra, tooMany := c.loc.exact(joinPath("scenario", strconv.Itoa(maxScenarios)))
	switch {
	case tooMany:
		return Issues{{File: c.file, Line: extra, Field: "scenario",
			Msg: fmt.Sprintf("more than %d [[scenario]] tables: use fewer, or split the file (README \"Limits\")", maxScenarios)}}
	case c.loc.tooDeep > 0:
		return Issues{{File: c.file, Line: c.loc.tooDeep,
			Msg: fmt.Sprintf("values nested more than %d levels deep: a case file needs only a few", maxNesting)}}
	case c.loc.tooManyKey > 0:
		return Issues{{File: c.file, Line: c.loc.tooManyKey,
			Msg: fmt.Sprintf("key with more than %d dotted parts: a case file needs only a few", maxKeyParts)}}
	}
	return nil
}

// syntaxIssue turns an error of the TOML parser into an Issue with a line.
func (c *checker) syntaxIssue(err error, data []byte) Issue {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		// The parser counts a newline it trips over as the start of the
		// next line; the byte offset says which line the user must fix.
		line := pe.Position.Line
		if start := pe.Position.Start; start >= 0 && start <= len(data) {
			line = bytes.Count(data[:start], []byte("\n")) + 1
		}
		if line < 1 {
			line = 1
		}
		return Issue{File: c.file, Line: line, Msg: "not valid TOML: " + syntaxMessage(pe, data, line)}
	}
	// Errors of the decoder itself carry "line N" in their text.
	msg := strings.TrimPrefix(err.Error(), "toml: ")
	line := 1
	if m := regexp.MustCompile(`^line (\d+)`).FindStringSubmatch(msg); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil && n > 0 {
			line = n
		}
	}
	return Issue{File: c.file, Line: line, Msg: "cannot decode: " + msg}
}

// maxSyntaxMessage bounds the parser's own words in a message, in characters.
const maxSyntaxMessage = 160

// plausibleTOML matches the start of a line that is a [table] or a key =
// value whose value starts as TOML values do.
var plausibleTOML = regexp.MustCompile(`^\s*(\[|[A-Za-z0-9_.\-"' ]+=\s*["'\[{0-9tfin+\-])`)

// syntaxMessage words a TOML parse error on line without quoting a file
// that is not TOML at all: a line of binary data is named as such, and a
// first line that is no key = value nor [table] (a password file, an
// environment, JSON) is said to be one. Otherwise it is the parser's
// message, cut short, with the last key as a short escaped token.
func syntaxMessage(pe toml.ParseError, data []byte, line int) string {
	text := lineText(data, line)
	if input.Binary(text) {
		return "binary data: this is not a TOML file"
	}
	msg := clip(pe.Message)
	if line == firstContentLine(data) && !plausibleTOML.Match(text) {
		return "the first line is not a key = value or a [table]: is this a TOML file?"
	}
	if line == firstContentLine(data) {
		return msg // the last key is from this line, as the user wrote it
	}
	if pe.LastKey != "" {
		msg += " (after key " + input.Token(pe.LastKey) + ")"
	}
	return msg
}

// clip cuts s to maxSyntaxMessage characters and escapes control
// characters and invalid UTF-8.
func clip(s string) string {
	var b strings.Builder
	for i, r := range []rune(strings.ToValidUTF8(s, "\uFFFD")) {
		if i == maxSyntaxMessage {
			b.WriteString("…")
			break
		}
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// lineText returns line n (1-based) of data, without its newline.
func lineText(data []byte, n int) []byte {
	for i := 1; i < n; i++ {
		at := bytes.IndexByte(data, '\n')
		if at < 0 {
			return nil
		}
		data = data[at+1:]
	}
	if at := bytes.IndexByte(data, '\n'); at >= 0 {
		data = data[:at]
	}
	return data
}

// firstContentLine is the 1-based number of data's first line that is
// neither blank nor a comment (0: none).
func firstContentLine(data []byte) int {
	for n := 1; len(data) > 0; n++ {
		line := data
		if at := bytes.IndexByte(data, '\n'); at >= 0 {
			line, data = data[:at], data[at+1:]
		} else {
			data = nil
		}
		if t := bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\ufeff"))); len(t) > 0 && t[0] != '#' {
			return n
		}
	}
	return 0
}

// build converts the raw document into a Case, validating every field.
func (c *checker) build(raw *rawCase) *Case {
	cs := &Case{File: c.file, loc: c.loc}
	top := scope{}
	cs.Name = defaultName(c.file)
	if name, ok := c.str(top, "name", raw.Name, false, `"Demo ERCOT portfolio"`); ok && name != "" {
		cs.Name = name
	}

	cs.Horizon = c.horizon(raw.Horizon)
	cs.Grid = c.grid(raw.Grid, cs.Horizon)
	cs.Market = c.market(raw.Market, cs.Horizon)
	cs.Finance = c.finance(raw.Finance)
	cs.Impact = c.impact(raw.Impact)
	cs.Gap = c.gapRefs(raw.Gap)
	cs.Sites = c.sites(raw.Sites, cs.Market.AILeaseUSDPerKWMonth, cs.Horizon, cs.Finance)
	cs.Risk = c.risk(raw.Risk)
	if raw.Scenario != nil {
		cs.Scenarios = c.scenarios(raw.Scenario)
		c.uncertaintySet(cs.Scenarios)
	}
	return cs
}
