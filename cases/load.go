// Package cases loads a case — the TOML file and the CSV series it names —
// into optimize.Inputs, and carries the bundled cases, one of which is
// embedded as the default.
package cases

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gridflip/gridflip/grid"
	"github.com/gridflip/gridflip/market"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/sites"
)

// DefaultCase is the name of the embedded default case.
const DefaultCase = "default"

// bundled holds the cases shipped in the binary.
//
//go:embed default small
var bundled embed.FS

// HashpriceColumn is the column read from a hashprice CSV that has more than
// one value column.
const HashpriceColumn = "hashprice_usd_per_ph_day"

// opener opens a file named relative to the case file and returns the name
// to use in messages.
type opener func(rel string) (io.ReadCloser, string, error)

// Load reads the case file at path (a TOML file on disk) and the CSV files
// it names, relative to its directory.
func Load(casePath string) (*optimize.Inputs, error) {
	data, err := os.ReadFile(casePath)
	if err != nil {
		return nil, fmt.Errorf("case file: %w", err)
	}
	dir := filepath.Dir(casePath)
	open := func(rel string) (io.ReadCloser, string, error) {
		name := rel
		if !filepath.IsAbs(rel) {
			name = filepath.Join(dir, filepath.FromSlash(rel))
		}
		f, err := os.Open(name)
		return f, name, err
	}
	return load(data, casePath, open)
}

// LoadBundled loads a bundled case by name (see Bundled), e.g. "default".
func LoadBundled(name string) (*optimize.Inputs, error) {
	casePath := path.Join(name, "case.toml")
	data, err := fs.ReadFile(bundled, casePath)
	if err != nil {
		return nil, fmt.Errorf("no bundled case %q (have: %s)", name, strings.Join(Bundled(), ", "))
	}
	open := func(rel string) (io.ReadCloser, string, error) {
		name := path.Join(path.Dir(casePath), rel)
		f, err := bundled.Open(name)
		return f, "(embedded) " + name, err
	}
	return load(data, "(embedded) "+casePath, open)
}

// Bundled lists the names of the bundled cases.
func Bundled() []string {
	entries, _ := fs.ReadDir(bundled, ".")
	var out []string
	for _, e := range entries {
		if _, err := fs.Stat(bundled, path.Join(e.Name(), "case.toml")); err == nil {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// BundledFile returns the bytes of a file of a bundled case, e.g. the TOML.
func BundledFile(name, file string) ([]byte, error) {
	return fs.ReadFile(bundled, path.Join(name, file))
}

// load decodes and validates the case, reads its series and aligns them to
// the model hours. Every error names the file (and line, site, field where
// there is one).
func load(data []byte, display string, open opener) (*optimize.Inputs, error) {
	c, err := sites.Decode(data, display)
	if err != nil {
		return nil, err
	}
	prices, err := readSeries(open, c.Grid.Prices, true, func(msg string) error {
		return sites.Issues{c.KeyIssue("grid.prices", "%s", msg)}
	})
	if err != nil {
		return nil, err
	}
	in := &optimize.Inputs{Case: c, Hours: prices.Times}

	var problems sites.Issues
	for s := range c.Sites {
		col, ok := prices.Column(c.Sites[s].Node)
		if !ok {
			problems = append(problems, c.SiteIssue(s, "node",
				"node %q is not a column of %s (columns: %s)", c.Sites[s].Node, prices.File, strings.Join(prices.Columns, ", ")))
			continue
		}
		in.SitePriceUSDPerMWh = append(in.SitePriceUSDPerMWh, col)
	}
	if len(problems) > 0 {
		return nil, problems
	}

	hp, err := hashprice(c, open, prices.Times)
	if err != nil {
		return nil, err
	}
	in.HashpriceUSDPerPHDay = hp
	if err := in.Check(); err != nil {
		return nil, err
	}
	return in, nil
}

// readSeries opens rel and reads it as an hourly (or any-step) series.
func readSeries(open opener, rel string, hourly bool, missing func(string) error) (*grid.Series, error) {
	f, name, err := open(rel)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, missing(fmt.Sprintf("cannot read %s: file does not exist", name))
		}
		return nil, missing(fmt.Sprintf("cannot read %s: %v", name, err))
	}
	defer f.Close()
	raw, err := io.ReadAll(f)
	if err != nil {
		return nil, missing(fmt.Sprintf("cannot read %s: %v", name, err))
	}
	if hourly {
		return grid.ReadHourly(bytes.NewReader(raw), name)
	}
	return grid.ReadSeries(bytes.NewReader(raw), name)
}

// hashprice turns the case's hashprice source into one value per model hour.
func hashprice(c *sites.Case, open opener, hours []time.Time) ([]float64, error) {
	m := c.Market
	switch {
	case m.HashpriceUSDPerPHDay != nil:
		return market.ConstantHourly(*m.HashpriceUSDPerPHDay, len(hours)), nil
	case m.Hashprice != "":
		s, err := readSeries(open, m.Hashprice, false, func(msg string) error {
			return sites.Issues{c.KeyIssue("market.hashprice", "%s", msg)}
		})
		if err != nil {
			return nil, err
		}
		values, ok := s.Column(HashpriceColumn)
		if !ok {
			if len(s.Columns) != 1 {
				return nil, sites.Issues{c.KeyIssue("market.hashprice",
					"%s has %d value columns (%s); name one %q or keep only one", s.File, len(s.Columns), strings.Join(s.Columns, ", "), HashpriceColumn)}
			}
			values = s.Values[0]
		}
		for t, v := range values {
			if v < 0 {
				return nil, fmt.Errorf("%s: hashprice at %s is %v, want >= 0", s.File, s.Times[t].Format(time.RFC3339), v)
			}
		}
		return market.AlignToHours(s.File, s.Times, s.Step, values, hours)
	default:
		f := market.Fundamentals{
			BTCPriceUSD:        *m.BTCPriceUSD,
			NetworkHashrateEHs: *m.NetworkHashrateEHs,
			Halving2028:        market.DefaultHalving2028(),
		}
		if m.FeesBTCPerBlock != nil {
			f.FeesBTCPerBlock = *m.FeesBTCPerBlock
		}
		if m.Halving2028 != "" {
			d, err := time.Parse("2006-01-02", m.Halving2028)
			if err != nil {
				return nil, sites.Issues{c.KeyIssue("market.halving_2028", "halving_2028 = %q: want a date YYYY-MM-DD", m.Halving2028)}
			}
			f.Halving2028 = d
		}
		if err := f.Validate(); err != nil {
			return nil, sites.Issues{c.KeyIssue("market.btc_price_usd", "%v", err)}
		}
		return market.FundamentalsHourly(f, hours), nil
	}
}
