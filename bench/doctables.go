package bench

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gridflip/gridflip/optimize"
)

// DocSections renders the sections of the generated docs that the report
// has data for: SectionSuite and SectionMethods when it has suite runs,
// SectionTargets when it has targets. Each opens with a line saying when,
// by which command and on what machine it was measured.
func DocSections(r *Report) map[string]string {
	out := map[string]string{}
	measured := measuredLine(r)
	if len(r.Results) > 0 {
		out[SectionSuite] = measured + suiteTable(r.Results)
		out[SectionMethods] = measured + methodsTable(r.Results)
	}
	if len(r.Targets) > 0 {
		out[SectionTargets] = measured + targetsTable(r.Targets)
	}
	return out
}

// measuredLine is the sentence that opens each section, and a blank line.
func measuredLine(r *Report) string {
	date := r.Date
	if len(date) >= len("2006-01-02") {
		date = date[:len("2006-01-02")]
	}
	command := r.Command
	if command == "" {
		command = "gridflip bench"
	}
	machine := orUnknown(r.Machine)
	if r.Load != "" {
		machine += " (load average " + r.Load + ")"
	}
	return fmt.Sprintf("Measured %s by `%s` on %s, %s.\n\n", orUnknown(date), command, machine, orUnknown(r.Solver))
}

// orUnknown stands in for an empty field.
func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}

// suiteTable lists every run: sizes, times, memory, objective, and with
// --compare HiGHS alone, the overhead ratio and CBC.
func suiteTable(results []Result) string {
	compared := false
	for _, r := range results {
		compared = compared || r.HiGHSAloneStatus != "" || r.CBCStatus != ""
	}
	var b strings.Builder
	b.WriteString("| sites | hours | model | method | columns | rows | nonzeros | integer | build s | solve s | total s | peak MB | objective USD | status |")
	if compared {
		b.WriteString(" HiGHS alone s | overhead | CBC s |")
	}
	b.WriteString("\n|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
	if compared {
		b.WriteString("---:|---:|---:|")
	}
	b.WriteString("\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %.3f | %.3f | %.3f | %s | %s | %s |",
			thousands(float64(r.Sites)), thousands(float64(r.Hours)), model(r.Relax), r.Method,
			thousands(float64(r.Columns)), thousands(float64(r.Rows)), thousands(float64(r.Nonzeros)), thousands(float64(r.IntegerColumns)),
			r.BuildSeconds, r.SolveSeconds, r.TotalSeconds, thousands(r.PeakRSSMB), objective(r), cell(r.Status))
		if compared {
			alone, overhead, cbc := "", "", ""
			if r.HiGHSAloneSeconds > 0 {
				alone, overhead = fmt.Sprintf("%.3f", r.HiGHSAloneSeconds), fmt.Sprintf("%.2f", r.OverheadRatio)
			}
			if r.CBCStatus != "" {
				cbc = fmt.Sprintf("%.3f (%s)", r.CBCSeconds, cell(r.CBCStatus))
			}
			fmt.Fprintf(&b, " %s | %s | %s |", alone, overhead, cbc)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// model names a run's model.
func model(relax bool) string {
	if relax {
		return "LP"
	}
	return "MILP"
}

// objective is a run's objective, with its gap when it stopped short of
// optimal with an incumbent, and empty without one.
func objective(r Result) string {
	if r.Status == "error" || (r.Status != "optimal" && r.ObjectiveUSD == 0) {
		return ""
	}
	s := thousands(r.ObjectiveUSD)
	if r.Status != "optimal" && r.MIPGap > 0 {
		s += fmt.Sprintf(" (gap %.2g)", r.MIPGap)
	}
	return s
}

// methodsTable sets the fast path beside the monolithic model for each
// size, MILP and LP: time and peak memory of each, and the speedup.
func methodsTable(results []Result) string {
	type size struct{ sites, hours int }
	var sizes []size
	runs := map[size]map[string]Result{}
	for _, r := range results {
		k := size{r.Sites, r.Hours}
		if runs[k] == nil {
			runs[k] = map[string]Result{}
			sizes = append(sizes, k)
		}
		runs[k][model(r.Relax)+"-"+string(r.Method)] = r
	}
	var b strings.Builder
	b.WriteString("| sites × hours | decomposed MILP | monolithic MILP | speedup | decomposed LP | monolithic LP | speedup |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|\n")
	for _, k := range sizes {
		fmt.Fprintf(&b, "| %s × %s |", thousands(float64(k.sites)), thousands(float64(k.hours)))
		for _, m := range []string{"MILP", "LP"} {
			dec, okD := runs[k][m+"-"+string(optimize.MethodDecomposed)]
			mono, okM := runs[k][m+"-"+string(optimize.MethodMonolithic)]
			fmt.Fprintf(&b, " %s | %s | %s |", timeAndMemory(dec, okD), timeAndMemory(mono, okM), speedup(dec, okD, mono, okM))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// timeAndMemory is one run's total time and peak memory.
func timeAndMemory(r Result, ok bool) string {
	switch {
	case !ok:
		return "not run"
	case r.Status == "optimal":
		return fmt.Sprintf("%s s, %s MB", seconds(r.TotalSeconds), thousands(r.PeakRSSMB))
	case r.Status == "timeout":
		return fmt.Sprintf("timeout after %s s, %s MB", seconds(r.TotalSeconds), thousands(r.PeakRSSMB))
	}
	return cell(r.Status)
}

// speedup is the monolithic run's time ÷ the fast path's, a lower bound
// when the monolithic run hit its time limit.
func speedup(dec Result, okD bool, mono Result, okM bool) string {
	if !okD || !okM || dec.Status != "optimal" || dec.TotalSeconds <= 0 {
		return ""
	}
	ratio := mono.TotalSeconds / dec.TotalSeconds
	s := thousands(ratio) + "×"
	if ratio < 10 {
		s = fmt.Sprintf("%.1f×", ratio)
	}
	switch mono.Status {
	case "optimal":
		return s
	case "timeout":
		return "> " + s
	}
	return ""
}

// targetsTable lists the fast path's targets: size, goal, times, memory
// and whether the goal was met.
func targetsTable(results []TargetResult) string {
	var b strings.Builder
	b.WriteString("| target | sites × halls × years | grid-side | scenarios | method | goal | read s | plan s | total s | peak MB | met |\n")
	b.WriteString("|---|---|---|---:|---|---|---:|---:|---:|---:|---|\n")
	for _, r := range results {
		goal := "(comparison)"
		if r.GoalSeconds > 0 {
			goal = fmt.Sprintf("≤ %g s", r.GoalSeconds)
			if r.GoalMB > 0 {
				goal += fmt.Sprintf(", ≤ %s MB", thousands(r.GoalMB))
			}
		}
		met := "yes"
		switch {
		case r.Error != "":
			met = "error: " + cell(r.Error)
		case r.GoalSeconds == 0:
			met = "—"
		case !r.Met:
			met = "no"
		}
		grid := "no"
		if r.Spec.GridSide {
			grid = "yes"
		}
		scenarios := "—"
		if r.Spec.Scenarios > 0 {
			scenarios = strconv.Itoa(r.Spec.Scenarios)
		}
		fmt.Fprintf(&b, "| %s | %s × %d × %d | %s | %s | %s | %s | %.2f | %.2f | %.2f | %s | %s |\n",
			r.Name, thousands(float64(r.Spec.Sites)), r.Spec.HallsPerSite, max(1, r.Spec.Years), grid, scenarios,
			model(r.Relax)+" "+cell(r.Method), goal, r.ReadSeconds, r.PlanSeconds, r.TotalSeconds, thousands(r.PeakRSSMB), met)
	}
	return b.String()
}

// seconds shows a time with about three significant digits.
func seconds(s float64) string {
	switch {
	case s < 1:
		return fmt.Sprintf("%.3f", s)
	case s < 10:
		return fmt.Sprintf("%.2f", s)
	case s < 100:
		return fmt.Sprintf("%.1f", s)
	}
	return thousands(s)
}

// thousands rounds v to a whole number and groups its digits by three.
func thousands(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	s := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\r", " ", "\n", " ").Replace(s)
}
