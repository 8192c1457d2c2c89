package htmlreport_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/report"
	htmlreport "github.com/gridflip/gridflip/report/html"
	"github.com/gridflip/gridflip/solver/solvertest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// resultsDir plans a bundled case (edited by edit) and writes the files
// report.html is built from, as plan --out does.
func resultsDir(t *testing.T, name string, edit func(*optimize.Inputs)) (string, *analysis.Analysis) {
	t.Helper()
	h := solvertest.HiGHS(t)
	in, err := loader.LoadBundled(context.Background(), name, loader.Options{})
	require.NoError(t, err)
	if edit != nil {
		edit(in)
	}
	a, err := analysis.Run(context.Background(), h, in, optimize.Options{})
	require.NoError(t, err)
	return writeResults(t, a), a
}

// writeResults writes the files report.html is built from, as plan --out
// does.
func writeResults(t *testing.T, a *analysis.Analysis) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, fn func(io.Writer) error) {
		var b bytes.Buffer
		require.NoError(t, fn(&b))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644))
	}
	write("summary.json", func(w io.Writer) error { return report.WriteJSON(w, a) })
	write("hourly.parquet", func(w io.Writer) error { return report.WriteHourlyParquet(context.Background(), w, a.Plan) })
	write("grid.parquet", func(w io.Writer) error { return report.WriteGridParquet(context.Background(), w, a) })
	if a.Plan.Years != nil {
		write("yearly.parquet", func(w io.Writer) error { return report.WriteYearlyParquet(context.Background(), w, a.Plan) })
	}
	return dir
}

func render(t *testing.T, dir string, opt htmlreport.Options) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, htmlreport.Write(context.Background(), &b, dir, opt))
	return b.String()
}

// structure summarizes a page for the golden file: each chart's id and
// the number of each kind of SVG element it draws, then every table's id
// and its row count.
func structure(t *testing.T, page string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	require.NoError(t, err)
	var b strings.Builder
	var walk func(n *html.Node, chart string, counts map[string]int)
	walk = func(n *html.Node, chart string, counts map[string]int) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "svg" && attr(n, "class") == "chart":
				c := map[string]int{}
				for k := n.FirstChild; k != nil; k = k.NextSibling {
					walk(k, attr(n, "id"), c)
				}
				fmt.Fprintf(&b, "svg %s: %d path, %d text, %d image\n", attr(n, "id"), c["path"], c["text"], c["image"])
				return
			case chart != "":
				counts[n.Data]++
			case n.Data == "table":
				rows := 0
				var count func(*html.Node)
				count = func(x *html.Node) {
					if x.Type == html.ElementNode && x.Data == "tr" {
						rows++
					}
					for k := x.FirstChild; k != nil; k = k.NextSibling {
						count(k)
					}
				}
				count(n)
				fmt.Fprintf(&b, "table %s: %d rows\n", attr(n, "id"), rows)
				return
			}
		}
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			walk(k, chart, counts)
		}
	}
	walk(doc, "", nil)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestReportStructureGolden keeps the structure of the small case's
// report: which charts it draws and what each is made of (go test
// -update rewrites it after a deliberate change).
func TestReportStructureGolden(t *testing.T) {
	dir, _ := resultsDir(t, "small", nil)
	got := structure(t, render(t, dir, htmlreport.Options{}))
	path := filepath.Join("testdata", "small.structure")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update once to write the golden file")
	require.Equal(t, string(want), got)
}

// TestReportValuesMatchSummary: the values the charts plot, read from
// their data tables, are summary.json's.
func TestReportValuesMatchSummary(t *testing.T) {
	dir, a := resultsDir(t, "small", nil)
	page := render(t, dir, htmlreport.Options{})
	gap := tableRows(t, page, "data-chart-gap")
	require.Len(t, gap, len(a.Gap))
	for i, g := range a.Gap {
		require.Equal(t, g.ID, gap[i][0])
		require.Equal(t, strconv.FormatFloat(g.GapGW, 'f', 4, 64), gap[i][1])
		require.Equal(t, strconv.FormatFloat(g.ClosedGW, 'f', 4, 64), gap[i][2])
	}
	streams := tableRows(t, page, "data-chart-streams-portfolio")
	last := streams[len(streams)-1]
	require.Equal(t, "profit", last[0])
	require.Equal(t, strconv.FormatFloat(a.Plan.Portfolio.ProfitUSD/1e6, 'f', 3, 64), last[1])
	// The dispatch week's rows are hourly.parquet's.
	week := tableRows(t, page, "data-chart-dispatch-0-alpha")
	require.Len(t, week, 7*24)
	h, err := a.Plan.SiteHours(0)
	require.NoError(t, err)
	for i, row := range week {
		require.Equal(t, a.Plan.HourTimes[i].In(siteZone(t, a)).Format(time.RFC3339), row[0], "the week's hours are on the sites' market clock")
		require.Equal(t, strconv.FormatFloat(h.MiningITMW[i], 'f', 1, 64), strings.ReplaceAll(row[1], ",", ""))
	}
	// Halls not built show what building them would change.
	rows := tableRows(t, page, "plan-table")
	unbuilt := 0
	for s, sp := range a.Plan.Sites {
		for _, hp := range sp.Halls {
			if hp.Build > 0.5 || hp.ValueIfBuiltUSD == nil {
				continue
			}
			unbuilt++
			found := false
			for _, r := range rows {
				if r[0] != a.Plan.Sites[s].ID || r[2] != hp.ID {
					continue
				}
				found = true
				shown, ok := strings.CutPrefix(r[7], "if built: −$")
				require.True(t, ok, "%s/%s shows %q", sp.ID, hp.ID, r[7])
				m, isM := strings.CutSuffix(shown, "M")
				require.True(t, isM, "every amount in millions: %q", r[7])
				shown, scale, tol := m, 1e6, 5000.0
				v, err := strconv.ParseFloat(strings.ReplaceAll(shown, ",", ""), 64)
				require.NoError(t, err)
				require.InDelta(t, -*hp.ValueIfBuiltUSD, v*scale, tol, "%s/%s", sp.ID, hp.ID)
			}
			require.True(t, found, "%s/%s in %v", sp.ID, hp.ID, rows)
		}
	}
	require.Positive(t, unbuilt, "the small case leaves a hall unbuilt")
	require.Contains(t, page, `id="card-objective"`)
	require.Contains(t, page, "$"+strings.TrimSuffix(strconv.FormatFloat(a.Plan.ObjectiveUSD/1e6, 'f', 2, 64), "")+"M")
}

// tableRows returns the body rows of the table with the given id.
func tableRows(t *testing.T, page, id string) [][]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	require.NoError(t, err)
	var table *html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "table" && attr(n, "id") == id {
			table = n
		}
		for k := n.FirstChild; k != nil && table == nil; k = k.NextSibling {
			find(k)
		}
	}
	find(doc)
	require.NotNil(t, table, "table %s", id)
	var rows [][]string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" && n.Parent != nil && n.Parent.Data == "tbody" {
			var cells []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && c.Data == "td" {
					cells = append(cells, text(c))
				}
			}
			rows = append(rows, cells)
		}
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(table)
	return rows
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
		}
		for k := x.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return b.String()
}

// TestReportEscapesFreeText: a case name and region with markup are
// escaped in the HTML and in the SVG text; the page has no script at all.
func TestReportEscapesFreeText(t *testing.T) {
	const evil = `<script>alert("x")</script> & <b>bold</b>`
	dir, _ := resultsDir(t, "small", func(in *optimize.Inputs) {
		in.Case.Name = evil
		for i := range in.Case.Sites {
			in.Case.Sites[i].Region = evil
		}
	})
	page := render(t, dir, htmlreport.Options{})
	require.NotContains(t, page, "<script")
	require.NotContains(t, page, "<b>bold")
	require.Contains(t, page, "&lt;script&gt;")
	// The region names the load duration chart, whose SVG title text is
	// escaped by the SVG writer.
	require.Regexp(t, regexp.MustCompile(`<text[^>]*>&lt;script&gt;alert\(&#34;x&#34;\)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;: load duration, \d{4}</text>`), page)
	_, err := html.Parse(strings.NewReader(page))
	require.NoError(t, err)
}

func TestReportWeek(t *testing.T) {
	dir, a := resultsDir(t, "small", nil)
	// The run's first hour, 2024-07-01 00:00 UTC, is 30 June on the
	// sites' Central clock: the week of 30 June starts there, and the week
	// of 1 July (05:00 UTC) does not fit in the run's 168 hours.
	day := a.Plan.HourTimes[0].In(siteZone(t, a))
	require.Equal(t, 30, day.Day())
	page := render(t, dir, htmlreport.Options{Week: day})
	require.Contains(t, page, "dispatch and price, week of "+day.Format("2 Jan 2006"))
	for _, tc := range []struct {
		day  time.Time
		want string
	}{
		{day.AddDate(1, 0, 0), "is not in the run's hours"},
		{day.AddDate(0, 0, 1), "before the week does"},
		{a.Plan.HourTimes[len(a.Plan.HourTimes)-24], "before the week does"},
	} {
		var b bytes.Buffer
		err := htmlreport.Write(context.Background(), &b, dir, htmlreport.Options{Week: tc.day})
		require.ErrorContains(t, err, tc.want)
	}
}

// TestReportNotAResultsDir: a directory without the files is a clear error.
func TestReportNotAResultsDir(t *testing.T) {
	var b bytes.Buffer
	err := htmlreport.Write(context.Background(), &b, t.TempDir(), htmlreport.Options{})
	require.ErrorContains(t, err, "summary.json")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "summary.json"), []byte("{"), 0o644))
	err = htmlreport.Write(context.Background(), &b, dir, htmlreport.Options{})
	require.ErrorContains(t, err, "summary.json")
	var s report.Summary
	require.Error(t, json.Unmarshal([]byte("{"), &s))
}

// TestReportHeadline: the page opens with the plan in words, its figures
// summary.json's.
func TestReportHeadline(t *testing.T) {
	dir, a := resultsDir(t, "small", nil)
	page := render(t, dir, htmlreport.Options{})
	doc, err := html.Parse(strings.NewReader(page))
	require.NoError(t, err)
	var head string
	var find func(*html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && attr(n, "id") == "headline" {
			head = text(n)
		}
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			find(k)
		}
	}
	find(doc)
	pf := a.Plan.Portfolio
	require.Contains(t, head, fmt.Sprintf("The plan converts %d of ", pf.HallsBuilt))
	require.Contains(t, head, fmt.Sprintf("%.0f MW of new AI IT load", pf.NewAIITMW))
	require.Contains(t, head, fmt.Sprintf("Mining keeps %.0f MW of IT", pf.MiningCapacityITMW))
	require.Contains(t, head, "of the US data-center power gap")
}

// TestReportEscapesControlCharacters: BEL and ESC in the case's free text
// do not reach the page raw (html/template passes them; XML forbids them
// in the SVG).
func TestReportEscapesControlCharacters(t *testing.T) {
	dir, _ := resultsDir(t, "small", func(in *optimize.Inputs) {
		in.Case.Name = "bell\a and escape\x1b[31m"
		for i := range in.Case.Sites {
			in.Case.Sites[i].Region = "ERC\aOT"
		}
	})
	page := render(t, dir, htmlreport.Options{})
	require.NotContains(t, page, "\a")
	require.NotContains(t, page, "\x1b")
	require.Contains(t, page, "bell")
	_, err := html.Parse(strings.NewReader(page))
	require.NoError(t, err)
}

// TestChartsHoldEveryStream declares one more money stream than the model
// has (after planning, so the plan is the model's) and checks that every
// waterfall, the portfolio's and each site's, has a step for it with its
// value, read back from summary.json.
func TestChartsHoldEveryStream(t *testing.T) {
	h := solvertest.HiGHS(t)
	in, err := loader.LoadBundled(context.Background(), "small", loader.Options{})
	require.NoError(t, err)
	a, err := analysis.Run(context.Background(), h, in, optimize.Options{})
	require.NoError(t, err)
	v := 2.5e6
	defer optimize.WithTestStream("test_fee", "test fee", &v)()
	page := render(t, writeResults(t, a), htmlreport.Options{})
	ids := regexp.MustCompile(`<table[^>]* id="(data-chart-streams-[^"]+)"`).FindAllStringSubmatch(page, -1)
	require.Len(t, ids, 1+len(a.Plan.Sites), "the guard: the portfolio's and every site's waterfall")
	for _, id := range ids {
		rows := tableRows(t, page, id[1])
		found := false
		for _, r := range rows {
			if r[0] == "test fee" {
				require.Equal(t, "2.500", r[1], id[1])
				found = true
			}
		}
		require.True(t, found, "%s has no step for the declared stream test_fee", id[1])
	}
}

// siteZone is the market time zone of the plan's first site.
func siteZone(t *testing.T, a *analysis.Analysis) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(a.Plan.Sites[0].TimeZone)
	require.NoError(t, err)
	return loc
}
