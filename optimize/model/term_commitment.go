package model

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

func init() { registerTerm(800, commitmentTerm{}) }

// commitmentNeedMW is the new AI IT MW a site's commitment requires.
func commitmentNeedMW(site *sites.Site) float64 {
	return site.AI.CommittedITMW - site.AI.ExistingITMW
}

// committedBlocks returns the blocks the commitment holds in: every block
// that ends on or after committed_from (all without a horizon; halls
// enter service on 1 January, so a commitment from mid-year needs them in
// service that year).
func committedBlocks(sd *SiteData) []int {
	var out []int
	from := sd.site.AI.CommittedFrom
	for k, b := range sd.Blocks {
		if from.IsZero() || !b.hours[len(b.hours)-1].Before(from) {
			out = append(out, k)
		}
	}
	return out
}

// siteRows: in the first committed block the halls in service add at
// least what the commitment needs (halls stay in service, so every later
// block's row is implied by it).
func (commitmentTerm) siteRows(sd *SiteData) []SiteRow {
	need := commitmentNeedMW(sd.site)
	if need <= 0 || sd.noHalls {
		return nil
	}
	var out []SiteRow
	for _, k := range committedBlocks(sd)[:min(1, len(committedBlocks(sd)))] {
		coef := make([]float64, len(sd.Decisions))
		for d, dec := range sd.Decisions {
			if dec.Start <= k {
				coef[d] = sd.site.Halls[dec.Hall].ITMW
			}
		}
		name, when := "commitment", ""
		if y := sd.Blocks[k].year; y != 0 {
			name, when = fmt.Sprintf("commitment_%d", y), fmt.Sprintf(" in %d", y)
		}
		out = append(out, SiteRow{Name: name, Lower: need, Upper: inf, Coef: coef,
			explain: func(v float64) string {
				return fmt.Sprintf("the halls add %s AI IT MW%s, short of the %s MW the commitment needs (%s committed, %s existing)",
					num(v), when, num(need), num(sd.site.AI.CommittedITMW), num(sd.site.AI.ExistingITMW))
			}})
	}
	return out
}

func (c commitmentTerm) sizeRows(sm *siteModel, n *Counts) {
	for _, row := range c.siteRows(sm.sd) {
		n.Rows++
		for _, v := range row.Coef {
			if v != 0 {
				n.NNZ++
			}
		}
	}
}

// addRows adds Σ it_h·z_{h,k} ≥ committed − existing.
func (c commitmentTerm) addRows(sm *siteModel) {
	for _, row := range c.siteRows(sm.sd) {
		var r RowScratch
		for d, v := range row.Coef {
			if v != 0 {
				r.Add(int32(sm.ix.decisionCol[d]), v)
			}
		}
		i := sm.b.AddRow(row.Lower, row.Upper, r.Cols, r.Vals)
		sm.b.SetRowName(i, fmt.Sprintf("%s[%s]", row.Name, sm.site.ID))
	}
}
