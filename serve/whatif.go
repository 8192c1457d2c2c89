package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/gridflip/gridflip/sites"
)

// refusedKeys are the [[scenario]] keys a what-if may not set: the id
// (the server names it), the probability (a weight, not a change) and the
// files (no client path is ever opened).
var refusedKeys = map[string]string{
	"id":          "the server names the what-if",
	"probability": "a weight of a stochastic plan's scenario, not a what-if",
	"prices":      "a file: the server never opens a path a client names",
	"hashprice":   "a file: the server never opens a path a client names",
	"btc_price":   "a file: the server never opens a path a client names",
}

// WhatIfKeys are the declarations of the keys a what-if may set: the
// sweep's [[scenario]] keys (sites/schema_keys.go) less the refused ones.
func WhatIfKeys() []sites.Key {
	var out []sites.Key
	for _, k := range sites.Keys() {
		if k.Table() == "scenario" && refusedKeys[k.Name()] == "" {
			out = append(out, k)
		}
	}
	return out
}

// RequestError is a request refused: its HTTP status, the what-if key it
// is about (if any) and what was expected.
type RequestError struct {
	Status int
	Key    string
	Msg    string
}

// Error is the message.
func (e *RequestError) Error() string { return e.Msg }

// badRequest is a 400 about key.
func badRequest(key, format string, args ...any) *RequestError {
	return &RequestError{Status: 400, Key: key, Msg: fmt.Sprintf(format, args...)}
}

// scenarioFields maps each what-if key to its field of sites.Scenario
// (their JSON names are the keys).
func scenarioFields() map[string]int {
	t := reflect.TypeOf(sites.Scenario{})
	out := map[string]int{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" && t.Field(i).Type == reflect.TypeOf((*float64)(nil)) {
			out[name] = i
		}
	}
	return out
}

// DecodeWhatIf reads a what-if: one JSON object of what-if keys, each a
// finite number in its declared range. Unknown, refused and duplicate
// keys, values that are not numbers (NaN, Inf, 1e400, null, strings) and
// anything after the object are refused with a 400 naming the key.
func DecodeWhatIf(body []byte) (sites.Scenario, error) {
	w, err := decodeWhatIf(body)
	if err != nil {
		return sites.Scenario{}, err
	}
	return w, nil
}

// decodeWhatIf is DecodeWhatIf, its what-if partly filled on an error.
func decodeWhatIf(body []byte) (sites.Scenario, error) {
	w := sites.Scenario{ID: "whatif"}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return w, badRequest("", "the body must be one JSON object of what-if keys, e.g. {\"lease_usd_per_kw_month\": 115}")
	}
	keys := map[string]sites.Key{}
	for _, k := range WhatIfKeys() {
		keys[k.Name()] = k
	}
	fields := scenarioFields()
	seen := map[string]bool{}
	v := reflect.ValueOf(&w).Elem()
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return w, badRequest("", "bad JSON: %v", err)
		}
		name, _ := tok.(string)
		if seen[name] {
			return w, badRequest(name, "%s: given twice", name)
		}
		seen[name] = true
		if why, refused := refusedKeys[name]; refused {
			return w, badRequest(name, "%s: not a what-if key here (%s)", name, why)
		}
		k, known := keys[name]
		field, ok := fields[name]
		if !known || !ok {
			return w, badRequest(name, "%q: unknown what-if key (want one of %s)", name, strings.Join(keyNames(), ", "))
		}
		tok, err = dec.Token()
		if err != nil {
			return w, badRequest(name, "%s: bad JSON: %v", name, err)
		}
		num, isNum := tok.(json.Number)
		if !isNum {
			return w, badRequest(name, "%s = %v: want a number", name, tok)
		}
		x, err := strconv.ParseFloat(string(num), 64)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			return w, badRequest(name, "%s = %s: want a finite number", name, num)
		}
		if !k.Contains(x) {
			return w, badRequest(name, "%s = %s: must be in %s (%s)", name, num, k.Interval(), k.Note())
		}
		v.Field(field).Set(reflect.ValueOf(&x))
	}
	if _, err := dec.Token(); err != nil {
		return w, badRequest("", "bad JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return w, badRequest("", "bad JSON: data after the object")
	}
	return w, nil
}

// keyNames lists the what-if keys.
func keyNames() []string {
	var out []string
	for _, k := range WhatIfKeys() {
		out = append(out, k.Name())
	}
	return out
}

// WhatIfTOML writes the what-if as a sweep's scenarios file: one
// [[scenario]] table with the keys it sets, so that `gridflip sweep CASE
// --scenarios FILE` (or a plan of the edited case) reproduces it.
func WhatIfTOML(w io.Writer, caseName string, s sites.Scenario) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# A what-if of %s, kept from gridflip serve.\n", strconv.Quote(caseName))
	b.WriteString("# Reproduce it with: gridflip sweep CASE --scenarios THIS_FILE --out DIR\n")
	b.WriteString("[[scenario]]\n")
	fmt.Fprintf(&b, "id = %s\n", strconv.Quote(s.ID))
	for _, c := range s.Changes() {
		key, value, _ := strings.Cut(c, "=")
		fmt.Fprintf(&b, "%s = %s\n", key, value)
	}
	_, err := w.Write(b.Bytes())
	return err
}
