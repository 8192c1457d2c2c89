package sites

// Physical bounds on case values. They are far beyond any real portfolio
// (so no legitimate case meets them) and keep every figure gridflip
// derives finite: a value outside is a unit or typing error, reported with
// its line. The declarations (caseKeys) use them, and
// docs/reference/case.md, generated from those, lists them.
const (
	maxPowerMW              = 1e6 // MW at one site (1 TW)
	maxHallITMW             = 1e5 // IT MW of one hall
	maxLeaseUSDPerKWMonth   = 1e4 // USD per kW-month (signed deals: 115-196)
	maxHashpriceUSDPerPHDay = 1e5 // USD per PH/s per day (all-time high below 2,000)
	maxBTCPriceUSD          = 1e8 // USD per BTC
	minNetworkHashrateEHs   = 1   // EH/s (about 1,000 in 2025)
	maxNetworkHashrateEHs   = 1e6
	maxFeesBTCPerBlock      = 100
	maxCapexUSDPerMW        = 1e9 // USD per IT MW (real: 8-11 M)
	maxFixedOMUSDPerMWYear  = 1e8
	maxOpexUSDPerMWh        = 1e5
	maxRackKW               = 1e3
	minGapGW                = 1e-3
	maxGapGW                = 1e4
	maxMarketCapITMW        = 1e7
	maxCPRateUSDPerMWYear   = 1e7
	maxContractPrice        = 1e4 // USD/MWh
	// maxGrowthFactor bounds a yearly rate (price escalation, lease
	// escalator, BTC price and hashrate growth) compounded over the
	// horizon: (1+rate)^(years-1) within [1/100, 100].
	maxGrowthFactor = 100
)

// within allows (lo, hi] when loOpen, else [lo, hi].
func within(lo, hi float64, loOpen bool, note string) rng {
	return rng{lo: lo, hi: hi, hasLo: true, hasHi: true, loOpen: loOpen, note: note}
}

// Counts a file may hold (README "Limits"). Each scenario is solved (a
// sweep) or copies the case's hourly series (a stochastic plan), so files
// beyond these run for hours or out of memory: they are refused at the
// first table too many, before any per-scenario work.
const (
	// MaxScenarios bounds the scenarios of one stochastic plan: a case's
	// [[scenario]] tables, or the file of `plan --scenarios`.
	MaxScenarios = 1000
	// MaxWhatIfs bounds the [[scenario]] tables of a scenarios file (the
	// what-ifs of one sweep).
	MaxWhatIfs = 10000
)

// MaxIDLen bounds an id (site, hall, scenario, contract, gap reference),
// in bytes: ids name output files and table rows.
const MaxIDLen = 128
