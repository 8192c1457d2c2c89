package isoprices

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/grid"
)

// The exact header rows each ISO publishes (see docs/case-file.md, "Prices
// beyond ERCOT").
const (
	pjmRTHeader   = "datetime_beginning_utc,datetime_beginning_ept,pnode_id,pnode_name,voltage,equipment,type,zone,system_energy_price_rt,total_lmp_rt,congestion_price_rt,marginal_loss_price_rt,row_is_current,version_nbr"
	pjmDAHeader   = "datetime_beginning_utc,datetime_beginning_ept,pnode_id,pnode_name,voltage,equipment,type,zone,system_energy_price_da,total_lmp_da,congestion_price_da,marginal_loss_price_da,row_is_current,version_nbr"
	nyisoHeader   = `"Time Stamp","Name","PTID","LBMP ($/MWHr)","Marginal Cost Losses ($/MWHr)","Marginal Cost Congestion ($/MWHr)"`
	sppHeader     = "Interval,GMTIntervalEnd,Settlement Location,Pnode,LMP,MLC,MCC,MEC"
	misoPreamble  = "Day Ahead Market ExPost LMPs\n%s\n\n,,,All Hours-Ending are Eastern Standard Time (EST)\n"
	misoHourNames = "Node,Type,Value"
)

// price is the test's price of node i in the interval starting at t: exact
// in binary to two decimals is not needed, the comparison allows 1e-9.
func price(i int, t time.Time) float64 {
	return float64(10*(i+1)) + float64(t.Unix()%86400)/3600 + float64(t.Unix()/86400%7)/10
}

// hourMean is the mean of price over the hour starting at h in steps.
func hourMean(i int, h time.Time, step time.Duration) float64 {
	per := int(time.Hour / step)
	sum := 0.0
	for k := range per {
		sum += price(i, h.Add(time.Duration(k)*step))
	}
	return sum / float64(per)
}

func eastern(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	return loc
}

func central(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("America/Chicago")
	require.NoError(t, err)
	return loc
}

// pjmFile writes Data Miner 2 rows for nodes over [start, start+n*step).
func pjmFile(t *testing.T, header string, nodes []string, start time.Time, n int, step time.Duration) string {
	var b strings.Builder
	b.WriteString(header + "\n")
	et := eastern(t)
	for k := range n {
		at := start.Add(time.Duration(k) * step)
		for i, node := range nodes {
			fmt.Fprintf(&b, "%s,%s,%d,%s,500 KV,,HUB,,%.4f,%.6f,0.1,0.2,TRUE,1\n",
				at.UTC().Format("1/2/2006 3:04:05 PM"), at.In(et).Format("1/2/2006 3:04:05 PM"), 51000+i, node, price(i, at)-0.3, price(i, at))
		}
	}
	return b.String()
}

// nyisoFile writes NYISO rows stamped in Eastern prevailing time: hour
// beginning for hourly files, interval end for sub-hourly ones.
func nyisoFile(t *testing.T, nodes []string, start time.Time, n int, step time.Duration) string {
	var b strings.Builder
	b.WriteString(nyisoHeader + "\n")
	et := eastern(t)
	for k := range n {
		at := start.Add(time.Duration(k) * step)
		stamp := at
		if step < time.Hour {
			stamp = at.Add(step)
		}
		for i, node := range nodes {
			fmt.Fprintf(&b, "\"%s\",\"%s\",%d,%.6f,1.5,-0.25\n", stamp.In(et).Format("01/02/2006 15:04"), node, 61752+i, price(i, at))
		}
	}
	return b.String()
}

// sppFile writes SPP rows with the interval end in GMT and in Central time.
func sppFile(t *testing.T, nodes []string, start time.Time, n int, step time.Duration) string {
	var b strings.Builder
	b.WriteString(sppHeader + "\n")
	ct := central(t)
	for k := range n {
		at := start.Add(time.Duration(k) * step)
		end := at.Add(step)
		for i, node := range nodes {
			fmt.Fprintf(&b, "%s,%s,%s,%s_PN,%.6f,0.1,0.0,%.4f\n", end.In(ct).Format("01/02/2006 15:04:05"), end.UTC().Format("01/02/2006 15:04:05"), node, node, price(i, at), price(i, at)-0.1)
		}
	}
	return b.String()
}

// misoFile writes MISO's daily layout for the market date day (EST).
func misoFile(nodes []string, day time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, misoPreamble, day.Format("01/02/2006"))
	b.WriteString(misoHourNames)
	for h := 1; h <= 24; h++ {
		fmt.Fprintf(&b, ",HE %d", h)
	}
	b.WriteString("\n")
	midnightUTC := day.Add(5 * time.Hour) // 00:00 EST
	for i, node := range nodes {
		for _, value := range []string{"LMP", "MCC", "MLC"} {
			fmt.Fprintf(&b, "%s,Hub,%s", node, value)
			for h := range 24 {
				v := price(i, midnightUTC.Add(time.Duration(h)*time.Hour))
				if value != "LMP" {
					v = -1
				}
				fmt.Fprintf(&b, ",%.6f", v)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func importString(t *testing.T, iso ISO, files map[string]string, order []string, nodes ...string) (*grid.Series, error) {
	t.Helper()
	var in []Input
	for _, name := range order {
		in = append(in, Reader(name, strings.NewReader(files[name])))
	}
	return Import(context.Background(), in, Options{ISO: iso, Nodes: nodes})
}

// checkHourly asserts that s holds hours [start, start+n) of the nodes with
// the hourly means of price at the given step.
func checkHourly(t *testing.T, s *grid.Series, nodes []string, start time.Time, n int, step time.Duration) {
	t.Helper()
	require.Equal(t, time.Hour, s.Step)
	require.Equal(t, nodes, s.Columns)
	require.Len(t, s.Times, n)
	for k := range n {
		h := start.Add(time.Duration(k) * time.Hour)
		require.True(t, s.Times[k].Equal(h), "hour %d: %s, want %s", k, s.Times[k], h)
		for i := range nodes {
			require.InDelta(t, hourMean(i, h, step), s.Values[i][k], 1e-6, "node %s hour %s", nodes[i], h)
		}
	}
}

func TestImportLayouts(t *testing.T) {
	nodes := []string{"WESTERN HUB", "AEP-DAYTON HUB"}
	fallBack := time.Date(2024, 11, 3, 0, 0, 0, 0, time.UTC) // both DST changes of 2024 in range below
	spring := time.Date(2024, 3, 9, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		iso   ISO
		start time.Time
		hours int
		step  time.Duration
		file  func(t *testing.T, start time.Time, n int, step time.Duration) string
	}{
		{"pjm real-time hourly across fall-back", PJM, fallBack, 48, time.Hour,
			func(t *testing.T, s time.Time, n int, st time.Duration) string {
				return pjmFile(t, pjmRTHeader, nodes, s, n, st)
			}},
		{"pjm day-ahead across spring-forward", PJM, spring, 48, time.Hour,
			func(t *testing.T, s time.Time, n int, st time.Duration) string {
				return pjmFile(t, pjmDAHeader, nodes, s, n, st)
			}},
		{"pjm five-minute", PJM, spring, 3, 5 * time.Minute,
			func(t *testing.T, s time.Time, n int, st time.Duration) string {
				return pjmFile(t, pjmRTHeader, nodes, s, n, st)
			}},
		{"nyiso hourly across fall-back (repeated 01:00)", NYISO, fallBack, 48, time.Hour,
			func(t *testing.T, s time.Time, n int, st time.Duration) string { return nyisoFile(t, nodes, s, n, st) }},
		{"nyiso hourly across spring-forward", NYISO, spring, 48, time.Hour,
			func(t *testing.T, s time.Time, n int, st time.Duration) string { return nyisoFile(t, nodes, s, n, st) }},
		{"nyiso five-minute across fall-back", NYISO, time.Date(2024, 11, 3, 4, 0, 0, 0, time.UTC), 4, 5 * time.Minute,
			func(t *testing.T, s time.Time, n int, st time.Duration) string { return nyisoFile(t, nodes, s, n, st) }},
		{"spp five-minute", SPP, fallBack, 30, 5 * time.Minute,
			func(t *testing.T, s time.Time, n int, st time.Duration) string { return sppFile(t, nodes, s, n, st) }},
		{"spp day-ahead hourly", SPP, spring, 30, time.Hour,
			func(t *testing.T, s time.Time, n int, st time.Duration) string { return sppFile(t, nodes, s, n, st) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.hours * int(time.Hour/tc.step)
			body := tc.file(t, tc.start, n, tc.step)
			s, err := importString(t, tc.iso, map[string]string{"in.csv": body}, []string{"in.csv"})
			require.NoError(t, err)
			checkHourly(t, s, nodes, tc.start, tc.hours, tc.step)
		})
	}
}

// TestImportNYISORepeatedHourUsesBothInstants guards the fall-back rule: the
// file has two rows stamped 11/03/2024 01:00, and both hours are kept.
func TestImportNYISORepeatedHourUsesBothInstants(t *testing.T) {
	start := time.Date(2024, 11, 3, 4, 0, 0, 0, time.UTC) // 00:00 EDT
	body := nyisoFile(t, []string{"WEST"}, start, 4, time.Hour)
	require.Equal(t, 2, strings.Count(body, "11/03/2024 01:00"), "the test file must repeat the hour")
	s, err := importString(t, NYISO, map[string]string{"in.csv": body}, []string{"in.csv"})
	require.NoError(t, err)
	require.Len(t, s.Times, 4)
	assert.Equal(t, time.Date(2024, 11, 3, 5, 0, 0, 0, time.UTC), s.Times[1])
	assert.Equal(t, time.Date(2024, 11, 3, 6, 0, 0, 0, time.UTC), s.Times[2])
}

func TestImportMISODays(t *testing.T) {
	nodes := []string{"ARKANSAS.HUB", "MINN.HUB"}
	d1 := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	d2 := d1.AddDate(0, 0, 1)
	files := map[string]string{
		"20240702_da_expost_lmp.csv": misoFile(nodes, d2),
		"20240701_da_expost_lmp.csv": misoFile(nodes, d1),
	}
	// Out of order on purpose: days are sorted by time, not by file.
	s, err := importString(t, MISO, files, []string{"20240702_da_expost_lmp.csv", "20240701_da_expost_lmp.csv"}, "MINN.HUB")
	require.NoError(t, err)
	require.Equal(t, []string{"MINN.HUB"}, s.Columns)
	require.Len(t, s.Times, 48)
	assert.Equal(t, d1.Add(5*time.Hour), s.Times[0], "HE 1 is 00:00-01:00 EST = 05:00 UTC, summer or not")
	for k := range 48 {
		assert.InDelta(t, price(1, s.Times[k]), s.Values[0][k], 1e-6)
	}
}

func TestImportMISODateFromFileName(t *testing.T) {
	day := time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)
	body := misoFile([]string{"X"}, day)
	body = strings.Replace(body, "01/15/2024\n", "\n", 1) // no date in the preamble
	s, err := importString(t, MISO, map[string]string{"20240115_rt_lmp_final.csv": body}, []string{"20240115_rt_lmp_final.csv"})
	require.NoError(t, err)
	assert.Equal(t, day.Add(5*time.Hour), s.Times[0])
}

func TestImportPJMKeepsCurrentRows(t *testing.T) {
	body := pjmRTHeader + "\n" +
		"1/1/2024 5:00:00 AM,1/1/2024 12:00:00 AM,1,A,,,HUB,,1,99,0,0,FALSE,1\n" +
		"1/1/2024 5:00:00 AM,1/1/2024 12:00:00 AM,1,A,,,HUB,,1,20.5,0,0,TRUE,2\n" +
		"1/1/2024 6:00:00 AM,1/1/2024 1:00:00 AM,1,A,,,HUB,,1,21.5,0,0,TRUE,1\n"
	s, err := importString(t, PJM, map[string]string{"pjm.csv": body}, []string{"pjm.csv"})
	require.NoError(t, err)
	assert.Equal(t, []float64{20.5, 21.5}, s.Values[0])
}

// TestImportRoundTrip checks that an imported table is one the case loader
// reads back unchanged.
func TestImportRoundTrip(t *testing.T) {
	start := time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)
	body := sppFile(t, []string{"AECC_CSWS", "SPPSOUTH_HUB"}, start, 24*12, 5*time.Minute)
	s, err := importString(t, SPP, map[string]string{"spp.csv": body}, []string{"spp.csv"})
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, grid.WriteCSV(&b, s))
	back, err := grid.ReadHourly(strings.NewReader(b.String()), "prices.csv")
	require.NoError(t, err)
	require.Equal(t, s.Columns, back.Columns)
	require.Equal(t, s.Times, back.Times)
	for c := range s.Values {
		for k := range s.Values[c] {
			require.InDelta(t, s.Values[c][k], back.Values[c][k], 1e-9)
		}
	}
}

func TestImportBadInput(t *testing.T) {
	start := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	good := pjmFile(t, pjmRTHeader, []string{"A", "B"}, start, 3, time.Hour)
	lines := strings.Split(strings.TrimSuffix(good, "\n"), "\n")
	drop := func(i int) string {
		out := append(append([]string{}, lines[:i]...), lines[i+1:]...)
		return strings.Join(out, "\n") + "\n"
	}
	cases := []struct {
		name  string
		iso   ISO
		body  string
		nodes []string
		max   int
		want  string
	}{
		{"not a pjm file", PJM, "timestamp,HB_WEST\n2024-01-01T00:00:00Z,3\n", nil, 0, `no header row with a "pnode_name" column`},
		{"no price column", PJM, "datetime_beginning_utc,pnode_name\n1/1/2024 5:00:00 AM,A\n", nil, 0, "lacks a column"},
		{"empty price", PJM, strings.Replace(good, "TRUE,1\n", "TRUE,1\n", 1) + "1/2/2024 3:00:00 AM,x,1,A,,,HUB,,1,,0,0,TRUE,1\n", nil, 0, `in.csv:8: column "total_lmp_rt": node "A": empty price`},
		{"text price", NYISO, nyisoHeader + "\n\"01/02/2024 00:00\",\"WEST\",1,abc,0,0\n", nil, 0, `in.csv:2: column "LBMP ($/MWHr)": node "WEST": price "abc" is not a finite number`},
		{"bad time", SPP, sppHeader + "\nx,yesterday,N,N,1,0,0,1\n", nil, 0, `in.csv:2: column "GMTIntervalEnd": node "N": timestamp "yesterday"`},
		{"spring-forward hour", NYISO, nyisoHeader + "\n\"03/10/2024 02:00\",\"WEST\",1,20,0,0\n", nil, 0, "does not exist on the America/New_York clock"},
		{"duplicate", PJM, good + lines[1] + "\n", nil, 0, "has a second price for the interval starting 2024-01-02T00:00:00Z"},
		{"gap", PJM, drop(3), nil, 0, "no price for 1 hour in 1 span (every hour of the range needs one; --fill METHOD fills gaps by a stated method):\n  node \"A\": 2024-01-01 20:00 EST (the hour starting 2024-01-02T01:00:00Z)"},
		{"ranges differ", PJM, drop(6), nil, 0, `node "B": 2024-01-01 21:00 EST (the hour starting 2024-01-02T02:00:00Z)`},
		{"unknown node", PJM, good, []string{"C"}, 0, `node "C" is not in the files; they name nodes such as "A", "B"`},
		{"too many prices", PJM, good, nil, 4, "more than 4 prices"},
		{"field count", PJM, good + "1,2\n", nil, 0, "in.csv:8: has 2 fields, the header has 14"},
		{"step not dividing an hour", PJM, pjmFile(t, pjmRTHeader, []string{"A"}, start, 3, 7*time.Minute), nil, 0, "7m0s apart"},
		{"sub-hourly not on the hour", PJM, pjmFile(t, pjmRTHeader, []string{"A"}, start.Add(5*time.Minute), 12, 5*time.Minute), nil, 0, "not on the hour"},
		{"incomplete last hour", PJM, pjmFile(t, pjmRTHeader, []string{"A"}, start, 13, 5*time.Minute), nil, 0, "the last hour has 1 of its 12"},
		{"miso without date", MISO, strings.Replace(misoFile([]string{"X"}, start), "01/02/2024\n", "\n", 1), nil, 0, "no market date"},
		{"miso missing hour column", MISO, strings.Replace(misoFile([]string{"X"}, start), ",HE 24", "", 1), nil, 0, `header has no "HE 24" column`},
		{"header only", SPP, sppHeader + "\n", nil, 0, "no prices"},
		{"invalid csv", NYISO, nyisoHeader + "\n\"01/02/2024 00:00,WEST\n", nil, 0, "invalid CSV"},
		{"empty node", SPP, sppHeader + "\nx,01/02/2024 01:00:00, ,N,1,0,0,1\n", nil, 0, "empty node name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Import(context.Background(), []Input{Reader("in.csv", strings.NewReader(tc.body))}, Options{ISO: tc.iso, Nodes: tc.nodes, MaxPrices: tc.max})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestImportOptions(t *testing.T) {
	_, err := Import(context.Background(), nil, Options{ISO: PJM})
	assert.ErrorContains(t, err, "no input files")
	_, err = Import(context.Background(), []Input{Reader("x", strings.NewReader(""))}, Options{ISO: "caiso"})
	assert.ErrorContains(t, err, `unknown ISO "caiso": want one of pjm, miso, nyiso, spp, eia, ercot`)
	_, err = Import(context.Background(), []Input{Reader("x", strings.NewReader(""))}, Options{ISO: PJM, Nodes: []string{"A", "A"}})
	assert.ErrorContains(t, err, `node "A" is listed twice`)
	iso, err := ParseISO(" NYISO ")
	require.NoError(t, err)
	assert.Equal(t, NYISO, iso)
	_, err = ParseISO("caiso")
	assert.Error(t, err)
}

func TestImportCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	body := pjmFile(t, pjmRTHeader, []string{"A"}, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), 2*checkEvery, time.Hour)
	_, err := Import(ctx, []Input{Reader("in.csv", strings.NewReader(body))}, Options{ISO: PJM})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestCandidates(t *testing.T) {
	et := eastern(t)
	wall := func(s string) time.Time {
		w, err := time.Parse("2006-01-02 15:04", s)
		require.NoError(t, err)
		return w
	}
	assert.Len(t, candidates(wall("2024-11-03 01:30"), et), 2)
	assert.Empty(t, candidates(wall("2024-03-10 02:30"), et))
	c := candidates(wall("2024-07-01 12:00"), et)
	require.Len(t, c, 1)
	assert.Equal(t, time.Date(2024, 7, 1, 16, 0, 0, 0, time.UTC), c[0])
	assert.False(t, math.IsNaN(price(0, c[0])))
}
