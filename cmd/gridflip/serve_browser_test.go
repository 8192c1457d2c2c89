package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases"
	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/report"
	"github.com/gridflip/gridflip/serve"
	"github.com/gridflip/gridflip/solver/solvertest"
)

// servePage is what the what-if page shows.
type servePage struct {
	Plans int               `json:"plans"`
	Cards map[string]string `json:"cards"`
	Halls [][]string        `json:"halls"`
}

const servePageJS = `(() => {
  const cards = {};
  for (const c of document.querySelectorAll('.card')) cards[c.dataset.key] = c.querySelector('.value').textContent;
  const halls = Array.from(document.querySelectorAll('#halls tbody tr')).map(r => Array.from(r.cells).map(c => c.textContent));
  return {plans: Number(document.body.dataset.plans || 0), cards, halls};
})()`

// usdText formats USD as the page does.
func usdText(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return fmt.Sprintf("%.2f B USD", v/1e9)
	case a >= 1e6:
		return fmt.Sprintf("%.1f M USD", v/1e6)
	case a >= 1e3:
		return fmt.Sprintf("%.0f k USD", v/1e3)
	}
	return fmt.Sprintf("%.0f USD", v)
}

// TestServePageInChromium moves the lease control of the what-if page and
// checks that its cards and hall table change to the API's plan of that
// lease, and that the page asks for nothing outside the server: on the
// default case (to 300 USD per kW-month) and on us-miners (from 150 to
// 115, the example; it logs how long the page took to show the
// new plan after the control moved, debounce included — a measurement,
// not a check).
func TestServePageInChromium(t *testing.T) {
	bin := chromiumPath(t)
	t.Run("default", func(t *testing.T) {
		in, err := loader.LoadBundled(context.Background(), cases.DefaultCase, loader.Options{})
		require.NoError(t, err)
		servePageTest(t, bin, in, 300)
	})
	t.Run("us-miners", func(t *testing.T) {
		if testing.Short() {
			t.Skip("us-miners plans for seconds")
		}
		in, err := loader.Load(context.Background(), "../../cases/us-miners/case.toml", loader.Options{})
		require.NoError(t, err)
		servePageTest(t, bin, in, 115)
	})
}

// servePageTest serves in, moves the page's lease control to lease and
// checks the page against the API's plan of that lease.
func servePageTest(t *testing.T, bin string, in *optimize.Inputs, lease float64) {
	sv := solvertest.HiGHS(t)
	s, err := serve.New(serve.Config{Planner: serve.NewPlanner(in, sv, optimize.Options{}, loader.Options{})})
	require.NoError(t, err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	sctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(sctx, l) }()
	defer func() { stop(); <-done }()
	base := "http://" + l.Addr().String()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	var mu sync.Mutex
	var requests []string
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requests = append(requests, e.Request.URL)
			mu.Unlock()
		}
	}))
	defer cancelBrowser()
	require.NoError(t, chromedp.Do(bctx))
	ctx, cancel := context.WithTimeout(bctx, 3*time.Minute)
	defer cancel()

	read := func(after int) servePage {
		for {
			got, err := chromedp.Run(ctx, chromedp.Evaluate[servePage](servePageJS))
			require.NoError(t, err)
			if got.Plans > after && len(got.Halls) > 0 {
				return got
			}
			require.NoError(t, ctx.Err(), "the page shows no plan")
			time.Sleep(50 * time.Millisecond)
		}
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitReady("#status")))
	before := read(0)

	// Move the lease control.
	moved := time.Now()
	_, err = chromedp.Run(ctx, chromedp.Evaluate[any](fmt.Sprintf(`(() => { const r = document.getElementById('range-lease_usd_per_kw_month');
	  r.value = '%g'; r.dispatchEvent(new Event('input')); return true; })()`, lease)))
	require.NoError(t, err)
	after := read(before.Plans)
	t.Logf("%s: the page showed the plan at a lease of %g %.2f s after the control moved (debounce included)", in.Case.Name, lease, time.Since(moved).Seconds())

	// The API's plan of the same what-if.
	req, err := http.NewRequest(http.MethodPost, base+"/api/plan", strings.NewReader(fmt.Sprintf(`{"lease_usd_per_kw_month": %g}`, lease)))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(data))
	var sum report.Summary
	require.NoError(t, json.NewDecoder(bytes.NewReader(data)).Decode(&sum))

	require.NotEqual(t, before.Cards["objective_usd"], after.Cards["objective_usd"], "the lease changes the plan's value")
	require.Equal(t, usdText(sum.ObjectiveUSD), after.Cards["objective_usd"])
	require.Equal(t, fmt.Sprint(sum.Portfolio.HallsBuilt), after.Cards["halls_built"])
	if sum.Finance != nil {
		require.Equal(t, usdText(sum.Finance.NPVUSD), after.Cards["npv_usd"])
	}
	var want [][]string
	for _, site := range sum.Sites {
		for _, h := range site.HallDecisions {
			built := "no"
			if h.Build >= 0.5 {
				built = "yes"
			}
			want = append(want, []string{site.ID, h.ID, built, fmt.Sprintf("%.2f", h.LeaseUSDPerKWMonth)})
		}
	}
	var got [][]string
	for _, r := range after.Halls {
		got = append(got, []string{r[0], r[1], r[3], r[5]})
	}
	require.Equal(t, want, got)
	leased := false // some hall takes the what-if's lease (a deal keeps its own)
	for _, r := range got {
		leased = leased || r[3] == fmt.Sprintf("%.2f", lease)
	}
	require.True(t, leased, "no hall at the lease of %g", lease)

	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, requests)
	for _, u := range requests {
		require.True(t, strings.HasPrefix(u, base+"/") || strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "blob:"), "an external request: %s", u)
	}
}

// TestServeRefusesRemoteAddr: a non-loopback --addr needs --allow-remote,
// refused before anything is loaded.
func TestServeRefusesRemoteAddr(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:8080", "example.com:80"} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"serve", "--addr", addr}, &stdout, &stderr)
		require.Equal(t, exitUsage, code, addr)
		require.Contains(t, stderr.String(), "--allow-remote", addr)
	}
	var stdout, stderr bytes.Buffer
	require.Equal(t, exitUsage, run(context.Background(), []string{"serve", "--addr", "nonsense"}, &stdout, &stderr))
}
