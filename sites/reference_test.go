package sites

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReferenceUpToDate(t *testing.T) {
	const path = "../docs/reference/case.md"
	committed, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, string(committed) == string(Reference()),
		"docs/reference/case.md is stale: run `%s`", ReferenceCommand)
}

func TestReferenceListsEveryKey(t *testing.T) {
	ref := string(Reference())
	for _, k := range caseKeys {
		assert.Contains(t, ref, "| `"+k.Name()+"` |", k.Path)
	}
}
