package model

// miningFeeTerm charges a monthly fee on the mining fleet kept on site
// (sites.mining.fee_usd_per_mw_month, a term parameter): in a block of f
// years, fee × 12 × f × (capacity − Σ_h displaces_h·z_h). The fleet's part
// is an objective constant (siteHours.constant); each hall's part, the fee
// it stops by displacing miners, is a negative cost in the hall's money
// (docs/model.md, "Mining fee"). It needs no column and no row, and its
// value is affine in the halls, so both methods handle it exactly.
type miningFeeTerm struct{}

func (miningFeeTerm) name() string { return "mining_fee" }

func init() { registerTerm(1100, miningFeeTerm{}) }

// feeKey is the term's parameter.
const feeKey = "sites.mining.fee_usd_per_mw_month"

// prepare adds the fleet's fee to the block's constants and each hall's
// saving to its money.
func (miningFeeTerm) prepare(sh *siteHours) {
	fee := sh.site.Mining.Params.Get(feeKey)
	if fee == 0 {
		return
	}
	perMW := fee * 12 * sh.Block.yearFraction()
	sh.constant.MiningFeeUSD += perMW * sh.site.Mining.CapacityITMW
	for h := range sh.halls {
		sh.halls[h].streams.MiningFeeUSD -= perMW * sh.halls[h].hall.DisplacesMiningITMW
	}
}
