package optimize

import (
	"context"
	"fmt"

	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/solver"
)

// SolveBaseline plans today's fleet alone: no conversion candidates, no
// commitments beyond existing AI, mining dispatched optimally against the
// same prices and grid terms. It is the "before" of the grid impact.
func SolveBaseline(ctx context.Context, sv solver.Solver, in *Inputs, opts Options) (*Plan, error) {
	m, err := Build(in, BuildOptions{NoHalls: true})
	if err != nil {
		return nil, err
	}
	opts.Relax = true
	plan, err := m.Solve(ctx, sv, opts)
	if err != nil {
		return nil, fmt.Errorf("baseline (no conversion): %w", err)
	}
	return plan, nil
}

// SiteLoads returns the plan's hourly loads in the plain form grid measures.
func (p *Plan) SiteLoads() []grid.SiteLoad {
	out := make([]grid.SiteLoad, len(p.Sites))
	for i, s := range p.Sites {
		var newMeter float64
		for _, h := range s.Halls {
			newMeter += h.Build * h.MeterMW
		}
		out[i] = grid.SiteLoad{
			Region: s.Region, LoadMW: s.LoadMW, PriceUSDPerMWh: s.PriceUSDPerMWh,
			FirmMW: s.AIMeterMW, FlexibleMW: s.FlexibleMW, HashrateEHs: s.HashrateEHs,
			NewAIMeterMW: newMeter,
		}
	}
	return out
}

// Analysis is a plan with its grid impact and the share of the US power
// gap it closes.
type Analysis struct {
	Plan     *Plan
	Baseline *Plan
	Impact   []grid.Impact // per region, then the portfolio
	Gap      []grid.GapRow
}

// Analyze solves the plan and the no-conversion baseline and measures what
// the conversion does to the grid and to the US data-center power gap.
func Analyze(ctx context.Context, sv solver.Solver, in *Inputs, opts Options) (*Analysis, error) {
	plan, err := Solve(ctx, sv, in, opts)
	if err != nil {
		return nil, err
	}
	base, err := SolveBaseline(ctx, sv, in, opts)
	if err != nil {
		return nil, err
	}
	c := in.Case
	network := c.Impact.NetworkHashrateEHs
	if network == 0 && c.Market.NetworkHashrateEHs != nil {
		network = *c.Market.NetworkHashrateEHs
	}
	impact, err := grid.CompareImpact(base.SiteLoads(), plan.SiteLoads(), grid.ImpactOptions{
		StressHours:         c.Impact.StressHours,
		CoincidentPeakHours: in.CoincidentPeakHours,
		NetworkHashrateEHs:  network,
		USHashrateShare:     c.Impact.USHashrateShare,
	})
	if err != nil {
		return nil, err
	}
	var refs []grid.GapReference
	for _, g := range c.Gap {
		refs = append(refs, grid.GapReference{ID: g.ID, Source: g.Source, GapGW: g.GapGW})
	}
	closedGW := impact[len(impact)-1].NewAIMeterMW / 1000
	return &Analysis{
		Plan:     plan,
		Baseline: base,
		Impact:   impact,
		Gap:      grid.CloseGap(grid.MergeGapReferences(grid.DefaultGapReferences(), refs), closedGW),
	}, nil
}
