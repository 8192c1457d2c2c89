package report_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/internal/ctxcount"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/report"
)

// yearAnalysis is the fixture analysis stretched to sites sites of a
// year (8,760 hours): tens of thousands of hourly rows.
func yearAnalysis(sites int) *analysis.Analysis {
	a := fixtureAnalysis()
	p := a.Plan
	const T = 8760
	p.Hours, p.HourTimes, p.HashpriceUSDPerPHDay = T, make([]time.Time, T), make([]float64, T)
	for t := range T {
		p.HourTimes[t], p.HashpriceUSDPerPHDay[t] = p.Start.Add(time.Duration(t)*time.Hour), 45
	}
	series := func(v float64) []float64 {
		out := make([]float64, T)
		for t := range out {
			out[t] = v + float64(t%24)
		}
		return out
	}
	for len(p.Sites) < sites {
		p.Sites = append(p.Sites, p.Sites[len(p.Sites)%2])
	}
	p.Hourly = optimize.HoursFunc(func(int) (optimize.SiteHours, error) {
		return optimize.SiteHours{MiningITMW: series(100), AvailableITMW: series(200), AIITMW: series(10), MeterMW: series(150),
			LoadMW: series(140), PriceUSDPerMWh: series(30)}, nil
	})
	for i := range a.Impact {
		a.Impact[i].LoadBeforeMW, a.Impact[i].LoadAfterMW = series(900), series(800)
		a.Impact[i].StressHours = []int{5, 17}
	}
	return a
}

// writers are report's output writers, each with the rows it writes for
// yearAnalysis (0: a handful).
var writers = []struct {
	name  string
	write func(ctx context.Context, w io.Writer, a *analysis.Analysis) error
	rows  int
}{
	{"sites.csv", func(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
		return report.WriteSitesCSV(ctx, w, a.Plan)
	}, 0},
	{"hourly.csv", func(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
		return report.WriteHourlyCSV(ctx, w, a.Plan)
	}, 4 * 8760},
	{"grid.csv", func(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
		return report.WriteGridCSV(ctx, w, a)
	}, 2 * 8760},
	{"contracts.csv", func(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
		return report.WriteContractsCSV(ctx, w, a.Plan)
	}, 0},
	{"yearly.csv", func(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
		return report.WriteYearlyCSV(ctx, w, a.Plan)
	}, 0},
	{"cashflows.csv", func(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
		return report.WriteCashflowsCSV(ctx, w, a)
	}, 0},
	{"scenarios.csv", func(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
		return report.WriteScenariosCSV(ctx, w, a)
	}, 0},
	{"hourly.parquet", func(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
		return report.WriteHourlyParquet(ctx, w, a.Plan)
	}, 4 * 8760},
	{"grid.parquet", func(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
		return report.WriteGridParquet(ctx, w, a)
	}, 2 * 8760},
	{"yearly.parquet", func(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
		return report.WriteYearlyParquet(ctx, w, a.Plan)
	}, 0},
}

// TestWritersStopWhenCancelled: issue 15, defect 2. Every output writer
// checks its context at least every 4,096 rows and returns ctx.Err() once
// it is cancelled, so Ctrl-C does not wait for the file (seconds for a
// large CSV) and a cancelled file fails its output set.
func TestWritersStopWhenCancelled(t *testing.T) {
	for _, tc := range writers {
		t.Run(tc.name, func(t *testing.T) {
			a := yearAnalysis(4)
			full := ctxcount.New(0)
			require.NoError(t, tc.write(full, io.Discard, a))
			require.GreaterOrEqual(t, full.Calls(), int64(1+tc.rows/4096), "checks the context every 4,096 rows")

			cancelled := ctxcount.New(1)
			require.ErrorIs(t, tc.write(cancelled, io.Discard, a), context.Canceled, "cancelled before")
			if tc.rows > 0 {
				mid := ctxcount.New(full.Calls() / 2)
				require.ErrorIs(t, tc.write(mid, io.Discard, a), context.Canceled, "cancelled half-way")
				require.Equal(t, full.Calls()/2, mid.Calls(), "no check after the cancel")
			}
		})
	}
}
