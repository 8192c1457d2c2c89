package market

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Fundamentals are the inputs of a hashprice computed from first principles.
type Fundamentals struct {
	BTCPriceUSD        float64 // USD per BTC
	NetworkHashrateEHs float64 // network hashrate, EH/s
	FeesBTCPerBlock    float64 // average transaction fees per block, BTC
	// Halvings are the halving dates after April 2024, sorted; nil means
	// DefaultHalvings().
	Halvings []time.Time
}

// HashpriceUSDPerPHDay = (subsidy + fees) * 144 * BTC price / (network
// hashrate in PH/s), in USD per PH/s per day, with the subsidy at time t.
// The result is only meaningful for fundamentals that pass Validate.
func (f Fundamentals) HashpriceUSDPerPHDay(t time.Time) float64 {
	btcPerDay := (SubsidyBTC(t, f.Halvings) + f.FeesBTCPerBlock) * BlocksPerDay
	return btcPerDay * f.BTCPriceUSD / (f.NetworkHashrateEHs * 1000)
}

// Validate checks that the price and hashrate are finite and positive, the
// fees finite and non-negative, and the halvings after the 2024 halving,
// in order.
func (f Fundamentals) Validate() error {
	var errs []error
	if !(f.BTCPriceUSD > 0) || math.IsInf(f.BTCPriceUSD, 0) {
		errs = append(errs, fmt.Errorf("BTCPriceUSD = %v, must be a positive number", f.BTCPriceUSD))
	}
	if !(f.NetworkHashrateEHs > 0) || math.IsInf(f.NetworkHashrateEHs, 0) {
		errs = append(errs, fmt.Errorf("NetworkHashrateEHs = %v, must be a positive number of EH/s", f.NetworkHashrateEHs))
	}
	if !(f.FeesBTCPerBlock >= 0) || math.IsInf(f.FeesBTCPerBlock, 0) {
		errs = append(errs, fmt.Errorf("FeesBTCPerBlock = %v, must be a non-negative number of BTC", f.FeesBTCPerBlock))
	}
	for i, h := range f.Halvings {
		if !h.After(halving2024()) {
			errs = append(errs, fmt.Errorf("halving %s must be after the 2024 halving (2024-04-20)", h.Format("2006-01-02")))
		}
		if i > 0 && !h.After(f.Halvings[i-1]) {
			errs = append(errs, fmt.Errorf("halving %s must come after %s", h.Format("2006-01-02"), f.Halvings[i-1].Format("2006-01-02")))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("invalid fundamentals: %w", err)
	}
	return nil
}

// FundamentalsHourly returns the hashprice of f at each of the given hours,
// so the subsidy steps down at the halving hour.
func FundamentalsHourly(f Fundamentals, hours []time.Time) []float64 {
	out := make([]float64, len(hours))
	for i, h := range hours {
		out[i] = f.HashpriceUSDPerPHDay(h)
	}
	return out
}

// ImpliedHashrateEHs returns the network hashrate, in EH/s, implied by a
// mining difficulty: difficulty * 2^32 hashes per block every 600 seconds.
// Daily hashprice data is usually computed this way rather than from the
// noisier published hashrate estimates.
func ImpliedHashrateEHs(difficulty float64) float64 {
	return difficulty * (1 << 32) / 600 / 1e18
}
