package model

import (
	"context"

	"github.com/gridflip/gridflip/sites"
)

// Decision is one way to build a hall: it enters service at the start of
// block start and stays in service to the end. A case without a horizon
// has one decision per hall (block 0); with a horizon, one per year the
// hall may start in.
type Decision struct {
	Hall  int
	Start int
	Fixed bool // a signed deal: built, in that year
}

// SiteData is one site prepared for planning: its blocks' hourly data, its
// decisions, what each decision is worth apart from mining, and the rows
// that bound its decisions. Both methods read it.
type SiteData struct {
	in        *Inputs
	s         int
	site      *sites.Site
	Blocks    []*Block
	Hours     []*siteHours // per block
	Decisions []Decision
	// Value is each decision's money over the blocks it is in service,
	// weighted (lease, capex annuity, fixed O&M, its energy and charges).
	Value []float64
	Rows  []SiteRow
	// Halls is the number of candidate halls (0 with noHalls).
	Halls int
	// noHalls leaves the candidates and commitments out (the baseline).
	noHalls bool
}

// decisionsOf returns the decisions of hall h (their indices).
func (sd *SiteData) decisionsOf(h int) []int {
	var out []int
	for d, dec := range sd.Decisions {
		if dec.Hall == h {
			out = append(out, d)
		}
	}
	return out
}

// inService writes into z the level at which each hall is in service in
// block k when the decisions are at levels w.
func (sd *SiteData) inService(w []float64, k int, z []float64) {
	clear(z)
	for d, dec := range sd.Decisions {
		if dec.Start <= k {
			z[dec.Hall] += w[d]
		}
	}
}

// SitePool keeps one site's prepared data for reuse from site to site.
type SitePool struct {
	sd SiteData
}

// NewSitePool returns a pool for sites of that many blocks.
func NewSitePool(blocks int) *SitePool {
	p := &SitePool{}
	p.sd.Hours = make([]*siteHours, blocks)
	for k := range p.sd.Hours {
		p.sd.Hours[k] = newSiteHours()
	}
	return p
}

// Prepare fills the pool with site s: every block's hourly data (every
// preparer), then the decisions, their values and the site's rows.
func (p *SitePool) Prepare(in *Inputs, blocks []*Block, s int, terms []Term, noHalls bool) *SiteData {
	sd, _ := p.PrepareContext(context.Background(), in, blocks, s, terms, noHalls) // cannot fail uncancelled
	return sd
}

// PrepareContext is prepare that checks ctx before each block's hourly
// data (a year of one site: a few milliseconds, most of it the stress
// hours' sort), and returns ctx.Err() once it is cancelled.
func (p *SitePool) PrepareContext(ctx context.Context, in *Inputs, blocks []*Block, s int, terms []Term, noHalls bool) (*SiteData, error) {
	sd := &p.sd
	sd.in, sd.s, sd.site, sd.Blocks, sd.noHalls = in, s, &in.Case.Sites[s], blocks, noHalls
	for k, b := range blocks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sd.Hours[k].reset(in, b, s, terms, noHalls)
	}
	sd.Halls = len(sd.Hours[0].halls)
	sd.Decisions = siteDecisions(in, blocks, s, noHalls)
	sd.Value = decisionValues(sd)
	sd.Rows = siteRowsOf(sd, terms)
	return sd, nil
}
