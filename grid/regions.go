package grid

import (
	"fmt"
	"strings"
)

// Regional synthetic-price profiles for the US markets where the large public
// bitcoin miners have sites. The four ERCOT hubs are the calibrated profiles
// of ERCOTLikeProfiles; the other nodes are NOT calibrated to price data (none
// ships with gridflip, and none was available offline): their parameters are
// set from published yearly statistics where one was found and are otherwise
// stated assumptions. REGIONS.md lists every number with its source or the
// reason for the assumption. Each node follows its Market: nodes of one
// market share its daily, seasonal and scarcity shapes (on its own clock)
// and its renewable-surplus, scarcity and cold-snap states; markets draw
// those independently, so regions do not spike together, and share only
// the national fuel-price noise.

// regionNodes lists the non-ERCOT nodes RegionProfiles knows, in its default
// order (after the ERCOT hubs).
func regionNodes() []NodeProfile {
	return []NodeProfile{
		{
			// PJM Western Hub area (Pennsylvania, Ohio: AEP, APS, Duquesne).
			// Mean: PJM real-time load-weighted average LMP, 31.08 USD/MWh in
			// 2023 and 33.74 in 2024 (Monitoring Analytics, 2024 State of the
			// Market Report for PJM, 2025-03-13); 32.4 is their average.
			// Negative share, scarcity and shape: assumptions (few negative
			// hours in a thermal-heavy pool; shortage pricing capped lower than
			// ERCOT's, with a capacity market beside it).
			Name: "PJM_WEST", Market: MarketPJM, MeanUSDPerMWh: 32.4,
			DailyAmplitude: 0.40, SeasonalAmplitude: 0.20, Volatility: 0.40, CommonShare: 0.50,
			NegativeShare: 0.010, NegativeDepthUSD: 5,
			ScarcityDaysPerYear: 10, ScarcityPeakUSD: 500,
		},
		{
			// NYISO Zone A (West: Buffalo, Niagara; TeraWulf Lake Mariner).
			// Mean: assumption, 30 USD/MWh, just below the PJM figure: upstate
			// New York is hydro/nuclear heavy and TeraWulf reports upstate
			// power below 0.05 USD/kWh all-in (TeraWulf, Cayuga lease release,
			// 2025-08-14). Negative share: assumption, 3% (Niagara hydro and
			// export congestion push Zone A negative at night and in spring).
			Name: "NYISO_A", Market: MarketNYISO, MeanUSDPerMWh: 30.0,
			DailyAmplitude: 0.35, SeasonalAmplitude: 0.15, Volatility: 0.45, CommonShare: 0.40,
			NegativeShare: 0.030, NegativeDepthUSD: 8,
			ScarcityDaysPerYear: 6, ScarcityPeakUSD: 400,
		},
		{
			// SPP south (Oklahoma, Texas Panhandle outside ERCOT).
			// Mean: assumption, 26 USD/MWh, from the SPP Market Monitoring
			// Unit's quarterly real-time averages of 22-26 USD/MWh in
			// low-gas-price years (RTO Insider: 25.69 winter 2017-18, 22.32
			// summer 2019) and the record-low 2024 gas price. Negative share:
			// 10%, below the 15.2% of real-time intervals SPP-wide in 2024
			// (SPP MMU 2024 State of the Market, via KilowattLogic), since
			// negative prices concentrate in the windy north and west.
			Name: "SPP_SOUTH", Market: MarketSPP, MeanUSDPerMWh: 26.0,
			DailyAmplitude: 0.50, SeasonalAmplitude: 0.25, Volatility: 0.55, CommonShare: 0.50,
			NegativeShare: 0.100, NegativeDepthUSD: 10,
			ScarcityDaysPerYear: 10, ScarcityPeakUSD: 600,
		},
		{
			// SPP north (Nebraska, Kansas, the Dakotas: NPPD at Kearney).
			// Mean: assumption, 22 USD/MWh (wind-heavy, below SPP south).
			// Negative share: 20%, above the 15.2% SPP-wide 2024 figure
			// (SPP MMU 2024 State of the Market) for the windy north.
			Name: "SPP_NORTH", Market: MarketSPP, MeanUSDPerMWh: 22.0,
			DailyAmplitude: 0.45, SeasonalAmplitude: 0.20, Volatility: 0.60, CommonShare: 0.40,
			NegativeShare: 0.200, NegativeDepthUSD: 12,
			ScarcityDaysPerYear: 8, ScarcityPeakUSD: 500,
		},
		{
			// MISO South (Arkansas, Louisiana, Mississippi: Entergy).
			// Mean: assumption, 29 USD/MWh, within MISO's 2024 monthly
			// real-time averages (22 in February, 26 in October 2024; RTO
			// Insider from MISO operations reports) and weighted up for the
			// gas-on-the-margin south. Few negative hours: assumption.
			Name: "MISO_SOUTH", Market: MarketMISO, MeanUSDPerMWh: 29.0,
			DailyAmplitude: 0.45, SeasonalAmplitude: 0.30, Volatility: 0.45, CommonShare: 0.50,
			NegativeShare: 0.010, NegativeDepthUSD: 4,
			ScarcityDaysPerYear: 10, ScarcityPeakUSD: 500,
		},
		{
			// MISO Central (Kentucky, Illinois, Indiana: Big Rivers, Ameren).
			// Mean: assumption, 30 USD/MWh (MISO monthly real-time averages of
			// 22-31 USD/MWh in 2023-2024 per RTO Insider; the 2024 annual
			// average was not found). Negative share: assumption, 3%.
			Name: "MISO_CENTRAL", Market: MarketMISO, MeanUSDPerMWh: 30.0,
			DailyAmplitude: 0.40, SeasonalAmplitude: 0.25, Volatility: 0.45, CommonShare: 0.50,
			NegativeShare: 0.030, NegativeDepthUSD: 6,
			ScarcityDaysPerYear: 8, ScarcityPeakUSD: 500,
		},
		{
			// North Dakota, MISO north (MDU at Ellendale, Otter Tail at
			// Jamestown). Mean: assumption, 22 USD/MWh: wind-rich and export
			// constrained, below MISO's system averages. Negative share:
			// assumption, 12% (frequent wind-driven negative LMPs in the
			// Dakotas).
			Name: "ND_MISO", Market: MarketMISO, MeanUSDPerMWh: 22.0,
			DailyAmplitude: 0.35, SeasonalAmplitude: 0.15, Volatility: 0.60, CommonShare: 0.30,
			NegativeShare: 0.120, NegativeDepthUSD: 10,
			ScarcityDaysPerYear: 5, ScarcityPeakUSD: 400,
		},
		{
			// TVA (Tennessee, western North Carolina): a vertically integrated
			// utility without a nodal market; large loads buy through local
			// power companies. Mean: assumption, 35 USD/MWh for the marginal
			// energy cost a flexible load faces (gas on the margin; above the
			// RTO averages because there is no wholesale market to pass
			// negative or very low prices through). Smooth: no negative hours,
			// low volatility, rare and small peaks (curtailment programs).
			Name: "TVA", Market: MarketSERC, MeanUSDPerMWh: 35.0,
			DailyAmplitude: 0.30, SeasonalAmplitude: 0.20, Volatility: 0.25, CommonShare: 0.30,
			ScarcityDaysPerYear: 5, ScarcityPeakUSD: 300,
		},
		{
			// Georgia, Southern Company territory (Georgia Power and the EMCs
			// that serve the CleanSpark and Core Scientific sites), also
			// without a nodal market. Same assumptions as TVA: 35 USD/MWh,
			// smooth, no negative hours; miners there hold interruptible-load
			// power purchase agreements (CleanSpark, 2024-06-18).
			Name: "GA_SOUTHERN", Market: MarketSERC, MeanUSDPerMWh: 35.0,
			DailyAmplitude: 0.30, SeasonalAmplitude: 0.20, Volatility: 0.25, CommonShare: 0.30,
			ScarcityDaysPerYear: 5, ScarcityPeakUSD: 300,
		},
	}
}

// RegionNames returns the names RegionProfiles knows, in its default order:
// the ERCOT hubs, then the other regional nodes.
func RegionNames() []string {
	all := allRegionProfiles()
	names := make([]string, len(all))
	for i, p := range all {
		names[i] = p.Name
	}
	return names
}

// allRegionProfiles returns the ERCOT hubs followed by the regional nodes.
func allRegionProfiles() []NodeProfile {
	return append(ercotHubs(), regionNodes()...)
}

// RegionProfiles returns synthetic-price profiles for the named nodes, in
// the order given: the ERCOT hubs (HB_WEST, HB_NORTH, HB_HOUSTON, HB_SOUTH,
// as ERCOTLikeProfiles returns them) and the regional nodes PJM_WEST,
// NYISO_A, SPP_SOUTH, SPP_NORTH, MISO_SOUTH, MISO_CENTRAL, ND_MISO, TVA and
// GA_SOUTHERN (documented in REGIONS.md). With no names it returns all of
// them. An unknown or repeated name is an error; the message lists the
// known names.
func RegionProfiles(names ...string) ([]NodeProfile, error) {
	all := allRegionProfiles()
	if len(names) == 0 {
		return all, nil
	}
	byName := make(map[string]NodeProfile, len(all))
	for _, p := range all {
		byName[p.Name] = p
	}
	out := make([]NodeProfile, 0, len(names))
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if seen[n] {
			return nil, fmt.Errorf("node %q requested twice", n)
		}
		seen[n] = true
		p, ok := byName[n]
		if !ok {
			// The wording keeps "unknown ERCOT hub %q" of ERCOTLikeProfiles,
			// which callers (cases/gen) already report.
			return nil, fmt.Errorf("unknown ERCOT hub %q or region node (known: %s)", n, strings.Join(RegionNames(), ", "))
		}
		if isERCOTHub(n) {
			// Delegate, so the ERCOT hubs stay exactly ERCOTLikeProfiles'.
			hub, err := ERCOTLikeProfiles(n)
			if err != nil {
				return nil, err
			}
			p = hub[0]
		}
		out = append(out, p)
	}
	return out, nil
}

// isERCOTHub reports whether name is one of ERCOTLikeProfiles' hubs.
func isERCOTHub(name string) bool {
	for _, p := range ercotHubs() {
		if p.Name == name {
			return true
		}
	}
	return false
}
