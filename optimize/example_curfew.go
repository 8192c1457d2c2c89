package optimize

import (
	"fmt"
	"math"
	"sync"

	"github.com/gridflip/gridflip/solver"
)

// curfewTerm is the example term of docs/adding-a-term.md, which
// defaultTerms does not register (tests add it): a noise curfew
// caps each site's mining at CapITMW IT MW in the night hours [FromHour,
// ToHour) UTC. Everything the term needs lives in this one file: its rows
// in the monolithic model (m_t ≤ cap in the curfew hours), their names,
// its piece of the closed-form dispatch (a limiter) and a result (the
// hours it bound). Tests add it to the default terms; both methods use it.
type curfewTerm struct {
	CapITMW          float64
	FromHour, ToHour int
	// closedForm false makes the term declare that it has no closed form,
	// so the fast path refuses the case (testing the fallback).
	closedForm bool
	// boundHours counts, per site, the hours the curfew set the mining
	// available (its extraction; a real term would add a SitePlan field).
	// Sites are extracted concurrently, so the count is locked.
	mu         sync.Mutex
	boundHours map[string]int
}

// newCurfew returns the example curfew capping mining at capITMW IT MW
// in the hours [from, to) UTC; closedForm false makes it declare that it
// has no closed form.
func newCurfew(capITMW float64, from, to int, closedForm bool) *curfewTerm {
	return &curfewTerm{CapITMW: capITMW, FromHour: from, ToHour: to, closedForm: closedForm, boundHours: map[string]int{}}
}

// boundHoursAt is how many hours the curfew set the mining available at
// a site, over every extraction so far.
func (c *curfewTerm) boundHoursAt(site string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.boundHours[site]
}

func (*curfewTerm) name() string { return "curfew" }

// night reports whether hour t of the block falls in the curfew.
func (c *curfewTerm) night(b *block, t int) bool {
	h := b.hours[t].Hour()
	if c.FromHour <= c.ToHour {
		return h >= c.FromHour && h < c.ToHour
	}
	return h >= c.FromHour || h < c.ToHour
}

// limits: the cap in curfew hours, no limit otherwise.
func (c *curfewTerm) limits(sh *siteHours, _ []float64, out []float64) {
	for t := range out {
		out[t] = math.Inf(1)
		if c.night(sh.b, t) {
			out[t] = c.CapITMW
		}
	}
}

// slope: the cap does not depend on the halls.
func (c *curfewTerm) slope(*siteHours, int, int) float64 { return 0 }

func (c *curfewTerm) sizeRows(sm *siteModel, n *counts) {
	for k, sh := range sm.sd.hours {
		for t := range sh.T {
			if c.night(sm.blocks[k], t) {
				n.rows++
				n.nnz++
			}
		}
	}
}

// addRows adds m_t ≤ cap in every curfew hour.
func (c *curfewTerm) addRows(sm *siteModel) {
	for k, sh := range sm.sd.hours {
		for t := range sh.T {
			if c.night(sm.blocks[k], t) {
				i := sm.b.AddRow(-solver.Inf, c.CapITMW, []int32{int32(sm.ix.blocks[k].miningCol + t)}, []float64{1})
				sm.b.SetRowName(i, fmt.Sprintf("curfew[%s,%s]", sm.site.ID, hourLabel(sm, k, t)))
			}
		}
	}
}

// extract counts the hours the curfew set the mining available.
func (c *curfewTerm) extract(sd *siteData, k int, sol *siteSolution, _ *SitePlan) {
	sh, bs := sd.hours[k], &sol.blocks[k]
	n := 0
	for t := range sh.T {
		if l := bs.av.binding[t]; l >= 0 && sh.lims[l] == limiter(c) {
			n++
		}
	}
	c.mu.Lock()
	c.boundHours[sd.site.ID] += n
	c.mu.Unlock()
}

func (c *curfewTerm) decomposable(*Inputs) (bool, string) {
	if c.closedForm {
		return true, ""
	}
	return false, "the test made it so"
}
