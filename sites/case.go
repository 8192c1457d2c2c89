package sites

import (
	"path"
	"strings"
)

// Case is a decoded and validated case file.
type Case struct {
	File    string // path the case was read from, used in messages
	Name    string // "name"; defaults to the file's base name without extension
	Grid    GridSpec
	Market  MarketSpec
	Finance Finance
	Sites   []Site

	loc *locator // key path -> line, for messages about this case
}

// GridSpec is the [grid] table: where the hourly electricity prices are.
type GridSpec struct {
	// Prices is "prices": CSV path relative to the case file, with a
	// timestamp column and one USD/MWh column per node (required).
	Prices string
}

// MarketSpec is the [market] table. Exactly one hashprice source is set:
// HashpriceUSDPerPHDay, Hashprice, or the fundamentals BTCPriceUSD and
// NetworkHashrateEHs (with FeesBTCPerBlock, which is then never nil).
type MarketSpec struct {
	HashpriceUSDPerPHDay *float64 // "hashprice_usd_per_ph_day": constant hashprice, > 0
	Hashprice            string   // "hashprice": CSV path (daily or hourly series, USD/PH/day)
	BTCPriceUSD          *float64 // "btc_price_usd": fundamentals, > 0
	NetworkHashrateEHs   *float64 // "network_hashrate_eh_s": fundamentals, > 0
	FeesBTCPerBlock      *float64 // "fees_btc_per_block": >= 0, defaults to 0 with fundamentals
	Halving2028          string   // "halving_2028": optional YYYY-MM-DD overriding the 2028 halving date
	AILeaseUSDPerKWMonth float64  // "ai_lease_usd_per_kw_month": default lease for new halls, > 0 (required)
	AIDemandCapITMW      *float64 // "ai_demand_cap_it_mw": optional cap on new AI IT MW, >= 0
}

// Finance is the [finance] table.
type Finance struct {
	DiscountRate float64 // "discount_rate": a fraction in [0, 1) (required)
	LifeYears    int     // "life_years": 1..100 (required)
}

// Site is one [[sites]] entry: a mining site that may be converted.
type Site struct {
	ID             string  // "id": required, [A-Za-z0-9_.-]+, unique in the case
	Region         string  // "region": required, e.g. "ERCOT"
	Node           string  // "node": required, a column of the grid price file
	InterconnectMW float64 // "interconnect_mw": meter MW at the POI, > 0
	Mining         Mining  // [sites.mining]
	AI             AI      // [sites.ai] (optional table)
	Halls          []Hall  // [[sites.conversion]] (may be empty)
}

// Mining is a site's [sites.mining] table: the existing bitcoin fleet.
type Mining struct {
	CapacityITMW     float64 // "capacity_it_mw": >= 0 (required)
	EfficiencyJPerTH float64 // "efficiency_j_per_th": in (5, 200] (required)
	PUE              float64 // "pue": in [1, 3] (required)
	OpexUSDPerMWh    float64 // "opex_usd_per_mwh": per IT MWh mined, >= 0, default 0
}

// AI is a site's [sites.ai] table: existing and committed AI load.
type AI struct {
	ExistingITMW     float64 // "existing_it_mw": >= 0, default 0
	ExistingPUE      float64 // "existing_pue": in [1, 3]; required when ExistingITMW > 0, default 1.3
	CommittedITMW    float64 // "committed_it_mw": take-or-pay AI IT MW that must be in service, >= 0, default 0
	PowerPassThrough bool    // "power_pass_through": the tenant pays the energy bill, default true
	Utilization      float64 // "utilization": average IT draw / IT capacity in [0, 1], default 0.8
}

// Cooling is the cooling technology of a hall.
type Cooling string

// Cooling technologies accepted in "cooling".
const (
	CoolingAir    Cooling = "air"    // air or hybrid cooling, limited to MaxAirRackKW per rack
	CoolingLiquid Cooling = "liquid" // direct-to-chip or immersion liquid cooling
)

// MaxAirRackKW is the highest rack density (kW per rack) accepted with air
// cooling; denser racks (e.g. GB200 NVL72 at about 120 kW) need liquid.
const MaxAirRackKW = 40.0

// Hall is one [[sites.conversion]] entry: a candidate AI conversion project.
type Hall struct {
	ID                  string  // "id": required, [A-Za-z0-9_.-]+, unique within the site
	ITMW                float64 // "it_mw": > 0 (required)
	Cooling             Cooling // "cooling": CoolingAir or CoolingLiquid (required)
	RackKW              float64 // "rack_kw": >= 0, 0 when not given; air allows at most MaxAirRackKW
	PUE                 float64 // "pue": in [1, 3] (required)
	CapexUSDPerMW       float64 // "capex_usd_per_mw": per IT MW, >= 0 (required)
	FixedOMUSDPerMWYear float64 // "fixed_om_usd_per_mw_year": >= 0, default 0
	DisplacesMiningITMW float64 // "displaces_mining_it_mw": >= 0, at most the site's mining capacity, default 0
	LeaseUSDPerKWMonth  float64 // "lease_usd_per_kw_month": > 0; the market default when not given
	LeaseOverridden     bool    // true when the hall gave its own lease
}

// Resolve returns the location of a file named in the case (such as
// Grid.Prices), relative to the directory of the case file, in the
// slash-separated form used by io/fs. Absolute paths are returned cleaned.
func (c *Case) Resolve(rel string) string {
	if c == nil || path.IsAbs(rel) {
		return path.Clean(rel)
	}
	return path.Join(path.Dir(c.File), rel)
}

// defaultName is the base name of file without its extension.
func defaultName(file string) string {
	if file == "" {
		return ""
	}
	base := path.Base(strings.ReplaceAll(file, `\`, "/"))
	if ext := path.Ext(base); ext != "" && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}
