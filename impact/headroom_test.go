package impact_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/impact"
)

// handYear is 2021 in UTC at 100 MW, with a July peak of 200 MW followed
// by 190 MW and a January peak of 150 MW: thresholds 200 and 150.
func handYear() impact.AreaLoad {
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	load := make([]float64, 8760)
	for i := range load {
		load[i] = 100
	}
	july := int(time.Date(2021, 7, 15, 17, 0, 0, 0, time.UTC).Sub(start) / time.Hour)
	load[july], load[july+1] = 200, 190
	jan := int(time.Date(2021, 1, 20, 8, 0, 0, 0, time.UTC).Sub(start) / time.Hour)
	load[jan] = 150
	return impact.AreaLoad{ID: "HAND", Start: start, LoadMW: load}
}

// TestHeadroomHandComputed: with 3,624 winter-held hours (151 days) at 50
// MW of slack, the 0.25 % headroom solves 3L − 10 + 3,623(L − 50) =
// 0.0025·8,760·L, so L = 181,160 / 3,604.1 = 50.26 → 50 MW; at 1 %,
// 181,160 / 3,538.4 = 51.2 → 51 MW.
func TestHeadroomHandComputed(t *testing.T) {
	h, err := impact.Headroom(handYear(), []float64{0.0025, 0.01})
	require.NoError(t, err)
	require.Equal(t, 200.0, h.SummerThresholdMW)
	require.Equal(t, 150.0, h.WinterThresholdMW)
	require.Equal(t, 200.0, h.PeakMW)
	require.Equal(t, []int{2021}, h.Years)
	for _, tc := range []struct {
		name string
		got  impact.LimitResult
		want impact.LimitResult
	}{
		{"0.25%", h.Results[0], impact.LimitResult{CurtailmentLimit: 0.0025, HeadroomMW: 50,
			// 200 (c 50) and 190 (c 40) one event, 150 (c 50) another; none keeps half
			CurtailedHoursPerYear: 3, MeanEventHours: 1.5}},
		{"1%", h.Results[1], impact.LimitResult{CurtailmentLimit: 0.01, HeadroomMW: 51,
			// every winter-held hour is curtailed: January-March and
			// November-December are two events, the July pair a third;
			// the 3,623 base hours lose 1 MW of 51
			CurtailedHoursPerYear: 3626, MeanEventHours: 3626.0 / 3,
			ShareKeeping50: 3623.0 / 3626, ShareKeeping75: 3623.0 / 3626, ShareKeeping90: 3623.0 / 3626}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want.CurtailmentLimit, tc.got.CurtailmentLimit)
			require.Equal(t, tc.want.HeadroomMW, tc.got.HeadroomMW)
			require.InDelta(t, tc.want.CurtailedHoursPerYear, tc.got.CurtailedHoursPerYear, 1e-9)
			require.InDelta(t, tc.want.MeanEventHours, tc.got.MeanEventHours, 1e-9)
			require.InDelta(t, tc.want.ShareKeeping50, tc.got.ShareKeeping50, 1e-12)
			require.InDelta(t, tc.want.ShareKeeping75, tc.got.ShareKeeping75, 1e-12)
			require.InDelta(t, tc.want.ShareKeeping90, tc.got.ShareKeeping90, 1e-12)
		})
	}
	require.NotEmpty(t, h.Curve)
	for i := 1; i < len(h.Curve); i++ {
		require.GreaterOrEqual(t, h.Curve[i].Rate, h.Curve[i-1].Rate*(1-1e-12), "the rate grows with the added load")
	}
}

// TestHeadroomMeanOfYears: the rate is the mean of the yearly rates, each
// over the hours present; a year with less than 90 % of its hours does
// not count, nor do its loads in the thresholds.
func TestHeadroomMeanOfYears(t *testing.T) {
	one := handYear()
	two := handYear()
	two.LoadMW = append(append([]float64(nil), one.LoadMW...), make([]float64, 8760)...)
	for i := 8760; i < 2*8760; i++ {
		two.LoadMW[i] = one.LoadMW[i-8760]
	}
	// 2022 is 2021 again: the same rates, the same headroom.
	h1, err := impact.Headroom(one, impact.DefaultLimits())
	require.NoError(t, err)
	h2, err := impact.Headroom(two, impact.DefaultLimits())
	require.NoError(t, err)
	require.Equal(t, []int{2021, 2022}, h2.Years)
	require.Equal(t, h1.Results, h2.Results)

	// A third year with a huge peak but only 80 % of its hours is left out.
	three := two
	three.LoadMW = append(append([]float64(nil), two.LoadMW...), make([]float64, 8760)...)
	for i := 2 * 8760; i < 3*8760; i++ {
		three.LoadMW[i] = math.NaN()
		if i < 2*8760+7008 {
			three.LoadMW[i] = 1000
		}
	}
	h3, err := impact.Headroom(three, impact.DefaultLimits())
	require.NoError(t, err)
	require.Equal(t, []int{2021, 2022}, h3.Years)
	require.Equal(t, h1.Results, h3.Results)
}

// TestHeadroomLocalCalendar: months and years are local. Shifting the
// axis to America/New_York moves the first five UTC hours of 2021 into
// local 2020 (5 hours: not counted).
func TestHeadroomLocalCalendar(t *testing.T) {
	a := handYear()
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	a.Settings.TimeZone = ny
	a.Start = time.Date(2021, 1, 1, 5, 0, 0, 0, time.UTC) // local midnight
	h, err := impact.Headroom(a, []float64{0.0025})
	require.NoError(t, err)
	require.Equal(t, []int{2021}, h.Years)
	require.Equal(t, 50.0, h.Results[0].HeadroomMW, "the same year in local time")
}

// TestHeadroomWidenedWindow: a September peak counts only when the summer
// window is widened to September.
func TestHeadroomWidenedWindow(t *testing.T) {
	a := handYear()
	sep := int(time.Date(2021, 9, 6, 17, 0, 0, 0, time.UTC).Sub(a.Start) / time.Hour)
	a.LoadMW[sep] = 260
	h, err := impact.Headroom(a, []float64{0.0025})
	require.NoError(t, err)
	require.Equal(t, 200.0, h.SummerThresholdMW)
	a.Settings.SummerPeakMonths = []time.Month{time.June, time.July, time.August, time.September}
	h, err = impact.Headroom(a, []float64{0.0025})
	require.NoError(t, err)
	require.Equal(t, 260.0, h.SummerThresholdMW)
}

// oracle is the plain definition over one year of loads against
// thresholds by month (UTC): the largest whole MW up to 400 whose
// curtailment rate, Σ max(0, D + L − Th) / (L · hours), is within limit.
func oracle(start time.Time, load []float64, summer, winter, limit float64) float64 {
	th := make([]float64, len(load))
	for i := range th {
		th[i] = winter
		if m := start.Add(time.Duration(i) * time.Hour).Month(); m >= time.April && m <= time.October {
			th[i] = summer
		}
	}
	rate := func(L float64) float64 {
		var c float64
		for i, d := range load {
			c += math.Max(0, d+L-th[i])
		}
		return c / (L * float64(len(load)))
	}
	best := 0.0
	for L := 1.0; L <= 400; L++ {
		if rate(L) <= limit {
			best = L
		}
	}
	return best
}

// TestHeadroomChangeFirmLoad: a firm load of M MW over the reference
// year shifts the load up by M, so the curtailment of an added load L
// after is the curtailment of L + M before. The headroom after is
// therefore at most the headroom before less M, and less than that by
// limit·M / (share of hours curtailed − limit): the firm load's share of
// the excess now falls on a smaller flexible load. Both sides match the
// plain definition (the oracle) to the MW.
func TestHeadroomChangeFirmLoad(t *testing.T) {
	a := handYear()
	a.LoadMW = append(a.LoadMW, a.LoadMW...)
	for i := 8760; i < len(a.LoadMW); i++ {
		a.LoadMW[i] += float64(i%24) * 0.5 // a daily shape in 2022
	}
	hours, err := impact.ReferenceHours(a, 2022)
	require.NoError(t, err)
	require.Len(t, hours, 8760)
	require.Equal(t, time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), hours[0])
	ref := a.LoadMW[8760:]
	all, err := impact.Headroom(a, []float64{0.01})
	require.NoError(t, err)
	summer, winter := all.SummerThresholdMW, all.WinterThresholdMW
	require.Equal(t, []float64{208.5, 154}, []float64{summer, winter}, "2022's peaks, 8.5 and 4 MW up")
	for _, m := range []float64{0, 1, 7, 30} {
		delta := make([]float64, len(hours))
		after := make([]float64, len(hours))
		for i := range delta {
			delta[i], after[i] = m, ref[i]+m
		}
		ch, err := impact.HeadroomChange(a, 2022, delta, impact.DefaultLimits())
		require.NoError(t, err)
		require.Equal(t, 2022, ch.Year)
		for k, lim := range impact.DefaultLimits() {
			before, got := ch.Before[k].HeadroomMW, ch.After[k].HeadroomMW
			require.Equal(t, oracle(hours[0], ref, summer, winter, lim), before, "before, limit %v", lim)
			require.Equal(t, oracle(hours[0], after, summer, winter, lim), got, "after, limit %v, M %v", lim, m)
			require.LessOrEqual(t, got, before-m, "limit %v, M %v", lim, m)
			if m == 0 {
				require.Equal(t, before, got)
			}
		}
	}
}

func TestHeadroomErrors(t *testing.T) {
	neg := handYear()
	neg.LoadMW[3] = -1
	short := handYear()
	for i := 1000; i < 2000; i++ {
		short.LoadMW[i] = math.NaN()
	}
	for _, tc := range []struct {
		name   string
		area   impact.AreaLoad
		limits []float64
		want   string
	}{
		{"no limit", handYear(), nil, "no curtailment limit"},
		{"zero limit", handYear(), []float64{0}, "curtailment limit 0: want a share in (0, 0.5]"},
		{"limit above half", handYear(), []float64{0.6}, "curtailment limit 0.6"},
		{"NaN limit", handYear(), []float64{math.NaN()}, "curtailment limit NaN"},
		{"negative load", neg, []float64{0.01}, "area HAND: hour 2021-01-01T03:00:00Z: load -1 MW"},
		{"no counted year", short, []float64{0.01}, "area HAND: no counted year: a local calendar year (UTC) counts when at least 90% of its hours have a load; the most complete, 2021, has 7760 of 8760"},
		{"summer overlaps winter", withSettings(impact.AreaSettings{SummerPeakMonths: []time.Month{6, 7, 8, 11}}), []float64{0.01}, "summer peak months: November overlaps the winter season"},
		{"winter overlaps summer", withSettings(impact.AreaSettings{WinterPeakMonths: []time.Month{12, 1, 2, 4}}), []float64{0.01}, "winter peak months: April overlaps the summer season"},
		{"widened by two", withSettings(impact.AreaSettings{SummerPeakMonths: []time.Month{4, 5, 6, 7, 8}}), []float64{0.01}, "April widens the summer window by more than one month"},
		{"core missing", withSettings(impact.AreaSettings{WinterPeakMonths: []time.Month{12, 1}}), []float64{0.01}, "winter peak months: February is missing"},
		{"twice", withSettings(impact.AreaSettings{SummerPeakMonths: []time.Month{6, 7, 8, 8}}), []float64{0.01}, "August is given twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := impact.Headroom(tc.area, tc.limits)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func withSettings(s impact.AreaSettings) impact.AreaLoad {
	a := handYear()
	a.Settings = s
	return a
}

func TestHeadroomChangeErrors(t *testing.T) {
	a := handYear()
	_, err := impact.HeadroomChange(a, 2020, make([]float64, 8760), []float64{0.01})
	require.ErrorContains(t, err, "reference year 2020 is not in the load data")
	_, err = impact.HeadroomChange(a, 2021, make([]float64, 10), []float64{0.01})
	require.ErrorContains(t, err, "10 hourly load changes for reference year 2021, which has 8760 hours")
	d := make([]float64, 8760)
	d[5] = math.Inf(1)
	_, err = impact.HeadroomChange(a, 2021, d, []float64{0.01})
	require.ErrorContains(t, err, "load change 5 (2021-01-01T05:00:00Z) is +Inf")
}

func TestHeadroomAllTotals(t *testing.T) {
	a, b := handYear(), handYear()
	b.ID = "TWO"
	for i := range b.LoadMW {
		b.LoadMW[i] *= 2
	}
	h, err := impact.HeadroomAll([]impact.AreaLoad{a, b}, []float64{0.0025})
	require.NoError(t, err)
	require.Equal(t, 50.0, h.Areas[0].Results[0].HeadroomMW)
	require.Equal(t, 100.0, h.Areas[1].Results[0].HeadroomMW, "doubling the load doubles the headroom")
	require.Equal(t, []impact.Total{{CurtailmentLimit: 0.0025, HeadroomMW: 150}}, h.Total)
	h.SortByHeadroom(0)
	require.Equal(t, "TWO", h.Areas[0].ID)
}
