package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/gridflip/gridflip/impact"
)

// HeadroomJSON is the headroom document (gridflip headroom --format json,
// headroom.json).
type HeadroomJSON struct {
	Areas       []HeadroomAreaJSON  `json:"areas" doc:"each area: id, summer_threshold_mw, winter_threshold_mw, and its results at each limit (the columns of headroom.csv)"`
	Total       []HeadroomTotalJSON `json:"total" doc:"the areas' sum at each limit (the columns of headroom_total.csv)"`
	Attribution string              `json:"attribution,omitempty" doc:"the load data's source, when it asks to be credited"`
}

// HeadroomAreaJSON is one area of the headroom document.
type HeadroomAreaJSON struct {
	ID                string               `json:"id"`
	SummerThresholdMW float64              `json:"summer_threshold_mw"`
	WinterThresholdMW float64              `json:"winter_threshold_mw"`
	Results           []HeadroomResultJSON `json:"results"`
}

// HeadroomResultJSON is an area's headroom at one limit.
type HeadroomResultJSON struct {
	CurtailmentLimit      float64 `json:"curtailment_limit"`
	HeadroomMW            float64 `json:"headroom_mw"`
	CurtailedHoursPerYear float64 `json:"curtailed_hours_per_year"`
	MeanEventHours        float64 `json:"mean_event_hours"`
	ShareHoursKeeping50   float64 `json:"share_hours_keeping_50"`
	ShareHoursKeeping75   float64 `json:"share_hours_keeping_75"`
	ShareHoursKeeping90   float64 `json:"share_hours_keeping_90"`
}

// HeadroomTotalJSON is the sum over areas at one limit.
type HeadroomTotalJSON struct {
	CurtailmentLimit float64 `json:"curtailment_limit"`
	HeadroomMW       float64 `json:"headroom_mw"`
}

// NewHeadroomJSON converts the results, areas in their order.
func NewHeadroomJSON(h *impact.Headrooms, attribution string) HeadroomJSON {
	out := HeadroomJSON{Areas: make([]HeadroomAreaJSON, 0, len(h.Areas)), Total: make([]HeadroomTotalJSON, 0, len(h.Total)), Attribution: attribution}
	for _, a := range h.Areas {
		aj := HeadroomAreaJSON{ID: a.ID, SummerThresholdMW: a.SummerThresholdMW, WinterThresholdMW: a.WinterThresholdMW}
		for _, r := range a.Results {
			aj.Results = append(aj.Results, HeadroomResultJSON{CurtailmentLimit: r.CurtailmentLimit, HeadroomMW: r.HeadroomMW,
				CurtailedHoursPerYear: round6(r.CurtailedHoursPerYear), MeanEventHours: round6(r.MeanEventHours),
				ShareHoursKeeping50: round6(r.ShareKeeping50), ShareHoursKeeping75: round6(r.ShareKeeping75), ShareHoursKeeping90: round6(r.ShareKeeping90)})
		}
		out.Areas = append(out.Areas, aj)
	}
	for _, t := range h.Total {
		out.Total = append(out.Total, HeadroomTotalJSON{CurtailmentLimit: t.CurtailmentLimit, HeadroomMW: t.HeadroomMW})
	}
	return out
}

// round6 rounds to 6 decimals, as the CSV files do.
func round6(v float64) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 6, 64), 64)
	return f
}

// WriteHeadroomJSON writes the headroom document, indented.
func WriteHeadroomJSON(w io.Writer, h *impact.Headrooms, attribution string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(NewHeadroomJSON(h, attribution))
}

// LimitLabel writes a curtailment limit as a percentage: 0.0025 → "0.25%".
func LimitLabel(limit float64) string {
	return strconv.FormatFloat(100*limit, 'f', -1, 64) + "%"
}

// WriteHeadroomText writes the headroom as tables: each area's thresholds
// and headroom at each limit (areas in their order), the total, the
// curtailment each headroom brings, and the attribution line.
func WriteHeadroomText(w io.Writer, h *impact.Headrooms, attribution string) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "gridflip headroom: %d areas, curtailment-enabled headroom in MW (Norris et al. 2025, Appendix C)\n\n", len(h.Areas))
	head := fmt.Sprintf("%-8s %11s %11s", "area", "summer MW", "winter MW")
	for _, l := range h.Limits {
		head += fmt.Sprintf(" %9s", LimitLabel(l))
	}
	bw.WriteString(head + "\n" + strings.Repeat("-", len(head)) + "\n")
	for _, a := range h.Areas {
		fmt.Fprintf(bw, "%-8s %11s %11s", a.ID, thousandsMW(a.SummerThresholdMW), thousandsMW(a.WinterThresholdMW))
		for _, r := range a.Results {
			fmt.Fprintf(bw, " %9s", thousandsMW(r.HeadroomMW))
		}
		bw.WriteString("\n")
	}
	bw.WriteString(strings.Repeat("-", len(head)) + "\n")
	fmt.Fprintf(bw, "%-8s %11s %11s", "total", "", "")
	for _, t := range h.Total {
		fmt.Fprintf(bw, " %9s", thousandsMW(t.HeadroomMW))
	}
	bw.WriteString("\n\nCurtailment at each limit: hours a year / mean event hours / share of those hours keeping at least 50% of the added load\n")
	for _, a := range h.Areas {
		fmt.Fprintf(bw, "%-8s", a.ID)
		for _, r := range a.Results {
			fmt.Fprintf(bw, "  %s: %5.0f h / %4.1f h / %3.0f%%", LimitLabel(r.CurtailmentLimit), r.CurtailedHoursPerYear, r.MeanEventHours, 100*r.ShareKeeping50)
		}
		bw.WriteString("\n")
	}
	if attribution != "" {
		bw.WriteString("\n" + attribution + "\n")
	}
	return bw.Flush()
}

// thousandsMW writes whole MW with thousands separators.
func thousandsMW(v float64) string { return thousands(int(math.Round(v))) }

// HeadroomRow is one row of headroom.parquet and headroom.csv: one area
// at one curtailment limit.
type HeadroomRow struct {
	ID                    string  `parquet:"id,dict" doc:"the area's id"`
	SummerThresholdMW     float64 `parquet:"summer_threshold_mw" unit:"MW" doc:"the highest load in the summer peak window"`
	WinterThresholdMW     float64 `parquet:"winter_threshold_mw" unit:"MW" doc:"the highest load in the winter peak window"`
	CurtailmentLimit      float64 `parquet:"curtailment_limit" unit:"fraction" doc:"the largest mean yearly share of the added load's energy that may be curtailed (0.005 is 0.5%)"`
	HeadroomMW            float64 `parquet:"headroom_mw" unit:"MW" doc:"the constant load the area could add within the limit, rounded down to 1 MW"`
	CurtailedHoursPerYear float64 `parquet:"curtailed_hours_per_year" unit:"h" doc:"the mean number of hours a year in which some of the added load is curtailed"`
	MeanEventHours        float64 `parquet:"mean_event_hours" unit:"h" doc:"the mean length of a curtailment event (a run of consecutive curtailed hours)"`
	ShareHoursKeeping50   float64 `parquet:"share_hours_keeping_50" unit:"fraction" doc:"the share of the curtailed hours in which at least 50% of the added load is still served"`
	ShareHoursKeeping75   float64 `parquet:"share_hours_keeping_75" unit:"fraction" doc:"the same at 75%"`
	ShareHoursKeeping90   float64 `parquet:"share_hours_keeping_90" unit:"fraction" doc:"the same at 90%"`
}

// HeadroomTotalRow is one row of headroom_total.parquet and
// headroom_total.csv: the areas' sum at one curtailment limit.
type HeadroomTotalRow struct {
	CurtailmentLimit float64 `parquet:"curtailment_limit" unit:"fraction" doc:"the curtailment limit"`
	HeadroomMW       float64 `parquet:"headroom_mw" unit:"MW" doc:"the areas' headroom summed"`
}

// HeadroomRows are the rows of headroom.csv and headroom.parquet: one
// per area and limit.
func HeadroomRows(h *impact.Headrooms) []HeadroomRow {
	var out []HeadroomRow
	for _, a := range h.Areas {
		for _, r := range a.Results {
			out = append(out, HeadroomRow{ID: a.ID, SummerThresholdMW: a.SummerThresholdMW, WinterThresholdMW: a.WinterThresholdMW,
				CurtailmentLimit: r.CurtailmentLimit, HeadroomMW: r.HeadroomMW, CurtailedHoursPerYear: r.CurtailedHoursPerYear,
				MeanEventHours: r.MeanEventHours, ShareHoursKeeping50: r.ShareKeeping50, ShareHoursKeeping75: r.ShareKeeping75, ShareHoursKeeping90: r.ShareKeeping90})
		}
	}
	return out
}

// WriteHeadroomCSV writes headroom.csv.
func WriteHeadroomCSV(w io.Writer, h *impact.Headrooms) error {
	return writeCSV(w, func(add func(*HeadroomRow) error) error { return eachRow(HeadroomRows(h), add) })
}

// WriteHeadroomTotalCSV writes headroom_total.csv.
func WriteHeadroomTotalCSV(w io.Writer, h *impact.Headrooms) error {
	return writeCSV(w, func(add func(*HeadroomTotalRow) error) error { return eachRow(headroomTotalRows(h), add) })
}

// WriteHeadroomParquet writes headroom.parquet.
func WriteHeadroomParquet(w io.Writer, h *impact.Headrooms) error {
	return writeParquet(w, "headroom", func(add func(*HeadroomRow) error) error { return eachRow(HeadroomRows(h), add) })
}

// WriteHeadroomTotalParquet writes headroom_total.parquet.
func WriteHeadroomTotalParquet(w io.Writer, h *impact.Headrooms) error {
	return writeParquet(w, "headroom_total", func(add func(*HeadroomTotalRow) error) error { return eachRow(headroomTotalRows(h), add) })
}

// headroomTotalRows are the rows of headroom_total.csv and
// headroom_total.parquet: one per limit.
func headroomTotalRows(h *impact.Headrooms) []HeadroomTotalRow {
	out := make([]HeadroomTotalRow, len(h.Total))
	for i, t := range h.Total {
		out[i] = HeadroomTotalRow{CurtailmentLimit: t.CurtailmentLimit, HeadroomMW: t.HeadroomMW}
	}
	return out
}

// eachRow adds each of rows.
func eachRow[T any](rows []T, add func(*T) error) error {
	for i := range rows {
		if err := add(&rows[i]); err != nil {
			return err
		}
	}
	return nil
}
