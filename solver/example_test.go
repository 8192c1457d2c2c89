package solver_test

import (
	"log"
	"os"

	"github.com/gridflip/gridflip/solver"
)

// ExampleWriteMPS builds a two-variable problem column by column and writes
// it as MPS.
func ExampleWriteMPS() {
	p := solver.NewProblem("tiny", true, 2, 1, 2)
	capRow := p.AddRow(-solver.Inf, 4) // x + y <= 4
	p.AddColumn(3, 0, solver.Inf, false, []int32{int32(capRow)}, []float64{1})
	p.AddColumn(2, 0, 1, true, []int32{int32(capRow)}, []float64{1})
	if err := solver.WriteMPS(os.Stdout, p); err != nil {
		log.Fatal(err)
	}
	// Output:
	// NAME tiny
	// OBJSENSE
	//     MAX
	// ROWS
	//  N  OBJ
	//  L  R0
	// COLUMNS
	//     C0 OBJ 3
	//     C0 R0 1
	//     MARKER 'MARKER' 'INTORG'
	//     C1 OBJ 2
	//     C1 R0 1
	//     MARKER 'MARKER' 'INTEND'
	// RHS
	//     RHS R0 4
	// RANGES
	// BOUNDS
	//  LO BND C1 0
	//  UP BND C1 1
	// ENDATA
}
