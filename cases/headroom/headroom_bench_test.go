package headroom_test

import (
	"testing"

	"github.com/gridflip/gridflip/cases/headroom"
	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/impact/headroomin"
)

// BenchmarkHeadroom22Areas is `gridflip headroom` without output: decode
// the bundled 22 areas (9 years) and compute their headroom at the four
// limits.
func BenchmarkHeadroom22Areas(b *testing.B) {
	for b.Loop() {
		t, err := headroom.Bundled()
		if err != nil {
			b.Fatal(err)
		}
		areas, err := headroomin.Areas(t, headroom.DefaultSettings(), impact.AreaSettings{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := impact.HeadroomAll(areas, impact.DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}
