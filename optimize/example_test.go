package optimize_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gridflip/gridflip/cases"
	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver/highs"
)

// ExampleBuild builds the model of the bundled small case and prints its
// size: two sites over one week.
func ExampleBuild() {
	in, err := loader.LoadBundled(context.Background(), "small", loader.Options{})
	if err != nil {
		log.Fatal(err)
	}
	m, err := optimize.Build(in, optimize.BuildOptions{})
	if err != nil {
		log.Fatal(err)
	}
	p := m.Problem
	fmt.Printf("%d columns (%d integer), %d rows, %d nonzeros\n", p.NumCols(), p.NumIntegers(), p.NumRows(), p.NumNonzeros())
	// Output: 343 columns (3 integer), 677 rows, 1356 nonzeros
}

// ExampleSolve plans the embedded default case with HiGHS and prints what
// each site builds. (Not run by go test: it needs the HiGHS library.)
func ExampleSolve() {
	in, err := loader.LoadBundled(context.Background(), cases.DefaultCase, loader.Options{})
	if err != nil {
		log.Fatal(err)
	}
	highs, err := highs.Load()
	if err != nil {
		log.Fatal(err)
	}
	plan, err := optimize.Solve(context.Background(), highs, in, optimize.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range plan.Sites {
		fmt.Printf("%s: halls %v, %.0f AI IT MW, interconnection worth %.0f USD/MW-year\n",
			s.ID, s.HallsBuilt, s.AIITMW, s.InterconnectValueUSDPerMWYear)
	}
}
