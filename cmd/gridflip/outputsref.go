package main

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/report"
	"github.com/gridflip/gridflip/sites"
)

// outputsReference is docs/reference/outputs.md, generated from the
// declarations that write the files: each results set's files (planFiles,
// headroomFiles, manifestFile), each table's columns (its row type) and
// each JSON document's top-level fields, and the money streams.
func outputsReference() []byte {
	var b bytes.Buffer
	b.WriteString("# Outputs reference\n\n")
	fmt.Fprintf(&b, "<!-- Generated from the output declarations (cmd/gridflip/outputs.go, the row and document types of report/, "+
		"optimize/streams.go) by `%s`; do not edit. -->\n\n", sites.ReferenceCommand)
	b.WriteString("Every file of a results set, with its columns (CSV and Parquet) or its top-level fields (JSON), " +
		"generated from the declarations that write them. [Outputs](../outputs.md) is the guide: what the figures mean, " +
		"the nested JSON fields, how a set is published and read back. A CSV file and the Parquet file of the same name " +
		"have the same columns in the same order. Money is USD, costs positive; \"over the horizon\" is discounted with a " +
		"`[horizon]` (see [the model](../model.md)).\n")
	printed := map[reflect.Type]bool{}
	set := func(title string, files []outputFile) {
		fmt.Fprintf(&b, "\n## %s\n\n| file | written | holds |\n|---|---|---|\n", title)
		for _, f := range files {
			when := f.when
			if when == "" {
				when = "always"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", f.name, mdCell(when), mdCell(f.doc))
		}
		for _, f := range files {
			if f.shape == nil || printed[reflect.TypeOf(f.shape)] {
				continue
			}
			printed[reflect.TypeOf(f.shape)] = true
			writeShape(&b, f.shape, files)
		}
	}
	set("`gridflip plan --out DIR`", append(planFiles(context.Background(), nil, nil, outputOptions{csv: true}), manifestFile()))
	set("`gridflip headroom --out DIR`", append(headroomFiles(nil, ""), manifestFile()))
	writeStreams(&b)
	return b.Bytes()
}

// writeShape writes the section of one shape: the files that have it,
// then its columns (a table) or its top-level fields (a JSON document).
func writeShape(b *bytes.Buffer, shape any, files []outputFile) {
	var names []string
	for _, f := range files {
		if f.shape != nil && reflect.TypeOf(f.shape) == reflect.TypeOf(shape) {
			names = append(names, "`"+f.name+"`")
		}
	}
	fmt.Fprintf(b, "\n### %s\n\n", strings.Join(names, ", "))
	var cols []report.Column
	what := "column"
	if strings.HasSuffix(names[0], ".json`") {
		cols, what = report.Fields(shape), "top-level field"
	} else {
		cols = report.Columns(shape)
	}
	fmt.Fprintf(b, "| %s | unit | description |\n|---|---|---|\n", what)
	for _, c := range cols {
		fmt.Fprintf(b, "| `%s` | %s | %s |\n", c.Name, mdCell(c.Unit), mdCell(c.Doc))
	}
}

// writeStreams writes the table of the declared money streams.
func writeStreams(b *bytes.Buffer) {
	b.WriteString("\n## Money streams\n\nEach stream declared in `optimize/streams.go` is a column of `sites.csv` and " +
		"`yearly.csv`/`yearly.parquet`, a key of `summary.json`'s `portfolio`, `sites[]` and `years[].streams`, a column " +
		"of the text's stream table and a step of the report's waterfalls, in this order; `profit_usd` follows them.\n\n")
	b.WriteString("| stream | key | kind | label | colour | term |\n|---|---|---|---|---|---|\n")
	for _, m := range optimize.MoneyStreams() {
		kind := "revenue"
		if m.Sign < 0 {
			kind = "cost"
		}
		fmt.Fprintf(b, "| %s | `%s` | %s | %s | `%s` | `%s` |\n", m.Name, m.Key(), kind, mdCell(m.Label), m.Colour, m.Term)
	}
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}
