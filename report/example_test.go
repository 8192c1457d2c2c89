package report_test

import (
	"context"
	"os"

	"github.com/gridflip/gridflip/report"
)

// ExampleWriteSitesCSV writes the per-site table of a plan as CSV.
func ExampleWriteSitesCSV() {
	plan := fixturePlan()
	plan.Sites = plan.Sites[:1]
	if err := report.WriteSitesCSV(context.Background(), os.Stdout, plan); err != nil {
		panic(err)
	}
	// Output:
	// site,region,node,interconnect_mw,halls,new_ai_it_mw,existing_ai_it_mw,ai_it_mw,ai_meter_mw,new_capex_usd,mining_capacity_it_mw,mining_mwh,curtailed_hours,interconnect_value_usd_per_mw_year,mining_revenue_usd,mining_energy_cost_usd,mining_opex_usd,ai_lease_revenue_usd,ai_energy_cost_usd,capex_annuity_usd,fixed_om_usd,reserve_revenue_usd,coincident_peak_cost_usd,profit_usd,hedge_usd
	// west,ERCOT,HB_WEST,700,hall-a,100,0,100,115,1000000000,540,1080,1,123456.7,96000,40000,4320,57534.25,0,37579.1,2054.79,0,0,69580.36,1500
}
