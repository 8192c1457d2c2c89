package isoprices

import (
	"fmt"
	"strings"
	"time"
)

// The EIA portal's fixed columns.
const (
	eiaUTCColumn  = "UTC Timestamp (Interval Ending)"
	eiaDateColumn = "Local Date"
	eiaHourColumn = "Hour Number"
	// eiaLocalPrefix begins the names of the local begin and end columns,
	// e.g. "Local Timestamp Eastern Time (Interval Beginning)".
	eiaLocalPrefix = "local timestamp "
)

// eiaPriceSuffixes end the names of the portal's price columns; the node is
// the name without the suffix.
func eiaPriceSuffixes() []string { return []string{" LMP", " LBMP", " SPP"} }

// eiaClocks maps the clock named in the portal's local columns.
func eiaClocks() map[string]clock {
	return map[string]clock{
		"eastern time": clockEastern, "eastern prevailing time": clockEastern, "eastern standard time": clockEST,
		"central time": clockCentral, "central prevailing time": clockCentral, "central standard time": clockCST,
		"pacific time": clockPacific, "pacific prevailing time": clockPacific,
	}
}

// mapEIA maps the portal's header: the UTC column, the local clock and the
// price column of every node.
func (r *fileReader) mapEIA(rec []string, c columns, line int) (columns, error) {
	c.timeAt = c.node
	c.time = timeColumn{eiaUTCColumn, clockUTC, stampEnd}
	c.node = -1
	localClock, haveClock := clockUTC, false
	seen := map[string]bool{}
	for i, f := range rec {
		name := strings.TrimSpace(strings.TrimPrefix(f, "\ufeff"))
		low := strings.ToLower(name)
		switch {
		case i == c.timeAt, low == fold(eiaDateColumn), low == fold(eiaHourColumn), name == "":
			continue
		case strings.HasPrefix(low, eiaLocalPrefix):
			zone := strings.TrimSpace(strings.TrimPrefix(low, eiaLocalPrefix))
			if k := strings.Index(zone, "("); k >= 0 {
				zone = strings.TrimSpace(zone[:k])
			}
			cl, ok := eiaClocks()[zone]
			if !ok {
				return columns{}, lineError(r.name, line, name, "unknown local clock %q: want Eastern, Central or Pacific Time, or Eastern or Central Standard Time", zone)
			}
			localClock, haveClock = cl, true
			continue
		case strings.HasSuffix(name, ")"):
			continue // a price component: (Congestion), (Loss), (Energy)
		}
		node := ""
		for _, suf := range eiaPriceSuffixes() {
			if strings.HasSuffix(name, suf) {
				node = strings.TrimSpace(strings.TrimSuffix(name, suf))
				break
			}
		}
		if node == "" {
			return columns{}, lineError(r.name, line, name, "not a price column of the EIA layout (want \"<node> LMP\", \"<node> (Congestion)\" or \"<node> (Loss)\")")
		}
		if seen[node] {
			return columns{}, lineError(r.name, line, name, "node %q has a second price column", node)
		}
		seen[node] = true
		c.eiaNodes = append(c.eiaNodes, i)
		c.eiaNames = append(c.eiaNames, node)
	}
	if len(c.eiaNodes) == 0 {
		return columns{}, lineError(r.name, line, "", "header has no price column (%s)", r.l.expected())
	}
	if !haveClock {
		return columns{}, lineError(r.name, line, "", "header has no local timestamp column (%s)", r.l.expected())
	}
	if err := r.col.setDay(r.z.loc(localClock), r.name); err != nil {
		return columns{}, err
	}
	return c, nil
}

// rowEIA adds the prices of one interval of the portal's layout.
func (r *fileReader) rowEIA(rec []string, line int, c columns) error {
	wall, zoned, err := parseWall(rec[c.timeAt])
	if err != nil {
		return lineError(r.name, line, eiaUTCColumn, "%v", err)
	}
	if zoned {
		wall = wall.UTC()
	}
	at := wall.Truncate(time.Second)
	for k, i := range c.eiaNodes {
		node := c.eiaNames[k]
		if !r.col.wants(node) {
			continue
		}
		v, err := parsePrice(rec[i])
		if err != nil {
			return lineError(r.name, line, node+" LMP", "%v", err)
		}
		if err := r.col.add(node, at.Unix(), v, r.file, line); err != nil {
			return lineError(r.name, line, "", "%v", err)
		}
	}
	return nil
}

// eiaExpected describes the portal's layout for messages.
func eiaExpected() string {
	return fmt.Sprintf("want %q, a %q column naming its clock, and \"<node> LMP\" price columns, after three title lines", eiaUTCColumn, "Local Timestamp <clock> (Interval Beginning)")
}
