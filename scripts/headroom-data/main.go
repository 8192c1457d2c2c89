// Command headroom-data derives the bundled copy of the 22 balancing
// authorities' hourly demand (cases/headroom) from the shared data
// folder:
//
//	GRIDFLIP_SHARED_DATA=/path/to/shared/data go run ./scripts/headroom-data
//
// It reads $GRIDFLIP_SHARED_DATA/eia930-2016-2024/eia930_demand_22ba_2016_2024.csv
// (Ruggles and Farnham's cleaned EIA-930 demand, CC BY 4.0; see its
// SOURCE.md), checks that every hour of every column has a whole MW, and
// writes the same table in gridflip's compact encoding to
// cases/headroom/eia930-22ba-2016-2024.load.gz. Decoding the copy gives
// the CSV's values exactly.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"

	"github.com/gridflip/gridflip/impact/headroomin"
	"github.com/gridflip/gridflip/internal/input"
)

// Where the data is read from (under $GRIDFLIP_SHARED_DATA) and written to.
const (
	sourceFile = "eia930-2016-2024/eia930_demand_22ba_2016_2024.csv"
	outFile    = "cases/headroom/eia930-22ba-2016-2024.load.gz"
)

func main() {
	out := flag.String("out", outFile, "file to write")
	flag.Parse()
	if err := run(*out); err != nil {
		slog.Error("headroom-data", "err", err)
		os.Exit(1)
	}
}

func run(out string) error {
	shared := os.Getenv("GRIDFLIP_SHARED_DATA")
	if shared == "" {
		return errors.New("set GRIDFLIP_SHARED_DATA to the shared data folder (the one holding eia930-2016-2024/)")
	}
	src := filepath.Join(shared, filepath.FromSlash(sourceFile))
	t, err := headroomin.ReadLoad(input.Dir(context.Background(), "", input.Limits{}, nil), src)
	if err != nil {
		return err
	}
	for c, col := range t.Values {
		for i, v := range col {
			if math.IsNaN(v) {
				return fmt.Errorf("%s: column %s has no value at hour %d: the copy holds complete columns only", src, t.Columns[c], i)
			}
		}
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := headroomin.EncodeCompact(f, t); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	st, err := os.Stat(out)
	if err != nil {
		return err
	}
	slog.Info("wrote", "file", out, "bytes", st.Size(), "areas", len(t.Columns), "hours", t.Hours(), "from", t.Start)
	return nil
}
