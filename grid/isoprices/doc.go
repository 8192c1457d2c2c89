// Package isoprices turns the settlement-point price files that PJM, MISO,
// NYISO and SPP publish into gridflip's hourly price table (a timestamp
// column, then one column per node; grid.WriteCSV writes it and the case
// loader reads it).
//
// Most of these files hold one row per node and interval (long format); MISO
// publishes one row per node and price component with 24 hour-ending columns.
// Import pivots them to one column per node, converts each ISO's clock to
// UTC, averages 5- or 15-minute intervals to hours, and checks that every
// node has exactly one price in every interval of one common, gap-free range.
//
// The column mapping of each layout (which column names the node, which holds
// the price, what the timestamps mean) is in the section "Prices
// beyond ERCOT" of docs/case-file.md and in layouts below; tests write files with each ISO's
// exact published headers.
package isoprices
