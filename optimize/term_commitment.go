package optimize

import (
	"fmt"

	"github.com/gridflip/gridflip/sites"
)

// commitmentTerm is take-or-pay AI capacity: existing AI plus the halls in
// service must reach committed_it_mw — in every year from committed_from
// with a horizon (docs/model.md, "Commitments"):
//
//	Σ_h it_h·z_{h,k} ≥ committed − existing
type commitmentTerm struct{}

func (commitmentTerm) name() string { return "commitment" }

// commitmentNeedMW is the new AI IT MW a site's commitment requires.
func commitmentNeedMW(site *sites.Site) float64 {
	return site.AI.CommittedITMW - site.AI.ExistingITMW
}

// committedBlocks returns the blocks the commitment holds in: every block
// that ends on or after committed_from (all without a horizon; halls
// enter service on 1 January, so a commitment from mid-year needs them in
// service that year).
func committedBlocks(sd *siteData) []int {
	var out []int
	from := sd.site.AI.CommittedFrom
	for k, b := range sd.blocks {
		if from.IsZero() || !b.hours[len(b.hours)-1].Before(from) {
			out = append(out, k)
		}
	}
	return out
}

// siteRows: in the first committed block the halls in service add at
// least what the commitment needs (halls stay in service, so every later
// block's row is implied by it).
func (commitmentTerm) siteRows(sd *siteData) []siteRow {
	need := commitmentNeedMW(sd.site)
	if need <= 0 || sd.noHalls {
		return nil
	}
	var out []siteRow
	for _, k := range committedBlocks(sd)[:min(1, len(committedBlocks(sd)))] {
		coef := make([]float64, len(sd.decisions))
		for d, dec := range sd.decisions {
			if dec.start <= k {
				coef[d] = sd.site.Halls[dec.hall].ITMW
			}
		}
		name, when := "commitment", ""
		if y := sd.blocks[k].year; y != 0 {
			name, when = fmt.Sprintf("commitment_%d", y), fmt.Sprintf(" in %d", y)
		}
		out = append(out, siteRow{name: name, lower: need, upper: inf, coef: coef,
			explain: func(v float64) string {
				return fmt.Sprintf("the halls add %s AI IT MW%s, short of the %s MW the commitment needs (%s committed, %s existing)",
					num(v), when, num(need), num(sd.site.AI.CommittedITMW), num(sd.site.AI.ExistingITMW))
			}})
	}
	return out
}

func (c commitmentTerm) sizeRows(sm *siteModel, n *counts) {
	for _, row := range c.siteRows(sm.sd) {
		n.rows++
		for _, v := range row.coef {
			if v != 0 {
				n.nnz++
			}
		}
	}
}

// addRows adds Σ it_h·z_{h,k} ≥ committed − existing.
func (c commitmentTerm) addRows(sm *siteModel) {
	for _, row := range c.siteRows(sm.sd) {
		var r rowScratch
		for d, v := range row.coef {
			if v != 0 {
				r.add(int32(sm.ix.decisionCol[d]), v)
			}
		}
		i := sm.b.AddRow(row.lower, row.upper, r.cols, r.vals)
		sm.b.SetRowName(i, fmt.Sprintf("%s[%s]", row.name, sm.site.ID))
	}
}
