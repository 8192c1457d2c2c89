package grid_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gridflip/gridflip/grid"
)

func ExampleReadHourly() {
	const csv = `timestamp,HB_WEST,HB_NORTH
2024-03-10T01:00:00-06:00,-2.10,18.40
2024-03-10T03:00:00-05:00,-0.55,17.95
2024-03-10T09:00:00Z,12.00,21.30
`
	s, err := grid.ReadHourly(strings.NewReader(csv), "prices.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	west, _ := s.Column("HB_WEST")
	fmt.Println(s.Len(), s.Step, s.Columns)
	fmt.Println(s.Times[0].Format(time.RFC3339), west)
	// Output:
	// 3 1h0m0s [HB_WEST HB_NORTH]
	// 2024-03-10T07:00:00Z [-2.1 -0.55 12]
}

func ExampleLineError() {
	const csv = "timestamp,HB_WEST\n2024-03-10T07:00:00Z,1\n2024-03-10T08:00:00Z,2\n2024-03-10T10:00:00Z,3\n"
	_, err := grid.ReadSeries(strings.NewReader(csv), "prices.csv")
	var le *grid.LineError
	if errors.As(err, &le) {
		fmt.Println(le.Line)
	}
	fmt.Println(err)
	// Output:
	// 4
	// prices.csv:4: gap: expected 2024-03-10T09:00:00Z, got 2024-03-10T10:00:00Z (1 hour(s) missing)
}

func ExampleReadSeriesColumns() {
	const csv = "hour_start_utc,hour_start_central,HB_WEST,n_intervals\n" +
		"2023-01-01T06:00:00Z,2023-01-01T00:00:00-06:00,-2.085,4\n"
	s, err := grid.ReadSeriesColumns(strings.NewReader(csv), "rtm.csv", []string{"HB_WEST"})
	fmt.Println(s.Columns, s.Values, err)
	_, err = grid.ReadSeriesColumns(strings.NewReader(csv), "rtm.csv", []string{"HB_SOUTH"})
	fmt.Println(err)
	// Output:
	// [HB_WEST] [[-2.085]] <nil>
	// rtm.csv:1: column "HB_SOUTH": not found in the header (have: hour_start_central, HB_WEST, n_intervals)
}

func ExampleSyntheticPrices() {
	nodes, err := grid.ERCOTLikeProfiles("HB_WEST", "HB_NORTH")
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := grid.SyntheticPrices(grid.SynthConfig{
		Seed:  20240101,
		Start: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC),
		Hours: 3,
		Nodes: nodes,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := grid.WriteCSV(os.Stdout, s); err != nil {
		fmt.Println(err)
	}
	// Output:
	// timestamp,HB_WEST,HB_NORTH
	// 2024-07-01T00:00:00Z,20.64,20.03
	// 2024-07-01T01:00:00Z,36.24,28.85
	// 2024-07-01T02:00:00Z,35.81,23.26
}

func ExampleAlignToHours() {
	d := time.Date(2024, 4, 19, 0, 0, 0, 0, time.UTC)
	daily := []time.Time{d, d.Add(24 * time.Hour)}
	hours := []time.Time{d.Add(23 * time.Hour), d.Add(24 * time.Hour)}
	hp, err := grid.AlignToHours("hashprice.csv", daily, 24*time.Hour, []float64{92.9, 47.3}, hours)
	fmt.Println(hp, err)
	_, err = grid.AlignToHours("hashprice.csv", daily, 24*time.Hour, []float64{92.9, 47.3}, []time.Time{d.Add(48 * time.Hour)})
	fmt.Println(err)
	// Output:
	// [92.9 47.3] <nil>
	// hashprice.csv: model hour 2024-04-21T00:00:00Z is not covered by the series (it covers 2024-04-19T00:00:00Z to 2024-04-21T00:00:00Z, step 24h)
}
