// Package scenario turns a case and its scenarios into inputs: one
// scenario's changes applied to a case (a sweep's what-if, or a future of
// a stochastic plan), the uncertainty set of a stochastic plan, and its
// probability-weighted mean (for the expected-value plan). The scales are
// docs/scenarios.md: a scenario's hourly price is price × price_scale
// + price_adder_usd_per_mwh, its hashprice hashprice × hashprice_scale,
// after its own files, if any, replace the case's series.
package scenario

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"time"

	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// Apply returns a copy of the inputs with the scenario's scales and values
// (not its files: see Inputs); the case's own structures are copied where
// changed, never modified. With a horizon the changes apply to every year.
func Apply(in *optimize.Inputs, s sites.Scenario) *optimize.Inputs {
	out := *in
	c := *in.Case
	out.Case = &c
	if in.Years != nil {
		out.Years = append([]optimize.Year(nil), in.Years...)
	}
	if f := growthFactors(in, s); f != nil || s.HashpriceScale != nil {
		scale := 1.0
		if s.HashpriceScale != nil {
			scale = *s.HashpriceScale
		}
		hp := make([]float64, len(in.HashpriceUSDPerPHDay))
		for t, v := range in.HashpriceUSDPerPHDay {
			if f != nil {
				v *= f[yearIndex(in.Case, in.Hours[t])]
			}
			hp[t] = v * scale
		}
		setHashprice(&out, hp)
	}
	if s.DiscountRate != nil {
		c.Finance.DiscountRate = *s.DiscountRate
	}
	if s.PriceScale != nil || s.PriceAdderUSDPerMWh != nil {
		scale, adder := 1.0, 0.0
		if s.PriceScale != nil {
			scale = *s.PriceScale
		}
		if s.PriceAdderUSDPerMWh != nil {
			adder = *s.PriceAdderUSDPerMWh
		}
		f := func(v float64) float64 { return v*scale + adder }
		out.SitePriceUSDPerMWh = transformSites(in.SitePriceUSDPerMWh, f)
		for k := range out.Years {
			out.Years[k].SitePriceUSDPerMWh = transformSites(in.Years[k].SitePriceUSDPerMWh, f)
		}
	}
	if s.AIDemandCapITMW != nil {
		capMW := *s.AIDemandCapITMW
		c.Market.AIDemandCapITMW = &capMW
		c.Market.AIDemandCapITMWByYear = nil
	}
	if s.LeaseUSDPerKWMonth != nil || s.CapexScale != nil || s.LeaseEscalatorPerYear != nil {
		c.Sites = append(c.Sites[:0:0], in.Case.Sites...)
		for i := range c.Sites {
			c.Sites[i].Halls = append(c.Sites[i].Halls[:0:0], in.Case.Sites[i].Halls...)
			for h := range c.Sites[i].Halls {
				hall := &c.Sites[i].Halls[h]
				if s.LeaseUSDPerKWMonth != nil && !hall.LeaseOverridden {
					hall.LeaseUSDPerKWMonth = *s.LeaseUSDPerKWMonth
				}
				if s.CapexScale != nil {
					hall.CapexUSDPerMW *= *s.CapexScale
				}
				if s.LeaseEscalatorPerYear != nil && !hall.LeaseOverridden {
					hall.LeaseEscalatorPerYear = *s.LeaseEscalatorPerYear
				}
			}
		}
		if s.LeaseUSDPerKWMonth != nil {
			c.Market.AILeaseUSDPerKWMonth = *s.LeaseUSDPerKWMonth
		}
	}
	if s.CurtailableShare != nil {
		return Curtailable(&out, *s.CurtailableShare)
	}
	return &out
}

// Curtailable is the case with every candidate hall curtailable at the
// share of its energy, firm share 0, and each site's own stress hours
// (plan --flexible, a what-if's curtailable_share). Signed deals (halls
// with a service year) keep their terms.
func Curtailable(in *optimize.Inputs, share float64) *optimize.Inputs {
	out := *in
	c := *in.Case
	out.Case = &c
	out.StressHours = nil
	if in.Years != nil {
		out.Years = append([]optimize.Year(nil), in.Years...)
		for k := range out.Years {
			out.Years[k].StressHours = nil
		}
	}
	c.Sites = append(c.Sites[:0:0], in.Case.Sites...)
	for s := range c.Sites {
		c.Sites[s].Halls = append(c.Sites[s].Halls[:0:0], in.Case.Sites[s].Halls...)
		for h := range c.Sites[s].Halls {
			hall := &c.Sites[s].Halls[h]
			if hall.ServiceYear != 0 {
				continue // a signed deal keeps its contract's terms
			}
			hall.Flexibility, hall.FirmShare, hall.MaxCurtailedShare = sites.FlexCurtailable, 0, share
		}
	}
	return &out
}

// growthFactors returns, for each year index k of the horizon, the factor
// by which the what-if's BTC price and network hashrate growth change the
// case's hashprice: ((1+g′)/(1+g))^k for the BTC price, ((1+h)/(1+h′))^k
// for the hashrate (the fundamentals' hashprice is linear in the BTC
// price and inverse in the hashrate: docs/model.md). Nil when the what-if
// sets neither; CheckWhatIf refuses them where they do not apply.
func growthFactors(in *optimize.Inputs, s sites.Scenario) []float64 {
	if (s.BTCPriceGrowthPerYear == nil && s.NetworkHashrateGrowthPerYear == nil) || in.Case.Horizon == nil {
		return nil
	}
	m := in.Case.Market
	ratio := 1.0
	if s.BTCPriceGrowthPerYear != nil {
		ratio *= (1 + *s.BTCPriceGrowthPerYear) / (1 + m.BTCPriceGrowthPerYear)
	}
	if s.NetworkHashrateGrowthPerYear != nil {
		ratio *= (1 + m.NetworkHashrateGrowthPerYear) / (1 + *s.NetworkHashrateGrowthPerYear)
	}
	out := make([]float64, in.Case.Horizon.Years)
	for k := range out {
		out[k] = math.Pow(ratio, float64(k))
	}
	return out
}

// yearIndex is k−1 for an hour in year k of the horizon (0 without one),
// as the loader grows the fundamentals.
func yearIndex(c *sites.Case, h time.Time) int {
	if c.Horizon == nil {
		return 0
	}
	return min(max(0, h.Year()-c.Horizon.StartYear), c.Horizon.Years-1)
}

// maxGrowthFactor bounds what a growth compounds to by the horizon's
// last year, as the case file's check does.
const maxGrowthFactor = 100

// CheckWhatIf checks that a what-if applies to the case: the escalator and
// the growths need a horizon, the growths the fundamentals (and the BTC
// growth a BTC price, not a series), a growth compounds to at most 100×
// up or down, the discount rate stays above a perpetuity's terminal
// growth, and λ and α need scenarios. Problems are Issues naming the key
// (at the what-if's file and line, when it has them).
func CheckWhatIf(c *sites.Case, s sites.Scenario) error {
	var out sites.Issues
	add := func(key, format string, args ...any) {
		out = append(out, sites.Issue{File: s.File, Line: s.KeyLine(key), Field: key,
			Msg: fmt.Sprintf("what-if %q: %s: ", s.ID, key) + fmt.Sprintf(format, args...)})
	}
	m := c.Market
	fundamentals := m.HashpriceUSDPerPHDay == nil && m.Hashprice == ""
	for _, g := range []struct {
		key string
		v   *float64
	}{{"lease_escalator_per_year", s.LeaseEscalatorPerYear}, {"btc_price_growth_per_year", s.BTCPriceGrowthPerYear},
		{"network_hashrate_growth_per_year", s.NetworkHashrateGrowthPerYear}} {
		if g.v == nil {
			continue
		}
		if c.Horizon == nil {
			add(g.key, "only for a case with a [horizon] table")
			continue
		}
		if g.key == "lease_escalator_per_year" {
			continue
		}
		if !fundamentals {
			add(g.key, "the case's hashprice is not from the fundamentals (btc_price_usd, network_hashrate_eh_s), so there is no growth to change")
			continue
		}
		if g.key == "btc_price_growth_per_year" && m.BTCPrice != "" {
			add(g.key, "the case's btc_price series sets the path itself")
			continue
		}
		if f := math.Pow(1+*g.v, float64(c.Horizon.Years-1)); f > maxGrowthFactor || f < 1.0/maxGrowthFactor {
			add(g.key, "%g over %d years compounds to %.3g× by the last year: want at most %d× up or down", *g.v, c.Horizon.Years, f, maxGrowthFactor)
		}
	}
	if s.DiscountRate != nil && c.Finance.TerminalValue == sites.TerminalPerpetuity && *s.DiscountRate <= c.Finance.TerminalGrowth {
		add("discount_rate", "%g: must be above the case's terminal_growth %g (a perpetuity)", *s.DiscountRate, c.Finance.TerminalGrowth)
	}
	if len(c.Scenarios) == 0 {
		if s.RiskWeight != nil {
			add("risk_weight", "needs a case with [[scenario]] tables")
		}
		if s.CVaRAlpha != nil {
			add("cvar_alpha", "needs a case with [[scenario]] tables")
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// setHashprice sets the hourly hashprice over the whole horizon and each
// year's share of it.
func setHashprice(in *optimize.Inputs, hp []float64) {
	in.HashpriceUSDPerPHDay = hp
	off := 0
	for k := range in.Years {
		n := len(in.Years[k].Hours)
		in.Years[k].HashpriceUSDPerPHDay = hp[off : off+n : off+n]
		off += n
	}
}

// transform returns f applied to every value of series (nil stays nil).
func transform(series []float64, f func(float64) float64) []float64 {
	if series == nil {
		return nil
	}
	out := make([]float64, len(series))
	for t, v := range series {
		out[t] = f(v)
	}
	return out
}

// transformSites applies f to every site's series; sites that share a
// series share the result.
func transformSites(series [][]float64, f func(float64) float64) [][]float64 {
	if series == nil {
		return nil
	}
	done := map[*float64][]float64{}
	out := make([][]float64, len(series))
	for i, s := range series {
		if len(s) == 0 {
			continue
		}
		if t, ok := done[&s[0]]; ok && len(t) == len(s) {
			out[i] = t
			continue
		}
		out[i] = transform(s, f)
		done[&s[0]] = out[i]
	}
	return out
}

// Inputs returns the case under scenario s: its own files, if any, read
// in place of the case's series (base is the case's inputs otherwise),
// then Apply. opts read the files; the case must come from disk when the
// scenario has files.
func Inputs(ctx context.Context, base *optimize.Inputs, s sites.Scenario, opts loader.Options) (*optimize.Inputs, error) {
	return inputsSharing(ctx, base, s, opts, nil)
}

// files are the series files a scenario reads in place of the case's,
// resolved.
type files struct{ prices, hashprice, btcPrice string }

// inputsSharing is Inputs that reads each set of files once: loaded
// holds the inputs read for each set so far (nil: no sharing). Scenarios
// that name the same files then share their series (Apply copies what it
// changes), so 18 scenarios over 2 price years hold 2 copies, not 18.
func inputsSharing(ctx context.Context, base *optimize.Inputs, s sites.Scenario, opts loader.Options, loaded map[files]*optimize.Inputs) (*optimize.Inputs, error) {
	in := base
	if err := CheckWhatIf(base.Case, s); err != nil {
		return nil, err
	}
	if s.Prices != "" || s.Hashprice != "" || s.BTCPrice != "" {
		c := base.Case
		f := loader.Files{Prices: resolve(c, s, s.Prices), Hashprice: resolve(c, s, s.Hashprice), BTCPrice: resolve(c, s, s.BTCPrice),
			Places: places(s)}
		key := files{f.Prices, f.Hashprice, f.BTCPrice}
		if shared, ok := loaded[key]; ok {
			return Apply(shared, s), nil
		}
		var err error
		if in, err = loader.LoadScenario(ctx, c, f, opts); err != nil {
			var is sites.Issues
			if errors.As(err, &is) {
				return nil, err // placed at the scenario's keys (or the case's own)
			}
			return nil, fmt.Errorf("scenario %q (%s:%d): %w", s.ID, s.File, s.FilesLine(), err)
		}
		if err := sameHours(base, in); err != nil {
			return nil, fmt.Errorf("%s:%d: scenario %q: %w", s.File, s.FilesLine(), s.ID, err)
		}
		if loaded != nil {
			loaded[key] = in
		}
	}
	return Apply(in, s), nil
}

// places says where the scenario names each of its files: its file, the
// line of the key, for messages about them.
func places(s sites.Scenario) map[string]sites.KeyPlace {
	out := map[string]sites.KeyPlace{}
	for _, k := range []struct{ caseKey, key, value string }{
		{"grid.prices", "prices", s.Prices},
		{"market.hashprice", "hashprice", s.Hashprice},
		{"market.btc_price", "btc_price", s.BTCPrice},
	} {
		if k.value != "" {
			out[k.caseKey] = sites.KeyPlace{File: s.File, Line: s.KeyLine(k.key), Prefix: fmt.Sprintf("scenario %q: %s: ", s.ID, k.key)}
		}
	}
	return out
}

// resolve makes a scenario's file name relative to the file that defines
// the scenario: as given for the case's own [[scenario]] tables (the
// loader reads relative to the case), absolute for another file's.
func resolve(c *sites.Case, s sites.Scenario, name string) string {
	if name == "" || filepath.IsAbs(name) || s.File == c.File {
		return name
	}
	if abs, err := filepath.Abs(filepath.Join(filepath.Dir(s.File), name)); err == nil {
		return abs
	}
	return name
}

// sameHours checks that a scenario's series cover the case's hours.
func sameHours(base, in *optimize.Inputs) error {
	if len(in.Hours) != len(base.Hours) || !in.Hours[0].Equal(base.Hours[0]) || !in.Hours[len(in.Hours)-1].Equal(base.Hours[len(base.Hours)-1]) {
		return fmt.Errorf("its prices give the hours %s to %s, the case's are %s to %s: a scenario's prices must cover the case's hours",
			in.Hours[0].Format("2006-01-02T15:04Z"), in.Hours[len(in.Hours)-1].Format("2006-01-02T15:04Z"),
			base.Hours[0].Format("2006-01-02T15:04Z"), base.Hours[len(base.Hours)-1].Format("2006-01-02T15:04Z"))
	}
	return nil
}

// Set is the stochastic plan of a case over an uncertainty set: the
// case's [[scenario]] tables, or list when not nil (from `plan
// --scenarios`), with the case's [risk]. Every scenario's inputs are
// read (their files) and checked.
func Set(ctx context.Context, base *optimize.Inputs, list []sites.Scenario, opts loader.Options) (*optimize.Stochastic, error) {
	return SetWith(ctx, base, list, opts, nil)
}

// SetWith is Set with a sweep's what-if applied on top of every scenario
// (and its risk weight, if it has one). A what-if with files of its own is
// refused: the scenarios' series are theirs.
func SetWith(ctx context.Context, base *optimize.Inputs, list []sites.Scenario, opts loader.Options, whatIf *sites.Scenario) (*optimize.Stochastic, error) {
	c := base.Case
	if whatIf != nil && (whatIf.Prices != "" || whatIf.Hashprice != "" || whatIf.BTCPrice != "") {
		return nil, fmt.Errorf("%s:%d: what-if %q has files of its own, which cannot apply on top of the case's scenarios: give them to the scenarios", whatIf.File, whatIf.Line, whatIf.ID)
	}
	if whatIf != nil {
		if err := CheckWhatIf(c, *whatIf); err != nil {
			return nil, err
		}
	}
	if list == nil {
		list = c.Scenarios
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("%s: no scenarios: add [[scenario]] tables to the case, or give --scenarios FILE", c.File)
	}
	if err := sites.CheckUncertaintySet(list); err != nil {
		return nil, err
	}
	if whatIf != nil && (whatIf.BTCPriceGrowthPerYear != nil || whatIf.NetworkHashrateGrowthPerYear != nil) {
		for _, sc := range list {
			if sc.Hashprice != "" || sc.BTCPrice != "" {
				return nil, fmt.Errorf("%s:%d: what-if %q changes a growth of the fundamentals, but scenario %q has its own hashprice or BTC price path",
					whatIf.File, whatIf.Line, whatIf.ID, sc.ID)
			}
		}
	}
	st := &optimize.Stochastic{RiskWeight: c.Risk.Weight, CVaRAlpha: c.Risk.Alpha, CommitYears: c.Risk.CommitYears}
	if st.CVaRAlpha == 0 { // a case built in code
		st.CVaRAlpha, st.CommitYears = 0.1, max(st.CommitYears, 2)
	}
	loaded := map[files]*optimize.Inputs{}
	for i, p := range sites.Weights(list) {
		in, err := inputsSharing(ctx, base, list[i], opts, loaded)
		if err != nil {
			return nil, err
		}
		if whatIf != nil {
			in = Apply(in, *whatIf)
		}
		st.Scenarios = append(st.Scenarios, optimize.Scenario{ID: list[i].ID, Probability: p, In: in})
	}
	if whatIf != nil && whatIf.RiskWeight != nil {
		st.RiskWeight = *whatIf.RiskWeight
	}
	if whatIf != nil && whatIf.CVaRAlpha != nil {
		st.CVaRAlpha = *whatIf.CVaRAlpha
	}
	return st, st.Check()
}

// Mean is the case under the probability-weighted mean of its scenarios:
// every hourly price and hashprice, and every hall's lease, the mean of
// the scenarios' (the expected-value plan is solved on it).
func Mean(st *optimize.Stochastic) *optimize.Inputs {
	first := st.Scenarios[0].In
	out := *first
	c := *first.Case
	out.Case = &c
	mean := func(get func(in *optimize.Inputs) []float64) []float64 {
		if get(first) == nil {
			return nil
		}
		m := make([]float64, len(get(first)))
		for _, sc := range st.Scenarios {
			for t, v := range get(sc.In) {
				m[t] += sc.Probability * v
			}
		}
		return m
	}
	meanSites := func(get func(in *optimize.Inputs) [][]float64) [][]float64 {
		if get(first) == nil {
			return nil
		}
		out := make([][]float64, len(get(first)))
		for s := range out {
			out[s] = mean(func(in *optimize.Inputs) []float64 { return get(in)[s] })
		}
		return out
	}
	if first.Years != nil {
		out.Years = append([]optimize.Year(nil), first.Years...)
	}
	setHashprice(&out, mean(func(in *optimize.Inputs) []float64 { return in.HashpriceUSDPerPHDay }))
	out.SitePriceUSDPerMWh = meanSites(func(in *optimize.Inputs) [][]float64 { return in.SitePriceUSDPerMWh })
	if first.Years != nil {
		for k := range out.Years {
			out.Years[k].SitePriceUSDPerMWh = meanSites(func(in *optimize.Inputs) [][]float64 { return in.Years[k].SitePriceUSDPerMWh })
		}
	}
	c.Market.AILeaseUSDPerKWMonth = 0
	for _, sc := range st.Scenarios {
		c.Market.AILeaseUSDPerKWMonth += sc.Probability * sc.In.Case.Market.AILeaseUSDPerKWMonth
	}
	c.Sites = append(c.Sites[:0:0], first.Case.Sites...)
	for i := range c.Sites {
		c.Sites[i].Halls = append(c.Sites[i].Halls[:0:0], first.Case.Sites[i].Halls...)
		for h := range c.Sites[i].Halls {
			var lease float64
			for _, sc := range st.Scenarios {
				lease += sc.Probability * sc.In.Case.Sites[i].Halls[h].LeaseUSDPerKWMonth
			}
			c.Sites[i].Halls[h].LeaseUSDPerKWMonth = lease
		}
	}
	return &out
}
