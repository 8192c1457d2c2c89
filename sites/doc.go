// Package sites reads and validates gridflip case files: the TOML document
// that describes a portfolio of bitcoin-mining sites, the market and finance
// assumptions, and the AI conversion projects ("halls") that could be built.
//
// The schema is documented in docs/case-file.md; every key is declared once
// in caseKeys (see Key and Keys), from which the checkers take their ranges
// and defaults and docs/reference/case.md is generated. Decoding is strict:
// unknown keys, wrong types, out-of-range values and NaN/Inf are reported
// together, each with the file name and line, as [Issues]. Units follow
// docs/model.md: power in MW (IT MW unless the name says meter), money in USD,
// leases per kW-month of IT capacity, hashprice in USD per PH/s per day.
package sites
