package optimize_test

import (
	"math"
	"sort"
	"time"

	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// The brute-force oracle. It is the one reference every test compares the
// two methods with, written from docs/model.md alone: it reads the case
// and the hourly series of optimize.Inputs, never the optimize package's
// prepared data or helpers, so a mistake in the model's code cannot hide
// in it. It enumerates every hall set (with a horizon, every assignment of
// a service year or never to every hall), values each site hour by hour
// and block by block, and keeps the best combination under the market
// caps. The model's formulas exist here once: the mining margin
// (oracleMargin), a hall's money in a year (hallBlockUSD, with the
// occupancy of its year of service and its capex compounded over its
// construction), the hour's mining value (hourValue) and the limits on
// mining (siteValueAt, with the miners a hall displaces from the first
// hour of its construction).

// oracleOptions changes what the oracle values.
type oracleOptions struct {
	// extraCap caps mining IT MW at site s in hour t (t indexes in.Hours,
	// across the years): the example curfew term. nil: no cap.
	extraCap func(s, t int) float64
	// extraInterconnectMW is added to every site's interconnection (for
	// finite differences of the interconnection's value).
	extraInterconnectMW float64
	// extraBlockUSD is a term's money at site s in a block of yearFraction
	// years with the halls inService (unweighted): a term outside the
	// oracle's own arithmetic, seen by it through its test file (e.g.
	// term_miningfee_test.go). nil: none.
	extraBlockUSD func(s int, yearFraction float64, inService []bool) float64
}

// oracleBlock is one block of hours: the whole window without a horizon,
// one calendar year with one.
type oracleBlock struct {
	weight    float64 // (1+r)^-k for the k-th year (1-based), valued at 1 January of the first
	offset    int     // index of its first hour in in.Hours
	hours     []time.Time
	hashprice []float64
	price     [][]float64 // [site][hour]
	reserve   [][]float64 // nil without reserve prices
	temp      [][]float64 // nil without temperatures
	cpHours   []int
}

// yearFraction is the block's hours over a year's 8760.
func (b *oracleBlock) yearFraction() float64 { return float64(len(b.hours)) / 8760 }

// oracleBlocks splits the inputs into their blocks.
func oracleBlocks(in *optimize.Inputs) []oracleBlock {
	if len(in.Years) == 0 {
		return []oracleBlock{{weight: 1, hours: in.Hours, hashprice: in.HashpriceUSDPerPHDay, price: in.SitePriceUSDPerMWh,
			reserve: in.SiteReservePriceUSDPerMWh, temp: in.SiteTemperatureC, cpHours: in.CoincidentPeakHours}}
	}
	out := make([]oracleBlock, len(in.Years))
	off := 0
	for k, y := range in.Years {
		out[k] = oracleBlock{weight: math.Pow(1+in.Case.Finance.DiscountRate, -float64(k+1)), offset: off, hours: y.Hours,
			hashprice: y.HashpriceUSDPerPHDay, price: y.SitePriceUSDPerMWh, reserve: y.SiteReservePriceUSDPerMWh,
			temp: y.SiteTemperatureC, cpHours: y.CoincidentPeakHours}
		off += len(y.Hours)
	}
	return out
}

func crf(r float64, n int) float64 {
	if r == 0 {
		return 1 / float64(n)
	}
	f := math.Pow(1+r, float64(n))
	return r * f / (f - 1)
}

// hallLife is the life a hall's capex is annualized over: its own
// life_years, else the case's.
func hallLife(in *optimize.Inputs, hall *sites.Hall) int {
	if hall.LifeYears > 0 {
		return hall.LifeYears
	}
	return in.Case.Finance.LifeYears
}

// buildMonthsOf is a hall's construction period: build_months with a
// horizon, none without one.
func buildMonthsOf(in *optimize.Inputs, hall *sites.Hall) int {
	if in.Case.Horizon == nil || len(in.Years) == 0 {
		return 0
	}
	return hall.BuildMonths
}

// oracleCompoundedCapex is the capex spent in B equal monthly parts, each
// at the start of its month over the B months before service start,
// compounded at r to service start: Σ_{m=0..B−1} (capex/B)·(1+r)^((B−m)/12).
func oracleCompoundedCapex(capex float64, B int, r float64) float64 {
	if B == 0 {
		return capex
	}
	var v float64
	for m := 0; m < B; m++ {
		v += capex / float64(B) * math.Pow(1+r, float64(B-m)/12)
	}
	return v
}

// occupancyIn is the share of a hall let in its n-th year of service:
// occupancy_start rising linearly to occupancy over lease_up_years (L),
// occupancy from the first year when L ≤ 1 (both 1 when not given).
func occupancyIn(hall *sites.Hall, n int) float64 {
	full, first := hall.Occupancy, hall.OccupancyStart
	if full == 0 {
		full = 1
	}
	if first == 0 {
		first = full
	}
	L := hall.LeaseUpYears
	if L <= 1 {
		return full
	}
	return first + (full-first)*math.Min(float64(n-1), float64(L-1))/float64(L-1)
}

// buildStartOf is when hall h's construction begins for service from
// block st: 1 January of its year less its build_months.
func buildStartOf(in *optimize.Inputs, hall *sites.Hall, st int) time.Time {
	return time.Date(in.Case.Horizon.StartYear+st, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -buildMonthsOf(in, hall), 0)
}

// pueAt is a PUE at a temperature: base + slope·max(0, temp − ref).
func pueAt(c sites.TempCurve, base float64, b *oracleBlock, s, t int) float64 {
	if b.temp == nil {
		return base
	}
	return base + c.SlopePerC*math.Max(0, b.temp[s][t]-c.ReferenceC)
}

// cpCharge is the coincident-peak charge per meter MW present in one of
// the block's intervals, and whether hour t is one.
func cpCharge(in *optimize.Inputs, b *oracleBlock, t int) (float64, bool) {
	for _, c := range b.cpHours {
		if c == t {
			return in.CoincidentPeakRateUSDPerMWYear * b.yearFraction() / float64(len(b.cpHours)), true
		}
	}
	return 0, false
}

// oracleMargin is what one IT MWh mined earns at site s in hour t of the
// block: revenue − pue(t)·price − opex − the coincident-peak charge.
func oracleMargin(in *optimize.Inputs, b *oracleBlock, s, t int) float64 {
	m := &in.Case.Sites[s].Mining
	pue := pueAt(m.PUETemp, m.PUE, b, s, t)
	g := b.hashprice[t]*1000/(24*m.EfficiencyJPerTH) - pue*b.price[s][t] - m.OpexUSDPerMWh
	if cp, ok := cpCharge(in, b, t); ok {
		g -= cp * pue
	}
	return g
}

// stressHours marks site s's stress hours in the block: its ⌊share × T⌋
// highest-price hours (ties to the earlier hour), share the largest
// max_curtailed_share of its curtailable halls (1% without one).
func stressHours(in *optimize.Inputs, b *oracleBlock, s int) []bool {
	share := 0.0
	for _, h := range in.Case.Sites[s].Halls {
		if h.Flexibility == sites.FlexCurtailable {
			share = math.Max(share, h.MaxCurtailedShare)
		}
	}
	if share == 0 {
		share = 0.01
	}
	T := len(b.hours)
	order := make([]int, T)
	for t := range order {
		order[t] = t
	}
	price := b.price[s]
	sort.SliceStable(order, func(i, j int) bool { return price[order[i]] > price[order[j]] })
	out := make([]bool, T)
	for _, t := range order[:int(math.Floor(share*float64(T)+1e-9))] {
		out[t] = true
	}
	return out
}

// drawShare is the share of its reservation and load hall keeps in an
// hour: its firm share in a stress hour if it is curtailable, else 1.
func drawShare(hall *sites.Hall, stress bool) float64 {
	if stress && hall.Flexibility == sites.FlexCurtailable {
		return hall.FirmShare
	}
	return 1
}

// hallBlockUSD is hall h's money in block k when it entered service in
// block start, undiscounted: its own lease (less a curtailable hall's
// discount) escalated from its first year for its term, then the
// market's; a GPU cloud contract's revenue and GPU annuity for its term;
// less the capex annuity (of the capex compounded over its build), fixed
// O&M, its energy (where the site pays for it, or the GPUs' for the
// contract's term) and its coincident-peak charge. Lease, energy and
// charge are at the year's occupancy.
func hallBlockUSD(in *optimize.Inputs, b *oracleBlock, stress []bool, s, h, k, start int) float64 {
	site := &in.Case.Sites[s]
	hall := &site.Halls[h]
	yf := b.yearFraction()
	gpu := hall.Offer == sites.OfferGPUCloud
	term := hall.LeaseTermYears
	switch {
	case gpu:
		term = hall.GPUTermYears
	case term == 0:
		term = hallLife(in, hall)
	}
	inTerm := k-start < term
	escalation := math.Pow(1+hall.LeaseEscalatorPerYear, float64(k-start))
	lease := in.Case.Market.AILeaseUSDPerKWMonth * 12000 * hall.ITMW * yf
	switch {
	case inTerm && gpu:
		lease = hall.GPURevenueUSDPerYear * yf * escalation
	case inTerm:
		own := hall.LeaseUSDPerKWMonth
		if hall.Flexibility == sites.FlexCurtailable {
			own -= hall.LeaseDiscountUSDPerKWMonth
		}
		lease = own * 12000 * hall.ITMW * yf * escalation
	}
	occ := occupancyIn(hall, k-start+1)
	r := in.Case.Finance.DiscountRate
	capex := oracleCompoundedCapex(hall.CapexUSDPerMW*hall.ITMW, buildMonthsOf(in, hall), r)
	v := occ*lease - capex*crf(r, hallLife(in, hall))*yf - hall.FixedOMUSDPerMWYear*hall.ITMW*yf
	if gpu && inTerm {
		v -= hall.GPUCapexUSD * crf(r, hall.GPUTermYears) * yf
	}
	paysPower := !site.AI.PowerPassThrough || (gpu && inTerm)
	for t := range b.hours {
		load := occ * pueAt(hall.PUETemp, hall.PUE, b, s, t) * drawShare(hall, stress[t]) * site.AI.Utilization * hall.ITMW
		if paysPower {
			v -= b.price[s][t] * load
		}
		if cp, ok := cpCharge(in, b, t); ok {
			v -= cp * load
		}
	}
	return v
}

// hourValue is the best value of mining at most k IT MW in hour t: the
// margin on what is mined plus the reserve price on up to reserve_max_mw
// meter MW of it; the best is 0, k or the reserve cap's IT MW.
func hourValue(in *optimize.Inputs, b *oracleBlock, s, t int, k float64) float64 {
	site := &in.Case.Sites[s]
	g := oracleMargin(in, b, s, t)
	rho := 0.0
	if b.reserve != nil {
		rho = b.reserve[s][t]
	}
	if rho <= 0 {
		return math.Max(0, g*k)
	}
	reserveCap := math.Inf(1)
	if site.ReserveMaxMW != nil {
		reserveCap = *site.ReserveMaxMW
	}
	pue := pueAt(site.Mining.PUETemp, site.Mining.PUE, b, s, t)
	best := 0.0
	for _, mine := range []float64{k, math.Min(k, reserveCap/pue)} {
		best = math.Max(best, g*mine+rho*math.Min(pue*mine, reserveCap))
	}
	return best
}

// committedFromBlock is the first block the site's commitment holds in:
// the first that ends on or after committed_from.
func committedFromBlock(in *optimize.Inputs, blocks []oracleBlock, s int) int {
	from := in.Case.Sites[s].AI.CommittedFrom
	for k, b := range blocks {
		if from.IsZero() || !b.hours[len(b.hours)-1].Before(from) {
			return k
		}
	}
	return len(blocks)
}

// siteValueAt is site s's value for its halls' service blocks (−1:
// never), hour by hour, with whether they are feasible there, and the new
// AI IT MW in service per block (for the market caps). In each hour the
// mining available is the smallest of the fleet (derated, less what the
// halls in service and those under construction then displace), the
// POI's room ((interconnect + non-firm outside the stress hours −
// existing AI − the reservations of the halls in service) ÷ pue(t)) and
// the extra cap.
func siteValueAt(in *optimize.Inputs, blocks []oracleBlock, s int, start []int, opts oracleOptions) (float64, []float64, bool) {
	site := &in.Case.Sites[s]
	k0 := committedFromBlock(in, blocks, s)
	newIT := make([]float64, len(blocks))
	var value float64
	for k := range blocks {
		b := &blocks[k]
		stress := stressHours(in, b, s)
		var it, displaced float64
		inService := make([]bool, len(start))
		for h, st := range start {
			if st >= 0 && st <= k {
				inService[h] = true
				it += site.Halls[h].ITMW
				displaced += site.Halls[h].DisplacesMiningITMW
				value += b.weight * hallBlockUSD(in, b, stress, s, h, k, st)
			}
		}
		if opts.extraBlockUSD != nil {
			value += b.weight * opts.extraBlockUSD(s, b.yearFraction(), inService)
		}
		newIT[k] = it
		if displaced > site.Mining.CapacityITMW+1e-9 || (k >= k0 && site.AI.ExistingITMW+it < site.AI.CommittedITMW-1e-9) {
			return 0, nil, false
		}
		for t := range b.hours {
			room := site.InterconnectMW + opts.extraInterconnectMW - site.AI.ExistingITMW*site.AI.ExistingPUE
			if !stress[t] {
				room += site.NonfirmInterconnectMW
			}
			for h, st := range start {
				if st >= 0 && st <= k {
					hall := &site.Halls[h]
					perIT := pueAt(hall.PUETemp, hall.PUE, b, s, t)
					if hall.POIMWPerITMW > 0 {
						perIT = hall.POIMWPerITMW
					}
					room -= perIT * hall.ITMW * drawShare(hall, stress[t])
				}
			}
			if room < -1e-9 {
				return 0, nil, false
			}
			avail := 1.0
			if b.temp != nil {
				avail = math.Max(0, 1-site.Mining.DeratePerC*math.Max(0, b.temp[s][t]-site.Mining.DerateAboveC))
			}
			building := 0.0
			for h, st := range start {
				if hall := &site.Halls[h]; st > k && !b.hours[t].Before(buildStartOf(in, hall, st)) {
					building += hall.DisplacesMiningITMW
				}
			}
			mine := math.Min(avail*(site.Mining.CapacityITMW-displaced-building), room/pueAt(site.Mining.PUETemp, site.Mining.PUE, b, s, t))
			if opts.extraCap != nil {
				mine = math.Min(mine, opts.extraCap(s, b.offset+t))
			}
			value += b.weight * hourValue(in, b, s, t, math.Max(0, mine))
		}
	}
	return value, newIT, true
}

// allowedStarts lists the block indices hall h of site s may enter
// service in: without a horizon the one block; with one, the years whose
// 1 January is on or after both the horizon start plus the longer of the
// lead time and the build and earliest_online, or only a signed deal's
// year.
func allowedStarts(in *optimize.Inputs, s, h int) []int {
	hz := in.Case.Horizon
	if hz == nil || len(in.Years) == 0 {
		return []int{0}
	}
	hall := &in.Case.Sites[s].Halls[h]
	if hall.ServiceYear != 0 {
		return []int{hall.ServiceYear - hz.StartYear}
	}
	ready := time.Date(hz.StartYear, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, max(hall.LeadTimeMonths, buildMonthsOf(in, hall)), 0)
	if hall.EarliestOnline.After(ready) {
		ready = hall.EarliestOnline
	}
	var out []int
	for k := range hz.Years {
		if !time.Date(hz.StartYear+k, 1, 1, 0, 0, 0, 0, time.UTC).Before(ready) {
			out = append(out, k)
		}
	}
	return out
}

// allowance says, for hall h of site s, the starts allowed and whether
// never is.
type allowance func(s, h int) (starts []int, never bool)

// anyStart allows every start the hall's timing allows, and never unless
// it is a signed deal.
func anyStart(in *optimize.Inputs) allowance {
	return func(s, h int) ([]int, bool) {
		return allowedStarts(in, s, h), len(in.Years) == 0 || in.Case.Sites[s].Halls[h].ServiceYear == 0
	}
}

// siteAssignment is one site's service blocks (−1: never) and its value.
type siteAssignment struct {
	start []int
	value float64
	newIT []float64 // per block: new AI IT MW in service
}

// oracleSiteAssignments values every feasible assignment of site s's
// halls, each hall limited to what allowed allows.
func oracleSiteAssignments(in *optimize.Inputs, s int, allowed allowance, opts oracleOptions) []siteAssignment {
	blocks := oracleBlocks(in)
	H := len(in.Case.Sites[s].Halls)
	options := make([][]int, H)
	for h := range H {
		starts, never := allowed(s, h)
		options[h] = append([]int(nil), starts...)
		if never {
			options[h] = append(options[h], -1)
		}
	}
	var out []siteAssignment
	start := make([]int, H)
	var walk func(h int)
	walk = func(h int) {
		if h < H {
			for _, o := range options[h] {
				start[h] = o
				walk(h + 1)
			}
			return
		}
		if v, newIT, ok := siteValueAt(in, blocks, s, start, opts); ok {
			out = append(out, siteAssignment{start: append([]int(nil), start...), value: v, newIT: newIT})
		}
	}
	walk(0)
	return out
}

// capAt is the market's cap on new AI IT MW in block k (+Inf without one).
func capAt(in *optimize.Inputs, k int) float64 {
	m := in.Case.Market
	switch {
	case m.AIDemandCapITMWByYear != nil:
		return m.AIDemandCapITMWByYear[k]
	case m.AIDemandCapITMW != nil:
		return *m.AIDemandCapITMW
	}
	return math.Inf(1)
}

// eachPortfolio calls visit with every combination of the sites'
// assignments (one per site) that fits under the market caps.
func eachPortfolio(in *optimize.Inputs, per [][]siteAssignment, visit func(pick []int)) {
	S, Y := len(per), len(oracleBlocks(in))
	pick := make([]int, S)
	used := make([]float64, Y)
	var walk func(s int)
	walk = func(s int) {
		if s == S {
			visit(pick)
			return
		}
		for i, a := range per[s] {
			fits := true
			for k := range Y {
				fits = fits && used[k]+a.newIT[k] <= capAt(in, k)+1e-9
			}
			if !fits {
				continue
			}
			for k := range Y {
				used[k] += a.newIT[k]
			}
			pick[s] = i
			walk(s + 1)
			for k := range Y {
				used[k] -= a.newIT[k]
			}
		}
	}
	walk(0)
}

// oracleResult is the oracle's optimum: its objective, whether any plan is
// feasible, and each hall's service block (−1: never).
type oracleResult struct {
	objective float64
	feasible  bool
	starts    [][]int
}

// oracle returns the best plan over every assignment allowed under the
// market caps.
func oracle(in *optimize.Inputs, allowed allowance, opts oracleOptions) oracleResult {
	per := make([][]siteAssignment, len(in.Case.Sites))
	for s := range per {
		per[s] = oracleSiteAssignments(in, s, allowed, opts)
	}
	best := oracleResult{objective: math.Inf(-1)}
	eachPortfolio(in, per, func(pick []int) {
		var v float64
		for s, i := range pick {
			v += per[s][i].value
		}
		if v > best.objective {
			best = oracleResult{objective: v, feasible: true, starts: make([][]int, len(pick))}
			for s, i := range pick {
				best.starts[s] = per[s][i].start
			}
		}
	})
	return best
}

// startsOf turns built halls into service blocks (one window: 0 or −1).
func startsOf(build []bool) []int {
	out := make([]int, len(build))
	for h, b := range build {
		out[h] = -1
		if b {
			out[h] = 0
		}
	}
	return out
}

// The tests' names for the oracle.

// bruteForce is the oracle's optimum of the inputs.
func bruteForce(in *optimize.Inputs) oracleResult { return bruteForceWith(in, nil) }

// bruteForceWith is bruteForce with an extra cap on mining per site-hour.
func bruteForceWith(in *optimize.Inputs, extra func(s, t int) float64) oracleResult {
	return oracle(in, anyStart(in), oracleOptions{extraCap: extra})
}

// siteValue is the oracle's value of site s with the halls built, and
// whether that choice is feasible at the site.
func siteValue(in *optimize.Inputs, s int, build []bool) (float64, bool) {
	return siteValueInterconnect(in, s, build, 0)
}

// siteValueInterconnect is siteValue with extra MW at the POI.
func siteValueInterconnect(in *optimize.Inputs, s int, build []bool, extraMW float64) (float64, bool) {
	v, _, ok := siteValueAt(in, oracleBlocks(in), s, startsOf(build), oracleOptions{extraInterconnectMW: extraMW})
	return v, ok
}

// interconnectValue is the oracle's marginal value of interconnection of
// site s for the halls built (USD per MW-year): a forward difference of
// its value, exact where no limit changes within the step.
func interconnectValue(in *optimize.Inputs, s int, build []bool) float64 {
	const step = 1e-3
	v, _ := siteValueInterconnect(in, s, build, 0)
	up, _ := siteValueInterconnect(in, s, build, step)
	return (up - v) / step * 8760 / float64(len(in.Hours))
}

// bruteForceYears is the oracle's optimum over every assignment allowed,
// or -Inf when none is feasible, with each hall's service year index.
func bruteForceYears(in *optimize.Inputs, allowed allowance) (float64, [][]int) {
	r := oracle(in, allowed, oracleOptions{})
	return r.objective, r.starts
}

// siteAssignments values every feasible assignment of site s's halls.
func siteAssignments(in *optimize.Inputs, s int, allowed allowance) []siteAssignment {
	return oracleSiteAssignments(in, s, allowed, oracleOptions{})
}
