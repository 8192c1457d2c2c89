package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/report"
)

// headroomJSON runs gridflip headroom with args and --format json.
func headroomJSON(t *testing.T, args ...string) report.HeadroomJSON {
	t.Helper()
	code, out, errOut := gridflip(t, append([]string{"headroom", "--format", "json"}, args...)...)
	require.Equal(t, exitOK, code, errOut)
	var doc report.HeadroomJSON
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	return doc
}

// TestHeadroomBundled: without a file, the bundled 22 areas; the text
// lists them by headroom with a total line and the data's attribution.
func TestHeadroomBundled(t *testing.T) {
	code, out, errOut := gridflip(t, "headroom")
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, "gridflip headroom: 22 areas")
	require.Regexp(t, `(?m)^PJM\s+152,890\s+138,963\s+13,441\s+17,994\s+23,813\s+41,937$`, out)
	require.Regexp(t, `(?m)^total\s+74,192\s+95,832\s+122,547\s+208,311$`, out)
	require.Contains(t, out, "doi:10.5281/zenodo.3517197), CC BY 4.0")
	require.Less(t, strings.Index(out, "\nPJM "), strings.Index(out, "\nMISO "), "largest first")

	doc := headroomJSON(t)
	require.Len(t, doc.Areas, 22)
	require.Len(t, doc.Total, 4)
	var sum float64
	for _, a := range doc.Areas {
		require.Len(t, a.Results, 4)
		sum += a.Results[1].HeadroomMW
	}
	require.Equal(t, 0.005, doc.Total[1].CurtailmentLimit)
	require.Equal(t, sum, doc.Total[1].HeadroomMW)
	require.NotEmpty(t, doc.Attribution)
}

// TestHeadroomLimitsAndZone: --limits chooses the limits; --time-zone
// moves every area's calendar (a few MW at most for the bundled data).
func TestHeadroomLimitsAndZone(t *testing.T) {
	base := headroomJSON(t, "--limits", "0.01")
	utc := headroomJSON(t, "--limits", "0.01", "--time-zone", "UTC")
	require.Len(t, base.Total, 1)
	require.Equal(t, 0.01, base.Total[0].CurtailmentLimit)
	require.InDelta(t, base.Total[0].HeadroomMW, utc.Total[0].HeadroomMW, 50)
}

// loadCSV writes a load file of the given hours from 2023-01-01 UTC:
// area A at 100 MW with a 150 MW hour on July 20 at 17h and a 130 MW hour
// on January 20 at 8h, B at twice A.
func loadCSV(t *testing.T, hours int, edit func(string) string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("time,A,B\n")
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range hours {
		ts := start.Add(time.Duration(i) * time.Hour)
		v := 100.0
		if ts.Month() == time.July && ts.Day() == 20 && ts.Hour() == 17 {
			v = 150
		}
		if ts.Month() == time.January && ts.Day() == 20 && ts.Hour() == 8 {
			v = 130
		}
		fmt.Fprintf(&b, "%s,%g,%g\n", ts.Format(time.RFC3339), v, 2*v)
	}
	text := b.String()
	if edit != nil {
		text = edit(text)
	}
	path := filepath.Join(t.TempDir(), "load.csv")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	return path
}

// TestHeadroomLoadFile: a user's file, its areas' zone from --time-zone
// or --config. Doubling an area's load doubles its headroom.
func TestHeadroomLoadFile(t *testing.T) {
	file := loadCSV(t, 8760, nil)
	doc := headroomJSON(t, file, "--time-zone", "UTC", "--limits", "0.0025,0.05")
	require.Equal(t, []string{"B", "A"}, []string{doc.Areas[0].ID, doc.Areas[1].ID}, "largest first")
	a, b := doc.Areas[1], doc.Areas[0]
	require.Equal(t, []float64{150, 130}, []float64{a.SummerThresholdMW, a.WinterThresholdMW})
	require.Empty(t, doc.Attribution, "a user's file carries no attribution of ours")
	for k := range a.Results {
		require.Greater(t, a.Results[k].HeadroomMW, 0.0)
		require.InDelta(t, 2*a.Results[k].HeadroomMW, b.Results[k].HeadroomMW, 1, "B is A doubled")
	}
	require.Equal(t, a.Results[1].HeadroomMW+b.Results[1].HeadroomMW, doc.Total[1].HeadroomMW)

	cfg := filepath.Join(t.TempDir(), "areas.toml")
	require.NoError(t, os.WriteFile(cfg, []byte("[area.A]\ntime_zone = \"America/Chicago\"\n[area.B]\ntime_zone = \"UTC\"\nwinter_peak_months = [11, 12, 1, 2]\n"), 0o644))
	code, out, errOut := gridflip(t, "headroom", file, "--config", cfg)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, "gridflip headroom: 2 areas")
}

// TestHeadroomBadInput: every bad input is an error naming the file and
// line (or the flag), with exit 1 (2 for usage), and nothing is written.
func TestHeadroomBadInput(t *testing.T) {
	good := loadCSV(t, 8760, nil)
	cfg := func(text string) string {
		p := filepath.Join(t.TempDir(), "areas.toml")
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	row := func(i int) string { // the text of data row i (line i+2)
		return time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Hour).Format(time.RFC3339) + ",100,200\n"
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"no counted year", []string{loadCSV(t, 100, nil), "--time-zone", "UTC"}, exitBadInput,
			[]string{"load.csv: area A: no counted year", "the most complete, 2023, has 100 of 8760"}},
		{"negative load", []string{loadCSV(t, 8760, replace(row(1), strings.Replace(row(1), ",100,", ",-5,", 1))), "--time-zone", "UTC"}, exitBadInput,
			[]string{`load.csv:3: column "A": negative load -5 MW`}},
		{"not a number", []string{loadCSV(t, 8760, replace(row(1), strings.Replace(row(1), ",200", ",lots", 1))), "--time-zone", "UTC"}, exitBadInput,
			[]string{`load.csv:3: column "B": value "lots" is not a number`}},
		{"duplicate column", []string{loadCSV(t, 10, replace("time,A,B", "time,A,A")), "--time-zone", "UTC"}, exitBadInput,
			[]string{`load.csv:1: column "A": duplicate column name`}},
		{"duplicate hour", []string{loadCSV(t, 8760, replace(row(2), row(1))), "--time-zone", "UTC"}, exitBadInput,
			[]string{"load.csv:4: duplicate timestamp 2023-01-01T01:00:00Z (already on line 3)"}},
		{"out of order", []string{loadCSV(t, 8760, replace(row(1)+row(2), row(2)+row(1))), "--time-zone", "UTC"}, exitBadInput,
			[]string{"load.csv:4: timestamps out of order"}},
		{"limit zero", []string{good, "--time-zone", "UTC", "--limits", "0"}, exitUsage, []string{"--limits: curtailment limit 0: want a share in (0, 0.5]"}},
		{"limit above half", []string{"--limits", "0.01,0.6"}, exitUsage, []string{"--limits: curtailment limit 0.6"}},
		{"unknown zone flag", []string{good, "--time-zone", "Mars/Olympus"}, exitUsage, []string{`--time-zone: unknown time zone "Mars/Olympus"`}},
		{"unknown zone in config", []string{good, "--config", cfg("[area.A]\ntime_zone = \"Mars/Olympus\"\n")}, exitBadInput,
			[]string{`areas.toml:2: area A: unknown time zone "Mars/Olympus"`}},
		{"window overlaps", []string{good, "--config", cfg("[area.A]\ntime_zone = \"UTC\"\nsummer_peak_months = [6, 7, 8, 11]\n[area.B]\ntime_zone = \"UTC\"\n")}, exitBadInput,
			[]string{"areas.toml:3: area A: summer peak months: November overlaps the winter season"}},
		{"unknown key", []string{good, "--config", cfg("[area.A]\ntime_zone = \"UTC\"\npeak = 3\n")}, exitBadInput,
			[]string{"areas.toml:3: unknown key area.A.peak"}},
		{"config not TOML", []string{good, "--config", cfg("[area.A\n")}, exitBadInput, []string{"areas.toml:1: not valid TOML"}},
		{"config names no column", []string{good, "--config", cfg("[area.A]\ntime_zone = \"UTC\"\n[area.B]\ntime_zone = \"UTC\"\n[area.C]\ntime_zone = \"UTC\"\n")}, exitBadInput,
			[]string{"has no column for: C"}},
		{"no zone", []string{good}, exitBadInput, []string{"no time zone for A, B: give --time-zone ZONE"}},
		{"zone and config", []string{good, "--time-zone", "UTC", "--config", "x.toml"}, exitUsage, []string{"--time-zone and --config both"}},
		{"missing file", []string{filepath.Join(t.TempDir(), "none.csv"), "--time-zone", "UTC"}, exitBadInput, []string{"none.csv: file does not exist"}},
		{"two files", []string{good, good}, exitUsage, []string{"at most one LOAD.csv"}},
		{"format", []string{"--format", "xml"}, exitUsage, []string{`--format "xml"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, stdout, errOut := gridflip(t, append(append([]string{"headroom"}, tc.args...), "--out", out)...)
			require.Equal(t, tc.code, code, errOut)
			for _, w := range tc.want {
				require.Contains(t, errOut, w)
			}
			require.Empty(t, stdout)
			require.NoDirExists(t, out, "nothing written")
		})
	}
}

// TestHeadroomOut: --out publishes the same results as CSV, Parquet, JSON
// and HTML, with a manifest.
func TestHeadroomOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "hr")
	code, _, errOut := gridflip(t, "headroom", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	doc := headroomJSON(t)
	for _, name := range []string{"headroom.json", "headroom.csv", "headroom_total.csv", "headroom.parquet", "headroom_total.parquet", "headroom.html", "manifest.json"} {
		require.FileExists(t, filepath.Join(dir, name))
	}
	csvText, err := os.ReadFile(filepath.Join(dir, "headroom.csv"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(csvText)), "\n")
	require.Equal(t, report.CSVHeader(report.HeadroomRow{}), lines[0])
	requireSamePairColumns(t, dir, 2)
	requireDeclaredFiles(t, dir, "headroom")
	require.Len(t, lines, 1+22*4)
	require.True(t, strings.HasPrefix(lines[1], "PJM,152890,138963,0.0025,13441,"), lines[1])
	rows, err := parquet.ReadFile[report.HeadroomRow](filepath.Join(dir, "headroom.parquet"))
	require.NoError(t, err)
	require.Len(t, rows, 22*4)
	for i, r := range rows {
		a := doc.Areas[i/4]
		require.Equal(t, a.ID, r.ID)
		require.Equal(t, a.Results[i%4].HeadroomMW, r.HeadroomMW)
	}
	totals, err := parquet.ReadFile[report.HeadroomTotalRow](filepath.Join(dir, "headroom_total.parquet"))
	require.NoError(t, err)
	require.Equal(t, doc.Total[3].HeadroomMW, totals[3].HeadroomMW)
	page, err := os.ReadFile(filepath.Join(dir, "headroom.html"))
	require.NoError(t, err)
	require.Contains(t, string(page), `id="chart-headroom"`)
	require.Contains(t, string(page), `id="chart-curve-0-pjm"`)
	require.Contains(t, string(page), "CC BY 4.0")
	require.NotContains(t, string(page), "<script")
}
