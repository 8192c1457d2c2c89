package optimize

import (
	"fmt"
	"time"

	"github.com/gridflip/gridflip/solver"
)

// BuildOptions tune model construction.
type BuildOptions struct {
	// Relax makes the hall decisions continuous in [0, 1] (an LP).
	Relax bool
	// Names gives every row and column a readable name (for MPS export);
	// off by default because names cost memory on large models.
	Names bool
}

// Model is the built problem plus the map from sites and halls to its
// columns and rows.
type Model struct {
	In           *Inputs
	Problem      *solver.Problem
	Relaxed      bool
	BuildSeconds float64
	sites        []siteIndex
	capRow       int // -1 when there is no market cap
}

// siteIndex locates one site's columns and rows.
type siteIndex struct {
	miningCol   int // first of T mining columns m_{s,t}
	poiRow      int // first of T interconnection rows
	fleetRow    int // first of T fleet rows, -1 without halls
	aiMeterCol  int // A_s: meter MW of new AI, -1 without halls
	displaceCol int // D_s: mining IT MW displaced, -1 without halls
	defAIRow    int // A_s − Σ pue·it·y = 0
	defDispRow  int // D_s − Σ displaces·y = 0
	commitRow   int // Σ it·y ≥ committed − existing, -1 when not needed
	hallCol     []int
}

// Build turns the inputs into one solver.Problem following DESIGN.md §4:
//
//	maximize  Σ_{s,t} g_{s,t}·m_{s,t} + Σ_h v_h·y_h
//	s.t.      pue_s·m_{s,t} + A_s ≤ interconnect_s − existing meter MW   (POI, every hour)
//	          m_{s,t} + D_s ≤ capacity_s                                  (fleet, every hour)
//	          A_s = Σ_{h∈s} pue_h·it_h·y_h,  D_s = Σ_{h∈s} displaces_h·y_h,  0 ≤ D_s ≤ capacity_s
//	          Σ_{h∈s} it_h·y_h ≥ committed_s − existing_s                 (commitments)
//	          Σ_h it_h·y_h ≤ ai_demand_cap                                (market cap, if set)
//
// A_s and D_s are auxiliary columns: with them each hall column has a
// handful of entries instead of 2T, so the matrix has about 4·S·T nonzeros
// whatever the number of halls. They do not change the feasible set or the
// duals of the POI rows.
func Build(in *Inputs, opts BuildOptions) (*Model, error) {
	began := time.Now()
	if err := in.Check(); err != nil {
		return nil, err
	}
	c := in.Case
	T := in.T()
	S := len(c.Sites)

	// Count everything first so the problem is allocated once.
	var cols, rows, nnz int
	for s := range c.Sites {
		site := &c.Sites[s]
		H := len(site.Halls)
		cols += T
		rows += T
		nnz += T
		if H > 0 {
			cols += 2 + H
			rows += T + 2
			nnz += T + (T + 1) + (T + 1) + 4*H
			if site.AI.CommittedITMW > site.AI.ExistingITMW {
				rows++
			}
		}
	}
	if c.Market.AIDemandCapITMW != nil {
		rows++
	}
	p := solver.NewProblem(c.Name, true, cols, rows, nnz)
	m := &Model{In: in, Problem: p, Relaxed: opts.Relax, sites: make([]siteIndex, S), capRow: -1}

	// Rows, site by site, then the market cap.
	for s := range c.Sites {
		site := &c.Sites[s]
		ix := &m.sites[s]
		ix.poiRow = p.AddRows(T, -solver.Inf, site.InterconnectMW-existingMeterMW(site))
		ix.fleetRow, ix.defAIRow, ix.defDispRow, ix.commitRow = -1, -1, -1, -1
		ix.aiMeterCol, ix.displaceCol = -1, -1
		if len(site.Halls) == 0 {
			continue
		}
		ix.fleetRow = p.AddRows(T, -solver.Inf, site.Mining.CapacityITMW)
		ix.defAIRow = p.AddRow(0, 0)
		ix.defDispRow = p.AddRow(0, 0)
		if need := site.AI.CommittedITMW - site.AI.ExistingITMW; need > 0 {
			ix.commitRow = p.AddRow(need, solver.Inf)
		}
	}
	if capMW := c.Market.AIDemandCapITMW; capMW != nil {
		m.capRow = p.AddRow(-solver.Inf, *capMW)
	}

	// Columns.
	scratchRows := make([]int32, T+4)
	scratchVals := make([]float64, T+4)
	pair := func(a, b int, va, vb float64) ([]int32, []float64) {
		scratchRows[0], scratchRows[1] = int32(a), int32(b)
		scratchVals[0], scratchVals[1] = va, vb
		return scratchRows[:2], scratchVals[:2]
	}
	for s := range c.Sites {
		site := &c.Sites[s]
		ix := &m.sites[s]
		hasHalls := len(site.Halls) > 0
		ix.miningCol = p.NumCols()
		for t := range T {
			rev, energy, opex := in.miningTerms(s, t)
			g := rev - energy - opex
			if hasHalls {
				r, v := pair(ix.poiRow+t, ix.fleetRow+t, site.Mining.PUE, 1)
				p.AddColumn(g, 0, site.Mining.CapacityITMW, false, r, v)
			} else {
				r, v := pair(ix.poiRow+t, 0, site.Mining.PUE, 0)
				p.AddColumn(g, 0, site.Mining.CapacityITMW, false, r[:1], v[:1])
			}
		}
		if !hasHalls {
			continue
		}
		// A_s: in every POI row and its definition row.
		for t := range T {
			scratchRows[t], scratchVals[t] = int32(ix.poiRow+t), 1
		}
		scratchRows[T], scratchVals[T] = int32(ix.defAIRow), 1
		ix.aiMeterCol = p.AddColumn(0, 0, solver.Inf, false, scratchRows[:T+1], scratchVals[:T+1])
		// D_s: in every fleet row and its definition row; at most the fleet.
		for t := range T {
			scratchRows[t] = int32(ix.fleetRow + t)
		}
		scratchRows[T] = int32(ix.defDispRow)
		ix.displaceCol = p.AddColumn(0, 0, site.Mining.CapacityITMW, false, scratchRows[:T+1], scratchVals[:T+1])
		ix.hallCol = make([]int, len(site.Halls))
		for h := range site.Halls {
			hall := &site.Halls[h]
			r := scratchRows[:0]
			v := scratchVals[:0]
			r = append(r, int32(ix.defAIRow), int32(ix.defDispRow))
			v = append(v, -hall.PUE*hall.ITMW, -hall.DisplacesMiningITMW)
			if ix.commitRow >= 0 {
				r = append(r, int32(ix.commitRow))
				v = append(v, hall.ITMW)
			}
			if m.capRow >= 0 {
				r = append(r, int32(m.capRow))
				v = append(v, hall.ITMW)
			}
			ix.hallCol[h] = p.AddColumn(in.hallTerms(s, h).netUSD(), 0, 1, !opts.Relax, r, v)
		}
	}
	if opts.Names {
		m.name()
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("internal error building the model: %w", err)
	}
	m.BuildSeconds = time.Since(began).Seconds()
	return m, nil
}

// name labels every row and column (site ids, hall ids, hour index).
func (m *Model) name() {
	p := m.Problem
	p.ColNames = make([]string, p.NumCols())
	p.RowNames = make([]string, p.NumRows())
	for s := range m.In.Case.Sites {
		site := &m.In.Case.Sites[s]
		ix := &m.sites[s]
		for t := range m.In.T() {
			p.ColNames[ix.miningCol+t] = fmt.Sprintf("mine[%s,%d]", site.ID, t)
			p.RowNames[ix.poiRow+t] = fmt.Sprintf("poi[%s,%d]", site.ID, t)
			if ix.fleetRow >= 0 {
				p.RowNames[ix.fleetRow+t] = fmt.Sprintf("fleet[%s,%d]", site.ID, t)
			}
		}
		if ix.aiMeterCol < 0 {
			continue
		}
		p.ColNames[ix.aiMeterCol] = fmt.Sprintf("ai_meter[%s]", site.ID)
		p.ColNames[ix.displaceCol] = fmt.Sprintf("displaced[%s]", site.ID)
		p.RowNames[ix.defAIRow] = fmt.Sprintf("def_ai_meter[%s]", site.ID)
		p.RowNames[ix.defDispRow] = fmt.Sprintf("def_displaced[%s]", site.ID)
		if ix.commitRow >= 0 {
			p.RowNames[ix.commitRow] = fmt.Sprintf("commitment[%s]", site.ID)
		}
		for h, col := range ix.hallCol {
			p.ColNames[col] = fmt.Sprintf("build[%s,%s]", site.ID, site.Halls[h].ID)
		}
	}
	if m.capRow >= 0 {
		p.RowNames[m.capRow] = "ai_demand_cap"
	}
}
