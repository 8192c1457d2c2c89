package bench_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/bench"
)

const (
	begin = "<!-- gridflip bench: suite -->"
	end   = "<!-- end gridflip bench -->"
)

// TestRewriteDocSections: the body between a marker pair is replaced,
// every other byte kept, sections without a body kept whole.
func TestRewriteDocSections(t *testing.T) {
	tests := []struct {
		name   string
		doc    string
		bodies map[string]string
		want   string
	}{
		{
			name:   "replaces the body, keeps the rest",
			doc:    "# Title\n\nprose  \n\n" + begin + "\nold table\n\nold note\n" + end + "\n\ntail without newline",
			bodies: map[string]string{"suite": "| a |\n|---|\n| 1 |\n"},
			want:   "# Title\n\nprose  \n\n" + begin + "\n\n| a |\n|---|\n| 1 |\n\n" + end + "\n\ntail without newline",
		},
		{
			name:   "an empty section is filled",
			doc:    begin + "\n" + end + "\n",
			bodies: map[string]string{"suite": "new"},
			want:   begin + "\n\nnew\n\n" + end + "\n",
		},
		{
			name: "sections the run did not measure are kept",
			doc: "a\n" + begin + "\nold suite\n" + end + "\nb\n<!-- gridflip bench: targets -->\nold targets\n" + end + "\nc\n" +
				"<!-- gridflip bench: methods -->\nold methods\n" + end + "\n",
			bodies: map[string]string{"suite": "new suite", "methods": "new methods"},
			want: "a\n" + begin + "\n\nnew suite\n\n" + end + "\nb\n<!-- gridflip bench: targets -->\nold targets\n" + end + "\nc\n" +
				"<!-- gridflip bench: methods -->\n\nnew methods\n\n" + end + "\n",
		},
		{
			name:   "indented markers with spaces around them",
			doc:    "  " + begin + "  \nold\n\t" + end + " \n",
			bodies: map[string]string{"suite": "new\n"},
			want:   "  " + begin + "  \n\nnew\n\n\t" + end + " \n",
		},
		{
			name:   "CRLF files stay CRLF",
			doc:    "x\r\n" + begin + "\r\nold\r\n" + end + "\r\ny\r\n",
			bodies: map[string]string{"suite": "l1\nl2\n"},
			want:   "x\r\n" + begin + "\r\n\r\nl1\r\nl2\r\n\r\n" + end + "\r\ny\r\n",
		},
		{
			name: "markers in fenced code and in prose are text",
			doc: "```md\n" + begin + "\n```\nsee `" + begin + "` and `" + end + "`\n~~~~\n" + end + "\n~~~\n~~~~\n" +
				begin + "\nold\n" + end + "\n",
			bodies: map[string]string{"suite": "new"},
			want: "```md\n" + begin + "\n```\nsee `" + begin + "` and `" + end + "`\n~~~~\n" + end + "\n~~~\n~~~~\n" +
				begin + "\n\nnew\n\n" + end + "\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bench.RewriteDocSections("doc.md", []byte(tc.doc), tc.bodies)
			require.NoError(t, err)
			require.Equal(t, tc.want, string(got))
			again, err := bench.RewriteDocSections("doc.md", got, tc.bodies)
			require.NoError(t, err)
			require.Equal(t, string(got), string(again), "idempotent")
		})
	}
}

// TestRewriteDocSectionsRefuses: bad markers are errors naming the file
// and line, and nothing is returned.
func TestRewriteDocSectionsRefuses(t *testing.T) {
	suite := map[string]string{"suite": "new"}
	tests := []struct {
		name   string
		doc    string
		bodies map[string]string
		want   string
	}{
		{"no markers", "# Performance\n\nno sections\n", suite, "doc.md: no generated section: mark one with a line <!-- gridflip bench: suite -->"},
		{"empty file", "", suite, "doc.md: no generated section"},
		{"begin without end", "a\n" + begin + "\nold\n", suite, `doc.md:2: section "suite" has no end marker <!-- end gridflip bench -->`},
		{"begin on the last line", "a\n" + begin, suite, `doc.md:2: section "suite" has no end marker`},
		{"end without begin", "a\nb\n" + end + "\n", suite, "doc.md:3: <!-- end gridflip bench --> without a begin marker"},
		{"end after a closed section", begin + "\n" + end + "\n" + end + "\n", suite, "doc.md:3: <!-- end gridflip bench --> without a begin marker"},
		{"nested", begin + "\n<!-- gridflip bench: targets -->\n" + end + "\n", suite, `doc.md:2: section "targets" begins inside section "suite" (line 1)`},
		{"unknown name", "<!-- gridflip bench: suit -->\n" + end + "\n", suite, `doc.md:1: unknown section "suit": want one of suite, methods, targets`},
		{"empty name", "<!-- gridflip bench: -->\n" + end + "\n", suite, `doc.md:1: unknown section ""`},
		{"twice", begin + "\n" + end + "\n\n" + begin + "\n" + end + "\n", suite, `doc.md:4: section "suite" is marked twice (first at line 1)`},
		{"malformed begin", "x\n<!-- gridflip bench suite -->\n" + end + "\n", suite, `doc.md:2: malformed marker "<!-- gridflip bench suite -->"`},
		{"unclosed comment", "<!-- gridflip bench: suite\n" + end + "\n", suite, `doc.md:1: malformed marker`},
		{"malformed end", begin + "\n<!-- end gridflip-bench -->\n", suite, `doc.md:2: malformed marker "<!-- end gridflip-bench -->"`},
		{"end hidden in a fence", begin + "\n```\n" + end + "\n```\n", suite, `doc.md:1: section "suite" has no end marker`},
		{"nothing measured", "<!-- gridflip bench: targets -->\nold\n" + end + "\n", suite,
			"doc.md: this run measures no section the file marks: it marks targets (line 1); the run measures suite"},
		{"no bodies at all", begin + "\n" + end + "\n", nil, "the run measures nothing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bench.RewriteDocSections("doc.md", []byte(tc.doc), tc.bodies)
			require.ErrorContains(t, err, tc.want)
			require.Nil(t, got)
		})
	}
}

// TestParseDocSections names the sections and their lines.
func TestParseDocSections(t *testing.T) {
	doc := "# P\n\n" + begin + "\nx\n" + end + "\n<!-- gridflip bench: targets -->\n" + end + "\n"
	got, err := bench.ParseDocSections("doc.md", []byte(doc))
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.Equal(t, []string{"suite", "targets"}, []string{got[0].Name, got[1].Name})
	require.Equal(t, []int{3, 6}, []int{got[0].Line, got[1].Line})
	require.Equal(t, []string{"suite", "methods", "targets"}, bench.SectionNames())
	require.False(t, strings.Contains(doc, "\r"))
}
