package optimize_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver/highs"
)

// ExampleBuild builds the monolithic model of a generated portfolio (two
// sites, up to two halls each, one week) and prints its size.
func ExampleBuild() {
	in := fixture.RandomInputs(1, 2, 2, 168)
	m, err := optimize.Build(in, optimize.BuildOptions{})
	if err != nil {
		log.Fatal(err)
	}
	p := m.Problem
	fmt.Printf("%d columns (%d integer), %d rows, %d nonzeros\n", p.NumCols(), p.NumIntegers(), p.NumRows(), p.NumNonzeros())
	// Output: 343 columns (3 integer), 678 rows, 1358 nonzeros
}

// ExampleSolve plans the same portfolio with HiGHS and prints what each
// site builds and what its interconnection is worth.
func ExampleSolve() {
	in := fixture.RandomInputs(1, 2, 2, 168)
	sv, err := highs.Load()
	if err != nil {
		log.Fatal(err)
	}
	plan, err := optimize.Solve(context.Background(), sv, in, optimize.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range plan.Sites {
		fmt.Printf("%s: halls %v, %.0f AI IT MW, interconnection worth %.0f USD/MW-year\n",
			s.ID, s.HallsBuilt, s.AIITMW, s.InterconnectValueUSDPerMWYear)
	}
	// Output:
	// site-0: halls [], 0 AI IT MW, interconnection worth 413709 USD/MW-year
	// site-1: halls [hall-0], 61 AI IT MW, interconnection worth 180301 USD/MW-year
}
