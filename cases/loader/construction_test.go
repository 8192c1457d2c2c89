package loader_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestUSMinersCapexParts: every hall of the us-miners plan dates its
// capex in parts that are never negative and add up to what it costs its
// owner (optimize.HallCapexUSD), and its halls with a build spread it
// over one part a month; the part of each signed deal's build before the
// horizon is dated before the horizon.
func TestUSMinersCapexParts(t *testing.T) {
	h := solvertest.HiGHS(t)
	in, err := loader.Load(context.Background(), "../us-miners/case.toml", loader.Options{})
	require.NoError(t, err)
	p, err := optimize.Solve(context.Background(), h, in, optimize.Options{})
	require.NoError(t, err)
	built := 0
	for s, sp := range p.Sites {
		for i, hp := range sp.Halls {
			spec := &in.Case.Sites[s].Halls[i]
			if len(hp.CapexParts) == 0 {
				continue
			}
			var sum float64
			for _, part := range hp.CapexParts {
				require.GreaterOrEqual(t, part.USD, 0.0, "%s/%s: %+v", sp.ID, hp.ID, part)
				require.False(t, part.Date.Before(hp.BuildStart), "%s/%s", sp.ID, hp.ID)
				sum += part.USD
			}
			require.InDelta(t, optimize.HallCapexUSD(spec), sum, 1e-3, "%s/%s: the parts add up to the owner's capex", sp.ID, hp.ID)
			require.GreaterOrEqual(t, len(hp.CapexParts), max(1, hp.BuildMonths), "%s/%s", sp.ID, hp.ID)
			if hp.Build > 0.5 && hp.BuildMonths > 0 {
				built++
			}
		}
	}
	require.Positive(t, built, "some hall built has a construction period")
}
