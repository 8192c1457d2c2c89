package serve

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/internal/rusage"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// BenchmarkPlannerWhatIf is one what-if planned on us-miners by the
// server's planner (no HTTP): a lease change, which re-values no
// dispatch, and a hashprice change, which re-values every site. cpu-s/op
// is the CPU time of a what-if, which other work on a shared machine
// does not lengthen as it lengthens ns/op.
// `go test ./serve -run XXX -bench PlannerWhatIf -cpuprofile cpu.out`.
func BenchmarkPlannerWhatIf(b *testing.B) {
	sv := solvertest.HiGHS(b)
	in, err := loadCase("us-miners")
	require.NoError(b, err)
	p := NewPlanner(in, sv, optimize.Options{}, loader.Options{})
	ctx := context.Background()
	_, err = p.Plan(ctx, sites.Scenario{})
	require.NoError(b, err)
	for _, bm := range []struct {
		name   string
		whatIf func(i int) sites.Scenario
	}{
		{"lease", func(i int) sites.Scenario {
			v := 110 + float64(i%40)
			return sites.Scenario{LeaseUSDPerKWMonth: &v}
		}},
		{"hashprice", func(i int) sites.Scenario {
			v := 0.6 + float64(i%40)/50
			return sites.Scenario{HashpriceScale: &v}
		}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			cpu := rusage.CPUSeconds()
			for i := 0; b.Loop(); i++ {
				_, err := p.Plan(ctx, bm.whatIf(i))
				require.NoError(b, err)
			}
			b.ReportMetric((rusage.CPUSeconds()-cpu)/float64(b.N), "cpu-s/op")
		})
	}
}
