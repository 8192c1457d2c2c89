package optimize

import (
	"fmt"
	"math"
	"sort"
	"strings"
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

// maxDiagnosedHalls bounds the hall sets diagnose tries per site (2^16).
const maxDiagnosedHalls = 16

// Diagnose looks for the conflicts that make a case infeasible and names
// the site and the numbers: existing AI that alone exceeds the
// interconnection; a commitment that no set of halls meets within the
// interconnection (in every hour, at each hour's PUE) and the fleet; a
// market cap below the new AI the commitments require. It returns nil
// when it finds none. plan and validate run it before anything else.
func Diagnose(in *Inputs) []string {
	if err := in.Check(); err != nil {
		return []string{err.Error()}
	}
	return diagnose(in, defaultTerms())
}

func diagnose(in *Inputs, terms []term) []string {
	var out []string
	c := in.Case
	var requiredNew float64
	var requiredBy []string
	blocks := in.blocks()
	pool := newHoursPool(len(blocks))
	var sol siteSolution
	for s := range c.Sites {
		site := &c.Sites[s]
		existing := site.AI.ExistingITMW * site.AI.ExistingPUE
		if existing > site.InterconnectMW+1e-9 {
			out = append(out, fmt.Sprintf("site %q: existing AI needs %s meter MW (%s IT MW × PUE %s), above the %s MW interconnection",
				site.ID, num(existing), num(site.AI.ExistingITMW), num(site.AI.ExistingPUE), num(site.InterconnectMW)))
			continue
		}
		if commitmentNeedMW(site) <= 1e-9 {
			continue
		}
		sh := pool.prepare(in, blocks, s, terms, false)
		minNew, msg := diagnoseCommitment(sh, terms, &sol)
		if msg != "" {
			out = append(out, fmt.Sprintf("site %q: %s", site.ID, msg))
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

// diagnoseCommitment finds the least new IT MW of a hall set that meets
// the site's commitment and fits every hour, or explains why none does.
func diagnoseCommitment(sh []*siteHours, terms []term, sol *siteSolution) (minNew float64, msg string) {
	site := sh[0].site
	halls := site.Halls
	need := commitmentNeedMW(site)
	free := site.InterconnectMW - sh[0].existingMeterMW
	var usable []int
	var notes []string
	for h := range halls {
		hall := &halls[h]
		switch {
		case hall.ITMW*hall.PUE > free+1e-9:
			notes = append(notes, fmt.Sprintf("hall %q alone needs %s meter MW (%s IT MW × PUE %s), above the %s MW free",
				hall.ID, num(hall.ITMW*hall.PUE), num(hall.ITMW), num(hall.PUE), num(free)))
		case hall.DisplacesMiningITMW > site.Mining.CapacityITMW+1e-9:
			notes = append(notes, fmt.Sprintf("hall %q displaces %s mining IT MW, more than the %s MW fleet",
				hall.ID, num(hall.DisplacesMiningITMW), num(site.Mining.CapacityITMW)))
		default:
			usable = append(usable, h)
		}
	}
	if len(usable) > maxDiagnosedHalls {
		// Too many to enumerate: never claim a conflict that may not be there.
		return need, ""
	}
	type candidate struct {
		mask   int
		it     float64
		meter  float64
		failed string
	}
	var fits []candidate // meet the commitment and fit at base PUE
	var maxNew float64
	for mask := 0; mask < 1<<len(usable); mask++ {
		var it, meter, disp float64
		for k, h := range usable {
			if mask&(1<<k) != 0 {
				it += halls[h].ITMW
				meter += halls[h].ITMW * halls[h].PUE
				disp += halls[h].DisplacesMiningITMW
			}
		}
		if meter > free+1e-9 || disp > site.Mining.CapacityITMW+1e-9 {
			continue
		}
		maxNew = math.Max(maxNew, it)
		if it >= need-1e-9 {
			fits = append(fits, candidate{mask: mask, it: it, meter: meter})
		}
	}
	if len(fits) == 0 {
		msg = fmt.Sprintf("commitment of %s AI IT MW exceeds what it can host: %s MW existing + at most %s MW from halls that fit together within the %s MW interconnection (%s meter MW free after existing AI) and the %s MW fleet",
			num(site.AI.CommittedITMW), num(site.AI.ExistingITMW), num(maxNew), num(site.InterconnectMW),
			num(free), num(site.Mining.CapacityITMW))
		if len(notes) > 0 {
			msg += "; " + strings.Join(notes, "; ")
		}
		return 0, msg
	}
	// Hour by hour (PUE may rise with the temperature), in order of IT MW.
	sort.SliceStable(fits, func(a, b int) bool { return fits[a].it < fits[b].it })
	sol.prepare(sh)
	rows := siteRowsOf(sh[0], terms)
	for i := range fits {
		clear(sol.build)
		for k, h := range usable {
			if fits[i].mask&(1<<k) != 0 {
				sol.build[h] = 1
			}
		}
		if rowsError(rows, sol.build) != nil {
			continue
		}
		fits[i].failed = hourConflict(sh, sol)
		if fits[i].failed == "" {
			return fits[i].it, ""
		}
	}
	first := fits[0]
	var ids []string
	for k, h := range usable {
		if first.mask&(1<<k) != 0 {
			ids = append(ids, halls[h].ID)
		}
	}
	return 0, fmt.Sprintf("commitment of %s AI IT MW needs halls %s (%s meter MW at their base PUE, within the %s MW free), but %s; no set of halls that meets the commitment fits every hour",
		num(site.AI.CommittedITMW), strings.Join(ids, ", "), num(first.meter), num(free), first.failed)
}

// hourConflict returns what breaks in the worst hour for the decisions in
// sol.build, naming the hour, its temperature and the numbers ("" when
// every hour fits).
func hourConflict(sh []*siteHours, sol *siteSolution) string {
	sol.inService()
	for k, shk := range sh {
		bs := &sol.blocks[k]
		shk.available(shk.lims, bs.z, &bs.av, bs.scratch)
		if bs.av.feasible() {
			continue
		}
		t := bs.av.minHour
		when := shk.b.hours[t].Format("2006-01-02T15:04Z")
		if temp, ok := shk.temperature(t); ok {
			when += fmt.Sprintf(" (%.1f °C)", temp)
		}
		if _, isPOI := shk.lims[bs.av.minLimiter].(poiTerm); isPOI {
			reserved := 0.0
			for h := range shk.halls {
				reserved += bs.z[h] * shk.halls[h].reservationAt(t)
			}
			return fmt.Sprintf("at %s their PUE rises and they reserve %s meter MW, above the %s MW free",
				when, num(reserved), num(shk.site.InterconnectMW-shk.existingMeterMW))
		}
		return fmt.Sprintf("at %s %s leaves mining %s IT MW", when, termName(shk.lims[bs.av.minLimiter]), num(bs.av.minLimit))
	}
	return ""
}
