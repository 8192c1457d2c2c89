package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/cases/headroom"
	"github.com/gridflip/gridflip/grid/localtime"
	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/impact/headroomin"
	"github.com/gridflip/gridflip/internal/input"
	"github.com/gridflip/gridflip/internal/outdir"
	"github.com/gridflip/gridflip/report"
	htmlreport "github.com/gridflip/gridflip/report/html"
)

// headroomFlags are the flags of gridflip headroom.
type headroomFlags struct {
	limits   []float64
	timeZone string
	config   string
	format   string
	out      string
}

func (a *app) headroomCommand() *cobra.Command {
	var f headroomFlags
	cmd := &cobra.Command{
		Use:   "headroom [LOAD.csv]",
		Short: "Curtailment-enabled headroom of each area's grid (Duke University's method) from hourly load",
		Long: `headroom computes, for each area (balancing authority) of an hourly load table,
the constant load it could add while the mean yearly share of that load's
energy curtailed stays within each limit, the curtailment keeping the area
at its seasonal peak thresholds: the method of Norris et al., "Rethinking Load
Growth" (Nicholas Institute, Duke University, 2025; docs/headroom.md).

LOAD.csv has a timestamp column (UTC or with an offset), then one column of MW
per area; rows an hour apart, in order, skipping missing hours; an empty value
is missing. A local calendar year counts when 90% of its hours have a load.
Without LOAD.csv the bundled EIA-930 demand of Duke's 22 areas, 2016-2024, is
used (Ruggles and Farnham's cleaned data, CC BY 4.0).

An area's months and years are in its local time: the bundled areas' zones and
peak windows are built in; --time-zone sets one zone for every area (keeping
the bundled areas' windows), --config FILE sets them per area:

  [area.CISO]
  time_zone = "America/Los_Angeles"
  summer_peak_months = [5, 6, 7, 8, 9]   # June-August, widened a month either side
  winter_peak_months = [11, 12, 1, 2, 3] # December-February, widened likewise

With --out DIR it writes headroom.json, headroom.csv, headroom_total.csv,
headroom.parquet, headroom_total.parquet and headroom.html, then
manifest.json, published together.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return withCode(exitUsage, fmt.Errorf("expected at most one LOAD.csv argument, got %d: %s", len(args), strings.Join(args, " ")))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runHeadroom(cmd, args, &f)
		},
	}
	fl := cmd.Flags()
	fl.Float64SliceVar(&f.limits, "limits", impact.DefaultLimits(), "curtailment limits, shares of the added load's energy in (0, 0.5]")
	fl.StringVar(&f.timeZone, "time-zone", "", "IANA time zone of every area, e.g. America/Chicago (default: each bundled area's own)")
	fl.StringVar(&f.config, "config", "", "TOML file of per-area settings ([area.ID] time_zone, summer_peak_months, winter_peak_months)")
	fl.StringVar(&f.format, "format", "text", "text or json")
	fl.StringVar(&f.out, "out", "", "also write the results as CSV, Parquet and HTML into this directory")
	return cmd
}

// runHeadroom checks the flags, reads the load and settings, computes and
// writes; nothing is written unless everything before succeeded.
func (a *app) runHeadroom(cmd *cobra.Command, args []string, f *headroomFlags) error {
	zone, err := f.check()
	if err != nil {
		return err
	}
	if f.out != "" {
		if err := outdir.Check(f.out); err != nil {
			return withCode(exitBadInput, fmt.Errorf("--out %w", err))
		}
	}
	opener := input.Dir(cmd.Context(), "", input.Limits{MaxFileBytes: a.maxInputMB << 20, MaxLineBytes: a.maxLineKB << 10}, &a.inputs)
	table, attribution, err := loadHeadroomTable(opener, args)
	if err != nil {
		return badInput(err)
	}
	areas, err := headroomAreas(opener, table, zone, f.config)
	if err != nil {
		return badInput(err)
	}
	began := time.Now()
	h, err := impact.HeadroomAll(areas, f.limits)
	if err != nil {
		return badInput(fmt.Errorf("%s: %w", table.File, err))
	}
	h.SortByHeadroom(0)
	a.logger().Info("computed headroom", "areas", len(areas), "seconds", time.Since(began).Seconds())
	if f.out != "" {
		if err := a.writeHeadroomSet(cmd, f.out, h, table.File, attribution); err != nil {
			return err
		}
	}
	if f.format == "json" {
		return report.WriteHeadroomJSON(a.stdout, h, attribution)
	}
	return report.WriteHeadroomText(a.stdout, h, attribution)
}

// check refuses bad flag values (usage errors) and loads --time-zone.
func (f *headroomFlags) check() (*time.Location, error) {
	if f.format != "text" && f.format != "json" {
		return nil, withCode(exitUsage, fmt.Errorf("--format %q: want text or json", f.format))
	}
	if err := impact.CheckLimits(f.limits); err != nil {
		return nil, withCode(exitUsage, fmt.Errorf("--limits: %w", err))
	}
	if f.timeZone != "" && f.config != "" {
		return nil, withCode(exitUsage, errors.New("--time-zone and --config both set the areas' time zones: give one (a --config file can name a time_zone per area)"))
	}
	if f.timeZone == "" {
		return nil, nil
	}
	zone, err := localtime.Load(f.timeZone)
	if err != nil {
		return nil, withCode(exitUsage, fmt.Errorf("--time-zone: %w", err))
	}
	return zone, nil
}

// loadHeadroomTable reads LOAD.csv, or decodes the bundled table (whose
// outputs carry its attribution).
func loadHeadroomTable(o *input.Opener, args []string) (*headroomin.Table, string, error) {
	if len(args) == 0 {
		t, err := headroom.Bundled()
		return t, headroom.Attribution, err
	}
	t, err := headroomin.ReadLoad(o, args[0])
	return t, "", err
}

// headroomAreas gives each column its settings: the bundled defaults for
// the bundled areas, then --time-zone or the --config file's entries.
func headroomAreas(o *input.Opener, t *headroomin.Table, zone *time.Location, config string) ([]impact.AreaLoad, error) {
	defaults := headroom.DefaultSettings()
	settings := map[string]impact.AreaSettings{}
	for _, id := range t.Columns {
		if s, ok := defaults[id]; ok {
			settings[id] = s
		}
	}
	if config != "" {
		cfg, err := headroomin.ReadConfig(o, config)
		if err != nil {
			return nil, err
		}
		for id, c := range cfg {
			settings[id] = c.Apply(settings[id])
		}
	}
	var noZone []string
	for _, id := range t.Columns {
		s, ok := settings[id]
		switch {
		case zone != nil:
			s.TimeZone = zone
			settings[id] = s
		case !ok || s.TimeZone == nil:
			noZone = append(noZone, id)
		}
	}
	if len(noZone) > 0 {
		sort.Strings(noZone)
		where := "--config FILE"
		if config != "" {
			where = config
		}
		return nil, fmt.Errorf("%s: no time zone for %s: give --time-zone ZONE for every area, or a time_zone under [area.ID] in %s (the bundled areas have theirs)", t.File, strings.Join(noZone, ", "), where)
	}
	return headroomin.Areas(t, settings, impact.AreaSettings{})
}

// headroomFiles declares the files of a headroom results set, in the
// order they are written (manifest.json last: manifestFile). Only the
// writers read h; it may be nil for the reference.
func headroomFiles(h *impact.Headrooms, attribution string) []outputFile {
	return []outputFile{
		{name: "headroom.json", doc: "each area's headroom at each curtailment limit, and the total; also `headroom --format json`", shape: report.HeadroomJSON{},
			write: func(w io.Writer) error { return report.WriteHeadroomJSON(w, h, attribution) }},
		{name: "headroom.csv", doc: "each area at each limit", shape: report.HeadroomRow{},
			write: func(w io.Writer) error { return report.WriteHeadroomCSV(w, h) }},
		{name: "headroom_total.csv", doc: "the areas' sum at each limit", shape: report.HeadroomTotalRow{},
			write: func(w io.Writer) error { return report.WriteHeadroomTotalCSV(w, h) }},
		{name: "headroom.parquet", doc: "as headroom.csv", shape: report.HeadroomRow{},
			write: func(w io.Writer) error { return report.WriteHeadroomParquet(w, h) }},
		{name: "headroom_total.parquet", doc: "as headroom_total.csv", shape: report.HeadroomTotalRow{},
			write: func(w io.Writer) error { return report.WriteHeadroomTotalParquet(w, h) }},
		{name: "headroom.html", doc: "the headroom report: a chart per limit and the tables",
			write: func(w io.Writer) error { return htmlreport.WriteHeadroom(w, h, attribution) }},
	}
}

// writeHeadroomSet stages the output files and publishes them as a set.
func (a *app) writeHeadroomSet(cmd *cobra.Command, dir string, h *impact.Headrooms, data, attribution string) error {
	set, err := outdir.Stage(dir)
	if err != nil {
		return withCode(exitBadInput, fmt.Errorf("--out %w", err))
	}
	for _, file := range headroomFiles(h, attribution) {
		if err := cmd.Context().Err(); err != nil {
			set.Abort()
			return err
		}
		if err := set.Write(file.name, file.write); err != nil {
			set.Abort()
			return badInput(err)
		}
	}
	published, err := set.Publish(cmd.Context(), func(outputs []outdir.File) any {
		return Manifest{Gridflip: version(), Command: os.Args, Created: time.Now().UTC().Truncate(time.Second),
			Case: data, Inputs: a.inputs.Records(), Outputs: outputs}
	})
	if err != nil {
		if isCancel(err) {
			return err
		}
		return withCode(exitBadInput, fmt.Errorf("--out %w", err))
	}
	if published.LeftBehind != "" {
		fmt.Fprintf(a.stderr, "gridflip: warning: published %s, but %s\n", dir, published.LeftBehind)
	}
	return nil
}
