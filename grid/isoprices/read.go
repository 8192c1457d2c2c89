package isoprices

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// maxPreambleLines bounds the lines searched for the header row.
const maxPreambleLines = 20

// checkEvery is how many rows pass between context checks.
const checkEvery = 4096

// fileReader reads one input file into the collector.
type fileReader struct {
	ctx  context.Context
	l    layout
	z    zones
	col  *collector
	file uint16
	name string
}

// columns is the header of one file mapped to the layout.
type columns struct {
	fields    int
	node      int
	price     int        // long layouts
	priceName string     // the price column's header
	time      timeColumn // long layouts
	timeAt    int        // long layouts
	filter    int        // -1: no filter column
	hours     [misoHours]int
	date      time.Time // MISO market date (midnight, UTC fields)
	eiaNodes  []int     // EIA: the price column of each node
	eiaNames  []string  // EIA: the node of each price column
	hour      int       // ERCOT: hour ending or delivery hour
	hourName  string    // ERCOT: that column's name
	interval  int       // ERCOT: delivery interval (-1: hourly)
	flag      int       // ERCOT: repeated-hour flag (-1: none)
}

func (r *fileReader) read(in io.Reader) error {
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cols, err := r.header(cr)
	if err != nil {
		return err
	}
	rows := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return r.csvError(err)
		}
		if rows++; rows%checkEvery == 0 {
			if err := r.ctx.Err(); err != nil {
				return err
			}
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) != cols.fields {
			return lineError(r.name, line, "", "has %d fields, the header has %d", len(rec), cols.fields)
		}
		if err := r.row(rec, line, cols); err != nil {
			return err
		}
	}
	if err := r.ctx.Err(); err != nil {
		return err
	}
	return nil
}

func (r *fileReader) csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return lineError(r.name, pe.Line, "", "invalid CSV (character %d): %v", pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: %w", r.name, err)
}

// blank reports whether every field of rec is empty.
func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// header finds the header row (after a preamble of at most
// maxPreambleLines lines) and maps its columns.
func (r *fileReader) header(cr *csv.Reader) (columns, error) {
	var date time.Time
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return columns{}, lineError(r.name, 0, "", "no header row with a %q column: not a %s file (%s)", r.l.node, strings.ToUpper(string(r.l.iso)), r.l.expected())
		}
		if err != nil {
			return columns{}, r.csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if idx := indexOf(rec); hasKey(idx, r.l.node) {
			return r.mapColumns(rec, idx, line, date)
		}
		if line > maxPreambleLines {
			return columns{}, lineError(r.name, line, "", "no header row with a %q column in the first %d lines: not a %s file (%s)", r.l.node, maxPreambleLines, strings.ToUpper(string(r.l.iso)), r.l.expected())
		}
		if d, ok := preambleDate(rec); ok && date.IsZero() {
			date = d
		}
	}
}

// expected describes the columns the layout needs.
func (l layout) expected() string {
	switch l.kind {
	case kindEIA:
		return eiaExpected()
	case kindERCOT:
		return ercotExpected()
	}
	if l.hourEnding {
		return fmt.Sprintf("want columns %q, %q and %q .. %q after a preamble with the market date", l.node, l.filter.column, misoHourColumn(1), misoHourColumn(misoHours))
	}
	times := make([]string, len(l.times))
	for i, t := range l.times {
		times[i] = strconv.Quote(t.name)
	}
	prices := make([]string, len(l.prices))
	for i, p := range l.prices {
		prices[i] = strconv.Quote(p)
	}
	return fmt.Sprintf("want a %q column, a time column (%s) and a price column (%s)", l.node, strings.Join(times, " or "), strings.Join(prices, " or "))
}

func indexOf(rec []string) map[string]int {
	idx := make(map[string]int, len(rec))
	for i, f := range rec {
		k := fold(f)
		if _, dup := idx[k]; !dup && k != "" {
			idx[k] = i
		}
	}
	return idx
}

func hasKey(idx map[string]int, name string) bool {
	_, ok := idx[fold(name)]
	return ok
}

// mapColumns maps a header row to the layout.
func (r *fileReader) mapColumns(rec []string, idx map[string]int, line int, date time.Time) (columns, error) {
	l := r.l
	c := columns{fields: len(rec), node: idx[fold(l.node)], filter: -1}
	switch l.kind {
	case kindEIA:
		return r.mapEIA(rec, c, line)
	case kindERCOT:
		return r.mapERCOT(rec, idx, c, line)
	}
	if err := r.col.setDay(r.z.loc(l.day), r.name); err != nil {
		return columns{}, err
	}
	if i, ok := idx[fold(l.filter.column)]; ok && l.filter.column != "" {
		c.filter = i
	} else if l.filter.column != "" && !l.filter.optional {
		return columns{}, lineError(r.name, line, "", "header has no %q column (%s)", l.filter.column, l.expected())
	}
	if l.hourEnding {
		return r.mapHours(c, idx, line, date)
	}
	c.price = -1
	for _, p := range l.prices {
		if i, ok := idx[fold(p)]; ok {
			c.price, c.priceName = i, p
			break
		}
	}
	c.timeAt = -1
	for _, t := range l.times {
		if i, ok := idx[fold(t.name)]; ok {
			c.time, c.timeAt = t, i
			break
		}
	}
	if c.price < 0 || c.timeAt < 0 {
		return columns{}, lineError(r.name, line, "", "header %q lacks a column: %s", strings.Join(rec, ","), l.expected())
	}
	return c, nil
}

// mapHours maps MISO's hour-ending columns and fixes the market date.
func (r *fileReader) mapHours(c columns, idx map[string]int, line int, date time.Time) (columns, error) {
	for h := 1; h <= misoHours; h++ {
		i, ok := idx[fold(misoHourColumn(h))]
		if !ok {
			return columns{}, lineError(r.name, line, "", "header has no %q column (%s)", misoHourColumn(h), r.l.expected())
		}
		c.hours[h-1] = i
	}
	if date.IsZero() {
		d, ok := fileNameDate(r.name)
		if !ok {
			return columns{}, lineError(r.name, line, "", "no market date: MISO gives it in the preamble above the header (e.g. 01/02/2024); add that line or name the file YYYYMMDD_...")
		}
		date = d
	}
	c.date = date
	return c, nil
}

// preambleDate finds a market date (MM/DD/YYYY) in a preamble record.
func preambleDate(rec []string) (time.Time, bool) {
	for _, f := range rec {
		if t, err := time.Parse("1/2/2006", strings.TrimSpace(f)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// fileNameDate reads the date prefix of MISO's file names (20240102_...).
func fileNameDate(name string) (time.Time, bool) {
	m := fileDatePattern().FindStringSubmatch(filepath.Base(name))
	if m == nil {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102", m[1])
	return t, err == nil
}

func fileDatePattern() *regexp.Regexp { return regexp.MustCompile(`^(\d{8})_`) }

// row adds one data row's prices.
func (r *fileReader) row(rec []string, line int, c columns) error {
	switch r.l.kind {
	case kindEIA:
		return r.rowEIA(rec, line, c)
	case kindERCOT:
		return r.rowERCOT(rec, line, c)
	}
	if c.filter >= 0 && !r.l.filter.keeps(rec[c.filter]) {
		return nil
	}
	node := strings.TrimSpace(rec[c.node])
	if node == "" {
		return lineError(r.name, line, r.l.node, "empty node name")
	}
	if !r.col.wants(node) {
		return nil
	}
	if r.l.hourEnding {
		for h, i := range c.hours {
			v, err := parsePrice(rec[i])
			if err != nil {
				return lineError(r.name, line, misoHourColumn(h+1), "node %q: %v", node, err)
			}
			at := c.date.Add(time.Duration(h)*time.Hour - estOffset)
			if err := r.col.add(node, at.Unix(), v, r.file, line); err != nil {
				return lineError(r.name, line, "", "%v", err)
			}
		}
		return nil
	}
	at, err := r.instant(node, rec[c.timeAt], c.time)
	if err != nil {
		return lineError(r.name, line, c.time.name, "node %q: %v", node, err)
	}
	v, err := parsePrice(rec[c.price])
	if err != nil {
		return lineError(r.name, line, c.priceName, "node %q: %v", node, err)
	}
	if err := r.col.add(node, at.Unix(), v, r.file, line); err != nil {
		return lineError(r.name, line, "", "%v", err)
	}
	return nil
}

// keeps reports whether a row with this filter field is kept.
func (f filter) keeps(v string) bool {
	for _, want := range f.values {
		if fold(v) == fold(want) {
			return true
		}
	}
	return false
}

// instant converts a timestamp field on the column's clock to UTC. In the
// hour that clocks repeat when they fall back, a node's first row at a
// reading is the earlier instant and its second row the later one.
func (r *fileReader) instant(node, raw string, tc timeColumn) (time.Time, error) {
	wall, zoned, err := parseWall(raw)
	if err != nil {
		return time.Time{}, err
	}
	if zoned || tc.clock == clockUTC {
		return wall, nil
	}
	loc := r.z.loc(tc.clock)
	cands := candidates(wall, loc)
	switch len(cands) {
	case 0:
		return time.Time{}, fmt.Errorf("%s does not exist on the %s clock (the hour skipped when clocks spring forward)", strings.TrimSpace(raw), loc)
	case 1:
		return cands[0], nil
	}
	return r.col.repeated(node, cands[0], cands[1]), nil
}

// parsePrice parses one price in USD/MWh.
func parsePrice(raw string) (float64, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return 0, errors.New("empty price")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("price %q is not a finite number", raw)
	}
	return v, nil
}
