package model

// NewCurfewRowsOnly is the example curfew whose rows cap mining in the
// hours [from, to) UTC while its piece of the closed form sets no limit:
// the closed form then mines where the full model forbids it.
func NewCurfewRowsOnly(capITMW float64, from, to int) *Curfew {
	c := NewCurfew(capITMW, from, to, true)
	c.rowsOnly = true
	return c
}
