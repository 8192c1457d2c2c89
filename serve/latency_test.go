package serve

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/rusage"
)

// TestServeLatency measures POST /api/plan end to end at the client on
// us-miners: random lease what-ifs, then random hashprice and price
// what-ifs (median and p95 of each, wall and CPU), then GRIDFLIP_SERVE_WHATIFS (default
// 500) mixed what-ifs in a row with the heap after each 50 and the peak
// RSS. It prints and asserts no time (a measurement, not a check): run it
// with GRIDFLIP_SERVE_BENCH=1 (`make bench-serve`).
func TestServeLatency(t *testing.T) {
	if os.Getenv("GRIDFLIP_SERVE_BENCH") != "1" {
		t.Skip("a measurement: set GRIDFLIP_SERVE_BENCH=1")
	}
	ts := startServer(t, "us-miners")
	rng := rand.New(rand.NewPCG(20, 1))
	var cpu float64 // the last what-if's CPU seconds, server and client alike
	plan := func(body string) time.Duration {
		began, cpuBegan := time.Now(), rusage.CPUSeconds()
		status, data := ts.post(t, "/api/plan", body)
		require.Equal(t, http.StatusOK, status, string(data))
		cpu = rusage.CPUSeconds() - cpuBegan
		return time.Since(began)
	}
	plan(`{}`) // the case as it is: its baseline is kept
	lease := func() string { return fmt.Sprintf(`{"lease_usd_per_kw_month": %.1f}`, 100+rng.Float64()*80) }
	market := func() string {
		if rng.IntN(2) == 0 {
			return fmt.Sprintf(`{"hashprice_scale": %.3f}`, 0.5+rng.Float64())
		}
		return fmt.Sprintf(`{"price_scale": %.3f}`, 0.7+rng.Float64()*0.6)
	}
	for _, kind := range []struct {
		name string
		body func() string
	}{{"lease", lease}, {"hashprice or price", market}} {
		var d, c []float64
		for range 50 {
			d = append(d, plan(kind.body()).Seconds())
			c = append(c, cpu)
		}
		sort.Float64s(d)
		sort.Float64s(c)
		t.Logf("%s changes, 50 random: median %.3f s, p95 %.3f s, max %.3f s; CPU a what-if: median %.3f s, p95 %.3f s (load average %s)",
			kind.name, d[24], d[47], d[49], c[24], c[47], loadAverage())
	}
	n := 500
	if v, err := strconv.Atoi(os.Getenv("GRIDFLIP_SERVE_WHATIFS")); err == nil && v > 0 {
		n = v
	}
	var ms runtime.MemStats
	for i := range n {
		if i%2 == 0 {
			plan(lease())
		} else {
			plan(market())
		}
		if (i+1)%50 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			t.Logf("after %d what-ifs: heap in use %.0f MB, peak RSS %.0f MB", i+1, float64(ms.HeapInuse)/(1<<20), rusage.PeakSelfMB())
		}
	}
	t.Logf("peak RSS over %d what-ifs: %.0f MB", n, rusage.PeakSelfMB())
}

// loadAverage is the machine's one-minute load average ("?" where it is
// not read): what else the measured times shared the CPUs with.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "?"
}
