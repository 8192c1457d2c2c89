package sites

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzDecodeCase checks that Decode never panics, that failures are Issues
// located inside the input, and that every decoded case satisfies the
// invariants the optimizer relies on. The seed corpus is in
// testdata/fuzz/FuzzDecodeCase.
func FuzzDecodeCase(f *testing.F) {
	f.Add([]byte(caseText(nil)))
	f.Fuzz(func(t *testing.T, data []byte) {
		locate(data) // the locator must survive any input, parsed or not
		c, err := Decode(data, "fuzz.toml")
		if err != nil {
			checkFailure(t, data, err)
			return
		}
		checkInvariants(t, c)
	})
}

// FuzzDecodeValues puts arbitrary values into a valid case, so that the
// success path (and the invariants) are exercised as much as the errors.
func FuzzDecodeValues(f *testing.F) {
	f.Add("rockdale", "hall-a", "liquid", 1.05, 0.8, 120.0, 110.0, 650.0)
	f.Add("a.b-c_D9", "h", "air", 3.0, 1.0, 40.0, 650.0, 650.0)
	f.Add("", "hall a", "Air", 0.999, -0.0, 40.0001, 651.0, 650.0)
	f.Add("rock\"dale", "ħall", "liquid", math.NaN(), math.Inf(1), -1.0, math.Inf(-1), 1e308)
	f.Fuzz(func(t *testing.T, siteID, hallID, cooling string, pue, util, rack, displaces, capacity float64) {
		text := caseText(map[int]string{
			12: "id = " + strconv.Quote(siteID),
			18: "capacity_it_mw = " + formatNumber(capacity),
			20: "pue = " + formatNumber(pue),
			23: "utilization = " + formatNumber(util),
			26: "id = " + strconv.Quote(hallID),
			28: "cooling = " + strconv.Quote(cooling),
			29: "rack_kw = " + formatNumber(rack),
			32: "displaces_mining_it_mw = " + formatNumber(displaces),
		})
		c, err := Decode([]byte(text), "fuzz.toml")
		if err != nil {
			checkFailure(t, []byte(text), err)
			return
		}
		checkInvariants(t, c)
		s, h := c.Sites[0], c.Sites[0].Halls[0]
		if s.ID != siteID || h.ID != hallID || string(h.Cooling) != cooling || s.Mining.PUE != pue ||
			s.AI.Utilization != util || h.RackKW != rack || h.DisplacesMiningITMW != displaces ||
			s.Mining.CapacityITMW != capacity {
			t.Fatalf("decoded values differ from the input:\n%s\n%+v", text, s)
		}
	})
}

// checkFailure verifies that a decoding error is a non-empty, sorted list
// of issues whose lines exist in data.
func checkFailure(t *testing.T, data []byte, err error) {
	var issues Issues
	if !errors.As(err, &issues) || len(issues) == 0 {
		t.Fatalf("error is not a non-empty Issues: %v", err)
	}
	lines := bytes.Count(data, []byte("\n")) + 1
	for i, is := range issues {
		if is.File != "fuzz.toml" || is.Line < 1 || is.Line > lines || is.Msg == "" ||
			strings.Contains(is.Msg, "internal error") {
			t.Fatalf("bad issue %d (input has %d lines): %#v", i, lines, is)
		}
		if i > 0 && is.Line < issues[i-1].Line {
			t.Fatalf("issues out of order: %v", err)
		}
	}
	if err.Error() == "" {
		t.Fatal("empty error text")
	}
	for _, is := range issues {
		if !utf8.ValidString(is.Msg) || strings.IndexFunc(is.Msg, unicode.IsControl) >= 0 {
			t.Fatalf("message holds raw bytes of the input: %q", is.Msg)
		}
	}
}

// checkInvariants verifies what a successfully decoded case guarantees.
func checkInvariants(t *testing.T, c *Case) {
	checkFinite(t, reflect.ValueOf(*c), "case")
	if len(c.Sites) == 0 {
		t.Fatal("decoded a case without sites")
	}
	m := c.Market
	sources := 0
	for _, set := range []bool{m.HashpriceUSDPerPHDay != nil, m.Hashprice != "", m.BTCPriceUSD != nil} {
		if set {
			sources++
		}
	}
	if sources != 1 || (m.BTCPriceUSD != nil) != (m.NetworkHashrateEHs != nil) ||
		(m.BTCPriceUSD != nil) != (m.FeesBTCPerBlock != nil) {
		t.Fatalf("hashprice sources: %+v", m)
	}
	if !(m.AILeaseUSDPerKWMonth > 0) || c.Finance.DiscountRate < 0 || c.Finance.DiscountRate >= 1 ||
		c.Finance.LifeYears < 1 || c.Finance.LifeYears > 100 {
		t.Fatalf("market or finance out of range: %+v %+v", m, c.Finance)
	}
	checkFinanceInvariants(t, c.Finance)
	siteIDs := map[string]bool{}
	for _, s := range c.Sites {
		if !validID(s.ID) || siteIDs[s.ID] {
			t.Fatalf("site id %q empty, invalid or duplicate", s.ID)
		}
		siteIDs[s.ID] = true
		if s.Region == "" || s.Node == "" || !(s.InterconnectMW > 0) {
			t.Fatalf("site %q: %+v", s.ID, s)
		}
		checkPUE(t, s.Mining.PUE, s.AI.ExistingPUE)
		if s.Mining.CapacityITMW < 0 || s.Mining.EfficiencyJPerTH <= 5 || s.Mining.EfficiencyJPerTH > 200 ||
			s.AI.Utilization < 0 || s.AI.Utilization > 1 || s.AI.ExistingITMW < 0 || s.AI.CommittedITMW < 0 {
			t.Fatalf("site %q out of range: %+v", s.ID, s)
		}
		hallIDs := map[string]bool{}
		for _, h := range s.Halls {
			if !validID(h.ID) || hallIDs[h.ID] {
				t.Fatalf("hall id %q empty, invalid or duplicate in site %q", h.ID, s.ID)
			}
			hallIDs[h.ID] = true
			checkPUE(t, h.PUE)
			if !h.Cooling.Valid() || !(h.ITMW > 0) || h.RackKW < 0 ||
				(h.Cooling == CoolingAir && h.RackKW > MaxAirRackKW) ||
				h.DisplacesMiningITMW < 0 || h.DisplacesMiningITMW > s.Mining.CapacityITMW ||
				!(h.LeaseUSDPerKWMonth > 0) || h.CapexUSDPerMW < 0 || h.FixedOMUSDPerMWYear < 0 {
				t.Fatalf("hall %q of site %q out of range: %+v", h.ID, s.ID, h)
			}
			if !(h.Occupancy > 0 && h.Occupancy <= 1) || !(h.OccupancyStart > 0 && h.OccupancyStart <= h.Occupancy) ||
				h.BuildMonths < 0 || h.BuildMonths > 240 || h.LeaseUSDPerKWMonth > maxLeaseUSDPerKWMonth ||
				(h.LeaseFromContract && !(h.ContractValueUSD > 0 && h.ServiceYear > 0 && h.LeaseTermYears > 0)) {
				t.Fatalf("hall %q of site %q: deal keys out of range: %+v", h.ID, s.ID, h)
			}
			checkHallFinanceInvariants(t, c.Finance, h)
		}
	}
}

// checkPUE fails unless every PUE is in [1, 3].
func checkPUE(t *testing.T, pues ...float64) {
	for _, p := range pues {
		if !(p >= 1 && p <= 3) {
			t.Fatalf("PUE %v outside [1, 3]", p)
		}
	}
}

// checkFinite fails on any NaN or infinite float reachable from v.
func checkFinite(t *testing.T, v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.Float64:
		if math.IsNaN(v.Float()) || math.IsInf(v.Float(), 0) {
			t.Fatalf("%s is %v", path, v.Float())
		}
	case reflect.Pointer:
		if !v.IsNil() && v.Elem().Kind() == reflect.Float64 {
			checkFinite(t, v.Elem(), path)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				checkFinite(t, v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			checkFinite(t, v.Index(i), path)
		}
	}
}

// FuzzDecodeScenarios checks that a scenarios file never panics the
// decoder, that failures are Issues inside the input, and that every
// decoded scenario has a valid id and finite, in-range values.
func FuzzDecodeScenarios(f *testing.F) {
	f.Add([]byte("[[scenario]]\nid = \"base\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := DecodeScenarios(data, "fuzz.toml")
		if err != nil {
			checkFailure(t, data, err)
			return
		}
		if len(got) == 0 {
			t.Fatal("no scenarios without an error")
		}
		seen := map[string]bool{}
		for _, s := range got {
			if !validID(s.ID) || seen[s.ID] {
				t.Fatalf("scenario id %q invalid or repeated", s.ID)
			}
			seen[s.ID] = true
			for _, p := range []*float64{s.HashpriceScale, s.PriceScale, s.PriceAdderUSDPerMWh, s.LeaseUSDPerKWMonth, s.AIDemandCapITMW, s.CapexScale} {
				if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0)) {
					t.Fatalf("scenario %q has a non-finite value", s.ID)
				}
			}
			if s.HashpriceScale != nil && *s.HashpriceScale <= 0 || s.AIDemandCapITMW != nil && *s.AIDemandCapITMW < 0 {
				t.Fatalf("scenario %q has an out-of-range value", s.ID)
			}
		}
	})
}

// checkFinanceInvariants verifies the [finance] conventions a decoded case
// guarantees the pro formas.
func checkFinanceInvariants(t *testing.T, f Finance) {
	share := func(v float64) bool { return v >= 0 && v <= 1 }
	if f.InterestOnlyYears < 0 || f.InterestOnlyYears >= f.DebtTenorYears || f.MinDSCR < 0 || !share(f.BonusDepreciationShare) ||
		f.CashFlowTiming.String() == "unknown" || f.TerminalValue.String() == "unknown" || f.Depreciation.String() == "unknown" ||
		f.TerminalValue == TerminalExitMultiple && !(f.ExitMultiple > 0) || f.TerminalValue != TerminalExitMultiple && f.ExitMultiple != 0 ||
		f.TerminalValue == TerminalPerpetuity && f.TerminalGrowth >= f.DiscountRate || f.TerminalValue != TerminalPerpetuity && f.TerminalGrowth != 0 ||
		f.Depreciation != DepreciationMACRS && f.BonusDepreciationShare != 0 || f.GPUDepreciationYears < 0 {
		t.Fatalf("finance conventions out of range: %+v", f)
	}
}

// checkHallFinanceInvariants verifies a decoded hall's finance keys.
func checkHallFinanceInvariants(t *testing.T, f Finance, h Hall) {
	share := func(v float64) bool { return v >= 0 && v <= 1 }
	gpu := h.Offer == OfferGPUCloud
	if !share(h.TenantFundedCapexShare) || !share(h.CustomerPrepaymentShare) || h.GPUDebtShare != nil && !share(*h.GPUDebtShare) ||
		h.GPUDebtTenorYears < 0 || h.GPUDebtTenorYears > h.GPUTermYears ||
		h.MACRSClassYears != 0 && (f.Depreciation != DepreciationMACRS || !slices.Contains(macrsClasses, h.MACRSClassYears)) ||
		!gpu && (h.GPUDebtShare != nil || h.GPUDebtTenorYears != 0 || h.CustomerPrepaymentShare != 0) {
		t.Fatalf("hall %q finance out of range: %+v", h.ID, h)
	}
}
