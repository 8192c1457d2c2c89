package synth

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

// writeTOML writes the case file; numbers are written exactly.
func writeTOML(w io.Writer, in *optimize.Inputs, constantHashprice bool) error {
	c := in.Case
	bw := bufio.NewWriterSize(w, 1<<20)
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	q := strconv.Quote
	fmt.Fprintf(bw, "# Written by gridflip (synth.WriteCase).\nname = %s\n\n[grid]\nprices = \"prices.csv\"\n", q(c.Name))
	if in.SiteTemperatureC != nil {
		bw.WriteString("temperatures = \"temperatures.csv\"\n")
	}
	if in.SiteReservePriceUSDPerMWh != nil {
		bw.WriteString("reserve_prices = \"reserve_prices.csv\"\n")
	}
	if len(in.CoincidentPeakHours) > 0 {
		var stamps []string
		for _, t := range in.CoincidentPeakHours {
			stamps = append(stamps, q(in.Hours[t].UTC().Format(time.RFC3339)))
		}
		fmt.Fprintf(bw, "\n[grid.coincident_peak]\nrate_usd_per_mw_year = %s\nintervals = [%s]\n", f(in.CoincidentPeakRateUSDPerMWYear), strings.Join(stamps, ", "))
	}
	if h := c.Horizon; h != nil {
		fmt.Fprintf(bw, "\n[horizon]\nstart_year = %d\nyears = %d\n", h.StartYear, h.Years)
	}
	bw.WriteString("\n[market]\n")
	if constantHashprice {
		fmt.Fprintf(bw, "hashprice_usd_per_ph_day = %s\n", f(in.HashpriceUSDPerPHDay[0]))
	} else {
		bw.WriteString("hashprice = \"hashprice.csv\"\n")
	}
	fmt.Fprintf(bw, "ai_lease_usd_per_kw_month = %s\n", f(c.Market.AILeaseUSDPerKWMonth))
	if c.Market.AIDemandCapITMW != nil {
		fmt.Fprintf(bw, "ai_demand_cap_it_mw = %s\n", f(*c.Market.AIDemandCapITMW))
	}
	if caps := c.Market.AIDemandCapITMWByYear; caps != nil {
		var list []string
		for _, v := range caps {
			list = append(list, f(v))
		}
		fmt.Fprintf(bw, "ai_demand_cap_it_mw = [%s]\n", strings.Join(list, ", "))
	}
	fin := c.Finance
	fmt.Fprintf(bw, "\n[finance]\ndiscount_rate = %s\nlife_years = %d\n", f(fin.DiscountRate), fin.LifeYears)
	if fin.DebtTenorYears != 0 {
		fmt.Fprintf(bw, "debt_share = %s\ndebt_rate = %s\ndebt_tenor_years = %d\ntax_rate = %s\ndepreciation_years = %d\ntarget_equity_irr = %s\n",
			f(fin.DebtShare), f(fin.DebtRate), fin.DebtTenorYears, f(fin.TaxRate), fin.DepreciationYears, f(fin.TargetEquityIRR))
	}
	date := func(t time.Time) string { return t.UTC().Format("2006-01-02") }
	if len(c.Scenarios) > 0 {
		r := c.Risk
		fmt.Fprintf(bw, "\n[risk]\nrisk_weight = %s\ncvar_alpha = %s\ncommit_years = %d\n", f(r.Weight), f(r.Alpha), r.CommitYears)
		for _, sc := range c.Scenarios {
			fmt.Fprintf(bw, "\n[[scenario]]\nid = %s\n", q(sc.ID))
			for _, kv := range []struct {
				key string
				v   *float64
			}{{"probability", sc.Probability}, {"hashprice_scale", sc.HashpriceScale}, {"price_scale", sc.PriceScale},
				{"price_adder_usd_per_mwh", sc.PriceAdderUSDPerMWh}, {"lease_usd_per_kw_month", sc.LeaseUSDPerKWMonth}} {
				if kv.v != nil {
					fmt.Fprintf(bw, "%s = %s\n", kv.key, f(*kv.v))
				}
			}
		}
	}
	curve := func(t sites.TempCurve) {
		if t.SlopePerC != 0 {
			fmt.Fprintf(bw, "  pue_temp_slope_per_c = %s\n  pue_temp_reference_c = %s\n", f(t.SlopePerC), f(t.ReferenceC))
		}
	}
	for _, s := range c.Sites {
		fmt.Fprintf(bw, "\n[[sites]]\nid = %s\nregion = %s\nnode = %s\ninterconnect_mw = %s\n", q(s.ID), q(s.Region), q(s.Node), f(s.InterconnectMW))
		if s.ReserveMaxMW != nil {
			fmt.Fprintf(bw, "reserve_max_mw = %s\n", f(*s.ReserveMaxMW))
		}
		if s.NonfirmInterconnectMW != 0 {
			fmt.Fprintf(bw, "nonfirm_interconnect_mw = %s\n", f(s.NonfirmInterconnectMW))
		}
		m := s.Mining
		fmt.Fprintf(bw, "  [sites.mining]\n  capacity_it_mw = %s\n  efficiency_j_per_th = %s\n  pue = %s\n  opex_usd_per_mwh = %s\n",
			f(m.CapacityITMW), f(m.EfficiencyJPerTH), f(m.PUE), f(m.OpexUSDPerMWh))
		curve(m.PUETemp)
		if m.DeratePerC != 0 {
			fmt.Fprintf(bw, "  derate_above_c = %s\n  derate_per_c = %s\n", f(m.DerateAboveC), f(m.DeratePerC))
		}
		a := s.AI
		fmt.Fprintf(bw, "  [sites.ai]\n  existing_it_mw = %s\n  existing_pue = %s\n  committed_it_mw = %s\n  power_pass_through = %t\n  utilization = %s\n",
			f(a.ExistingITMW), f(a.ExistingPUE), f(a.CommittedITMW), a.PowerPassThrough, f(a.Utilization))
		if !a.CommittedFrom.IsZero() {
			fmt.Fprintf(bw, "  committed_from = %s\n", date(a.CommittedFrom))
		}
		for _, h := range s.Halls {
			fmt.Fprintf(bw, "  [[sites.conversion]]\n  id = %s\n  it_mw = %s\n  cooling = %s\n  rack_kw = %s\n  pue = %s\n  capex_usd_per_mw = %s\n  fixed_om_usd_per_mw_year = %s\n  displaces_mining_it_mw = %s\n",
				q(h.ID), f(h.ITMW), q(string(h.Cooling)), f(h.RackKW), f(h.PUE), f(h.CapexUSDPerMW), f(h.FixedOMUSDPerMWYear), f(h.DisplacesMiningITMW))
			if h.LeaseOverridden {
				fmt.Fprintf(bw, "  lease_usd_per_kw_month = %s\n", f(h.LeaseUSDPerKWMonth))
			}
			if h.POIMWPerITMW != 0 {
				fmt.Fprintf(bw, "  poi_mw_per_it_mw = %s\n", f(h.POIMWPerITMW))
			}
			if h.Flexibility == sites.FlexCurtailable {
				fmt.Fprintf(bw, "  ai_flexibility = \"curtailable\"\n  firm_share = %s\n  max_curtailed_share = %s\n  lease_discount_usd_per_kw_month = %s\n",
					f(h.FirmShare), f(h.MaxCurtailedShare), f(h.LeaseDiscountUSDPerKWMonth))
			}
			if h.Offer == sites.OfferGPUCloud {
				fmt.Fprintf(bw, "  offer = \"gpu_cloud\"\n  gpu_revenue_usd_per_year = %s\n  gpu_capex_usd = %s\n  gpu_term_years = %d\n",
					f(h.GPURevenueUSDPerYear), f(h.GPUCapexUSD), h.GPUTermYears)
			}
			if c.Horizon != nil {
				fmt.Fprintf(bw, "  lead_time_months = %d\n  lease_escalator_per_year = %s\n", h.LeadTimeMonths, f(h.LeaseEscalatorPerYear))
				if h.LeaseTermYears != 0 {
					fmt.Fprintf(bw, "  lease_term_years = %d\n", h.LeaseTermYears)
				}
				if !h.EarliestOnline.IsZero() {
					fmt.Fprintf(bw, "  earliest_online = %s\n", date(h.EarliestOnline))
				}
				if h.ServiceYear != 0 {
					fmt.Fprintf(bw, "  service_year = %d\n", h.ServiceYear)
				}
			}
			curve(h.PUETemp)
		}
	}
	return bw.Flush()
}
