package impact

import "sort"

// GapReference is a published estimate of the US data-center power gap.
type GapReference struct {
	ID     string
	Source string
	GapGW  float64
}

// DefaultGapReferences returns the estimates gridflip compares a plan with
// (sources in ../shared/seeds; README "The US power gap"):
//   - Morgan Stanley: 65 GW of US data-center demand 2025–2028 against 15 GW
//     of near-term grid access and about 6 GW under construction: ~44 GW short
//     (reported as "about 45 GW").
//   - Morgan Stanley (as reported by the Financial Times): demand up 74 GW
//     2025–2028, a deficit of about 49 GW after built centers and grid capacity.
//   - The same analysis: converting all US bitcoin-mining sites would close
//     10–15 GW; the reference is the midpoint, 12.5 GW, so its fraction reads
//     as the share of that whole-industry potential.
func DefaultGapReferences() []GapReference {
	return []GapReference{
		{ID: "morgan-stanley-65gw", Source: "Morgan Stanley 2025-2028: 65 GW demand - 15 GW grid access - 6 GW under construction", GapGW: 44},
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
