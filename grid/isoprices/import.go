package isoprices

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gridflip/gridflip/grid"
)

// DefaultMaxPrices bounds the prices Import keeps in memory (about 20 bytes
// each): a year of five-minute prices at 190 nodes, or of hourly prices at
// 2,280. Larger imports name their nodes (Options.Nodes).
const DefaultMaxPrices = 20_000_000

// Options configures Import.
type Options struct {
	// ISO is the layout of every input.
	ISO ISO
	// Nodes keeps only these nodes, as columns in this order; empty keeps
	// every node in order of first appearance.
	Nodes []string
	// MaxPrices bounds the prices kept (0: DefaultMaxPrices).
	MaxPrices int
	// FirstDay and LastDay, when set (their dates only), are the market
	// days on the ISO's clock the table must cover, every hour of them:
	// prices outside are dropped and a missing hour is a gap. Unset, the
	// table covers the hours from the files' first price to their last, and
	// the Report names the hours of the first and last market day the files
	// do not reach.
	FirstDay, LastDay time.Time
	// Fill fills the hours without a price by this method; empty makes a
	// gap an error (a *GapError listing every span).
	Fill FillMethod
}

// Input is one file to import. Import opens the inputs one at a time and
// closes each before opening the next.
type Input struct {
	Name string                        // used in error messages
	Open func() (io.ReadCloser, error) // the file's contents
}

// Reader returns an Input that reads r (closing it is a no-op).
func Reader(name string, r io.Reader) Input {
	return Input{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(r), nil }}
}

// Import reads the inputs in the ISO's layout and returns one hourly
// series with a column per node (sub-hourly prices averaged to hours). The
// inputs may come in any order (one file per day, as MISO publishes, or a
// year in one file); together they must give every node one price in every
// interval of one gap-free range. Errors name the file, line and node. It
// checks ctx between rows and stops within a few thousand rows of a cancel.
func Import(ctx context.Context, inputs []Input, opt Options) (*grid.Series, error) {
	s, _, err := ImportReport(ctx, inputs, opt)
	return s, err
}

// ImportReport is Import that also reports the hours filled and the hours
// of the first and last market day the files do not reach.
func ImportReport(ctx context.Context, inputs []Input, opt Options) (*grid.Series, Report, error) {
	l, err := layoutOf(opt.ISO)
	if err != nil {
		return nil, Report{}, err
	}
	if opt.Fill != "" {
		if _, err := ParseFill(string(opt.Fill)); err != nil {
			return nil, Report{}, err
		}
	}
	if len(inputs) == 0 {
		return nil, Report{}, errors.New("no input files")
	}
	if len(inputs) > maxFiles {
		return nil, Report{}, fmt.Errorf("%d input files; at most %d", len(inputs), maxFiles)
	}
	z, err := loadZones()
	if err != nil {
		return nil, Report{}, err
	}
	col, err := newCollector(opt)
	if err != nil {
		return nil, Report{}, err
	}
	for i, in := range inputs {
		r := fileReader{ctx: ctx, l: l, z: z, col: col, file: uint16(i), name: in.Name}
		if err := r.readInput(in); err != nil {
			return nil, Report{}, err
		}
	}
	names := make([]string, len(inputs))
	for i, in := range inputs {
		names[i] = in.Name
	}
	return col.series(names, l.stampShift(), opt)
}

// readInput opens, reads and closes one input.
func (r *fileReader) readInput(in Input) error {
	if in.Open == nil {
		return fmt.Errorf("%s: nothing to read", in.Name)
	}
	f, err := in.Open()
	if err != nil {
		return err
	}
	err = r.read(f)
	if cerr := f.Close(); err == nil && cerr != nil {
		return fmt.Errorf("%s: %w", in.Name, cerr)
	}
	return err
}

// maxFiles bounds the inputs (a file index is stored in 16 bits).
const maxFiles = 1 << 15

// stampShift returns the stamp of the layout's time columns (all of one
// layout's columns share it).
func (l layout) stampShift() stamp {
	if l.kind == kindEIA {
		return stampEnd
	}
	if l.hourEnding || len(l.times) == 0 {
		return stampBegin
	}
	return l.times[0].stamp
}

// lineError formats a problem at a line of a file.
func lineError(file string, line int, column, format string, args ...any) error {
	return &grid.LineError{File: file, Line: line, Column: column, Msg: fmt.Sprintf(format, args...)}
}

// fold normalizes a header or filter field for comparison.
func fold(s string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
}
