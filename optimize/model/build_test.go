package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gridflip/gridflip/internal/fixture"
	"github.com/gridflip/gridflip/optimize/model"
)

func TestModelSizeAndStructure(t *testing.T) {
	in := fixture.RandomInputs(5, 3, 3, 24)
	m, err := model.Build(in, model.BuildOptions{Names: true})
	require.NoError(t, err)
	p := m.Problem
	T := 24
	var wantCols, wantRows, wantNNZ int
	for _, s := range in.Case.Sites {
		H := len(s.Halls)
		wantCols += T + 2 + H
		wantRows += 2*T + 2
		wantNNZ += 2*T + 2*(T+1) + 2*H
		if s.AI.CommittedITMW > s.AI.ExistingITMW {
			wantRows++
			wantNNZ += H
		}
	}
	if in.Case.Market.AIDemandCapITMW != nil {
		wantRows++
		for _, s := range in.Case.Sites {
			wantNNZ += len(s.Halls)
		}
	}
	require.Equal(t, wantCols, p.NumCols())
	require.Equal(t, wantRows, p.NumRows())
	require.Equal(t, wantNNZ, p.NumNonzeros())
	require.Contains(t, p.ColNames, "build[site-0,hall-0]")
	require.Contains(t, p.RowNames, "poi[site-1,23]")
	require.NoError(t, p.Validate())
}
