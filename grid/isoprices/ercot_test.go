package isoprices

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ERCOT's published headers: day-ahead hourly and real-time 15-minute
// settlement point prices.
const (
	ercotDAMHeader = "Delivery Date,Hour Ending,Repeated Hour Flag,Settlement Point,Settlement Point Price"
	ercotRTMHeader = "Delivery Date,Delivery Hour,Delivery Interval,Repeated Hour Flag,Settlement Point Name,Settlement Point Type,Settlement Point Price"
)

// ercotLabel returns the delivery date, hour ending and repeated-hour flag
// of the hour starting at (UTC), on the Central clock: the spring-forward
// day skips the hour ending 02:00 and the fall-back day repeats it.
func ercotLabel(at time.Time, ct *time.Location) (string, int, string) {
	l := at.In(ct)
	mid := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, ct)
	n := int(time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, ct).Sub(mid) / time.Hour)
	k := int(at.Sub(mid) / time.Hour)
	he, flag := k+1, "N"
	switch {
	case n == 23 && k >= 1:
		he = k + 2
	case n == 25 && k == 2:
		he, flag = 2, "Y"
	case n == 25 && k > 2:
		he = k
	}
	return l.Format("01/02/2006"), he, flag
}

func ercotDAMFile(ct *time.Location, nodes []string, start time.Time, n int) string {
	var b strings.Builder
	b.WriteString(ercotDAMHeader + "\n")
	for k := range n {
		at := start.Add(time.Duration(k) * time.Hour)
		d, he, flag := ercotLabel(at, ct)
		for i, node := range nodes {
			fmt.Fprintf(&b, "%s,%02d:00,%s,%s,%.2f\n", d, he, flag, node, price(i, at))
		}
	}
	return b.String()
}

func ercotRTMFile(ct *time.Location, nodes []string, start time.Time, hours int) string {
	var b strings.Builder
	b.WriteString(ercotRTMHeader + "\n")
	for k := range hours {
		at := start.Add(time.Duration(k) * time.Hour)
		d, he, flag := ercotLabel(at, ct)
		for i, node := range nodes {
			for q := 1; q <= 4; q++ {
				fmt.Fprintf(&b, "%s,%d,%d,%s,%s,HU,%.6f\n", d, he, q, flag, node, price(i, at.Add(time.Duration(q-1)*15*time.Minute)))
			}
		}
	}
	return b.String()
}

func TestImportERCOT(t *testing.T) {
	ct := central(t)
	nodes := []string{"HB_WEST", "HB_NORTH"}
	for _, tc := range []struct {
		name  string
		start time.Time
	}{
		{"spring-forward day", time.Date(2024, 3, 10, 6, 0, 0, 0, time.UTC)},
		{"fall-back day", time.Date(2024, 11, 3, 5, 0, 0, 0, time.UTC)},
	} {
		t.Run(tc.name+" day-ahead", func(t *testing.T) {
			s, err := importString(t, ERCOT, map[string]string{"dam.csv": ercotDAMFile(ct, nodes, tc.start, 72)}, []string{"dam.csv"})
			require.NoError(t, err)
			for k := range 72 {
				require.Equal(t, tc.start.Add(time.Duration(k)*time.Hour), s.Times[k])
				require.InDelta(t, price(1, s.Times[k]), s.Values[1][k], 0.005)
			}
		})
		t.Run(tc.name+" real-time", func(t *testing.T) {
			s, err := importString(t, ERCOT, map[string]string{"rtm.csv": ercotRTMFile(ct, nodes, tc.start, 72)}, []string{"rtm.csv"})
			require.NoError(t, err)
			checkHourly(t, s, nodes, tc.start, 72, 15*time.Minute)
		})
	}
}

// TestERCOTHourStart pins the DST rule on named hours, independently of
// the file writer above.
func TestERCOTHourStart(t *testing.T) {
	ct := central(t)
	day := func(s string) time.Time { d, err := time.Parse(time.DateOnly, s); require.NoError(t, err); return d }
	for _, tc := range []struct {
		day      string
		he       int
		repeated bool
		want     time.Time
		err      string
	}{
		{"2024-07-01", 1, false, time.Date(2024, 7, 1, 5, 0, 0, 0, time.UTC), ""},
		{"2024-07-01", 24, false, time.Date(2024, 7, 2, 4, 0, 0, 0, time.UTC), ""},
		{"2024-01-15", 1, false, time.Date(2024, 1, 15, 6, 0, 0, 0, time.UTC), ""},
		{"2024-03-10", 3, false, time.Date(2024, 3, 10, 7, 0, 0, 0, time.UTC), ""}, // 01:00 CST-03:00 CDT
		{"2024-03-10", 4, false, time.Date(2024, 3, 10, 8, 0, 0, 0, time.UTC), ""},
		{"2024-11-03", 2, false, time.Date(2024, 11, 3, 6, 0, 0, 0, time.UTC), ""}, // 01:00-02:00 CDT
		{"2024-11-03", 2, true, time.Date(2024, 11, 3, 7, 0, 0, 0, time.UTC), ""},  // 01:00-02:00 CST
		{"2024-11-03", 3, false, time.Date(2024, 11, 3, 8, 0, 0, 0, time.UTC), ""},
		{"2024-11-03", 24, false, time.Date(2024, 11, 4, 5, 0, 0, 0, time.UTC), ""},
		{"2024-07-01", 2, true, time.Time{}, "only the hour ending 02:00 of the day clocks fall back repeats"},
	} {
		got, err := ercotHourStart(day(tc.day), tc.he, tc.repeated, ct)
		if tc.err != "" {
			assert.ErrorContains(t, err, tc.err, "%s HE %d", tc.day, tc.he)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, tc.want, got, "%s HE %d repeated %v", tc.day, tc.he, tc.repeated)
	}
}

func TestImportERCOTBadInput(t *testing.T) {
	ct := central(t)
	good := ercotRTMFile(ct, []string{"HB_WEST"}, time.Date(2024, 7, 1, 5, 0, 0, 0, time.UTC), 2)
	for _, tc := range []struct{ name, body, want string }{
		{"bad date", badField(good, 1, 0, "July 1"), `in.csv:2: column "Delivery Date": settlement point "HB_WEST": date "July 1": want MM/DD/YYYY`},
		{"bad hour", badField(good, 1, 1, "25"), `in.csv:2: column "Delivery Hour": settlement point "HB_WEST": hour "25": want 1 to 24`},
		{"bad interval", badField(good, 1, 2, "5"), `in.csv:2: column "Delivery Interval": settlement point "HB_WEST": interval "5": want 1 to 4`},
		{"bad flag", badField(good, 1, 3, "maybe"), `in.csv:2: column "Repeated Hour Flag": settlement point "HB_WEST": flag "maybe": want N or Y`},
		{"flag on a normal day", badField(good, 1, 3, "Y"), `in.csv:2: column "Delivery Hour": settlement point "HB_WEST": flagged as a repeated hour`},
		{"empty point", badField(good, 1, 4, ""), `in.csv:2: column "Settlement Point": empty settlement point name`},
		{"bad price", badField(good, 1, 6, "NaN"), `in.csv:2: column "Settlement Point Price": settlement point "HB_WEST": price "NaN" is not a finite number`},
		{"no price column", strings.Replace(good, "Settlement Point Price", "Price", 1), "lacks a column"},
		{"missing interval", strings.Replace(good, "07/01/2024,1,2,", "07/01/2024,1,3,", 1), `has a second price for the interval starting 2024-07-01T05:30:00Z`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Import(context.Background(), []Input{Reader("in.csv", strings.NewReader(tc.body))}, Options{ISO: ERCOT})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
