package sites

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Issue is one problem found in a case file.
type Issue struct {
	File  string // case file name as given to Decode or Load
	Line  int    // 1-based line in File; 0 when unknown
	Site  string // site id, or "#n" (1-based position) when the id is unusable; empty if not about a site
	Hall  string // hall id, or "#n"; empty if not about a hall
	Field string // key path within the site or hall ("mining.pue", "pue"), or from the top ("grid.prices")
	Msg   string // what is wrong and what was expected
}

// Error formats the issue as
// `case.toml:23: site "rockdale" hall "hall-a": pue = 0.9: must be ...`,
// leaving out the parts that are empty.
func (i Issue) Error() string {
	var b strings.Builder
	switch {
	case i.File != "" && i.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", i.File, i.Line)
	case i.File != "":
		b.WriteString(i.File + ": ")
	case i.Line > 0:
		fmt.Fprintf(&b, "line %d: ", i.Line)
	}
	if i.Site != "" {
		b.WriteString("site " + quoteLabel(i.Site))
	}
	if i.Hall != "" {
		if i.Site != "" {
			b.WriteByte(' ')
		}
		b.WriteString("hall " + quoteLabel(i.Hall))
	}
	if i.Site != "" || i.Hall != "" {
		b.WriteString(": ")
	}
	b.WriteString(i.Msg)
	return b.String()
}

// quoteLabel quotes an id; positional labels ("#2") are left bare.
func quoteLabel(s string) string {
	if strings.HasPrefix(s, "#") {
		return s
	}
	return strconv.Quote(s)
}

// label is the name used for a site or hall in messages: its id when it is
// usable, else its 1-based position ("#2").
func label(id string, index int) string {
	if id != "" && validID(id) {
		return id
	}
	return "#" + strconv.Itoa(index+1)
}

// Issues is a list of problems; it implements error with one issue per line.
// Decode returns them sorted in file order.
type Issues []Issue

// Error lists the issues, one per line, in slice order.
func (is Issues) Error() string {
	parts := make([]string, len(is))
	for i, issue := range is {
		parts[i] = issue.Error()
	}
	return strings.Join(parts, "\n")
}

// Err returns is as an error, or nil when there are no issues, so that
// callers never return a non-nil error holding an empty list.
func (is Issues) Err() error {
	if len(is) == 0 {
		return nil
	}
	return is
}

// Sort orders the issues by line within each file, keeping files in the
// order of their first issue and equal lines in their current order.
func (is Issues) Sort() {
	rank := map[string]int{}
	for _, issue := range is {
		if _, ok := rank[issue.File]; !ok {
			rank[issue.File] = len(rank)
		}
	}
	sort.SliceStable(is, func(a, b int) bool {
		ra, rb := rank[is[a].File], rank[is[b].File]
		if ra != rb {
			return ra < rb
		}
		return is[a].Line < is[b].Line
	})
}

// SiteIssue builds an Issue about field (e.g. "node" or "mining.pue") of
// site i, located at the field's line (or its table's line when the field
// is absent). It is meant for problems found outside this package, such as
// a node missing from the price file.
func (c *Case) SiteIssue(site int, field, format string, args ...any) Issue {
	return Issue{
		File:  c.file(),
		Line:  c.locator().line(sitePath(site, field)),
		Site:  c.siteLabel(site),
		Field: field,
		Msg:   fmt.Sprintf(format, args...),
	}
}

// HallIssue builds an Issue about field (e.g. "it_mw") of hall j of site i,
// located at the field's line (or the hall's line when the field is absent).
func (c *Case) HallIssue(site, hall int, field, format string, args ...any) Issue {
	return Issue{
		File:  c.file(),
		Line:  c.locator().line(hallPath(site, hall, field)),
		Site:  c.siteLabel(site),
		Hall:  c.hallLabel(site, hall),
		Field: field,
		Msg:   fmt.Sprintf(format, args...),
	}
}

// KeyIssue builds an Issue about a key path from the top of the file, such
// as "grid.prices" or "market.hashprice", located at the key's line (or its
// table's line, or line 1).
func (c *Case) KeyIssue(key, format string, args ...any) Issue {
	if c != nil {
		if p, ok := c.placed[key]; ok {
			return Issue{File: p.File, Line: p.Line, Field: key, Msg: p.Prefix + fmt.Sprintf(format, args...)}
		}
	}
	return Issue{
		File:  c.file(),
		Line:  c.locator().line(key),
		Field: key,
		Msg:   fmt.Sprintf(format, args...),
	}
}

// KeyPlace is where a key's value comes from when it is not the case
// file's own: a scenario's file named in a scenarios file.
type KeyPlace struct {
	File   string // the file that names the value
	Line   int    // the line of its key there
	Prefix string // put before the message, as `scenario "low": prices: `
}

// PlaceKey makes KeyIssue place issues about key (a path from the top,
// "grid.prices") at p instead of the case file's line: for a copy of the
// case whose value of key a scenario replaced. Copies made before share
// nothing with c's places after.
func (c *Case) PlaceKey(key string, p KeyPlace) {
	placed := make(map[string]KeyPlace, len(c.placed)+1)
	for k, v := range c.placed {
		placed[k] = v
	}
	placed[key] = p
	c.placed = placed
}

// sitePath is the locator path of field in site i.
func sitePath(site int, field string) string {
	return joinPath("sites", strconv.Itoa(site), field)
}

// hallPath is the locator path of field in hall j of site i.
func hallPath(site, hall int, field string) string {
	return joinPath("sites", strconv.Itoa(site), "conversion", strconv.Itoa(hall), field)
}

// file returns the case file name; safe on a nil Case.
func (c *Case) file() string {
	if c == nil {
		return ""
	}
	return c.File
}

// locator returns the case's locator; safe on a nil Case.
func (c *Case) locator() *locator {
	if c == nil {
		return nil
	}
	return c.loc
}

// siteLabel names site i in messages.
func (c *Case) siteLabel(site int) string {
	if c != nil && site >= 0 && site < len(c.Sites) {
		return label(c.Sites[site].ID, site)
	}
	return label("", site)
}

// hallLabel names hall j of site i in messages.
func (c *Case) hallLabel(site, hall int) string {
	if c != nil && site >= 0 && site < len(c.Sites) {
		if halls := c.Sites[site].Halls; hall >= 0 && hall < len(halls) {
			return label(halls[hall].ID, hall)
		}
	}
	return label("", hall)
}
