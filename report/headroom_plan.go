package report

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/gridflip/gridflip/analysis"
)

// PlanHeadroomJSON is one balancing area's headroom before and after the
// plan (summary.json "headroom").
type PlanHeadroomJSON struct {
	Area          string                   `json:"area"`
	Name          string                   `json:"name"`
	Sites         []string                 `json:"sites"`
	ReferenceYear int                      `json:"reference_year"`
	Results       []PlanHeadroomResultJSON `json:"results"`
}

// PlanHeadroomResultJSON is the headroom at one curtailment limit, MW;
// AfterFlexibleMW holds one value per flexibility[] row, in its order
// (absent without --flexible).
type PlanHeadroomResultJSON struct {
	CurtailmentLimit float64   `json:"curtailment_limit"`
	BeforeMW         float64   `json:"before_mw"`
	AfterMW          float64   `json:"after_mw"`
	AfterFlexibleMW  []float64 `json:"after_flexible_mw,omitempty"`
}

// headroomJSON lists the analysis's headroom as summary.json holds it.
func headroomJSON(a *analysis.Analysis) ([]PlanHeadroomJSON, []string, string) {
	if len(a.Headroom) == 0 && len(a.HeadroomNotes) == 0 {
		return nil, nil, ""
	}
	var out []PlanHeadroomJSON
	for _, h := range a.Headroom {
		hj := PlanHeadroomJSON{Area: h.Area, Name: h.Name, Sites: h.Sites, ReferenceYear: h.ReferenceYear}
		for _, r := range h.Results {
			hj.Results = append(hj.Results, PlanHeadroomResultJSON{CurtailmentLimit: r.CurtailmentLimit, BeforeMW: r.BeforeMW, AfterMW: r.AfterMW,
				AfterFlexibleMW: r.AfterFlexibleMW})
		}
		out = append(out, hj)
	}
	return out, a.HeadroomNotes, a.HeadroomAttribution
}

// HeadlineLimit is the curtailment limit the headroom sentences quote
// (0.5 %), when the results hold it; else their first.
const HeadlineLimit = 0.005

// Headline is the area's result at HeadlineLimit (else its first).
func (h PlanHeadroomJSON) Headline() (PlanHeadroomResultJSON, bool) {
	for _, r := range h.Results {
		if r.CurtailmentLimit == HeadlineLimit {
			return r, true
		}
	}
	if len(h.Results) == 0 {
		return PlanHeadroomResultJSON{}, false
	}
	return h.Results[0], true
}

// Sentence says how much of the area's headroom the plan uses: "the plan
// uses 1.23 GW of ERCOT's 10.00 GW at 0.5%" ("adds ... to" when the plan
// lowers the area's load; "uses all" when none is left).
func (h PlanHeadroomJSON) Sentence() string {
	r, ok := h.Headline()
	if !ok {
		return ""
	}
	used := r.BeforeMW - r.AfterMW
	if used < 0 {
		return fmt.Sprintf("the plan adds %s GW to %s's %s GW at %s", gw(-used), h.Name, gw(r.BeforeMW), LimitPercent(r.CurtailmentLimit))
	}
	if r.AfterMW <= 0 && r.BeforeMW > 0 {
		return fmt.Sprintf("the plan uses all %s GW of %s's headroom at %s: none is left for a flexible load", gw(r.BeforeMW), h.Name, LimitPercent(r.CurtailmentLimit))
	}
	return fmt.Sprintf("the plan uses %s GW of %s's %s GW at %s", gw(used), h.Name, gw(r.BeforeMW), LimitPercent(r.CurtailmentLimit))
}

// gw formats MW as GW with two decimals.
func gw(mw float64) string { return strconv.FormatFloat(mw/1000, 'f', 2, 64) }

// LimitPercent formats a curtailment limit: 0.005 is "0.5%".
func LimitPercent(l float64) string { return strconv.FormatFloat(100*l, 'f', -1, 64) + "%" }

// WritePlanHeadroom prints each balancing area's headroom before and
// after the plan: one sentence per area, then the table at every limit.
func WritePlanHeadroom(w io.Writer, a *analysis.Analysis) error {
	if len(a.Headroom) == 0 && len(a.HeadroomNotes) == 0 {
		return nil
	}
	rows, _, _ := headroomJSON(a)
	year := 0
	if len(rows) > 0 {
		year = rows[0].ReferenceYear
	}
	fmt.Fprintf(w, "\ngrid headroom: curtailment-enabled headroom of each balancing area (Norris et al. 2025) over its %d load, before -> after the plan\n", year)
	for _, h := range rows {
		fmt.Fprintf(w, "  %s\n", Clean(h.Sentence()))
	}
	if len(a.Headroom) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, "area\tsites\tlimit\tbefore MW\tafter MW\tused MW\t")
		for _, f := range a.Flexibility {
			fmt.Fprintf(tw, "after, AI curtailable %s\t", LimitPercent(f.MaxCurtailedShare))
		}
		fmt.Fprintln(tw)
		for _, h := range a.Headroom {
			for _, r := range h.Results {
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t", Clean(h.Name), len(h.Sites), LimitPercent(r.CurtailmentLimit), mw(r.BeforeMW), mw(r.AfterMW), mw(r.UsedMW()))
				for _, v := range r.AfterFlexibleMW {
					fmt.Fprintf(tw, "%s\t", mw(v))
				}
				fmt.Fprintln(tw)
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, n := range a.HeadroomNotes {
		fmt.Fprintf(w, "  note: %s\n", Clean(n))
	}
	if a.HeadroomAttribution != "" {
		fmt.Fprintf(w, "  %s\n", strings.TrimSpace(a.HeadroomAttribution))
	}
	return nil
}

// GridHeadroomRow is one balancing area's headroom at one limit after
// one plan (grid_headroom.csv): the plan itself, then each --flexible
// plan.
type GridHeadroomRow struct {
	Area             string  `json:"area" parquet:"area" doc:"the balancing area's EIA-930 code, e.g. ERCO"`
	Name             string  `json:"name" parquet:"name" doc:"its common name, e.g. ERCOT"`
	ReferenceYear    int     `json:"reference_year" parquet:"reference_year" unit:"local calendar year" doc:"the year of the area's historical load the headroom is measured over"`
	CurtailmentLimit float64 `json:"curtailment_limit" parquet:"curtailment_limit" unit:"fraction" doc:"the largest mean yearly share of an added load's energy curtailed (0.005 is 0.5%)"`
	FlexibleShare    float64 `json:"flexible_share" parquet:"flexible_share" unit:"fraction" doc:"0 for the plan; for a --flexible plan, its curtailment share"`
	BeforeMW         float64 `json:"before_mw" parquet:"before_mw" unit:"MW" doc:"the headroom with the historical load"`
	AfterMW          float64 `json:"after_mw" parquet:"after_mw" unit:"MW" doc:"the headroom with the plan's net hourly load change added"`
}

// gridHeadroomRows are the analysis's headroom as rows.
func gridHeadroomRows(a *analysis.Analysis) []GridHeadroomRow {
	var out []GridHeadroomRow
	for _, h := range a.Headroom {
		for _, r := range h.Results {
			row := GridHeadroomRow{Area: h.Area, Name: h.Name, ReferenceYear: h.ReferenceYear, CurtailmentLimit: r.CurtailmentLimit, BeforeMW: r.BeforeMW, AfterMW: r.AfterMW}
			out = append(out, row)
			for k, v := range r.AfterFlexibleMW {
				if k < len(a.Flexibility) {
					row.FlexibleShare, row.AfterMW = a.Flexibility[k].MaxCurtailedShare, v
					out = append(out, row)
				}
			}
		}
	}
	return out
}

// WriteGridHeadroomCSV writes grid_headroom.csv.
func WriteGridHeadroomCSV(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return writeCSV(w, func(add func(*GridHeadroomRow) error) error { return eachGridHeadroom(ctx, a, add) })
}

// WriteGridHeadroomParquet writes grid_headroom.parquet: the rows of
// grid_headroom.csv, typed.
func WriteGridHeadroomParquet(ctx context.Context, w io.Writer, a *analysis.Analysis) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return writeParquet(w, "grid_headroom", func(add func(*GridHeadroomRow) error) error { return eachGridHeadroom(ctx, a, add) })
}

// eachGridHeadroom adds each area's headroom at each limit, the one source
// of grid_headroom.csv and grid_headroom.parquet.
func eachGridHeadroom(ctx context.Context, a *analysis.Analysis, add func(*GridHeadroomRow) error) error {
	for i, row := range gridHeadroomRows(a) {
		if err := checkRow(ctx, i+1); err != nil {
			return err
		}
		if err := add(&row); err != nil {
			return err
		}
	}
	return nil
}
