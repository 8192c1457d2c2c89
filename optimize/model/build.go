package model

import (
	"context"
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

	// Terms replaces the model's terms (tests add the example curfew); nil
	// means DefaultTerms().
	Terms []Term
}

// termList returns the terms a build uses.
func (o *BuildOptions) termList() []Term {
	if o.Terms != nil {
		return o.Terms
	}
	return DefaultTerms()
}

// Model is the built monolithic problem plus the map from sites, blocks
// and halls to its columns and rows.
type Model struct {
	In           *Inputs
	Problem      *solver.Problem
	Relaxed      bool
	NoHalls      bool
	BuildSeconds float64

	opts  BuildOptions
	terms []Term
	// blocks and sites are the first scenario's (the only one of a
	// deterministic model).
	blocks       []*Block
	sites        []siteIndex
	couplingRows []int // the rows of the hall-row owners (market cap)

	st        *Stochastic
	scenarios []modelScenario
	// rawCost is each column's cost before the scenario's weight: its
	// part of the scenario's value.
	rawCost []float64
	// constant is the objective's part outside the columns (the weighted
	// outside values of a stochastic model).
	constant float64
}

// modelScenario locates one scenario's part of the model.
type modelScenario struct {
	in               *Inputs
	blocks           []*Block
	sites            []siteIndex
	scale            float64 // (1−λ)·probability: the weight of its value in the objective
	firstCol, endCol int
	outside          float64 // its value outside the decisions (0 in a deterministic model)
}

// Counts sizes a model, or a part of one.
type Counts struct{ Cols, Rows, NNZ int }

// siteIndex locates one site's columns and rows.
type siteIndex struct {
	firstCol, endCol int   // the site's columns: [firstCol, endCol)
	firstRow, endRow int   // the site's rows: [firstRow, endRow)
	decisionCol      []int // halls: one column per decision
	constantCol      int   // constants: the column fixed at 1 that carries the site's objective constants (-1 when they are 0)
	blocks           []blockIndex
}

// blockIndex locates one site's columns and rows in one block; each field
// belongs to the term named beside it.
type blockIndex struct {
	miningCol   int     // mining: first of T columns m_t
	reserveCol  []int32 // reserve: per hour, -1 when the hour offers none (nil without reserves)
	reserveRow  []int32 // reserve: r_t − pue_t·m_t ≤ 0 per hour, -1 when none
	displaceCol int     // fleet: first D, mining IT MW displaced by halls, one per segment (-1 without halls)
	displaceRow int     // fleet: first D_i − Σ displaces·z = 0, one per segment
	fleetRow    int     // fleet: first of T rows m_t + a_t·D_i ≤ a_t·capacity (-1 without halls)
	aiMeterCol  int     // poi: A, meter MW reserved by new halls (-1 when halls enter the POI rows directly)
	aiMeterRow  int     // poi: A − Σ reservation·z = 0
	poiRow      int     // poi: first of T rows pue_t·m_t + A ≤ interconnect − existing
}

// siteModel is the state of building one site's part of the model.
type siteModel struct {
	in     *Inputs
	s      int
	site   *sites.Site
	blocks []*Block
	sd     *SiteData // prepared
	b      *solver.Builder
	ix     *siteIndex
	relax  bool
	nHalls int // 0 with NoHalls
	// scale weighs the site's costs in the objective (a scenario's
	// weight, 1 in a deterministic model); raw, when set, records each
	// column's cost before it.
	scale float64
	raw   *[]float64
}

// addColumn adds a column worth cost (before the scenario's weight) to
// the site's part of the model.
func (sm *siteModel) addColumn(cost, lower, upper float64, integer bool) int {
	col := sm.b.AddColumn(sm.scale*cost, lower, upper, integer)
	if sm.raw != nil {
		*sm.raw = append(*sm.raw, cost)
	}
	return col
}

// addInService adds to a row, for every hall in service in block k, its
// decisions' columns times coef(h): a hall's level in service in block k
// is the sum of its decisions that start by then.
func (sm *siteModel) addInService(r *RowScratch, k int, coef func(h int) float64) {
	for d, dec := range sm.sd.Decisions {
		if dec.Start <= k {
			if c := coef(dec.Hall); c != 0 {
				r.Add(int32(sm.ix.decisionCol[d]), c)
			}
		}
	}
}

// addBuilding adds to a row, for every decision whose hall is under
// construction in block k from hour from or earlier (a construction entry
// of the block), its column times coef(h).
func (sm *siteModel) addBuilding(r *RowScratch, k, from int, coef func(h int) float64) {
	for _, b := range sm.sd.Hours[k].builds {
		if b.from > from {
			continue
		}
		if c := coef(b.hall); c != 0 {
			for _, d := range b.decisions {
				r.Add(int32(sm.ix.decisionCol[d]), c)
			}
		}
	}
}

// buildingCount is the number of entries addBuilding adds at most.
func (sm *siteModel) buildingCount(k, from int) int {
	n := 0
	for _, b := range sm.sd.Hours[k].builds {
		if b.from <= from {
			n += len(b.decisions)
		}
	}
	return n
}

// inServiceCount is the number of decisions that put a hall in service
// by block k (the entries addInService adds at most).
func (sm *siteModel) inServiceCount(k int) int {
	n := 0
	for _, dec := range sm.sd.Decisions {
		if dec.Start <= k {
			n++
		}
	}
	return n
}

// Build turns the inputs into the monolithic model: every site's hours and
// halls in one solver.Problem, term by term (docs/model.md).
func Build(in *Inputs, opts BuildOptions) (*Model, error) {
	if err := in.Check(); err != nil {
		return nil, err
	}
	return buildStochastic(context.Background(), Deterministic(in), opts, false)
}

// buildStochastic builds the monolithic model of a stochastic plan: every
// scenario's copy of every site, each weighted by (1−λ)·probability;
// non-anticipativity rows that make each decision made now equal across
// scenarios; the coupling rows of every scenario; and, with a risk
// weight, the CVaR columns and rows (docs/model.md, "Scenarios").
// withOutside adds each scenario's value outside the decisions. It returns
// ctx.Err() once ctx is cancelled while it prepares the scenarios.
func buildStochastic(ctx context.Context, st *Stochastic, opts BuildOptions, withOutside bool) (*Model, error) {
	began := time.Now()
	in := st.Scenarios[0].In
	m := &Model{In: in, Relaxed: opts.Relax, NoHalls: opts.NoHalls, opts: opts, terms: opts.termList(), st: st}
	for _, sc := range st.Scenarios {
		ms := modelScenario{in: sc.In, blocks: sc.In.Blocks(), sites: make([]siteIndex, len(in.Case.Sites)),
			scale: (1 - st.RiskWeight) * sc.Probability}
		if withOutside {
			var err error
			if ms.outside, err = OutsideUSD(ctx, sc.In, ms.blocks, m.terms); err != nil {
				return nil, err
			}
		}
		m.constant += ms.scale * ms.outside
		m.scenarios = append(m.scenarios, ms)
	}
	m.blocks, m.sites = m.scenarios[0].blocks, m.scenarios[0].sites
	pool := NewSitePool(len(m.blocks))
	b := solver.NewBuilder(in.Case.Name, true, opts.Names)
	b.Reserve(m.size(pool))
	for w := range m.scenarios {
		ms := &m.scenarios[w]
		ms.firstCol = b.NumCols()
		for s := range in.Case.Sites {
			addSite(m.siteModel(w, s, b, pool), m.terms, opts.Names)
		}
		ms.endCol = b.NumCols()
	}
	m.addCouplingRows(b)
	m.addNonAnticipativity(b, pool)
	m.addCVaR(b)
	p, err := b.Problem()
	if err != nil {
		return nil, fmt.Errorf("internal error building the model: %w", err)
	}
	m.Problem = p
	m.BuildSeconds = time.Since(began).Seconds()
	return m, nil
}

// size counts the model's columns, rows and nonzeros.
func (m *Model) size(pool *SitePool) (cols, rows, nnz int) {
	var n Counts
	for w := range m.scenarios {
		for s := range m.In.Case.Sites {
			sizeSite(m.siteModel(w, s, nil, pool), m.terms, &n)
		}
		for _, row := range HallRowsOf(m.scenarios[w].in, m.scenarios[w].blocks, m.terms, m.opts.NoHalls) {
			n.Rows++
			for _, c := range row.Coef {
				n.NNZ += len(c)
			}
		}
	}
	if len(m.scenarios) > 1 {
		n.Rows += n.Cols // at most: non-anticipativity and CVaR rows
		n.NNZ += 3 * n.Cols
	}
	return n.Cols, n.Rows, n.NNZ
}

// siteModel prepares site s of scenario w and returns the state to build
// it into b (nil when only counting).
func (m *Model) siteModel(w, s int, b *solver.Builder, pool *SitePool) *siteModel {
	ms := &m.scenarios[w]
	sd := pool.Prepare(ms.in, ms.blocks, s, m.terms, m.opts.NoHalls)
	sm := newSiteModel(sd, b, &ms.sites[s], m.opts.Relax)
	sm.scale, sm.raw = ms.scale, &m.rawCost
	return sm
}

// addCouplingRows adds every scenario's rows that couple sites.
func (m *Model) addCouplingRows(b *solver.Builder) {
	var r RowScratch
	for w := range m.scenarios {
		ms := &m.scenarios[w]
		for _, row := range HallRowsOf(ms.in, ms.blocks, m.terms, m.opts.NoHalls) {
			r.Reset()
			for s, c := range row.Coef {
				for d, v := range c {
					if v != 0 {
						r.Add(int32(ms.sites[s].decisionCol[d]), v)
					}
				}
			}
			m.couplingRows = append(m.couplingRows, b.AddRow(row.Lower, row.Upper, r.Cols, r.Vals))
			name := row.Name
			if len(m.scenarios) > 1 {
				name = fmt.Sprintf("%s[%s]", row.Name, m.st.Scenarios[w].ID)
			}
			b.SetRowName(b.NumRows()-1, name)
		}
	}
}

// addNonAnticipativity makes every decision made now take the same level
// in every scenario as in the first.
func (m *Model) addNonAnticipativity(b *solver.Builder, pool *SitePool) {
	if len(m.scenarios) < 2 {
		return
	}
	for s := range m.In.Case.Sites {
		sd := pool.Prepare(m.In, m.blocks, s, m.terms, m.opts.NoHalls)
		for d, dec := range sd.Decisions {
			if !m.st.IsFirstStage(dec) {
				continue
			}
			first := m.scenarios[0].sites[s].decisionCol[d]
			for w := 1; w < len(m.scenarios); w++ {
				col := m.scenarios[w].sites[s].decisionCol[d]
				i := b.AddRow(0, 0, []int32{int32(col), int32(first)}, []float64{1, -1})
				b.SetRowName(i, fmt.Sprintf("now[%s,%d,%s]", sd.site.ID, d, m.st.Scenarios[w].ID))
			}
		}
	}
}

// addCVaR adds η, the excess s_ω of each scenario below it and the rows
// s_ω − η + V_ω ≥ −outside_ω, V_ω being the scenario's columns at their
// unweighted costs.
func (m *Model) addCVaR(b *solver.Builder) {
	st := m.st
	if st.RiskWeight == 0 {
		return
	}
	eta := b.AddColumn(st.RiskWeight, -inf, inf, false)
	b.SetColumnName(eta, "cvar_eta")
	var r RowScratch
	for w := range m.scenarios {
		ms := &m.scenarios[w]
		excess := b.AddColumn(-st.RiskWeight*st.Scenarios[w].Probability/st.CVaRAlpha, 0, inf, false)
		b.SetColumnName(excess, fmt.Sprintf("cvar_excess[%s]", st.Scenarios[w].ID))
		r.Reset()
		r.Add(int32(excess), 1)
		r.Add(int32(eta), -1)
		for j := ms.firstCol; j < ms.endCol; j++ {
			if c := m.rawCost[j]; c != 0 {
				r.Add(int32(j), c)
			}
		}
		i := b.AddRow(-ms.outside, inf, r.Cols, r.Vals)
		b.SetRowName(i, fmt.Sprintf("cvar[%s]", st.Scenarios[w].ID))
	}
}

// newSiteModel is the state of building a prepared site into b.
func newSiteModel(sd *SiteData, b *solver.Builder, ix *siteIndex, relax bool) *siteModel {
	return &siteModel{in: sd.in, s: sd.s, site: sd.site, blocks: sd.Blocks, sd: sd, b: b, ix: ix, relax: relax, nHalls: sd.Halls, scale: 1}
}

// sizeSite counts one site's columns, rows and nonzeros.
func sizeSite(sm *siteModel, terms []Term, n *Counts) {
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
func addSite(sm *siteModel, terms []Term, names bool) {
	addSiteColumns(sm, terms)
	addSiteRows(sm, terms, names)
}

// addSiteColumns starts one site's part of the model: its index and its
// columns (every term's, before any row).
func addSiteColumns(sm *siteModel, terms []Term) {
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
}

// addSiteRows completes one site's part of the model begun by
// addSiteColumns: its rows, then (optionally) names.
func addSiteRows(sm *siteModel, terms []Term, names bool) {
	ix := sm.ix
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

// RowScratch is reusable storage for one row's entries.
type RowScratch struct {
	Cols []int32
	Vals []float64
}

// Reset empties the row, keeping its storage.
func (r *RowScratch) Reset() { r.Cols, r.Vals = r.Cols[:0], r.Vals[:0] }

// Add appends the entry v in column col.
func (r *RowScratch) Add(col int32, v float64) {
	r.Cols = append(r.Cols, col)
	r.Vals = append(r.Vals, v)
}
