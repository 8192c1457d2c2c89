package report

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/gridflip/gridflip/optimize"
)

// A table's row type declares its columns once: the parquet tags name the
// columns of both its Parquet file and its CSV file, in the same order, so
// the two cannot differ (tested for every pair).

// columnName is a field's column: its parquet tag up to the first comma.
func columnName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("parquet"), ",")
	return name
}

// columnsOf lists a row type's columns in order.
func columnsOf(t reflect.Type) []string {
	out := make([]string, 0, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		out = append(out, columnName(t.Field(i)))
	}
	return out
}

// csvHeader is a row type's CSV header line (without the newline).
func csvHeader(t reflect.Type) string { return strings.Join(columnsOf(t), ",") }

// appendCSVRow appends a row's fields as one CSV line, numbers as
// appendNum writes them, lists joined by ";".
func appendCSVRow(b []byte, row reflect.Value) []byte {
	for i := 0; i < row.NumField(); i++ {
		switch f := row.Field(i); f.Kind() {
		case reflect.String:
			b = appendField(b, f.String())
		case reflect.Float64:
			b = appendNum(b, f.Float())
		case reflect.Int32, reflect.Int64, reflect.Int:
			b = append(strconv.AppendInt(b, f.Int(), 10), ',')
		case reflect.Slice:
			parts := make([]string, f.Len())
			for k := range parts {
				parts[k] = f.Index(k).String()
			}
			b = appendField(b, strings.Join(parts, ";"))
		default:
			panic("report: a table column of kind " + f.Kind().String())
		}
	}
	b[len(b)-1] = '\n'
	return b
}

// streamFields maps each declared money stream to the index of the row
// type's field that holds it (its column is the stream's key).
func streamFields(t reflect.Type) []int {
	byColumn := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		byColumn[columnName(t.Field(i))] = i
	}
	streams := optimize.MoneyStreams()
	out := make([]int, len(streams))
	for k, m := range streams {
		i, ok := byColumn[m.Key()]
		if !ok {
			panic("report: " + t.Name() + " has no column " + m.Key())
		}
		out[k] = i
	}
	return out
}

// setStreams fills a row's stream columns from s, declaration by
// declaration.
func setStreams(row reflect.Value, fields []int, s *optimize.Streams) {
	for k, m := range optimize.MoneyStreams() {
		row.Field(fields[k]).SetFloat(m.Of(s))
	}
}
