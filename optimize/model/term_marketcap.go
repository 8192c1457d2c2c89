package model

import (
	"fmt"

	"github.com/gridflip/gridflip/sites"
)

// marketCapTerm is the most new AI IT MW the market takes
// (ai_demand_cap_it_mw), over every site's halls in service — in every
// year with a horizon, the same cap or a list with one per year
// (docs/model.md, "Market cap"):
//
//	Σ_s Σ_h it_h·z_{h,k} ≤ cap_k
type marketCapTerm struct{}

func (marketCapTerm) name() string { return "market_cap" }

func init() { registerTerm(900, marketCapTerm{}) }

// hallRows returns the cap of every block as a row over the decisions.
func (marketCapTerm) hallRows(in *Inputs, blocks []*Block, noHalls bool) []HallRow {
	m := in.Case.Market
	if noHalls || (m.AIDemandCapITMW == nil && m.AIDemandCapITMWByYear == nil) {
		return nil
	}
	decisions := make([][]Decision, len(in.Case.Sites))
	for s := range in.Case.Sites {
		decisions[s] = siteDecisions(in, blocks, s, false)
	}
	var out []HallRow
	for k, b := range blocks {
		capMW, _ := marketCapMW(m, k)
		if !binding(m, k, len(blocks)) {
			continue
		}
		name := "ai_demand_cap"
		if b.year != 0 {
			name = fmt.Sprintf("ai_demand_cap_%d", b.year)
		}
		row := HallRow{Name: name, Lower: -inf, Upper: capMW, Coef: make([][]float64, len(in.Case.Sites))}
		for s, site := range in.Case.Sites {
			row.Coef[s] = make([]float64, len(decisions[s]))
			for d, dec := range decisions[s] {
				if dec.Start <= k {
					row.Coef[s][d] = site.Halls[dec.Hall].ITMW
				}
			}
		}
		out = append(out, row)
	}
	return out
}

// marketCapMW is the cap in block k, and whether there is one.
func marketCapMW(m sites.MarketSpec, k int) (float64, bool) {
	switch {
	case m.AIDemandCapITMWByYear != nil:
		return m.AIDemandCapITMWByYear[k], true
	case m.AIDemandCapITMW != nil:
		return *m.AIDemandCapITMW, true
	}
	return 0, false
}

// binding reports whether block k's cap can bind: the halls in service
// only grow from year to year, so a cap no lower than a later year's is
// implied by that year's row (a single cap keeps only the last year's).
func binding(m sites.MarketSpec, k, blocks int) bool {
	capMW, _ := marketCapMW(m, k)
	for j := k + 1; j < blocks; j++ {
		if later, _ := marketCapMW(m, j); later <= capMW {
			return false
		}
	}
	return true
}
