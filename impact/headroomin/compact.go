package headroomin

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// The compact encoding of a whole-MW table with no missing value, as the
// bundled copy is stored: gzip of three text lines (the format, the first
// hour and the number of hours, the column names), then, column by
// column, each hour's change from the previous hour's load (the first
// from 0) as a zigzag varint. It is about 40 % of the CSV gzipped.
const compactMagic = "gridflip hourly load v1"

// maxCompactColumns bounds the columns of a compact table.
const maxCompactColumns = 10_000

// EncodeCompact writes t in the compact encoding. Every value must be a
// whole number of MW.
func EncodeCompact(w io.Writer, t *Table) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	fmt.Fprintf(bw, "%s\nstart=%s hours=%d\ncolumns=%s\n", compactMagic, t.Start.UTC().Format(time.RFC3339), t.Hours(), strings.Join(t.Columns, ","))
	var buf [binary.MaxVarintLen64]byte
	for c, col := range t.Values {
		prev := int64(0)
		for i, v := range col {
			if v != math.Trunc(v) || math.Abs(v) > 1<<52 {
				return fmt.Errorf("compact encoding: column %s, hour %d: %v is not a whole number of MW", t.Columns[c], i, v)
			}
			n := binary.PutVarint(buf[:], int64(v)-prev)
			bw.Write(buf[:n])
			prev = int64(v)
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// DecodeCompact reads a table written by EncodeCompact; name is used in
// error messages.
func DecodeCompact(r io.Reader, name string) (*Table, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%s: not a compact load table: %w", name, err)
	}
	br := bufio.NewReaderSize(zr, 1<<16)
	t, n, err := decodeHeader(br, name)
	if err != nil {
		return nil, err
	}
	flat := make([]float64, n*len(t.Columns))
	for c := range t.Columns {
		col := flat[c*n : (c+1)*n : (c+1)*n]
		prev := int64(0)
		for i := range col {
			d, err := binary.ReadVarint(br)
			if err != nil {
				return nil, fmt.Errorf("%s: column %s ends at hour %d of %d: %w", name, t.Columns[c], i, n, err)
			}
			prev += d
			col[i] = float64(prev)
		}
		t.Values[c] = col
	}
	if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: data after the last column", name)
	}
	return t, nil
}

// decodeHeader reads the three header lines and sizes the table.
func decodeHeader(br *bufio.Reader, name string) (*Table, int, error) {
	var lines [3]string
	for i := range lines {
		s, err := br.ReadString('\n')
		if err != nil || len(s) > 1<<20 {
			return nil, 0, fmt.Errorf("%s: header line %d is missing", name, i+1)
		}
		lines[i] = strings.TrimSuffix(s, "\n")
	}
	if lines[0] != compactMagic {
		return nil, 0, fmt.Errorf("%s: not a compact load table (first line %q)", name, lines[0])
	}
	var start string
	var hours int
	if _, err := fmt.Sscanf(lines[1], "start=%s hours=%d", &start, &hours); err != nil {
		return nil, 0, fmt.Errorf("%s: line 2 %q: want start=TIME hours=N", name, lines[1])
	}
	t0, err := time.Parse(time.RFC3339, start)
	if err != nil || hours < 1 || hours > maxHours {
		return nil, 0, fmt.Errorf("%s: line 2 %q: want an RFC 3339 start and 1 to %s hours", name, lines[1], strconv.Itoa(maxHours))
	}
	cols, ok := strings.CutPrefix(lines[2], "columns=")
	names := strings.Split(cols, ",")
	if !ok || cols == "" || len(names) > maxCompactColumns || hours*len(names) > 64<<20 {
		return nil, 0, fmt.Errorf("%s: line 3: want columns=A,B,... (at most %d columns)", name, maxCompactColumns)
	}
	seen := map[string]bool{}
	for _, c := range names {
		if c == "" || seen[c] {
			return nil, 0, fmt.Errorf("%s: line 3: column names must be unique and not empty", name)
		}
		seen[c] = true
	}
	return &Table{File: name, Start: t0.UTC(), Columns: names, Values: make([][]float64, len(names))}, hours, nil
}
