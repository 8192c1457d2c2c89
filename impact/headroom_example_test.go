package impact_test

import (
	"fmt"
	"math"
	"time"

	"github.com/gridflip/gridflip/impact"
)

// twoYears is a made-up area: 2023-2024 in Chicago time, a daily swing
// between 600 and 1,000 MW, higher on summer and winter afternoons.
func twoYears() impact.AreaLoad {
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		panic(err)
	}
	start := time.Date(2023, 1, 1, 6, 0, 0, 0, time.UTC) // local midnight
	n := int(time.Date(2025, 1, 1, 6, 0, 0, 0, time.UTC).Sub(start) / time.Hour)
	load := make([]float64, n)
	for i := range load {
		t := start.Add(time.Duration(i) * time.Hour).In(chicago)
		daily := math.Sin(2 * math.Pi * float64(t.Hour()-10) / 24)
		season := math.Cos(2 * math.Pi * float64(t.YearDay()-200) / 365)
		load[i] = math.Round(800 + 150*daily + (100*math.Max(season, 0)+60*math.Max(-season, 0))*math.Max(daily, 0) + 10*math.Sin(float64(i)))
	}
	return impact.AreaLoad{ID: "DEMO", Start: start, LoadMW: load, Settings: impact.AreaSettings{TimeZone: chicago}}
}

// ExampleHeadroom computes an area's curtailment-enabled headroom at
// Norris et al.'s four curtailment limits.
func ExampleHeadroom() {
	h, err := impact.Headroom(twoYears(), impact.DefaultLimits())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: thresholds %.0f MW (summer), %.0f MW (winter); years %v\n", h.ID, h.SummerThresholdMW, h.WinterThresholdMW, h.Years)
	for _, r := range h.Results {
		fmt.Printf("%5.2f%%: %4.0f MW, %4.0f h/year curtailed\n", 100*r.CurtailmentLimit, r.HeadroomMW, r.CurtailedHoursPerYear)
	}
	// Output:
	// DEMO: thresholds 1060 MW (summer), 1020 MW (winter); years [2023 2024]
	//  0.25%:    9 MW,   46 h/year curtailed
	//  0.50%:   13 MW,  102 h/year curtailed
	//  1.00%:   20 MW,  218 h/year curtailed
	//  5.00%:   56 MW, 1062 h/year curtailed
}

// ExampleHeadroomChange measures the headroom of one reference year
// before and after a plan's net hourly load change: here 5 MW of firm
// load. 2024 holds the summer peak, so the firm load alone exceeds the
// threshold there: at 0.5 % no flexible load absorbs that and its own
// curtailment within the limit.
func ExampleHeadroomChange() {
	area := twoYears()
	hours, err := impact.ReferenceHours(area, 2024)
	if err != nil {
		fmt.Println(err)
		return
	}
	delta := make([]float64, len(hours)) // one value per hour, MW
	for i := range delta {
		delta[i] = 5
	}
	ch, err := impact.HeadroomChange(area, 2024, delta, []float64{0.005, 0.01})
	if err != nil {
		fmt.Println(err)
		return
	}
	for k := range ch.Before {
		fmt.Printf("%.1f%%: %.0f MW before, %.0f MW after\n", 100*ch.Before[k].CurtailmentLimit, ch.Before[k].HeadroomMW, ch.After[k].HeadroomMW)
	}
	// Output:
	// 0.5%: 13 MW before, 0 MW after
	// 1.0%: 20 MW before, 11 MW after
}
