package grid

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestReadHourlyGaps(t *testing.T) {
	s, err := ReadHourlyGaps(strings.NewReader("t,A,B\n2024-01-01T00:00:00Z,1,2\n2024-01-01T03:00:00Z,,4\n2024-01-01T04:00:00Z,5,6\n"), "x.csv")
	require.NoError(t, err)
	require.Equal(t, time.Hour, s.Step)
	require.Len(t, s.Times, 3)
	require.True(t, math.IsNaN(s.Values[0][1]))
	require.Equal(t, []float64{2, 4, 6}, s.Values[1])
	require.Equal(t, []int32{2, 3, 4}, s.Lines)

	for _, tc := range []struct{ name, text, want string }{
		{"duplicate", "t,A\n2024-01-01T00:00:00Z,1\n2024-01-01T00:00:00Z,1\n", "x.csv:3: duplicate timestamp"},
		{"out of order", "t,A\n2024-01-01T02:00:00Z,1\n2024-01-01T00:00:00Z,1\n", "x.csv:3: timestamps out of order"},
		{"half hour", "t,A\n2024-01-01T00:00:00Z,1\n2024-01-01T00:30:00Z,1\n", "x.csv:3: irregular step"},
		{"not a number", "t,A\n2024-01-01T00:00:00Z,abc\n", `x.csv:2: column "A": value "abc" is not a number`},
		{"duplicate column", "t,A,A\n2024-01-01T00:00:00Z,1,2\n", `x.csv:1: column "A": duplicate column name`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadHourlyGaps(strings.NewReader(tc.text), "x.csv")
			require.ErrorContains(t, err, tc.want)
		})
	}
}
