package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestHeadroomReportInChromium renders headroom.html in headless
// Chromium: every chart laid out with its data table, the headroom table
// holding the JSON's numbers, the cards the totals.
func TestHeadroomReportInChromium(t *testing.T) {
	chromiumPath(t)
	dir := filepath.Join(t.TempDir(), "hr")
	code, _, errOut := gridflip(t, "headroom", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	doc := headroomJSON(t)
	page := filepath.Join(dir, "headroom.html")
	r := renderInChromium(t, page, false)
	checkLayout(t, r, page, []string{"chart-headroom", "chart-curve-0-pjm", "chart-curve-21-"})
	table := r.Tables["data-chart-headroom"]
	require.Len(t, table, len(doc.Areas))
	for i, row := range table {
		a := doc.Areas[i]
		require.Equal(t, a.ID, row[0])
		require.Equal(t, a.SummerThresholdMW, cell(t, row[1]))
		require.Equal(t, a.WinterThresholdMW, cell(t, row[2]))
		for k, res := range a.Results {
			require.Equal(t, res.HeadroomMW, cell(t, row[3+k]), "%s at %v", a.ID, res.CurtailmentLimit)
		}
	}
	for k, tot := range doc.Total {
		v := strings.TrimSuffix(r.Cards["card-total-"+strconv.Itoa(k)], " GW")
		require.InDelta(t, tot.HeadroomMW/1000, cell(t, v), 0.05)
	}
}
