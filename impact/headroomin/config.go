package headroomin

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // zones resolve on machines without a zoneinfo database

	"github.com/BurntSushi/toml"

	"github.com/gridflip/gridflip/grid/localtime"
	"github.com/gridflip/gridflip/impact"
	"github.com/gridflip/gridflip/internal/input"
)

// AreaConfig is what a settings file says about one area; a field it
// leaves out is nil.
type AreaConfig struct {
	TimeZone         *time.Location
	SummerPeakMonths []time.Month
	WinterPeakMonths []time.Month
}

// Apply returns base with the fields the file gives replaced.
func (c AreaConfig) Apply(base impact.AreaSettings) impact.AreaSettings {
	if c.TimeZone != nil {
		base.TimeZone = c.TimeZone
	}
	if c.SummerPeakMonths != nil {
		base.SummerPeakMonths = c.SummerPeakMonths
	}
	if c.WinterPeakMonths != nil {
		base.WinterPeakMonths = c.WinterPeakMonths
	}
	return base
}

// rawConfig is the settings file as TOML.
type rawConfig struct {
	Area map[string]rawArea `toml:"area"`
}

type rawArea struct {
	TimeZone *string `toml:"time_zone"`
	Summer   []int   `toml:"summer_peak_months"`
	Winter   []int   `toml:"winter_peak_months"`
}

// maxConfigBytes bounds a settings file: a few lines per area.
const maxConfigBytes = 1 << 20

// ReadConfig reads a settings file with o:
//
//	[area.CISO]
//	time_zone = "America/Los_Angeles"
//	summer_peak_months = [6, 7, 8, 9]
//	winter_peak_months = [11, 12, 1, 2]
//
// Errors name the file and line.
func ReadConfig(o *input.Opener, name string) (map[string]AreaConfig, error) {
	data, display, err := o.ReadAll(name)
	if err != nil {
		return nil, err
	}
	return ParseConfig(data, display)
}

// ParseConfig decodes a settings file; file is used in messages.
func ParseConfig(data []byte, file string) (cfg map[string]AreaConfig, err error) {
	defer func() {
		// The TOML library is third-party code: a bug in it is an error
		// about this file, never a crash.
		if r := recover(); r != nil {
			cfg, err = nil, fmt.Errorf("%s: internal error while decoding (please report this file): %v", file, r)
		}
	}()
	if len(data) > maxConfigBytes {
		return nil, fmt.Errorf("%s: %d bytes: a settings file is at most %d", file, len(data), maxConfigBytes)
	}
	var raw rawConfig
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		return nil, syntaxError(file, data, err)
	}
	loc := locateKeys(data)
	if un := md.Undecoded(); len(un) > 0 {
		k := un[0]
		return nil, fmt.Errorf("%s:%d: unknown key %s (an area takes time_zone, summer_peak_months and winter_peak_months, under [area.ID])", file, loc.line(k), k)
	}
	ids := make([]string, 0, len(raw.Area))
	for id := range raw.Area {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	cfg = make(map[string]AreaConfig, len(ids))
	for _, id := range ids {
		c, err := decodeArea(id, raw.Area[id])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: area %s: %w", file, loc.line(toml.Key{"area", id, err.key}), id, err.err)
		}
		cfg[id] = c
	}
	return cfg, nil
}

// keyError is a problem with one key of an area.
type keyError struct {
	key string
	err error
}

// decodeArea checks one area's values.
func decodeArea(id string, r rawArea) (AreaConfig, *keyError) {
	var c AreaConfig
	if strings.TrimSpace(id) == "" {
		return c, &keyError{"", errors.New("an area needs a name")}
	}
	if r.TimeZone != nil {
		z, err := localtime.Load(*r.TimeZone)
		if err != nil {
			return c, &keyError{"time_zone", err}
		}
		c.TimeZone = z
	}
	var err error
	if c.SummerPeakMonths, err = months(r.Summer); err != nil {
		return c, &keyError{"summer_peak_months", err}
	}
	if c.WinterPeakMonths, err = months(r.Winter); err != nil {
		return c, &keyError{"winter_peak_months", err}
	}
	s := c.Apply(impact.AreaSettings{})
	if err := s.Validate(); err != nil {
		key := "winter_peak_months"
		if strings.HasPrefix(err.Error(), "summer") {
			key = "summer_peak_months"
		}
		return c, &keyError{key, err}
	}
	return c, nil
}

// months converts month numbers (nil stays nil: not given).
func months(ns []int) ([]time.Month, error) {
	if ns == nil {
		return nil, nil
	}
	if len(ns) == 0 {
		return nil, errors.New("an empty list of months: leave the key out for the default")
	}
	out := make([]time.Month, len(ns))
	for i, n := range ns {
		if n < 1 || n > 12 {
			return nil, fmt.Errorf("%d is not a month (1 to 12)", n)
		}
		out[i] = time.Month(n)
	}
	return out, nil
}

// lineNumber finds the line the decoder names at the start of its errors.
var lineNumber = regexp.MustCompile(`^line (\d+)`)

// syntaxError words a TOML error with its line.
func syntaxError(file string, data []byte, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		line := pe.Position.Line
		if start := pe.Position.Start; start >= 0 && start <= len(data) {
			line = bytes.Count(data[:start], []byte("\n")) + 1
		}
		return fmt.Errorf("%s:%d: not valid TOML: %s", file, max(line, 1), pe.Message)
	}
	msg := strings.TrimPrefix(err.Error(), "toml: ")
	line := 1
	if m := lineNumber.FindStringSubmatch(msg); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil && n > 0 {
			line = n
		}
	}
	return fmt.Errorf("%s:%d: cannot decode: %s (want [area.ID] tables of time_zone = \"...\", summer_peak_months = [6, 7, 8], winter_peak_months = [12, 1, 2])", file, line, msg)
}

// keyLines maps dotted keys to the line that defines them.
type keyLines map[string]int

// locateKeys finds the line of each table header and key, for messages:
// a plain line scan of the simple layout settings files use ([area.ID]
// then key = value lines).
func locateKeys(data []byte) keyLines {
	out := keyLines{}
	table := ""
	for i, raw := range strings.Split(string(data), "\n") {
		s := strings.TrimSpace(raw)
		switch {
		case strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]"):
			table = normalizeKey(strings.Trim(s, "[] "))
			setOnce(out, table, i+1)
		case strings.Contains(s, "=") && !strings.HasPrefix(s, "#"):
			key, _, _ := strings.Cut(s, "=")
			full := normalizeKey(key)
			if table != "" {
				full = table + "." + full
			}
			setOnce(out, full, i+1)
		}
	}
	return out
}

// normalizeKey drops quotes and spaces around a dotted key's parts.
func normalizeKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

func setOnce(m keyLines, k string, line int) {
	if _, ok := m[k]; !ok {
		m[k] = line
	}
}

// line is the line of key, or of the closest table above it, or 1.
func (l keyLines) line(k toml.Key) int {
	for n := len(k); n > 0; n-- {
		if line, ok := l[strings.Join(k[:n], ".")]; ok {
			return line
		}
	}
	return 1
}
