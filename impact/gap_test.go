package impact

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGapBases(t *testing.T) {
	halls := []GapHall{
		{ITMW: 100, ReservedMW: 130},                                  // existing, unsigned
		{ITMW: 200, ReservedMW: 250, Signed: true},                    // existing, signed
		{ITMW: 400, ReservedMW: 520, NewConnection: true},             // new connection
		{ITMW: 50, ReservedMW: 60, NewConnection: true, Signed: true}, // both
	}
	want := map[string]float64{
		BasisPOIAll: (130 + 250 + 520 + 60) / 1000.0, BasisPOIExisting: (130 + 250) / 1000.0, BasisPOIExistingUnsigned: 0.130,
		BasisITAll: (100 + 200 + 400 + 50) / 1000.0, BasisITExisting: 0.300, BasisITExistingUnsigned: 0.100,
	}
	bases := GapBases(halls)
	require.Len(t, bases, len(want))
	for _, b := range bases {
		assert.InDelta(t, want[b.Basis], b.ClosedGW, 1e-12, b.Basis)
	}
	assert.Equal(t, BasisITExistingUnsigned, GapHeadlineBasis)
	assert.InDelta(t, 0.1, ClosedOn(bases, GapHeadlineBasis), 1e-12)
	assert.Zero(t, ClosedOn(bases, "nonsense"))
	for _, b := range GapBases(nil) {
		assert.Zero(t, b.ClosedGW, b.Basis)
	}
}
