package optimize_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// TestSiteHoursAvailableAndAI: the hourly allocation's available mining
// never falls below what was mined, its curtailed hours are the plan's,
// and the AI IT MW drawing power is the existing AI plus the halls built
// (these random cases have firm halls only, so every hour).
func TestSiteHoursAvailableAndAI(t *testing.T) {
	h := solvertest.HiGHS(t)
	checked := 0
	for seed := range uint64(8) {
		in := fixture.RandomInputs(700+seed, 2, 3, 48)
		for _, method := range []optimize.Method{optimize.MethodDecomposed, optimize.MethodMonolithic} {
			plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{Method: method})
			if err != nil {
				continue
			}
			checked++
			require.NoError(t, plan.EachSiteHours(func(s int, sh optimize.SiteHours) error {
				sp := plan.Sites[s]
				curtailed := 0
				for k := range sh.MiningITMW {
					require.LessOrEqual(t, sh.MiningITMW[k], sh.AvailableITMW[k]+1e-6, "seed %d %s site %d hour %d", seed, method, s, k)
					if optimize.Curtailed(sh.MiningITMW[k], sh.AvailableITMW[k]) {
						curtailed++
					}
					require.InDelta(t, sp.AIITMW, sh.AIITMW[k], 1e-9)
				}
				require.Equal(t, sp.CurtailedHours, curtailed)
				return nil
			}))
		}
	}
	require.GreaterOrEqual(t, checked, 10)
}
