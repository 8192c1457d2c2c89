package sites

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// wantIssue is one expected issue: exact location and fragments of the message.
type wantIssue struct {
	line              int
	site, hall, field string
	msg               []string // substrings of Issue.Error()
}

// badCase is a case file that must fail to decode.
type badCase struct {
	name  string
	edits map[int]string // applied to baseLines (ignored when text is set)
	extra []string       // lines appended after baseLines
	text  string         // the whole file, when not derived from baseLines
	want  []wantIssue    // in file order
}

// checkIssues decodes tc and compares the issues with tc.want.
func checkIssues(t *testing.T, tc badCase) {
	t.Helper()
	text := tc.text
	if text == "" {
		text = caseText(tc.edits, tc.extra...)
	}
	c, err := Decode([]byte(text), "case.toml")
	require.Nil(t, c)
	require.Error(t, err)
	var issues Issues
	require.ErrorAs(t, err, &issues)
	all := err.Error()
	require.Len(t, issues, len(tc.want), all)
	for i, w := range tc.want {
		got := issues[i]
		msg := got.Error()
		require.Equal(t, "case.toml", got.File, msg)
		require.Equal(t, w.line, got.Line, msg)
		require.Equal(t, w.site, got.Site, msg)
		require.Equal(t, w.hall, got.Hall, msg)
		require.Equal(t, w.field, got.Field, msg)
		require.True(t, strings.HasPrefix(msg, fmt.Sprintf("case.toml:%d: ", w.line)), msg)
		if w.site != "" {
			require.Contains(t, msg, "site "+quoteLabel(w.site))
		}
		if w.hall != "" {
			require.Contains(t, msg, "hall "+quoteLabel(w.hall))
		}
		for _, m := range w.msg {
			require.Contains(t, msg, m)
		}
		for _, leak := range []string{"int64", "float64", "map[string]", "toml: ", "rawSite", "sites.raw"} {
			require.NotContains(t, msg, leak)
		}
		require.Contains(t, all, msg)
	}
}

func TestDecodeUnknownKeys(t *testing.T) {
	for _, tc := range []badCase{
		{name: "top level", edits: map[int]string{1: `colour = "red"`},
			want: []wantIssue{{1, "", "", "colour", []string{`unknown key "colour"`}}}},
		{name: "misspelled top level", edits: map[int]string{1: `nmae = "demo"`},
			want: []wantIssue{{1, "", "", "nmae", []string{`unknown key "nmae" (did you mean name?)`}}}},
		{name: "key outside its table", edits: map[int]string{1: `prices = "p.csv"`},
			want: []wantIssue{{1, "", "", "prices", []string{"did you mean grid.prices?"}}}},
		{name: "misspelled market key", edits: map[int]string{7: `ai_demand_cap_itmw = 500`},
			want: []wantIssue{{7, "", "", "market.ai_demand_cap_itmw",
				[]string{`unknown key "market.ai_demand_cap_itmw" (did you mean ai_demand_cap_it_mw?)`}}}},
		{name: "in a site", edits: map[int]string{16: `owner = "me"`},
			want: []wantIssue{{16, "rockdale", "", "owner", []string{`unknown key "sites.owner"`}}}},
		{name: "site key that belongs to mining", edits: map[int]string{16: `pue = 1.1`},
			want: []wantIssue{{16, "rockdale", "", "pue", []string{"did you mean mining.pue?"}}}},
		{name: "misspelled mining key", edits: map[int]string{19: `effciency_j_per_th = 21.0`},
			want: []wantIssue{
				{17, "rockdale", "", "mining.efficiency_j_per_th",
					[]string{`missing required key "mining.efficiency_j_per_th"`, "greater than 5 and at most 200"}},
				{19, "rockdale", "", "mining.effciency_j_per_th",
					[]string{`unknown key "sites.mining.effciency_j_per_th" (did you mean efficiency_j_per_th?)`}},
			}},
		{name: "misspelled table", edits: map[int]string{21: `[sites.minning]`},
			want: []wantIssue{{21, "rockdale", "", "minning",
				[]string{`unknown key "sites.minning" (did you mean mining?)`}}}},
		{name: "in a hall", edits: map[int]string{32: `colour = "blue"`},
			want: []wantIssue{{32, "rockdale", "hall-a", "colour", []string{`unknown key "sites.conversion.colour"`}}}},
		{name: "wrong case in a hall", edits: map[int]string{32: `PUE = 1.2`},
			want: []wantIssue{{32, "rockdale", "hall-a", "PUE", []string{"did you mean pue?"}}}},
		{name: "wrong case table", edits: map[int]string{2: `[Grid]`},
			want: []wantIssue{{2, "", "", "Grid", []string{`unknown key "Grid" (did you mean grid?)`}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIssues(t, tc) })
	}
}

func TestDecodeMissingKeys(t *testing.T) {
	for _, tc := range []badCase{
		{name: "grid.prices", edits: map[int]string{3: "#"},
			want: []wantIssue{{2, "", "", "grid.prices", []string{`missing required key "grid.prices"`}}}},
		{name: "grid table", edits: map[int]string{2: "#", 3: "#"},
			want: []wantIssue{{1, "", "", "grid.prices", []string{`missing required key "grid.prices"`}}}},
		{name: "market lease", edits: map[int]string{6: "#"},
			want: []wantIssue{{4, "", "", "market.ai_lease_usd_per_kw_month",
				[]string{`missing required key "market.ai_lease_usd_per_kw_month"`, "greater than 0"}}}},
		{name: "discount rate", edits: map[int]string{9: "#"},
			want: []wantIssue{{8, "", "", "finance.discount_rate", []string{"at least 0 and less than 1"}}}},
		{name: "site id", edits: map[int]string{12: "#"},
			want: []wantIssue{{11, "#1", "", "id", []string{`site #1: missing required key "id"`}}}},
		{name: "site node", edits: map[int]string{14: "#"},
			want: []wantIssue{{11, "rockdale", "", "node", []string{`missing required key "node"`}}}},
		{name: "mining capacity", edits: map[int]string{18: "#"},
			want: []wantIssue{{17, "rockdale", "", "mining.capacity_it_mw",
				[]string{`missing required key "mining.capacity_it_mw"`, "between 0 and 1000000"}}}},
		{name: "mining table", edits: map[int]string{17: "#", 18: "#", 19: "#", 20: "#"},
			want: []wantIssue{
				{11, "rockdale", "", "mining.capacity_it_mw", []string{"missing required key"}},
				{11, "rockdale", "", "mining.efficiency_j_per_th", []string{"missing required key"}},
				{11, "rockdale", "", "mining.pue", []string{"missing required key", "between 1 and 3"}},
			}},
		{name: "hall pue", edits: map[int]string{30: "#"},
			want: []wantIssue{{25, "rockdale", "hall-a", "pue",
				[]string{`missing required key "pue": expected a number between 1 and 3`}}}},
		{name: "hall cooling", edits: map[int]string{28: "#"},
			want: []wantIssue{{25, "rockdale", "hall-a", "cooling", []string{`"air" or "liquid"`}}}},
		{name: "existing pue with existing AI", edits: map[int]string{24: "existing_it_mw = 50"},
			want: []wantIssue{{22, "rockdale", "", "ai.existing_pue",
				[]string{`missing required key "ai.existing_pue"`, "existing_it_mw is above 0"}}}},
		{name: "no sites", text: strings.Join(baseLines()[:10], "\n"),
			want: []wantIssue{{1, "", "", "sites", []string{"no sites", "[[sites]]"}}}},
		{name: "empty sites array", text: "# no sites yet\nsites = []\n" + strings.Join(baseLines()[1:10], "\n"),
			want: []wantIssue{{2, "", "", "sites", []string{"no sites"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIssues(t, tc) })
	}
}

func TestDecodeOutOfRange(t *testing.T) {
	for _, tc := range []badCase{
		{name: "zero interconnect", edits: map[int]string{15: "interconnect_mw = 0"},
			want: []wantIssue{{15, "rockdale", "", "interconnect_mw", []string{"interconnect_mw = 0: must be greater than 0"}}}},
		{name: "negative interconnect", edits: map[int]string{15: "interconnect_mw = -5"},
			want: []wantIssue{{15, "rockdale", "", "interconnect_mw", []string{"interconnect_mw = -5: must be greater than 0"}}}},
		{name: "negative capacity", edits: map[int]string{18: "capacity_it_mw = -1"},
			want: []wantIssue{{18, "rockdale", "", "mining.capacity_it_mw", []string{"mining.capacity_it_mw = -1: must be between 0 and 1000000"}}}},
		{name: "zero hall size", edits: map[int]string{27: "it_mw = 0"},
			want: []wantIssue{{27, "rockdale", "hall-a", "it_mw", []string{"it_mw = 0: must be greater than 0"}}}},
		{name: "mining pue below 1", edits: map[int]string{20: "pue = 0.9"},
			want: []wantIssue{{20, "rockdale", "", "mining.pue",
				[]string{"mining.pue = 0.9: must be between 1 and 3 (PUE is meter power / IT power)"}}}},
		{name: "hall pue above 3", edits: map[int]string{30: "pue = 3.5"},
			want: []wantIssue{{30, "rockdale", "hall-a", "pue", []string{"pue = 3.5: must be between 1 and 3"}}}},
		{name: "utilization above 1", edits: map[int]string{23: "utilization = 1.2"},
			want: []wantIssue{{23, "rockdale", "", "ai.utilization", []string{"ai.utilization = 1.2: must be between 0 and 1"}}}},
		{name: "utilization below 0", edits: map[int]string{23: "utilization = -0.1"},
			want: []wantIssue{{23, "rockdale", "", "ai.utilization", []string{"ai.utilization = -0.1: must be between 0 and 1"}}}},
		{name: "efficiency at open bound", edits: map[int]string{19: "efficiency_j_per_th = 5"},
			want: []wantIssue{{19, "rockdale", "", "mining.efficiency_j_per_th", []string{"must be greater than 5 and at most 200"}}}},
		{name: "discount rate of 1", edits: map[int]string{9: "discount_rate = 1"},
			want: []wantIssue{{9, "", "", "finance.discount_rate", []string{"finance.discount_rate = 1: must be at least 0 and less than 1"}}}},
		{name: "life of 0 years", edits: map[int]string{10: "life_years = 0"},
			want: []wantIssue{{10, "", "", "finance.life_years", []string{"whole number of years between 1 and 100"}}}},
		{name: "fractional life", edits: map[int]string{10: "life_years = 15.5"},
			want: []wantIssue{{10, "", "", "finance.life_years", []string{"life_years = 15.5: must be a whole number"}}}},
		{name: "zero constant hashprice", edits: map[int]string{5: "hashprice_usd_per_ph_day = 0"},
			want: []wantIssue{{5, "", "", "market.hashprice_usd_per_ph_day", []string{"must be greater than 0"}}}},
		{name: "negative demand cap", edits: map[int]string{7: "ai_demand_cap_it_mw = -1"},
			want: []wantIssue{{7, "", "", "market.ai_demand_cap_it_mw", []string{"must be between 0 and 10000000"}}}},
		{name: "bad halving date", edits: map[int]string{7: `halving_2028 = "2028-13-01"`},
			want: []wantIssue{{7, "", "", "market.halving_2028", []string{`halving_2028 = "2028-13-01": must be a date written YYYY-MM-DD`}}}},
		{name: "unknown cooling", edits: map[int]string{28: `cooling = "water"`},
			want: []wantIssue{{28, "rockdale", "hall-a", "cooling", []string{`cooling = "water": must be "air" or "liquid"`}}}},
		{name: "air above 40 kW per rack", edits: map[int]string{28: `cooling = "air"`},
			want: []wantIssue{{29, "rockdale", "hall-a", "rack_kw", []string{
				`rack_kw = 120 with cooling = "air": air cooling is limited to 40 kW per rack; use cooling = "liquid"`}}}},
		{name: "negative rack density", edits: map[int]string{29: "rack_kw = -1"},
			want: []wantIssue{{29, "rockdale", "hall-a", "rack_kw", []string{"rack_kw = -1: must be between 0 and 1000"}}}},
		{name: "displaces more than the fleet", edits: map[int]string{32: "displaces_mining_it_mw = 700"},
			want: []wantIssue{{32, "rockdale", "hall-a", "displaces_mining_it_mw",
				[]string{"displaces_mining_it_mw = 700: must be at most the site's mining capacity_it_mw = 650"}}}},
		{name: "zero hall lease", edits: map[int]string{32: "lease_usd_per_kw_month = 0"},
			want: []wantIssue{{32, "rockdale", "hall-a", "lease_usd_per_kw_month", []string{"must be greater than 0"}}}},
		{name: "site id with a space", edits: map[int]string{12: `id = "rock dale"`},
			want: []wantIssue{{12, "#1", "", "id", []string{`id = "rock dale": must use only letters, digits`}}}},
		{name: "empty hall id", edits: map[int]string{26: `id = ""`},
			want: []wantIssue{{26, "rockdale", "#1", "id", []string{`id = "": must not be empty`}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIssues(t, tc) })
	}
}

func TestDecodeDuplicates(t *testing.T) {
	for _, tc := range []badCase{
		{name: "site ids",
			extra: []string{
				/* 33 */ `[[sites]]`,
				/* 34 */ `id = "rockdale"`,
				/* 35 */ `region = "ERCOT"`,
				/* 36 */ `node = "HB_WEST"`,
				/* 37 */ `interconnect_mw = 100`,
				/* 38 */ `mining = { capacity_it_mw = 10, efficiency_j_per_th = 20, pue = 1.1 }`,
			},
			want: []wantIssue{{34, "rockdale", "", "id", []string{`duplicate site id "rockdale" (first defined on line 12)`}}}},
		{name: "hall ids",
			extra: []string{
				/* 33 */ `[[sites.conversion]]`,
				/* 34 */ `id = "hall-a"`,
				/* 35 */ `it_mw = 50`,
				/* 36 */ `cooling = "air"`,
				/* 37 */ `pue = 1.3`,
				/* 38 */ `capex_usd_per_mw = 9e6`,
			},
			want: []wantIssue{{34, "rockdale", "hall-a", "id",
				[]string{`duplicate hall id "hall-a" in site "rockdale" (first defined on line 26)`}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIssues(t, tc) })
	}
}

func TestDecodeHashpriceSource(t *testing.T) {
	for _, tc := range []badCase{
		{name: "none", edits: map[int]string{5: "#"},
			want: []wantIssue{{4, "", "", "market", []string{"no hashprice source: set exactly one of hashprice_usd_per_ph_day",
				"hashprice (CSV series)", "btc_price_usd with network_hashrate_eh_s"}}}},
		{name: "constant and series", edits: map[int]string{7: `hashprice = "hashprice.csv"`},
			want: []wantIssue{{7, "", "", "market.hashprice",
				[]string{"several hashprice sources: hashprice_usd_per_ph_day and hashprice; set exactly one"}}}},
		{name: "series and constant", edits: map[int]string{1: `#`, 5: `hashprice = "h.csv"`, 7: `hashprice_usd_per_ph_day = 40`},
			want: []wantIssue{{7, "", "", "market.hashprice_usd_per_ph_day",
				[]string{"several hashprice sources: hashprice_usd_per_ph_day and hashprice"}}}},
		{name: "constant and fundamentals", edits: map[int]string{7: "btc_price_usd = 90000"},
			want: []wantIssue{{7, "", "", "market.btc_price_usd",
				[]string{"several hashprice sources: hashprice_usd_per_ph_day and fundamentals (btc_price_usd)"}}}},
		{name: "fundamentals without hashrate", edits: map[int]string{5: "btc_price_usd = 90000"},
			want: []wantIssue{{4, "", "", "market.network_hashrate_eh_s",
				[]string{`missing required key "market.network_hashrate_eh_s"`, "fundamentals need a BTC price"}}}},
		{name: "fees alone", edits: map[int]string{5: "fees_btc_per_block = 0.02"},
			want: []wantIssue{
				{4, "", "", "market.btc_price_usd", []string{"fundamentals need a BTC price"}},
				{4, "", "", "market.network_hashrate_eh_s", []string{"fundamentals need a BTC price"}},
			}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIssues(t, tc) })
	}
}

func TestDecodeWrongTypes(t *testing.T) {
	for _, tc := range []badCase{
		{name: "string for a number", edits: map[int]string{15: `interconnect_mw = "700"`},
			want: []wantIssue{{15, "rockdale", "", "interconnect_mw",
				[]string{`interconnect_mw = "700": must be a number greater than 0`, "not a string"}}}},
		{name: "number for a string", edits: map[int]string{13: `region = 5`},
			want: []wantIssue{{13, "rockdale", "", "region", []string{`region = 5: must be a string such as "ERCOT", not an integer`}}}},
		{name: "string for a boolean", edits: map[int]string{24: `power_pass_through = "yes"`},
			want: []wantIssue{{24, "rockdale", "", "ai.power_pass_through",
				[]string{`ai.power_pass_through = "yes": must be true or false, not a string`}}}},
		{name: "array for a number", edits: map[int]string{30: `pue = [1.1, 1.2]`},
			want: []wantIssue{{30, "rockdale", "hall-a", "pue", []string{"pue = [1.1, 1.2]: must be a number", "not an array"}}}},
		{name: "table for a number", edits: map[int]string{32: `displaces_mining_it_mw = { min = 1 }`},
			want: []wantIssue{{32, "rockdale", "hall-a", "displaces_mining_it_mw", []string{"must be a number", "not a table"}}}},
		{name: "date for a path", edits: map[int]string{3: `prices = 2024-01-01`},
			want: []wantIssue{{3, "", "", "grid.prices", []string{"grid.prices = 2024-01-01: must be a string", "not a date/time"}}}},
		{name: "string for years", edits: map[int]string{10: `life_years = "15"`},
			want: []wantIssue{{10, "", "", "finance.life_years", []string{`finance.life_years = "15": must be a whole number`, "not a string"}}}},
		{name: "nan", edits: map[int]string{20: "pue = nan"},
			want: []wantIssue{{20, "rockdale", "", "mining.pue", []string{"mining.pue = nan: must be a finite number between 1 and 3"}}}},
		{name: "inf", edits: map[int]string{27: "it_mw = inf"},
			want: []wantIssue{{27, "rockdale", "hall-a", "it_mw", []string{"it_mw = inf: must be a finite number greater than 0"}}}},
		{name: "negative inf", edits: map[int]string{31: "capex_usd_per_mw = -inf"},
			want: []wantIssue{{31, "rockdale", "hall-a", "capex_usd_per_mw", []string{"capex_usd_per_mw = -inf: must be a finite number"}}}},
		{name: "signed nan", edits: map[int]string{5: "hashprice_usd_per_ph_day = +nan"},
			want: []wantIssue{{5, "", "", "market.hashprice_usd_per_ph_day", []string{"= +nan: must be a finite number"}}}},
		{name: "nan years", edits: map[int]string{10: "life_years = nan"},
			want: []wantIssue{{10, "", "", "finance.life_years", []string{"life_years = nan: must be a whole number"}}}},
		{name: "sites as a single table", edits: map[int]string{11: `[sites]`},
			want: []wantIssue{{11, "", "", "sites", []string{"sites must be an array of tables, written [[sites]], not a single table"}}}},
		{name: "mining as a string", edits: map[int]string{16: `mining = "s21"`, 17: "#", 18: "#", 19: "#", 20: "#"},
			want: []wantIssue{{16, "rockdale", "", "mining", []string{"sites.mining must be a table, written [sites.mining], not a string"}}}},
		{name: "conversion as a single table", edits: map[int]string{25: `[sites.conversion]`},
			want: []wantIssue{{25, "rockdale", "", "conversion", []string{"sites.conversion must be an array of tables, written [[sites.conversion]]"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIssues(t, tc) })
	}
}

func TestDecodeNotTOML(t *testing.T) {
	for _, tc := range []badCase{
		{name: "csv", text: "timestamp,HB_WEST\n2024-01-01T00:00:00Z,23.5\n",
			want: []wantIssue{{1, "", "", "", []string{"not valid TOML"}}}},
		{name: "binary", text: "\x00\xff\xfe\x01\x02garbage\x00",
			want: []wantIssue{{1, "", "", "", []string{"not valid TOML"}}}},
		{name: "json", text: `{"grid": {"prices": "p.csv"}}`,
			want: []wantIssue{{1, "", "", "", []string{"not valid TOML"}}}},
		{name: "prose on line 3", text: "# notes\n\nthis is not a case file\n",
			want: []wantIssue{{3, "", "", "", []string{"not valid TOML"}}}},
		{name: "syntax error later on", edits: map[int]string{27: "it_mw = = 100"},
			want: []wantIssue{{27, "", "", "", []string{"not valid TOML"}}}},
		{name: "unterminated string", edits: map[int]string{13: `region = "ERCOT`},
			want: []wantIssue{{13, "", "", "", []string{"not valid TOML"}}}},
		{name: "key defined twice", edits: map[int]string{16: `id = "again"`},
			want: []wantIssue{{16, "", "", "", []string{"not valid TOML"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIssues(t, tc) })
	}
}

func TestDecodeReportsAllIssuesInFileOrder(t *testing.T) {
	checkIssues(t, badCase{
		edits: map[int]string{
			28: `cooling = "water"`,
			1:  `nmae = "x"`,
			23: "utilization = 2",
			15: "interconnect_mw = 0",
			10: "life_years = 0",
		},
		want: []wantIssue{
			{1, "", "", "nmae", []string{"unknown key"}},
			{10, "", "", "finance.life_years", []string{"between 1 and 100"}},
			{15, "rockdale", "", "interconnect_mw", []string{"greater than 0"}},
			{23, "rockdale", "", "ai.utilization", []string{"between 0 and 1"}},
			{28, "rockdale", "hall-a", "cooling", []string{`must be "air" or "liquid"`}},
		},
	})
}

func TestDecodeInlineAndDottedTables(t *testing.T) {
	checkIssues(t, badCase{
		extra: []string{
			/* 33 */ `[[sites]]`,
			/* 34 */ `id = "inline"`,
			/* 35 */ `region = "ERCOT"`,
			/* 36 */ `node = "HB_WEST"`,
			/* 37 */ `interconnect_mw = 100`,
			/* 38 */ `mining = { capacity_it_mw = 10, efficiency_j_per_th = 20, pue = 0.5 }`,
			/* 39 */ `ai.utilization = 7`,
			/* 40 */ `conversion = [`,
			/* 41 */ `  { id = "h1", it_mw = 5, cooling = "liquid", pue = 1.1, capex_usd_per_mw = 1 },`,
			/* 42 */ `  { id = "h2", it_mw = -5, cooling = "liquid", pue = 1.1, capex_usd_per_mw = 1, spin = 1 },`,
			/* 43 */ `]`,
		},
		want: []wantIssue{
			{38, "inline", "", "mining.pue", []string{"mining.pue = 0.5: must be between 1 and 3"}},
			{39, "inline", "", "ai.utilization", []string{"ai.utilization = 7: must be between 0 and 1"}},
			{42, "inline", "h2", "spin", []string{`unknown key "sites.conversion.spin"`}},
			{42, "inline", "h2", "it_mw", []string{"it_mw = -5: must be greater than 0"}},
		},
	})
}
