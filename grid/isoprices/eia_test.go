package isoprices

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The EIA Wholesale Electricity Market Portal's exact title lines and
// headers (MISO hubs: Eastern Standard Time; NYISO zones: Eastern Time).
const (
	eiaMISOTitle  = "MISO Hourly Real-Time Locational Marginal Prices ($/megawatt) for Hubs\nHourly real-time locational marginal prices for MISO\nSource: EIA collected from MISO\n"
	eiaMISOHeader = "UTC Timestamp (Interval Ending),Local Timestamp Eastern Standard Time (Interval Beginning),Local Timestamp Eastern Standard Time (Interval Ending),Local Date,Hour Number,Arkansas Hub LMP,Minnesota Hub LMP,Arkansas Hub (Congestion),Minnesota Hub (Congestion),Arkansas Hub (Loss),Minnesota Hub (Loss)"
	eiaNYTitle    = "NYISO Hourly Real-Time Locational Based Marginal Prices ($/megawatt) for Zones\nHourly real-time locational marginal prices for NYISO\nSource: EIA collected from NYISO\n"
	eiaNYHeader   = "UTC Timestamp (Interval Ending),Local Timestamp Eastern Time (Interval Beginning),Local Timestamp Eastern Time (Interval Ending),Local Date,Hour Number,A - West LMP,J - New York City LMP,A - West (Congestion),J - New York City (Congestion),A - West (Loss),J - New York City (Loss)"
)

// eiaFile writes the portal's layout for two nodes over hours [start,
// start+n), skipping the hours in skip.
func eiaFile(title, header string, loc *time.Location, start time.Time, n int, skip map[int]bool) string {
	return eiaFileOf(title, header, loc, start, n, skip, price)
}

// weekly is price plus the number of the week, so that weeks differ.
func weekly(i int, t time.Time) float64 { return price(i, t) + float64(t.Unix()/(7*86400)) }

// eiaFileOf is eiaFile with the prices of p.
func eiaFileOf(title, header string, loc *time.Location, start time.Time, n int, skip map[int]bool, p func(int, time.Time) float64) string {
	var b strings.Builder
	b.WriteString(title + header + "\n")
	const l = "2006-01-02 15:04:05"
	for k := range n {
		if skip[k] {
			continue
		}
		at := start.Add(time.Duration(k) * time.Hour)
		end := at.Add(time.Hour)
		fmt.Fprintf(&b, "%s,%s,%s,%s,%d,%.6f,%.6f,0.0,-0.5,0.1,0.2\n", end.UTC().Format(l), at.In(loc).Format(l), end.In(loc).Format(l),
			at.In(loc).Format("2006-01-02"), at.In(loc).Hour()+1, p(0, at), p(1, at))
	}
	return b.String()
}

func TestImportEIA(t *testing.T) {
	est := time.FixedZone("EST", -5*3600)
	fall := time.Date(2024, 11, 2, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, title, header string
		loc                 *time.Location
		nodes               []string
	}{
		{"miso hubs, eastern standard time", eiaMISOTitle, eiaMISOHeader, est, []string{"Arkansas Hub", "Minnesota Hub"}},
		{"nyiso zones, eastern time across fall-back", eiaNYTitle, eiaNYHeader, eastern(t), []string{"A - West", "J - New York City"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := eiaFile(tc.title, tc.header, tc.loc, fall, 48, nil)
			s, err := importString(t, EIA, map[string]string{"eia.csv": body}, []string{"eia.csv"})
			require.NoError(t, err)
			checkHourly(t, s, tc.nodes, fall, 48, time.Hour)
			s, err = importString(t, EIA, map[string]string{"eia.csv": body}, []string{"eia.csv"}, tc.nodes[1])
			require.NoError(t, err)
			assert.Equal(t, tc.nodes[1:], s.Columns)
		})
	}
}

// TestImportGapsAreListed checks that every span without a price is named,
// on the market clock and in UTC, and that nothing is returned.
func TestImportGapsAreListed(t *testing.T) {
	start := time.Date(2023, 7, 1, 4, 0, 0, 0, time.UTC) // 00:00 EDT
	body := eiaFile(eiaNYTitle, eiaNYHeader, eastern(t), start, 72, map[int]bool{5: true, 30: true, 31: true, 32: true})
	s, _, err := ImportReport(context.Background(), []Input{Reader("ny.csv", strings.NewReader(body))}, Options{ISO: EIA})
	require.Nil(t, s)
	var gap *GapError
	require.True(t, errors.As(err, &gap), "%v", err)
	assert.Equal(t, 4, gap.Hours)
	require.Len(t, gap.Spans, 2)
	assert.Equal(t, "no price for 4 hours in 2 spans (every hour of the range needs one; --fill METHOD fills gaps by a stated method):\n"+
		"  every node: 2023-07-01 05:00 EDT (the hour starting 2023-07-01T09:00:00Z)\n"+
		"  every node: 2023-07-02 06:00 EDT to 2023-07-02 08:00 EDT (hours starting 2023-07-02T10:00:00Z to 2023-07-02T12:00:00Z, 3 hours)", err.Error())
}

// TestImportDaysMakeEdgesGaps: without days asked for, hours of the last
// market day the file does not reach are named in the report; with them,
// they are a gap (the PJM Data Miner file's 23 missing hours).
func TestImportDaysMakeEdgesGaps(t *testing.T) {
	start := time.Date(2024, 12, 30, 5, 0, 0, 0, time.UTC) // 00:00 EST
	body := pjmFile(t, pjmRTHeader, []string{"WESTERN HUB"}, start, 25, time.Hour)
	in := func() []Input { return []Input{Reader("pjm.csv", strings.NewReader(body))} }
	s, rep, err := ImportReport(context.Background(), in(), Options{ISO: PJM})
	require.NoError(t, err)
	assert.Equal(t, 25, s.Len())
	require.Len(t, rep.Outside, 1)
	assert.Equal(t, "2024-12-31 01:00 EST to 2024-12-31 23:00 EST (hours starting 2024-12-31T06:00:00Z to 2025-01-01T04:00:00Z, 23 hours)", rep.Outside[0].Text(rep.Clock))

	days := Options{ISO: PJM, FirstDay: time.Date(2024, 12, 30, 0, 0, 0, 0, time.UTC), LastDay: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}
	_, _, err = ImportReport(context.Background(), in(), days)
	require.ErrorContains(t, err, "no price for 23 hours in 1 span")
	require.ErrorContains(t, err, "every node: 2024-12-31 01:00 EST to 2024-12-31 23:00 EST")

	days.Fill = FillPreviousDay
	s, rep, err = ImportReport(context.Background(), in(), days)
	require.NoError(t, err)
	require.Equal(t, 48, s.Len())
	assert.Empty(t, rep.Outside)
	assert.Equal(t, 23, rep.FilledHours)
	for k := 25; k < 48; k++ {
		assert.Equal(t, s.Values[0][k-24], s.Values[0][k], "hour %d copies the day before", k)
	}
}

func TestFillMethods(t *testing.T) {
	start := time.Date(2024, 6, 3, 4, 0, 0, 0, time.UTC) // Monday 00:00 EDT
	const n = 4 * 7 * 24
	hole := map[int]bool{}
	for k := 7*24 + 10; k < 7*24+13; k++ { // Monday of week 2, 10:00-12:00
		hole[k] = true
	}
	for k := 3*7*24 + 30; k < 3*7*24+130; k++ { // a gap of 100 hours in week 4
		hole[k] = true
	}
	body := eiaFileOf(eiaNYTitle, eiaNYHeader, eastern(t), start, n, hole, weekly)
	at := func(k int) time.Time { return start.Add(time.Duration(k) * time.Hour) }
	for _, tc := range []struct {
		m    FillMethod
		want func(k int) float64 // the filled price of node 0 at hour k
		err  string
	}{
		{FillPreviousDay, func(k int) float64 {
			for hole[k] {
				k -= 24
			}
			return weekly(0, at(k))
		}, ""},
		{FillNearestWeek, func(k int) float64 {
			for w := 1; ; w++ {
				if k-w*168 >= 0 && !hole[k-w*168] {
					return weekly(0, at(k-w*168))
				}
				if k+w*168 < n && !hole[k+w*168] {
					return weekly(0, at(k+w*168))
				}
			}
		}, ""},
	} {
		t.Run(string(tc.m), func(t *testing.T) {
			s, rep, err := ImportReport(context.Background(), []Input{Reader("ny.csv", strings.NewReader(body))}, Options{ISO: EIA, Fill: tc.m})
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, n, s.Len())
			assert.Equal(t, len(hole), rep.FilledHours)
			assert.Equal(t, 2*len(hole), rep.FilledPrices)
			require.Len(t, rep.Filled, 2)
			assert.True(t, rep.Filled[0].Every)
			for k := range n {
				want := weekly(0, at(k))
				if hole[k] {
					want = tc.want(k)
					require.NotEqual(t, weekly(0, at(k)), want, "hour %d: the test needs a filled price unlike the true one", k)
				}
				require.InDelta(t, want, s.Values[0][k], 1e-6, "hour %d", k)
			}
		})
	}
	// Linear fills an inner gap between its neighbours.
	body = eiaFile(eiaNYTitle, eiaNYHeader, eastern(t), start, 20, map[int]bool{4: true, 5: true})
	s, _, err := ImportReport(context.Background(), []Input{Reader("ny.csv", strings.NewReader(body))}, Options{ISO: EIA, Fill: FillLinear})
	require.NoError(t, err)
	a, b := price(0, at(3)), price(0, at(6))
	assert.InDelta(t, a+(b-a)/3, s.Values[0][4], 1e-9)
	assert.InDelta(t, a+2*(b-a)/3, s.Values[0][5], 1e-9)
	days := Options{ISO: EIA, Fill: FillLinear, FirstDay: time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC), LastDay: time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC)}
	_, _, err = ImportReport(context.Background(), []Input{Reader("ny.csv", strings.NewReader(body))}, days)
	assert.ErrorContains(t, err, `node "A - West": 2024-06-03 20:00 EDT to 2024-06-03 23:00 EDT (hours starting 2024-06-04T00:00:00Z to 2024-06-04T03:00:00Z, 4 hours) is at an end of the range, with a price on one side only: linear cannot fill it (use same-hour-nearest-week)`)
	_, err = ParseFill("spline")
	assert.ErrorContains(t, err, `unknown fill method "spline": want one of same-hour-previous-day, linear, same-hour-nearest-week`)
}

func TestImportEIABadInput(t *testing.T) {
	start := time.Date(2024, 1, 2, 5, 0, 0, 0, time.UTC)
	good := eiaFile(eiaMISOTitle, eiaMISOHeader, time.FixedZone("EST", -5*3600), start, 3, nil)
	for _, tc := range []struct{ name, body, want string }{
		{"bad price", badField(good, 5, 6, "x"), `in.csv:6: column "Minnesota Hub LMP": price "x" is not a finite number`},
		{"empty price", badField(good, 5, 5, ""), `in.csv:6: column "Arkansas Hub LMP": empty price`},
		{"bad time", strings.Replace(good, "2024-01-02 07:00:00,", "tomorrow,", 1), `in.csv:6: column "UTC Timestamp (Interval Ending)": timestamp "tomorrow"`},
		{"unknown clock", strings.ReplaceAll(good, "Eastern Standard Time", "Mars Time"), `unknown local clock "mars time"`},
		{"unknown column", strings.Replace(good, "Minnesota Hub LMP", "Minnesota Hub Price", 1), `in.csv:4: column "Minnesota Hub Price": not a price column`},
		{"no local column", strings.ReplaceAll(good, "Local Timestamp Eastern Standard Time", "Whatever"), `in.csv:4: header has no local timestamp column`},
		{"field count", good + "1,2\n", "in.csv:8: has 2 fields, the header has 11"},
		{"duplicate hour", good + strings.Split(good, "\n")[4] + "\n", "in.csv:8: node \"Arkansas Hub\" has a second price"},
		{"not eia", pjmRTHeader + "\n", `no header row with a "UTC Timestamp (Interval Ending)" column`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Import(context.Background(), []Input{Reader("in.csv", strings.NewReader(tc.body))}, Options{ISO: EIA})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// badField replaces field f of line l (0-based) of body.
func badField(body string, l, f int, v string) string {
	lines := strings.Split(body, "\n")
	fields := strings.Split(lines[l], ",")
	fields[f] = v
	lines[l] = strings.Join(fields, ",")
	return strings.Join(lines, "\n")
}
