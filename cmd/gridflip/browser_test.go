package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/report"
	htmlreport "github.com/gridflip/gridflip/report/html"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// chromiumPath finds a Chromium to drive: $GRIDFLIP_CHROMIUM, else the
// usual names on PATH. Without one the browser tests skip, except under
// GRIDFLIP_REQUIRE_CHROMIUM=1 (CI installs Debian's chromium and sets it),
// where they fail.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("GRIDFLIP_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("GRIDFLIP_REQUIRE_CHROMIUM") == "1" {
		t.Fatal("Chromium is required (GRIDFLIP_REQUIRE_CHROMIUM=1) but none is on PATH; install Debian's chromium package")
	}
	t.Skip("no Chromium on PATH (set GRIDFLIP_REQUIRE_CHROMIUM=1 to fail instead)")
	return ""
}

// chartBox is one chart as the browser laid it out.
type chartBox struct {
	ID     string  `json:"id"`
	Width  float64 `json:"w"`
	Height float64 `json:"h"`
}

// rendered is what the browser saw of a report.
type rendered struct {
	Charts      []chartBox
	Tables      map[string][][]string
	Cards       map[string]string
	ScrollWidth float64
	ViewWidth   float64
	Screenshot  []byte // PNG of the first screen
	Full        []byte // PNG of the whole page (when asked)
	PDF         []byte
	Requests    []string // every URL the page asked for
}

const inspectJS = `(() => {
  const charts = Array.from(document.querySelectorAll('svg.chart')).map(e => {
    const r = e.getBoundingClientRect(); return {id: e.id, w: r.width, h: r.height}; });
  const tables = {};
  for (const t of document.querySelectorAll('table[id^="data-"]')) {
    tables[t.id] = Array.from(t.tBodies[0].rows).map(r => Array.from(r.cells).map(c => c.textContent.trim()));
  }
  const cards = {};
  for (const c of document.querySelectorAll('[id^="card-"]')) {
    const v = c.querySelector('.value'); cards[c.id] = v ? v.textContent.trim() : '';
  }
  return {charts, tables, cards, scrollWidth: document.documentElement.scrollWidth, viewWidth: window.innerWidth};
})()`

// inspected is what inspectJS returns.
type inspected struct {
	Charts      []chartBox            `json:"charts"`
	Tables      map[string][][]string `json:"tables"`
	Cards       map[string]string     `json:"cards"`
	ScrollWidth float64               `json:"scrollWidth"`
	ViewWidth   float64               `json:"viewWidth"`
}

// renderInChromium opens a report in headless Chromium, offline, and
// returns the layout, the data tables, screenshots and a printed PDF.
func renderInChromium(t *testing.T, path string, full bool) rendered {
	t.Helper()
	bin := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900), chromedp.Flag("hide-scrollbars", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	var mu sync.Mutex
	var out rendered
	// The tab enables the network domain itself; the listener sees every
	// request from the first one.
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			out.Requests = append(out.Requests, e.Request.URL)
			mu.Unlock()
		}
	}))
	defer cancelBrowser()
	// The first Run starts the browser and must not carry the timeout.
	require.NoError(t, chromedp.Do(bctx))
	ctx, cancel := context.WithTimeout(bctx, 3*time.Minute)
	defer cancel()

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+path), chromedp.WaitReady("body")))
	got, err := chromedp.Run(ctx, chromedp.Evaluate[inspected](inspectJS))
	require.NoError(t, err)
	out.Screenshot, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	if full {
		out.Full, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		require.NoError(t, err)
	}
	out.PDF, err = chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPrintBackground()))
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	out.Charts, out.Tables, out.Cards = got.Charts, got.Tables, got.Cards
	out.ScrollWidth, out.ViewWidth = got.ScrollWidth, got.ViewWidth
	if dir := os.Getenv("GRIDFLIP_SCREENSHOTS"); dir != "" {
		name := strings.ReplaceAll(t.Name(), "/", "-")
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), out.Screenshot, 0o644))
		if full {
			require.NoError(t, os.WriteFile(filepath.Join(dir, name+"-full.png"), out.Full, 0o644))
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".pdf"), out.PDF, 0o644))
	}
	return out
}

// requireNotBlank: the screenshot has ink (not one flat colour) and more
// than a handful of colours.
func requireNotBlank(t *testing.T, shot []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	require.NoError(t, err)
	b := img.Bounds()
	require.Greater(t, b.Dx(), 600)
	require.Greater(t, b.Dy(), 400)
	bg := img.At(b.Min.X, b.Min.Y)
	colours := map[[3]uint32]bool{}
	differ, total := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			total++
			c := img.At(x, y)
			r, g, bl, _ := c.RGBA()
			colours[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			if c != bg {
				differ++
			}
		}
	}
	require.Greater(t, float64(differ)/float64(total), 0.03, "the page is nearly blank")
	require.Greater(t, len(colours), 32, "the page has almost no colours")
}

// checkLayout: every chart is laid out at a readable size, nothing is
// wider than the window, and the page fetched nothing but itself.
func checkLayout(t *testing.T, r rendered, path string, wantPrefixes []string) {
	t.Helper()
	requireNotBlank(t, r.Screenshot)
	require.Greater(t, len(r.PDF), 10_000, "printing gives a PDF with content")
	require.True(t, bytes.HasPrefix(r.PDF, []byte("%PDF")))
	require.LessOrEqual(t, r.ScrollWidth, r.ViewWidth, "the page scrolls sideways")
	ids := map[string]chartBox{}
	for _, c := range r.Charts {
		ids[c.ID] = c
		require.GreaterOrEqual(t, c.Width, 300.0, "chart %s is %v px wide", c.ID, c.Width)
		require.GreaterOrEqual(t, c.Height, 150.0, "chart %s is %v px high", c.ID, c.Height)
		require.LessOrEqual(t, c.Width, r.ViewWidth, "chart %s is wider than the window", c.ID)
		require.Contains(t, r.Tables, "data-"+c.ID, "chart %s has its data table", c.ID)
	}
	for _, p := range wantPrefixes {
		found := false
		for id := range ids {
			found = found || strings.HasPrefix(id, p)
		}
		require.True(t, found, "no chart %s* in %v", p, r.Charts)
	}
	for _, u := range r.Requests {
		if !strings.HasPrefix(u, "data:") {
			require.Equal(t, "file://"+path, u, "the report fetched something else")
		}
	}
}

// cell parses a data-table cell as a number.
func cell(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSuffix(s, "%"), ",", ""), 64)
	require.NoError(t, err, "cell %q", s)
	return v
}

func readSummary(t *testing.T, dir string) report.Summary {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	var s report.Summary
	require.NoError(t, json.Unmarshal(b, &s))
	return s
}

// checkAgainstSummary: what the browser shows is summary.json's.
func checkAgainstSummary(t *testing.T, r rendered, s report.Summary) {
	t.Helper()
	gap := r.Tables["data-chart-gap"]
	require.Len(t, gap, len(s.Gap))
	for i, g := range s.Gap {
		require.Equal(t, g.ID, gap[i][0])
		require.InDelta(t, g.GapGW, cell(t, gap[i][1]), 5e-5)
		require.InDelta(t, g.ClosedGW, cell(t, gap[i][2]), 5e-5)
	}
	streams := r.Tables["data-chart-streams-portfolio"]
	require.Equal(t, "profit", streams[len(streams)-1][0])
	require.InDelta(t, s.Portfolio.Streams.ProfitUSD/1e6, cell(t, streams[len(streams)-1][1]), 5e-4)
	require.NotEmpty(t, r.Cards["card-objective"])
	for i, y := range s.Years {
		row := r.Tables["data-chart-cashflow"][i]
		require.Equal(t, strconv.Itoa(y.Year), row[0])
		require.InDelta(t, y.ProfitUSD/1e6, cell(t, row[1]), 5e-4)
		require.InDelta(t, y.ObjectiveUSD/1e6, cell(t, row[2]), 5e-4)
	}
	if len(s.Scenarios) > 0 {
		// Lowest first, in the unit that fits (the table's header).
		rows := r.Tables["data-chart-outcomes"]
		require.Len(t, rows, len(s.Scenarios))
		byID := map[string]float64{}
		for _, sc := range s.Scenarios {
			byID[sc.ID] = sc.ValueUSD
		}
		for _, row := range rows {
			v, ok := byID[row[0]]
			require.True(t, ok, row[0])
			require.InDelta(t, v/1e6, cell(t, row[2]), 5e-3, "million USD to the 0.01")
		}
	}
}

// TestReportInChromiumDefaultCase renders `make run`'s case in headless
// Chromium: a full-page screenshot with ink, every chart laid out at a
// readable size, the values shown equal to summary.json's, a printable
// PDF, and no request beyond the file itself.
func TestReportInChromiumDefaultCase(t *testing.T) {
	solvertest.HiGHS(t)
	chromiumPath(t)
	out := t.TempDir()
	code, _, errOut := gridflip(t, "plan", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	path := filepath.Join(out, "report.html")
	r := renderInChromium(t, path, true)
	requireNotBlank(t, r.Full)
	s := readSummary(t, out)
	prefixes := []string{"chart-gap", "chart-streams-portfolio", "chart-ldc-"}
	for i := range s.Sites {
		for _, kind := range []string{"dispatch", "heat", "duration", "streams"} {
			prefixes = append(prefixes, fmt.Sprintf("chart-%s-%d-", kind, i))
		}
	}
	checkLayout(t, r, path, prefixes)
	checkAgainstSummary(t, r, s)
	img, err := png.Decode(bytes.NewReader(r.Full))
	require.NoError(t, err)
	require.Greater(t, img.Bounds().Dy(), 900*3, "the whole page is several screens long")
}

// TestReportInChromiumScenarios: a stochastic plan shows its outcomes.
func TestReportInChromiumScenarios(t *testing.T) {
	solvertest.HiGHS(t)
	chromiumPath(t)
	casePath := writeCase(t, func(s string) string { return s + threeFutures }, nil)
	out := t.TempDir()
	code, _, errOut := gridflip(t, "plan", casePath, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	path := filepath.Join(out, "report.html")
	r := renderInChromium(t, path, false)
	s := readSummary(t, out)
	require.Len(t, s.Scenarios, 3)
	checkLayout(t, r, path, []string{"chart-outcomes", "chart-gap"})
	checkAgainstSummary(t, r, s)
}

// TestReportInChromiumUSMiners: the national case with its horizon: the
// report stays under 5 MB, shows the timeline and yearly cash flows, and
// draws every site.
func TestReportInChromiumUSMiners(t *testing.T) {
	if testing.Short() {
		t.Skip("the us-miners plan takes about 15 s")
	}
	solvertest.HiGHS(t)
	chromiumPath(t)
	out := t.TempDir()
	code, _, errOut := gridflip(t, "plan", filepath.Join("..", "..", "cases", "us-miners"), "--out", out, "--csv=false")
	require.Equal(t, exitOK, code, errOut)
	path := filepath.Join(out, "report.html")
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Less(t, info.Size(), int64(5<<20), "report.html of us-miners is %d bytes", info.Size())
	r := renderInChromium(t, path, false)
	s := readSummary(t, out)
	require.NotEmpty(t, s.Years)
	checkLayout(t, r, path, []string{"chart-timeline", "chart-cashflow", "chart-gap"})
	checkAgainstSummary(t, r, s)
	sites := 0
	for _, c := range r.Charts {
		if strings.HasPrefix(c.ID, "chart-dispatch-") {
			sites++
		}
	}
	require.Equal(t, min(len(s.Sites), htmlreport.MaxSiteCharts), sites)
}
