package finance

import "fmt"

// macrsHalfYear are the MACRS percentages of IRS Publication 946, Table A-1
// (general depreciation system, half-year convention): 200% declining
// balance for the 5- and 7-year classes, 150% for the 15- and 20-year
// classes, each switching to straight line. Recovery year j's entry is the
// percentage of the basis depreciated in the j-th tax year, the first being
// the year placed in service.
var macrsHalfYear = map[int][]float64{
	5:  {20.00, 32.00, 19.20, 11.52, 11.52, 5.76},
	7:  {14.29, 24.49, 17.49, 12.49, 8.93, 8.92, 8.93, 4.46},
	15: {5.00, 9.50, 8.55, 7.70, 6.93, 6.23, 5.90, 5.90, 5.91, 5.90, 5.91, 5.90, 5.91, 5.90, 5.91, 2.95},
	20: {3.750, 7.219, 6.677, 6.177, 5.713, 5.285, 4.888, 4.522, 4.462, 4.461, 4.462,
		4.461, 4.462, 4.461, 4.462, 4.461, 4.462, 4.461, 4.462, 4.461, 2.231},
}

// nonresidential39 is IRS Publication 946, Table A-7a (nonresidential real
// property, 39 years, straight line, mid-month convention) for property
// placed in service in the first month of the tax year: 2.461% in year 1,
// 2.564% in years 2 to 39 and 0.107% in year 40.
func nonresidential39() []float64 {
	out := make([]float64, 40)
	out[0] = 2.461
	for j := 1; j < 39; j++ {
		out[j] = 2.564
	}
	out[39] = 0.107
	return out
}

// NonresidentialClassYears is the MACRS class of nonresidential real
// property (straight line over 39 years, mid-month, no bonus).
const NonresidentialClassYears = 39

// MaxBonusClassYears is the longest MACRS class that bonus depreciation
// applies to.
const MaxBonusClassYears = 20

// MACRSClasses are the MACRS classes with a table, in years.
func MACRSClasses() []int { return []int{5, 7, 15, 20, NonresidentialClassYears} }

// MACRSRates are the fractions of the basis (summing to 1) depreciated in
// each tax year of a MACRS class, the first being the year the property is
// placed in service (in its first month for the 39-year class).
func MACRSRates(classYears int) ([]float64, error) {
	var pct []float64
	if classYears == NonresidentialClassYears {
		pct = nonresidential39()
	} else {
		var ok bool
		if pct, ok = macrsHalfYear[classYears]; !ok {
			return nil, fmt.Errorf("MACRS class of %d years: must be one of %v", classYears, MACRSClasses())
		}
	}
	out := make([]float64, len(pct))
	for j, p := range pct {
		out[j] = p / 100
	}
	return out, nil
}
