package highs_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gridflip/gridflip/solver"
	"github.com/gridflip/gridflip/solver/highs"
)

// ExampleSolver_Solve solves a small LP with HiGHS and reads the row dual:
// x + y ≤ 4, maximize 3x + 2y, so x = 4 and the row is worth 3 per unit.
func ExampleSolver_Solve() {
	sv, err := highs.Load()
	if err != nil {
		log.Fatal(err)
	}
	p := solver.NewProblem("lp", true, 2, 1, 2)
	p.AddRow(-solver.Inf, 4)
	p.AddColumn(3, 0, solver.Inf, false, []int32{0}, []float64{1})
	p.AddColumn(2, 0, solver.Inf, false, []int32{0}, []float64{1})
	res, err := sv.Solve(context.Background(), p, solver.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Outcome(), res.Objective, res.RowDuals[0])
	// Output: optimal 12 3
}
