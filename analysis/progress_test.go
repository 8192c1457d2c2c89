package analysis

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/optimize"
)

// TestLabelProgress: the baseline's and the plan's stage reports are told
// apart by their labels; no progress stays none.
func TestLabelProgress(t *testing.T) {
	var got []string
	opts := optimize.Options{Progress: func(stage string, done, total int) { got = append(got, stage) }}
	labelProgress(opts, BaselineLabel).Progress("verifying sites", 1, 2)
	labelProgress(opts, "plan: ").Progress("verifying sites", 1, 2)
	require.Equal(t, []string{"baseline (keep the miners): verifying sites", "plan: verifying sites"}, got)
	require.Nil(t, labelProgress(optimize.Options{}, BaselineLabel).Progress)
}
