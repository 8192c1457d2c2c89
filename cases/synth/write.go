package synth

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/gridflip/gridflip/cases/loader"
	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/internal/atomicfile"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// WriteCase writes inputs as a case on disk: dir/case.toml and the CSV
// series it names (prices per node; temperatures and reserve prices per
// node when the inputs have them; an hourly hashprice unless it is
// constant). Sites at one node must share its series. Loading the written
// case gives the same inputs, so a generated portfolio (the benchmark
// suite's) can be planned from disk like any case.
//
// A case with a horizon is written with every year's series in full (the
// price file covers the horizon) and the hashprice as a series.
func WriteCase(dir string, in *optimize.Inputs) error {
	if err := in.Check(); err != nil {
		return err
	}
	in = flattenYears(in)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	nodes, index, err := nodeColumns(in)
	if err != nil {
		return err
	}
	series := func(file string, values [][]float64) error {
		s := &grid.Series{File: file, Step: time.Hour, Times: in.Hours, Columns: nodes, Values: make([][]float64, len(nodes))}
		for k := range nodes {
			s.Values[k] = values[index[k]]
		}
		return atomicfile.Write(filepath.Join(dir, file), func(w io.Writer) error { return grid.WriteCSV(w, s) })
	}
	if err := series("prices.csv", in.SitePriceUSDPerMWh); err != nil {
		return err
	}
	if in.SiteTemperatureC != nil {
		if err := series("temperatures.csv", in.SiteTemperatureC); err != nil {
			return err
		}
	}
	if in.SiteReservePriceUSDPerMWh != nil {
		if err := series("reserve_prices.csv", in.SiteReservePriceUSDPerMWh); err != nil {
			return err
		}
	}
	constant := true
	for _, v := range in.HashpriceUSDPerPHDay {
		constant = constant && v == in.HashpriceUSDPerPHDay[0]
	}
	if !constant {
		s := &grid.Series{File: "hashprice.csv", Step: time.Hour, Times: in.Hours, Columns: []string{loader.HashpriceColumn},
			Values: [][]float64{in.HashpriceUSDPerPHDay}}
		if err := atomicfile.Write(filepath.Join(dir, "hashprice.csv"), func(w io.Writer) error { return grid.WriteCSV(w, s) }); err != nil {
			return err
		}
	}
	return atomicfile.Write(filepath.Join(dir, "case.toml"), func(w io.Writer) error {
		return writeTOML(w, in, constant)
	})
}

// flattenYears returns a case with a horizon as one run of hours: each
// site's series concatenated over the years (a case without one as is).
func flattenYears(in *optimize.Inputs) *optimize.Inputs {
	if in.Years == nil {
		return in
	}
	flat := *in
	flat.Years = nil
	cat := func(get func(y *optimize.Year) [][]float64) [][]float64 {
		if get(&in.Years[0]) == nil {
			return nil
		}
		out := make([][]float64, len(in.Case.Sites))
		for s := range out {
			for k := range in.Years {
				out[s] = append(out[s], get(&in.Years[k])[s]...)
			}
		}
		return out
	}
	flat.SitePriceUSDPerMWh = cat(func(y *optimize.Year) [][]float64 { return y.SitePriceUSDPerMWh })
	flat.SiteReservePriceUSDPerMWh = cat(func(y *optimize.Year) [][]float64 { return y.SiteReservePriceUSDPerMWh })
	flat.SiteTemperatureC = cat(func(y *optimize.Year) [][]float64 { return y.SiteTemperatureC })
	flat.CoincidentPeakHours = in.AllCoincidentPeakHours()
	return &flat
}

// nodeColumns lists the nodes and, per node, a site whose series it uses;
// every site at a node must have the same series.
func nodeColumns(in *optimize.Inputs) ([]string, []int, error) {
	var nodes []string
	var index []int
	at := map[string]int{}
	same := func(a, b [][]float64, s, t int) bool {
		if a == nil {
			return true
		}
		for i := range a[s] {
			if a[s][i] != a[t][i] {
				return false
			}
		}
		return true
	}
	for s, site := range in.Case.Sites {
		k, ok := at[site.Node]
		if !ok {
			at[site.Node] = len(nodes)
			nodes = append(nodes, site.Node)
			index = append(index, s)
			continue
		}
		first := index[k]
		if !same(in.SitePriceUSDPerMWh, in.SitePriceUSDPerMWh, s, first) || !same(in.SiteTemperatureC, in.SiteTemperatureC, s, first) ||
			!same(in.SiteReservePriceUSDPerMWh, in.SiteReservePriceUSDPerMWh, s, first) {
			return nil, nil, fmt.Errorf("write case: sites %q and %q share node %q but not its series", site.ID, in.Case.Sites[first].ID, site.Node)
		}
	}
	return nodes, index, nil
}

// writeTOML writes the case file, every key through its declaration
// (tomlWriter); numbers are written exactly.
func writeTOML(w io.Writer, in *optimize.Inputs, constantHashprice bool) error {
	c := in.Case
	t := newTOMLWriter(w)
	t.comment("Written by gridflip (synth.WriteCase).")
	t.set("name", c.Name)
	t.open("grid", false)
	t.set("grid.prices", "prices.csv")
	if in.SiteTemperatureC != nil {
		t.set("grid.temperatures", "temperatures.csv")
	}
	if in.SiteReservePriceUSDPerMWh != nil {
		t.set("grid.reserve_prices", "reserve_prices.csv")
	}
	if len(in.CoincidentPeakHours) > 0 {
		stamps := make([]time.Time, len(in.CoincidentPeakHours))
		for i, h := range in.CoincidentPeakHours {
			stamps[i] = in.Hours[h]
		}
		t.open("grid.coincident_peak", false)
		t.set("grid.coincident_peak.rate_usd_per_mw_year", in.CoincidentPeakRateUSDPerMWYear)
		t.set("grid.coincident_peak.intervals", stamps)
	}
	if h := c.Horizon; h != nil {
		t.open("horizon", false)
		t.set("horizon.start_year", h.StartYear)
		t.set("horizon.years", h.Years)
	}
	writeMarket(t, in, constantHashprice)
	writeFinance(t, c.Finance)
	if len(c.Scenarios) > 0 {
		writeScenarios(t, c)
	}
	for _, s := range c.Sites {
		writeSite(t, &s, c.Horizon != nil)
	}
	return t.flush()
}

// writeMarket writes [market].
func writeMarket(t *tomlWriter, in *optimize.Inputs, constantHashprice bool) {
	m := in.Case.Market
	t.open("market", false)
	if constantHashprice {
		t.set("market.hashprice_usd_per_ph_day", in.HashpriceUSDPerPHDay[0])
	} else {
		t.set("market.hashprice", "hashprice.csv")
	}
	t.set("market.ai_lease_usd_per_kw_month", m.AILeaseUSDPerKWMonth)
	if m.AIDemandCapITMW != nil {
		t.set("market.ai_demand_cap_it_mw", *m.AIDemandCapITMW)
	}
	if m.AIDemandCapITMWByYear != nil {
		t.set("market.ai_demand_cap_it_mw", m.AIDemandCapITMWByYear)
	}
}

// writeFinance writes [finance]: the debt and tax terms only when the
// case has debt.
func writeFinance(t *tomlWriter, f sites.Finance) {
	t.open("finance", false)
	t.set("finance.discount_rate", f.DiscountRate)
	t.set("finance.life_years", f.LifeYears)
	if f.DebtTenorYears != 0 {
		t.set("finance.debt_share", f.DebtShare)
		t.set("finance.debt_rate", f.DebtRate)
		t.set("finance.debt_tenor_years", f.DebtTenorYears)
		t.set("finance.tax_rate", f.TaxRate)
		t.set("finance.depreciation_years", f.DepreciationYears)
		t.set("finance.target_equity_irr", f.TargetEquityIRR)
	}
}

// writeScenarios writes [risk] and every [[scenario]].
func writeScenarios(t *tomlWriter, c *sites.Case) {
	t.open("risk", false)
	t.set("risk.risk_weight", c.Risk.Weight)
	t.set("risk.cvar_alpha", c.Risk.Alpha)
	t.set("risk.commit_years", c.Risk.CommitYears)
	for _, sc := range c.Scenarios {
		t.open("scenario", true)
		t.set("scenario.id", sc.ID)
		for _, kv := range []struct {
			path string
			v    *float64
		}{{"scenario.probability", sc.Probability}, {"scenario.hashprice_scale", sc.HashpriceScale}, {"scenario.price_scale", sc.PriceScale},
			{"scenario.price_adder_usd_per_mwh", sc.PriceAdderUSDPerMWh}, {"scenario.lease_usd_per_kw_month", sc.LeaseUSDPerKWMonth}} {
			if kv.v != nil {
				t.set(kv.path, *kv.v)
			}
		}
	}
}

// writeSite writes one [[sites]] table with its fleet, existing AI and
// halls; the halls' timing keys only with a horizon.
func writeSite(t *tomlWriter, s *sites.Site, horizon bool) {
	t.open("sites", true)
	t.set("sites.id", s.ID)
	t.set("sites.region", s.Region)
	t.set("sites.node", s.Node)
	t.set("sites.interconnect_mw", s.InterconnectMW)
	if s.ReserveMaxMW != nil {
		t.set("sites.reserve_max_mw", *s.ReserveMaxMW)
	}
	if s.NonfirmInterconnectMW != 0 {
		t.set("sites.nonfirm_interconnect_mw", s.NonfirmInterconnectMW)
	}
	m := s.Mining
	t.open("sites.mining", false)
	t.set("sites.mining.capacity_it_mw", m.CapacityITMW)
	t.set("sites.mining.efficiency_j_per_th", m.EfficiencyJPerTH)
	t.set("sites.mining.pue", m.PUE)
	t.set("sites.mining.opex_usd_per_mwh", m.OpexUSDPerMWh)
	writeCurve(t, "sites.mining", m.PUETemp)
	if m.DeratePerC != 0 {
		t.set("sites.mining.derate_above_c", m.DerateAboveC)
		t.set("sites.mining.derate_per_c", m.DeratePerC)
	}
	a := s.AI
	t.open("sites.ai", false)
	t.set("sites.ai.existing_it_mw", a.ExistingITMW)
	t.set("sites.ai.existing_pue", a.ExistingPUE)
	t.set("sites.ai.committed_it_mw", a.CommittedITMW)
	t.set("sites.ai.power_pass_through", a.PowerPassThrough)
	t.set("sites.ai.utilization", a.Utilization)
	if !a.CommittedFrom.IsZero() {
		t.set("sites.ai.committed_from", a.CommittedFrom)
	}
	for i := range s.Halls {
		writeHall(t, &s.Halls[i], horizon)
	}
}

// writeHall writes one [[sites.conversion]] table.
func writeHall(t *tomlWriter, h *sites.Hall, horizon bool) {
	const p = "sites.conversion."
	t.open("sites.conversion", true)
	t.set(p+"id", h.ID)
	t.set(p+"it_mw", h.ITMW)
	t.set(p+"cooling", h.Cooling)
	t.set(p+"rack_kw", h.RackKW)
	t.set(p+"pue", h.PUE)
	t.set(p+"capex_usd_per_mw", h.CapexUSDPerMW)
	t.set(p+"fixed_om_usd_per_mw_year", h.FixedOMUSDPerMWYear)
	t.set(p+"displaces_mining_it_mw", h.DisplacesMiningITMW)
	if h.LeaseOverridden {
		t.set(p+"lease_usd_per_kw_month", h.LeaseUSDPerKWMonth)
	}
	if h.POIMWPerITMW != 0 {
		t.set(p+"poi_mw_per_it_mw", h.POIMWPerITMW)
	}
	if h.Flexibility == sites.FlexCurtailable {
		t.set(p+"ai_flexibility", h.Flexibility)
		t.set(p+"firm_share", h.FirmShare)
		t.set(p+"max_curtailed_share", h.MaxCurtailedShare)
		t.set(p+"lease_discount_usd_per_kw_month", h.LeaseDiscountUSDPerKWMonth)
	}
	if h.Offer == sites.OfferGPUCloud {
		t.set(p+"offer", h.Offer)
		t.set(p+"gpu_revenue_usd_per_year", h.GPURevenueUSDPerYear)
		t.set(p+"gpu_capex_usd", h.GPUCapexUSD)
		t.set(p+"gpu_term_years", h.GPUTermYears)
	}
	if horizon {
		t.set(p+"lead_time_months", h.LeadTimeMonths)
		t.set(p+"build_months", h.BuildMonths)
		t.set(p+"lease_escalator_per_year", h.LeaseEscalatorPerYear)
		if h.LeaseTermYears != 0 {
			t.set(p+"lease_term_years", h.LeaseTermYears)
		}
		if !h.EarliestOnline.IsZero() {
			t.set(p+"earliest_online", h.EarliestOnline)
		}
		if h.ServiceYear != 0 {
			t.set(p+"service_year", h.ServiceYear)
		}
	}
	writeCurve(t, "sites.conversion", h.PUETemp)
}

// writeCurve writes a PUE temperature curve into table (when it has one).
func writeCurve(t *tomlWriter, table string, c sites.TempCurve) {
	if c.SlopePerC != 0 {
		t.set(table+".pue_temp_slope_per_c", c.SlopePerC)
		t.set(table+".pue_temp_reference_c", c.ReferenceC)
	}
}
