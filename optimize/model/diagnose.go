package model

import (
	"context"
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
	return DiagnoseTerms(in, DefaultTerms())
}

// DiagnoseTerms is Diagnose with the terms given, once the inputs are checked.
func DiagnoseTerms(in *Inputs, terms []Term) []string {
	out, _ := DiagnoseContext(context.Background(), in, terms) // cannot fail uncancelled
	return out
}

// DiagnoseContext is diagnose that checks ctx while it prepares each
// site's hours, and returns ctx.Err() once it is cancelled.
func DiagnoseContext(ctx context.Context, in *Inputs, terms []Term) ([]string, error) {
	blocks := in.Blocks()
	pool := NewSitePool(len(blocks))
	return DiagnosePrepared(ctx, in, blocks, func(s int) (*SiteData, error) {
		return pool.PrepareContext(ctx, in, blocks, s, terms, false)
	})
}

// DiagnosePrepared is DiagnoseContext over sites prepared by prepared
// (site s of in on blocks, with its halls; the data it returns is read
// before the next call): a caller that keeps its sites prepared
// (decomp.Session) prepares none again.
func DiagnosePrepared(ctx context.Context, in *Inputs, blocks []*Block, prepared func(s int) (*SiteData, error)) ([]string, error) {
	var out []string
	c := in.Case
	// requiredNew[k] is the least new AI IT MW the commitments need in service in block k.
	requiredNew := make([]float64, len(blocks))
	requiredBy := make([][]string, len(blocks))
	var sol SiteSolution
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
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sd, err := prepared(s)
		if err != nil {
			return nil, err
		}
		from := committedBlocks(sd)
		if len(from) == 0 {
			continue
		}
		minNew, msg := diagnoseCommitment(sd, from[0], &sol)
		if msg != "" {
			out = append(out, fmt.Sprintf("site %q: %s", site.ID, msg))
			continue
		}
		for k := from[0]; k < len(blocks); k++ {
			requiredNew[k] += minNew
			requiredBy[k] = append(requiredBy[k], fmt.Sprintf("%s: %s MW", site.ID, num(minNew)))
		}
	}
	for k, b := range blocks {
		capMW, ok := marketCapMW(c.Market, k)
		if !ok || requiredNew[k] <= capMW+1e-9 {
			continue
		}
		when := ""
		if b.year != 0 {
			when = fmt.Sprintf(" in %d", b.year)
		}
		out = append(out, fmt.Sprintf("market cap of %s AI IT MW%s (ai_demand_cap_it_mw) is below the %s MW of new AI that the commitments require (%s)",
			num(capMW), when, num(requiredNew[k]), strings.Join(requiredBy[k], ", ")))
		break
	}
	return out, nil
}

// usableBy returns the halls that can be in service by block k (a
// decision that starts by then) and fit the site on their own, with notes
// on those that do not fit.
func usableBy(sd *SiteData, k int) (usable []int, notes []string) {
	site := sd.site
	free := site.InterconnectMW - sd.Hours[0].existingMeterMW
	for h := range site.Halls {
		hall := &site.Halls[h]
		early := false
		for _, d := range sd.decisionsOf(h) {
			early = early || sd.Decisions[d].Start <= k
		}
		switch {
		case !early:
		case hall.ITMW*reservedPerITMW(hall) > free+site.NonfirmInterconnectMW+1e-9:
			notes = append(notes, fmt.Sprintf("hall %q alone needs %s meter MW (%s IT MW × %s), above the %s MW free",
				hall.ID, num(hall.ITMW*reservedPerITMW(hall)), num(hall.ITMW), num(reservedPerITMW(hall)), num(free+site.NonfirmInterconnectMW)))
		case hall.DisplacesMiningITMW > site.Mining.CapacityITMW+1e-9:
			notes = append(notes, fmt.Sprintf("hall %q displaces %s mining IT MW, more than the %s MW fleet",
				hall.ID, num(hall.DisplacesMiningITMW), num(site.Mining.CapacityITMW)))
		default:
			usable = append(usable, h)
		}
	}
	return usable, notes
}

// commitCandidate is a set of usable halls that meets a commitment at
// base PUE.
type commitCandidate struct {
	mask      int
	it, meter float64
	failed    string
}

// commitCandidates lists the sets of the usable halls that fit the
// interconnection and the fleet at base PUE and meet the commitment, and
// the most new IT MW of any set that fits.
func commitCandidates(sd *SiteData, usable []int) (fits []commitCandidate, maxNew float64) {
	site := sd.site
	halls := site.Halls
	need := commitmentNeedMW(site)
	free := site.InterconnectMW - sd.Hours[0].existingMeterMW
	for mask := 0; mask < 1<<len(usable); mask++ {
		var it, meter, disp float64
		for i, h := range usable {
			if mask&(1<<i) != 0 {
				it += halls[h].ITMW
				meter += halls[h].ITMW * reservedPerITMW(&halls[h])
				disp += halls[h].DisplacesMiningITMW
			}
		}
		if meter > free+site.NonfirmInterconnectMW+1e-9 || disp > site.Mining.CapacityITMW+1e-9 {
			continue
		}
		maxNew = math.Max(maxNew, it)
		if it >= need-1e-9 {
			fits = append(fits, commitCandidate{mask: mask, it: it, meter: meter})
		}
	}
	sort.SliceStable(fits, func(a, b int) bool { return fits[a].it < fits[b].it })
	return fits, maxNew
}

// diagnoseCommitment finds the least new IT MW of a hall set that meets
// the site's commitment from block k0 and fits every hour, or explains why
// none does — with a horizon, naming the earliest year that could.
func diagnoseCommitment(sd *SiteData, k0 int, sol *SiteSolution) (minNew float64, msg string) {
	site := sd.site
	usable, notes := usableBy(sd, k0)
	if len(usable) > maxDiagnosedHalls {
		// Too many to enumerate: never claim a conflict that may not be there.
		return commitmentNeedMW(site), ""
	}
	fits, maxNew := commitCandidates(sd, usable)
	when := ""
	if y := sd.Blocks[k0].year; y != 0 {
		when = fmt.Sprintf(" from %d", y)
	}
	free := site.InterconnectMW - sd.Hours[0].existingMeterMW
	if len(fits) == 0 {
		msg = fmt.Sprintf("commitment of %s AI IT MW%s exceeds what it can host: %s MW existing + at most %s MW from halls that can be in service by then and fit together within the %s MW interconnection (%s meter MW free after existing AI) and the %s MW fleet",
			num(site.AI.CommittedITMW), when, num(site.AI.ExistingITMW), num(maxNew), num(site.InterconnectMW),
			num(free), num(site.Mining.CapacityITMW))
		if len(notes) > 0 {
			msg += "; " + strings.Join(notes, "; ")
		}
		return 0, msg + earliestCommitment(sd, k0)
	}
	// Hour by hour (PUE may rise with the temperature), in order of IT MW.
	sol.Prepare(sd)
	for i := range fits {
		setCommitmentDecisions(sd, usable, fits[i].mask, sol.W)
		if RowsError(sd.Rows, sol.W) != nil {
			continue
		}
		fits[i].failed = hourConflict(sd, sol)
		if fits[i].failed == "" {
			return fits[i].it, ""
		}
	}
	first := fits[0]
	var ids []string
	for i, h := range usable {
		if first.mask&(1<<i) != 0 {
			ids = append(ids, site.Halls[h].ID)
		}
	}
	return 0, fmt.Sprintf("commitment of %s AI IT MW%s needs halls %s (%s meter MW at their base PUE, within the %s MW free), but %s; no set of halls that meets the commitment fits every hour",
		num(site.AI.CommittedITMW), when, strings.Join(ids, ", "), num(first.meter), num(free), first.failed)
}

// setCommitmentDecisions takes, for every hall in the set, its earliest
// decision, and every signed deal.
func setCommitmentDecisions(sd *SiteData, usable []int, mask int, w []float64) {
	clear(w)
	for i, h := range usable {
		if mask&(1<<i) != 0 {
			if ds := sd.decisionsOf(h); len(ds) > 0 {
				w[ds[0]] = 1
			}
		}
	}
	for d, dec := range sd.Decisions {
		if dec.Fixed {
			w[d] = 1
		}
	}
}

// earliestCommitment names the first year after block k0 in which the
// halls that could be in service meet the commitment at base PUE ("" when
// none does, or without a horizon).
func earliestCommitment(sd *SiteData, k0 int) string {
	if sd.Blocks[k0].year == 0 {
		return ""
	}
	for k := k0 + 1; k < len(sd.Blocks); k++ {
		usable, _ := usableBy(sd, k)
		if len(usable) > maxDiagnosedHalls {
			return ""
		}
		if fits, _ := commitCandidates(sd, usable); len(fits) > 0 {
			return fmt.Sprintf("; the earliest year it could be met is %d (set committed_from to %d-01-01 or later, or shorten the lead times)", sd.Blocks[k].year, sd.Blocks[k].year)
		}
	}
	return "; no year of the horizon could meet it"
}

// hourConflict returns what breaks in the worst hour for the decisions in
// sol.w, naming the hour, its temperature and the numbers ("" when every
// hour fits).
func hourConflict(sd *SiteData, sol *SiteSolution) string {
	sol.InService(sd)
	for k, shk := range sd.Hours {
		bs := &sol.Blocks[k]
		shk.Available(shk.Lims, bs.Z, &bs.Av, bs.Scratch)
		if bs.Av.Feasible() {
			continue
		}
		t := bs.Av.MinHour
		when := shk.Block.hours[t].Format("2006-01-02T15:04Z")
		if temp, ok := shk.temperature(t); ok {
			when += fmt.Sprintf(" (%.1f °C)", temp)
		}
		if _, isPOI := shk.Lims[bs.Av.MinLimiter].(poiTerm); isPOI {
			reserved := 0.0
			for h := range shk.halls {
				reserved += bs.Z[h] * shk.halls[h].reservationAt(t)
			}
			return fmt.Sprintf("at %s their PUE rises and they reserve %s meter MW, above the %s MW free",
				when, num(reserved), num(shk.site.InterconnectMW-shk.existingMeterMW))
		}
		return fmt.Sprintf("at %s %s leaves mining %s IT MW", when, termName(shk.Lims[bs.Av.MinLimiter]), num(bs.Av.MinLimit))
	}
	return ""
}
