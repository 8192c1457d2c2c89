package sites

import (
	"errors"
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	"github.com/gridflip/gridflip/internal/input"
	"github.com/stretchr/testify/require"
)

func TestIssueError(t *testing.T) {
	for _, tc := range []struct {
		name  string
		issue Issue
		want  string
	}{
		{name: "site and hall",
			issue: Issue{File: "case.toml", Line: 23, Site: "rockdale", Hall: "hall-a", Field: "pue",
				Msg: "pue = 0.9: must be between 1 and 3"},
			want: `case.toml:23: site "rockdale" hall "hall-a": pue = 0.9: must be between 1 and 3`},
		{name: "site only",
			issue: Issue{File: "case.toml", Line: 5, Site: "rockdale", Msg: "bad"},
			want:  `case.toml:5: site "rockdale": bad`},
		{name: "positional labels",
			issue: Issue{File: "case.toml", Line: 5, Site: "#2", Hall: "#1", Msg: "bad"},
			want:  `case.toml:5: site #2 hall #1: bad`},
		{name: "top level", issue: Issue{File: "case.toml", Line: 1, Msg: "bad"}, want: `case.toml:1: bad`},
		{name: "no line", issue: Issue{File: "case.toml", Msg: "bad"}, want: `case.toml: bad`},
		{name: "no file", issue: Issue{Line: 3, Msg: "bad"}, want: `line 3: bad`},
	} {
		t.Run(tc.name, func(t *testing.T) { require.Equal(t, tc.want, tc.issue.Error()) })
	}
}

func TestIssuesSortAndErr(t *testing.T) {
	is := Issues{
		{File: "b.toml", Line: 9, Msg: "b9"},
		{File: "a.toml", Line: 7, Msg: "a7"},
		{File: "b.toml", Line: 2, Msg: "b2"},
		{File: "a.toml", Line: 7, Msg: "a7-second"},
		{File: "a.toml", Line: 1, Msg: "a1"},
	}
	is.Sort()
	require.Equal(t, "b.toml:2: b2\nb.toml:9: b9\na.toml:1: a1\na.toml:7: a7\na.toml:7: a7-second", is.Error())
	require.NoError(t, Issues(nil).Err())
	require.Equal(t, error(is), is.Err())
}

func TestCaseIssueHelpers(t *testing.T) {
	data, err := os.ReadFile("testdata/valid.toml")
	require.NoError(t, err)
	c, err := Decode(data, "valid.toml")
	require.NoError(t, err)

	for _, tc := range []struct {
		name  string
		issue Issue
		want  Issue
	}{
		{name: "site field", issue: c.SiteIssue(0, "node", "node %q is not a column of %s", "HB_WEST", "prices.csv"),
			want: Issue{File: "valid.toml", Line: 21, Site: "rockdale", Field: "node",
				Msg: `node "HB_WEST" is not a column of prices.csv`}},
		{name: "field of a site table", issue: c.SiteIssue(1, "mining.pue", "x"),
			want: Issue{File: "valid.toml", Line: 59, Site: "corsicana", Field: "mining.pue", Msg: "x"}},
		{name: "absent field falls back to its table", issue: c.SiteIssue(1, "ai.utilization", "x"),
			want: Issue{File: "valid.toml", Line: 50, Site: "corsicana", Field: "ai.utilization", Msg: "x"}},
		{name: "hall field", issue: c.HallIssue(1, 1, "it_mw", "too big"),
			want: Issue{File: "valid.toml", Line: 71, Site: "corsicana", Hall: "hall-liquid", Field: "it_mw", Msg: "too big"}},
		{name: "absent hall field", issue: c.HallIssue(1, 0, "lease_usd_per_kw_month", "x"),
			want: Issue{File: "valid.toml", Line: 61, Site: "corsicana", Hall: "hall-air", Field: "lease_usd_per_kw_month", Msg: "x"}},
		{name: "top-level key", issue: c.KeyIssue("grid.prices", "file %s not found", "prices.csv"),
			want: Issue{File: "valid.toml", Line: 4, Field: "grid.prices", Msg: "file prices.csv not found"}},
		{name: "absent key in a table", issue: c.KeyIssue("market.hashprice", "x"),
			want: Issue{File: "valid.toml", Line: 6, Field: "market.hashprice", Msg: "x"}},
		{name: "site out of range falls back to the first [[sites]]", issue: c.SiteIssue(7, "node", "x"),
			want: Issue{File: "valid.toml", Line: 18, Site: "#8", Field: "node", Msg: "x"}},
		{name: "hall out of range falls back to the site's halls", issue: c.HallIssue(0, 3, "pue", "x"),
			want: Issue{File: "valid.toml", Line: 37, Site: "rockdale", Hall: "#4", Field: "pue", Msg: "x"}},
	} {
		t.Run(tc.name, func(t *testing.T) { require.Equal(t, tc.want, tc.issue) })
	}

	var nilCase *Case
	require.Equal(t, Issue{Line: 1, Site: "#1", Field: "id", Msg: "x"}, nilCase.SiteIssue(0, "id", "x"))
}

func TestLoad(t *testing.T) {
	data, err := os.ReadFile("testdata/valid.toml")
	require.NoError(t, err)
	fsys := fstest.MapFS{
		"cases/demo/case.toml": {Data: data},
		"cases/broken.toml":    {Data: []byte("[grid\n")},
	}

	o := &input.Opener{FS: fsys}
	c, err := Load(o, "cases/demo/case.toml")
	require.NoError(t, err)
	require.Equal(t, "cases/demo/case.toml", c.File)

	_, err = Load(o, "cases/missing.toml")
	require.ErrorIs(t, err, fs.ErrNotExist)
	require.ErrorContains(t, err, "cases/missing.toml")

	_, err = Load(o, "cases/broken.toml")
	var issues Issues
	require.True(t, errors.As(err, &issues))
	require.ErrorContains(t, err, "cases/broken.toml:1: not valid TOML")

	_, err = Load(&input.Opener{}, "x.toml")
	require.ErrorContains(t, err, "x.toml: no file system")
}
