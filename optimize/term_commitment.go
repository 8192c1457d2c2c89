package optimize

import (
	"fmt"

	"github.com/gridflip/gridflip/sites"
)

// commitmentTerm is take-or-pay AI capacity: existing AI plus the halls
// built must reach committed_it_mw (docs/model.md, "Commitments"):
//
//	Σ_h it_h·y_h ≥ committed − existing
type commitmentTerm struct{}

func (commitmentTerm) name() string { return "commitment" }

// commitmentNeedMW is the new AI IT MW a site's commitment requires.
func commitmentNeedMW(site *sites.Site) float64 {
	return site.AI.CommittedITMW - site.AI.ExistingITMW
}

// siteRows: the halls built add at least what the commitment needs.
func (commitmentTerm) siteRows(sh *siteHours) []siteRow {
	need := commitmentNeedMW(sh.site)
	if len(sh.halls) == 0 || need <= 0 {
		return nil
	}
	coef := make([]float64, len(sh.halls))
	for h := range sh.halls {
		coef[h] = sh.halls[h].hall.ITMW
	}
	return []siteRow{{name: "commitment", lower: need, upper: inf, coef: coef,
		explain: func(v float64) string {
			return fmt.Sprintf("the halls add %s AI IT MW, short of the %s MW the commitment needs (%s committed, %s existing)",
				num(v), num(need), num(sh.site.AI.CommittedITMW), num(sh.site.AI.ExistingITMW))
		}}}
}

func (c commitmentTerm) sizeRows(sm *siteModel, n *counts) {
	if len(c.siteRows(sm.sh[0])) > 0 {
		n.rows++
		n.nnz += sm.nHalls
	}
}

// addRows adds Σ it_h·y_h ≥ committed − existing.
func (c commitmentTerm) addRows(sm *siteModel) {
	for _, row := range c.siteRows(sm.sh[0]) {
		var r rowScratch
		for h, v := range row.coef {
			r.add(int32(sm.ix.hallCol[h]), v)
		}
		sm.ix.commitRow = sm.b.AddRow(row.lower, row.upper, r.cols, r.vals)
	}
}

func (commitmentTerm) names(sm *siteModel) {
	if sm.ix.commitRow >= 0 {
		sm.b.SetRowName(sm.ix.commitRow, fmt.Sprintf("commitment[%s]", sm.site.ID))
	}
}
