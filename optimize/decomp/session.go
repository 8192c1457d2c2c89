package decomp

import (
	"context"

	"github.com/gridflip/gridflip/optimize/model"
	"github.com/gridflip/gridflip/optimize/plan"
	"github.com/gridflip/gridflip/solver"
)

// Session plans one case under a run of what-ifs, as Solve plans each,
// keeping between plans what a what-if leaves alone: every site prepared
// (its hours, limits and dispatch building blocks) and, per block, the
// value of every state of its halls valued so far. A what-if of the
// halls' money alone (their leases, escalators and capex, or the market
// cap) then re-reads each kept site's money (model.SiteData.Reprice) and
// values its assignments from the kept states — no dispatch is valued
// again — before the coupling problem is solved and every site verified
// against the full model, as ever. Any other what-if prepares every site
// again. A session is used by one plan at a time; it keeps one pool per
// site, so its memory is every site's prepared hours.
type Session struct {
	opts  model.Settings
	terms []model.Term
	in    *model.Inputs // the case readied

	blocks []*model.Block
	pools  []*model.SitePool
	sites  []*model.SiteData
	// states[s][k] is site s's block k's value by state of its halls
	// (the assignment walk's cache), kept while the hours stay.
	states [][]map[uint64]float64
	// valid says the kept sites are prepared on the last plan's case: a
	// plan that fails or is cancelled leaves the session to prepare anew.
	valid bool
}

// NewSession starts a session planning with opts and terms.
func NewSession(opts model.Settings, terms []model.Term) *Session {
	return &Session{opts: opts, terms: terms}
}

// Ready readies the session's sites for in: moneyOnly says in differs
// from the case of the session's last plan only in the halls' money and
// the coupling rows' bounds (the caller knows what its what-if changed),
// and the kept sites are then repriced rather than prepared again. The
// first plan of a session, and any after a failed one, prepares every
// site. Solve plans the case readied.
func (ss *Session) Ready(ctx context.Context, in *model.Inputs, moneyOnly bool) error {
	reprice := moneyOnly && ss.valid
	ss.valid, ss.in = false, in
	if reprice {
		return ss.reprice(ctx, in)
	}
	return ss.prepare(ctx, in, in.Blocks())
}

// Blocks are the hours the session's sites are prepared on.
func (ss *Session) Blocks() []*model.Block { return ss.blocks }

// Site is site s as the session keeps it prepared (Ready).
func (ss *Session) Site(s int) (*model.SiteData, error) { return ss.sites[s], nil }

// Solve plans the case readied (Ready) as Solve plans it, over the kept
// sites.
func (ss *Session) Solve(ctx context.Context, sv solver.Solver) (*plan.Plan, error) {
	if ss.in == nil || ss.sites == nil {
		return nil, model.InternalErrorf("a session plans a case it has readied")
	}
	r, err := newDecomposedRun(ctx, model.Deterministic(ss.in), ss.opts, ss.terms, false, false)
	if err != nil {
		return nil, err
	}
	r.blocks[0], r.session = ss.blocks, ss // the hours the kept sites were prepared on
	sp, err := r.solve(ctx, sv)
	if err != nil {
		return nil, err
	}
	ss.valid = true
	return sp.Scenarios[0].Plan, nil
}

// prepare readies every site of in anew, in parallel, and forgets the
// state values kept.
func (ss *Session) prepare(ctx context.Context, in *model.Inputs, blocks []*model.Block) error {
	S := len(in.Case.Sites)
	if len(ss.pools) != S || len(ss.blocks) != len(blocks) {
		ss.pools = make([]*model.SitePool, S)
		for s := range ss.pools {
			ss.pools[s] = model.NewSitePool(len(blocks))
		}
	}
	ss.blocks, ss.sites, ss.states = blocks, make([]*model.SiteData, S), make([][]map[uint64]float64, S)
	return parallelSites(ctx, S, ss.opts.WorkerCount(), nil, func() struct{} { return struct{}{} },
		func(_ struct{}, s int) (struct{}, error) {
			sd, err := ss.pools[s].PrepareContext(ctx, in, blocks, s, ss.terms, false)
			ss.sites[s] = sd
			return struct{}{}, err
		},
		func(struct{}) error { return nil })
}

// reprice re-reads every kept site's money from in.
func (ss *Session) reprice(ctx context.Context, in *model.Inputs) error {
	for _, sd := range ss.sites {
		if err := ctx.Err(); err != nil {
			return err
		}
		sd.Reprice(in, ss.terms)
	}
	return nil
}

// statesOf is site s's kept state values by block (nil without a
// session): the walk over its assignments reads and adds to them.
func (ss *Session) statesOf(s, blocks int) []map[uint64]float64 {
	if ss == nil {
		return nil
	}
	if ss.states[s] == nil {
		ss.states[s] = make([]map[uint64]float64, blocks)
		for k := range ss.states[s] {
			ss.states[s][k] = map[uint64]float64{}
		}
	}
	return ss.states[s]
}
