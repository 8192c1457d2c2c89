package grid

import (
	"fmt"
	"strings"
)

// ercotHubs lists the hubs ERCOTLikeProfiles knows, in its default order.
func ercotHubs() []NodeProfile {
	return []NodeProfile{
		{
			Name: "HB_WEST", MeanUSDPerMWh: 38.4,
			DailyAmplitude: 0.55, SeasonalAmplitude: 0.20, Volatility: 0.50, CommonShare: 0.75,
			NegativeShare: 0.090, NegativeDepthUSD: 4.8,
			ScarcityDaysPerYear: 20, ScarcityPeakUSD: 1000,
		},
		{
			Name: "HB_NORTH", MeanUSDPerMWh: 37.1,
			DailyAmplitude: 0.52, SeasonalAmplitude: 0.36, Volatility: 0.47, CommonShare: 0.85,
			NegativeShare: 0.018, NegativeDepthUSD: 2.1,
			ScarcityDaysPerYear: 20, ScarcityPeakUSD: 1000,
		},
		{
			Name: "HB_HOUSTON", MeanUSDPerMWh: 38.2,
			DailyAmplitude: 0.52, SeasonalAmplitude: 0.36, Volatility: 0.47, CommonShare: 0.85,
			NegativeShare: 0.014, NegativeDepthUSD: 2.0,
			ScarcityDaysPerYear: 20, ScarcityPeakUSD: 1020,
		},
		{
			Name: "HB_SOUTH", MeanUSDPerMWh: 36.6,
			DailyAmplitude: 0.50, SeasonalAmplitude: 0.36, Volatility: 0.47, CommonShare: 0.80,
			NegativeShare: 0.022, NegativeDepthUSD: 3.5,
			ScarcityDaysPerYear: 20, ScarcityPeakUSD: 900,
		},
	}
}

// ERCOTLikeProfiles returns synthetic-price profiles for the named ERCOT
// hubs (HB_WEST, HB_NORTH, HB_HOUSTON, HB_SOUTH), in the order given,
// calibrated to the 2023-2024 real-time hub prices (see SYNTHETIC.md).
// With no names it returns all four. An unknown or repeated name is an error.
func ERCOTLikeProfiles(names ...string) ([]NodeProfile, error) {
	all := ercotHubs()
	if len(names) == 0 {
		return all, nil
	}
	out := make([]NodeProfile, 0, len(names))
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if seen[n] {
			return nil, fmt.Errorf("ERCOT hub %q requested twice", n)
		}
		seen[n] = true
		found := false
		for _, p := range all {
			if p.Name == n {
				out = append(out, p)
				found = true
				break
			}
		}
		if !found {
			known := make([]string, len(all))
			for i, p := range all {
				known[i] = p.Name
			}
			return nil, fmt.Errorf("unknown ERCOT hub %q (known: %s)", n, strings.Join(known, ", "))
		}
	}
	return out, nil
}
