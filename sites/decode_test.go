package sites

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// ptr returns a pointer to v.
func ptr(v float64) *float64 { return &v }

func TestDecodeValidCase(t *testing.T) {
	data, err := os.ReadFile("testdata/valid.toml")
	require.NoError(t, err)
	c, err := Decode(data, "testdata/valid.toml")
	require.NoError(t, err)
	require.NotNil(t, c.loc)

	want := Case{
		File: "testdata/valid.toml",
		Name: "Demo ERCOT portfolio",
		Grid: GridSpec{Prices: "prices.csv"},
		Market: MarketSpec{
			HashpriceUSDPerPHDay: ptr(45),
			AILeaseUSDPerKWMonth: 140,
		},
		Finance: Finance{DiscountRate: 0.07125, LifeYears: 15, DebtTenorYears: 15, DepreciationYears: 15, TargetEquityIRR: 0.15},
		Impact:  ImpactSpec{USHashrateShare: 0.375, StressHours: 100},
		Sites: []Site{
			{
				ID: "rockdale", Region: "ERCOT", Node: "HB_WEST", InterconnectMW: 700,
				Mining: Mining{CapacityITMW: 650, EfficiencyJPerTH: 21, PUE: 1.05, OpexUSDPerMWh: 4, PUETemp: TempCurve{ReferenceC: 20}, DerateAboveC: 35}, Settlement: SettlementRealTime,
				AI: AI{ExistingITMW: 0, ExistingPUE: 1.3, CommittedITMW: 0, PowerPassThrough: true, Utilization: 0.8},
				Halls: []Hall{{
					ID: "hall-a", ITMW: 100, Cooling: CoolingLiquid, RackKW: 120, PUE: 1.15,
					CapexUSDPerMW: 10e6, FixedOMUSDPerMWYear: 60000, DisplacesMiningITMW: 110,
					LeaseUSDPerKWMonth: 140, PUETemp: TempCurve{ReferenceC: 20}, Flexibility: FlexFirm, Offer: OfferColocation, OccupancyStart: 1, Occupancy: 1,
				}},
			},
			{
				ID: "corsicana", Region: "ERCOT", Node: "HB_NORTH", InterconnectMW: 1000,
				Mining: Mining{CapacityITMW: 400, EfficiencyJPerTH: 17.5, PUE: 1.10, PUETemp: TempCurve{ReferenceC: 20}, DerateAboveC: 35}, Settlement: SettlementRealTime,
				AI: AI{ExistingPUE: 1.3, PowerPassThrough: true, Utilization: 0.8},
				Halls: []Hall{
					{
						ID: "hall-air", ITMW: 60, Cooling: CoolingAir, RackKW: 35, PUE: 1.30,
						CapexUSDPerMW: 8e6, LeaseUSDPerKWMonth: 140, PUETemp: TempCurve{ReferenceC: 20}, Flexibility: FlexFirm, Offer: OfferColocation, OccupancyStart: 1, Occupancy: 1,
					},
					{
						ID: "hall-liquid", ITMW: 200, Cooling: CoolingLiquid, PUE: 1.10,
						CapexUSDPerMW: 11e6, FixedOMUSDPerMWYear: 75000, DisplacesMiningITMW: 200,
						LeaseUSDPerKWMonth: 155, LeaseOverridden: true, PUETemp: TempCurve{ReferenceC: 20}, Flexibility: FlexFirm, Offer: OfferColocation, OccupancyStart: 1, Occupancy: 1,
					},
				},
			},
		},
		Risk: Risk{Alpha: 0.1, CommitYears: 2},
	}
	got := *c
	got.loc = nil
	require.Equal(t, want, got)
}

func TestDecodeVariants(t *testing.T) {
	for _, tc := range []struct {
		name  string
		file  string
		edits map[int]string
		extra []string
		check func(t *testing.T, c *Case)
	}{
		{name: "name defaults to the file name", file: "cases/ercot-2024.toml",
			check: func(t *testing.T, c *Case) { require.Equal(t, "ercot-2024", c.Name) }},
		{name: "explicit name", edits: map[int]string{1: `name = "Portfolio"`},
			check: func(t *testing.T, c *Case) { require.Equal(t, "Portfolio", c.Name) }},
		{name: "fundamentals with default fees",
			edits: map[int]string{5: "btc_price_usd = 95000", 7: "network_hashrate_eh_s = 900"},
			check: func(t *testing.T, c *Case) {
				require.Nil(t, c.Market.HashpriceUSDPerPHDay)
				require.Equal(t, ptr(95000), c.Market.BTCPriceUSD)
				require.Equal(t, ptr(900), c.Market.NetworkHashrateEHs)
				require.Equal(t, ptr(0), c.Market.FeesBTCPerBlock)
			}},
		{name: "fundamentals with fees and halving date",
			edits: map[int]string{5: "btc_price_usd = 95000",
				7: "network_hashrate_eh_s = 900\nfees_btc_per_block = 0.03\nhalving_2028 = \"2028-04-17\""},
			check: func(t *testing.T, c *Case) {
				require.Equal(t, ptr(0.03), c.Market.FeesBTCPerBlock)
				require.Equal(t, "2028-04-17", c.Market.Halving2028)
			}},
		{name: "hashprice series", edits: map[int]string{5: `hashprice = "hashprice.csv"`},
			check: func(t *testing.T, c *Case) {
				require.Equal(t, "hashprice.csv", c.Market.Hashprice)
				require.Nil(t, c.Market.HashpriceUSDPerPHDay)
				require.Nil(t, c.Market.FeesBTCPerBlock)
			}},
		{name: "halving date as a string", edits: map[int]string{7: `halving_2028 = "2028-04-17"`},
			check: func(t *testing.T, c *Case) { require.Equal(t, "2028-04-17", c.Market.Halving2028) }},
		{name: "halving date as a TOML date", edits: map[int]string{7: `halving_2028 = 2028-04-17`},
			check: func(t *testing.T, c *Case) { require.Equal(t, "2028-04-17", c.Market.Halving2028) }},
		{name: "demand cap of zero", edits: map[int]string{7: `ai_demand_cap_it_mw = 0`},
			check: func(t *testing.T, c *Case) { require.Equal(t, ptr(0), c.Market.AIDemandCapITMW) }},
		{name: "whole-number float years", edits: map[int]string{10: `life_years = 15.0`},
			check: func(t *testing.T, c *Case) { require.Equal(t, 15, c.Finance.LifeYears) }},
		{name: "no mining fleet", edits: map[int]string{18: `capacity_it_mw = 0`},
			check: func(t *testing.T, c *Case) { require.Zero(t, c.Sites[0].Mining.CapacityITMW) }},
		{name: "existing AI tenant without pass-through",
			edits: map[int]string{21: "#", 24: "existing_it_mw = 50\nexisting_pue = 1.25\npower_pass_through = false"},
			check: func(t *testing.T, c *Case) {
				require.Equal(t, AI{ExistingITMW: 50, ExistingPUE: 1.25, Utilization: 0.8}, c.Sites[0].AI)
			}},
		{name: "commitment larger than the halls is left to the optimizer",
			edits: map[int]string{24: "committed_it_mw = 5000"},
			check: func(t *testing.T, c *Case) { require.Equal(t, 5000.0, c.Sites[0].AI.CommittedITMW) }},
		{name: "air cooling at exactly 40 kW per rack", edits: map[int]string{28: `cooling = "air"`, 29: "rack_kw = 40"},
			check: func(t *testing.T, c *Case) { require.Equal(t, CoolingAir, c.Sites[0].Halls[0].Cooling) }},
		{name: "air cooling without a rack density", edits: map[int]string{28: `cooling = "air"`, 29: "#"},
			check: func(t *testing.T, c *Case) { require.Zero(t, c.Sites[0].Halls[0].RackKW) }},
		{name: "hall displacing the whole fleet", edits: map[int]string{32: "displaces_mining_it_mw = 650"},
			check: func(t *testing.T, c *Case) { require.Equal(t, 650.0, c.Sites[0].Halls[0].DisplacesMiningITMW) }},
		{name: "no halls", edits: map[int]string{25: "#", 26: "#", 27: "#", 28: "#", 29: "#", 30: "#", 31: "#"},
			check: func(t *testing.T, c *Case) { require.Empty(t, c.Sites[0].Halls) }},
		{name: "same hall id in two sites",
			extra: []string{
				`[[sites]]`, `id = "other"`, `region = "PJM"`, `node = "WEST"`, `interconnect_mw = 50`,
				`mining = { capacity_it_mw = 10, efficiency_j_per_th = 20, pue = 1.1 }`,
				`conversion = [{ id = "hall-a", it_mw = 5, cooling = "air", pue = 1.3, capex_usd_per_mw = 9e6 }]`,
			},
			check: func(t *testing.T, c *Case) {
				require.Len(t, c.Sites, 2)
				require.Equal(t, "hall-a", c.Sites[1].Halls[0].ID)
				require.Equal(t, 9e6, c.Sites[1].Halls[0].CapexUSDPerMW)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := tc.file
			if file == "" {
				file = "case.toml"
			}
			text := caseText(tc.edits, tc.extra...)
			c, err := Decode([]byte(text), file)
			require.NoError(t, err, "%s", strings.TrimSpace(text))
			tc.check(t, c)
		})
	}
}
