package plan

import (
	"fmt"
	"time"

	"github.com/gridflip/gridflip/solver"
)

// Plan is the verified, revenue-maximizing plan for a portfolio. Every money
// figure is USD over the modeled horizon unless its name says otherwise;
// with a horizon of years ([horizon]) the horizon's money figures are
// present values at 1 January of its first year (year k discounted by
// (1+r)^−k, or (1+r)^−(k−½) mid-year, like the objective), and Years gives each year's figures
// undiscounted.
//
// A plan keeps one row of figures per site, not the hourly allocation:
// SiteHours and EachSiteHours derive it on demand (from the solver's values
// or, for the decomposed method, by re-running the closed-form dispatch),
// so memory stays bounded by one site however large the portfolio.
type Plan struct {
	CaseName    string
	Status      solver.Outcome
	Termination string
	Relaxed     bool
	Method      Method // the method that ran
	// MethodNote says why the method was chosen when auto could not take
	// the fast path ("" otherwise).
	MethodNote   string
	ObjectiveUSD float64
	MIPGap       float64
	Start        time.Time
	Hours        int
	Solver       SolverStats
	Sites        []SitePlan
	Portfolio    Totals
	// Regions sums the sites' hourly load and prices by region, in the
	// order regions first appear; grid impact is measured from them.
	Regions []RegionLoad
	// HourTimes are the modeled hours.
	HourTimes []time.Time
	// HashpriceUSDPerPHDay is the hourly hashprice the plan was solved with.
	HashpriceUSDPerPHDay []float64
	// Notes say how the inputs were prepared.
	Notes []string
	// Hourly derives each site's hourly allocation (see SiteHours).
	Hourly HourlySource
	// Years sums the sites' years (nil without a horizon).
	Years []YearTotals
}

// YearTotals is one year of the horizon, summed over the portfolio.
type YearTotals struct {
	Year           int
	DiscountFactor float64 // (1+r)^−k for the k-th year, (1+r)^−(k−½) mid-year
	// ObjectiveUSD is the year's discounted contribution to the objective:
	// DiscountFactor × ProfitUSD.
	ObjectiveUSD       float64
	HallsInService     int
	NewAIITMW          float64 // new halls in service
	AIITMW             float64 // existing AI plus new halls
	AIMeterMW          float64
	MiningCapacityITMW float64
	MiningMWh          float64
	// HashpriceUSDPerPHDay is the year's mean hourly hashprice.
	HashpriceUSDPerPHDay float64
	Streams              // undiscounted
}

// SolverStats describes the solve.
type SolverStats struct {
	Name                    string
	Version                 string
	Columns, Rows, Nonzeros int // the full model's size (built or not)
	IntegerColumns          int
	BuildSeconds            float64 // building the model (monolithic) or valuing the sites (decomposed)
	SolveSeconds            float64 // HiGHS
	VerifySeconds           float64 // checking the solution in the full model and extracting the plan
	// InterconnectSolveSeconds is the time of the per-site LPs behind the
	// interconnection values, 0 when they come from the closed form.
	InterconnectSolveSeconds   float64
	MaxRowViolation            float64 // scaled, from solver.Verify over every row of the full model
	ObjectiveRecomputedUSD     float64
	StreamsMatchObjectiveRelTo float64 // |Σ site profits − objective| / max(1, |objective|)
	// CouplingColumns and CouplingRows size the decomposed method's coupling
	// problem (0 for the monolithic method); CutRounds counts its outer
	// approximation rounds (0 when every site's hall sets were enumerated).
	CouplingColumns, CouplingRows int
	CutRounds                     int
}

// HallPlan is one candidate hall and the decision about it.
type HallPlan struct {
	ID                 string
	Cooling            string
	ITMW               float64
	MeterMW            float64 // IT MW × hall PUE
	Build              float64 // 1 built, 0 not; fractional only with Relax
	CapexUSD           float64 // up-front capex if built (× Build)
	NetUSD             float64 // its objective contribution over the horizon (× Build), excluding displaced mining
	LeaseUSDPerKWMonth float64
	// ServiceYear is the calendar year the hall enters service (0 without
	// a horizon or when it is not built).
	ServiceYear int
	// Never says why a hall cannot enter service within the horizon
	// ("" when it can).
	Never string
	// Years are the hall's money in each year of its life (life_years),
	// undiscounted: from its service year when built, else (YearsAssumed)
	// from the earliest year it could enter service. Years past the
	// horizon repeat the last modelled year as a full year, with the
	// lease escalator (or the market's lease after the term) and the
	// price escalation on energy. The finance of the hall is built from
	// them.
	Years        []HallYear
	YearsAssumed bool
	// ValueIfBuiltUSD is, for a hall not built, the change of the
	// objective if its site built it (with the site's best other halls for
	// it), every other site held as planned: negative when it is worth
	// less than the mining and interconnection it takes, positive when only
	// the market cap or another row coupling the sites held it back. With
	// a horizon the hall enters service in its best year. Set by the fast
	// path for a deterministic plan whose site is valued set by set or
	// year by year with at most 5,000 assignments to search; nil otherwise.
	ValueIfBuiltUSD *float64
	// BuildMonths is the hall's construction period (build_months) and
	// BuildStart the day it begins: its service start less BuildMonths
	// (the service start without one; zero without a horizon). Dated like
	// Years: from the service year when built, else the earliest. A
	// signed deal's build may begin before the horizon (history: its
	// miners are displaced from the horizon's start only).
	BuildMonths int
	BuildStart  time.Time
	// CapexParts is the hall's capex (HallCapexUSD, whether built or not)
	// dated as it is spent: the building in BuildMonths equal monthly
	// parts at the start of each month from BuildStart (one part at
	// service start without a construction period), a GPU cloud
	// contract's GPUs at service start. CapexCompoundedUSD is those parts
	// compounded at the discount rate to service start: what the
	// objective's capex annuity annualizes (docs/model.md, "Construction").
	CapexParts         []CapexPart
	CapexCompoundedUSD float64
}

// CapexPart is one dated part of a hall's capex.
type CapexPart struct {
	Date time.Time
	USD  float64
}

// HallYear is one year of a hall in service, undiscounted.
type HallYear struct {
	Year     int  // calendar year
	Hours    int  // the year's hours (modelled, or 8760 past the horizon)
	Modelled bool // within the horizon (else extrapolated)
	// LeaseUSD is the lease revenue: at the hall's own lease, escalated
	// from its first year (OwnLease), or re-let at the market's after its
	// term.
	LeaseUSD float64
	OwnLease bool
	// OpexUSD is fixed O&M, the AI energy when the tenant does not pay for
	// power, and the coincident-peak charge on the hall's load.
	OpexUSD         float64
	CapexAnnuityUSD float64
}

// Total sets ProfitUSD from the declared streams (MoneyStreams).
func (s *Streams) Total() {
	s.ProfitUSD = 0
	for _, m := range moneyStreams {
		s.ProfitUSD += m.Signed(s)
	}
}

// AddScaled adds f × o to s, stream by stream.
func (s *Streams) AddScaled(o Streams, f float64) {
	for _, m := range moneyStreams {
		m.Add(s, f*m.Of(&o))
	}
	s.ProfitUSD += f * o.ProfitUSD
}

// SitePlan is the plan for one site.
type SitePlan struct {
	ID, Region, Node string
	// TimeZone is the IANA zone of the site's calendar (sites.Site.Zone):
	// its contract months are local months of it, and heat maps and the
	// dispatch week should show its local hours (grid/localtime).
	TimeZone       string
	InterconnectMW float64
	Halls          []HallPlan // every candidate, built or not
	HallsBuilt     []string   // ids with Build ≥ 0.5
	NewAIITMW      float64    // from halls built
	ExistingAIITMW float64
	AIITMW         float64 // existing + new: firm AI IT MW in service
	AIMeterMW      float64 // its reserved meter MW (at the halls' base PUE)
	NewAIMeterMW   float64 // the part reserved by new halls
	// CurtailableAIMeterMW is the part of AIMeterMW that curtailable halls
	// release in stress hours: (1 − firm share) × their reservation.
	CurtailableAIMeterMW float64
	NewCapexUSD          float64
	MiningCapacityITMW   float64 // fleet left after halls displace miners
	MiningMWh            float64 // IT MWh mined over the horizon
	MiningMeterMWh       float64
	LoadMWh              float64 // what the site draws over the horizon (mining and AI)
	PeakMeterMW          float64 // the highest hourly meter draw reserved at the POI
	CurtailedHours       int     // hours mining ran below what fleet and POI allowed
	// InterconnectValueUSDPerMWYear is the marginal value of one more MW of
	// interconnection with the halls as planned: the right derivative of
	// the site's value with respect to its interconnection, summed over
	// the hours and scaled to a year (docs/model.md).
	InterconnectValueUSDPerMWYear float64
	Streams
	// ExistingAILeaseUSD values existing AI capacity at the market's default
	// lease; a constant reported outside the objective.
	ExistingAILeaseUSD float64
	// ExistingAICoincidentPeakUSD is the coincident-peak charge on existing
	// AI load; a constant reported outside the objective.
	ExistingAICoincidentPeakUSD float64
	// Contracts settle the site's fixed-price power blocks month by month.
	Contracts []ContractMonth
	// HedgeUSD is the sum of the contracts' HedgeUSD (outside the objective).
	HedgeUSD float64
	// FlexibleMW is the meter MW of mining that can curtail within the hour
	// (the fleet left, at its base PUE).
	FlexibleMW float64
	// HashrateEHs is the hashrate of the fleet left, in EH/s.
	HashrateEHs float64
	// HasReserves reports whether the site offers reserve in some hour.
	HasReserves bool
	// Years are the site's figures year by year (nil without a horizon).
	Years []YearPlan
}

// YearPlan is one site in one year of the horizon. Money figures are the
// year's, undiscounted; capacities are those in service during the year.
type YearPlan struct {
	Year           int
	DiscountFactor float64
	HallsInService []string
	NewAIITMW      float64
	AIITMW         float64
	AIMeterMW      float64
	// MiningCapacityITMW is the fleet left after the halls in service
	// displace miners.
	MiningCapacityITMW float64
	MiningMWh          float64
	MiningMeterMWh     float64
	LoadMWh            float64
	CurtailedHours     int
	// InterconnectValueUSDPerMWYear is the year's marginal value of one more
	// MW of interconnection.
	InterconnectValueUSDPerMWYear float64
	Streams
	// ObjectiveUSD is DiscountFactor × ProfitUSD.
	ObjectiveUSD float64
}

// Totals are portfolio sums.
type Totals struct {
	HallsBuilt         int
	NewAIITMW          float64
	AIITMW             float64
	AIMeterMW          float64
	NewAIMeterMW       float64
	NewCapexUSD        float64
	MiningCapacityITMW float64
	MiningMWh          float64
	InterconnectMW     float64
	ExistingAILeaseUSD float64
	HedgeUSD           float64
	Streams
}

// SiteHours is one site's hourly allocation.
type SiteHours struct {
	MiningITMW []float64 // IT MW mined
	// AvailableITMW is the IT MW the fleet and the POI allowed to mine: an
	// hour is curtailed (Curtailed) when less was mined.
	AvailableITMW  []float64
	AIITMW         []float64 // AI IT MW drawing power: existing and halls in service (a curtailable hall at its share)
	ReserveMW      []float64 // meter MW offered as curtailable reserve (nil without reserves)
	MeterMW        []float64 // pue·mining + reserved AI meter MW (the POI row's left side)
	LoadMW         []float64 // what the site draws: pue·mining + AI IT × utilization × PUE
	PriceUSDPerMWh []float64 // the price at the site's node (an input)
}

// RegionLoad is the hourly load of a region's sites, summed, as the grid
// sees it: the plain series grid impact is measured from.
type RegionLoad struct {
	Region string
	Sites  int
	// LoadMW is the sites' summed hourly draw; PriceSumUSDPerMWh the sum of
	// their node prices (÷ Sites gives the region's average price).
	LoadMW            []float64
	PriceSumUSDPerMWh []float64
	// PaidUSD is Σ load × node price over the sites and hours.
	PaidUSD      float64
	FirmMW       float64 // AI meter MW (cannot curtail)
	FlexibleMW   float64 // mining meter MW that can curtail within the hour
	HashrateEHs  float64
	NewAIMeterMW float64 // AI meter MW placed by conversions
}

// ContractMonth settles one fixed-price block for one month. The site pays
// the fixed price for the whole block; energy it used is worth the hourly
// price, unused block energy is sold back at the hourly price (power
// credits). HedgeUSD = spot value of the block − its fixed cost: what the
// contract saved against buying the same energy at hourly prices.
type ContractMonth struct {
	ContractID   string
	Month        string // YYYY-MM
	BlockMWh     float64
	UsedMWh      float64 // block energy the site consumed
	CreditMWh    float64 // block energy sold back
	CreditUSD    float64 // power credits: CreditMWh at hourly prices
	FixedCostUSD float64
	HedgeUSD     float64
}

// HourlySource derives a site's hourly allocation: Solve sets one that
// reads the solver's values (monolithic) or re-runs the closed-form
// dispatch of the decisions (decomposed).
type HourlySource interface {
	SiteHours(s int) (SiteHours, error)
}

// HoursFunc adapts a function to HourlySource.
type HoursFunc func(s int) (SiteHours, error)

// SiteHours calls f.
func (f HoursFunc) SiteHours(s int) (SiteHours, error) { return f(s) }

// SiteHours returns site s's hourly allocation.
func (p *Plan) SiteHours(s int) (SiteHours, error) {
	if p.Hourly == nil {
		return SiteHours{}, fmt.Errorf("plan %q has no hourly allocation", p.CaseName)
	}
	return p.Hourly.SiteHours(s)
}

// EachSiteHours calls fn with every site's hourly allocation in turn; only
// one site's series are held at a time.
func (p *Plan) EachSiteHours(fn func(s int, h SiteHours) error) error {
	for s := range p.Sites {
		h, err := p.SiteHours(s)
		if err != nil {
			return err
		}
		if err := fn(s, h); err != nil {
			return err
		}
	}
	return nil
}
