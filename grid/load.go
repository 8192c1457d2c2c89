package grid

import (
	"fmt"
	"io/fs"
)

// LoadSeries opens path in fsys and reads it with ReadSeries, using path as
// the file name in messages. A missing or unreadable file is an error naming the path.
func LoadSeries(fsys fs.FS, path string) (*Series, error) {
	return load(fsys, path, false)
}

// LoadHourly opens path in fsys and reads it with ReadHourly.
func LoadHourly(fsys fs.FS, path string) (*Series, error) {
	return load(fsys, path, true)
}

func load(fsys fs.FS, path string, hourly bool) (*Series, error) {
	if fsys == nil {
		return nil, fmt.Errorf("load series %s: nil file system", path)
	}
	f, err := fsys.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load series %s: %w", path, err)
	}
	defer f.Close()
	return readSeries(f, path, nil, hourly)
}
