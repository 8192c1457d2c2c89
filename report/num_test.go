package report

import (
	"math"
	"testing"

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
