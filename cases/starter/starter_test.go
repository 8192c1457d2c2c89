package starter_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases/starter"
)

// TestWrite: the starter case lands in a new or an empty directory, byte
// for byte; a file or a non-empty directory is refused and left as it was.
func TestWrite(t *testing.T) {
	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T, dir string) string // returns the target
		wantErr string
	}{
		{"new directory", func(t *testing.T, dir string) string { return filepath.Join(dir, "a", "mine") }, ""},
		{"empty directory", func(t *testing.T, dir string) string { return dir }, ""},
		{"a file", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "case")
			require.NoError(t, os.WriteFile(p, []byte("x"), 0o644))
			return p
		}, "is a file"},
		{"a non-empty directory", func(t *testing.T, dir string) string {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644))
			return dir
		}, "not empty"},
		{"a directory holding a hidden file", func(t *testing.T, dir string) string {
			require.NoError(t, os.WriteFile(filepath.Join(dir, ".keep"), nil, 0o644))
			return dir
		}, "not empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			target := tc.prepare(t, dir)
			before := listing(t, dir)
			err := starter.Write(target)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				require.Equal(t, before, listing(t, dir), "nothing written")
				return
			}
			require.NoError(t, err)
			for _, name := range starter.Files() {
				got, err := os.ReadFile(filepath.Join(target, name))
				require.NoError(t, err)
				want, err := starter.File(name)
				require.NoError(t, err)
				require.Equal(t, want, got, name)
				require.NotEmpty(t, got)
			}
		})
	}
}

// listing is every path under dir.
func listing(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		out = append(out, p)
		return err
	}))
	return out
}

// TestREADMEShowsTheStarterCase: the README's minimal case is the starter
// case.toml in full, so the two cannot drift apart.
func TestREADMEShowsTheStarterCase(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(readme), "## A minimal case\n")
	require.True(t, ok, "README.md has no section \"A minimal case\"")
	_, block, ok := strings.Cut(section, "```toml\n")
	require.True(t, ok, "the section holds no ```toml block")
	block, _, ok = strings.Cut(block, "```\n")
	require.True(t, ok, "the ```toml block is not closed")
	want, err := starter.File("case.toml")
	require.NoError(t, err)
	require.Greater(t, len(want), 500, "the starter case is more than a stub")
	require.Equal(t, string(want), block, "README.md's minimal case differs from cases/starter/case.toml: copy the file into the block")
}

// TestPricesCoverAYear: prices.csv holds a header and one row per hour of
// a year at the node the case names.
func TestPricesCoverAYear(t *testing.T) {
	data, err := starter.File("prices.csv")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	require.Equal(t, "timestamp,HB_WEST", lines[0])
	require.Len(t, lines, 8761)
	toml, err := starter.File("case.toml")
	require.NoError(t, err)
	require.Contains(t, string(toml), `node = "HB_WEST"`)
}
