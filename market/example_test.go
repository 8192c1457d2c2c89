package market_test

import (
	"fmt"
	"time"

	"github.com/gridflip/gridflip/market"
)

func ExampleFundamentals_HashpriceUSDPerPHDay() {
	f := market.Fundamentals{BTCPriceUSD: 100000, NetworkHashrateEHs: 800, FeesBTCPerBlock: 0.03}
	if err := f.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range []time.Time{
		time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		market.DefaultHalving2028(),
	} {
		hp := f.HashpriceUSDPerPHDay(t)
		fmt.Printf("%s: %.3f USD/PH/day, %.2f USD per MWh at 17.5 J/TH\n",
			t.Format("2006-01-02"), hp, market.MiningRevenueUSDPerMWh(hp, 17.5))
	}
	// Output:
	// 2025-01-01: 56.790 USD/PH/day, 135.21 USD per MWh at 17.5 J/TH
	// 2028-04-15: 28.665 USD/PH/day, 68.25 USD per MWh at 17.5 J/TH
}

func ExampleCRF() {
	lease := market.LeaseUSDPerMWYear(140)  // USD per IT MW-year
	capex := 10e6 * market.CRF(0.07125, 15) // annuity of 10 M USD per MW
	fmt.Printf("lease %.0f, capex annuity %.0f USD per MW-year\n", lease, capex)
	// Output:
	// lease 1680000, capex annuity 1106631 USD per MW-year
}
