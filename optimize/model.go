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
	// NoHalls leaves every conversion candidate, commitment and market cap
	// out: today's fleet dispatched alone, the "before" of the grid impact.
	NoHalls bool
}

// Model is the built problem plus the map from sites and halls to its
// columns and rows.
type Model struct {
	In           *Inputs
	Problem      *solver.Problem
	Relaxed      bool
	NoHalls      bool
	BuildSeconds float64
	sites        []siteIndex
	capRow       int // -1 when there is no market cap
}

// siteIndex locates one site's columns and rows.
type siteIndex struct {
	firstCol, endCol int   // the site's columns: [firstCol, endCol)
	firstRow, endRow int   // the site's rows: [firstRow, endRow)
	miningCol        int   // first of T mining columns m_{s,t}
	poiRow           int   // first of T interconnection rows
	fleetRow         int   // first of T fleet rows, -1 without halls
	reserveCol       []int // per hour: reserve column r_{s,t}, -1 when none
	reserveRow       []int // per hour: r − pue·m ≤ 0 row, -1 when none
	aiMeterCol       int   // A_s: meter MW of new AI, -1 without halls or with hourly hall PUE
	displaceCol      int   // D_s: mining IT MW displaced, -1 without halls
	defAIRow         int   // A_s − Σ pue·it·y = 0, -1 when A_s is absent
	defDispRow       int   // D_s − Σ displaces·y = 0
	commitRow        int   // Σ it·y ≥ committed − existing, -1 when not needed
	hallCol          []int
}

// halls returns the number of candidate halls of site s in this model.
func (m *Model) halls(s int) int {
	if m.NoHalls {
		return 0
	}
	return len(m.In.Case.Sites[s].Halls)
}

// Build turns the inputs into one solver.Problem following DESIGN.md §4 and
// the grid-side terms of README "The model":
//
//	maximize  Σ_{s,t} g_{s,t}·m_{s,t} + Σ_{s,t} ρ_{s,t}·r_{s,t} + Σ_h v_h·y_h
//	s.t.      pue_s(t)·m_{s,t} + A_s ≤ interconnect_s − existing meter MW   (POI, every hour)
//	          m_{s,t} + a_{s,t}·D_s ≤ a_{s,t}·capacity_s                     (fleet, every hour; a = availability)
//	          r_{s,t} − pue_s(t)·m_{s,t} ≤ 0,  r_{s,t} ≤ reserve cap         (reserve, hours with a price)
//	          A_s = Σ_{h∈s} pue_h·it_h·y_h,  D_s = Σ_{h∈s} displaces_h·y_h,  0 ≤ D_s ≤ capacity_s
//	          Σ_{h∈s} it_h·y_h ≥ committed_s − existing_s                   (commitments)
//	          Σ_h it_h·y_h ≤ ai_demand_cap                                  (market cap, if set)
//
// A_s and D_s are auxiliary columns: with them each hall column has a
// handful of entries instead of 2T, so the matrix has about 4·S·T nonzeros
// whatever the number of halls. When a site's hall PUE depends on the
// temperature, A_s cannot carry it and the halls enter the POI rows directly
// with coefficients pue_h(t)·it_h.
func Build(in *Inputs, opts BuildOptions) (*Model, error) {
	began := time.Now()
	if err := in.Check(); err != nil {
		return nil, err
	}
	c := in.Case
	T := in.T()
	S := len(c.Sites)
	m := &Model{In: in, Relaxed: opts.Relax, NoHalls: opts.NoHalls, sites: make([]siteIndex, S), capRow: -1}

	// Count everything first so the problem is allocated once.
	var cols, rows, nnz int
	for s := range c.Sites {
		site := &c.Sites[s]
		H := m.halls(s)
		cols += T
		rows += T
		nnz += T
		if reserveOffered(site) {
			for t := range T {
				if in.reservePrice(s, t) > 0 {
					cols++
					rows++
					nnz += 2
				}
			}
		}
		if H > 0 {
			cols += 2 + H
			rows += T + 2
			nnz += T + (T + 1) + (T + 1) + 4*H
			if in.hourlyHallPUE(s) {
				nnz += H * T
			}
			if site.AI.CommittedITMW > site.AI.ExistingITMW {
				rows++
			}
		}
	}
	if c.Market.AIDemandCapITMW != nil && !opts.NoHalls {
		rows++
	}
	p := solver.NewProblem(c.Name, true, cols, rows, nnz)
	m.Problem = p

	// Rows, site by site, then the market cap.
	for s := range c.Sites {
		site := &c.Sites[s]
		ix := &m.sites[s]
		ix.firstRow = p.NumRows()
		ix.poiRow = p.AddRows(T, -solver.Inf, site.InterconnectMW-existingMeterMW(site))
		ix.fleetRow, ix.defAIRow, ix.defDispRow, ix.commitRow = -1, -1, -1, -1
		ix.aiMeterCol, ix.displaceCol = -1, -1
		if reserveOffered(site) && in.SiteReservePriceUSDPerMWh != nil {
			ix.reserveRow = make([]int, T)
			ix.reserveCol = make([]int, T)
			for t := range T {
				ix.reserveRow[t], ix.reserveCol[t] = -1, -1
				if in.reservePrice(s, t) > 0 {
					ix.reserveRow[t] = p.AddRow(-solver.Inf, 0)
				}
			}
		}
		if m.halls(s) == 0 {
			continue
		}
		ix.fleetRow = p.AddRows(T, -solver.Inf, 0)
		for t := range T {
			p.RowUpper[ix.fleetRow+t] = in.fleetAvailability(s, t) * site.Mining.CapacityITMW
		}
		if !in.hourlyHallPUE(s) {
			ix.defAIRow = p.AddRow(0, 0)
		}
		ix.defDispRow = p.AddRow(0, 0)
		if need := site.AI.CommittedITMW - site.AI.ExistingITMW; need > 0 {
			ix.commitRow = p.AddRow(need, solver.Inf)
		}
	}
	for s := range c.Sites {
		if s+1 < S {
			m.sites[s].endRow = m.sites[s+1].firstRow
		} else {
			m.sites[s].endRow = p.NumRows()
		}
	}
	if capMW := c.Market.AIDemandCapITMW; capMW != nil && !opts.NoHalls {
		m.capRow = p.AddRow(-solver.Inf, *capMW)
	}

	// Columns.
	scratchRows := make([]int32, T+4)
	scratchVals := make([]float64, T+4)
	for s := range c.Sites {
		site := &c.Sites[s]
		ix := &m.sites[s]
		H := m.halls(s)
		ix.firstCol = p.NumCols()
		ix.miningCol = p.NumCols()
		for t := range T {
			rev, energy, opex, cp := in.miningTerms(s, t)
			pue := in.miningPUE(s, t)
			r, v := scratchRows[:0], scratchVals[:0]
			r = append(r, int32(ix.poiRow+t))
			v = append(v, pue)
			if ix.reserveRow != nil && ix.reserveRow[t] >= 0 {
				r = append(r, int32(ix.reserveRow[t]))
				v = append(v, -pue)
			}
			if H > 0 {
				r = append(r, int32(ix.fleetRow+t))
				v = append(v, 1)
			}
			upper := in.fleetAvailability(s, t) * site.Mining.CapacityITMW
			p.AddColumn(rev-energy-opex-cp, 0, upper, false, r, v)
		}
		if ix.reserveRow != nil {
			reserveCap := solver.Inf
			if site.ReserveMaxMW != nil {
				reserveCap = *site.ReserveMaxMW
			}
			for t := range T {
				if ix.reserveRow[t] < 0 {
					continue
				}
				scratchRows[0], scratchVals[0] = int32(ix.reserveRow[t]), 1
				ix.reserveCol[t] = p.AddColumn(in.reservePrice(s, t), 0, reserveCap, false, scratchRows[:1], scratchVals[:1])
			}
		}
		if H == 0 {
			continue
		}
		hourly := in.hourlyHallPUE(s)
		if !hourly {
			// A_s: in every POI row and its definition row.
			for t := range T {
				scratchRows[t], scratchVals[t] = int32(ix.poiRow+t), 1
			}
			scratchRows[T], scratchVals[T] = int32(ix.defAIRow), 1
			ix.aiMeterCol = p.AddColumn(0, 0, solver.Inf, false, scratchRows[:T+1], scratchVals[:T+1])
		}
		// D_s: in every fleet row (scaled by availability) and its definition row.
		for t := range T {
			scratchRows[t], scratchVals[t] = int32(ix.fleetRow+t), in.fleetAvailability(s, t)
		}
		scratchRows[T], scratchVals[T] = int32(ix.defDispRow), 1
		ix.displaceCol = p.AddColumn(0, 0, site.Mining.CapacityITMW, false, scratchRows[:T+1], scratchVals[:T+1])
		ix.hallCol = make([]int, H)
		for h := range H {
			hall := &site.Halls[h]
			r, v := scratchRows[:0], scratchVals[:0]
			if hourly {
				for t := range T {
					r = append(r, int32(ix.poiRow+t))
					v = append(v, in.hallPUE(s, h, t)*hall.ITMW)
				}
			} else {
				r = append(r, int32(ix.defAIRow))
				v = append(v, -hall.PUE*hall.ITMW)
			}
			r = append(r, int32(ix.defDispRow))
			v = append(v, -hall.DisplacesMiningITMW)
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
	for s := range m.sites {
		if s+1 < S {
			m.sites[s].endCol = m.sites[s+1].firstCol
		} else {
			m.sites[s].endCol = p.NumCols()
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
			if ix.reserveRow != nil && ix.reserveRow[t] >= 0 {
				p.RowNames[ix.reserveRow[t]] = fmt.Sprintf("reserve_le_load[%s,%d]", site.ID, t)
				p.ColNames[ix.reserveCol[t]] = fmt.Sprintf("reserve[%s,%d]", site.ID, t)
			}
		}
		if ix.displaceCol < 0 {
			continue
		}
		if ix.aiMeterCol >= 0 {
			p.ColNames[ix.aiMeterCol] = fmt.Sprintf("ai_meter[%s]", site.ID)
			p.RowNames[ix.defAIRow] = fmt.Sprintf("def_ai_meter[%s]", site.ID)
		}
		p.ColNames[ix.displaceCol] = fmt.Sprintf("displaced[%s]", site.ID)
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
