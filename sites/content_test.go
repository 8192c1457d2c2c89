package sites

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDecodeDoesNotEchoFiles: a case or scenarios file that is not TOML
// at all (a password file, an environment, a binary) is described, its
// bytes never quoted.
func TestDecodeDoesNotEchoFiles(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		secrets        []string
	}{
		{"shadow line", "root:$6$secret.salt$hash:19000:0:99999:7:::\n",
			"x.toml:1: not valid TOML: the first line is not a key = value or a [table]", []string{"secret", "root"}},
		{"environment", "PATH=/usr/bin\nHOME=/root\n",
			"x.toml:1: not valid TOML: the first line is not a key = value or a [table]", []string{"PATH", "HOME", "usr"}},
		{"binary", "\x7fELF\x02\x01\x01\x00secret = 1\n",
			"x.toml:1: not valid TOML: binary data", []string{"secret", "ELF"}},
		{"json", `{"secret": "hunter2"}`,
			"x.toml:1: not valid TOML: the first line is not a key = value or a [table]", []string{"secret", "hunter2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, decode := range []func() error{
				func() error { _, err := Decode([]byte(tc.in), "x.toml"); return err },
				func() error { _, err := DecodeScenarios([]byte(tc.in), "x.toml"); return err },
			} {
				err := decode()
				require.ErrorContains(t, err, tc.want)
				for _, s := range tc.secrets {
					require.NotContains(t, err.Error(), s)
				}
			}
		})
	}
	// a typo further on still names its key
	_, err := Decode([]byte("name = \"x\"\nnotes = [\"a\"\ngrid = 1\n"), "x.toml")
	require.Error(t, err)
	require.False(t, strings.Contains(err.Error(), "first line"), err.Error())
}
