package report

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAppendNum(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{0, "0,"}, {math.Copysign(0, -1), "0,"}, {-1e-7, "0,"}, {1e-7, "0,"}, {100, "100,"}, {1.5, "1.5,"},
		{-2.25, "-2.25,"}, {123456.7, "123456.7,"}, {1e-6, "0.000001,"}, {2500, "2500,"}, {math.Inf(1), "+Inf,"},
	} {
		require.Equal(t, tc.want, string(appendNum([]byte("x"), tc.v))[1:], "%v", tc.v)
	}
}

// TestStamp: remembered or not (before the first hour, off the hour, in
// another zone), a timestamp is its RFC 3339 form in UTC.
func TestStamp(t *testing.T) {
	tb := &table{}
	t0 := time.Date(2025, 3, 9, 7, 0, 0, 0, time.UTC)
	for _, ts := range []time.Time{t0, t0.Add(time.Hour), t0.Add(-time.Hour), t0.Add(90 * time.Minute), t0.Add(time.Hour),
		t0.In(time.FixedZone("CST", -6*3600)), t0.Add(maxCachedStamps * time.Hour)} {
		require.Equal(t, ts.UTC().Format(time.RFC3339), tb.stamp(ts))
	}
	require.Len(t, tb.stamps.hours, 2, "the hours on and after the first are remembered")
}
