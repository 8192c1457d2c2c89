package sites

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leafPaths lists the value keys of sch, as unindexed dotted paths.
func leafPaths(sch *schema, prefix string) []string {
	var out []string
	for _, k := range sch.keys {
		p := joinPath(prefix, k)
		if child := sch.children[k]; child.kind == kindLeaf {
			out = append(out, p)
		} else {
			out = append(out, leafPaths(child, p)...)
		}
	}
	return out
}

// schemaOf builds the schema of raw struct type t by reflection: the keys
// the TOML decoder fills.
func schemaOf(t reflect.Type, kind nodeKind) *schema {
	s := &schema{kind: kind, children: map[string]*schema{}}
	leafType := reflect.TypeOf((*leaf)(nil))
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := f.Tag.Get("toml")
		var child *schema
		switch {
		case f.Type == leafType:
			child = &schema{kind: kindLeaf}
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct:
			child = schemaOf(f.Type.Elem(), kindTable)
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			child = schemaOf(f.Type.Elem(), kindArray)
		default:
			continue
		}
		s.keys = append(s.keys, name)
		s.children[name] = child
	}
	return s
}

// shapes lists every path of sch with its kind, for comparing schemas.
func shapes(sch *schema, prefix string, out map[string]nodeKind) map[string]nodeKind {
	for _, k := range sch.keys {
		p := joinPath(prefix, k)
		out[p] = sch.children[k].kind
		shapes(sch.children[k], p, out)
	}
	return out
}

// withoutParams leaves out the term parameters (Key.Param: decoded
// generically, with no raw field) for the duration of a test.
func withoutParams(t *testing.T) {
	saved := caseKeys
	caseKeys = nil
	for _, k := range saved {
		if k.Param {
			assert.Equal(t, KindNumber, k.Kind, "%s: a term parameter is a number", k.Path)
			continue
		}
		caseKeys = append(caseKeys, k)
	}
	t.Cleanup(func() { caseKeys = saved })
}

func TestSchemaFromDeclarationsMatchesRawStructs(t *testing.T) {
	withoutParams(t)
	assert.Equal(t, shapes(schemaOf(reflect.TypeOf(rawCase{}), kindTable), "", map[string]nodeKind{}),
		shapes(caseSchema(), "", map[string]nodeKind{}), "case file")
	assert.Equal(t, shapes(schemaOf(reflect.TypeOf(rawScenarioFile{}), kindTable), "", map[string]nodeKind{}),
		shapes(scenariosSchema(), "", map[string]nodeKind{}), "scenarios file")
}

func TestDeclarationsMatchDecoding(t *testing.T) {
	withoutParams(t)
	decoded := leafPaths(schemaOf(reflect.TypeOf(rawCase{}), kindTable), "")
	var declared []string
	seen := map[string]bool{}
	for _, k := range caseKeys {
		assert.False(t, seen[k.Path], "%s declared twice", k.Path)
		seen[k.Path] = true
		declared = append(declared, k.Path)
	}
	sort.Strings(decoded)
	sort.Strings(declared)
	assert.Equal(t, decoded, declared, "every decoded key is declared once, and every declaration is decoded")
}

func TestDeclarationsWellFormed(t *testing.T) {
	for _, k := range caseKeys {
		t.Run(k.Path, func(t *testing.T) {
			assert.NotEmpty(t, k.Field, "field")
			assert.NotEmpty(t, k.Desc, "description")
			assert.NotEmpty(t, k.Section, "section")
			if k.Kind == KindNumber && k.Default != "" {
				assert.True(t, k.Contains(k.defaultNumber()), "default %s outside %s", k.Default, k.Interval())
			}
			if k.Kind == KindChoice {
				require.NotEmpty(t, k.Choices)
				if k.Default != "" {
					assert.Equal(t, fmt.Sprintf("%q", k.Choices[0]), k.Default, "the first choice is the default")
				}
			}
			if k.Kind == KindInteger && k.Ranged() {
				assert.Equal(t, math.Trunc(k.rng.lo), k.rng.lo)
				assert.Equal(t, math.Trunc(k.rng.hi), k.rng.hi)
			}
		})
	}
}

// tomlDoc is a case file built table by table, so a test can set one key.
type tomlDoc struct {
	order []string
	kv    map[string][]string // table -> "key = value" lines
}

// set sets key (a dotted path) to the TOML value v; "" removes it.
func (d *tomlDoc) set(path, v string) {
	k := Key{Path: path}
	table, name := k.Table(), k.Name()
	if _, ok := d.kv[table]; !ok {
		d.order = append(d.order, table)
	}
	lines := d.kv[table][:0:0]
	for _, l := range d.kv[table] {
		if !strings.HasPrefix(l, name+" = ") {
			lines = append(lines, l)
		}
	}
	if v != "" {
		lines = append(lines, name+" = "+v)
	}
	d.kv[table] = lines
}

// arrays are the tables written [[...]].
var testArrays = map[string]bool{"gap": true, "scenario": true, "sites": true, "sites.conversion": true, "sites.contract": true}

// String writes the document; a sub-table follows its parent.
func (d *tomlDoc) String() string {
	var b strings.Builder
	for _, t := range d.order {
		switch {
		case t == "":
		case testArrays[t]:
			fmt.Fprintf(&b, "[[%s]]\n", t)
		default:
			fmt.Fprintf(&b, "[%s]\n", t)
		}
		for _, l := range d.kv[t] {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// baseCase is a minimal valid case, with a horizon unless without.
func baseCase(withHorizon bool) *tomlDoc {
	d := &tomlDoc{kv: map[string][]string{}}
	for _, kv := range [][2]string{
		{"name", `"drift"`},
		{"grid.prices", `"prices.csv"`},
		{"market.hashprice_usd_per_ph_day", "50"}, {"market.ai_lease_usd_per_kw_month", "140"},
		{"finance.discount_rate", "0.08"}, {"finance.life_years", "20"},
		{"sites.id", `"s1"`}, {"sites.region", `"ERCOT"`}, {"sites.node", `"HB_WEST"`}, {"sites.interconnect_mw", "300"},
		{"sites.mining.capacity_it_mw", "100"}, {"sites.mining.efficiency_j_per_th", "20"}, {"sites.mining.pue", "1.05"},
		{"sites.ai.utilization", "0.8"},
		{"sites.conversion.id", `"h1"`}, {"sites.conversion.it_mw", "50"}, {"sites.conversion.cooling", `"liquid"`},
		{"sites.conversion.pue", "1.2"}, {"sites.conversion.capex_usd_per_mw", "1e7"},
	} {
		d.set(kv[0], kv[1])
	}
	if withHorizon {
		d.set("horizon.start_year", "2025")
		d.set("horizon.years", "1")
	}
	return d
}

// keyFixtures are the other keys a declared key needs to be valid
// ("" removes a key of the base case), and values where the generic one
// breaks a cross-key rule.
var keyFixtures = map[string][][2]string{
	"market.hashprice":                                 {{"market.hashprice_usd_per_ph_day", ""}},
	"market.btc_price_usd":                             {{"market.hashprice_usd_per_ph_day", ""}, {"market.network_hashrate_eh_s", "900"}},
	"market.btc_price":                                 {{"market.hashprice_usd_per_ph_day", ""}, {"market.network_hashrate_eh_s", "900"}},
	"market.network_hashrate_eh_s":                     {{"market.hashprice_usd_per_ph_day", ""}, {"market.btc_price_usd", "1e5"}},
	"market.fees_btc_per_block":                        {{"market.hashprice_usd_per_ph_day", ""}, {"market.btc_price_usd", "1e5"}, {"market.network_hashrate_eh_s", "900"}},
	"finance.debt_tenor_years":                         {{"finance.debt_tenor_years", "10"}},
	"sites.time_zone":                                  {{"sites.time_zone", `"America/Denver"`}},
	"finance.interest_only_years":                      {{"finance.interest_only_years", "2"}},
	"finance.debt_sizing":                              {{"finance.debt_share", "0.8"}, {"finance.sizing_dscr", "1.4"}},
	"finance.sizing_dscr":                              {{"finance.debt_share", "0.8"}, {"finance.debt_sizing", `"dscr"`}},
	"finance.exit_multiple":                            {{"finance.terminal_value", `"exit_multiple"`}},
	"finance.terminal_growth":                          {{"finance.terminal_value", `"perpetuity"`}},
	"finance.bonus_depreciation_share":                 {{"finance.depreciation", `"macrs"`}},
	"sites.conversion.macrs_class_years":               {{"finance.depreciation", `"macrs"`}, {"sites.conversion.macrs_class_years", "20"}},
	"sites.conversion.gpu_debt_share":                  {{"sites.conversion.offer", `"gpu_cloud"`}, {"sites.conversion.gpu_revenue_usd_per_year", "1e6"}, {"sites.conversion.gpu_capex_usd", "1e6"}, {"sites.conversion.gpu_term_years", "5"}},
	"sites.conversion.gpu_debt_tenor_years":            {{"sites.conversion.offer", `"gpu_cloud"`}, {"sites.conversion.gpu_revenue_usd_per_year", "1e6"}, {"sites.conversion.gpu_capex_usd", "1e6"}, {"sites.conversion.gpu_term_years", "5"}, {"sites.conversion.gpu_debt_tenor_years", "3"}},
	"sites.conversion.customer_prepayment_share":       {{"sites.conversion.offer", `"gpu_cloud"`}, {"sites.conversion.gpu_revenue_usd_per_year", "1e6"}, {"sites.conversion.gpu_capex_usd", "1e6"}, {"sites.conversion.gpu_term_years", "5"}},
	"sites.ai.existing_it_mw":                          {{"sites.ai.existing_pue", "1.3"}},
	"sites.conversion.displaces_mining_it_mw":          {{"sites.conversion.displaces_mining_it_mw", "50"}},
	"sites.conversion.service_year":                    {{"sites.conversion.service_year", "2025"}},
	"sites.conversion.lease_term_years":                {{"sites.conversion.lease_term_years", "10"}},
	"sites.conversion.lease_up_years":                  {{"sites.conversion.lease_up_years", "5"}},
	"sites.conversion.contract_value_usd":              {{"sites.conversion.service_year", "2025"}, {"sites.conversion.lease_term_years", "10"}, {"sites.conversion.contract_value_usd", "600000000"}},
	"sites.conversion.firm_share":                      {{"sites.conversion.ai_flexibility", `"curtailable"`}},
	"sites.conversion.max_curtailed_share":             {{"sites.conversion.ai_flexibility", `"curtailable"`}},
	"sites.conversion.lease_discount_usd_per_kw_month": {{"sites.conversion.ai_flexibility", `"curtailable"`}, {"sites.conversion.lease_discount_usd_per_kw_month", "10"}},
	"sites.conversion.gpu_revenue_usd_per_year":        {{"sites.conversion.offer", `"gpu_cloud"`}, {"sites.conversion.gpu_capex_usd", "1e6"}, {"sites.conversion.gpu_term_years", "5"}},
	"sites.conversion.gpu_capex_usd":                   {{"sites.conversion.offer", `"gpu_cloud"`}, {"sites.conversion.gpu_revenue_usd_per_year", "1e6"}, {"sites.conversion.gpu_term_years", "5"}},
	"sites.conversion.gpu_term_years":                  {{"sites.conversion.offer", `"gpu_cloud"`}, {"sites.conversion.gpu_revenue_usd_per_year", "1e6"}, {"sites.conversion.gpu_capex_usd", "1e6"}},
	"sites.conversion.offer":                           {{"sites.conversion.gpu_revenue_usd_per_year", "1e6"}, {"sites.conversion.gpu_capex_usd", "1e6"}, {"sites.conversion.gpu_term_years", "5"}},
	"grid.coincident_peak.intervals":                   {{"grid.coincident_peak.rate_usd_per_mw_year", "1e5"}},
	"grid.coincident_peak.system_load":                 {{"grid.coincident_peak.rate_usd_per_mw_year", "1e5"}},
	"grid.coincident_peak.months":                      {{"grid.coincident_peak.rate_usd_per_mw_year", "1e5"}, {"grid.coincident_peak.system_load", `"load.csv"`}},
	"grid.coincident_peak.rate_usd_per_mw_year":        {{"grid.coincident_peak.system_load", `"load.csv"`}},
	"grid.stress_hours.hours":                          {{"grid.stress_hours.system_load", `"load.csv"`}},
	"gap.id":                                           {{"gap.source", `"study"`}, {"gap.gap_gw", "10"}},
	"gap.source":                                       {{"gap.id", `"g1"`}, {"gap.gap_gw", "10"}},
	"gap.gap_gw":                                       {{"gap.id", `"g1"`}, {"gap.source", `"study"`}},
	"sites.contract.id":                                {{"sites.contract.mw", "10"}, {"sites.contract.price_usd_per_mwh", "40"}, {"sites.contract.start", `"2025-01-01"`}, {"sites.contract.end", `"2026-01-01"`}},
	"sites.contract.mw":                                {{"sites.contract.id", `"k1"`}, {"sites.contract.price_usd_per_mwh", "40"}, {"sites.contract.start", `"2025-01-01"`}, {"sites.contract.end", `"2026-01-01"`}},
	"sites.contract.price_usd_per_mwh":                 {{"sites.contract.id", `"k1"`}, {"sites.contract.mw", "10"}, {"sites.contract.start", `"2025-01-01"`}, {"sites.contract.end", `"2026-01-01"`}},
	"sites.contract.start":                             {{"sites.contract.id", `"k1"`}, {"sites.contract.mw", "10"}, {"sites.contract.price_usd_per_mwh", "40"}, {"sites.contract.end", `"2026-01-01"`}},
	"sites.contract.end":                               {{"sites.contract.id", `"k1"`}, {"sites.contract.mw", "10"}, {"sites.contract.price_usd_per_mwh", "40"}, {"sites.contract.start", `"2024-01-01"`}},
}

// sampleValue is a valid TOML value for k that differs from its default.
func sampleValue(k Key) string {
	switch k.Kind {
	case KindNumber, KindInteger:
		lo, hi := k.rng.lo, k.rng.hi
		if !k.rng.hasHi {
			hi = lo + 4
		}
		v := lo + (hi-lo)/4
		if k.Kind == KindInteger {
			v = math.Round(v)
		}
		return formatNumber(v)
	case KindString:
		return `"some.csv"`
	case KindID:
		return `"x-1"`
	case KindChoice:
		return fmt.Sprintf("%q", k.Choices[len(k.Choices)-1])
	case KindBool:
		return "false"
	case KindDate:
		return `"2025-06-01"`
	case KindTimestamp:
		return `"2025-07-01T00:00:00Z"`
	}
	return map[string]string{
		"grid.coincident_peak.intervals": `["2025-07-01T16:00:00Z"]`,
		"grid.coincident_peak.months":    "[7]",
		"grid.stress_hours.intervals":    `["2025-07-01T16:00:00Z"]`,
		"market.halvings":                `["2028-04-15"]`,
	}[k.Path]
}

// landed is the Go field a declared key fills, in the decoded case (or
// the first scenario).
func landed(t *testing.T, c *Case, sc []Scenario, field string) reflect.Value {
	parts := strings.Split(field, ".")
	roots := map[string]func() any{
		"Case": func() any { return c }, "Horizon": func() any { return c.Horizon },
		"GridSpec": func() any { return &c.Grid }, "CoincidentPeakSpec": func() any { return c.Grid.CoincidentPeak },
		"StressSpec": func() any { return c.Grid.StressHours }, "MarketSpec": func() any { return &c.Market },
		"Finance": func() any { return &c.Finance }, "ImpactSpec": func() any { return &c.Impact },
		"GapReference": func() any { return &c.Gap[0] }, "Risk": func() any { return &c.Risk },
		"Scenario": func() any { return &sc[0] }, "Site": func() any { return &c.Sites[0] },
		"Hall": func() any { return &c.Sites[0].Halls[0] }, "Contract": func() any { return &c.Sites[0].Contracts[0] },
	}
	root, ok := roots[parts[0]]
	require.True(t, ok, "unknown root of %s", field)
	v := reflect.ValueOf(root())
	for _, p := range parts[1:] {
		if name, ok := strings.CutPrefix(p, "Params["); ok {
			params := reflect.Indirect(v).FieldByName("Params").Interface().(Params)
			x, given := params[strings.TrimSuffix(name, "]")]
			require.True(t, given, "%s not stored", field)
			return reflect.ValueOf(x)
		}
		v = reflect.Indirect(v).FieldByName(p)
		require.True(t, v.IsValid(), "no field %s in %s", p, field)
	}
	return v
}

func TestDeclaredKeysDecode(t *testing.T) {
	for _, k := range caseKeys {
		t.Run(k.Path, func(t *testing.T) {
			d := baseCase(k.Path != "grid.start" && k.Path != "grid.hours")
			value := sampleValue(k)
			for _, kv := range keyFixtures[k.Path] {
				if kv[0] == k.Path {
					value = kv[1]
				}
				d.set(kv[0], kv[1])
			}
			d.set(k.Path, value)
			var c *Case
			var scenarios []Scenario
			var err error
			if strings.HasPrefix(k.Path, "scenario.") {
				doc := &tomlDoc{kv: map[string][]string{}}
				doc.set("scenario.id", `"s"`)
				doc.set(k.Path, value)
				scenarios, err = DecodeScenarios([]byte(doc.String()), "scenarios.toml")
			} else {
				c, err = Decode([]byte(d.String()), "case.toml")
			}
			require.NoError(t, err, "document:\n%s", d)
			got := landed(t, c, scenarios, k.Field)
			switch {
			case k.Kind == KindBool:
				assert.Equal(t, value, fmt.Sprint(got.Bool()))
			default:
				assert.False(t, got.IsZero(), "%s left %s zero", k.Path, k.Field)
			}
			if (k.Kind == KindNumber || k.Kind == KindInteger) && value != "" {
				assert.Equal(t, value, formatNumber(reflect.Indirect(got).Convert(reflect.TypeOf(0.0)).Float()))
			}
		})
	}
}
