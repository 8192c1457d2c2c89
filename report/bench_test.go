package report_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/report"
)

// benchPlan is a plan of sites × a year of hours with made-up values, to
// time the hourly writers.
func benchPlan(sites int) *optimize.Plan {
	const hours = 8760
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &optimize.Plan{HashpriceUSDPerPHDay: make([]float64, hours)}
	series := func(f float64) []float64 {
		out := make([]float64, hours)
		for t := range out {
			out[t] = f * float64(t%97) / 7
		}
		return out
	}
	h := optimize.SiteHours{MiningITMW: series(3.1), AvailableITMW: series(3.3), AIITMW: series(1.7), MeterMW: series(5.1),
		LoadMW: series(4.9), ReserveMW: series(0.3), PriceUSDPerMWh: series(2.9)}
	for t := range hours {
		p.HourTimes = append(p.HourTimes, start.Add(time.Duration(t)*time.Hour))
		p.HashpriceUSDPerPHDay[t] = 45 + float64(t%13)
	}
	for s := range sites {
		p.Sites = append(p.Sites, optimize.SitePlan{ID: "site-" + string(rune('a'+s%26))})
	}
	p.Hourly = optimize.HoursFunc(func(int) (optimize.SiteHours, error) { return h, nil })
	return p
}

// BenchmarkHourlyCSV writes hourly.csv for 10 sites' year (87,600 rows).
func BenchmarkHourlyCSV(b *testing.B) {
	p := benchPlan(10)
	for b.Loop() {
		if err := report.WriteHourlyCSV(context.Background(), io.Discard, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHourlyParquet writes hourly.parquet for 10 sites' year.
func BenchmarkHourlyParquet(b *testing.B) {
	p := benchPlan(10)
	for b.Loop() {
		if err := report.WriteHourlyParquet(context.Background(), io.Discard, p); err != nil {
			b.Fatal(err)
		}
	}
}
