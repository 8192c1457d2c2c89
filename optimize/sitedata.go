package optimize

import (
	"context"

	"github.com/gridflip/gridflip/sites"
)

// decision is one way to build a hall: it enters service at the start of
// block start and stays in service to the end. A case without a horizon
// has one decision per hall (block 0); with a horizon, one per year the
// hall may start in.
type decision struct {
	hall  int
	start int
	fixed bool // a signed deal: built, in that year
}

// siteData is one site prepared for planning: its blocks' hourly data, its
// decisions, what each decision is worth apart from mining, and the rows
// that bound its decisions. Both methods read it.
type siteData struct {
	in        *Inputs
	s         int
	site      *sites.Site
	blocks    []*block
	hours     []*siteHours // per block
	decisions []decision
	// value is each decision's money over the blocks it is in service,
	// weighted (lease, capex annuity, fixed O&M, its energy and charges).
	value []float64
	rows  []siteRow
	// halls is the number of candidate halls (0 with noHalls).
	halls int
	// noHalls leaves the candidates and commitments out (the baseline).
	noHalls bool
}

// decisionsOf returns the decisions of hall h (their indices).
func (sd *siteData) decisionsOf(h int) []int {
	var out []int
	for d, dec := range sd.decisions {
		if dec.hall == h {
			out = append(out, d)
		}
	}
	return out
}

// inService writes into z the level at which each hall is in service in
// block k when the decisions are at levels w.
func (sd *siteData) inService(w []float64, k int, z []float64) {
	clear(z)
	for d, dec := range sd.decisions {
		if dec.start <= k {
			z[dec.hall] += w[d]
		}
	}
}

// sitePool keeps one site's prepared data for reuse from site to site.
type sitePool struct {
	sd siteData
}

func newSitePool(blocks int) *sitePool {
	p := &sitePool{}
	p.sd.hours = make([]*siteHours, blocks)
	for k := range p.sd.hours {
		p.sd.hours[k] = newSiteHours()
	}
	return p
}

// prepare fills the pool with site s: every block's hourly data (every
// preparer), then the decisions, their values and the site's rows.
func (p *sitePool) prepare(in *Inputs, blocks []*block, s int, terms []term, noHalls bool) *siteData {
	sd, _ := p.prepareContext(context.Background(), in, blocks, s, terms, noHalls) // cannot fail uncancelled
	return sd
}

// prepareContext is prepare that checks ctx before each block's hourly
// data (a year of one site: a few milliseconds, most of it the stress
// hours' sort), and returns ctx.Err() once it is cancelled.
func (p *sitePool) prepareContext(ctx context.Context, in *Inputs, blocks []*block, s int, terms []term, noHalls bool) (*siteData, error) {
	sd := &p.sd
	sd.in, sd.s, sd.site, sd.blocks, sd.noHalls = in, s, &in.Case.Sites[s], blocks, noHalls
	for k, b := range blocks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sd.hours[k].reset(in, b, s, terms, noHalls)
	}
	sd.halls = len(sd.hours[0].halls)
	sd.decisions = siteDecisions(in, blocks, s, noHalls)
	sd.value = decisionValues(sd)
	sd.rows = siteRowsOf(sd, terms)
	return sd, nil
}
