package model

import (
	"fmt"

	"github.com/gridflip/gridflip/optimize/plan"
)

// constantsTerm carries the objective constants other terms prepared
// (siteHours.constant: money no decision and no hour changes) into both
// methods and the plan. The closed form adds them to each block's value
// (dispatch); the monolithic model holds them as one column fixed at 1
// whose cost is their weighted sum, so every objective, scenario value
// and verification that sums columns counts them; the plan gets them as
// streams block by block. It is registered last.
type constantsTerm struct{}

func (constantsTerm) name() string { return "constants" }

func init() { registerTerm(9000, constantsTerm{}) }

// weightedConstant is the site's constants over its blocks, weighted like
// the objective.
func weightedConstant(sd *SiteData) float64 {
	var v float64
	for k, sh := range sd.Hours {
		v += sd.Blocks[k].Weight * sh.constant.ProfitUSD
	}
	return v
}

func (constantsTerm) sizeColumns(sm *siteModel, n *Counts) {
	if weightedConstant(sm.sd) != 0 {
		n.Cols++
	}
}

// addColumns adds the column fixed at 1 worth the site's constants.
func (constantsTerm) addColumns(sm *siteModel) {
	sm.ix.constantCol = -1
	if v := weightedConstant(sm.sd); v != 0 {
		sm.ix.constantCol = sm.addColumn(v, 1, 1, false)
	}
}

func (constantsTerm) fill(sm *siteModel, _ *SiteSolution, x []float64) {
	if sm.ix.constantCol >= 0 {
		x[sm.ix.constantCol] = 1
	}
}

func (constantsTerm) read(*siteModel, []float64, *SiteSolution) {}

// extract adds block k's constants to its streams.
func (constantsTerm) extract(sd *SiteData, k int, _ *SiteSolution, blk *plan.SitePlan) {
	blk.Streams.AddScaled(sd.Hours[k].constant, 1)
}

func (constantsTerm) names(sm *siteModel) {
	if sm.ix.constantCol >= 0 {
		sm.b.SetColumnName(sm.ix.constantCol, fmt.Sprintf("constants[%s]", sm.site.ID))
	}
}
