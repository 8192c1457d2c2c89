package report

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"strings"
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

// HourlyRow is one row of hourly.parquet (the columns of hourly.csv).
type HourlyRow struct {
	Site                 string    `parquet:"site,dict"`
	Timestamp            time.Time `parquet:"timestamp,timestamp(microsecond:utc)"`
	PriceUSDPerMWh       float64   `parquet:"price_usd_mwh"`
	HashpriceUSDPerPHDay float64   `parquet:"hashprice_usd_ph_day"`
	MiningITMW           float64   `parquet:"mining_it_mw"`
	AvailableMiningITMW  float64   `parquet:"available_mining_it_mw"`
	AIITMW               float64   `parquet:"ai_it_mw"`
	MeterMW              float64   `parquet:"meter_mw"`
	LoadMW               float64   `parquet:"load_mw"`
	ReserveMW            float64   `parquet:"reserve_mw"`
}

// GridRow is one row of grid.parquet (the columns of grid.csv).
type GridRow struct {
	Region     string    `parquet:"region,dict"`
	Timestamp  time.Time `parquet:"timestamp,timestamp(microsecond:utc)"`
	BeforeMW   float64   `parquet:"before_mw"`
	AfterMW    float64   `parquet:"after_mw"`
	StressHour bool      `parquet:"stress_hour"`
}

// YearlyRow is one row of yearly.parquet (the main columns of yearly.csv).
type YearlyRow struct {
	Site                  string  `parquet:"site,dict"`
	Year                  int32   `parquet:"year"`
	DiscountFactor        float64 `parquet:"discount_factor"`
	HallsInService        string  `parquet:"halls_in_service"`
	NewAIITMW             float64 `parquet:"new_ai_it_mw"`
	AIITMW                float64 `parquet:"ai_it_mw"`
	AIMeterMW             float64 `parquet:"ai_meter_mw"`
	MiningCapacityITMW    float64 `parquet:"mining_capacity_it_mw"`
	MiningMWh             float64 `parquet:"mining_mwh"`
	LoadMWh               float64 `parquet:"load_mwh"`
	CurtailedHours        int32   `parquet:"curtailed_hours"`
	InterconnectValueUSD  float64 `parquet:"interconnect_value_usd_per_mw_year"`
	MiningRevenueUSD      float64 `parquet:"mining_revenue_usd"`
	MiningEnergyCostUSD   float64 `parquet:"mining_energy_cost_usd"`
	MiningOpexUSD         float64 `parquet:"mining_opex_usd"`
	AILeaseRevenueUSD     float64 `parquet:"ai_lease_revenue_usd"`
	AIEnergyCostUSD       float64 `parquet:"ai_energy_cost_usd"`
	CapexAnnuityUSD       float64 `parquet:"capex_annuity_usd"`
	FixedOMUSD            float64 `parquet:"fixed_om_usd"`
	ReserveRevenueUSD     float64 `parquet:"reserve_revenue_usd"`
	CoincidentPeakCostUSD float64 `parquet:"coincident_peak_cost_usd"`
	ProfitUSD             float64 `parquet:"profit_usd"`
	ObjectiveUSD          float64 `parquet:"objective_usd"`
}

// yearlyRows calls add with each site-year of the plan as a YearlyRow, the
// one source of both yearly.csv and yearly.parquet.
func yearlyRows(ctx context.Context, p *optimize.Plan, add func(YearlyRow) error) error {
	fields := streamFields(reflect.TypeOf(YearlyRow{}))
	for i, sp := range p.Sites {
		if err := checkRow(ctx, i); err != nil {
			return err
		}
		for _, y := range sp.Years {
			row := YearlyRow{Site: sp.ID, Year: int32(y.Year), DiscountFactor: y.DiscountFactor, HallsInService: strings.Join(y.HallsInService, ";"),
				NewAIITMW: y.NewAIITMW, AIITMW: y.AIITMW, AIMeterMW: y.AIMeterMW, MiningCapacityITMW: y.MiningCapacityITMW,
				MiningMWh: y.MiningMWh, LoadMWh: y.LoadMWh, CurtailedHours: int32(y.CurtailedHours),
				InterconnectValueUSD: y.InterconnectValueUSDPerMWYear, ProfitUSD: y.ProfitUSD, ObjectiveUSD: y.ObjectiveUSD}
			setStreams(reflect.ValueOf(&row).Elem(), fields, &y.Streams)
			if err := add(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// parquetWriter buffers rows and writes them in batches.
type parquetWriter[T any] struct {
	w     *parquet.GenericWriter[T]
	batch []T
}

func newParquetWriter[T any](out io.Writer, kind string) *parquetWriter[T] {
	return &parquetWriter[T]{
		w: parquet.NewGenericWriter[T](out,
			parquet.Compression(&zstd.Codec{Level: zstd.SpeedDefault}),
			parquet.MaxRowsPerRowGroup(ParquetRowGroupRows),
			parquet.CreatedBy("gridflip", "", kind)),
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
	pw := newParquetWriter[HourlyRow](w, "hourly")
	err := p.EachSiteHours(func(s int, h optimize.SiteHours) error {
		site := p.Sites[s].ID
		for t, ts := range p.HourTimes {
			if err := checkRow(ctx, t); err != nil {
				return err
			}
			reserve := 0.0
			if h.ReserveMW != nil {
				reserve = h.ReserveMW[t]
			}
			err := pw.add(HourlyRow{Site: site, Timestamp: ts.UTC(), PriceUSDPerMWh: h.PriceUSDPerMWh[t],
				HashpriceUSDPerPHDay: p.HashpriceUSDPerPHDay[t], MiningITMW: h.MiningITMW[t], AvailableMiningITMW: h.AvailableITMW[t],
				AIITMW: h.AIITMW[t], MeterMW: h.MeterMW[t], LoadMW: h.LoadMW[t], ReserveMW: reserve})
			if err != nil {
				return fmt.Errorf("hourly.parquet: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return pw.close()
}

// WriteGridParquet writes grid.parquet: each region's and the portfolio's
// hourly load before and after, with the stress hours marked.
func WriteGridParquet(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
	pw := newParquetWriter[GridRow](w, "grid")
	for _, im := range a.Impact {
		stress := stressSet(im.StressHours, len(a.Plan.HourTimes))
		for t, ts := range a.Plan.HourTimes {
			if err := checkRow(ctx, t); err != nil {
				return err
			}
			if err := pw.add(GridRow{Region: im.Scope, Timestamp: ts.UTC(), BeforeMW: im.LoadBeforeMW[t], AfterMW: im.LoadAfterMW[t], StressHour: stress[t]}); err != nil {
				return fmt.Errorf("grid.parquet: %w", err)
			}
		}
	}
	return pw.close()
}

// WriteYearlyParquet writes yearly.parquet: one row per site and year of
// the horizon (no rows without one).
func WriteYearlyParquet(ctx context.Context, w io.Writer, p *optimize.Plan) error {
	pw := newParquetWriter[YearlyRow](w, "yearly")
	err := yearlyRows(ctx, p, func(row YearlyRow) error {
		if err := pw.add(row); err != nil {
			return fmt.Errorf("yearly.parquet: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return pw.close()
}
