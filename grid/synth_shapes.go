package grid

// Shape tables of the synthetic ERCOT-like price model. They are functions
// returning arrays (copied values) so the package has no mutable globals.
// All hour indices are Central Standard Time (UTC-6) clock hours, all month
// indices 0 = January. Where they come from is described in SYNTHETIC.md.

// dailyShape is the normalized hour-of-day shape of the ordinary price
// (mean about 0, evening peak = +1 at 19:00), from the hourly medians of ERCOT
// HB_NORTH real-time prices 2023-2024: a night trough, a small morning ramp
// peak, a midday solar dip and the evening net-load peak.
func dailyShape() [24]float64 {
	return [24]float64{
		-0.24, -0.35, -0.45, -0.42, -0.37, -0.21, 0.00, -0.03, // 00-07
		-0.29, -0.33, -0.27, -0.22, -0.14, -0.06, -0.04, 0.05, // 08-15
		0.26, 0.65, 0.77, 1.00, 0.63, 0.18, 0.03, -0.14, // 16-23
	}
}

// seasonalShape is the normalized month shape of the ordinary price at
// mid-month (interpolated in between): windy low-price late winter and
// spring, summer peak in July-August.
func seasonalShape() [12]float64 {
	return [12]float64{0.17, -1.00, -0.58, -0.64, 0.08, 0.36, 0.45, 0.64, 0.33, 0.08, 0.20, 0.03}
}

// negativeHourWeight is the relative frequency of negative prices by hour
// (HB_WEST 2023-2024 counts, mean 1): wind at night, solar at midday.
func negativeHourWeight() [24]float64 {
	return [24]float64{
		1.12, 1.15, 1.20, 1.14, 0.98, 0.59, 0.36, 0.38,
		0.64, 1.30, 1.41, 1.33, 1.32, 1.44, 1.57, 1.54,
		1.29, 0.95, 0.65, 0.45, 0.48, 0.71, 0.85, 1.14,
	}
}

// negativeMonthWeight is the relative frequency of negative prices by month
// (HB_WEST 2023-2024 counts, mean 1): spring and autumn, almost none in August.
func negativeMonthWeight() [12]float64 {
	return [12]float64{1.27, 1.87, 1.90, 2.31, 0.64, 0.46, 0.22, 0.01, 0.13, 1.32, 1.11, 0.85}
}

// scarcityMonthWeight is the share of a year's ordinary scarcity days that
// falls in each month (sums to 1): mostly late summer, a few in the shoulder
// months. The winter cold snap is modelled separately.
func scarcityMonthWeight() [12]float64 {
	return [12]float64{0.01, 0.01, 0.02, 0.05, 0.08, 0.10, 0.12, 0.38, 0.15, 0.04, 0.03, 0.01}
}

// summerScarcityShape scales a scarcity day's peak adder by hour in April to
// October: late afternoon into the evening, peaking at 19:00 as solar fades.
func summerScarcityShape() [24]float64 {
	var s [24]float64
	s[13], s[14], s[15], s[16], s[17] = 0.03, 0.08, 0.15, 0.25, 0.45
	s[18], s[19], s[20], s[21], s[22] = 0.70, 1.00, 0.55, 0.15, 0.03
	return s
}

// winterScarcityShape scales a scarcity day's peak adder by hour in November
// to March (and in cold snaps): a morning heating peak and an evening peak.
func winterScarcityShape() [24]float64 {
	var s [24]float64
	s[5], s[6], s[7], s[8], s[9], s[10] = 0.15, 0.45, 0.85, 1.00, 0.50, 0.15
	s[17], s[18], s[19], s[20], s[21], s[22] = 0.20, 0.55, 0.80, 0.70, 0.35, 0.10
	return s
}
