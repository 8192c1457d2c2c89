package optimize

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gridflip/gridflip/sites"
)

// InfeasibleError explains why a case has no feasible plan.
type InfeasibleError struct {
	Conflicts []string
}

// Error lists the conflicts found, or says none of the simple ones was.
func (e *InfeasibleError) Error() string {
	if len(e.Conflicts) == 0 {
		return "the case is infeasible, and none of the simple conflicts (commitments, interconnection, market cap) explains it"
	}
	return "the case is infeasible:\n  " + strings.Join(e.Conflicts, "\n  ")
}

// maxEnumeratedHalls bounds the subsets Diagnose enumerates per site.
const maxEnumeratedHalls = 16

// Diagnose looks for the conflicts that make a case infeasible and names the
// site and the numbers: existing AI that alone exceeds the interconnection;
// a commitment larger than existing AI plus every combination of halls that
// fits the interconnection and the fleet; a market cap below the new AI the
// commitments require. It returns nil when it finds none.
func Diagnose(in *Inputs) []string {
	var out []string
	c := in.Case
	var requiredNew float64
	var requiredBy []string
	for s := range c.Sites {
		site := &c.Sites[s]
		existing := existingMeterMW(site)
		if existing > site.InterconnectMW+1e-9 {
			out = append(out, fmt.Sprintf("site %q: existing AI needs %s meter MW (%s IT MW × PUE %s), above the %s MW interconnection",
				site.ID, num(existing), num(site.AI.ExistingITMW), num(site.AI.ExistingPUE), num(site.InterconnectMW)))
			continue
		}
		need := site.AI.CommittedITMW - site.AI.ExistingITMW
		if need <= 1e-9 {
			continue
		}
		minNew, maxNew, notes := hallOptions(site.InterconnectMW-existing, site.Mining.CapacityITMW, site, need)
		if maxNew < need-1e-9 {
			msg := fmt.Sprintf("site %q: commitment of %s AI IT MW exceeds what it can host: %s MW existing + at most %s MW from halls that fit together within the %s MW interconnection (%s meter MW free after existing AI) and the %s MW fleet",
				site.ID, num(site.AI.CommittedITMW), num(site.AI.ExistingITMW), num(maxNew), num(site.InterconnectMW),
				num(site.InterconnectMW-existing), num(site.Mining.CapacityITMW))
			if len(notes) > 0 {
				msg += "; " + strings.Join(notes, "; ")
			}
			out = append(out, msg)
			continue
		}
		requiredNew += minNew
		requiredBy = append(requiredBy, fmt.Sprintf("%s: %s MW", site.ID, num(minNew)))
	}
	if capMW := c.Market.AIDemandCapITMW; capMW != nil && requiredNew > *capMW+1e-9 {
		out = append(out, fmt.Sprintf("market cap of %s AI IT MW (ai_demand_cap_it_mw) is below the %s MW of new AI that the commitments require (%s)",
			num(*capMW), num(requiredNew), strings.Join(requiredBy, ", ")))
	}
	return out
}

// hallOptions returns the least new IT MW that meets need and the most new
// IT MW any feasible combination of halls provides, where a combination is
// feasible when its meter MW fits freeMeter and its displaced miners fit the
// fleet. notes explain halls that can never be built.
func hallOptions(freeMeter, fleet float64, site *sites.Site, need float64) (minNew, maxNew float64, notes []string) {
	halls := site.Halls
	var usable []int
	for h := range halls {
		hall := &halls[h]
		switch {
		case hall.ITMW*hall.PUE > freeMeter+1e-9:
			notes = append(notes, fmt.Sprintf("hall %q alone needs %s meter MW (%s IT MW × PUE %s), above the %s MW free",
				hall.ID, num(hall.ITMW*hall.PUE), num(hall.ITMW), num(hall.PUE), num(freeMeter)))
		case hall.DisplacesMiningITMW > fleet+1e-9:
			notes = append(notes, fmt.Sprintf("hall %q displaces %s mining IT MW, more than the %s MW fleet",
				hall.ID, num(hall.DisplacesMiningITMW), num(fleet)))
		default:
			usable = append(usable, h)
		}
	}
	if len(usable) > maxEnumeratedHalls {
		// Too many to enumerate: bound by the sum (a relaxation), so the
		// diagnosis never claims a conflict that is not there.
		sort.Ints(usable)
		for _, h := range usable {
			maxNew += halls[h].ITMW
		}
		return math.Min(need, maxNew), maxNew, notes
	}
	minNew = math.Inf(1)
	for mask := 0; mask < 1<<len(usable); mask++ {
		var it, meter, displaced float64
		for k, h := range usable {
			if mask&(1<<k) != 0 {
				it += halls[h].ITMW
				meter += halls[h].ITMW * halls[h].PUE
				displaced += halls[h].DisplacesMiningITMW
			}
		}
		if meter > freeMeter+1e-9 || displaced > fleet+1e-9 {
			continue
		}
		maxNew = math.Max(maxNew, it)
		if it >= need-1e-9 {
			minNew = math.Min(minNew, it)
		}
	}
	if math.IsInf(minNew, 1) {
		minNew = maxNew
	}
	return minNew, maxNew, notes
}

// num formats a figure compactly for messages.
func num(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".")
}
