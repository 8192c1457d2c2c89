package sites

import (
	"bytes"
	"fmt"
	"strings"
)

// ReferenceCommand regenerates the generated references (docs/reference).
const ReferenceCommand = "go run ./cmd/gridflip docs docs/reference"

// Reference writes docs/reference/case.md, the key-by-key reference of a
// case file, from the declarations (Keys).
func Reference() []byte {
	var b bytes.Buffer
	b.WriteString("# Case file reference\n\n")
	fmt.Fprintf(&b, "<!-- Generated from sites/schema_keys.go by `%s`; do not edit. -->\n\n", ReferenceCommand)
	b.WriteString("Every key of a case file, generated from the declarations the decoder checks against. " +
		"[The case file](../case-file.md) is the guide. Ranges are intervals: [a, b] includes both ends, " +
		"(a, b] excludes a. Keys of a `[[scenario]]` table are also those of a scenarios file (`--scenarios`).\n")
	section, table := "", "\x00"
	for _, k := range caseKeys {
		if k.Section != section {
			section, table = k.Section, "\x00"
			fmt.Fprintf(&b, "\n## %s\n", section)
		}
		if t := k.Table(); t != table {
			table = t
			fmt.Fprintf(&b, "\n%s\n\n", tableHeader(t))
			b.WriteString("| key | type | unit | required / default | allowed | description |\n")
			b.WriteString("|---|---|---|---|---|---|\n")
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", k.Name(), k.Kind, cell(docUnit(k)),
			cell(docDefault(k)), cell(docAllowed(k)), cell(k.Desc))
	}
	return b.Bytes()
}

// tableHeader is the TOML header of table t, as a Markdown line.
func tableHeader(t string) string {
	switch {
	case t == "":
		return "At the top of the file, before any table:"
	case tableKind(t) == kindArray:
		return "`[[" + t + "]]`"
	}
	return "`[" + t + "]`"
}

// docUnit is the key's unit without the explanation messages add.
func docUnit(k Key) string {
	u, _, _ := strings.Cut(k.Unit, ";")
	return u
}

// docDefault is the "required / default" cell.
func docDefault(k Key) string {
	switch {
	case k.Required:
		return "required"
	case k.DefaultDoc != "":
		return k.DefaultDoc
	case k.Default != "":
		return "`" + k.Default + "`"
	}
	return "none"
}

// docAllowed is the "allowed" cell.
func docAllowed(k Key) string {
	switch k.Kind {
	case KindNumber:
		return k.Interval()
	case KindInteger:
		if k.Ranged() {
			return fmt.Sprintf("%s to %s", formatNumber(k.rng.lo), formatNumber(k.rng.hi))
		}
	case KindID:
		return fmt.Sprintf("`[A-Za-z0-9_.-]+`, at most %d characters", MaxIDLen)
	case KindChoice:
		q := make([]string, len(k.Choices))
		for i, c := range k.Choices {
			q[i] = "`" + c + "`"
		}
		return strings.Join(q, " or ")
	case KindBool:
		return "`true` or `false`"
	case KindDate:
		return "`YYYY-MM-DD`"
	case KindTimestamp:
		return "RFC 3339 with a zone, or a date (00:00 UTC)"
	}
	return ""
}

// cell escapes a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
