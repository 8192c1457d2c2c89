package model

import (
	"fmt"
	"math"

	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/solver"
)

// reserveTerm lets curtailable mining load earn a reserve price: in hours
// with a price ρ_t > 0 a column r_t (meter MW offered) with
// r_t ≤ pue_t·m_t and r_t ≤ reserve_max_mw, paid ρ_t per MW-h. In the
// closed form it is a concave piece of the hour's value: ρ_t·pue_t per IT
// MWh for the first reserve_max_mw ÷ pue_t IT MW (docs/model.md, "Reserves").
type reserveTerm struct{}

func (reserveTerm) name() string { return "reserve" }

func init() { registerTerm(600, reserveTerm{}) }

// offered reports whether the site offers reserve at all (a cap of 0
// turns it off) and the case has reserve prices.
func reserveOffered(sh *siteHours) bool {
	site := sh.site
	return sh.Block.reservePrice != nil && (site.ReserveMaxMW == nil || *site.ReserveMaxMW > 0)
}

// reserveCapMW is the most meter MW offered in an hour.
func reserveCapMW(sh *siteHours) float64 {
	if sh.site.ReserveMaxMW != nil {
		return *sh.site.ReserveMaxMW
	}
	return math.Inf(1)
}

// reservePrice is the reserve price in hour t (0 when not offered).
func reservePrice(sh *siteHours, t int) float64 {
	if !reserveOffered(sh) {
		return 0
	}
	return sh.Block.reservePrice[sh.s][t]
}

// prepare adds the piece ρ_t·pue_t per IT MWh up to cap ÷ pue_t.
func (reserveTerm) prepare(sh *siteHours) {
	if !reserveOffered(sh) {
		return
	}
	k := sh.addPiece()
	sh.reservePiece = k
	p := &sh.pieces[k]
	capMW := reserveCapMW(sh)
	for t := range sh.T {
		rho := sh.Block.reservePrice[sh.s][t]
		p.valueUSDPerMWh[t] = rho * sh.pue[t]
		p.capITMW[t] = capMW / sh.pue[t]
	}
}

func (reserveTerm) sizeColumns(sm *siteModel, n *Counts) {
	for _, sh := range sm.sd.Hours {
		for t := range sh.T {
			if reservePrice(sh, t) > 0 {
				n.Cols++
			}
		}
	}
}

// addColumns declares r_t in the hours with a reserve price.
func (reserveTerm) addColumns(sm *siteModel) {
	for k, sh := range sm.sd.Hours {
		if !reserveOffered(sh) {
			continue
		}
		bx := &sm.ix.blocks[k]
		bx.reserveCol = make([]int32, sh.T)
		bx.reserveRow = make([]int32, sh.T)
		capMW := solver.Inf
		if sh.site.ReserveMaxMW != nil {
			capMW = *sh.site.ReserveMaxMW
		}
		for t := range sh.T {
			bx.reserveCol[t], bx.reserveRow[t] = -1, -1
			if rho := reservePrice(sh, t); rho > 0 {
				bx.reserveCol[t] = int32(sm.addColumn(sm.blocks[k].Weight*rho, 0, capMW, false))
			}
		}
	}
}

func (reserveTerm) sizeRows(sm *siteModel, n *Counts) {
	for _, sh := range sm.sd.Hours {
		for t := range sh.T {
			if reservePrice(sh, t) > 0 {
				n.Rows++
				n.NNZ += 2
			}
		}
	}
}

// addRows adds r_t − pue_t·m_t ≤ 0.
func (reserveTerm) addRows(sm *siteModel) {
	var r RowScratch
	for k, sh := range sm.sd.Hours {
		bx := &sm.ix.blocks[k]
		if bx.reserveCol == nil {
			continue
		}
		for t := range sh.T {
			if bx.reserveCol[t] < 0 {
				continue
			}
			r.Reset()
			r.Add(int32(bx.miningCol+t), -sh.pue[t])
			r.Add(bx.reserveCol[t], 1)
			bx.reserveRow[t] = int32(sm.b.AddRow(-solver.Inf, 0, r.Cols, r.Vals))
		}
	}
}

// complete offers every MW of mining that runs, up to the cap, in hours
// with a price: r_t = min(pue_t·m_t, cap).
func (reserveTerm) complete(sh *siteHours, bs *BlockSolution) {
	if !reserveOffered(sh) {
		bs.reserve = nil
		return
	}
	bs.reserve = resize(bs.reserve, sh.T)
	capMW := reserveCapMW(sh)
	for t := range sh.T {
		bs.reserve[t] = 0
		if reservePrice(sh, t) > 0 {
			bs.reserve[t] = math.Min(sh.pue[t]*bs.mining[t], capMW)
		}
	}
}

func (reserveTerm) fill(sm *siteModel, sol *SiteSolution, x []float64) {
	for k := range sm.sd.Hours {
		bx := &sm.ix.blocks[k]
		for t, col := range bx.reserveCol {
			if col >= 0 {
				x[col] = sol.Blocks[k].reserve[t]
			}
		}
	}
}

// extract adds the reserve revenue.
func (reserveTerm) extract(sd *SiteData, k int, sol *SiteSolution, sp *plan.SitePlan) {
	sh, bs := sd.Hours[k], &sol.Blocks[k]
	if bs.reserve == nil {
		return
	}
	sp.HasReserves = true
	for t, r := range bs.reserve {
		sp.ReserveRevenueUSD += reservePrice(sh, t) * r
	}
}

func (reserveTerm) names(sm *siteModel) {
	for k := range sm.sd.Hours {
		bx := &sm.ix.blocks[k]
		for t, col := range bx.reserveCol {
			if col >= 0 {
				sm.b.SetColumnName(int(col), fmt.Sprintf("reserve[%s,%s]", sm.site.ID, hourLabel(sm, k, t)))
				sm.b.SetRowName(int(bx.reserveRow[t]), fmt.Sprintf("reserve_le_load[%s,%s]", sm.site.ID, hourLabel(sm, k, t)))
			}
		}
	}
}

func (reserveTerm) read(sm *siteModel, x []float64, sol *SiteSolution) {
	for k, sh := range sm.sd.Hours {
		bs := &sol.Blocks[k]
		cols := sm.ix.blocks[k].reserveCol
		if cols == nil {
			bs.reserve = nil
			continue
		}
		bs.reserve = resize(bs.reserve, sh.T)
		for t, col := range cols {
			bs.reserve[t] = 0
			if col >= 0 {
				bs.reserve[t] = x[col]
			}
		}
	}
}

// hourly is the site's reserve MW offered in every hour of every block,
// nil when no block offers any (SiteHours.ReserveMW).
func (reserveTerm) hourly(sh []*siteHours, sol *SiteSolution) []float64 {
	T, offered := 0, false
	for k, shk := range sh {
		T += shk.T
		offered = offered || sol.Blocks[k].reserve != nil
	}
	if !offered {
		return nil
	}
	out := make([]float64, 0, T)
	for k, shk := range sh {
		if r := sol.Blocks[k].reserve; r != nil {
			out = append(out, r...)
		} else {
			out = append(out, make([]float64, shk.T)...)
		}
	}
	return out
}
