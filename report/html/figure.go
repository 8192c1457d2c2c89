package htmlreport

import (
	"html/template"
	"strconv"
)

// Figure is one chart and the table of the values it plots (shown under
// the chart on demand; the browser test reads it).
type Figure struct {
	ID      string // the <svg> element's id; the table's is "data-" + ID
	Title   string
	Caption string
	SVG     template.HTML
	Table   Table
}

// Table is a figure's source data.
type Table struct {
	Columns []string
	Rows    [][]string
}

// num formats a plotted value for a data table: shortest exact form.
func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// fixed formats v with d decimals.
func fixed(v float64, d int) string { return strconv.FormatFloat(v, 'f', d, 64) }
