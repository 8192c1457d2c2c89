package optimize_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// feeUSDPerMWMonth is the fee the tests put on every fleet: a hosting
// fee's size (20,000 USD per MW-month is about 0.027 USD/kWh), enough to
// change which halls pay.
const feeUSDPerMWMonth = 20000.0

// withMiningFee puts the fee on every site's fleet and returns the
// oracle's view of the term: fee × 12 × years × the fleet kept.
func withMiningFee(in *optimize.Inputs) oracleOptions {
	for s := range in.Case.Sites {
		in.Case.Sites[s].Mining.Params = sites.Params{"fee_usd_per_mw_month": feeUSDPerMWMonth}
	}
	return oracleOptions{extraBlockUSD: func(s int, years float64, inService []bool) float64 {
		site := &in.Case.Sites[s]
		kept := site.Mining.CapacityITMW
		for h, on := range inService {
			if on {
				kept -= site.Halls[h].DisplacesMiningITMW
			}
		}
		return -feeUSDPerMWMonth * 12 * years * kept
	}}
}

// The fee binds when it changes the decisions, not only the objective
// (a constant would).
func init() {
	conformanceTerms["mining_fee"] = conformanceTerm{enable: withMiningFee, effect: hallsBuilt}
}

// hallsBuilt lists each site's halls built.
func hallsBuilt(p *optimize.Plan) string {
	var out string
	for _, sp := range p.Sites {
		out += fmt.Sprintf("%s %v; ", sp.ID, sp.HallsBuilt)
	}
	return out
}

// TestMiningFeeStream checks the fee's stream against its closed form
// on the plan each method returns: fee × 12 × years × the fleet kept.
func TestMiningFeeStream(t *testing.T) {
	h := solvertest.HiGHS(t)
	checked := 0
	for seed := range uint64(6) {
		in := fixture.RandomInputs(7100+seed, 2, 3, 48)
		withMiningFee(in)
		for _, method := range []optimize.Method{optimize.MethodMonolithic, optimize.MethodDecomposed} {
			p, err := optimize.Solve(context.Background(), h, in, optimize.Options{Method: method})
			if err != nil {
				continue
			}
			checked++
			years := float64(p.Hours) / 8760
			for s, sp := range p.Sites {
				want := feeUSDPerMWMonth * 12 * years * sp.MiningCapacityITMW
				require.InDelta(t, want, sp.MiningFeeUSD, 1e-6*want+1e-6, "seed %d %s site %s: the fee on the %g MW kept", seed, method, sp.ID, sp.MiningCapacityITMW)
				require.LessOrEqual(t, sp.MiningCapacityITMW, in.Case.Sites[s].Mining.CapacityITMW)
			}
		}
	}
	require.GreaterOrEqual(t, checked, 6, "enough feasible cases")
}
