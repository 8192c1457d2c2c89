package optimize_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver/solvertest"
)

func TestGridSideTermsMatchBruteForce(t *testing.T) {
	h := solvertest.HiGHS(t)
	checked := 0
	for seed := range uint64(30) {
		in := fixture.WithGridSide(fixture.RandomInputs(200+seed, 1+int(seed%3), 3, 48), seed)
		best := bruteForce(in)
		if !best.feasible {
			continue
		}
		want := best.objective
		plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{Solver: solverOptsExact()})
		if err != nil {
			// Diagnose checks halls at their base PUE; a temperature-driven
			// infeasibility is the solver's to find.
			t.Fatalf("seed %d: %v (brute force found %.2f)", seed, err, want)
		}
		checked++
		require.InEpsilon(t, want, plan.ObjectiveUSD, 1e-6, "seed %d objective", seed)
		require.InEpsilon(t, want, plan.Portfolio.ProfitUSD, 1e-6, "seed %d streams add up", seed)
		for s, sp := range plan.Sites {
			build := make([]bool, len(sp.Halls))
			for k, hp := range sp.Halls {
				build[k] = hp.Build == 1
			}
			v, ok := siteValue(in, s, build)
			require.True(t, ok)
			require.InDelta(t, v, sp.ProfitUSD, 1e-6*math.Max(1, math.Abs(v)), "seed %d site %d", seed, s)
			// The marginal value of interconnection against a finite difference.
			const step = 1e-3
			up, ok := siteValueInterconnect(in, s, build, step)
			require.True(t, ok)
			fd := (up - v) / step * 8760 / float64(len(in.Hours))
			require.InDelta(t, fd, sp.InterconnectValueUSDPerMWYear, 1e-3*math.Max(1, math.Abs(fd)), "seed %d site %d interconnect value", seed, s)
			hours, err := plan.SiteHours(s)
			require.NoError(t, err)
			for tt := range in.Hours {
				if hours.ReserveMW != nil {
					require.LessOrEqual(t, hours.ReserveMW[tt], hours.LoadMW[tt]+1e-6, "reserve never exceeds the load that can curtail")
				}
				require.LessOrEqual(t, hours.MeterMW[tt], in.Case.Sites[s].InterconnectMW+1e-6)
			}
			require.NotEmpty(t, sp.Contracts)
			for _, cm := range sp.Contracts {
				require.InDelta(t, cm.BlockMWh, cm.UsedMWh+cm.CreditMWh, 1e-6)
			}
		}
	}
	require.GreaterOrEqual(t, checked, 15)
}

// TestContractSettlement checks a block's months against hand figures.
// The fixture's hours start 2025-07-01 00:00 UTC, 19:00 on 30 June in
// Central time (CDT, UTC−5), where the ERCOT site's months are: the first
// five hours settle in June, the other 19 in July.
func TestContractSettlement(t *testing.T) {
	h := solvertest.HiGHS(t)
	in := fixture.RandomInputs(1, 1, 1, 48)
	site := &in.Case.Sites[0]
	site.Halls = nil
	site.AI = sites.AI{ExistingPUE: 1.3, PowerPassThrough: true, Utilization: 0.8}
	site.InterconnectMW = 1000
	site.Contracts = []sites.Contract{{ID: "k", MW: 10, PriceUSDPerMWh: 25, Start: in.Hours[0], End: in.Hours[24]}}
	plan, err := optimize.Solve(context.Background(), h, in, optimize.Options{})
	require.NoError(t, err)
	sp := plan.Sites[0]
	hours, err := plan.SiteHours(0)
	require.NoError(t, err)
	require.Equal(t, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), in.Hours[0], "the fixture's first hour")
	require.Len(t, sp.Contracts, 2)
	var totalHedge float64
	for i, month := range []struct {
		name     string
		from, to int
	}{{"2025-06", 0, 5}, {"2025-07", 5, 24}} {
		cm := sp.Contracts[i]
		var credit, creditUSD, hedge float64
		for tt := month.from; tt < month.to; tt++ {
			load := site.Mining.PUE * hours.MiningITMW[tt]
			unused := math.Max(0, 10-load)
			credit += unused
			creditUSD += unused * in.SitePriceUSDPerMWh[0][tt]
			hedge += 10 * (in.SitePriceUSDPerMWh[0][tt] - 25)
		}
		n := float64(month.to - month.from)
		require.Equal(t, month.name, cm.Month)
		require.InDelta(t, 10*n, cm.BlockMWh, 1e-9, month.name)
		require.InDelta(t, 10*n*25, cm.FixedCostUSD, 1e-9, month.name)
		require.InDelta(t, credit, cm.CreditMWh, 1e-9, month.name)
		require.InDelta(t, creditUSD, cm.CreditUSD, 1e-9, month.name)
		require.InDelta(t, hedge, cm.HedgeUSD, 1e-9, month.name)
		totalHedge += hedge
	}
	require.InDelta(t, totalHedge, sp.HedgeUSD, 1e-9)
}
