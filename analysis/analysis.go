// Package analysis runs a study of a case: it plans the conversion and the
// no-conversion baseline with optimize, hands both plans' regional hourly
// loads to impact, which measures the grid impact and the share of the US
// power gap closed, and the plan to proforma for the conversions' finance.
// It is the one place that joins them.
package analysis

import (
	"context"
	"time"

	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/proforma"
	"github.com/gridflip/gridflip/solver"
)

// Analysis is a plan with its baseline, its grid impact and the share of
// the US power gap it closes.
type Analysis struct {
	Plan     *optimize.Plan
	Baseline *optimize.Plan
	Impact   []impact.Impact // per region, then the portfolio
	Gap      []impact.GapRow
	// Finance is the pro formas of the plan's conversions.
	Finance *proforma.Result
	// Timing: reading the case (set by the caller that read it), solving
	// the plan and the baseline, wall seconds.
	ReadSeconds, PlanSeconds, BaselineSeconds float64
}

// Run solves the plan and the no-conversion baseline and measures what
// the conversion does to the grid and to the US data-center power gap.
func Run(ctx context.Context, sv solver.Solver, in *optimize.Inputs, opts optimize.Options) (*Analysis, error) {
	began := time.Now()
	plan, err := optimize.Solve(ctx, sv, in, opts)
	if err != nil {
		return nil, err
	}
	planned := time.Now()
	base, err := optimize.SolveBaseline(ctx, sv, in, opts)
	if err != nil {
		return nil, err
	}
	a, err := Measure(in, plan, base)
	if err != nil {
		return nil, err
	}
	a.PlanSeconds, a.BaselineSeconds = planned.Sub(began).Seconds(), time.Since(planned).Seconds()
	return a, nil
}

// Measure compares a plan with its baseline.
func Measure(in *optimize.Inputs, plan, base *optimize.Plan) (*Analysis, error) {
	c := in.Case
	network := c.Impact.NetworkHashrateEHs
	if network == 0 && c.Market.NetworkHashrateEHs != nil {
		network = *c.Market.NetworkHashrateEHs
	}
	im, err := impact.Compare(Loads(base), Loads(plan), impact.Options{
		StressHours:         c.Impact.StressHours,
		CoincidentPeakHours: in.AllCoincidentPeakHours(),
		NetworkHashrateEHs:  network,
		USHashrateShare:     c.Impact.USHashrateShare,
	})
	if err != nil {
		return nil, err
	}
	var refs []impact.GapReference
	for _, g := range c.Gap {
		refs = append(refs, impact.GapReference{ID: g.ID, Source: g.Source, GapGW: g.GapGW})
	}
	closedGW := im[len(im)-1].NewAIMeterMW / 1000
	fin, err := proforma.Build(c, plan)
	if err != nil {
		return nil, err
	}
	return &Analysis{
		Plan:     plan,
		Baseline: base,
		Impact:   im,
		Gap:      impact.CloseGap(impact.MergeGapReferences(impact.DefaultGapReferences(), refs), closedGW),
		Finance:  fin,
	}, nil
}

// Loads converts a plan's regional sums into impact's plain loads.
func Loads(p *optimize.Plan) []impact.Load {
	out := make([]impact.Load, len(p.Regions))
	for i, r := range p.Regions {
		out[i] = impact.Load{
			Region: r.Region, Sites: r.Sites, LoadMW: r.LoadMW, PriceSumUSDPerMWh: r.PriceSumUSDPerMWh, PaidUSD: r.PaidUSD,
			FirmMW: r.FirmMW, FlexibleMW: r.FlexibleMW, HashrateEHs: r.HashrateEHs, NewAIMeterMW: r.NewAIMeterMW,
		}
	}
	return out
}
