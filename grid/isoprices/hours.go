package isoprices

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gridflip/gridflip/grid"
)

// Span is a run of consecutive hours without a price in the files, at one
// or more nodes.
type Span struct {
	// Nodes are the nodes the span concerns, in the table's order.
	Nodes []string
	// Every is true when the span concerns every node of the table.
	Every bool
	// First is the start of the span's first hour (UTC).
	First time.Time
	// Hours is the span's length.
	Hours int
}

// Last returns the start of the span's last hour (UTC).
func (s Span) Last() time.Time { return s.First.Add(time.Duration(s.Hours-1) * time.Hour) }

// Text describes the span on the market clock loc and in UTC, e.g.
// "2024-12-31 01:00 EST to 2024-12-31 23:00 EST (hours starting
// 2024-12-31T06:00:00Z to 2025-01-01T04:00:00Z, 23 hours)".
func (s Span) Text(loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	const wall = "2006-01-02 15:04 MST"
	if s.Hours == 1 {
		return fmt.Sprintf("%s (the hour starting %s)", s.First.In(loc).Format(wall), s.First.UTC().Format(time.RFC3339))
	}
	return fmt.Sprintf("%s to %s (hours starting %s to %s, %d hours)", s.First.In(loc).Format(wall), s.Last().In(loc).Format(wall),
		s.First.UTC().Format(time.RFC3339), s.Last().UTC().Format(time.RFC3339), s.Hours)
}

// Who names the span's nodes.
func (s Span) Who() string {
	if s.Every {
		return "every node"
	}
	qs := make([]string, len(s.Nodes))
	for i, n := range s.Nodes {
		qs[i] = fmt.Sprintf("%q", n)
	}
	if len(qs) == 1 {
		return "node " + qs[0]
	}
	return "nodes " + strings.Join(qs, ", ")
}

// Report says what Import found and did beyond the table itself.
type Report struct {
	// Clock is the ISO's market clock: the days of FirstDay and LastDay,
	// and the local hours in span texts.
	Clock *time.Location
	// Fill is the method that filled gaps (empty: none was needed).
	Fill FillMethod
	// Filled are the spans filled, in time order.
	Filled []Span
	// FilledHours counts the hours of the table in which at least one
	// node's price was filled; FilledPrices counts the prices filled.
	FilledHours, FilledPrices int
	// Outside are the hours of the first and last market day that the files
	// do not reach, when no days were asked for: named, not filled and not
	// in the table (Options.FirstDay and LastDay make them gaps).
	Outside []Span
}

// GapError lists the hours without a price, when no fill method was given.
type GapError struct {
	Clock *time.Location
	Spans []Span
	// Hours counts the hours in which at least one node has no price.
	Hours int
}

// maxSpansListed bounds the spans an error lists.
const maxSpansListed = 30

func (e *GapError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "no price for %d %s in %d %s (every hour of the range needs one; --fill METHOD fills gaps by a stated method):",
		e.Hours, plural(e.Hours, "hour", "hours"), len(e.Spans), plural(len(e.Spans), "span", "spans"))
	for i, s := range e.Spans {
		if i == maxSpansListed {
			fmt.Fprintf(&b, "\n  and %d more spans", len(e.Spans)-maxSpansListed)
			break
		}
		fmt.Fprintf(&b, "\n  %s: %s", s.Who(), s.Text(e.Clock))
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// hourly is one node's prices on the table's hours.
type hourly struct {
	name    string
	sum     []float64
	count   []int
	present []bool // every interval of the hour has a price
}

// series pivots the collected prices into one hourly series over the days
// asked for (or the hours the files cover), finding the hours without a
// price and filling them when asked.
func (c *collector) series(files []string, st stamp, opt Options) (*grid.Series, Report, error) {
	loc := c.day
	if loc == nil {
		loc = time.UTC
	}
	rep := Report{Clock: loc}
	nodes, err := c.ordered()
	if err != nil {
		return nil, rep, err
	}
	for _, n := range nodes {
		n.sort()
	}
	step, err := commonStep(nodes)
	if err != nil {
		return nil, rep, err
	}
	s := int64(step / time.Second)
	if st == stampEnd || (st == stampEndIfSubHourly && step < time.Hour) {
		for _, n := range nodes {
			for k := range n.times {
				n.times[k] -= s
			}
		}
	}
	for _, n := range nodes {
		for k := 1; k < len(n.times); k++ {
			if n.times[k] == n.times[k-1] {
				return nil, rep, fmt.Errorf("%s: node %q has a second price for the interval starting %s (the first is at %s)",
					n.where(files, k), n.name, stampText(n.times[k]), n.where(files, k-1))
			}
		}
	}
	from, to, err := c.hourRange(nodes, files, step, opt, loc, &rep)
	if err != nil {
		return nil, rep, err
	}
	hours := int((to - from + 3599) / 3600)
	per := int(time.Hour / step)
	table := make([]hourly, len(nodes))
	lines := make([]int32, hours)
	for i, n := range nodes {
		h := hourly{name: n.name, sum: make([]float64, hours), count: make([]int, hours), present: make([]bool, hours)}
		for k, t := range n.times {
			if t < from || t >= to {
				continue
			}
			if (t-from)%s != 0 {
				return nil, rep, fmt.Errorf("%s: node %q: the interval starting %s is not on the %s grid of the range starting %s", n.where(files, k), n.name, stampText(t), step, stampText(from))
			}
			j := int((t - from) / 3600)
			if i == 0 && h.count[j] == 0 {
				lines[j] = n.at[k].line
			}
			h.sum[j] += n.prices[k]
			h.count[j]++
		}
		for j := range hours {
			h.present[j] = h.count[j] == per
			if h.present[j] {
				h.sum[j] /= float64(per)
			}
		}
		table[i] = h
	}
	spans, gapHours := gaps(table, from)
	if len(spans) > 0 {
		if opt.Fill == "" {
			return nil, rep, &GapError{Clock: loc, Spans: spans, Hours: gapHours}
		}
		if err := fillAll(table, from, loc, opt.Fill); err != nil {
			return nil, rep, err
		}
		rep.Fill, rep.Filled, rep.FilledHours = opt.Fill, spans, gapHours
		for _, sp := range spans {
			rep.FilledPrices += sp.Hours * len(sp.Nodes)
		}
	}
	name := files[0]
	if len(files) > 1 {
		name = fmt.Sprintf("%s and %d more", files[0], len(files)-1)
	}
	out := &grid.Series{File: name, Step: time.Hour, Times: make([]time.Time, hours), Lines: lines}
	if step < time.Hour {
		out.AveragedFrom = step
	}
	for k := range hours {
		out.Times[k] = time.Unix(from+int64(k)*3600, 0).UTC()
	}
	for _, h := range table {
		out.Columns = append(out.Columns, h.name)
		out.Values = append(out.Values, h.sum)
	}
	return out, rep, nil
}

// hourRange returns the table's hours [from, to) (Unix seconds): the
// market days asked for, or the hours the files cover. In the latter case
// it names the hours of the first and last market day the files miss.
func (c *collector) hourRange(nodes []*nodeRows, files []string, step time.Duration, opt Options, loc *time.Location, rep *Report) (int64, int64, error) {
	if !opt.FirstDay.IsZero() || !opt.LastDay.IsZero() {
		if opt.FirstDay.IsZero() || opt.LastDay.IsZero() {
			return 0, 0, fmt.Errorf("give both the first and the last market day")
		}
		from := time.Date(opt.FirstDay.Year(), opt.FirstDay.Month(), opt.FirstDay.Day(), 0, 0, 0, 0, loc)
		to := time.Date(opt.LastDay.Year(), opt.LastDay.Month(), opt.LastDay.Day()+1, 0, 0, 0, 0, loc)
		if !to.After(from) {
			return 0, 0, fmt.Errorf("the last market day %s is before the first %s", opt.LastDay.Format(time.DateOnly), opt.FirstDay.Format(time.DateOnly))
		}
		if to.Sub(from) > maxDays*24*time.Hour {
			return 0, 0, fmt.Errorf("market days %s to %s: at most %d days", opt.FirstDay.Format(time.DateOnly), opt.LastDay.Format(time.DateOnly), maxDays)
		}
		if from.Unix()%3600 != 0 {
			return 0, 0, fmt.Errorf("the %s clock's midnight is not on a UTC hour", loc)
		}
		return from.Unix(), to.Unix(), nil
	}
	s := int64(step / time.Second)
	first, last := nodes[0], nodes[0]
	for _, n := range nodes[1:] {
		if n.times[0] < first.times[0] {
			first = n
		}
		if n.times[len(n.times)-1] > last.times[len(last.times)-1] {
			last = n
		}
	}
	from, to := first.times[0], last.times[len(last.times)-1]+s
	if step < time.Hour {
		if from%3600 != 0 {
			return 0, 0, fmt.Errorf("%s: the first %s interval starts at %s, not on the hour: hourly averages need whole hours", first.where(files, 0), step, stampText(from))
		}
		if r := (to - from) % 3600; r != 0 {
			return 0, 0, fmt.Errorf("%s: the last hour has %d of its %d %s intervals: hourly averages need whole hours", last.where(files, len(last.times)-1), r/s, int(time.Hour/step), step)
		}
	}
	if (to-from)/3600 > maxDays*24 {
		return 0, 0, fmt.Errorf("the prices run from %s to %s: at most %d days", stampText(from), stampText(to), maxDays)
	}
	rep.Outside = outside(from, to, loc)
	return from, to, nil
}

// maxDays bounds the range of a table (about 30 years).
const maxDays = 11_000

// outside returns the hours of the market days of from and to (on loc)
// that lie outside [from, to).
func outside(from, to int64, loc *time.Location) []Span {
	var out []Span
	f := time.Unix(from, 0).In(loc)
	if mid := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc); mid.Unix() < from {
		out = append(out, Span{Every: true, First: mid.UTC(), Hours: int((from - mid.Unix()) / 3600)})
	}
	t := time.Unix(to, 0).In(loc)
	if mid := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc); mid.Unix() < to {
		next := time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
		out = append(out, Span{Every: true, First: time.Unix(to, 0).UTC(), Hours: int((next.Unix() - to) / 3600)})
	}
	return out
}

// gaps returns the runs of hours without a price, spans shared by several
// nodes merged, in time order, and the number of hours with a gap.
func gaps(table []hourly, from int64) ([]Span, int) {
	type key struct{ first, hours int }
	var keys []key
	byKey := map[key][]string{}
	hit := make([]bool, len(table[0].present))
	for _, h := range table {
		for j := 0; j < len(h.present); {
			if h.present[j] {
				j++
				continue
			}
			k := j
			for k < len(h.present) && !h.present[k] {
				hit[k] = true
				k++
			}
			kk := key{j, k - j}
			if _, ok := byKey[kk]; !ok {
				keys = append(keys, kk)
			}
			byKey[kk] = append(byKey[kk], h.name)
			j = k
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.first != b.first {
			return a.first - b.first
		}
		return a.hours - b.hours
	})
	out := make([]Span, 0, len(keys))
	for _, k := range keys {
		ns := byKey[k]
		out = append(out, Span{Nodes: ns, Every: len(ns) == len(table), First: time.Unix(from+int64(k.first)*3600, 0).UTC(), Hours: k.hours})
	}
	n := 0
	for _, a := range hit {
		if a {
			n++
		}
	}
	return out, n
}
