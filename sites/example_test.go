package sites_test

import (
	"errors"
	"fmt"

	"github.com/gridflip/gridflip/sites"
)

func ExampleDecode() {
	data := []byte(`
[grid]
prices = "prices.csv"

[market]
hashprice_usd_per_ph_day = 45.0
ai_lease_usd_per_kw_month = 140.0

[finance]
discount_rate = 0.07125
life_years = 15

[[sites]]
id = "rockdale"
region = "ERCOT"
node = "HB_WEST"
interconnect_mw = 700

  [sites.mining]
  capacity_it_mw = 650
  efficiency_j_per_th = 21.0
  pue = 1.05

  [[sites.conversion]]
  id = "hall-a"
  it_mw = 100
  cooling = "liquid"
  pue = 1.15
  capex_usd_per_mw = 10.0e6
`)
	c, err := sites.Decode(data, "cases/demo.toml")
	if err != nil {
		fmt.Println(err)
		return
	}
	s := c.Sites[0]
	fmt.Println(c.Name, c.Grid.Prices)
	fmt.Printf("%s: %g MW at the POI, utilization %g (default)\n", s.ID, s.InterconnectMW, s.AI.Utilization)
	fmt.Printf("%s: %g IT MW, %s cooling, lease %g USD/kW-month\n",
		s.Halls[0].ID, s.Halls[0].ITMW, s.Halls[0].Cooling, s.Halls[0].LeaseUSDPerKWMonth)
	// Output:
	// demo prices.csv
	// rockdale: 700 MW at the POI, utilization 0.8 (default)
	// hall-a: 100 IT MW, liquid cooling, lease 140 USD/kW-month
}

func ExampleDecode_issues() {
	data := []byte(`[grid]
prices = "prices.csv"
[market]
hashprice_usd_per_ph_day = 45.0
ai_lease_usd_per_kw_month = 140.0
[finance]
discount_rate = 0.07
life_years = 15
[[sites]]
id = "rockdale"
region = "ERCOT"
node = "HB_WEST"
interconnect_mw = 700
[sites.mining]
capacity_it_mw = 650
effciency_j_per_th = 21.0
pue = 0.9
[[sites.conversion]]
id = "hall-a"
it_mw = 100
cooling = "air"
rack_kw = 120
pue = 1.15
capex_usd_per_mw = 10.0e6
`)
	_, err := sites.Decode(data, "case.toml")
	var issues sites.Issues
	if errors.As(err, &issues) {
		for _, issue := range issues {
			fmt.Println(issue)
		}
	}
	// Output:
	// case.toml:14: site "rockdale": missing required key "mining.efficiency_j_per_th": expected a number greater than 5 and at most 200 (J/TH; an Antminer S21 is 17.5)
	// case.toml:16: site "rockdale": unknown key "sites.mining.effciency_j_per_th" (did you mean efficiency_j_per_th?)
	// case.toml:17: site "rockdale": mining.pue = 0.9: must be between 1 and 3 (PUE is meter power / IT power)
	// case.toml:22: site "rockdale" hall "hall-a": rack_kw = 120 with cooling = "air": air cooling is limited to 40 kW per rack; use cooling = "liquid"
}
