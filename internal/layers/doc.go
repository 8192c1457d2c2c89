// Package layers holds no code: its test checks that every import in the
// module runs downward, from a package to one on a lower layer (DESIGN's
// data flow: read and validate → optimize → solve → plan → impact →
// report), so no package depends on one built on top of it.
package layers
