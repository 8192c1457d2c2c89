package serve

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/cases"
	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/report"
	"github.com/gridflip/gridflip/scenario"
	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver/solvertest"
	"github.com/gridflip/gridflip/sweep"
)

// testServer is a server of a bundled case on a loopback port.
type testServer struct {
	*Server
	url, host string
	in        *optimize.Inputs
	stop      func()
	done      chan error
}

// startServer loads the bundled case and serves it until the test ends.
func startServer(t *testing.T, caseName string) *testServer {
	t.Helper()
	sv := solvertest.HiGHS(t)
	in, err := loadCase(caseName)
	require.NoError(t, err)
	s, err := New(Config{Planner: NewPlanner(in, sv, optimize.Options{}, loader.Options{})})
	require.NoError(t, err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{Server: s, url: "http://" + l.Addr().String(), host: l.Addr().String(), in: in, done: make(chan error, 1)}
	go func() { ts.done <- s.Serve(ctx, l) }()
	ts.stop = cancel
	t.Cleanup(func() {
		cancel()
		<-ts.done
	})
	return ts
}

// loadCase loads a bundled case, or one of the repository's cases/.
func loadCase(name string) (*optimize.Inputs, error) {
	if cases.IsBundled(name) {
		return loader.LoadBundled(context.Background(), name, loader.Options{})
	}
	return loader.Load(context.Background(), filepath.Join("..", "cases", name, "case.toml"), loader.Options{})
}

// post sends a body to path with the server's own Host, and headers.
func (ts *testServer) post(t *testing.T, path, body string, header ...string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, ts.url+path, strings.NewReader(body))
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, data
}

// summaryOf is `plan --format json` of the case with the what-if, solved
// afresh (analysis.Run, as plan runs it).
func summaryOf(t *testing.T, in *optimize.Inputs, w sites.Scenario) []byte {
	t.Helper()
	an, err := analysis.Run(context.Background(), solvertest.HiGHS(t), scenario.Apply(in, w), optimize.Options{})
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, report.WriteJSON(&b, an))
	return b.Bytes()
}

// comparable drops the wall times from a summary.
func comparable(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m), string(data))
	delete(m, "timing")
	if s, ok := m["solver"].(map[string]any); ok {
		for k := range s {
			if strings.HasSuffix(k, "_seconds") {
				delete(s, k)
			}
		}
	}
	return m
}

// TestAPIIsThePlanOfTheWhatIf: POST /api/plan returns exactly the
// summary `plan --format json` gives for the case with the what-if, and
// the plan a one-scenario sweep of the what-if gives; a lease change
// after a plan of the case reuses the baseline and the sites the
// planner's session keeps, and still matches.
func TestAPIIsThePlanOfTheWhatIf(t *testing.T) {
	for _, tc := range []struct {
		caseName string
		whatIfs  []string
	}{
		// Lease, capex and market-cap changes after a plan are planned over
		// the sites the session keeps (moneyOnly); the others afresh.
		{"default", []string{`{}`, `{"lease_usd_per_kw_month": 115}`, `{"lease_usd_per_kw_month": 140, "capex_scale": 1.1}`,
			`{"hashprice_scale": 0.5, "capex_scale": 1.2}`, `{"hashprice_scale": 0.5, "lease_usd_per_kw_month": 100}`, `{"curtailable_share": 0.005}`}},
		{"us-miners", []string{`{}`, `{"lease_usd_per_kw_month": 115}`, `{"lease_usd_per_kw_month": 130, "capex_scale": 1.2, "ai_demand_cap_it_mw": 3000}`,
			`{"network_hashrate_growth_per_year": 0.3, "discount_rate": 0.12, "lease_escalator_per_year": 0.03}`}},
	} {
		t.Run(tc.caseName, func(t *testing.T) {
			if tc.caseName == "us-miners" && testing.Short() {
				t.Skip("us-miners takes seconds a plan")
			}
			ts := startServer(t, tc.caseName)
			var objectives []float64
			for _, body := range tc.whatIfs {
				status, got := ts.post(t, "/api/plan", body)
				require.Equal(t, http.StatusOK, status, string(got))
				w, err := DecodeWhatIf([]byte(body))
				require.NoError(t, err)
				require.Equal(t, comparable(t, summaryOf(t, ts.in, w)), comparable(t, got), body)

				// The sweep of the same what-if, as `gridflip sweep` runs it.
				w.ID = "kept"
				what, err := scenario.Inputs(context.Background(), ts.in, w, loader.Options{})
				require.NoError(t, err)
				plan, err := optimize.Solve(context.Background(), solvertest.HiGHS(t), what, optimize.Options{})
				require.NoError(t, err)
				r := sweep.NewResult(w, plan)
				var s report.Summary
				require.NoError(t, json.Unmarshal(got, &s))
				require.Equal(t, r.ObjectiveUSD, s.ObjectiveUSD, body)
				require.Equal(t, r.HallsBuilt, s.Portfolio.HallsBuilt, body)
				require.Equal(t, r.NewAIITMW, s.Portfolio.NewAIITMW, body)
				objectives = append(objectives, s.ObjectiveUSD)
			}
			require.NotEqual(t, objectives[0], objectives[1], "the lease what-if changes the plan's value")
		})
	}
}

// TestHostileRequests: each is refused with a 4xx naming what is wrong,
// and the server keeps serving.
func TestHostileRequests(t *testing.T) {
	ts := startServer(t, "default")
	big := `{"capex_scale": 1.2, "x": "` + strings.Repeat("a", 10<<20) + `"}`
	for _, tc := range []struct {
		name, path, body string
		header           []string
		status           int
		key              string
	}{
		{"10 MB body", "/api/plan", big, nil, http.StatusRequestEntityTooLarge, ""},
		{"bad JSON", "/api/plan", `{"capex_scale": `, nil, 400, "capex_scale"},
		{"duplicate keys", "/api/plan", `{"capex_scale": 1.2, "capex_scale": 1.2}`, nil, 400, "capex_scale"},
		{"NaN", "/api/plan", `{"price_scale": NaN}`, nil, 400, "price_scale"},
		{"Inf", "/api/plan", `{"price_scale": Infinity}`, nil, 400, "price_scale"},
		{"1e400", "/api/plan", `{"price_scale": 1e400}`, nil, 400, "price_scale"},
		{"out of range", "/api/plan", `{"price_scale": 101}`, nil, 400, "price_scale"},
		{"unknown key", "/api/plan", `{"wacc": 0.1}`, nil, 400, "wacc"},
		{"file key", "/api/plan", `{"prices": "/etc/passwd"}`, nil, 400, "prices"},
		{"file key in keep", "/api/keep", `{"btc_price": "../../x.csv"}`, nil, 400, "btc_price"},
		{"λ without scenarios", "/api/plan", `{"risk_weight": 0.5}`, nil, 400, "risk_weight"},
		{"growth without a horizon", "/api/plan", `{"btc_price_growth_per_year": 0.1}`, nil, 400, "btc_price_growth_per_year"},
		{"wrong Host", "/api/plan", `{}`, []string{"Host", "evil.example:80"}, http.StatusForbidden, ""},
		{"rebinding Host", "/api/plan", `{}`, []string{"Host", "attacker.example"}, http.StatusForbidden, ""},
		{"wrong Origin", "/api/plan", `{}`, []string{"Origin", "http://evil.example"}, http.StatusForbidden, ""},
		{"cross-site fetch", "/api/plan", `{}`, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden, ""},
		{"infeasible", "/api/plan", `{"ai_demand_cap_it_mw": 0}`, nil, http.StatusUnprocessableEntity, ""},
		{"unknown path", "/etc/passwd", `{}`, nil, http.StatusNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := ts.post(t, tc.path, tc.body, tc.header...)
			require.Equal(t, tc.status, status, string(body))
			if tc.status != http.StatusNotFound {
				var e errorJSON
				require.NoError(t, json.Unmarshal(body, &e), string(body))
				require.NotEmpty(t, e.Error)
				require.Equal(t, tc.key, e.Key, e.Error)
				if tc.name == "infeasible" {
					require.Contains(t, e.Error, "infeasible")
				}
			}
			status, body = ts.post(t, "/api/plan", `{"capex_scale": 1.1}`)
			require.Equal(t, http.StatusOK, status, "the server keeps serving: %s", body)
		})
	}
	status, body := ts.post(t, "/api/plan", `{}`, "Origin", "http://"+strings.Replace(ts.host, "127.0.0.1", "localhost", 1))
	require.Equal(t, http.StatusOK, status, "the page's own origin is accepted: %s", body)
}

// TestOneSolvingOneWaiting: with a plan solving, one request waits and
// the others get 429; the waiting one is planned when the solver frees.
func TestOneSolvingOneWaiting(t *testing.T) {
	ts := startServer(t, "default")
	ts.admitted <- struct{}{} // a plan is solving
	ts.solving <- struct{}{}
	const n = 50
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, _ := ts.post(t, "/api/plan", `{"lease_usd_per_kw_month": 120}`)
			statuses <- status
		}()
	}
	// Collect the refusals: every request but the waiting one.
	count := map[int]int{}
	for range n - 1 {
		count[<-statuses]++
	}
	require.Equal(t, map[int]int{http.StatusTooManyRequests: n - 1}, count)
	<-ts.solving // the solver frees
	<-ts.admitted
	require.Equal(t, http.StatusOK, <-statuses)
	wg.Wait()
	status, _ := ts.post(t, "/api/plan", `{}`)
	require.Equal(t, http.StatusOK, status)
}

// TestStopCancelsTheSolve: stopping the server cancels the plan in
// flight (us-miners takes seconds to plan), and Serve returns.
func TestStopCancelsTheSolve(t *testing.T) {
	if testing.Short() {
		t.Skip("us-miners")
	}
	ts := startServer(t, "us-miners")
	type result struct {
		status int
		err    error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Post(ts.url+"/api/plan", "application/json", strings.NewReader(`{"hashprice_scale": 0.9}`))
		if err != nil {
			got <- result{err: err}
			return
		}
		resp.Body.Close()
		got <- result{status: resp.StatusCode}
	}()
	// Wait until the plan is solving, then stop.
	for len(ts.solving) == 0 {
		runtime.Gosched()
	}
	ts.stop()
	require.NoError(t, <-ts.done)
	ts.done <- nil // for the cleanup
	r := <-got
	require.True(t, r.err != nil || r.status == http.StatusServiceUnavailable, "the solve in flight was cancelled: %+v", r)
}

// TestKeepZip: "Keep this plan" gives the what-if as a sweep's scenarios
// file and the summary.
func TestKeepZip(t *testing.T) {
	ts := startServer(t, "default")
	status, body := ts.post(t, "/api/keep", `{"lease_usd_per_kw_month": 115}`)
	require.Equal(t, http.StatusOK, status, string(body))
	z, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	require.NoError(t, err)
	files := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		require.NoError(t, err)
		files[f.Name], err = io.ReadAll(r)
		require.NoError(t, err)
	}
	list, err := sites.DecodeScenarios(files["whatif.toml"], "whatif.toml")
	require.NoError(t, err)
	require.Equal(t, []string{"lease_usd_per_kw_month=115"}, list[0].Changes())
	var s report.Summary
	require.NoError(t, json.Unmarshal(files["results/summary.json"], &s))
	require.Equal(t, 115.0, s.Sites[0].HallDecisions[0].LeaseUSDPerKWMonth, fmt.Sprint(s.Sites[0].HallDecisions[0]))
}

// TestCaseControls: GET /api/case gives the case's own values as the
// defaults and the declared ranges.
func TestCaseControls(t *testing.T) {
	ts := startServer(t, "us-miners")
	req, err := http.NewRequest(http.MethodGet, ts.url+"/api/case", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, ContentSecurityPolicy, resp.Header.Get("Content-Security-Policy"))
	var c CaseJSON
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&c))
	byKey := map[string]Control{}
	for _, ctl := range c.Controls {
		byKey[ctl.Key] = ctl
		require.LessOrEqual(t, ctl.SliderMin, ctl.SliderMax, ctl.Key)
	}
	require.Equal(t, 130.0, *byKey["lease_usd_per_kw_month"].Default)
	require.Equal(t, 0.02, *byKey["lease_escalator_per_year"].Default)
	require.Equal(t, 0.10, *byKey["btc_price_growth_per_year"].Default)
	require.Equal(t, 0.20, *byKey["network_hashrate_growth_per_year"].Default)
	require.Equal(t, 0.10, *byKey["discount_rate"].Default)
	require.Nil(t, byKey["ai_demand_cap_it_mw"].Default)
	require.Equal(t, "(0, 10⁴]", byKey["lease_usd_per_kw_month"].Interval)
	require.Equal(t, 10000.0, *byKey["lease_usd_per_kw_month"].Max)
	require.NotContains(t, byKey, "risk_weight", "λ only with scenarios")
	require.Len(t, c.Controls, 11)
}
