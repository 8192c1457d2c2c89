package isoprices

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// position is where a price was read: input index and line.
type position struct {
	file uint16
	line int32
}

// nodeRows holds one node's prices as read (any order).
type nodeRows struct {
	name   string
	times  []int64 // interval stamps, Unix seconds
	prices []float64
	at     []position
}

// collector gathers the prices of the wanted nodes across files.
type collector struct {
	want     map[string]bool // nil: every node
	order    []string        // requested order (empty: first appearance)
	slot     map[string]int
	nodes    []*nodeRows
	kept     int
	max      int
	others   []string        // a few node names skipped, for messages
	day      *time.Location  // the clock of market days (nil: UTC)
	dayFrom  string          // the file that set day
	repeats  map[repeat]bool // fall-back readings already used per node
	examples map[string]bool
}

// repeat identifies a node's row at the earlier of a repeated hour's two
// instants.
type repeat struct {
	node    string
	earlier int64
}

// maxExamples bounds the node names listed in messages.
const maxExamples = 8

func newCollector(opt Options) (*collector, error) {
	c := &collector{slot: map[string]int{}, max: opt.MaxPrices, repeats: map[repeat]bool{}, examples: map[string]bool{}}
	if c.max <= 0 {
		c.max = DefaultMaxPrices
	}
	if len(opt.Nodes) > 0 {
		c.want = make(map[string]bool, len(opt.Nodes))
		for _, n := range opt.Nodes {
			n = strings.TrimSpace(n)
			if n == "" {
				return nil, errors.New("an empty node name in the node list")
			}
			if c.want[n] {
				return nil, fmt.Errorf("node %q is listed twice", n)
			}
			c.want[n] = true
			c.order = append(c.order, n)
		}
	}
	return c, nil
}

// wants reports whether node's prices are kept, remembering a few others.
func (c *collector) wants(node string) bool {
	if c.want == nil || c.want[node] {
		return true
	}
	if len(c.others) < maxExamples && !c.examples[node] {
		c.examples[node] = true
		c.others = append(c.others, node)
	}
	return false
}

// add keeps one price.
func (c *collector) add(node string, at int64, price float64, file uint16, line int) error {
	if c.kept >= c.max {
		return fmt.Errorf("more than %d prices: name fewer nodes (--nodes) or import fewer files at a time", c.max)
	}
	i, ok := c.slot[node]
	if !ok {
		i = len(c.nodes)
		c.slot[node] = i
		c.nodes = append(c.nodes, &nodeRows{name: node})
	}
	n := c.nodes[i]
	n.times = append(n.times, at)
	n.prices = append(n.prices, price)
	n.at = append(n.at, position{file: file, line: int32(line)})
	c.kept++
	return nil
}

// repeated resolves a reading that falls in the repeated hour: the node's
// first row there is the earlier instant, its second the later one.
func (c *collector) repeated(node string, earlier, later time.Time) time.Time {
	k := repeat{node: node, earlier: earlier.Unix()}
	if c.repeats[k] {
		return later
	}
	c.repeats[k] = true
	return earlier
}

// ordered returns the nodes in output order, checking that every requested
// node was found.
func (c *collector) ordered() ([]*nodeRows, error) {
	if c.want == nil {
		if len(c.nodes) == 0 {
			return nil, errors.New("no prices: the files have a header but no price rows")
		}
		return c.nodes, nil
	}
	out := make([]*nodeRows, 0, len(c.order))
	for _, name := range c.order {
		i, ok := c.slot[name]
		if !ok {
			return nil, fmt.Errorf("node %q is not in the files%s", name, c.otherNames())
		}
		out = append(out, c.nodes[i])
	}
	return out, nil
}

func (c *collector) otherNames() string {
	if len(c.others) == 0 {
		return ""
	}
	qs := make([]string, len(c.others))
	for i, n := range c.others {
		qs[i] = fmt.Sprintf("%q", n)
	}
	return "; they name nodes such as " + strings.Join(qs, ", ")
}

// sort orders a node's rows by time (stable, so the first of two rows at
// one time stays first).
func (n *nodeRows) sort() {
	if slices.IsSorted(n.times) {
		return
	}
	perm := make([]int, len(n.times))
	for i := range perm {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(a, b int) int {
		switch {
		case n.times[a] < n.times[b]:
			return -1
		case n.times[a] > n.times[b]:
			return 1
		}
		return 0
	})
	times := make([]int64, len(perm))
	prices := make([]float64, len(perm))
	at := make([]position, len(perm))
	for i, p := range perm {
		times[i], prices[i], at[i] = n.times[p], n.prices[p], n.at[p]
	}
	n.times, n.prices, n.at = times, prices, at
}

// commonStep is the shortest positive gap between two of a node's
// intervals: an hour or a step that divides it.
func commonStep(nodes []*nodeRows) (time.Duration, error) {
	var step int64
	for _, n := range nodes {
		for k := 1; k < len(n.times); k++ {
			if d := n.times[k] - n.times[k-1]; d > 0 && (step == 0 || d < step) {
				step = d
			}
		}
	}
	if step == 0 {
		return time.Hour, nil // one interval: hourly by convention
	}
	d := time.Duration(step) * time.Second
	if d > time.Hour || time.Hour%d != 0 || d < time.Minute {
		return 0, fmt.Errorf("the intervals are %s apart: want hourly prices or a step that divides an hour (5 or 15 minutes)", d)
	}
	return d, nil
}

func (n *nodeRows) where(files []string, k int) string {
	return fmt.Sprintf("%s:%d", files[n.at[k].file], n.at[k].line)
}

func stampText(unix int64) string { return time.Unix(unix, 0).UTC().Format(time.RFC3339) }

// setDay records the clock of the files' market days; every file must be
// on the same one.
func (c *collector) setDay(loc *time.Location, file string) error {
	if c.day == nil {
		c.day, c.dayFrom = loc, file
		return nil
	}
	if c.day.String() != loc.String() {
		return fmt.Errorf("%s: its market days are on the %s clock, %s's on %s: import one clock at a time", file, loc, c.dayFrom, c.day)
	}
	return nil
}
