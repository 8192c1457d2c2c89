package model

import (
	"fmt"
	"math"
	"sync"

	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/solver"
)

// Curfew is the example term of docs/adding-a-term.md, which
// DefaultTerms does not register (tests add it): a noise curfew
// caps each site's mining at CapITMW IT MW in the night hours [FromHour,
// ToHour) UTC. Everything the term needs lives in this one file: its rows
// in the monolithic model (m_t ≤ cap in the curfew hours), their names,
// its piece of the closed-form dispatch (a limiter) and a result (the
// hours it bound). Tests add it to the default terms; both methods use it.
type Curfew struct {
	CapITMW          float64
	FromHour, ToHour int
	// closedForm false makes the term declare that it has no closed form,
	// so the fast path refuses the case (testing the fallback).
	closedForm bool
	// rowsOnly makes the term's piece of the closed form lie (no limit)
	// while its rows still cap: a closed-form solution that the full
	// model must refuse (the verification's test).
	rowsOnly bool
	// boundHours counts, per site, the hours the curfew set the mining
	// available (its extraction; a real term would add a SitePlan field).
	// Sites are extracted concurrently, so the count is locked.
	mu         sync.Mutex
	boundHours map[string]int
}

// NewCurfew returns the example curfew capping mining at capITMW IT MW
// in the hours [from, to) UTC; closedForm false makes it declare that it
// has no closed form.
func NewCurfew(capITMW float64, from, to int, closedForm bool) *Curfew {
	return &Curfew{CapITMW: capITMW, FromHour: from, ToHour: to, closedForm: closedForm, boundHours: map[string]int{}}
}

// BoundHours is how many hours the curfew set the mining available at
// a site, over every extraction so far.
func (c *Curfew) BoundHours(site string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.boundHours[site]
}

func (*Curfew) name() string { return "curfew" }

// night reports whether hour t of the block falls in the curfew.
func (c *Curfew) night(b *Block, t int) bool {
	h := b.hours[t].Hour()
	if c.FromHour <= c.ToHour {
		return h >= c.FromHour && h < c.ToHour
	}
	return h >= c.FromHour || h < c.ToHour
}

// Limits: the cap in curfew hours, no limit otherwise.
func (c *Curfew) Limits(sh *siteHours, _ []float64, out []float64) {
	for t := range out {
		out[t] = math.Inf(1)
		if c.night(sh.Block, t) && !c.rowsOnly {
			out[t] = c.CapITMW
		}
	}
}

// Slope: the cap does not depend on the halls.
func (c *Curfew) Slope(*siteHours, int, int) float64 { return 0 }

func (c *Curfew) sizeRows(sm *siteModel, n *Counts) {
	for k, sh := range sm.sd.Hours {
		for t := range sh.T {
			if c.night(sm.blocks[k], t) {
				n.Rows++
				n.NNZ++
			}
		}
	}
}

// addRows adds m_t ≤ cap in every curfew hour.
func (c *Curfew) addRows(sm *siteModel) {
	for k, sh := range sm.sd.Hours {
		for t := range sh.T {
			if c.night(sm.blocks[k], t) {
				i := sm.b.AddRow(-solver.Inf, c.CapITMW, []int32{int32(sm.ix.blocks[k].miningCol + t)}, []float64{1})
				sm.b.SetRowName(i, fmt.Sprintf("curfew[%s,%s]", sm.site.ID, hourLabel(sm, k, t)))
			}
		}
	}
}

// extract counts the hours the curfew set the mining available.
func (c *Curfew) extract(sd *SiteData, k int, sol *SiteSolution, _ *plan.SitePlan) {
	sh, bs := sd.Hours[k], &sol.Blocks[k]
	n := 0
	for t := range sh.T {
		if l := bs.Av.Binding[t]; l >= 0 && sh.Lims[l] == Limiter(c) {
			n++
		}
	}
	c.mu.Lock()
	c.boundHours[sd.site.ID] += n
	c.mu.Unlock()
}

func (c *Curfew) decomposable(*Inputs) (bool, string) {
	if c.closedForm {
		return true, ""
	}
	return false, "the test made it so"
}
