package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/cases/starter"
)

// initCommand writes the starter case into a new or empty directory.
func (a *app) initCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "init DIR",
		Short: "Write a first case to edit: one site, one hall, a horizon, finance and a year of synthetic prices",
		Long: `init writes a commented minimal case into DIR (created when missing): case.toml
with one mining site, one candidate AI hall, a ten-year horizon and project
finance, and prices.csv, a year of SYNTHETIC hourly prices. Both files come
from the binary, so init needs no checkout. A DIR that is a file or a
directory holding anything is refused, and nothing is written.

  gridflip init mine && gridflip plan mine`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return withCode(exitUsage, fmt.Errorf("init needs one DIR argument, got %d", len(args)))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			dir := args[0]
			if dir == "" {
				return withCode(exitUsage, errors.New("init DIR: want a path"))
			}
			if err := starter.Write(dir); err != nil {
				return withCode(exitBadInput, fmt.Errorf("init %w", err))
			}
			fmt.Fprintf(a.stderr, "wrote %s and %s (synthetic prices)\nnext: gridflip validate %s && gridflip plan %s\n",
				filepath.Join(dir, "case.toml"), filepath.Join(dir, "prices.csv"), dir, dir)
			return nil
		},
	}
}
