package report

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/gridflip/gridflip/optimize"
)

// A table's row type declares its columns once. Each field's parquet tag
// names its column, in the CSV header and the Parquet schema alike and in
// field order; its unit and doc tags describe it in
// docs/reference/outputs.md. A field of type optimize.Streams (tagged
// parquet:"-", so that it is not a group of the row type's own schema)
// stands for one column per declared money stream
// (optimize.MoneyStreams), then profit_usd. The CSV and Parquet files of a table are written from its
// rows, so the two cannot differ (tested for every pair).

// Column describes one column of a table, or one field of a JSON
// document, for the outputs reference.
type Column struct {
	Name string // the CSV header, Parquet column or JSON key
	Unit string // e.g. "IT MW", "USD"; empty for ids, text and flags
	Doc  string // what it holds, one line
}

// cellKind is how a column's values are written in CSV.
type cellKind int

const (
	cellText     cellKind = iota // a string, quoted when needed
	cellNumber                   // a float64, as appendNum writes it
	cellInteger                  // an int, int32 or int64
	cellBool                     // true or false
	cellTime                     // RFC 3339 in UTC
	cellList                     // a []string joined by ";"
	cellOptional                 // a *float64, empty when nil
)

// notStream marks a column that is a field of its own; profitStream the
// profit_usd column of a Streams field.
const (
	notStream    = -1
	profitStream = -2
)

// column is a Column and where a row holds it.
type column struct {
	Column
	field  int // the row's field
	stream int // in a Streams field: the declared stream's index, or profitStream; else notStream
	kind   cellKind
}

// table is a row type's columns, with the stream declarations they were
// made from (MoneyStreams is read once per table, not per row).
type table struct {
	typ     reflect.Type
	columns []column
	streams []optimize.MoneyStream
	stamps  stampCache
}

// stampCache remembers the RFC 3339 form of the hours a table has
// written, by their hour from the first (tables repeat the same hours for
// every site).
type stampCache struct {
	first int64 // Unix seconds of the first timestamp seen
	seen  bool
	hours []string // by hour from first; "" not yet formatted
}

var (
	streamsType = reflect.TypeOf(optimize.Streams{})
	timeType    = reflect.TypeOf(time.Time{})
)

// maxCachedStamps bounds the hours a table remembers (about fifteen
// years).
const maxCachedStamps = 1 << 17

// tableOf lists a row type's columns. A field of an unsupported type is a
// programming error: it panics, and the tests reach every row type.
func tableOf(t reflect.Type) *table {
	tb := &table{typ: t, streams: optimize.MoneyStreams()}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Type == streamsType {
			scope := f.Tag.Get("doc")
			for k, m := range tb.streams {
				tb.columns = append(tb.columns, column{Column: Column{Name: m.Key(), Unit: "USD", Doc: streamDoc(m, scope)},
					field: i, stream: k, kind: cellNumber})
			}
			tb.columns = append(tb.columns, column{Column: Column{Name: "profit_usd", Unit: "USD", Doc: "revenues − costs, " + scope},
				field: i, stream: profitStream, kind: cellNumber})
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("parquet"), ",")
		tb.columns = append(tb.columns, column{Column: Column{Name: name, Unit: f.Tag.Get("unit"), Doc: f.Tag.Get("doc")},
			field: i, stream: notStream, kind: kindOf(t, f)})
	}
	return tb
}

// streamDoc describes a stream's column.
func streamDoc(m optimize.MoneyStream, scope string) string {
	kind := "a revenue"
	if m.Sign < 0 {
		kind = "a cost, positive"
	}
	return fmt.Sprintf("%s (%s), %s", m.Label, kind, scope)
}

// kindOf is how field f of row type t is written.
func kindOf(t reflect.Type, f reflect.StructField) cellKind {
	switch {
	case f.Type == timeType:
		return cellTime
	case f.Type.Kind() == reflect.String:
		return cellText
	case f.Type.Kind() == reflect.Float64:
		return cellNumber
	case f.Type.Kind() == reflect.Int || f.Type.Kind() == reflect.Int32 || f.Type.Kind() == reflect.Int64:
		return cellInteger
	case f.Type.Kind() == reflect.Bool:
		return cellBool
	case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
		return cellList
	case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Float64:
		return cellOptional
	}
	panic(fmt.Sprintf("report: %s.%s: a table column of type %s", t.Name(), f.Name, f.Type))
}

// Columns lists the columns of a table's row type (HourlyRow, SitesRow,
// ...), in order, as its CSV and Parquet files hold them.
func Columns(row any) []Column {
	tb := tableOf(reflect.TypeOf(row))
	out := make([]Column, len(tb.columns))
	for i, c := range tb.columns {
		out[i] = c.Column
	}
	return out
}

// CSVHeader is the header line of a table's CSV file (without the
// newline).
func CSVHeader(row any) string { return tableOf(reflect.TypeOf(row)).header() }

// header is the table's CSV header line (without the newline).
func (tb *table) header() string {
	names := make([]string, len(tb.columns))
	for i, c := range tb.columns {
		names[i] = c.Name
	}
	return strings.Join(names, ",")
}

// hasStreams reports whether the table has a Streams field (its Parquet
// schema is then made at run time: see flatType).
func (tb *table) hasStreams() bool {
	for _, c := range tb.columns {
		if c.stream != notStream {
			return true
		}
	}
	return false
}

// appendCSV appends a row (a value of the table's type) as one CSV line.
func (tb *table) appendCSV(b []byte, row reflect.Value) []byte {
	for _, c := range tb.columns {
		f := row.Field(c.field)
		if c.stream != notStream {
			b = appendNum(b, tb.streamValue(f, c.stream))
			continue
		}
		switch c.kind {
		case cellText:
			b = appendField(b, f.String())
		case cellNumber:
			b = appendNum(b, f.Float())
		case cellInteger:
			b = append(strconv.AppendInt(b, f.Int(), 10), ',')
		case cellBool:
			b = append(strconv.AppendBool(b, f.Bool()), ',')
		case cellTime:
			b = append(append(b, tb.stamp(*f.Addr().Interface().(*time.Time))...), ',')
		case cellList:
			parts := make([]string, f.Len())
			for k := range parts {
				parts[k] = f.Index(k).String()
			}
			b = appendField(b, strings.Join(parts, ";"))
		case cellOptional:
			if f.IsNil() {
				b = append(b, ',')
			} else {
				b = appendNum(b, f.Elem().Float())
			}
		}
	}
	b[len(b)-1] = '\n'
	return b
}

// streamValue is a Streams field's value in column stream.
func (tb *table) streamValue(f reflect.Value, stream int) float64 {
	s := f.Addr().Interface().(*optimize.Streams)
	if stream == profitStream {
		return s.ProfitUSD
	}
	return tb.streams[stream].Of(s)
}

// stamp formats t in RFC 3339 (UTC), remembering the hours it has seen.
func (tb *table) stamp(t time.Time) string {
	c := &tb.stamps
	u := t.Unix()
	if !c.seen {
		c.first, c.seen = u, true
	}
	d := u - c.first
	if d < 0 || d%3600 != 0 || d/3600 >= maxCachedStamps {
		return t.UTC().Format(time.RFC3339)
	}
	k := int(d / 3600)
	if k >= len(c.hours) {
		c.hours = append(c.hours, make([]string, k+1-len(c.hours))...)
	}
	if c.hours[k] == "" {
		c.hours[k] = t.UTC().Format(time.RFC3339)
	}
	return c.hours[k]
}

// flatType is the table as a struct of one field per column (a Streams
// field spread into one float64 per stream and the profit): the Go type
// of its Parquet schema, whose field order is the columns' order.
func (tb *table) flatType() reflect.Type {
	fields := make([]reflect.StructField, len(tb.columns))
	for i, c := range tb.columns {
		if c.stream == notStream {
			f := tb.typ.Field(c.field)
			fields[i] = reflect.StructField{Name: f.Name, Type: f.Type, Tag: f.Tag}
			continue
		}
		fields[i] = reflect.StructField{Name: fmt.Sprintf("Column%d", i), Type: reflect.TypeOf(0.0),
			Tag: reflect.StructTag(`parquet:"` + c.Name + `"`)}
	}
	return reflect.StructOf(fields)
}

// flatten copies row (of the table's type) into flat (of flatType).
func (tb *table) flatten(row, flat reflect.Value) {
	for i, c := range tb.columns {
		f := row.Field(c.field)
		if c.stream == notStream {
			flat.Field(i).Set(f)
			continue
		}
		flat.Field(i).SetFloat(tb.streamValue(f, c.stream))
	}
}

// Fields lists a JSON document type's top-level fields (Summary,
// HeadroomJSON, ...): each key, with the field's unit and doc tags.
func Fields(doc any) []Column {
	t := reflect.TypeOf(doc)
	var out []Column
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if key == "-" || !f.IsExported() {
			continue
		}
		if key == "" {
			key = f.Name
		}
		out = append(out, Column{Name: key, Unit: f.Tag.Get("unit"), Doc: f.Tag.Get("doc")})
	}
	return out
}
