package grid

import (
	"io"

	"github.com/gridflip/gridflip/internal/input"
)

// LoadSeries opens name with o (regular files within the size and line
// limits, cancelled with o's context) and reads it with ReadSeries.
func LoadSeries(o *input.Opener, name string) (*Series, error) {
	return load(o, name, readOptions{})
}

// LoadAnyStep opens name with o and reads a series whose step is an hour,
// a day or a calendar year (rows on 1 January: Step is Year), such as a
// BTC price path.
func LoadAnyStep(o *input.Opener, name string) (*Series, error) {
	return load(o, name, readOptions{yearly: true})
}

// LoadHourly opens name with o and reads it with ReadHourly.
func LoadHourly(o *input.Opener, name string) (*Series, error) {
	return load(o, name, readOptions{hourly: true})
}

// LoadHourlyChosen opens name with o and reads an hourly series the way
// market exports come: choose gets the header's value columns and returns
// the ones to read (so extra columns such as local-time stamps, interval
// counts or other nodes are ignored and the file is read in one pass), and
// sub-hourly rows (5, 15, 30 minutes, any step that divides an hour) are
// averaged to hours. The first row of a sub-hourly file must start an hour
// and the last must end one; the result's AveragedFrom records the step.
func LoadHourlyChosen(o *input.Opener, name string, choose func(header []string) ([]string, error)) (*Series, error) {
	f, err := o.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readHourlyColumns(f, f.Name, readOptions{choose: choose, hourly: true, subHour: true})
}

// LoadHourlyGaps opens name with o and reads an hourly table that may be
// incomplete: rows in order, hours apart, skipping the hours that are
// missing, and an empty value is a missing one (NaN in Values). Duplicate or
// out-of-order rows, steps that are not whole hours and values that are
// not numbers are errors (*LineError) as in ReadHourly.
func LoadHourlyGaps(o *input.Opener, name string) (*Series, error) {
	return load(o, name, readOptions{hourly: true, gaps: true, missing: true})
}

// ReadHourlyGaps is LoadHourlyGaps from a reader; name is used in error
// messages.
func ReadHourlyGaps(r io.Reader, name string) (*Series, error) {
	return readSeriesOpts(r, name, readOptions{hourly: true, gaps: true, missing: true})
}

func load(o *input.Opener, name string, ro readOptions) (*Series, error) {
	f, err := o.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readSeriesOpts(f, f.Name, ro)
}
