package model

import (
	"context"
	"sort"
	"time"

	"github.com/gridflip/gridflip/sites"
)

// Decision is one way to build a hall: it enters service at the start of
// block start and stays in service to the end. A case without a horizon
// has one decision per hall (block 0); with a horizon, one per year the
// hall may start in. A hall with a construction period (build_months) is
// under construction for that many months before its service start, and
// displaces its miners from the build's first hour (docs/model.md,
// "Construction").
type Decision struct {
	Hall  int
	Start int
	Fixed bool // a signed deal: built, in that year
	// BuildStart is when the hall's construction begins: its service start
	// less build_months (zero without a horizon or a construction period).
	// A signed deal's may lie before the horizon: that part is history.
	BuildStart time.Time
	// BuildBlock is the block in which its miners are first displaced:
	// the block that holds BuildStart, 0 for a build begun before the
	// horizon, Start without a construction period.
	BuildBlock int
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
	// levelOf[k][d] is the level of block k's state that decision d
	// counts in (SiteData.LevelOf), -1 when it is neither in service nor
	// under construction in block k.
	levelOf [][]int
	// noHalls leaves the candidates and commitments out (the baseline).
	noHalls bool
	// loc is the site's calendar zone (sites.Site.Location), loaded once
	// when a term needs local months; nil otherwise.
	loc *time.Location
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

// inService writes into z the levels of block k's state when the
// decisions are at levels w: each hall's level in service, then each
// construction entry's level (SiteData.LevelOf).
func (sd *SiteData) inService(w []float64, k int, z []float64) {
	clear(z)
	for d, i := range sd.levelOf[k] {
		if i >= 0 {
			z[i] += w[d]
		}
	}
}

// occupied writes into occ each hall's level in service in block k
// weighted by its occupancy in that year of service (the share of the
// hall let: its lease and energy scale with it).
func (sd *SiteData) occupied(w []float64, k int, occ []float64) {
	clear(occ)
	for d, dec := range sd.Decisions {
		if dec.Start <= k && w[d] != 0 {
			occ[dec.Hall] += w[d] * sd.site.Halls[dec.Hall].OccupancyIn(k-dec.Start+1)
		}
	}
}

// Levels is the number of levels of block k's state: one per hall (its
// level in service), then one per construction entry of the block (a
// hall under construction, not yet in service, from some hour of it on).
// Every limit on mining is affine in them.
func (sd *SiteData) Levels(k int) int { return sd.Halls + len(sd.Hours[k].builds) }

// LevelOf is the level of block k's state that decision d counts in:
// its hall's level in service when it starts by block k, the
// construction entry it belongs to when its hall is under construction
// in some hour of block k, else -1. A level is the sum of the decisions
// that count in it.
func (sd *SiteData) LevelOf(k, d int) int { return sd.levelOf[k][d] }

// BlockLevels is block k's LevelOf of every decision (the pool's own
// storage: read it before the pool prepares another site).
func (sd *SiteData) BlockLevels(k int) []int { return sd.levelOf[k] }

// LevelMap is a copy of every block's LevelOf, [block][decision] (the
// pool reuses its own storage from site to site).
func (sd *SiteData) LevelMap() [][]int {
	out := make([][]int, len(sd.levelOf))
	for k, lv := range sd.levelOf {
		out[k] = append([]int(nil), lv...)
	}
	return out
}

// LevelHall is the hall of level i of block k's state.
func (sd *SiteData) LevelHall(k, i int) int {
	if i < sd.Halls {
		return i
	}
	return sd.Hours[k].builds[i-sd.Halls].hall
}

// buildEntry is a level of a block's state for construction: a hall
// under construction, not yet in service, from hour from of the block on
// (0: the whole block), for the decisions listed. The fleet term
// displaces its miners from then; no other term sees it.
type buildEntry struct {
	hall      int
	from      int
	decisions []int
}

// setLevels lists every block's construction entries (siteHours.builds)
// and maps each decision to its level in every block.
func (sd *SiteData) setLevels() {
	K := len(sd.Blocks)
	if cap(sd.levelOf) < K {
		sd.levelOf = make([][]int, K)
	}
	sd.levelOf = sd.levelOf[:K]
	for k, sh := range sd.Hours[:K] {
		sh.builds = sh.builds[:0]
		lv := resize(sd.levelOf[k], len(sd.Decisions))
		for d, dec := range sd.Decisions {
			lv[d] = -1
			switch {
			case dec.Start <= k:
				lv[d] = dec.Hall
			case !dec.BuildStart.IsZero() && dec.BuildBlock <= k:
				if from := sh.hourFrom(dec.BuildStart); from < sh.T {
					lv[d] = sd.Halls + sh.addBuild(dec.Hall, from, d)
				}
			}
		}
		sd.levelOf[k] = lv
		sh.setFleetSegments()
	}
}

// hourFrom is the first hour of the block at or after when (T when none is).
func (sh *siteHours) hourFrom(when time.Time) int {
	hours := sh.Block.hours
	return sort.Search(len(hours), func(t int) bool { return !hours[t].Before(when) })
}

// addBuild adds decision d of hall h, under construction from hour from,
// to the block's entries (one per hall and hour) and returns its index.
func (sh *siteHours) addBuild(h, from, d int) int {
	for e := range sh.builds {
		if b := &sh.builds[e]; b.hall == h && b.from == from {
			b.decisions = append(b.decisions, d)
			return e
		}
	}
	sh.builds = append(sh.builds, buildEntry{hall: h, from: from, decisions: []int{d}})
	return len(sh.builds) - 1
}

// setFleetSegments splits the block at every hour a construction entry
// starts in (siteHours.segments): within a segment the halls displacing
// miners do not change.
func (sh *siteHours) setFleetSegments() {
	sh.segments = append(sh.segments[:0], 0)
	for _, b := range sh.builds {
		if b.from > 0 && b.from < sh.T {
			sh.segments = append(sh.segments, b.from)
		}
	}
	sort.Ints(sh.segments)
	out := sh.segments[:1]
	for _, t := range sh.segments[1:] {
		if t != out[len(out)-1] {
			out = append(out, t)
		}
	}
	sh.segments = out
}

// Reprice re-reads the halls' money from in, a case that differs from the
// one sd was prepared on at most in the halls' leases, lease escalators
// and capex and the market's lease (a what-if of the halls' money alone):
// the terms that prepare money from them (repricer) prepare it again,
// then the decisions' values and the site's rows follow; every hourly
// series stays. The result is what PrepareContext on in gives
// (TestRepriceMatchesPrepare), at the cost of the halls' own hourly sums.
func (sd *SiteData) Reprice(in *Inputs, terms []Term) {
	sd.in, sd.site = in, &in.Case.Sites[sd.s]
	for _, sh := range sd.Hours {
		sh.in, sh.site = in, sd.site
		for h := range sh.halls {
			sh.halls[h].hall = &sd.site.Halls[h]
		}
		for _, tm := range terms {
			if r, ok := tm.(repricer); ok {
				r.reprice(sh)
			}
		}
		for h := range sh.halls {
			sh.halls[h].streams.Total()
		}
	}
	sd.Value = decisionValues(sd)
	sd.Rows = siteRowsOf(sd, terms)
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
	sd.loc = nil
	if len(sd.site.Contracts) > 0 {
		sd.loc = sd.site.Location()
	}
	for k, b := range blocks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sd.Hours[k].reset(in, b, s, terms, noHalls)
	}
	sd.Halls = len(sd.Hours[0].halls)
	sd.Decisions = siteDecisions(in, blocks, s, noHalls)
	sd.setLevels()
	sd.Value = decisionValues(sd)
	sd.Rows = siteRowsOf(sd, terms)
	return sd, nil
}
