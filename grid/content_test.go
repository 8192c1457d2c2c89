package grid

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"
)

// TestErrorsDoNotEchoFiles: a file that is not a series (a password file,
// an environment, a binary) is described, never quoted.
func TestErrorsDoNotEchoFiles(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		secrets        []string
	}{
		{"shadow line", "root:$6$secret.salt$hashhashhash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
			"f.csv:1: not a CSV header: expected a timestamp column first, then value columns; the first line is text, not column names", []string{"secret", "root", "daemon"}},
		{"environment", "PATH=/usr/bin\nHOME=/root\n",
			"f.csv:1: not a CSV header", []string{"PATH=", "HOME", "/usr/bin"}},
		{"environment with commas", "PATH=/usr/bin,SECRET=hunter2\nHOME=/root\n",
			"f.csv:1: not a CSV header", []string{"PATH=", "hunter2"}},
		{"binary", "\x7fELF\x02\x01\x01\x00secret,x\n",
			"f.csv:1: not a CSV header: expected a timestamp column first, then value columns; the first line is binary data", []string{"secret", "ELF"}},
		{"long first field", strings.Repeat("s", 500) + ",a\n",
			"f.csv:1: not a CSV header", []string{"sssss"}},
		{"binary column name", "timestamp,\x00secret\n2024-01-01T00:00:00Z,1\n",
			"f.csv:1: not a CSV header: header field 2 is binary data, not a column name", []string{"secret"}},
		{"binary timestamp cell", "timestamp,a\n\x00secret\x01,1\n",
			"f.csv:2: column \"timestamp\": timestamp (binary data, 8 bytes) is not", []string{"secret"}},
		{"binary value cell", "timestamp,a\n2024-01-01T00:00:00Z,\x00secret\n",
			"f.csv:2: column \"a\": value (binary data, 7 bytes) is not a number", []string{"secret"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadSeries(strings.NewReader(tc.in), "f.csv")
			require.ErrorContains(t, err, tc.want)
			for _, s := range tc.secrets {
				require.NotContains(t, err.Error(), s)
			}
		})
	}
}

// TestHeaderNamesAccepted: ordinary timestamp column names (and none, as
// pandas writes an index) still pass the header check.
func TestHeaderNamesAccepted(t *testing.T) {
	for _, name := range []string{"timestamp", "", "Timestamp (UTC)", "interval_start_utc", "Date/Time", "datetime", "HourEnding", "Zeit", "時刻"} {
		_, err := ReadSeries(strings.NewReader(name+",a\n2024-01-01T00:00:00Z,1\n"), "f.csv")
		require.NoError(t, err, name)
	}
}

// TestBOMBeforeQuotedHeader: a UTF-8 byte-order mark before a quoted
// header, as spreadsheet exports write it.
func TestBOMBeforeQuotedHeader(t *testing.T) {
	s, err := ReadSeries(strings.NewReader("\ufeff\"timestamp\",\"HB_WEST\"\n\"2024-01-01T00:00:00Z\",\"1\"\n2024-01-01T01:00:00Z,2\n"), "f.csv")
	require.NoError(t, err)
	require.Equal(t, []string{"HB_WEST"}, s.Columns)
	require.Equal(t, []float64{1, 2}, s.Values[0])
}

// TestOutOfOrderIsNotAGap: a row that comes too early after one that
// came too late is out of order, with both lines and timestamps.
func TestOutOfOrderIsNotAGap(t *testing.T) {
	for _, tc := range []struct{ name, rows, want string }{
		{"swapped", "2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,1\n2024-01-01T03:00:00Z,1\n2024-01-01T02:00:00Z,1\n",
			"f.csv:5: timestamps out of order: 2024-01-01T02:00:00Z is earlier than 2024-01-01T03:00:00Z on line 4"},
		{"swapped first two steps", "2024-01-01T00:00:00Z,1\n2024-01-01T02:00:00Z,1\n2024-01-01T01:00:00Z,1\n",
			"f.csv:4: timestamps out of order: 2024-01-01T01:00:00Z is earlier than 2024-01-01T02:00:00Z on line 3"},
		{"a real gap", "2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,1\n2024-01-01T03:00:00Z,1\n2024-01-01T04:00:00Z,1\n",
			"f.csv:4: gap: expected 2024-01-01T02:00:00Z, got 2024-01-01T03:00:00Z (1 hour(s) missing)"},
		{"a gap on the last row", "2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,1\n2024-01-01T03:00:00Z,1\n",
			"f.csv:4: gap: expected 2024-01-01T02:00:00Z, got 2024-01-01T03:00:00Z (1 hour(s) missing)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadHourly(strings.NewReader("timestamp,a\n"+tc.rows), "f.csv")
			require.EqualError(t, err, tc.want)
		})
	}
}

// TestErrorBeforeTheHeaderIsKept: an error reading the first bytes (a
// line over the limit, a cancel) is the error returned, not "empty file".
func TestErrorBeforeTheHeaderIsKept(t *testing.T) {
	boom := errors.New("boom")
	_, err := ReadSeries(io.MultiReader(strings.NewReader("ti"), iotest.ErrReader(boom)), "f.csv")
	require.ErrorIs(t, err, boom)
	_, err = ReadSeries(iotest.ErrReader(boom), "f.csv")
	require.ErrorIs(t, err, boom)
}
