package market

import "math"

// MiningRevenueUSDPerMWh is the mining revenue per MWh of miner (IT) energy:
// 1 MW of miners at e J/TH is 1000/e PH/s, so revenue per IT MWh =
// hashprice * 1000 / (24 * e). efficiencyJPerTH must be positive.
func MiningRevenueUSDPerMWh(hashpriceUSDPerPHDay, efficiencyJPerTH float64) float64 {
	return hashpriceUSDPerPHDay * 1000 / (24 * efficiencyJPerTH)
}

// HashrateEHs returns the hashrate in EH/s of itMW of miners at e J/TH
// (itMW*1e6 W / (e J/TH) = TH/s; 1 EH/s = 1e6 TH/s). efficiencyJPerTH must
// be positive.
func HashrateEHs(itMW, efficiencyJPerTH float64) float64 {
	return itMW / efficiencyJPerTH
}

// LeaseUSDPerMWYear converts a colocation lease in USD per kW-month of IT
// to USD per MW-year (x 1000 kW/MW x 12 months).
func LeaseUSDPerMWYear(usdPerKWMonth float64) float64 {
	return usdPerKWMonth * 12000
}

// CRF is the capital recovery factor r(1+r)^n/((1+r)^n-1): the annual
// payment per dollar of capital over n years at rate r. For r == 0 it is
// 1/n. It returns NaN for years <= 0 or rate <= -1.
func CRF(rate float64, years int) float64 {
	if years <= 0 || !(rate > -1) {
		return math.NaN()
	}
	n := float64(years)
	if rate == 0 {
		return 1 / n
	}
	// (1+r)^n - 1 via expm1/log1p stays accurate for rates near 0.
	growth := math.Expm1(n * math.Log1p(rate))
	return rate * (growth + 1) / growth
}
