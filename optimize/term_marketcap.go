package optimize

// marketCapTerm is the most new AI IT MW the market takes
// (ai_demand_cap_it_mw), over every site's halls (docs/model.md,
// "Market cap"):
//
//	Σ_h it_h·y_h ≤ cap
type marketCapTerm struct{}

func (marketCapTerm) name() string { return "market_cap" }

// hallRows returns the cap as a row over the hall decisions.
func (marketCapTerm) hallRows(in *Inputs) []hallRow {
	capMW := in.Case.Market.AIDemandCapITMW
	if capMW == nil {
		return nil
	}
	row := hallRow{name: "ai_demand_cap", lower: -inf, upper: *capMW, coef: make([][]float64, len(in.Case.Sites))}
	for s, site := range in.Case.Sites {
		row.coef[s] = make([]float64, len(site.Halls))
		for h, hall := range site.Halls {
			row.coef[s][h] = hall.ITMW
		}
	}
	return []hallRow{row}
}
