package solver

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// isInf reports whether a bound means "none" (HiGHS's own threshold is 1e20).
func isInf(v float64) bool { return math.Abs(v) >= 1e20 }

// WriteMPS writes p in free-format MPS, readable by HiGHS, CBC, GLPK, SCIP
// and most other solvers. Missing or unusable names become C<j> and R<i>.
// Maximization is written as an OBJSENSE MAX section. Integer columns are
// wrapped in 'MARKER' 'INTORG'/'INTEND' lines and always carry explicit bounds (some
// readers default an unbounded integer column to [0, 1]).
func WriteMPS(w io.Writer, p *Problem) error {
	if err := p.Validate(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	name := mpsName(p.Name, "gridflip")
	fmt.Fprintf(bw, "NAME %s\n", name)
	if p.Maximize {
		bw.WriteString("OBJSENSE\n    MAX\n")
	}
	bw.WriteString("ROWS\n N  OBJ\n")
	rowNames := make([]string, p.NumRows())
	for i := range rowNames {
		rowNames[i] = p.mpsRowName(i)
		kind := "L"
		lo, hi := p.RowLower[i], p.RowUpper[i]
		switch {
		case isInf(lo) && isInf(hi):
			kind = "N"
		case lo == hi:
			kind = "E"
		case isInf(hi):
			kind = "G"
		}
		fmt.Fprintf(bw, " %s  %s\n", kind, rowNames[i])
	}

	bw.WriteString("COLUMNS\n")
	var buf []byte
	inInt := false
	for j := range p.ColCost {
		integer := p.Integer != nil && p.Integer[j]
		if integer != inInt {
			if integer {
				bw.WriteString("    MARKER 'MARKER' 'INTORG'\n")
			} else {
				bw.WriteString("    MARKER 'MARKER' 'INTEND'\n")
			}
			inInt = integer
		}
		col := p.mpsColName(j)
		wrote := false
		if c := p.ColCost[j]; c != 0 {
			buf = appendEntry(buf[:0], col, "OBJ", c)
			bw.Write(buf)
			wrote = true
		}
		for k := p.ColStart[j]; k < p.ColStart[j+1]; k++ {
			if p.Value[k] == 0 {
				continue
			}
			buf = appendEntry(buf[:0], col, rowNames[p.RowIndex[k]], p.Value[k])
			bw.Write(buf)
			wrote = true
		}
		if !wrote { // keep the column known to the reader
			buf = appendEntry(buf[:0], col, "OBJ", 0)
			bw.Write(buf)
		}
	}
	if inInt {
		bw.WriteString("    MARKER 'MARKER' 'INTEND'\n")
	}

	bw.WriteString("RHS\n")
	if p.Offset != 0 {
		// MPS convention (HiGHS, CPLEX): the objective's RHS is minus the offset.
		buf = appendEntry(buf[:0], "RHS", "OBJ", -p.Offset)
		bw.Write(buf)
	}
	for i := range rowNames {
		lo, hi := p.RowLower[i], p.RowUpper[i]
		rhs := hi
		switch {
		case isInf(lo) && isInf(hi):
			continue
		case isInf(hi):
			rhs = lo
		}
		if rhs != 0 {
			buf = appendEntry(buf[:0], "RHS", rowNames[i], rhs)
			bw.Write(buf)
		}
	}
	bw.WriteString("RANGES\n")
	for i := range rowNames {
		lo, hi := p.RowLower[i], p.RowUpper[i]
		if !isInf(lo) && !isInf(hi) && lo != hi {
			buf = appendEntry(buf[:0], "RNG", rowNames[i], hi-lo)
			bw.Write(buf)
		}
	}

	bw.WriteString("BOUNDS\n")
	for j := range p.ColCost {
		col := p.mpsColName(j)
		lo, hi := p.ColLower[j], p.ColUpper[j]
		integer := p.Integer != nil && p.Integer[j]
		switch {
		case !isInf(lo) && lo == hi:
			writeBound(bw, "FX", col, lo)
			continue
		case isInf(lo) && isInf(hi):
			fmt.Fprintf(bw, " FR BND %s\n", col)
			continue
		case isInf(lo):
			fmt.Fprintf(bw, " MI BND %s\n", col)
		case lo != 0 || integer:
			writeBound(bw, "LO", col, lo)
		}
		switch {
		case !isInf(hi):
			writeBound(bw, "UP", col, hi)
		case integer:
			fmt.Fprintf(bw, " PL BND %s\n", col)
		}
	}
	bw.WriteString("ENDATA\n")
	return bw.Flush()
}

func writeBound(w *bufio.Writer, kind, col string, v float64) {
	w.WriteString(" ")
	w.WriteString(kind)
	w.WriteString(" BND ")
	w.WriteString(col)
	w.WriteString(" ")
	w.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	w.WriteString("\n")
}

func appendEntry(b []byte, col, row string, v float64) []byte {
	b = append(b, "    "...)
	b = append(b, col...)
	b = append(b, ' ')
	b = append(b, row...)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, v, 'g', -1, 64)
	return append(b, '\n')
}

func (p *Problem) mpsColName(j int) string {
	if p.ColNames != nil {
		if n := mpsName(p.ColNames[j], ""); n != "" {
			return n
		}
	}
	return "C" + strconv.Itoa(j)
}

func (p *Problem) mpsRowName(i int) string {
	if p.RowNames != nil {
		if n := mpsName(p.RowNames[i], ""); n != "" && n != "OBJ" {
			return n
		}
	}
	return "R" + strconv.Itoa(i)
}

// mpsName makes s usable as a free-MPS name (no blanks), or returns fallback
// when s is empty or starts with a character readers reserve.
func mpsName(s, fallback string) string {
	if s == "" || s[0] == '$' || s[0] == '*' {
		return fallback
	}
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r > '~' {
			return '_'
		}
		return r
	}, s)
}
