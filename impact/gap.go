package impact

import "sort"

// GapReference is a published estimate of the US data-center power gap.
type GapReference struct {
	ID     string
	Source string
	GapGW  float64
}

// DefaultGapReferences returns the estimates gridflip compares a plan with,
// each at its source's own figure (docs/outputs.md, "Grid impact and the US power gap"; the articles are
// listed in docs/data.md, "Sources"):
//   - Morgan Stanley, September 2025 (seed 001): 65 GW of US data-center
//     demand 2025–2028 against 15 GW of near-term grid access and about 6 GW
//     under construction, "a huge power gap of about 45 GW" (its components
//     give 65 − 15 − 6 = 44 GW).
//   - Morgan Stanley, November 2025 (Stephen Byrd, "Powering AI"): 69 GW of
//     demand by 2028 − 10 GW under construction − 15 GW through the existing
//     grid = "a U.S. power shortfall through 2028 of 44 GW".
//   - Morgan Stanley, late 2025: "47 GW cumulative shortfall in 2025-28 vs.
//     44 GW prior".
//   - Morgan Stanley as reported by the Financial Times (seed 003): demand
//     up 74 GW 2025–2028, a deficit of about 49 GW after built centers and
//     grid capacity.
//   - The same analysis: converting all US bitcoin-mining sites would close
//     10–15 GW; the reference is the midpoint, 12.5 GW, so its fraction reads
//     as the share of that whole-industry potential.
func DefaultGapReferences() []GapReference {
	return []GapReference{
		{ID: "morgan-stanley-65gw", Source: "Morgan Stanley, Sep 2025: 65 GW demand 2025-2028 - 15 GW grid access - 6 GW under construction (= 44), reported as about 45 GW", GapGW: 45},
		{ID: "morgan-stanley-44gw", Source: "Morgan Stanley, Nov 2025: 69 GW demand by 2028 - 10 GW under construction - 15 GW existing grid = 44 GW", GapGW: 44},
		{ID: "morgan-stanley-47gw", Source: "Morgan Stanley, late 2025: 47 GW cumulative shortfall 2025-28 (44 GW prior)", GapGW: 47},
		{ID: "deficit-49gw", Source: "Morgan Stanley via Financial Times: 74 GW demand growth 2025-2028, ~49 GW deficit", GapGW: 49},
		{ID: "all-us-miners", Source: "Morgan Stanley: converting all US mining sites closes 10-15 GW (midpoint)", GapGW: 12.5},
	}
}

// MergeGapReferences returns the defaults with overrides applied: an
// override with a default's id replaces it, others are appended.
func MergeGapReferences(defaults, overrides []GapReference) []GapReference {
	out := append([]GapReference(nil), defaults...)
	for _, o := range overrides {
		replaced := false
		for i := range out {
			if out[i].ID == o.ID {
				out[i], replaced = o, true
			}
		}
		if !replaced {
			out = append(out, o)
		}
	}
	return out
}

// GapRow is how much of one reference a plan closes.
type GapRow struct {
	ID             string
	Source         string
	GapGW          float64
	ClosedGW       float64
	ClosedFraction float64
}

// CloseGap compares the GW a plan places at converted sites (new AI load
// that needed no new grid connection) with each reference.
func CloseGap(refs []GapReference, closedGW float64) []GapRow {
	out := make([]GapRow, 0, len(refs))
	for _, r := range refs {
		row := GapRow{ID: r.ID, Source: r.Source, GapGW: r.GapGW, ClosedGW: closedGW}
		if r.GapGW > 0 {
			row.ClosedFraction = closedGW / r.GapGW
		}
		out = append(out, row)
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].GapGW > out[b].GapGW })
	return out
}

// GapHall is one built hall as the gap counts it.
type GapHall struct {
	ITMW       float64 // its IT capacity
	ReservedMW float64 // the meter MW it reserves at the point of interconnection
	// NewConnection: its site's interconnection does not exist yet.
	NewConnection bool
	// Signed: a deal already signed (a hall with a service year), which
	// the forecasts count as under construction.
	Signed bool
}

// The bases on which a plan's AI is counted against the gap: the POI
// reservation or the IT load; every connection or existing ones only;
// every hall or the unsigned ones only.
const (
	BasisPOIAll              = "poi_all"
	BasisPOIExisting         = "poi_existing"
	BasisPOIExistingUnsigned = "poi_existing_unsigned"
	BasisITAll               = "it_all"
	BasisITExisting          = "it_existing"
	BasisITExistingUnsigned  = "it_existing_unsigned"
)

// GapHeadlineBasis is the basis of the gap headline: new, unsigned AI IT
// load at existing connections. The forecasts subtract capacity under
// construction (signed deals) and count demand, not reservations; where
// their definition of demand is unclear, IT load is the conservative
// reading (docs/outputs.md, "Grid impact and the US power gap").
const GapHeadlineBasis = BasisITExistingUnsigned

// GapBasis is the GW a plan closes on one basis.
type GapBasis struct {
	Basis    string
	ClosedGW float64
}

// GapBases counts the halls on every basis, in the order of the
// constants above.
func GapBases(halls []GapHall) []GapBasis {
	type basis struct {
		name                       string
		reserved                   bool
		existingOnly, unsignedOnly bool
	}
	bases := []basis{
		{BasisPOIAll, true, false, false}, {BasisPOIExisting, true, true, false}, {BasisPOIExistingUnsigned, true, true, true},
		{BasisITAll, false, false, false}, {BasisITExisting, false, true, false}, {BasisITExistingUnsigned, false, true, true},
	}
	out := make([]GapBasis, len(bases))
	for i, b := range bases {
		out[i].Basis = b.name
		for _, h := range halls {
			if (b.existingOnly && h.NewConnection) || (b.unsignedOnly && h.Signed) {
				continue
			}
			mw := h.ITMW
			if b.reserved {
				mw = h.ReservedMW
			}
			out[i].ClosedGW += mw / 1000
		}
	}
	return out
}

// ClosedOn is the GW closed on basis (0 when bases lack it).
func ClosedOn(bases []GapBasis, basis string) float64 {
	for _, b := range bases {
		if b.Basis == basis {
			return b.ClosedGW
		}
	}
	return 0
}
