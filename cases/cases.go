// Package cases carries the cases bundled with gridflip: the default case
// (embedded, so the binary plans it with no files around) and a small one.
// It only holds the data; cases/loader reads a case into model inputs and
// cases/synth generates portfolios.
package cases

import (
	"embed"
	"io/fs"
	"path"
	"slices"
	"sort"
)

// DefaultCase is the name of the embedded default case.
const DefaultCase = "default"

// bundled holds the cases shipped in the binary.
//
//go:embed default small
var bundled embed.FS

// FS is the bundled cases' file system: one directory per case, each
// holding case.toml and the files it names.
func FS() fs.FS { return bundled }

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

// IsBundled reports whether name is a bundled case.
func IsBundled(name string) bool { return slices.Contains(Bundled(), name) }

// BundledFile returns the bytes of a file of a bundled case, e.g. the TOML.
func BundledFile(name, file string) ([]byte, error) {
	return fs.ReadFile(bundled, path.Join(name, file))
}
