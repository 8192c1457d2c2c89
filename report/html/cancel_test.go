package htmlreport_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/ctxcount"
	htmlreport "github.com/gridflip/gridflip/report/html"
)

// TestReportStopsWhenCancelled: issue 15, defects 2 and 3. Ctrl-C while
// report.html is drawn (the charts) or written (the template) stops it
// with context.Canceled; it used to be checked only while the Parquet
// columns were read, so a late Ctrl-C let the report, and the set, finish.
func TestReportStopsWhenCancelled(t *testing.T) {
	dir, _ := resultsDir(t, "small", nil)
	loading := ctxcount.New(0)
	_, err := htmlreport.Load(loading, dir, htmlreport.Options{})
	require.NoError(t, err)
	full := ctxcount.New(0)
	var page bytes.Buffer
	require.NoError(t, htmlreport.Write(full, &page, dir, htmlreport.Options{}))
	loaded, total := loading.Calls(), full.Calls()
	require.Greater(t, total, loaded+2, "drawing and writing check the context too")
	tests := []struct {
		name     string
		cancelAt int64
	}{
		{"while loading", 1},
		{"as the charts start", loaded + 1},
		{"half-way through the charts and the page", (loaded + total) / 2},
		{"at the last write", total},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := ctxcount.New(tc.cancelAt)
			var b bytes.Buffer
			err := htmlreport.Write(ctx, &b, dir, htmlreport.Options{})
			require.ErrorIs(t, err, context.Canceled)
			require.Equal(t, tc.cancelAt, ctx.Calls(), "stops at the first check after the cancel")
			require.Less(t, b.Len(), page.Len(), "not the whole page")
		})
	}
}
