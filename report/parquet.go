package report

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"runtime/debug"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/optimize"
)

// Parquet outputs (docs/outputs.md, "Parquet files"): the hourly and yearly tables
// of the CSV files with typed columns — timestamps as UTC TIMESTAMP
// (microseconds), ids as dictionary-encoded strings, MW and USD as
// float64 — zstd-compressed, in row groups of ParquetRowGroupRows rows.

// ParquetRowGroupRows is the rows per row group: 30 sites of a year, so a
// 1,000-site year makes 34 groups and the writer buffers about 20 MB.
const ParquetRowGroupRows = 262_144

// HourlyRow is one row of hourly.parquet and hourly.csv: one site's hour.
type HourlyRow struct {
	Site                 string    `parquet:"site,dict" doc:"the site's id"`
	Timestamp            time.Time `parquet:"timestamp,timestamp(microsecond:utc)" unit:"UTC" doc:"the hour's start (RFC 3339 in CSV)"`
	PriceUSDPerMWh       float64   `parquet:"price_usd_mwh" unit:"USD/MWh" doc:"the energy price at the site's node"`
	HashpriceUSDPerPHDay float64   `parquet:"hashprice_usd_ph_day" unit:"USD/PH/day" doc:"the hashprice"`
	MiningITMW           float64   `parquet:"mining_it_mw" unit:"IT MW" doc:"mining load"`
	AvailableMiningITMW  float64   `parquet:"available_mining_it_mw" unit:"IT MW" doc:"what the fleet and the POI allowed (the hour is curtailed when less was mined)"`
	AIITMW               float64   `parquet:"ai_it_mw" unit:"IT MW" doc:"AI drawing power: existing and halls in service; a curtailable hall at its firm share in stress hours"`
	MeterMW              float64   `parquet:"meter_mw" unit:"meter MW" doc:"pue × mining + the AI meter MW reserved (the POI constraint's left side)"`
	LoadMW               float64   `parquet:"load_mw" unit:"MW" doc:"what the site draws (AI at its utilization)"`
	ReserveMW            float64   `parquet:"reserve_mw" unit:"MW" doc:"mining load offered as reserve"`
}

// GridRow is one row of grid.parquet and grid.csv: one scope's hour.
type GridRow struct {
	Region     string    `parquet:"region,dict" doc:"a region, or portfolio"`
	Timestamp  time.Time `parquet:"timestamp,timestamp(microsecond:utc)" unit:"UTC" doc:"the hour's start (RFC 3339 in CSV)"`
	BeforeMW   float64   `parquet:"before_mw" unit:"MW" doc:"the scope's load without conversion"`
	AfterMW    float64   `parquet:"after_mw" unit:"MW" doc:"the scope's load with the plan"`
	StressHour bool      `parquet:"stress_hour" doc:"true in the scope's stress hours (its highest-price hours)"`
}

// YearlyRow is one row of yearly.parquet and yearly.csv: one site's year
// of the horizon.
type YearlyRow struct {
	Site                 string           `parquet:"site,dict" doc:"the site's id"`
	Year                 int32            `parquet:"year" unit:"calendar year" doc:"the year"`
	DiscountFactor       float64          `parquet:"discount_factor" doc:"(1+r)^−(k−1) for the horizon's k-th year"`
	HallsInService       []string         `parquet:"halls_in_service,list" doc:"the halls in service (a list in Parquet, joined by ; in CSV)"`
	NewAIITMW            float64          `parquet:"new_ai_it_mw" unit:"IT MW" doc:"new AI in service"`
	AIITMW               float64          `parquet:"ai_it_mw" unit:"IT MW" doc:"AI in service (existing and new)"`
	AIMeterMW            float64          `parquet:"ai_meter_mw" unit:"meter MW" doc:"interconnection AI reserves"`
	MiningCapacityITMW   float64          `parquet:"mining_capacity_it_mw" unit:"IT MW" doc:"the fleet left after halls displace miners"`
	MiningMWh            float64          `parquet:"mining_mwh" unit:"IT MWh" doc:"energy mined in the year"`
	LoadMWh              float64          `parquet:"load_mwh" unit:"MWh" doc:"energy the site drew in the year"`
	CurtailedHours       int32            `parquet:"curtailed_hours" unit:"h" doc:"hours mining ran below what the fleet and the POI allowed"`
	InterconnectValueUSD float64          `parquet:"interconnect_value_usd_per_mw_year" unit:"USD/MW-yr" doc:"the marginal value of interconnection in the year"`
	Streams              optimize.Streams `parquet:"-" doc:"in the year, undiscounted"`
	ObjectiveUSD         float64          `parquet:"objective_usd" unit:"USD" doc:"the year's discounted contribution to the objective"`
}

// hourlyRows adds each site-hour of the plan as an HourlyRow, one site at
// a time, the one source of hourly.csv and hourly.parquet.
func hourlyRows(ctx context.Context, p *optimize.Plan, add func(*HourlyRow) error) error {
	return p.EachSiteHours(func(s int, h optimize.SiteHours) error {
		row := HourlyRow{Site: p.Sites[s].ID}
		for t, ts := range p.HourTimes {
			if err := checkRow(ctx, t); err != nil {
				return err
			}
			row.Timestamp, row.PriceUSDPerMWh, row.HashpriceUSDPerPHDay = ts.UTC(), h.PriceUSDPerMWh[t], p.HashpriceUSDPerPHDay[t]
			row.MiningITMW, row.AvailableMiningITMW, row.AIITMW = h.MiningITMW[t], h.AvailableITMW[t], h.AIITMW[t]
			row.MeterMW, row.LoadMW, row.ReserveMW = h.MeterMW[t], h.LoadMW[t], 0
			if h.ReserveMW != nil {
				row.ReserveMW = h.ReserveMW[t]
			}
			if err := add(&row); err != nil {
				return err
			}
		}
		return nil
	})
}

// gridRows adds each scope-hour of the grid impact as a GridRow, the one
// source of grid.csv and grid.parquet.
func gridRows(ctx context.Context, a *analysis.Analysis, add func(*GridRow) error) error {
	for _, im := range a.Impact {
		stress := stressSet(im.StressHours, len(a.Plan.HourTimes))
		for t, ts := range a.Plan.HourTimes {
			if err := checkRow(ctx, t); err != nil {
				return err
			}
			if err := add(&GridRow{Region: im.Scope, Timestamp: ts.UTC(), BeforeMW: im.LoadBeforeMW[t], AfterMW: im.LoadAfterMW[t], StressHour: stress[t]}); err != nil {
				return err
			}
		}
	}
	return nil
}

// yearlyRows adds each site-year of the plan as a YearlyRow, the one
// source of yearly.csv and yearly.parquet.
func yearlyRows(ctx context.Context, p *optimize.Plan, add func(*YearlyRow) error) error {
	for i, sp := range p.Sites {
		if err := checkRow(ctx, i); err != nil {
			return err
		}
		for _, y := range sp.Years {
			row := YearlyRow{Site: sp.ID, Year: int32(y.Year), DiscountFactor: y.DiscountFactor, HallsInService: y.HallsInService,
				NewAIITMW: y.NewAIITMW, AIITMW: y.AIITMW, AIMeterMW: y.AIMeterMW, MiningCapacityITMW: y.MiningCapacityITMW,
				MiningMWh: y.MiningMWh, LoadMWh: y.LoadMWh, CurtailedHours: int32(y.CurtailedHours),
				InterconnectValueUSD: y.InterconnectValueUSDPerMWYear, Streams: y.Streams, ObjectiveUSD: y.ObjectiveUSD}
			if err := add(&row); err != nil {
				return err
			}
		}
	}
	return nil
}

// parquetOptions are every Parquet file's options; its created-by field
// names gridflip's version (Version) and kind, the file.
func parquetOptions(kind string) []parquet.WriterOption {
	return []parquet.WriterOption{
		parquet.Compression(&zstd.Codec{Level: zstd.SpeedDefault}),
		parquet.MaxRowsPerRowGroup(ParquetRowGroupRows),
		parquet.CreatedBy("gridflip", Version()+" ", kind), // "gridflip version V (build kind)"
	}
}

// Version is gridflip's version: the module version and VCS revision the
// binary was built from, when Go recorded them ("unknown" otherwise). The
// manifest and every Parquet file's created-by field carry it.
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
		if s.Key == "vcs.modified" && s.Value == "true" {
			v += " (modified)"
		}
	}
	return v
}

// writeParquet writes a table's Parquet file: each row that each adds, as
// its row type declares them. A row type with a Streams field is written
// through its flat type (tableOf, flatType), one column per stream.
func writeParquet[T any](w io.Writer, kind string, each func(add func(*T) error) error) error {
	tb := tableOf(reflect.TypeFor[T]())
	var add func(*T) error
	var closer func() error
	if !tb.hasStreams() {
		pw := newParquetWriter[T](w, kind)
		add = func(row *T) error { return pw.add(*row) }
		closer = pw.close
	} else {
		flat := reflect.New(tb.flatType())
		pw := parquet.NewWriter(w, append(parquetOptions(kind), parquet.SchemaOf(flat.Interface()))...)
		add = func(row *T) error {
			tb.flatten(reflect.ValueOf(row).Elem(), flat.Elem())
			return pw.Write(flat.Interface())
		}
		closer = pw.Close
	}
	if err := each(func(row *T) error {
		if err := add(row); err != nil {
			return fmt.Errorf("%s.parquet: %w", kind, err)
		}
		return nil
	}); err != nil {
		return err
	}
	return closer()
}

// parquetWriter buffers rows and writes them in batches.
type parquetWriter[T any] struct {
	w     *parquet.GenericWriter[T]
	batch []T
}

func newParquetWriter[T any](out io.Writer, kind string) *parquetWriter[T] {
	return &parquetWriter[T]{
		w:     parquet.NewGenericWriter[T](out, parquetOptions(kind)...),
		batch: make([]T, 0, 8192),
	}
}

func (pw *parquetWriter[T]) add(row T) error {
	pw.batch = append(pw.batch, row)
	if len(pw.batch) == cap(pw.batch) {
		return pw.flush()
	}
	return nil
}

func (pw *parquetWriter[T]) flush() error {
	if len(pw.batch) == 0 {
		return nil
	}
	_, err := pw.w.Write(pw.batch)
	pw.batch = pw.batch[:0]
	return err
}

func (pw *parquetWriter[T]) close() error {
	if err := pw.flush(); err != nil {
		return err
	}
	return pw.w.Close()
}

// WriteHourlyParquet writes hourly.parquet, one site at a time like
// WriteHourlyCSV, so memory stays bounded by a site's year and a row group.
func WriteHourlyParquet(ctx context.Context, w io.Writer, p *optimize.Plan) error {
	return writeParquet(w, "hourly", func(add func(*HourlyRow) error) error { return hourlyRows(ctx, p, add) })
}

// WriteGridParquet writes grid.parquet: each region's and the portfolio's
// hourly load before and after, with the stress hours marked.
func WriteGridParquet(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
	return writeParquet(w, "grid", func(add func(*GridRow) error) error { return gridRows(ctx, a, add) })
}

// WriteYearlyParquet writes yearly.parquet: one row per site and year of
// the horizon (no rows without one).
func WriteYearlyParquet(ctx context.Context, w io.Writer, p *optimize.Plan) error {
	return writeParquet(w, "yearly", func(add func(*YearlyRow) error) error { return yearlyRows(ctx, p, add) })
}

// WriteSitesParquet writes sites.parquet: sites.csv's rows, the halls
// built as a list.
func WriteSitesParquet(ctx context.Context, w io.Writer, p *optimize.Plan) error {
	return writeParquet(w, "sites", func(add func(*SitesRow) error) error { return sitesRows(ctx, p, add) })
}

// WriteContractsParquet writes contracts.parquet: contracts.csv's rows.
func WriteContractsParquet(ctx context.Context, w io.Writer, p *optimize.Plan) error {
	return writeParquet(w, "contracts", func(add func(*ContractRow) error) error { return contractRows(ctx, p, add) })
}

// WriteCashflowsParquet writes cashflows.parquet: cashflows.csv's rows,
// dscr null in a year without debt service.
func WriteCashflowsParquet(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return writeParquet(w, "cashflows", func(add func(*CashflowRow) error) error { return cashflowRows(ctx, a, add) })
}

// WriteScenariosParquet writes scenarios.parquet: scenarios.csv's rows,
// the halls built as a list.
func WriteScenariosParquet(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return writeParquet(w, "scenarios", func(add func(*ScenarioRow) error) error { return scenarioRows(ctx, a, add) })
}

// WriteDealsParquet writes deals.parquet: deals.csv's rows.
func WriteDealsParquet(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return writeParquet(w, "deals", func(add func(*DealRow) error) error { return eachDeal(ctx, a, add) })
}
