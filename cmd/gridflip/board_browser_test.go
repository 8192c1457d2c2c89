package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/solver/solvertest"
)

// boardJS reads what a script checking the page reads: every element
// with a data-summary-key, each chart's y-axis label, and, per chart, the
// legend entries that overlap a plotted element (bounding boxes).
const boardJS = `(() => {
  const keyed = Array.from(document.querySelectorAll('[data-summary-key]')).map(e =>
    ({id: e.id, key: e.getAttribute('data-summary-key'), value: e.getAttribute('data-value')}));
  const overlaps = [];
  const legends = LEGENDS;
  for (const svg of document.querySelectorAll('svg.chart')) {
    const labels = legends[svg.id] || [];
    const texts = Array.from(svg.querySelectorAll('text')).filter(t => labels.includes(t.textContent.trim()));
    if (texts.length === 0) continue;
    const box = {l: Infinity, t: Infinity, r: -Infinity, b: -Infinity};
    for (const t of texts) {
      const r = t.getBoundingClientRect();
      box.l = Math.min(box.l, r.left); box.t = Math.min(box.t, r.top);
      box.r = Math.max(box.r, r.right); box.b = Math.max(box.b, r.bottom);
    }
    // The legend's thumbnails sit right of its text, to the plot's edge.
    box.r = svg.getBoundingClientRect().right;
    const inside = r => r.left >= box.l - 1 && r.right <= box.r + 1 && r.top >= box.t - 1 && r.bottom <= box.b + 1;
    const meets = r => r.left < box.r && r.right > box.l && r.top < box.b && r.bottom > box.t;
    for (const p of svg.querySelectorAll('path')) {
      const st = p.getAttribute('style') || '';
      const filled = /fill:#/.test(st) && !/fill:#FFFFFF/i.test(st);
      const dashed = /stroke-dasharray/.test(st);
      if (!filled && !dashed) continue;
      const r = p.getBoundingClientRect();
      if (meets(r) && !inside(r)) overlaps.push(svg.id + ': ' + st.slice(0, 40));
    }
  }
  const yLabels = {};
  for (const svg of document.querySelectorAll('svg.chart')) {
    const g = svg.querySelector('g[transform="rotate(90)"] text');
    yLabels[svg.id] = g ? g.textContent.trim() : '';
  }
  return {keyed, overlaps, yLabels, scrollWidth: document.documentElement.scrollWidth, viewWidth: window.innerWidth};
})()`

type boardSeen struct {
	Keyed []struct {
		ID, Key, Value string
	} `json:"keyed"`
	Overlaps    []string          `json:"overlaps"`
	YLabels     map[string]string `json:"yLabels"`
	ScrollWidth float64           `json:"scrollWidth"`
	ViewWidth   float64           `json:"viewWidth"`
}

// inspectBoard opens a report at a window width and reads it with boardJS;
// legends maps a chart id to its legend's labels.
func inspectBoard(t *testing.T, path string, width int, legends map[string][]string) boardSeen {
	t.Helper()
	bin := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.WindowSize(width, 900), chromedp.Flag("hide-scrollbars", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	require.NoError(t, chromedp.Do(bctx))
	ctx, cancel := context.WithTimeout(bctx, 3*time.Minute)
	defer cancel()
	leg, err := json.Marshal(legends)
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+path), chromedp.WaitReady("body")))
	got, err := chromedp.Run(ctx, chromedp.Evaluate[boardSeen](strings.Replace(boardJS, "LEGENDS", string(leg), 1)))
	require.NoError(t, err)
	return got
}

// lookup finds a dotted path ("finance.npv_usd", "grid_impact.1.x") in a
// decoded JSON document.
func lookup(t *testing.T, doc any, path string) any {
	t.Helper()
	cur := doc
	for _, part := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[part]
			require.True(t, ok, "summary.json has no %s (at %q)", path, part)
			cur = v
		case []any:
			i, err := strconv.Atoi(part)
			require.NoError(t, err, "%s: %q is not an index", path, part)
			require.Less(t, i, len(c), path)
			cur = c[i]
		default:
			t.Fatalf("summary.json: %s: %q below a scalar", path, part)
		}
	}
	return cur
}

// checkBoard: every card and assumption row's data-value is summary.json's
// value at its data-summary-key; the uplift is the objective less the
// baseline; the page opens with them; no legend overlaps its chart's
// data; at 390 px nothing scrolls sideways.
func checkBoard(t *testing.T, out string, legends map[string][]string, wantKeys ...string) boardSeen {
	t.Helper()
	path := filepath.Join(out, "report.html")
	b, err := os.ReadFile(filepath.Join(out, "summary.json"))
	require.NoError(t, err)
	var doc any
	require.NoError(t, json.Unmarshal(b, &doc))
	seen := inspectBoard(t, path, 1280, legends)
	keys := map[string]bool{}
	for _, k := range seen.Keyed {
		var shown any
		require.NoError(t, json.Unmarshal([]byte(k.Value), &shown), "%s %s: data-value %q", k.ID, k.Key, k.Value)
		require.Equal(t, lookup(t, doc, k.Key), shown, "%s: data-value against summary.json's %s", k.ID, k.Key)
		keys[k.Key] = true
	}
	for _, k := range append([]string{"objective_usd", "baseline_objective_usd", "uplift_usd", "assumptions.discount_rate", "assumptions.lease_usd_per_kw_month"}, wantKeys...) {
		require.True(t, keys[k], "the page shows %s (the guard: %d keyed elements)", k, len(seen.Keyed))
	}
	s := doc.(map[string]any)
	obj, base, up := s["objective_usd"].(float64), s["baseline_objective_usd"].(float64), s["uplift_usd"].(float64)
	require.InDelta(t, obj-base, up, 1e-6*max(1, abs(obj)), "uplift = objective − baseline")
	require.NotZero(t, base, "the baseline is reported")
	require.Empty(t, seen.Overlaps, "legends over data")
	narrow := inspectBoard(t, path, 390, legends)
	require.LessOrEqual(t, narrow.ScrollWidth, narrow.ViewWidth, "a 390-px page scrolls sideways")
	return seen
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// moneyAxis is the unit a money axis should carry for values whose
// largest magnitude is m.
func moneyAxis(m float64) string {
	switch {
	case m >= 1e9:
		return "billion USD"
	case m >= 1e6:
		return "million USD"
	case m >= 1e3:
		return "thousand USD"
	}
	return "USD"
}

// TestBoardReportOneYear: the default case (one year, no horizon).
func TestBoardReportOneYear(t *testing.T) {
	solvertest.HiGHS(t)
	chromiumPath(t)
	out := t.TempDir()
	code, _, errOut := gridflip(t, "plan", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	seen := checkBoard(t, out, map[string][]string{"chart-jcurve": {"capex (outflow)", "cash available for debt service", "cumulative project cash flow"}},
		"finance.npv_usd", "finance.project_irr", "finance.equity_irr", "finance.payback_year", "finance.capex_usd", "finance.min_dscr", "finance.enterprise_value_usd_per_w")
	require.NotEmpty(t, seen.YLabels["chart-jcurve"])
}

// TestBoardReportStochastic: a stochastic plan shows EVPI, VSS, λ and α;
// its outcomes chart carries the unit that fits its values and its legend
// is clear of the bars.
func TestBoardReportStochastic(t *testing.T) {
	solvertest.HiGHS(t)
	chromiumPath(t)
	casePath := writeCase(t, func(s string) string { return s + threeFutures }, nil)
	out := t.TempDir()
	code, _, errOut := gridflip(t, "plan", casePath, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	s := readSummary(t, out)
	require.NotNil(t, s.Risk)
	seen := checkBoard(t, out, map[string][]string{"chart-outcomes": {"the scenario's value", "expectation", fmt.Sprintf("CVaR (worst %g%%)", 100*s.Risk.CVaRAlpha)}},
		"risk.evpi_usd", "risk.vss_usd", "risk.risk_weight", "risk.cvar_alpha")
	m := 0.0
	for _, sc := range s.Scenarios {
		m = max(m, abs(sc.ValueUSD))
	}
	m = max(m, abs(s.Risk.ExpectedUSD), abs(s.Risk.CVaRUSD))
	require.Equal(t, moneyAxis(m), seen.YLabels["chart-outcomes"], "the outcomes axis for values up to %g USD", m)
}

// TestBoardReportHorizon: us-miners, ten years with signed deals.
func TestBoardReportHorizon(t *testing.T) {
	if testing.Short() {
		t.Skip("the us-miners plan takes about 15 s")
	}
	solvertest.HiGHS(t)
	chromiumPath(t)
	out := t.TempDir()
	code, _, errOut := gridflip(t, "plan", filepath.Join("..", "..", "cases", "us-miners"), "--out", out, "--csv=false")
	require.Equal(t, exitOK, code, errOut)
	s := readSummary(t, out)
	require.NotEmpty(t, s.Deals, "us-miners has signed deals")
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	require.NoError(t, err)
	require.Contains(t, string(page), `id="deals-table"`)
	checkBoard(t, out, map[string][]string{"chart-jcurve": {"capex (outflow)", "cash available for debt service", "cumulative project cash flow"}},
		"finance.min_dscr", "assumptions.hashprice_usd_per_ph_day_by_year.0.value", "assumptions.halvings")
}
