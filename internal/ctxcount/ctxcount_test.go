package ctxcount

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCancelsAtTheChosenCall: nil until the chosen call, Canceled from it
// on, every call counted; 0 never cancels.
func TestCancelsAtTheChosenCall(t *testing.T) {
	c := New(3)
	require.NoError(t, c.Err())
	require.NoError(t, c.Err())
	require.ErrorIs(t, c.Err(), context.Canceled)
	require.ErrorIs(t, c.Err(), context.Canceled)
	require.Equal(t, int64(4), c.Calls())
	never := New(0)
	for range 10 {
		require.NoError(t, never.Err())
	}
}
