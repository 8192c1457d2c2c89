package model

// NoHalls is the site as PrepareContext prepares it with noHalls (the
// no-conversion baseline), read from sd, a site prepared with its halls:
// the expensive part of a preparation — every block's hourly series,
// limits and prices — does not depend on the candidate halls, so the view
// shares it (read only) and re-derives only what the halls change: no
// hall data, decisions, construction entries or levels, the site's rows
// of no decisions, the stress hours only where the POI's non-firm
// capacity needs them (flexTerm.prepare marks them for curtailable halls
// too), and whether each block is uniform (the POI limit's is not with
// hourly reservations). terms must be the terms sd was prepared with. The
// view stays valid as long as sd does (until its pool prepares another
// site); TestNoHallsViewMatchesPrepare checks it against PrepareContext.
func (sd *SiteData) NoHalls(terms []Term) *SiteData {
	v := &SiteData{in: sd.in, s: sd.s, site: sd.site, Blocks: sd.Blocks, noHalls: true, loc: sd.loc}
	v.Hours = make([]*siteHours, len(sd.Hours))
	for k, sh := range sd.Hours {
		h := *sh
		h.halls, h.builds, h.segments = nil, nil, nil
		if sh.site.NonfirmInterconnectMW == 0 {
			h.stress = nil
		}
		// The prefix sums read the margins alone: shared when both are
		// uniform, the view's own when only it is.
		switch h.uniform = h.uniformWithoutHalls(); {
		case !h.uniform:
			h.gainPrefix = nil
		case !sh.uniform:
			h.gainPrefix = nil
			h.setUniform()
		}
		v.Hours[k] = &h
	}
	v.setLevels()
	v.Value = decisionValues(v)
	v.Rows = siteRowsOf(v, terms)
	return v
}

// uniformWithoutHalls is setUniform's test of a block whose halls are
// left out: no concave piece, and every limiter uniform.
func (sh *siteHours) uniformWithoutHalls() bool {
	ok := len(sh.pieces) == 0 && len(sh.Lims) > 0
	for _, l := range sh.Lims {
		u, is := l.(uniformLimiter)
		ok = ok && is && u.uniform(sh)
	}
	return ok
}

// SiteOutsideUSD is the site's part of OutsideUSD: its figures outside
// the decisions (existing AI at the lease, less its coincident-peak
// charge, plus the contracts' hedge), read by extracting the site with no
// halls in service and no mining. sd is the site prepared without halls
// (PrepareContext with noHalls, or NoHalls); sol is scratch.
func SiteOutsideUSD(sd *SiteData, terms []Term, sol *SiteSolution) float64 {
	sol.Prepare(sd)
	sol.InService(sd)
	for k := range sd.Hours {
		clear(sol.Blocks[k].mining)
		sol.Blocks[k].reserve = nil
		sd.Hours[k].Available(sd.Hours[k].Lims, sol.Blocks[k].Z, &sol.Blocks[k].Av, sol.Blocks[k].Scratch)
	}
	sp := extractSite(sd, terms, sol)
	return sp.ExistingAILeaseUSD + sp.HedgeUSD - sp.ExistingAICoincidentPeakUSD
}
