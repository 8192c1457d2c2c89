// Package market holds the exogenous economics of a site: bitcoin block
// subsidy and halvings, hashprice from fundamentals or from a series,
// mining revenue per MWh, AI lease conversions and the capital recovery
// factor. It is pure computation: callers load series (with package grid)
// and pass plain slices.
//
// Units follow docs/model.md: hashprice in USD per PH/s per day, network
// hashrate in EH/s (1 EH/s = 1000 PH/s), miner efficiency in J/TH, power in
// MW, energy in MWh, leases in USD per kW-month of IT capacity.
package market
