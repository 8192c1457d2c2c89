package model

import (
	"fmt"
	"reflect"
)

// Hooks for the external tests (package model_test).

// DiffPrepared says how two prepared sites differ, "" when they hold the
// same data: every block's hourly data, decisions, values, levels and
// rows (a slice empty in one and nil in the other is the same; the
// prefix sums of a block that is not uniform are not read, and a row's
// explanation is compared by name).
func DiffPrepared(a, b *SiteData) string {
	if a.in != b.in || a.s != b.s || a.site != b.site || a.noHalls != b.noHalls || a.Halls != b.Halls || (a.loc == nil) != (b.loc == nil) || (a.loc != nil && a.loc.String() != b.loc.String()) {
		return fmt.Sprintf("site header: %v/%d/%v/%d against %v/%d/%v/%d", a.in == b.in, a.s, a.noHalls, a.Halls, a.in == b.in, b.s, b.noHalls, b.Halls)
	}
	if !reflect.DeepEqual(a.Blocks, b.Blocks) || len(a.Blocks) != len(b.Blocks) {
		return "blocks"
	}
	for k := range a.Blocks {
		ha, hb := normalHours(a.Hours[k]), normalHours(b.Hours[k])
		if !reflect.DeepEqual(ha, hb) {
			return fmt.Sprintf("block %d's hourly data:\n%+v\nagainst\n%+v", k, ha, hb)
		}
		if la, lb := nilIfEmpty(a.levelOf[k]), nilIfEmpty(b.levelOf[k]); !reflect.DeepEqual(la, lb) {
			return fmt.Sprintf("block %d's levels: %v against %v", k, la, lb)
		}
	}
	if !reflect.DeepEqual(nilIfEmpty(a.Decisions), nilIfEmpty(b.Decisions)) {
		return fmt.Sprintf("decisions: %v against %v", a.Decisions, b.Decisions)
	}
	if !reflect.DeepEqual(nilIfEmpty(a.Value), nilIfEmpty(b.Value)) {
		return fmt.Sprintf("values: %v against %v", a.Value, b.Value)
	}
	if len(a.Rows) != len(b.Rows) {
		return fmt.Sprintf("%d rows against %d", len(a.Rows), len(b.Rows))
	}
	for i := range a.Rows {
		ra, rb := a.Rows[i], b.Rows[i]
		ra.explain, rb.explain = nil, nil
		if !reflect.DeepEqual(ra, rb) {
			return fmt.Sprintf("row %d: %+v against %+v", i, ra, rb)
		}
	}
	return ""
}

// normalHours is a copy of sh with empty slices nil and the prefix sums
// of a block that is not uniform dropped.
func normalHours(sh *siteHours) siteHours {
	h := *sh
	h.halls = nilIfEmpty(h.halls)
	h.builds = nilIfEmpty(h.builds)
	h.stress = nilIfEmpty(h.stress)
	h.poiExtraMW = nilIfEmpty(h.poiExtraMW)
	h.pieces = nilIfEmpty(h.pieces)
	h.segments = nilIfEmpty(h.segments)
	if !h.uniform {
		h.gainPrefix = nil
	}
	h.Lims = nil // the same terms' limiters: compared by the terms given
	return h
}

// BlockUniform reports whether block k of the site is uniform (setUniform).
func BlockUniform(sd *SiteData, k int) bool { return sd.Hours[k].uniform }

// nilIfEmpty is s, or nil when it is empty.
func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}
