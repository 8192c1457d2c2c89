package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"

	"github.com/gridflip/gridflip/report"
)

// ExampleWriteSitesCSV writes the per-site table of a plan as CSV (one
// column per field and per declared money stream) and reads three of its
// columns back.
func ExampleWriteSitesCSV() {
	plan := fixturePlan()
	plan.Sites = plan.Sites[:1]
	var buf bytes.Buffer
	if err := report.WriteSitesCSV(context.Background(), &buf, plan); err != nil {
		panic(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		panic(err)
	}
	for _, name := range []string{"site", "halls", "profit_usd"} {
		i := slices.Index(rows[0], name)
		fmt.Printf("%s = %s\n", name, rows[1][i])
	}
	// Output:
	// site = west
	// halls = hall-a
	// profit_usd = 69580.36
}
