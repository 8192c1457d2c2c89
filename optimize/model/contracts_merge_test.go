package model

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/optimize/plan"
)

// A local month that straddles two blocks (December's last hours in
// Central time are the next UTC year's first) is one row per contract.
func TestMergeContractMonthsJoinsAStraddlingMonth(t *testing.T) {
	year1 := []plan.ContractMonth{
		{ContractID: "a", Month: "2026-11", BlockMWh: 1},
		{ContractID: "a", Month: "2026-12", BlockMWh: 2, CreditUSD: 5},
		{ContractID: "b", Month: "2026-12", BlockMWh: 3},
	}
	year2 := []plan.ContractMonth{
		{ContractID: "a", Month: "2026-12", BlockMWh: 10, UsedMWh: 1, CreditMWh: 2, CreditUSD: 3, FixedCostUSD: 4, HedgeUSD: 5},
		{ContractID: "a", Month: "2027-01", BlockMWh: 20},
		{ContractID: "b", Month: "2026-12", BlockMWh: 30},
		{ContractID: "b", Month: "2027-01", BlockMWh: 40},
	}
	got := mergeContractMonths(mergeContractMonths(nil, year1), year2)
	require.Equal(t, []plan.ContractMonth{
		{ContractID: "a", Month: "2026-11", BlockMWh: 1},
		{ContractID: "a", Month: "2026-12", BlockMWh: 12, UsedMWh: 1, CreditMWh: 2, CreditUSD: 8, FixedCostUSD: 4, HedgeUSD: 5},
		{ContractID: "b", Month: "2026-12", BlockMWh: 33},
		{ContractID: "a", Month: "2027-01", BlockMWh: 20},
		{ContractID: "b", Month: "2027-01", BlockMWh: 40},
	}, got)
}
