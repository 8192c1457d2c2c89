package grid

import (
	"github.com/gridflip/gridflip/internal/input"
)

// LoadSeries opens name with o (regular files within the size and line
// limits, cancelled with o's context) and reads it with ReadSeries.
func LoadSeries(o *input.Opener, name string) (*Series, error) {
	return load(o, name, readOptions{})
}

// LoadHourly opens name with o and reads it with ReadHourly.
func LoadHourly(o *input.Opener, name string) (*Series, error) {
	return load(o, name, readOptions{hourly: true})
}

// LoadHourlyChosen opens name with o and reads it with ReadHourlyChosen:
// extra columns ignored, sub-hourly rows averaged, the columns picked by
// choose from the header.
func LoadHourlyChosen(o *input.Opener, name string, choose func(header []string) ([]string, error)) (*Series, error) {
	f, err := o.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readHourlyColumns(f, f.Name, readOptions{choose: choose, hourly: true, subHour: true})
}

func load(o *input.Opener, name string, ro readOptions) (*Series, error) {
	f, err := o.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readSeriesOpts(f, f.Name, ro)
}
