// Package isoprices turns the settlement-point price files that PJM, MISO,
// NYISO, SPP and ERCOT publish, and the EIA wholesale-market portal's
// files of every ISO, into gridflip's hourly price table (a timestamp
// column, then one column per node; grid.WriteCSV writes it and the case
// loader reads it).
//
// Most of these files hold one row per node and interval (long format); MISO
// publishes one row per node and price component with 24 hour-ending columns.
// Import pivots them to one column per node, converts each ISO's clock to
// UTC, averages 5- or 15-minute intervals to hours, and checks that every
// node has a price in every hour of the range (the market days asked for,
// or the hours the files cover); it lists every gap, or fills the gaps by a
// stated method (FillMethod) and reports the spans filled.
//
// The column mapping of each layout (which column names the node, which holds
// the price, what the timestamps mean) is in the section "Prices
// beyond ERCOT" of docs/case-file.md and in layouts below; tests write files with each ISO's
// exact published headers.
package isoprices
