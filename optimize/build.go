package optimize

import (
	"fmt"
	"time"

	"github.com/gridflip/gridflip/sites"
	"github.com/gridflip/gridflip/solver"
)

// BuildOptions tune model construction.
type BuildOptions struct {
	// Relax makes the hall decisions continuous in [0, 1] (an LP).
	Relax bool
	// Names gives every row and column a readable name (for MPS export);
	// off by default because names cost memory on large models.
	Names bool
	// NoHalls leaves every conversion candidate, commitment and market cap
	// out: today's fleet dispatched alone, the "before" of the grid impact.
	NoHalls bool

	// terms replaces the model's terms (tests add an example term); nil
	// means defaultTerms().
	terms []term
}

// termList returns the terms a build uses.
func (o *BuildOptions) termList() []term {
	if o.terms != nil {
		return o.terms
	}
	return defaultTerms()
}

// Model is the built monolithic problem plus the map from sites, blocks
// and halls to its columns and rows.
type Model struct {
	In           *Inputs
	Problem      *solver.Problem
	Relaxed      bool
	NoHalls      bool
	BuildSeconds float64

	opts         BuildOptions
	blocks       []*block
	terms        []term
	sites        []siteIndex
	couplingRows []int // the rows of the hall-row owners (market cap)
}

// counts sizes a model, or a part of one.
type counts struct{ cols, rows, nnz int }

// siteIndex locates one site's columns and rows.
type siteIndex struct {
	firstCol, endCol int   // the site's columns: [firstCol, endCol)
	firstRow, endRow int   // the site's rows: [firstRow, endRow)
	decisionCol      []int // halls: one column per decision
	blocks           []blockIndex
}

// blockIndex locates one site's columns and rows in one block; each field
// belongs to the term named beside it.
type blockIndex struct {
	miningCol   int     // mining: first of T columns m_t
	reserveCol  []int32 // reserve: per hour, -1 when the hour offers none (nil without reserves)
	reserveRow  []int32 // reserve: r_t − pue_t·m_t ≤ 0 per hour, -1 when none
	displaceCol int     // fleet: D, mining IT MW displaced by halls (-1 without halls)
	displaceRow int     // fleet: D − Σ displaces·z = 0
	fleetRow    int     // fleet: first of T rows m_t + a_t·D ≤ a_t·capacity (-1 without halls)
	aiMeterCol  int     // poi: A, meter MW reserved by new halls (-1 when halls enter the POI rows directly)
	aiMeterRow  int     // poi: A − Σ reservation·z = 0
	poiRow      int     // poi: first of T rows pue_t·m_t + A ≤ interconnect − existing
}

// siteModel is the state of building one site's part of the model.
type siteModel struct {
	in     *Inputs
	s      int
	site   *sites.Site
	blocks []*block
	sd     *siteData // prepared
	b      *solver.Builder
	ix     *siteIndex
	relax  bool
	nHalls int // 0 with NoHalls
}

// addInService adds to a row, for every hall in service in block k, its
// decisions' columns times coef(h): a hall's level in service in block k
// is the sum of its decisions that start by then.
func (sm *siteModel) addInService(r *rowScratch, k int, coef func(h int) float64) {
	for d, dec := range sm.sd.decisions {
		if dec.start <= k {
			if c := coef(dec.hall); c != 0 {
				r.add(int32(sm.ix.decisionCol[d]), c)
			}
		}
	}
}

// inServiceCount is the number of decisions that put a hall in service
// by block k (the entries addInService adds at most).
func (sm *siteModel) inServiceCount(k int) int {
	n := 0
	for _, dec := range sm.sd.decisions {
		if dec.start <= k {
			n++
		}
	}
	return n
}

// Build turns the inputs into the monolithic model: every site's hours and
// halls in one solver.Problem, term by term (docs/model.md).
func Build(in *Inputs, opts BuildOptions) (*Model, error) {
	began := time.Now()
	if err := in.Check(); err != nil {
		return nil, err
	}
	m := &Model{In: in, Relaxed: opts.Relax, NoHalls: opts.NoHalls, opts: opts,
		blocks: in.blocks(), terms: opts.termList(), sites: make([]siteIndex, len(in.Case.Sites))}
	pool := newSitePool(len(m.blocks))

	var n counts
	for s := range in.Case.Sites {
		sm := m.siteModel(s, nil, pool)
		sizeSite(sm, m.terms, &n)
	}
	coupling := hallRowsOf(in, m.blocks, m.terms, opts.NoHalls)
	for _, row := range coupling {
		n.rows++
		for _, c := range row.coef {
			n.nnz += len(c)
		}
	}
	b := solver.NewBuilder(in.Case.Name, true, opts.Names)
	b.Reserve(n.cols, n.rows, n.nnz)
	for s := range in.Case.Sites {
		sm := m.siteModel(s, b, pool)
		addSite(sm, m.terms, opts.Names)
	}
	var r rowScratch
	for _, row := range coupling {
		r.reset()
		for s, c := range row.coef {
			for d, v := range c {
				if v != 0 {
					r.add(int32(m.sites[s].decisionCol[d]), v)
				}
			}
		}
		m.couplingRows = append(m.couplingRows, b.AddRow(row.lower, row.upper, r.cols, r.vals))
		b.SetRowName(b.NumRows()-1, row.name)
	}
	p, err := b.Problem()
	if err != nil {
		return nil, fmt.Errorf("internal error building the model: %w", err)
	}
	m.Problem = p
	m.BuildSeconds = time.Since(began).Seconds()
	return m, nil
}

// siteModel prepares site s and returns the state to build it into b
// (nil when only counting).
func (m *Model) siteModel(s int, b *solver.Builder, pool *sitePool) *siteModel {
	sd := pool.prepare(m.In, m.blocks, s, m.terms, m.opts.NoHalls)
	return newSiteModel(sd, b, &m.sites[s], m.opts.Relax)
}

// newSiteModel is the state of building a prepared site into b.
func newSiteModel(sd *siteData, b *solver.Builder, ix *siteIndex, relax bool) *siteModel {
	return &siteModel{in: sd.in, s: sd.s, site: sd.site, blocks: sd.blocks, sd: sd, b: b, ix: ix, relax: relax, nHalls: sd.halls}
}

// sizeSite counts one site's columns, rows and nonzeros.
func sizeSite(sm *siteModel, terms []term, n *counts) {
	for _, tm := range terms {
		if c, ok := tm.(columnOwner); ok {
			c.sizeColumns(sm, n)
		}
		if r, ok := tm.(rowOwner); ok {
			r.sizeRows(sm, n)
		}
	}
}

// addSite adds one site's columns, then its rows, then (optionally) names.
func addSite(sm *siteModel, terms []term, names bool) {
	ix := sm.ix
	*ix = siteIndex{blocks: make([]blockIndex, len(sm.blocks))}
	for k := range ix.blocks {
		ix.blocks[k] = blockIndex{miningCol: -1, displaceCol: -1, displaceRow: -1, fleetRow: -1, aiMeterCol: -1, aiMeterRow: -1, poiRow: -1}
	}
	ix.firstCol, ix.firstRow = sm.b.NumCols(), sm.b.NumRows()
	for _, tm := range terms {
		if c, ok := tm.(columnOwner); ok {
			c.addColumns(sm)
		}
	}
	for _, tm := range terms {
		if r, ok := tm.(rowOwner); ok {
			r.addRows(sm)
		}
	}
	ix.endCol, ix.endRow = sm.b.NumCols(), sm.b.NumRows()
	if names {
		for _, tm := range terms {
			if nm, ok := tm.(namer); ok {
				nm.names(sm)
			}
		}
	}
}

// inf is a missing bound.
const inf = solver.Inf

// rowScratch is reusable storage for one row's entries.
type rowScratch struct {
	cols []int32
	vals []float64
}

func (r *rowScratch) reset() { r.cols, r.vals = r.cols[:0], r.vals[:0] }
func (r *rowScratch) add(col int32, v float64) {
	r.cols = append(r.cols, col)
	r.vals = append(r.vals, v)
}
