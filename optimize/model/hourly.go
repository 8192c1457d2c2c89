package model

// allocation writes a block's hourly meter MW (what the POI rows count:
// mining at its PUE plus the AI reservations) and load MW (what the site
// draws: mining plus AI at utilization × hourly PUE × the year's
// occupancy, a curtailable hall at its share in the stress hours) for its
// solution.
func allocation(sh *siteHours, bs *BlockSolution, meter, load, aiIT []float64) {
	util := sh.site.AI.Utilization
	for t := range sh.T {
		mining := sh.pue[t] * bs.mining[t]
		reserved, drawn := sh.existingMeterMW, sh.existingMeterMW*util
		it := sh.site.AI.ExistingITMW
		for h := range sh.halls {
			if z := bs.Z[h]; z != 0 {
				hh := &sh.halls[h]
				occ := bs.occ[h]
				reserved += z * hh.reservationAt(t)
				drawn += occ * util * hh.pueAt(t) * hh.draw(t) * hh.hall.ITMW
				it += occ * hh.draw(t) * hh.hall.ITMW
			}
		}
		meter[t] = mining + reserved
		load[t] = mining + drawn
		aiIT[t] = it
	}
}
