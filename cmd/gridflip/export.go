package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/internal/atomicfile"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/solver"
)

func (a *app) exportCommand() *cobra.Command {
	var mps string
	var relax bool
	cmd := &cobra.Command{
		Use:   "export [CASE] --mps FILE",
		Short: "Write the model as free-format MPS for any other solver",
		Long: `export writes the monolithic model of CASE as free-format MPS. A regular file
(or a new one, or the target of a symbolic link) is replaced atomically; a
device or named pipe (/dev/stdout) is written to in place.`,
		Args: args0or1,
		RunE: func(cmd *cobra.Command, args []string) error {
			if mps == "" {
				return withCode(exitUsage, errors.New("export needs --mps FILE"))
			}
			in, err := a.loadCase(cmd, args)
			if err != nil {
				return err
			}
			if err := a.checkMemory(in, 1, 1, true); err != nil {
				return err
			}
			m, err := optimize.Build(in, optimize.BuildOptions{Relax: relax, Names: true})
			if err != nil {
				return withCode(exitBadInput, err)
			}
			if err := cmd.Context().Err(); err != nil {
				return err
			}
			err = atomicfile.Write(mps, func(w io.Writer) error { return solver.WriteMPS(w, m.Problem) })
			if err != nil {
				return withCode(exitBadInput, err)
			}
			p := m.Problem
			a.logger().Info("wrote MPS", "file", mps, "columns", p.NumCols(), "rows", p.NumRows(), "nonzeros", p.NumNonzeros())
			fmt.Fprintf(a.stderr, "wrote %s: %d columns (%d integer), %d rows, %d nonzeros\n", mps, p.NumCols(), p.NumIntegers(), p.NumRows(), p.NumNonzeros())
			return nil
		},
	}
	cmd.Flags().StringVar(&mps, "mps", "", "MPS file to write")
	cmd.Flags().BoolVar(&relax, "relax", false, "export the LP relaxation")
	pathFlags(cmd, "mps")
	return cmd
}
