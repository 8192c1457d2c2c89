// Package grid models the power system around the sites: hourly price series
// and the readers that load them, plus a synthetic ERCOT-like price generator
// for the bundled cases.
//
// Series files are CSV with a header row. The first column is a timestamp
// (RFC 3339 with Z or a numeric offset, or a plain date for daily series);
// every other column is a named series of finite numbers. Rows must be
// exactly one step (1 h or 24 h) apart: a gap, a duplicate or a row out of
// order is an input error reported with the file name and line.
package grid
