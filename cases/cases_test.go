package cases_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/cases"
)

// TestBundled: the bundled cases are listed, the default among them, and
// each holds its case.toml; an unknown one is not bundled.
func TestBundled(t *testing.T) {
	require.Equal(t, []string{"default", "small"}, cases.Bundled())
	require.True(t, cases.IsBundled(cases.DefaultCase))
	require.False(t, cases.IsBundled("us-miners"), "us-miners is on disk only")
	for _, name := range cases.Bundled() {
		data, err := cases.BundledFile(name, "case.toml")
		require.NoError(t, err)
		require.Contains(t, string(data), "[[sites]]")
	}
	_, err := cases.BundledFile("nope", "case.toml")
	require.Error(t, err)
}
