package grid

import (
	"io/fs"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gridflip/gridflip/internal/input"
	"github.com/stretchr/testify/require"
)

func TestLoadSeries(t *testing.T) {
	fsys := fstest.MapFS{
		"case/prices.csv":    {Data: []byte("timestamp,a\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,2\n")},
		"case/hashprice.csv": {Data: []byte("date,hp\n2024-01-01,50\n2024-01-02,51\n")},
		"case/bad.csv":       {Data: []byte("timestamp,a\n2024-01-01T00:00:00Z,1\n2024-01-01T03:00:00Z,2\n")},
		"case/dir/x":         {Data: []byte("x")},
	}
	tests := []struct {
		name   string
		path   string
		hourly bool
		step   time.Duration
		err    string
		notExt bool
	}{
		{"hourly", "case/prices.csv", true, time.Hour, "", false},
		{"daily", "case/hashprice.csv", false, Day, "", false},
		{"daily as hourly", "case/hashprice.csv", true, 0, "case/hashprice.csv:3: daily series", false},
		{"bad content names path and line", "case/bad.csv", false, 0, "case/bad.csv:3: step between the first two rows", false},
		{"missing file names path", "case/nope.csv", false, 0, "case/nope.csv", true},
		{"directory", "case/dir", false, 0, "case/dir: is a directory, not a regular file", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			load := LoadSeries
			if tc.hourly {
				load = LoadHourly
			}
			s, err := load(&input.Opener{FS: fsys}, tc.path)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				if tc.notExt {
					require.ErrorIs(t, err, fs.ErrNotExist)
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.step, s.Step)
			require.Equal(t, tc.path, s.File)
		})
	}
}

func TestLoadSeriesNilFS(t *testing.T) {
	_, err := LoadSeries(&input.Opener{}, "prices.csv")
	require.ErrorContains(t, err, "prices.csv: no file system")
}
