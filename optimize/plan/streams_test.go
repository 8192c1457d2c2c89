package plan

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEveryStreamIsDeclaredOnce: each float field of Streams (but the
// profit) is one declaration, names are unique, signs ±1, and profit is
// the signed sum.
func TestEveryStreamIsDeclaredOnce(t *testing.T) {
	require.Equal(t, streamFieldCount(), len(MoneyStreams()), "a field of Streams without a declaration (or the reverse)")
	seen, fields := map[string]bool{}, map[*float64]bool{}
	var s Streams
	for _, m := range MoneyStreams() {
		require.False(t, seen[m.Name], m.Name)
		seen[m.Name] = true
		require.Contains(t, []float64{-1, 1}, m.Sign, m.Name)
		require.NotEmpty(t, m.Label, m.Name)
		require.Regexp(t, `^#[0-9a-f]{6}$`, m.Colour, m.Name)
		require.NotEmpty(t, m.Term, m.Name)
		p := m.value(&s)
		require.False(t, fields[p], "%s shares a field with another stream", m.Name)
		fields[p] = true
	}
	for i, m := range MoneyStreams() {
		m.Add(&s, float64(i+1))
	}
	s.Total()
	want := 0.0
	for i, m := range MoneyStreams() {
		want += m.Sign * float64(i+1)
	}
	require.Equal(t, want, s.ProfitUSD)
}
